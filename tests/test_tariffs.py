"""Chinese two-part tariffs: seasonal bands, critical peak, the library, monthly demand charges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import tiny_factory, tiny_scenario
from tests.data_files import factory_file, scenario_file, write_meter
from zcf_opt.cli import main
from zcf_opt.inputs.tariff import daily_prices, day_months
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.run import solve
from zcf_opt.schema.tariff import Tariff, library_names

YEARS = np.array([2026])
JAN_1, APR_11, JUL_15 = 0, 100, 195


def test_library_holds_the_six_provinces_each_with_its_source() -> None:
    names = library_names()
    for province in ("jiangsu", "zhejiang", "guangdong", "shanghai", "shandong", "beijing"):
        assert any(name.startswith(province) for name in names), province
    for name in names:
        tariff = Tariff.model_validate(name)
        assert tariff.source and tariff.year, name
        assert "base_price_cny_per_kwh" in tariff.provisional, name


def test_jiangsu_seasons_and_midday_valley() -> None:
    # 苏发改价格发〔2025〕426号: summer/winter peak 14-22 h, valley 0-6 and 11-13 h; spring/autumn
    # peak 15-22 h, valley 2-6 and 10-14 h; peak = base × 1.8 + fixed, valley = base × 0.35 + fixed
    prices = daily_prices(Tariff.model_validate("jiangsu-2025-10kv"), YEARS)[0]
    base, fixed = 0.45, 0.20
    peak, flat, valley = base * 1.8 + fixed, base + fixed, base * 0.35 + fixed
    assert day_months()[[JAN_1, APR_11, JUL_15]].tolist() == [1, 4, 7]
    assert prices[JAN_1, 14] == pytest.approx(peak)
    assert prices[APR_11, 14] == pytest.approx(flat)  # spring peak starts at 15 h
    assert prices[APR_11, 15] == pytest.approx(peak)
    assert prices[JAN_1, 11] == pytest.approx(valley)  # midday valley
    assert prices[APR_11, 13] == pytest.approx(valley)
    assert prices[JAN_1, 13] == pytest.approx(flat)
    assert prices[APR_11, 1] == pytest.approx(flat)  # spring valley starts at 2 h
    assert prices[JAN_1, 1] == pytest.approx(valley)


def test_guangdong_critical_peak_only_in_july_to_september() -> None:
    prices = daily_prices(Tariff.model_validate("guangdong-2021-10kv"), YEARS)[0]
    base, fixed = 0.55, 0.10
    assert prices[JUL_15, 11] == pytest.approx(base * 2.125 + fixed)  # peak +25 %
    assert prices[JAN_1, 11] == pytest.approx(base * 1.7 + fixed)
    assert prices[JUL_15, 10] == pytest.approx(base * 1.7 + fixed)


def test_library_tariff_overridden_field_by_field() -> None:
    tariff = Tariff.model_validate(
        {"name": "jiangsu-2025-10kv", "base_price_cny_per_kwh": 0.5, "price_ratios": {"peak": 1.7}}
    )
    assert tariff.price_ratios.peak == 1.7 and tariff.price_ratios.valley == 0.35  # the rest kept
    assert tariff.base_price_cny_per_kwh == 0.5
    assert "base_price_cny_per_kwh" not in tariff.provisional  # the user's own figure now
    assert "fixed_price_cny_per_kwh" in tariff.provisional
    assert [s.name for s in tariff.seasons] == ["summer_winter", "spring_autumn"]


def _one_high_month_slices(normal_kw: float, july_kw: float) -> TimeSlices:
    """Two periods: the 31 days of July, and the other 334 days (no PV)."""
    july = day_months() == 7
    return TimeSlices(
        values={
            "load_kw": np.array([np.full(24, normal_kw), np.full(24, july_kw)]),
            "pv_yield_kwh_per_kwp": np.zeros((2, 24)),
        },
        weight_days=np.array([334.0, 31.0]),
        day_to_period=july.astype(int),
        method="typical_days",
    )


FLAT_TARIFF = {
    "tou_hours": {"peak": [], "valley": []},
    "energy_price_cny_per_kwh": {"peak": 0.6, "flat": 0.6, "valley": 0.6},
    "demand_charge_cny_per_kw_month": 40.0,
}


def test_demand_charge_is_the_sum_of_each_months_own_peak() -> None:
    # 100 kW all year, 150 kW in July: 11 × 100 + 150 = 1,250 kW-months at 40 CNY/kW/month,
    # not 12 × 150 = 1,800 kW-months as a single annual peak would bill
    scenario = tiny_scenario(tariff=FLAT_TARIFF, pv_capex_cny_per_kwp=1e6)
    result = solve(scenario, slices=_one_high_month_slices(100.0, 150.0))
    row = result.annual.iloc[0]
    assert row["demand_charge_cny"] == pytest.approx(40.0 * (11 * 100 + 150), rel=1e-12)
    energy = 0.6 * 24 * (334 * 100 + 31 * 150)
    assert result.outcome.objective_cny == pytest.approx(energy + 40.0 * 1250, rel=1e-9)


def test_capacity_basis_bills_the_transformer_whatever_the_load() -> None:
    factory = tiny_factory(grid_connection={"demand_charge_basis": "capacity", "transformer_kva": 400})
    tariff = {**FLAT_TARIFF, "capacity_charge_cny_per_kva_month": 25.0}
    scenario = tiny_scenario(factory, tariff=tariff, pv_capex_cny_per_kwp=1e6)
    result = solve(scenario, slices=_one_high_month_slices(100.0, 150.0))
    assert result.annual["demand_charge_cny"].iloc[0] == pytest.approx(12 * 25.0 * 400)


def test_capacity_basis_needs_the_transformer_size(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    data = tiny_scenario().model_dump(mode="json", exclude={"factory"})
    data["factory"] = tiny_factory(grid_connection={"demand_charge_basis": "capacity"})
    scenario.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "grid_connection" in result.output and "transformer_kva" in result.output
    assert not (tmp_path / "out").exists()


def test_a_shipped_tariff_by_name_through_the_cli(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "factory": str(root / "models" / "suzhou_auto_parts.yaml"),
                "horizon": {"first_year": 2026, "last_year": 2026},
                "tariff": "shandong-2025-10kv",
                "time_resolution": {"typical_days": 4},
            }
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(scenario.read_text().replace("shandong-2025-10kv", "hubei-2030"), encoding="utf-8")
    result = CliRunner().invoke(main, ["solve", str(bad), "--out", str(tmp_path / "bad")])
    assert result.exit_code == 2
    assert "tariff" in result.output and "jiangsu-2025-10kv" in result.output  # lists the shipped ones
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    assert "shandong-2025-10kv" in result.output and "PROVISIONAL" in result.output
    summary = yaml.safe_load((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert any("shandong-2025-10kv" in w and "base_price_cny_per_kwh" in w for w in summary["warnings"])


def test_each_months_own_fifteen_minute_peak_is_billed(tmp_path: Path) -> None:
    # a 15-minute meter: 100 kW all year; in July the quarter-hour 10:00-10:15 draws 180 kW (the
    # hour's mean is 120 kW). July pays on 180 kW, the other eleven months on 100 kW.
    starts = pd.date_range("2023-01-01", periods=35040, freq="15min")
    spike = (starts.month == 7) & (starts.hour == 10) & (starts.minute == 0)
    write_meter(tmp_path / "meter.csv", np.where(spike, 180.0, 100.0), times=starts)
    factory = factory_file(tmp_path, electricity_load={"profile_csv": "meter.csv", "unit": "kW"})
    scenario = scenario_file(tmp_path, factory, time_resolution="full_year")
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    annual = pd.read_csv(tmp_path / "run" / "annual.csv")
    assert annual["demand_charge_cny"].iloc[0] == pytest.approx(40.0 * (11 * 100 + 180), rel=1e-9)
    energy_kwh = 365 * 2400 + 31 * 80 / 4
    assert annual["electricity_cost_cny"].iloc[0] == pytest.approx(
        0.6 * energy_kwh + 40.0 * (11 * 100 + 180), rel=1e-9
    )
