"""Project economics shared by the MACC and the proposal: NPV, IRR, payback, abatement cost.

Pure functions on yearly series, and the value of an electricity saving. A project's year
``k = 0`` is the year it is built; as in the plan's own net present cost, the capex and the
first year's saving of a year are discounted
with the same factor, ``(1 + r)^-k``:

- ``NPV = Σ_k (saving_k − capex_k) · (1 + r)^-k`` [CNY], positive when the project pays;
- ``IRR``: the rate at which that NPV is zero [1/yr];
- ``simple payback = Σ capex / saving_0`` [yr], saving_0 the first year's net saving;
- ``abatement cost = −NPV / Σ_k abatement_k · (1 + r)^-k`` [CNY/tCO2e], the levelised cost
  of a tonne abated; negative when the project saves money. With flat savings and abatement it
  equals (equivalent annual cost − annual saving) / annual abatement, with the equivalent
  annual cost of :func:`zcf_opt.conventions.equivalent_annual_cost` (an annuity paid at the
  start of each year).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.conventions import discount_factor

#: bracket in which the IRR is searched [1/yr]
IRR_BRACKET = (-0.99, 10.0)


def discount_factors(rate: float, n: int) -> list[float]:
    """``(1 + r)^-k`` for ``k = 0 … n−1`` [1].

    Parameters
    ----------
    rate
        Discount rate [1/yr].
    n
        Number of years.
    """
    return [discount_factor(k, rate) for k in range(n)]


def npv(cash_flows: Sequence[float], rate: float) -> float:
    """Present value of yearly cash flows, the first undiscounted [same unit as the flows].

    Parameters
    ----------
    cash_flows
        Cash flow of years ``k = 0, 1, …`` [CNY].
    rate
        Discount rate [1/yr].
    """
    return float(
        sum(cf * f for cf, f in zip(cash_flows, discount_factors(rate, len(cash_flows)), strict=True))
    )


def irr(cash_flows: Sequence[float], tolerance: float = 1e-10) -> float | None:
    """Internal rate of return [1/yr], or None when the NPV does not change sign.

    Found by bisection on :data:`IRR_BRACKET`. For a conventional project (costs first, then
    savings) the NPV falls with the rate and the root is unique.

    Parameters
    ----------
    cash_flows
        Cash flow of years ``k = 0, 1, …`` [CNY].
    tolerance
        Width of the final bracket [1/yr].
    """
    low, high = IRR_BRACKET
    f_low, f_high = npv(cash_flows, low), npv(cash_flows, high)
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    if (f_low > 0) == (f_high > 0):
        return None
    while high - low > tolerance:
        mid = 0.5 * (low + high)
        f_mid = npv(cash_flows, mid)
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return 0.5 * (low + high)


def simple_payback(capex: float, annual_saving: float) -> float | None:
    """Years of saving that repay the capex [yr]; None when the project saves nothing.

    Parameters
    ----------
    capex
        Investment [CNY].
    annual_saving
        Net saving of the first year [CNY/yr].
    """
    if annual_saving <= 0:
        return None
    return capex / annual_saving


def levelised_abatement_cost(npv_cny: float, abatement_tco2e: Sequence[float], rate: float) -> float | None:
    """Cost of a tonne abated, levelised over the project's life [CNY/tCO2e].

    Parameters
    ----------
    npv_cny
        The project's NPV (savings minus costs) [CNY].
    abatement_tco2e
        Emissions avoided in years ``k = 0, 1, …`` [tCO2e].
    rate
        Discount rate [1/yr].

    Returns
    -------
    float or None
        ``−NPV / discounted abatement``; None when the project abates nothing.
    """
    discounted = npv(abatement_tco2e, rate)
    if discounted <= 1e-9:
        return None
    return -npv_cny / discounted


def saving_value_cny_per_mwh(inputs: xr.Dataset, year: int, profile: str = "electricity_load") -> float:
    """What 1 MWh/yr of electricity saved along a saving profile is worth in ``year`` [CNY/MWh].

    The model spreads a measure's saving over the hours with its profile (by default the plant's
    load shape, ``measure_saving_shape_kw_per_mwh``), so it lowers the time-of-use energy charge
    and the year's peak import: ``Σ_p w_p Σ_h price_h · shape_ph + 12 · D · max(shape)``. Years
    outside the horizon take the nearest horizon year's prices.
    """
    years = inputs["year"].values
    clipped = int(min(max(year, int(years[0])), int(years[-1])))
    shape = inputs["measure_saving_shape_kw_per_mwh"].sel(saving_profile=profile).values  # (period, hour)
    weight = inputs["period_weight_days"].values
    price = inputs["energy_price_cny_per_kwh"].sel(year=clipped).values  # (period, hour)
    energy = float(np.sum(weight[:, None] * shape * price))
    demand = 12.0 * float(inputs["demand_charge_cny_per_kw_month"].sel(year=clipped)) * float(shape.max())
    return energy + demand


def measure_saving_value_cny(inputs: xr.Dataset, index: int, year: int) -> float:
    """What the savings of measure row ``index`` are worth in ``year`` [CNY/yr]: its electricity
    saving at :func:`saving_value_cny_per_mwh` of its profile plus the gas its heat saving
    displaces at that year's gas price (held flat outside the horizon)."""
    years = inputs["year"].values
    clipped = int(min(max(year, int(years[0])), int(years[-1])))
    profile = str(inputs["measure_saving_profile"].values[index])
    electricity = float(inputs["measure_electricity_saving_mwh_per_year"].values[index])
    gas = float(inputs["measure_gas_saving_nm3_per_year"].values[index])
    gas_price = float(inputs["gas_price_cny_per_nm3"].sel(year=clipped))
    return electricity * saving_value_cny_per_mwh(inputs, year, profile) + gas * gas_price


@dataclass
class Project:
    """Yearly series of one investment, from the year it is built.

    Attributes
    ----------
    option, lever
        What is built (e.g. ``"pumps_and_fans: IE2 -> IE5"``, ``"motors"``).
    built_year
        Calendar year of ``k = 0``; None when the plan does not build it (a candidate,
        evaluated as if built in the first year).
    life_years
        Service life [yr]; the series are this long.
    capex_cny
        Investment in each year [CNY].
    saving_cny
        Net saving each year: cost avoided minus the project's O&M [CNY].
    abatement_tco2e
        Emissions avoided each year [tCO2e].
    electricity_saving_mwh, gas_saving_nm3
        Energy saved in the first year [MWh/yr], [Nm3/yr].
    """

    option: str
    lever: str
    built_year: int | None
    life_years: int
    capex_cny: list[float]
    saving_cny: list[float]
    abatement_tco2e: list[float]
    electricity_saving_mwh: float = math.nan
    gas_saving_nm3: float = math.nan

    @property
    def cash_flows(self) -> list[float]:
        return [s - c for s, c in zip(self.saving_cny, self.capex_cny, strict=True)]


@dataclass
class Economics:
    """Figures of merit of one project (see the module docstring for the definitions)."""

    option: str
    lever: str
    built_year: int | None
    capex_cny: float
    life_years: int
    electricity_saving_mwh: float
    gas_saving_nm3: float
    annual_saving_cny: float
    simple_payback_years: float | None
    npv_cny: float
    irr: float | None
    abatement_tco2e: float
    abatement_cost_cny_per_tco2e: float | None


def evaluate(project: Project, rate: float) -> Economics:
    """NPV, IRR, payback and abatement cost of ``project`` at discount rate ``rate`` [1/yr]."""
    value = npv(project.cash_flows, rate)
    capex = float(sum(project.capex_cny))
    first_saving = float(project.saving_cny[0]) if project.saving_cny else 0.0
    return Economics(
        option=project.option,
        lever=project.lever,
        built_year=project.built_year,
        capex_cny=capex,
        life_years=project.life_years,
        electricity_saving_mwh=project.electricity_saving_mwh,
        gas_saving_nm3=project.gas_saving_nm3,
        annual_saving_cny=first_saving,
        simple_payback_years=simple_payback(capex, first_saving),
        npv_cny=value,
        irr=irr(project.cash_flows),
        abatement_tco2e=float(project.abatement_tco2e[0]) if project.abatement_tco2e else 0.0,
        abatement_cost_cny_per_tco2e=levelised_abatement_cost(value, project.abatement_tco2e, rate),
    )


def economics_table(rows: Sequence[Economics]) -> pd.DataFrame:
    """The economics as a table, one row per project, units in the column names."""
    columns = [f.name for f in dataclasses.fields(Economics)]
    table = pd.DataFrame([dataclasses.astuple(r) for r in rows], columns=columns)
    return table.rename(columns=PER_YEAR_COLUMNS)


#: fields of :class:`Economics` that are per-year figures, and their table names
PER_YEAR_COLUMNS = {
    "electricity_saving_mwh": "electricity_saving_mwh_per_year",
    "gas_saving_nm3": "gas_saving_nm3_per_year",
    "abatement_tco2e": "abatement_tco2e_per_year",
}
