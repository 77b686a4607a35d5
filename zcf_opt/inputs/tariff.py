"""The grid tariff: time-of-use energy charge, demand charge and the price of exported PV."""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, variable, yearly
from zcf_opt.schema import trajectory_values

#: export is paid at most the hour's energy charge less this margin [CNY/kWh]
EXPORT_MARGIN_CNY_PER_KWH = 0.001


def tou_prices(ctx: InputContext) -> np.ndarray:
    """Energy charge by year and hour of day [CNY/kWh], shape (year, 24)."""
    tariff = ctx.scenario.tariff
    band = np.array(["flat"] * 24, dtype=object)
    band[tariff.tou_hours.peak] = "peak"
    band[tariff.tou_hours.valley] = "valley"
    by_band = {
        name: trajectory_values(getattr(tariff.energy_price_cny_per_kwh, name), ctx.years)
        for name in ("peak", "flat", "valley")
    }
    return np.stack([by_band[b] for b in band], axis=1)


def tariff_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Energy charge, demand charge, export price (as offered and as paid each hour)."""
    scenario = ctx.scenario
    prices = tou_prices(ctx)
    export_price = ctx.per_year(scenario.export_price_cny_per_kwh)
    return {
        "energy_price_cny_per_kwh": variable(
            prices, ("year", "hour"), "CNY/kWh", "time-of-use energy charge"
        ),
        "demand_charge_cny_per_kw_month": yearly(
            ctx.per_year(scenario.tariff.demand_charge_cny_per_kw_month), "CNY/kW/month"
        ),
        "export_price_cny_per_kwh": yearly(export_price, "CNY/kWh"),
        # one meter cannot import and export in the same hour: surplus PV is paid the export
        # price, but never more than that hour's energy charge less a small margin, so that
        # buying and selling at once never pays (not even as a tie)
        "export_price_effective_cny_per_kwh": variable(
            np.minimum(export_price[:, None], prices - EXPORT_MARGIN_CNY_PER_KWH),
            ("year", "hour"),
            "CNY/kWh",
            f"export price, at most the hour's energy charge less {EXPORT_MARGIN_CNY_PER_KWH} CNY/kWh",
        ),
        "export_allowed": scalar(int(scenario.allow_export), "1"),
    }
