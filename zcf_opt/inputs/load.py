"""Synthetic hourly electricity load for factories without metered data.

:func:`shift_pattern_profile` shapes the annual consumption with a shift pattern (meter files
are read by :mod:`zcf_opt.inputs.meters`). Profiles have 8760 values [kW] = hourly average
power = energy in the hour [kWh], in local standard time with hour-beginning labels
``00:00 Jan 1`` .. ``23:00 Dec 31``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcf_opt.errors import InputError

__all__ = [
    "HOURS_PER_YEAR",
    "SHIFT_PATTERNS",
    "ShiftPattern",
    "shift_pattern_profile",
]

HOURS_PER_YEAR = 8760


@dataclass(frozen=True)
class ShiftPattern:
    """Simple operating pattern of an industrial plant.

    Attributes
    ----------
    production_start_hour
        First production hour of a working day (hour-beginning label) [h], 0..23.
    production_end_hour
        Hour at which production stops [h], 1..24; production runs for the
        hours ``production_start_hour <= h < production_end_hour``.
    working_weekdays
        Working days, ``0`` = Monday .. ``6`` = Sunday.
    base_share
        Load outside production hours as a share of the load during production
        hours [-] (idle compressors, lighting, HVAC, standby of machines).
    description
        One line for reports.
    """

    production_start_hour: int
    production_end_hour: int
    working_weekdays: tuple[int, ...]
    base_share: float
    description: str


# MODELLING ASSUMPTIONS, NOT DATA. The load is a two-level profile: a base load
# at every hour (base_share x the production level) plus production load in the
# shift hours of working days. Working days are Monday-Friday for every pattern;
# weekends and all hours outside the shifts run at base load. Chinese public
# holidays (Spring Festival, National Day week, ...) and seasonal effects
# (air-conditioning in summer) are ignored. The base share of 25 % is a round,
# plausible value for a discrete-manufacturing plant; use meter files whenever they exist.
SHIFT_PATTERNS: dict[str, ShiftPattern] = {
    "one_shift": ShiftPattern(
        production_start_hour=8,
        production_end_hour=17,
        working_weekdays=(0, 1, 2, 3, 4),
        base_share=0.25,
        description="one shift 08:00-17:00 Mon-Fri, base load 25 % otherwise",
    ),
    "two_shift": ShiftPattern(
        production_start_hour=6,
        production_end_hour=22,
        working_weekdays=(0, 1, 2, 3, 4),
        base_share=0.25,
        description="two shifts 06:00-22:00 Mon-Fri, base load 25 % otherwise",
    ),
    "three_shift": ShiftPattern(
        production_start_hour=0,
        production_end_hour=24,
        working_weekdays=(0, 1, 2, 3, 4),
        base_share=0.25,
        description="three shifts 24 h Mon-Fri, base load 25 % at weekends",
    ),
}


def shift_pattern_profile(annual_mwh: float, pattern: str, reference_year: int = 2023) -> np.ndarray:
    """Synthetic hourly load from the annual consumption and a shift pattern.

    Parameters
    ----------
    annual_mwh
        Annual electricity consumption [MWh/yr], >= 0.
    pattern
        One of the keys of :data:`SHIFT_PATTERNS` (``"one_shift"``,
        ``"two_shift"``, ``"three_shift"``).
    reference_year
        Non-leap year giving the weekdays of the calendar days.

    Returns
    -------
    numpy.ndarray
        8760 values [kW] (= kWh in each hour); they sum to
        ``annual_mwh * 1000`` [kWh] up to floating-point rounding.

    Raises
    ------
    InputError
        For an unknown pattern, a negative or non-finite ``annual_mwh`` or a
        leap ``reference_year``.

    Notes
    -----
    The shape is two-level: 1 in production hours of working days and
    ``base_share`` in every other hour; it is then scaled to the annual
    energy. See the comment at :data:`SHIFT_PATTERNS` for the assumptions.
    """
    if pattern not in SHIFT_PATTERNS:
        raise InputError(
            None,
            "electricity_load.shift_pattern",
            f"unknown shift pattern {pattern!r}; expected one of {sorted(SHIFT_PATTERNS)}",
        )
    ok = isinstance(annual_mwh, (int, float, np.integer, np.floating)) and not isinstance(annual_mwh, bool)
    if not ok or not np.isfinite(float(annual_mwh)) or float(annual_mwh) < 0.0:
        raise InputError(
            None,
            "electricity_load.annual_mwh",
            f"expected a non-negative annual consumption [MWh/yr], got {annual_mwh!r}",
        )
    if (
        isinstance(reference_year, bool)
        or not isinstance(reference_year, (int, np.integer))
        or calendar.isleap(int(reference_year))
    ):
        raise InputError(None, "reference_year", f"expected a non-leap year, got {reference_year!r}")

    spec = SHIFT_PATTERNS[pattern]
    index = pd.date_range(f"{int(reference_year)}-01-01", periods=HOURS_PER_YEAR, freq="h")
    hour = index.hour.to_numpy()
    working = np.isin(index.dayofweek.to_numpy(), spec.working_weekdays)
    production = working & (hour >= spec.production_start_hour) & (hour < spec.production_end_hour)
    shape = np.where(production, 1.0, spec.base_share)
    return shape * (float(annual_mwh) * 1000.0 / shape.sum())
