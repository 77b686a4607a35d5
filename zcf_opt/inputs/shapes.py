"""Hourly shapes of annual quantities (heat demands, efficiency savings) over the time slices.

A shape is kW in each hour of each period per MWh/yr: ``Σ_p w_p Σ_h shape[p, h] = 1000``, so an
annual quantity Q [MWh/yr] is ``Q · shape`` kW in each hour. The plant's electricity load gives
its own shape; built-in patterns and CSV files are made as 8760 hourly values and averaged over
the days each period stands for (annual energy exact).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from zcf_opt.inputs.load import HOURS_PER_YEAR, shift_pattern_profile
from zcf_opt.inputs.meters import read_meter_csv
from zcf_opt.inputs.profiles import REFERENCE_YEAR
from zcf_opt.inputs.typical_days import TimeSlices

#: month (1-12) of each hour of the reference year
_MONTH_OF_HOUR = np.repeat(np.arange(1, 13), 24 * np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]))


def period_means(hourly: np.ndarray, slices: TimeSlices) -> np.ndarray:
    """Mean over the member days of each period of 8760 hourly values, shape ``(period, hour)``."""
    days = np.asarray(hourly, dtype=float).reshape(-1, 24)
    sums = np.zeros((slices.n_periods, 24))
    np.add.at(sums, slices.day_to_period, days)
    counts = np.bincount(slices.day_to_period, minlength=slices.n_periods)[:, None]
    return sums / np.maximum(counts, 1)


def normalised(values: np.ndarray, weight_days: np.ndarray) -> np.ndarray:
    """Scale period values so that ``Σ_p w_p Σ_h values = 1000`` (kW per MWh/yr); zeros stay zero."""
    total_kwh = float(np.sum(weight_days[:, None] * values))
    return values / total_kwh * 1000.0 if total_kwh > 0 else np.zeros_like(values)


def hourly_shape(
    slices: TimeSlices,
    profile: str = "electricity_load",
    months: list[int] | None = None,
    profile_csv: Path | None = None,
    csv_column: str = "heat_kw",
) -> np.ndarray:
    """The shape of an annual quantity over the periods [kW per MWh/yr].

    Parameters
    ----------
    slices
        The time slices (load per period, day-to-period map, weights).
    profile
        ``"electricity_load"`` (the plant's first-year load), ``"flat"``, or a shift pattern
        (``"one_shift"``, ``"two_shift"``, ``"three_shift"``).
    months
        Months (1-12) in which the quantity occurs; none: all year.
    profile_csv
        A CSV of hourly or 15-minute values in kW (column ``csv_column``, rows in order from
        1 January or with a ``time`` column), read like a meter file, giving the shape instead.
    csv_column
        Column of ``profile_csv``.
    """
    if profile == "electricity_load" and months is None and profile_csv is None:
        return normalised(slices.values["load_kw"], slices.weight_days)
    if profile_csv is not None:
        series = read_meter_csv(profile_csv, unit="kW", column=csv_column)
        hourly = series.kw.reshape(HOURS_PER_YEAR, -1).mean(axis=1)
    elif profile == "electricity_load":
        hourly = slices.expand(slices.values["load_kw"])
    elif profile == "flat":
        hourly = np.ones(HOURS_PER_YEAR)
    else:
        hourly = shift_pattern_profile(1.0, profile, REFERENCE_YEAR)
    if months is not None:
        hourly = np.where(np.isin(_MONTH_OF_HOUR, months), hourly, 0.0)
    return normalised(period_means(hourly, slices), slices.weight_days)
