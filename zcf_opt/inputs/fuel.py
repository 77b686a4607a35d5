"""Natural gas: its price (the gas burnt follows from the heat demand, :mod:`zcf_opt.inputs.heat`)."""

from __future__ import annotations

import xarray as xr

from zcf_opt.inputs.context import InputContext, yearly


def fuel_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The gas price [CNY/Nm3], by year."""
    return {"gas_price_cny_per_nm3": yearly(ctx.per_year(ctx.scenario.gas_price_cny_per_nm3), "CNY/Nm3")}
