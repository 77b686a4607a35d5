"""Time structure and the hourly profiles of every planning year.

Variables: the weight of each period [day], which period stands for each calendar day, the
electricity demand of each year and hour before measures [kW], its growth factor, the excess of
the hour's highest 15-minute demand over its mean [kW] (what the demand charge bills beyond the
hourly mean, zero for hourly data), and the PV yield per kWp [kWh/kWp] with its annual sum.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, variable, yearly


def period_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Period weights, the day-to-period map, demand and PV yield."""
    slices = ctx.slices
    growth = ctx.growth_factor(ctx.scenario.electricity_demand_growth_per_year)
    load_first_year = slices.values["load_kw"]
    excess_first_year = slices.values.get("load_peak_excess_kw", np.zeros_like(load_first_year))
    pv_yield = slices.values["pv_yield_kwh_per_kwp"]
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
        "demand_peak_excess_kw": variable(
            growth[:, None, None] * excess_first_year[None, :, :],
            ("year", "period", "hour"),
            "kW",
            "highest 15-minute demand in the hour above the hour's mean demand (largest of the "
            "days the period stands for)",
        ),
        "pv_yield_kwh_per_kwp": variable(pv_yield, ("period", "hour"), "kWh/kWp", "AC yield per kWp DC"),
        "pv_annual_yield_kwh_per_kwp": scalar(
            float((slices.weight_days[:, None] * pv_yield).sum()),
            "kWh/kWp/yr",
            "first-year AC yield of 1 kWp (before degradation)",
        ),
    }
