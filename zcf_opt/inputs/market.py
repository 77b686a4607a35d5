"""Prices and caps of what the plant buys on markets: green power, certificates, offsets, removals."""

from __future__ import annotations

import xarray as xr

from zcf_opt.inputs.context import InputContext, yearly

NO_CAP = "inf = no cap"


def market_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Per-year prices [CNY/MWh, CNY/tCO2e] and caps [MWh, tCO2e] of the four products."""
    s = ctx.scenario
    return {
        "green_power_premium_cny_per_mwh": yearly(ctx.per_year(s.green_power.premium_cny_per_mwh), "CNY/MWh"),
        "green_power_cap_mwh": yearly(ctx.per_year(s.green_power.cap_mwh), "MWh", NO_CAP),
        "gec_price_cny_per_mwh": yearly(ctx.per_year(s.certificates.price_cny_per_mwh), "CNY/MWh"),
        "gec_cap_mwh": yearly(ctx.per_year(s.certificates.cap_mwh), "MWh", NO_CAP),
        "offset_price_cny_per_tco2e": yearly(ctx.per_year(s.offsets.price_cny_per_tco2e), "CNY/tCO2e"),
        "offset_cap_tco2e": yearly(ctx.per_year(s.offsets.cap_tco2e), "tCO2e", NO_CAP),
        "removal_price_cny_per_tco2e": yearly(ctx.per_year(s.removals.price_cny_per_tco2e), "CNY/tCO2e"),
        "removal_cap_tco2e": yearly(ctx.per_year(s.removals.cap_tco2e), "tCO2e", NO_CAP),
    }
