"""Tests for zcf_opt.inputs.load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zcf_opt.errors import InputError
from zcf_opt.inputs.load import SHIFT_PATTERNS, load_profile_from_csv, shift_pattern_profile

YEAR = 2023  # Jan 1 2023 is a Sunday


def _hour(month: int, day: int, hour: int) -> int:
    """Hour-of-year position of a local hour-beginning label in YEAR."""
    return int((pd.Timestamp(YEAR, month, day, hour) - pd.Timestamp(YEAR, 1, 1)) / pd.Timedelta(hours=1))


def _write(
    path: Path, values: list | np.ndarray, column: str = "load_kw", times: pd.DatetimeIndex | None = None
) -> Path:
    data = {column: values}
    if times is not None:
        data = {"time": times.strftime("%Y-%m-%d %H:%M"), **data}
    pd.DataFrame(data).to_csv(path, index=False)
    return path


# --------------------------------------------------------------------------- CSV


def test_csv_round_trip(tmp_path: Path) -> None:
    values = np.round(100 + 50 * np.sin(np.arange(8760) / 24 * 2 * np.pi), 6)
    path = _write(tmp_path / "load.csv", values)
    out = load_profile_from_csv(path)
    assert out.shape == (8760,)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, values)


def test_csv_other_column_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "meter.csv"
    pd.DataFrame({"note": ["x"] * 8760, "site_kw": np.arange(8760.0)}).to_csv(path, index=False)
    out = load_profile_from_csv(path, column="site_kw")
    assert out[0] == 0.0 and out[-1] == 8759.0


def test_csv_leap_year_with_time_column_drops_feb29(tmp_path: Path) -> None:
    times = pd.date_range("2024-01-01", periods=8784, freq="h")
    values = np.where((times.month == 2) & (times.day == 29), 999.0, 1.0)
    out = load_profile_from_csv(_write(tmp_path / "leap.csv", values, times=times))
    assert out.shape == (8760,)
    assert (out == 1.0).all()


def test_csv_leap_year_without_time_column_raises(tmp_path: Path) -> None:
    path = _write(tmp_path / "leap.csv", np.ones(8784))
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    assert "leap.csv" in str(err.value)
    assert "8784" in str(err.value)
    assert "time" in str(err.value)


def test_csv_negative_value_names_file_column_row(tmp_path: Path) -> None:
    values = np.ones(8760)
    values[41] = -3.0  # data row 42
    path = _write(tmp_path / "neg.csv", values)
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    msg = str(err.value)
    assert "neg.csv" in msg
    assert "load_kw" in msg
    assert "row 42" in msg
    assert "negative" in msg
    assert err.value.field == "load_kw"


def test_csv_non_numeric_and_empty_values(tmp_path: Path) -> None:
    values: list = [1.0] * 8760
    values[9] = "n/a"
    path = _write(tmp_path / "text.csv", values)
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    assert "row 10" in str(err.value) and "n/a" in str(err.value)

    values = [1.0] * 8760
    values[0] = ""
    path = _write(tmp_path / "gap.csv", values)
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    assert "row 1 " in str(err.value) and "empty" in str(err.value)


def test_csv_missing_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "wrong.csv", np.ones(8760), column="power")
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    msg = str(err.value)
    assert "wrong.csv" in msg
    assert "load_kw" in msg
    assert "power" in msg  # lists the columns that are present


def test_csv_wrong_row_count(tmp_path: Path) -> None:
    path = _write(tmp_path / "short.csv", np.ones(100))
    with pytest.raises(InputError) as err:
        load_profile_from_csv(path)
    msg = str(err.value)
    assert "short.csv" in msg
    assert "load_kw" in msg
    assert "100" in msg and "8760" in msg


def test_csv_missing_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_profile_from_csv(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match=r"empty\.csv"):
        load_profile_from_csv(empty)


# --------------------------------------------------------------------------- shift patterns


@pytest.mark.parametrize("pattern", sorted(SHIFT_PATTERNS))
def test_shift_profile_sums_to_annual_energy(pattern: str) -> None:
    p = shift_pattern_profile(4321.0, pattern)
    assert p.shape == (8760,)
    assert (p > 0).all()
    assert p.sum() == pytest.approx(4321.0 * 1000.0, rel=1e-12)


@pytest.mark.parametrize("pattern", sorted(SHIFT_PATTERNS))
def test_weekday_production_above_sunday_night(pattern: str) -> None:
    p = shift_pattern_profile(1000.0, pattern, reference_year=YEAR)
    wednesday_10 = _hour(1, 4, 10)  # 2023-01-04 is a Wednesday
    sunday_03 = _hour(1, 8, 3)  # 2023-01-08 is a Sunday
    assert pd.Timestamp(YEAR, 1, 4).day_name() == "Wednesday"
    assert pd.Timestamp(YEAR, 1, 8).day_name() == "Sunday"
    assert p[wednesday_10] > p[sunday_03]
    # Two-level profile: the ratio is the documented base share.
    assert p[sunday_03] / p[wednesday_10] == pytest.approx(SHIFT_PATTERNS[pattern].base_share)


def test_two_shift_runs_at_20h_one_shift_does_not() -> None:
    one = shift_pattern_profile(1000.0, "one_shift", reference_year=YEAR)
    two = shift_pattern_profile(1000.0, "two_shift", reference_year=YEAR)
    wed_20, wed_10, wed_03 = _hour(1, 4, 20), _hour(1, 4, 10), _hour(1, 4, 3)
    assert two[wed_20] == pytest.approx(two[wed_10])
    assert two[wed_20] > two[wed_03]
    assert one[wed_20] == pytest.approx(one[wed_03])
    assert one[wed_20] < one[wed_10]


def test_one_shift_hand_computed_level() -> None:
    # 2023: 260 weekdays (Mon-Fri), 9 production hours each, base share 0.25.
    # shape sum = 260*9*1 + (8760 - 260*9)*0.25 = 2340 + 1605 = 3945 [h at full level],
    # so 3945 MWh/yr gives 1000 kW during production and 250 kW otherwise.
    p = shift_pattern_profile(3945.0, "one_shift", reference_year=YEAR)
    assert p.max() == pytest.approx(1000.0, rel=1e-12)
    assert p.min() == pytest.approx(250.0, rel=1e-12)
    assert np.count_nonzero(np.isclose(p, 1000.0)) == 260 * 9


def test_three_shift_weekend_at_base() -> None:
    p = shift_pattern_profile(1000.0, "three_shift", reference_year=YEAR)
    days = p.reshape(365, 24)
    assert np.ptp(days[2]) == 0.0  # Tuesday Jan 3: production all day
    assert days[0].max() < days[2].min()  # Sunday Jan 1 at base load


def test_unknown_pattern_and_bad_energy() -> None:
    with pytest.raises(InputError) as err:
        shift_pattern_profile(1000.0, "four_shift")
    assert err.value.field == "electricity_load.shift_pattern"
    for name in SHIFT_PATTERNS:
        assert name in str(err.value)
    with pytest.raises(InputError) as err:
        shift_pattern_profile(-1.0, "one_shift")
    assert err.value.field == "electricity_load.annual_mwh"
    with pytest.raises(InputError):
        shift_pattern_profile(1000.0, "one_shift", reference_year=2024)
