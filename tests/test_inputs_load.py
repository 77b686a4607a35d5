"""Tests for zcf_opt.inputs.meters (meter files) and zcf_opt.inputs.load (shift patterns)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data_files import write_meter
from zcf_opt.errors import InputError
from zcf_opt.inputs.load import SHIFT_PATTERNS, shift_pattern_profile
from zcf_opt.inputs.meters import read_meter_csv

YEAR = 2023  # Jan 1 2023 is a Sunday


def _hour(month: int, day: int, hour: int) -> int:
    """Hour-of-year position of a local hour-beginning label in YEAR."""
    return int((pd.Timestamp(YEAR, month, day, hour) - pd.Timestamp(YEAR, 1, 1)) / pd.Timedelta(hours=1))


def _read(path: Path, **kwargs) -> np.ndarray:
    return read_meter_csv(path, **{"unit": "kW", **kwargs}).kw


# --------------------------------------------------------------------------- meter files


def test_hourly_file_without_times_reads_back_exactly(tmp_path: Path) -> None:
    values = np.round(100 + 50 * np.sin(np.arange(8760) / 24 * 2 * np.pi), 6)
    series = read_meter_csv(write_meter(tmp_path / "load.csv", values), unit="kW")
    assert series.interval_minutes == 60 and series.kw.dtype == np.float64
    np.testing.assert_array_equal(series.kw, values)


def test_other_column_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "meter.csv"
    pd.DataFrame({"note": ["x"] * 8760, "site_kw": np.arange(8760.0)}).to_csv(path, index=False)
    out = _read(path, column="site_kw")
    assert out[0] == 0.0 and out[-1] == 8759.0


def test_kwh_per_quarter_hour_end_labelled_is_four_times_the_kw(tmp_path: Path) -> None:
    starts = pd.date_range("2023-01-01", periods=35040, freq="15min")
    kwh = (np.arange(35040) % 96).astype(float)  # 0..95 kWh in the quarter-hours of each day
    path = write_meter(tmp_path / "q.csv", kwh, times=starts + pd.Timedelta(minutes=15), column="kwh")
    series = read_meter_csv(path, unit="kWh", column="kwh", time_label="end")
    assert series.interval_minutes == 15
    np.testing.assert_array_equal(series.kw, 4.0 * kwh)
    # '24:00' for the last interval of a day is midnight of the next day
    text = path.read_text().replace("2023-01-02 00:00", "2023-01-01 24:00")
    path.write_text(text)
    np.testing.assert_array_equal(
        read_meter_csv(path, unit="kWh", column="kwh", time_label="end").kw, 4 * kwh
    )


def test_leap_year_drops_29_february_with_and_without_times(tmp_path: Path) -> None:
    times = pd.date_range("2024-01-01", periods=8784, freq="h")
    values = np.where((times.month == 2) & (times.day == 29), 999.0, 1.0)
    assert (_read(write_meter(tmp_path / "timed.csv", values, times=times)) == 1.0).all()
    assert (_read(write_meter(tmp_path / "rows.csv", values)) == 1.0).all()
    quarters = pd.date_range("2024-01-01", periods=35136, freq="15min")
    values = np.where((quarters.month == 2) & (quarters.day == 29), 999.0, 2.0)
    out = _read(write_meter(tmp_path / "q.csv", values))
    assert out.shape == (35040,) and (out == 2.0).all()


def test_twelve_months_across_new_year_are_placed_by_date(tmp_path: Path) -> None:
    times = pd.date_range("2023-07-01", periods=8784, freq="h")  # to 2024-06-30, with 29 Feb
    values = times.year.to_numpy() * 1.0 + times.month.to_numpy() / 100
    out = _read(write_meter(tmp_path / "rolling.csv", values, times=times))
    assert out[0] == pytest.approx(2024.01) and out[-1] == pytest.approx(2023.12)


def test_times_with_an_offset_are_taken_to_the_site_standard_time(tmp_path: Path) -> None:
    times = pd.date_range("2023-01-01", periods=8760, freq="h", tz="UTC")
    path = write_meter(tmp_path / "utc.csv", np.arange(8760.0), times=times, time_format="%Y-%m-%dT%H:%M%z")
    out = _read(path, utc_offset_hours=8.0)
    assert out[8] == 0.0  # 00:00 UTC is 08:00 in UTC+8
    assert out[0] == 8760.0 - 8  # the hours before wrap round from the end of the year


def test_gb18030_file_with_chinese_header(tmp_path: Path) -> None:
    path = tmp_path / "ems.csv"
    times = pd.date_range("2023-01-01", periods=8760, freq="h")
    frame = pd.DataFrame({"时间": times.strftime("%Y年%m月%d日 %H:%M"), "有功功率": np.full(8760, 5.0)})
    frame.to_csv(path, index=False, encoding="gb18030")
    assert (_read(path, column="有功功率", time_column="时间") == 5.0).all()


def test_gap_is_an_error_naming_its_first_time_unless_filled(tmp_path: Path) -> None:
    times = pd.date_range("2023-01-01", periods=35040, freq="15min")
    values = np.full(35040, 10.0)
    values[1000:1004] = [12.0, 14.0, 16.0, 18.0]  # 1001 and 1002 go missing: 14, 16 come back
    keep = np.ones(35040, bool)
    keep[[1001, 1002, 20000]] = False
    path = write_meter(tmp_path / "gap.csv", values[keep], times=times[keep])
    with pytest.raises(InputError) as err:
        _read(path)
    message = str(err.value)
    assert "gap.csv" in message and err.value.field == "time"
    assert "3 missing readings in 2 gap(s)" in message and "2023-01-11 10:15" in message
    filled = _read(path, fill_max_gap_intervals=2)
    np.testing.assert_allclose(filled[1000:1004], [12.0, 14.0, 16.0, 18.0])
    with pytest.raises(InputError, match=r"1 gap\(s\) longer than fill.max_gap_intervals \(1\)"):
        _read(path, fill_max_gap_intervals=1)


def test_empty_cells_are_gaps_named_by_row(tmp_path: Path) -> None:
    values: list = [1.0] * 8760
    values[9] = ""
    values[10] = "NaN"
    path = write_meter(tmp_path / "holes.csv", values)
    with pytest.raises(InputError) as err:
        _read(path)
    assert "row 10 (line 11, 2 intervals)" in str(err.value) and err.value.field == "load_kw"
    assert (_read(path, fill_max_gap_intervals=2) == 1.0).all()


def test_duplicates_steps_and_grid_are_errors(tmp_path: Path) -> None:
    times = pd.date_range("2023-01-01", periods=8760, freq="h")
    doubled = times.insert(5, times[5])
    with pytest.raises(
        InputError, match=r"1 time\(s\) appear more than once.*2023-01-01 05:00 \(lines 7, 8\)"
    ):
        _read(write_meter(tmp_path / "dup.csv", np.ones(8761), times=doubled))
    five = pd.date_range("2023-01-01", periods=8760, freq="5min")
    with pytest.raises(InputError, match="most common step between times is 5 minutes"):
        _read(write_meter(tmp_path / "five.csv", np.ones(8760), times=five))
    skewed = times + pd.Timedelta(minutes=7)
    skewed = skewed.insert(0, pd.Timestamp("2022-12-31 23:00"))
    with pytest.raises(InputError, match="not on the 60-minute grid"):
        _read(write_meter(tmp_path / "skew.csv", np.ones(8761), times=skewed))
    spread = times[:-1].append(pd.DatetimeIndex([pd.Timestamp("2024-01-01 05:00")]))
    with pytest.raises(InputError, match="span more than a year"):
        _read(write_meter(tmp_path / "long.csv", np.ones(8760), times=spread))


def test_bad_cells_name_file_column_and_rows(tmp_path: Path) -> None:
    values: list = [1.0] * 8760
    values[41] = -3.0  # data row 42
    with pytest.raises(InputError) as err:
        _read(write_meter(tmp_path / "neg.csv", values))
    assert "neg.csv" in str(err.value) and err.value.field == "load_kw"
    assert "row 42 (line 43) '-3.0'" in str(err.value) and "negative" in str(err.value)
    values[41] = "abc"
    with pytest.raises(InputError, match=r"row 42 \(line 43\) 'abc'\) is not a number"):
        _read(write_meter(tmp_path / "text.csv", values))


def test_wrong_column_and_row_count(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _read(write_meter(tmp_path / "wrong.csv", np.ones(8760), column="load_kW"))
    assert "column 'load_kw' not found" in str(err.value) and "did you mean 'load_kW'" in str(err.value)
    with pytest.raises(InputError) as err:
        _read(write_meter(tmp_path / "short.csv", np.ones(100)))
    assert "found 100 rows" in str(err.value) and "8,760" in str(err.value)


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
