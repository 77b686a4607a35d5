"""Natural gas: the plant's use before any measure, and its price."""

from __future__ import annotations

import xarray as xr

from zcf_opt.inputs.context import InputContext, yearly


def fuel_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Gas demand before waste-heat recovery [Nm3/yr] and the gas price [CNY/Nm3], by year."""
    fuel = ctx.factory.fuel
    gas_nm3 = fuel.natural_gas_nm3_per_year if fuel else 0.0
    growth = ctx.growth_factor(ctx.scenario.fuel_demand_growth_per_year)
    return {
        "gas_demand_nm3": yearly(gas_nm3 * growth, "Nm3", "gas use before waste-heat recovery"),
        "gas_price_cny_per_nm3": yearly(ctx.per_year(ctx.scenario.gas_price_cny_per_nm3), "CNY/Nm3"),
    }
