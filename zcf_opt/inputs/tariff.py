"""The grid tariff: energy charge by season and band, demand or capacity charge, export price.

The energy charge is built for every calendar day of the reference year (its month selects the
season's bands and ratios), then averaged over the days each period stands for: a typical day
that stands for days of two seasons pays, in each hour, the mean of their prices, so the
annual energy charge of the typical days is exact for their import profile.

Variables (``month`` runs 1-12):

| name | dims | unit |
|---|---|---|
| ``energy_price_cny_per_kwh`` | year, period, hour | CNY/kWh |
| ``export_price_cny_per_kwh`` | year | CNY/kWh |
| ``export_price_effective_cny_per_kwh`` | year, period, hour | CNY/kWh |
| ``period_month_days`` | period, month | day |
| ``demand_charge_cny_per_kw_month`` | year | CNY/kW/month |
| ``capacity_charge_cny_per_month`` | year | CNY/month |
| ``demand_charge_on_max_demand`` | — | 1 (0: capacity basis) |
| ``export_allowed`` | — | 1 |
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, variable, yearly
from zcf_opt.inputs.profiles import REFERENCE_YEAR
from zcf_opt.schema import trajectory_values
from zcf_opt.schema.tariff import Tariff

#: export is paid at most the hour's energy charge less this margin [CNY/kWh]
EXPORT_MARGIN_CNY_PER_KWH = 0.001

MONTHS = np.arange(1, 13)


def day_months(days: int = 365) -> np.ndarray:
    """Calendar month (1-12) of each day of the reference year, shape (365,)."""
    return pd.date_range(f"{REFERENCE_YEAR}-01-01", periods=days, freq="D").month.to_numpy()


def daily_prices(tariff: Tariff, years: np.ndarray) -> np.ndarray:
    """Energy charge of every year, calendar day and hour [CNY/kWh], shape (year, 365, 24).

    Ratio form: ``base_y × ratio_{season, band} + fixed_y``; absolute form: ``price_{band, y}``.
    """
    monthly = np.empty((len(years), 12, 24))
    for m in MONTHS:
        hours, ratios = tariff.schedule_of_month(int(m))
        bands = hours.band_of_hour()
        if tariff.energy_price_cny_per_kwh is not None:
            prices = tariff.energy_price_cny_per_kwh
            by_band = {b: trajectory_values(getattr(prices, b), years) for b in set(bands)}
            monthly[:, m - 1, :] = np.stack([by_band[b] for b in bands], axis=1)
        else:
            base = trajectory_values(tariff.base_price_cny_per_kwh, years)
            fixed = trajectory_values(tariff.fixed_price_cny_per_kwh, years)
            ratio = np.array([getattr(ratios, b) for b in bands])
            monthly[:, m - 1, :] = base[:, None] * ratio[None, :] + fixed[:, None]
    return monthly[:, day_months() - 1, :]


def period_means(day_values: np.ndarray, day_to_period: np.ndarray, n_periods: int) -> np.ndarray:
    """Mean over the days each period stands for, shape (year, period, 24)."""
    sums = np.zeros((day_values.shape[0], n_periods, day_values.shape[2]))
    np.add.at(sums, (slice(None), day_to_period), day_values)
    counts = np.bincount(day_to_period, minlength=n_periods).astype(float)
    return sums / counts[None, :, None]


def period_month_days(day_to_period: np.ndarray, n_periods: int) -> np.ndarray:
    """Number of days of each month a period stands for, shape (period, 12) [day]."""
    counts = np.zeros((n_periods, 12))
    np.add.at(counts, (day_to_period, day_months(len(day_to_period)) - 1), 1.0)
    return counts


def month_peak_relief_kw(ctx: InputContext) -> np.ndarray:
    """How much lower a month's days' maximum demand is than their period's [kW], shape
    (year, period, month) (:func:`zcf_opt.inputs.slices.month_peak_relief_kw`; zero for slices
    without it)."""
    slices = ctx.slices
    relief = slices.values.get("load_month_peak_relief_kw", np.zeros((slices.n_periods, 12)))
    growth = ctx.growth_factor(ctx.scenario.electricity_demand_growth_per_year)
    return growth[:, None, None] * relief[None]


def tariff_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Energy, demand and capacity charges, export price (as offered and as paid each hour)."""
    scenario, slices = ctx.scenario, ctx.slices
    tariff, connection = scenario.tariff, ctx.factory.grid_connection
    prices = period_means(daily_prices(tariff, ctx.years), slices.day_to_period, slices.n_periods)
    export_price = ctx.per_year(scenario.export_price_cny_per_kwh)
    on_max_demand = connection.demand_charge_basis == "max_demand"
    capacity_charge = ctx.per_year(tariff.capacity_charge_cny_per_kva_month, missing=0.0)
    capacity_cny = (
        capacity_charge * (connection.transformer_kva or 0.0) if not on_max_demand else 0 * capacity_charge
    )
    return {
        "energy_price_cny_per_kwh": variable(
            prices, ("year", "period", "hour"), "CNY/kWh", "time-of-use energy charge"
        ),
        "period_month_days": variable(
            period_month_days(slices.day_to_period, slices.n_periods),
            ("period", "month"),
            "day",
            "days of each calendar month a period stands for",
        ),
        "month": variable(MONTHS, ("month",), "1"),
        "demand_month_relief_kw": variable(
            month_peak_relief_kw(ctx),
            ("year", "period", "month"),
            "kW",
            "how much lower the maximum demand of the period's days in the month is than of all its days",
        ),
        "demand_charge_cny_per_kw_month": yearly(
            ctx.per_year(tariff.demand_charge_cny_per_kw_month) if on_max_demand else 0 * capacity_cny,
            "CNY/kW/month",
            "charge on each month's maximum demand (0 when billed by capacity)",
        ),
        "capacity_charge_cny_per_month": yearly(
            capacity_cny, "CNY/month", "charge on the transformer capacity (capacity basis)"
        ),
        "demand_charge_on_max_demand": scalar(int(on_max_demand), "1"),
        "export_price_cny_per_kwh": yearly(export_price, "CNY/kWh"),
        # one meter cannot import and export in the same hour: surplus PV is paid the export
        # price, but never more than that hour's energy charge less a small margin, so that
        # buying and selling at once never pays (not even as a tie)
        "export_price_effective_cny_per_kwh": variable(
            np.minimum(export_price[:, None, None], prices - EXPORT_MARGIN_CNY_PER_KWH),
            ("year", "period", "hour"),
            "CNY/kWh",
            f"export price, at most the hour's energy charge less {EXPORT_MARGIN_CNY_PER_KWH} CNY/kWh",
        ),
        "export_allowed": scalar(int(connection.export == "surplus"), "1"),
    }
