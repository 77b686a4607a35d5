"""Finance inputs: the discount rate."""

from __future__ import annotations

import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar


def finance_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The real discount rate [1/yr]."""
    return {"discount_rate": scalar(ctx.scenario.discount_rate, "1/yr")}
