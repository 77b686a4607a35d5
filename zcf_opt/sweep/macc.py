"""Marginal abatement cost curve (MACC) of one factory, computed from the model inputs.

Every lever is priced on one axis: its *equivalent annual cost* (EAC) [CNY/yr] divided by the
emissions it avoids per year [tCO2e/yr], with first-year prices, factors and capex, and the
scenario's discount rate r. Capex is annuitised over the life L as a level payment at the start
of each year, the plan's own convention: ``EAC(capex) = capex · crf(r, L) / (1 + r)`` with
``crf(r, L) = r / (1 - (1 + r)^-L)`` (``1 / L`` for r = 0); see :mod:`zcf_opt.economics`,
which the proposal's per-measure economics share.

- **Retrofit measure** (motor fleet option, waste-heat project), saving S [MWh/yr] of
  electricity (negative for auxiliary load) and g [Nm3/yr] of gas::

      EAC = EAC(capex) + O&M − S · v_e − g · p_gas
      abated = S · f_e + g · EF_gas

  v_e [CNY/MWh] is what a saving that follows the plant's load shape (the model's
  ``measure_saving_shape_kw_per_mwh``) is worth: the time-of-use energy charge over the
  typical days plus the demand charge on the peak it removes,
  ``v_e = Σ_p w_p Σ_h price_h · shape_ph + 12 · D · max(shape)``.
- **Rooftop PV**, one block of the whole free roof K [kWp] (roof limit − existing PV), first-year
  yield times the mean degradation over the life. Without a battery, each hour's output serves
  the first-year load of that hour (self-consumed) and the rest is exported at the export
  price (curtailed when export is not allowed). Value = energy charge avoided + export revenue
  + demand charge on the peak import it removes; abated = self-consumed MWh · f_e.
- **Battery**, a 1 MWh reference (power = C-rate · 1 MWh), one cycle a day charging in the
  cheapest and discharging in the dearest time-of-use hours. Its round-trip losses *add* grid
  import, so its abatement is negative: the cost per tonne is left empty and the battery is not
  drawn on the chart (its value to the plan is arbitrage, peak shaving and storing PV).
- **Green power**: premium / f_market per tonne; potential min(cap, first-year demand) · f_market.
- **Certificates (GEC)**: price / f_market; potential min(cap, first-year demand) · f_market.
- **Offsets** and **removals**: their price per tonne; potential = cap, or the first-year
  boundary residual emissions before any lever (the boundary of the scenario's last target,
  Type I without targets).

f_e is the market-based residual factor (default, as the standard's residual counts) or the
location-based grid factor (``electricity_factor="location"``); green power and certificates
always use the market factor, since market-based scope 2 is all they change. Potentials are
each measured against the first-year plant, not stacked: PV, savings, green power and
certificates address the same grid MWh, and options of one motor fleet or exclusive group are
alternatives.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.economics import equivalent_annual_cost, saving_value_cny_per_mwh
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook
from zcf_opt.standards.library import target_rulebook

MACC_COLUMNS = [
    "lever",
    "option",
    "abatement_cost_cny_per_tco2e",
    "abatement_potential_tco2e_per_year",
    "equivalent_annual_cost_cny",
    "capex_cny",
    "life_years",
    "note",
    "wording",
]

#: reference battery size [kWh]
BATTERY_REFERENCE_KWH = 1000.0


def _first(inputs: xr.Dataset, name: str) -> float:
    return float(inputs[name].isel(year=0))


def electricity_factor(inputs: xr.Dataset, which: str = "market") -> float:
    """First-year emission factor of grid electricity avoided [tCO2/MWh]."""
    if which not in ("market", "location"):
        raise ValueError(f"electricity factor must be 'market' or 'location', got '{which}'")
    return _first(inputs, f"grid_factor_{which}_tco2_per_mwh")


def measure_rows(inputs: xr.Dataset, factor: float) -> list[dict]:
    """One MACC row per retrofit option."""
    rate = float(inputs["discount_rate"])
    value_e = saving_value_cny_per_mwh(inputs, int(inputs["year"].values[0]))
    gas_price = _first(inputs, "gas_price_cny_per_nm3")
    gas_factor = float(inputs["gas_emission_factor_tco2_per_nm3"])
    groups = [str(g) for g in inputs["measure_group"].values]
    rows = []
    for k, measure in enumerate(str(m) for m in inputs["measure"].values):
        capex = float(inputs["measure_capex_cny"][k])
        life = float(inputs["measure_life_years"][k])
        saving = float(inputs["measure_electricity_saving_mwh_per_year"][k])
        gas = float(inputs["measure_gas_saving_nm3_per_year"][k])
        eac = (
            equivalent_annual_cost(capex, rate, life)
            + float(inputs["measure_fixed_om_cny_per_year"][k])
            - saving * value_e
            - gas * gas_price
        )
        abated = saving * factor + gas * gas_factor
        alternatives = [
            str(inputs["measure"].values[j]) for j in range(len(groups)) if groups[j] == groups[k] and j != k
        ]
        note = Notice(
            "macc_note_measure", {"saving_mwh": saving, "gas_nm3": gas, "alternatives": alternatives}
        )
        rows.append(
            {
                "lever": str(inputs["measure_lever"].values[k]),
                "option": measure,
                "equivalent_annual_cost_cny": eac,
                "abatement_potential_tco2e_per_year": abated,
                "capex_cny": capex,
                "life_years": life,
                **_wording(None, note),
            }
        )
    return rows


def _wording(option: Notice | None, note: Notice) -> dict[str, str]:
    """The ``note`` (English) and ``wording`` columns: option and note as notices, in JSON.

    The proposal words a row in its own language from ``wording``.
    """
    data = {"option": option and {"code": option.code, "params": option.params}}
    data["note"] = {"code": note.code, "params": note.params}
    row = {"note": note.text("en"), "wording": json.dumps(data, ensure_ascii=False)}
    if option is not None:
        row["option"] = option.text("en")
    return row


def pv_row(inputs: xr.Dataset, factor: float) -> dict | None:
    """The MACC row of rooftop PV on the whole free roof, or None without free roof."""
    free_kwp = float(inputs["pv_limit_kwp"]) - float(inputs["existing_pv_kwp"])
    if free_kwp <= 0:
        return None
    rate = float(inputs["discount_rate"])
    life = float(inputs["pv_life_years"])
    degradation = float(inputs["pv_degradation_per_year"])
    mean_output = float(np.mean((1.0 - degradation) ** np.arange(int(life))))
    weight = inputs["period_weight_days"].values[:, None]
    load = inputs["demand_kw"].isel(year=0).values  # (period, hour)
    generation = free_kwp * inputs["pv_yield_kwh_per_kwp"].values * mean_output
    self_used = np.minimum(load, generation)
    exported = (generation - self_used) if int(inputs["export_allowed"]) else np.zeros_like(generation)
    price = inputs["energy_price_cny_per_kwh"].isel(year=0).values  # (period, hour)
    value = float(
        np.sum(weight * self_used * price)
        + np.sum(weight * exported) * _first(inputs, "export_price_cny_per_kwh")
        + 12.0 * _first(inputs, "demand_charge_cny_per_kw_month") * (load.max() - (load - self_used).max())
    )
    capex = free_kwp * _first(inputs, "pv_capex_cny_per_kwp")
    eac = (
        equivalent_annual_cost(capex, rate, life)
        + free_kwp * float(inputs["pv_fixed_om_cny_per_kwp_year"])
        - value
    )
    self_mwh = float(np.sum(weight * self_used)) / 1000.0
    share = self_mwh / max(float(np.sum(weight * generation)) / 1000.0, 1e-12)
    return {
        "lever": "pv",
        "equivalent_annual_cost_cny": eac,
        "abatement_potential_tco2e_per_year": self_mwh * factor,
        "capex_cny": capex,
        "life_years": life,
        **_wording(
            Notice("macc_option_pv", {"kwp": free_kwp}),
            Notice("macc_note_pv", {"self_mwh": self_mwh, "share": share}),
        ),
    }


def battery_row(inputs: xr.Dataset, factor: float) -> dict | None:
    """The MACC row of a 1 MWh battery doing one valley-to-peak cycle a day, or None if not allowed."""
    if not int(inputs["battery_allowed"]):
        return None
    energy = BATTERY_REFERENCE_KWH
    power = energy * float(inputs["battery_max_c_rate_per_hour"])
    eta_c = float(inputs["battery_charge_efficiency"])
    eta_d = float(inputs["battery_discharge_efficiency"])
    weight = inputs["period_weight_days"].values
    # the day's price profile, averaged over the year's days
    price = weight @ inputs["energy_price_cny_per_kwh"].isel(year=0).values / weight.sum()
    low, high = float(price.min()), float(price.max())
    hours_low = int(np.sum(np.isclose(price, low)))
    hours_high = int(np.sum(np.isclose(price, high)))
    stored = min(energy, power * hours_low * eta_c, power * hours_high / eta_d)  # [kWh] per cycle
    bought, delivered = stored / eta_c, stored * eta_d
    margin = high * delivered - low * bought  # [CNY] per cycle
    cycles = 365.0 if margin > 0 else 0.0
    value = cycles * margin
    losses_mwh = cycles * (bought - delivered) / 1000.0
    rate = float(inputs["discount_rate"])
    life = float(inputs["battery_life_years"])
    capex = energy * _first(inputs, "battery_energy_capex_cny_per_kwh") + power * _first(
        inputs, "battery_power_capex_cny_per_kw"
    )
    eac = (
        equivalent_annual_cost(capex, rate, life)
        + energy * float(inputs["battery_fixed_om_cny_per_kwh_year"])
        - value
    )
    return {
        "lever": "battery",
        "equivalent_annual_cost_cny": eac,
        "abatement_potential_tco2e_per_year": -losses_mwh * factor,
        "capex_cny": capex,
        "life_years": life,
        **_wording(
            Notice("macc_option_battery", {"energy_mwh": energy / 1000, "power_mw": power / 1000}),
            Notice(
                "macc_note_battery", {"value_cny": value, "low": low, "high": high, "losses_mwh": losses_mwh}
            ),
        ),
    }


def _cap(inputs: xr.Dataset, name: str, default: float) -> tuple[float, bool]:
    cap = _first(inputs, name)
    return (default, False) if math.isinf(cap) else (min(cap, default), True)


def market_rows(inputs: xr.Dataset, boundary_scope3: bool) -> list[dict]:
    """MACC rows of green power, certificates, offsets and removals."""
    market = _first(inputs, "grid_factor_market_tco2_per_mwh")
    weight = inputs["period_weight_days"].values[:, None]
    demand_mwh = float(np.sum(weight * inputs["demand_kw"].isel(year=0).values)) / 1000.0
    residual = (
        _first(inputs, "gas_demand_nm3") * float(inputs["gas_emission_factor_tco2_per_nm3"])
        + _first(inputs, "process_emissions_tco2e")
        + demand_mwh * market
    )
    if boundary_scope3:
        residual += _first(inputs, "scope3_transport_tco2e") + _first(inputs, "scope3_purchased_goods_tco2e")
    rows = []
    for lever, price_name, cap_name in (
        ("green_power", "green_power_premium_cny_per_mwh", "green_power_cap_mwh"),
        ("certificates", "gec_price_cny_per_mwh", "gec_cap_mwh"),
    ):
        price = _first(inputs, price_name)
        mwh, capped = _cap(inputs, cap_name, demand_mwh)
        basis = {"code": "macc_basis_cap" if capped else "macc_basis_demand", "params": {}}
        rows.append(
            {
                "lever": lever,
                "equivalent_annual_cost_cny": price * mwh,
                "abatement_potential_tco2e_per_year": mwh * market,
                "capex_cny": 0.0,
                "life_years": None,
                **_wording(
                    Notice(f"macc_option_{lever}"),
                    Notice(
                        "macc_note_market", {"price": price, "factor": market, "mwh": mwh, "basis": basis}
                    ),
                ),
            }
        )
    boundary = "II" if boundary_scope3 else "I"
    for lever, price_name, cap_name in (
        ("offsets", "offset_price_cny_per_tco2e", "offset_cap_tco2e"),
        ("removals", "removal_price_cny_per_tco2e", "removal_cap_tco2e"),
    ):
        price = _first(inputs, price_name)
        tonnes, capped = _cap(inputs, cap_name, residual)
        basis = (
            {"code": "macc_basis_cap", "params": {}}
            if capped
            else {"code": "macc_basis_residual", "params": {"boundary": boundary}}
        )
        rows.append(
            {
                "lever": lever,
                "equivalent_annual_cost_cny": price * tonnes,
                "abatement_potential_tco2e_per_year": tonnes,
                "capex_cny": 0.0,
                "life_years": None,
                **_wording(Notice(f"macc_option_{lever}"), Notice("macc_note_neutralise", {"basis": basis})),
            }
        )
    return rows


def macc_table(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices | None = None,
    electricity_factor_kind: str = "market",
) -> pd.DataFrame:
    """The MACC of a scenario's factory, cheapest first (see the module notes).

    Parameters
    ----------
    scenario
        The scenario (prices, factors, capex, discount rate, factory).
    rulebook
        Its rulebook (the boundary of the last target sets the offset/removal potential).
    slices
        Time slices; computed from the scenario when not given.
    electricity_factor_kind
        ``"market"`` (market-based residual factor) or ``"location"`` (grid factor) for
        electricity that measures and PV avoid.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MACC_COLUMNS`; rows with no positive abatement have an empty cost and
        come last.
    """
    inputs = prepare_inputs(scenario.model_copy(update={"targets": []}), rulebook, slices)
    factor = electricity_factor(inputs, electricity_factor_kind)
    last = max(scenario.targets, key=lambda t: t.year) if scenario.targets else None
    standard = target_rulebook(last.standard, rulebook) if last else rulebook
    scope3 = bool(last and standard.boundaries[standard.level(last.level).boundary].includes_scope3)
    rows = measure_rows(inputs, factor)
    rows += [row for row in (pv_row(inputs, factor), battery_row(inputs, factor)) if row is not None]
    rows += market_rows(inputs, scope3)
    table = pd.DataFrame(rows)
    potential = table["abatement_potential_tco2e_per_year"]
    table["abatement_cost_cny_per_tco2e"] = np.where(
        potential > 1e-9, table["equivalent_annual_cost_cny"] / potential.where(potential > 1e-9, 1.0), np.nan
    )
    table = table.sort_values(
        ["abatement_cost_cny_per_tco2e", "lever", "option"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    return table[MACC_COLUMNS]
