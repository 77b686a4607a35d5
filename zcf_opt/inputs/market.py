"""Prices and caps of what the plant buys on markets: green power, certificates, offsets, removals,
international credits and reductions outside the boundary (the last two only when priced)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, yearly
from zcf_opt.schema.scenario import OptionalCredits

NO_CAP = "inf = no cap"


def _optional(ctx: InputContext, credits: OptionalCredits) -> tuple[np.ndarray, np.ndarray]:
    """Price and cap of credits offered only with a price (cap 0 when not offered)."""
    if credits.price_cny_per_tco2e is None:
        return np.zeros(len(ctx.years)), np.zeros(len(ctx.years))
    return ctx.per_year(credits.price_cny_per_tco2e), ctx.per_year(credits.cap_tco2e)


def market_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Per-year prices [CNY/MWh, CNY/tCO2e] and caps [MWh, tCO2e] of the four products."""
    s = ctx.scenario
    international_price, international_cap = _optional(ctx, s.international_credits)
    outside_price, outside_cap = _optional(ctx, s.outside_reductions)
    return {
        "green_power_premium_cny_per_mwh": yearly(ctx.per_year(s.green_power.premium_cny_per_mwh), "CNY/MWh"),
        "green_power_cap_mwh": yearly(ctx.per_year(s.green_power.cap_mwh), "MWh", NO_CAP),
        "gec_price_cny_per_mwh": yearly(ctx.per_year(s.certificates.price_cny_per_mwh), "CNY/MWh"),
        "gec_cap_mwh": yearly(ctx.per_year(s.certificates.cap_mwh), "MWh", NO_CAP),
        "offset_price_cny_per_tco2e": yearly(ctx.per_year(s.offsets.price_cny_per_tco2e), "CNY/tCO2e"),
        "offset_cap_tco2e": yearly(ctx.per_year(s.offsets.cap_tco2e), "tCO2e", NO_CAP),
        "removal_price_cny_per_tco2e": yearly(ctx.per_year(s.removals.price_cny_per_tco2e), "CNY/tCO2e"),
        "removal_cap_tco2e": yearly(ctx.per_year(s.removals.cap_tco2e), "tCO2e", NO_CAP),
        "international_credit_price_cny_per_tco2e": yearly(international_price, "CNY/tCO2e"),
        "international_credit_cap_tco2e": yearly(international_cap, "tCO2e", NO_CAP + "; 0 = not offered"),
        "outside_reduction_price_cny_per_tco2e": yearly(outside_price, "CNY/tCO2e"),
        "outside_reduction_cap_tco2e": yearly(outside_cap, "tCO2e", NO_CAP + "; 0 = not offered"),
    }
