"""Metered load through the command line: hourly and 15-minute files, leap days, gaps, several
meters, and the 15-minute demand reaching the demand charge (bills computed by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.data_files import factory_file, scenario_file, write_meter
from zcf_opt.cli import main

PRICE, DEMAND_CHARGE = 0.6, 40.0  # CNY/kWh, CNY/kW/month (scenario_file)


def _solve(folder: Path, load: dict, **scenario) -> tuple[dict, pd.DataFrame]:
    factory = factory_file(folder, electricity_load=load)
    out = folder / "run"
    result = CliRunner().invoke(
        main, ["solve", str(scenario_file(folder, factory, **scenario)), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    return summary, pd.read_csv(out / "annual.csv")


def test_hourly_csv_gives_the_metered_energy_and_peak(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    kw = np.round(rng.uniform(50, 150, 8760), 3)
    write_meter(tmp_path / "hourly.csv", kw)
    summary, annual = _solve(
        tmp_path, {"profile_csv": "hourly.csv", "unit": "kW"}, time_resolution="full_year"
    )
    assert annual.electricity_demand_mwh[0] == pytest.approx(kw.sum() / 1000, rel=1e-9)
    # no PV, no battery: the bill is the metered energy and each month's highest hour
    assert annual.billed_demand_kw[0] == pytest.approx(kw.max())
    months = pd.date_range("2023-01-01", periods=8760, freq="h").month
    monthly_peaks = pd.Series(kw).groupby(months).max()
    bill = PRICE * kw.sum() + DEMAND_CHARGE * monthly_peaks.sum()
    assert annual.electricity_cost_cny[0] == pytest.approx(bill, rel=1e-9)
    assert summary["first_year_peak_15min_demand_kw"] == pytest.approx(kw.max())
    assert summary["load_files"] == [str(tmp_path / "hourly.csv")]


def test_quarter_hour_csv_with_a_leap_day_and_a_filled_gap(tmp_path: Path) -> None:
    starts = pd.date_range("2024-01-01", periods=35136, freq="15min")
    kwh = np.full(35136, 25.0)  # 100 kW
    leap = (starts.month == 2) & (starts.day == 29)
    kwh[leap] = 1000.0  # dropped with 29 February
    at = int(np.flatnonzero(starts == pd.Timestamp("2024-06-01 12:00"))[0])
    kwh[at - 1], kwh[at + 3] = 25.0, 45.0  # a gap of 3 readings between 25 and 45 kWh
    keep = np.ones(35136, bool)
    keep[at : at + 3] = False
    write_meter(tmp_path / "q.csv", kwh[keep], times=starts[keep] + pd.Timedelta(minutes=15), column="kwh")
    load = {"profile_csv": "q.csv", "unit": "kWh", "column": "kwh", "time_label": "end"}

    factory = factory_file(tmp_path, electricity_load=load)
    result = CliRunner().invoke(
        main, ["solve", str(scenario_file(tmp_path, factory)), "--out", str(tmp_path / "x")]
    )
    assert (
        result.exit_code == 2 and "3 missing readings in 1 gap(s), first at 2024-06-01 12:00" in result.output
    )
    assert not (tmp_path / "x").exists()

    summary, annual = _solve(tmp_path, {**load, "fill": {"method": "linear", "max_gap_intervals": 3}})
    # 365 days of 2,400 kWh; the gap is filled with 30, 35, 40 kWh instead of 25 (+30 kWh), and
    # the reading after it is 45 kWh (+20 kWh)
    assert annual.electricity_demand_mwh[0] == pytest.approx((365 * 2400 + 30 + 20) / 1000, rel=1e-12)
    # the quarter-hour at 12:30 is 40 kWh = 160 kW; 12:45 is 45 kWh = 180 kW: the highest
    assert annual.billed_demand_kw[0] == pytest.approx(180.0)
    assert any("3 missing readings of q.csv in 1 gap(s)" in w for w in summary["warnings"])


def test_two_meters_are_summed(tmp_path: Path) -> None:
    times = pd.date_range("2023-01-01", periods=8760, freq="h")
    main_kw = 100 + 20 * np.sin(np.arange(8760) * 2 * np.pi / 24)
    write_meter(tmp_path / "main.csv", np.round(main_kw, 4), times=times)
    quarters = pd.date_range("2023-01-01", periods=35040, freq="15min")
    hvac = np.where(quarters.hour == 14, 80.0, 10.0)  # 15-minute meter of the chillers
    write_meter(tmp_path / "hvac.csv", hvac / 4, times=quarters)
    summary, annual = _solve(tmp_path, {"profile_csv": ["main.csv", "hvac.csv"], "unit": "kWh"})
    expected_mwh = (np.round(main_kw, 4).sum() + hvac.sum() / 4) / 1000
    assert annual.electricity_demand_mwh[0] == pytest.approx(expected_mwh, rel=1e-9)
    hourly_sum = np.round(main_kw, 4).reshape(365, 24) + hvac.reshape(365, 24, 4).mean(axis=2)
    # the typical days keep the peak day whole, so the highest hour is the metered one
    assert annual.peak_import_kw[0] == pytest.approx(hourly_sum.max(), rel=1e-9)
    assert len(summary["load_files"]) == 2


def test_quarter_hour_peak_reaches_the_demand_charge(tmp_path: Path) -> None:
    # 100 kW all day, 180 kW for the quarter-hour 10:00-10:15 every day: the hour's mean is 120 kW
    starts = pd.date_range("2023-01-01", periods=35040, freq="15min")
    kw = np.where((starts.hour == 10) & (starts.minute == 0), 180.0, 100.0)
    write_meter(tmp_path / "spiky.csv", kw, times=starts)
    summary, annual = _solve(tmp_path, {"profile_csv": "spiky.csv", "unit": "kW"})
    energy_kwh = 365 * (24 * 100 + 80 / 4)  # 883,300 kWh
    bill = PRICE * energy_kwh + 12 * DEMAND_CHARGE * 180  # 529,980 + 86,400 = 616,380 CNY
    assert bill == pytest.approx(616_380.0)
    assert annual.electricity_cost_cny[0] == pytest.approx(bill, rel=1e-9)
    assert annual.peak_import_kw[0] == pytest.approx(120.0) and annual.billed_demand_kw[0] == pytest.approx(
        180.0
    )
    assert summary["objective_npv_cny"] == pytest.approx(bill, rel=1e-9)  # one year, no discounting
    assert summary["first_year_peak_15min_demand_kw"] == pytest.approx(180.0)
    assert summary["first_year_peak_demand_kw"] == pytest.approx(120.0)
