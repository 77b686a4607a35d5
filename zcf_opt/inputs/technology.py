"""Rooftop PV and battery: costs by install year and technical parameters."""

from __future__ import annotations

import math

import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, yearly


def pv_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """PV capex [CNY/kWp] by install year, roof limit, existing PV, life, degradation, O&M."""
    factory = ctx.factory
    roof, pv = factory.roof, factory.pv
    return {
        "pv_capex_cny_per_kwp": yearly(ctx.per_year(ctx.scenario.pv_capex_cny_per_kwp), "CNY/kWp"),
        "pv_limit_kwp": scalar(roof.pv_limit_kwp, "kWp"),
        "existing_pv_kwp": scalar(roof.existing_pv_kwp, "kWp"),
        "existing_pv_age_years": scalar(roof.existing_pv_age_years, "yr"),
        "pv_life_years": scalar(pv.life_years, "yr"),
        "pv_degradation_per_year": scalar(pv.degradation_per_year, "1/yr"),
        "pv_fixed_om_cny_per_kwp_year": scalar(pv.fixed_om_cny_per_kwp_year, "CNY/kWp/yr"),
        "pv_fixed_project_cost_cny": scalar(pv.fixed_project_cost_cny, "CNY"),
        "pv_min_project_kwp": scalar(pv.min_project_kwp, "kWp"),
    }


def battery_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Battery capex [CNY/kWh, CNY/kW] by install year, efficiencies, life, C-rate, O&M, ageing."""
    s = ctx.scenario
    battery = ctx.factory.battery
    one_way = math.sqrt(battery.round_trip_efficiency)
    return {
        "battery_energy_capex_cny_per_kwh": yearly(
            ctx.per_year(s.battery_energy_capex_cny_per_kwh), "CNY/kWh"
        ),
        "battery_power_capex_cny_per_kw": yearly(ctx.per_year(s.battery_power_capex_cny_per_kw), "CNY/kW"),
        "battery_allowed": scalar(int(battery.allow), "1"),
        "battery_charge_efficiency": scalar(one_way, "1"),
        "battery_discharge_efficiency": scalar(one_way, "1"),
        "battery_life_years": scalar(battery.life_years, "yr"),
        "battery_max_c_rate_per_hour": scalar(battery.max_c_rate_per_hour, "1/h"),
        "battery_fixed_om_cny_per_kwh_year": scalar(battery.fixed_om_cny_per_kwh_year, "CNY/kWh/yr"),
        "battery_min_project_kwh": scalar(battery.min_project_kwh, "kWh"),
        "battery_min_soc": scalar(battery.min_soc, "1"),
        "battery_max_soc": scalar(battery.max_soc, "1"),
        "battery_calendar_fade_per_year": scalar(battery.calendar_fade_per_year, "1/yr"),
        "battery_cycle_fade_per_cycle": scalar(battery.cycle_fade_per_cycle, "1/cycle"),
        "battery_design_cycles_per_year": scalar(battery.design_cycles_per_year, "1/yr"),
        "battery_end_of_life_capacity": scalar(battery.end_of_life_capacity, "1"),
        "battery_auxiliary_kw_per_kwh": scalar(battery.auxiliary_kw_per_kwh, "kW/kWh"),
    }
