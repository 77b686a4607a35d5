"""Time slices for the optimisation: typical days (tsam) or the full year.

Both functions take the hourly profiles of one non-leap reference year (8760
rows) and return a :class:`TimeSlices`: a set of 24-hour periods, the number of
calendar days each stands for, and which period represents each calendar day.

Typical days
------------
Days are clustered with tsam 4.x: agglomerative (Ward) hierarchical clustering
of the min-max-normalised daily profiles of all columns, which is
deterministic. The day holding the annual peak hour of ``peak_column`` is kept
as a period of its own (tsam ``ExtremeConfig(method="append",
max_value=[peak_column])``), so the peak is in the typical days exactly.

tsam is used for the *assignment* of days to periods only. The representative
of each period is then computed here as the plain mean of its member days.
With weights = number of member days this preserves the annual energy of every
column exactly (up to floating-point rounding), keeps every value within the
range of the input, and the single-member peak period is the peak day itself.
(tsam's own mean-preserving rescaling is iterative with a default tolerance of
1e-6 and would have to skip the extreme period anyway.)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import tsam

from zcf_opt.errors import InputError
from zcf_opt.notices import Notice

__all__ = ["DAYS_PER_YEAR", "HOURS_PER_DAY", "TimeSlices", "full_year", "typical_days"]

DAYS_PER_YEAR = 365
HOURS_PER_DAY = 24
_HOURS = DAYS_PER_YEAR * HOURS_PER_DAY
_N_DAYS_FIELD = "time_resolution.typical_days"


@dataclass(frozen=True, eq=False)
class TimeSlices:
    """Representative 24-hour periods of a year.

    Attributes
    ----------
    values
        Column name -> array of shape ``(n_periods, 24)`` with the hourly
        values of each period, in the unit of the input column (e.g. [kW],
        [kWh/kWp]).
    weight_days
        Shape ``(n_periods,)``: number of calendar days each period stands
        for [d]; sums to 365.
    day_to_period
        Shape ``(365,)``, int: index of the period representing each calendar
        day (day 0 = Jan 1).
    method
        ``"typical_days"`` or ``"full_year"``.
    notes
        Warnings about the data the slices come from (:class:`~zcf_opt.notices.Notice`: a
        distant weather file, filled meter gaps); every run on these slices carries them.
    descriptions
        One line per data source (load, PV yield) for a run's progress output.

    Notes
    -----
    Equality comparison is by identity (``eq=False``) because the fields hold
    numpy arrays; compare the fields with numpy instead.
    """

    values: dict[str, np.ndarray]
    weight_days: np.ndarray
    day_to_period: np.ndarray
    method: str
    notes: tuple[Notice, ...] = ()
    descriptions: tuple[str, ...] = ()

    @property
    def n_periods(self) -> int:
        """Number of periods."""
        return len(self.weight_days)

    def expand(self, period_values: np.ndarray) -> np.ndarray:
        """Map per-period hourly values back onto the 8760 hours of the year.

        Parameters
        ----------
        period_values
            Array of shape ``(n_periods, 24)`` in any unit.

        Returns
        -------
        numpy.ndarray
            Shape ``(8760,)``: for each calendar day the values of its period.
        """
        arr = np.asarray(period_values)
        if arr.shape != (self.n_periods, HOURS_PER_DAY):
            raise ValueError(
                f"expected an array of shape ({self.n_periods}, {HOURS_PER_DAY}), got {arr.shape}"
            )
        return arr[self.day_to_period].reshape(-1)


def full_year(profiles: pd.DataFrame) -> TimeSlices:
    """All 365 days as their own period (no aggregation).

    Parameters
    ----------
    profiles
        8760 hourly rows of the reference year, numeric columns.

    Returns
    -------
    TimeSlices
        365 periods, ``weight_days`` all 1, ``day_to_period = arange(365)``,
        ``values[c]`` = the column reshaped to ``(365, 24)``.

    Raises
    ------
    InputError
        If ``profiles`` does not have 8760 rows or holds non-numeric or
        non-finite values.
    """
    columns, data = _validate_profiles(profiles)
    days = data.reshape(DAYS_PER_YEAR, HOURS_PER_DAY, len(columns))
    return TimeSlices(
        values={c: days[:, :, j].copy() for j, c in enumerate(columns)},
        weight_days=np.ones(DAYS_PER_YEAR),
        day_to_period=np.arange(DAYS_PER_YEAR),
        method="full_year",
    )


def typical_days(profiles: pd.DataFrame, n_days: int, peak_column: str) -> TimeSlices:
    """Cluster the 365 days of the year into ``n_days`` typical days.

    Parameters
    ----------
    profiles
        8760 hourly rows of the reference year (row 0 = 00:00 Jan 1), numeric
        columns, e.g. ``load_kw`` [kW] and ``pv_yield_kwh_per_kwp``
        [kWh/kWp]. The index is not used.
    n_days
        Total number of periods returned, *including* the peak day:
        ``n_days - 1`` clustered typical days plus the peak day as its own
        period. 2 <= n_days <= 365.
    peak_column
        Column whose annual maximum hour must be preserved exactly (normally
        the electricity load).

    Returns
    -------
    TimeSlices
        ``method="typical_days"``. Periods are numbered in order of the first
        calendar day they represent (period 0 represents Jan 1). ``values`` are
        the means of the member days, so ``sum_p weight_days[p] *
        values[c][p].sum()`` equals the 8760 sum of column ``c``, and the
        maximum of ``values[peak_column]`` equals the 8760 maximum.
        ``n_periods`` is ``n_days``; it can only be smaller if the data hold
        fewer than ``n_days`` distinguishable days.

    Raises
    ------
    InputError
        For ``n_days`` outside 2..365, an unknown ``peak_column`` or bad
        profiles (see :func:`full_year`).
    """
    if (
        isinstance(n_days, bool)
        or not isinstance(n_days, (int, np.integer))
        or not 2 <= int(n_days) <= DAYS_PER_YEAR
    ):
        raise InputError(
            None,
            _N_DAYS_FIELD,
            f"expected a whole number of typical days between 2 and "
            f"{DAYS_PER_YEAR} (including the peak day), got {n_days!r}",
        )
    n_days = int(n_days)
    columns, data = _validate_profiles(profiles)
    if peak_column not in columns:
        raise InputError(
            None, "peak_column", f"peak column {peak_column!r} is not one of the profile columns {columns}"
        )
    days = data.reshape(DAYS_PER_YEAR, HOURS_PER_DAY, len(columns))
    peak_day = int(np.argmax(data[:, columns.index(peak_column)])) // HOURS_PER_DAY

    # tsam needs a regular DatetimeIndex and string column names; use our own.
    names = [f"c{j}" for j in range(len(columns))]
    frame = pd.DataFrame(
        data,
        columns=names,
        index=pd.date_range("2023-01-01", periods=_HOURS, freq="h"),
    )
    peak_name = names[columns.index(peak_column)]

    labels = _cluster(frame, n_days - 1, peak_name, peak_day)
    if len(np.unique(labels)) < n_days:
        # The peak day formed a cluster of its own already, so tsam added no
        # extra period; one more cluster restores the requested count.
        labels = _cluster(frame, n_days, peak_name, peak_day)

    # Renumber periods by the first calendar day they represent.
    _, first = np.unique(labels, return_index=True)
    order = labels[np.sort(first)]
    renumber = {int(old): new for new, old in enumerate(order)}
    day_to_period = np.array([renumber[int(x)] for x in labels], dtype=int)
    n_periods = len(order)

    weight_days = np.bincount(day_to_period, minlength=n_periods).astype(float)
    sums = np.zeros((n_periods, HOURS_PER_DAY, len(columns)))
    np.add.at(sums, day_to_period, days)
    means = sums / weight_days[:, None, None]
    # A single-member period (in particular the peak day) is the day itself.
    for p in np.flatnonzero(weight_days == 1.0):
        means[p] = days[int(np.flatnonzero(day_to_period == p)[0])]
    return TimeSlices(
        values={c: means[:, :, j].copy() for j, c in enumerate(columns)},
        weight_days=weight_days,
        day_to_period=day_to_period,
        method="typical_days",
    )


def _cluster(frame: pd.DataFrame, n_clusters: int, peak_name: str, peak_day: int) -> np.ndarray:
    """Day labels from tsam; the peak day is guaranteed to be alone in its cluster."""
    with warnings.catch_warnings():
        # Warnings about tsam's own representatives are irrelevant: we only use
        # the assignment and recompute the representatives.
        warnings.simplefilter("ignore")
        result = tsam.aggregate(
            frame,
            n_clusters=n_clusters,
            period_duration=HOURS_PER_DAY,
            temporal_resolution=1.0,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="mean"),
            extremes=tsam.ExtremeConfig(method="append", max_value=[peak_name]),
            preserve_column_means=False,
        )
    labels = np.asarray(result.cluster_assignments, dtype=int).copy()
    if labels.shape != (DAYS_PER_YEAR,):
        raise RuntimeError(f"tsam returned {labels.shape} day assignments, expected 365")
    if np.count_nonzero(labels == labels[peak_day]) > 1:
        labels[peak_day] = labels.max() + 1
    return labels


def _validate_profiles(profiles: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """Column names and an (8760, n_columns) float array, or InputError."""
    if not isinstance(profiles, pd.DataFrame):
        raise InputError(
            None,
            "profiles",
            f"expected a pandas DataFrame with 8760 hourly rows, got {type(profiles).__name__}",
        )
    if len(profiles) != _HOURS:
        raise InputError(
            None, "profiles", f"expected {_HOURS} hourly rows (one non-leap year), found {len(profiles)}"
        )
    if profiles.shape[1] == 0:
        raise InputError(None, "profiles", "expected at least one column, found none")
    columns = [str(c) for c in profiles.columns]
    if len(set(columns)) != len(columns):
        raise InputError(None, "profiles", f"column names must be unique, got {columns}")
    for name, col in zip(columns, profiles.columns, strict=False):
        series = profiles[col]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            raise InputError(None, f"profiles.{name}", f"expected numeric values, got dtype {series.dtype}")
        values = series.to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            raise InputError(
                None, f"profiles.{name}", f"row {int(np.argmax(bad)) + 1}: value is missing or not finite"
            )
    return columns, profiles.to_numpy(dtype=float)
