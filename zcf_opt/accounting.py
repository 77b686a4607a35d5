"""Annual accounting recomputed from the solution's flows, independently of the MILP.

This module never reads the Pyomo model: it takes the hourly flows and yearly decisions
(:func:`zcf_opt.results.extract_flows`) and the inputs, and recomputes energy, emissions,
the renewable share and every cost with its own code. A modelling error therefore shows up
as a disagreement (balance residual, cost mismatch, a level not certified) instead of
certifying itself.

Definitions (per year; Σ is Σ_p w_p Σ_h, w_p in days):

- ``electricity_demand_mwh``  = Σ (demand − measure saving) / 1000
- ``pv_self_consumed_mwh``    = Σ (generation − export − curtailed) / 1000
- ``re_share``                = (pv_self_consumed + green_power + gec) / (grid_import + pv_self_consumed)
- ``scope1_tco2e``            = gas × EF_gas + process
- ``scope2_location_tco2e``   = grid_import × EF_grid
- ``scope2_market_tco2e``     = (grid_import − green_power − gec) × EF_residual
- ``residual_type_i_tco2e``   = scope1 + scope2_market; ``residual_type_ii_tco2e`` adds scope 3
- ``billed_demand_kw``        = max over the year of (import + the hour's 15-minute excess)
- ``energy_cost_cny``         = TOU energy charge + 12 × demand charge × billed demand + gas
                                cost − export revenue
- ``market_cost_cny``         = green power premium + certificates + offsets + removals
- ``total_cost_cny``          = capex + opex + energy cost + market cost
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

#: largest hourly imbalance accepted before the accounting refuses a solution [kWh]
BALANCE_TOLERANCE_KWH = 1e-3


def _annual_mwh(hourly: xr.DataArray, weight: xr.DataArray) -> np.ndarray:
    return (hourly * weight).sum(("period", "hour")).values / 1000.0


def _in_service(added: np.ndarray, years: np.ndarray, life: float) -> np.ndarray:
    """Capacity in service each year from yearly additions (serves [v, v + life))."""
    age = years[:, None] - years[None, :]
    return ((age >= 0) & (age < life)).astype(float) @ added


def balance_residual_kw(flows: xr.Dataset) -> xr.DataArray:
    """Supply minus use in every hour [kWh]; zero when the electricity balance closes."""
    supply = (
        flows["grid_import_kw"]
        + flows["pv_generation_kw"]
        - flows["pv_export_kw"]
        - flows["pv_curtailed_kw"]
        + flows["battery_discharge_kw"]
        - flows["battery_charge_kw"]
    )
    return supply - (flows["demand_kw"] - flows["measure_saving_kw"])


def discount_factors(inputs: xr.Dataset) -> tuple[np.ndarray, float]:
    """Factor of each year (first year 1) and of the year after the horizon."""
    years = inputs["year"].values
    rate = float(inputs["discount_rate"])
    factors = (1.0 + rate) ** -(years - years[0]).astype(float)
    return factors, (1.0 + rate) ** -float(len(years))


def _residual_fraction(install_years: np.ndarray, life: np.ndarray | float, last_year: int) -> np.ndarray:
    remaining = install_years + life - (last_year + 1)
    return np.clip(remaining / life, 0.0, 1.0)


def annual_accounting(inputs: xr.Dataset, flows: xr.Dataset) -> pd.DataFrame:
    """One row per year of energy, emissions, shares and costs.

    Parameters
    ----------
    inputs
        The run's input Dataset (prices, factors, lifetimes).
    flows
        Hourly flows and yearly decisions of the solution.

    Raises
    ------
    ValueError
        When the hourly electricity balance does not close within
        :data:`BALANCE_TOLERANCE_KWH`.
    """
    years = inputs["year"].values.astype(int)
    weight = flows["period_weight_days"]
    imbalance = float(np.abs(balance_residual_kw(flows)).max())
    if imbalance > BALANCE_TOLERANCE_KWH:
        raise ValueError(f"the electricity balance does not close: {imbalance:.6f} kWh off in one hour")

    out = pd.DataFrame({"year": years})
    demand = _annual_mwh(flows["demand_kw"] - flows["measure_saving_kw"], weight)
    generation = _annual_mwh(flows["pv_generation_kw"], weight)
    export = _annual_mwh(flows["pv_export_kw"], weight)
    curtailed = _annual_mwh(flows["pv_curtailed_kw"], weight)
    grid_import = _annual_mwh(flows["grid_import_kw"], weight)
    self_consumed = generation - export - curtailed
    green = flows["green_power_mwh"].values
    gec = flows["gec_mwh"].values
    out["electricity_demand_mwh"] = demand
    out["measure_saving_mwh"] = _annual_mwh(flows["measure_saving_kw"], weight)
    out["pv_generation_mwh"] = generation
    out["pv_self_consumed_mwh"] = self_consumed
    out["pv_export_mwh"] = export
    out["pv_curtailed_mwh"] = curtailed
    out["battery_charge_mwh"] = _annual_mwh(flows["battery_charge_kw"], weight)
    out["battery_discharge_mwh"] = _annual_mwh(flows["battery_discharge_kw"], weight)
    out["grid_import_mwh"] = grid_import
    out["peak_import_kw"] = flows["grid_import_kw"].max(("period", "hour")).values
    # the demand charge bills the highest 15-minute import: the hour's import plus the load's
    # spike above its hourly mean in that hour
    out["billed_demand_kw"] = (
        (flows["grid_import_kw"] + inputs["demand_peak_excess_kw"]).max(("period", "hour")).values
    )
    out["green_power_mwh"] = green
    out["gec_mwh"] = gec
    consumption = grid_import + self_consumed
    with np.errstate(invalid="ignore", divide="ignore"):
        out["re_share"] = np.where(consumption > 0, (self_consumed + green + gec) / consumption, 1.0)

    # gas after waste-heat recovery, from the measures built and their lives
    built = flows["measure_built"].values  # (measure, year)
    life = inputs["measure_life_years"].values
    age = years[None, :, None] - years[None, None, :]  # (1, year, install year)
    serving = ((age >= 0) & (age < life[:, None, None])).astype(float)  # (measure, year, install)
    in_service = np.einsum("myv,mv->my", serving, built) if len(life) else np.zeros((0, len(years)))
    gas = inputs["gas_demand_nm3"].values - inputs["measure_gas_saving_nm3_per_year"].values @ in_service
    out["gas_use_nm3"] = gas
    out["scope1_tco2e"] = (
        gas * float(inputs["gas_emission_factor_tco2_per_nm3"]) + inputs["process_emissions_tco2e"].values
    )
    out["scope2_location_tco2e"] = grid_import * inputs["grid_factor_location_tco2_per_mwh"].values
    out["scope2_market_tco2e"] = (grid_import - green - gec) * inputs[
        "grid_factor_market_tco2_per_mwh"
    ].values
    out["scope3_tco2e"] = (
        inputs["scope3_transport_tco2e"].values + inputs["scope3_purchased_goods_tco2e"].values
    )
    out["residual_type_i_tco2e"] = out["scope1_tco2e"] + out["scope2_market_tco2e"]
    out["residual_type_ii_tco2e"] = out["residual_type_i_tco2e"] + out["scope3_tco2e"]
    out["offsets_tco2e"] = flows["offsets_tco2e"].values
    out["removals_tco2e"] = flows["removals_tco2e"].values

    # capacities in service
    pv_added = flows["pv_added_kwp"].values
    pv_life = float(inputs["pv_life_years"])
    existing = float(inputs["existing_pv_kwp"])
    existing_alive = (years - years[0]) < pv_life - float(inputs["existing_pv_age_years"])
    out["pv_installed_kwp"] = _in_service(pv_added, years, pv_life) + existing * existing_alive
    battery_added = flows["battery_energy_added_kwh"].values
    battery_life = float(inputs["battery_life_years"])
    out["battery_energy_kwh"] = _in_service(battery_added, years, battery_life)

    # costs [CNY]
    pv_capex = pv_added * inputs["pv_capex_cny_per_kwp"].values + np.where(
        pv_added > 1e-6, float(inputs["pv_fixed_project_cost_cny"]), 0.0
    )
    battery_capex = (
        battery_added * inputs["battery_energy_capex_cny_per_kwh"].values
        + flows["battery_power_added_kw"].values * inputs["battery_power_capex_cny_per_kw"].values
    )
    measure_capex = inputs["measure_capex_cny"].values @ built
    out["capex_cny"] = pv_capex + battery_capex + measure_capex
    out["opex_cny"] = (
        out["pv_installed_kwp"] * float(inputs["pv_fixed_om_cny_per_kwp_year"])
        + out["battery_energy_kwh"] * float(inputs["battery_fixed_om_cny_per_kwh_year"])
        + inputs["measure_fixed_om_cny_per_year"].values @ in_service
    )
    price = inputs["energy_price_cny_per_kwh"]  # (year, hour)
    energy_charge = (flows["grid_import_kw"] * price * weight).sum(("period", "hour")).values
    demand_charge = 12.0 * inputs["demand_charge_cny_per_kw_month"].values * out["billed_demand_kw"]
    export_revenue = (
        (flows["pv_export_kw"] * inputs["export_price_effective_cny_per_kwh"] * weight)
        .sum(("period", "hour"))
        .values
    )
    out["electricity_cost_cny"] = energy_charge + demand_charge
    out["gas_cost_cny"] = gas * inputs["gas_price_cny_per_nm3"].values
    out["export_revenue_cny"] = export_revenue
    out["energy_cost_cny"] = out["electricity_cost_cny"] + out["gas_cost_cny"] - export_revenue
    out["green_power_cost_cny"] = green * inputs["green_power_premium_cny_per_mwh"].values
    out["gec_cost_cny"] = gec * inputs["gec_price_cny_per_mwh"].values
    out["offsets_cost_cny"] = out["offsets_tco2e"] * inputs["offset_price_cny_per_tco2e"].values
    out["removals_cost_cny"] = out["removals_tco2e"] * inputs["removal_price_cny_per_tco2e"].values
    out["market_cost_cny"] = (
        out["green_power_cost_cny"] + out["gec_cost_cny"] + out["offsets_cost_cny"] + out["removals_cost_cny"]
    )
    out["total_cost_cny"] = (
        out["capex_cny"] + out["opex_cny"] + out["energy_cost_cny"] + out["market_cost_cny"]
    )

    last = int(years[-1])
    residual = (
        pv_capex * _residual_fraction(years, pv_life, last)
        + battery_capex * _residual_fraction(years, battery_life, last)
        + (
            inputs["measure_capex_cny"].values[:, None]
            * built
            * _residual_fraction(years[None, :], life[:, None], last)
        ).sum(axis=0)
    )
    out["residual_value_cny"] = np.where(years == last, residual.sum(), 0.0)
    factors, after_horizon = discount_factors(inputs)
    out["discount_factor"] = factors
    out["discounted_cost_cny"] = factors * out["total_cost_cny"] - np.where(
        years == last, after_horizon * out["residual_value_cny"], 0.0
    )
    return out


def net_present_cost_cny(annual: pd.DataFrame) -> float:
    """Net present cost from the annual table [CNY]: Σ discounted cost (residual credited)."""
    return float(annual["discounted_cost_cny"].sum())
