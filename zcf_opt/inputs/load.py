"""Hourly electricity load of the factory for one non-leap reference year.

Two sources:

* a measured profile in a CSV file (:func:`load_profile_from_csv`);
* a synthetic profile from the annual consumption and a shift pattern
  (:func:`shift_pattern_profile`), for factories without metered data.

All profiles have 8760 values [kW] = hourly average power = energy in the hour
[kWh], in local standard time with hour-beginning labels
``00:00 Jan 1`` .. ``23:00 Dec 31``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from zcf_opt.errors import InputError

__all__ = [
    "HOURS_PER_YEAR",
    "SHIFT_PATTERNS",
    "ShiftPattern",
    "load_profile_from_csv",
    "shift_pattern_profile",
]

HOURS_PER_YEAR = 8760
_LEAP_HOURS = 8784
_TIME_COLUMN = "time"


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
# plausible value for a discrete-manufacturing plant; use a measured profile
# (load_profile_from_csv) whenever one exists.
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


def load_profile_from_csv(path: Path, column: str = "load_kw") -> np.ndarray:
    """Read an hourly load profile from a CSV file.

    Parameters
    ----------
    path
        CSV file with a header row. It must have the column ``column`` with the
        hourly average power [kW] (= energy in the hour [kWh]) and exactly 8760
        data rows in time order, starting at 00:00 Jan 1 local standard time.
        A leap-year file with 8784 rows is accepted if it also has a
        ``time`` column (parsable date-times, hour-beginning labels): the
        24 rows dated Feb 29 are dropped. If a ``time`` column is present,
        Feb 29 rows are always dropped.
    column
        Name of the load column.

    Returns
    -------
    numpy.ndarray
        8760 non-negative values [kW], float64.

    Raises
    ------
    InputError
        If the file is missing or unreadable, the column is absent, a value is
        empty, not a number or negative (the message gives the 1-based data
        row), or the number of rows is not 8760 (8784 with a ``time`` column).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "load profile file not found")
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError as exc:
        raise InputError(
            path, column, "the file is empty; expected a header row and 8760 hourly rows"
        ) from exc
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise InputError(path, None, f"could not be read as a CSV file: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]

    if column not in frame.columns:
        raise InputError(
            path,
            column,
            f"column '{column}' not found (columns present: {list(frame.columns)}); expected a "
            f"column '{column}' with the hourly average power [kW]",
        )

    raw = frame[column].astype(str).str.strip()
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0.0)
    if bad.any():
        i = int(np.argmax(bad))
        text = raw.iloc[i]
        if text == "":
            problem = "is empty"
        elif not np.isfinite(values[i]):
            problem = f"'{text}' is not a finite number"
        else:
            problem = f"{text} is negative"
        raise InputError(
            path,
            column,
            f"row {i + 1} (line {i + 2} of the file): value {problem}; expected a non-negative number [kW]",
        )

    n_rows = len(values)
    if _TIME_COLUMN in frame.columns:
        stamps = _parse_times(path, frame[_TIME_COLUMN])
        values = values[~((stamps.month == 2) & (stamps.day == 29))]
    elif n_rows == _LEAP_HOURS:
        raise InputError(
            path,
            _TIME_COLUMN,
            f"found {n_rows} rows, which looks like a leap year; add a '{_TIME_COLUMN}' column "
            f"with the date-time of each row so Feb 29 can be dropped, or give 8760 rows",
        )

    if len(values) != HOURS_PER_YEAR:
        dropped = n_rows - len(values)
        note = f" ({dropped} rows dated Feb 29 dropped)" if dropped else ""
        raise InputError(
            path,
            column,
            f"found {n_rows} data rows{note}, expected {HOURS_PER_YEAR} hourly rows (one per "
            f"hour of a non-leap year) or {_LEAP_HOURS} with a '{_TIME_COLUMN}' column",
        )
    return values.astype(np.float64)


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


def _parse_times(path: Path, column: pd.Series) -> pd.DatetimeIndex:
    """Parse the ``time`` column; InputError naming the first bad row."""
    text = column.astype(str).str.strip()
    try:
        stamps = pd.to_datetime(text, errors="coerce", format="mixed")
    except (ValueError, TypeError):
        stamps = pd.Series(pd.NaT, index=text.index)
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    if stamps.isna().any():
        i = int(np.argmax(stamps.isna().to_numpy()))
        raise InputError(
            path,
            _TIME_COLUMN,
            f"row {i + 1} (line {i + 2} of the file): '{text.iloc[i]}' is not a date-time; "
            f"expected e.g. '2024-01-01 00:00'",
        )
    return pd.DatetimeIndex(stamps)
