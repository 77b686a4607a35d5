"""Time structure and the hourly profiles of every planning year.

Variables: the weight of each period [day], which period stands for each calendar day, the
electricity demand of each year and hour before measures [kW], its growth factor, and the PV
yield per kWp [kWh/kWp].
"""

from __future__ import annotations

import xarray as xr

from zcf_opt.inputs.context import InputContext, variable, yearly


def period_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Period weights, the day-to-period map, demand and PV yield."""
    slices = ctx.slices
    growth = ctx.growth_factor(ctx.scenario.electricity_demand_growth_per_year)
    load_first_year = slices.values["load_kw"]
    return {
        "period_weight_days": variable(slices.weight_days, ("period",), "day", "days each period stands for"),
        "day_to_period": variable(slices.day_to_period, ("day",), "1", "period of each day"),
        "demand_growth_factor": yearly(growth, "1", "electricity demand relative to the first year"),
        "demand_kw": variable(
            growth[:, None, None] * load_first_year[None, :, :],
            ("year", "period", "hour"),
            "kW",
            "electricity demand before measures (kWh in the hour)",
        ),
        "pv_yield_kwh_per_kwp": variable(
            slices.values["pv_yield_kwh_per_kwp"], ("period", "hour"), "kWh/kWp", "AC yield per kWp DC"
        ),
    }
