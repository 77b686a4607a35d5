"""The full-year re-check: the plan re-dispatched on all 8,760 hours, accounted and certified."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import IDEAL_BATTERY, tiny_factory, tiny_scenario
from tests.test_heat import TANK
from zcf_opt.cli import main
from zcf_opt.full_year import check_full_year, year_lp
from zcf_opt.full_year.year_lp import YearProblem, solve_year, solve_year_chain
from zcf_opt.run import solve

ARBITRAGE_TARIFF = {
    "tou_hours": {"peak": [18], "valley": [1, 2]},
    "energy_price_cny_per_kwh": {"peak": 1.0, "flat": 0.6, "valley": 0.2},
    "demand_charge_cny_per_kw_month": 0.0,
}


def flat_load_factory(tmp_path: Path, **changes: object) -> dict:
    """A plant drawing 100 kW in every hour of the year (a metered CSV), no PV worth building."""
    csv = tmp_path / "load.csv"
    pd.DataFrame({"load_kw": np.full(8760, 100.0)}).to_csv(csv, index=False)
    return tiny_factory(electricity_load={"profile_csv": str(csv), "unit": "kW"}, **changes)


def test_a_plan_whose_days_are_all_alike_has_no_typical_day_error(tmp_path: Path) -> None:
    # every day is the same, so the typical days are exact: re-dispatching the battery on the
    # 8,760 hours must give the plan's cost, renewable share and level to solver precision
    factory = flat_load_factory(tmp_path, battery=IDEAL_BATTERY)
    data = tiny_scenario(
        factory, tariff=ARBITRAGE_TARIFF, pv_capex_cny_per_kwp=1e6, battery_energy_capex_cny_per_kwh=200.0
    ).model_dump(mode="json", exclude={"factory"})
    data["factory"] = factory
    data["time_resolution"] = {"typical_days": 3}
    scenario = tmp_path / "flat.yaml"
    scenario.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "full-year re-check" in result.output and "every target year certified" in result.output
    table = pd.read_csv(out / "full_year_check.csv")
    annual = pd.read_csv(out / "annual.csv")
    assert len(table) == 1 and annual["battery_energy_kwh"].iloc[0] == pytest.approx(100 / 0.9, rel=1e-6)
    assert table["full_year_total_cost_cny"].iloc[0] == pytest.approx(
        annual["total_cost_cny"].iloc[0], rel=1e-7
    )
    assert abs(table["cost_error"].iloc[0]) < 1e-7 and abs(table["re_share_error"].iloc[0]) < 1e-9
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    check = summary["full_year_check"]
    assert check["failed_years"] == [] and len(check["years"]) == 1
    assert check["npv_full_year_cny"] == pytest.approx(summary["objective_npv_cny"], rel=1e-7)


def test_repair_buys_exactly_the_certificates_a_year_misses(tmp_path: Path) -> None:
    # Six-star in 2026: the plan buys certificates for all 876 MWh it imports. Take 10 MWh away
    # from what the plan bought, as a typical-day estimate short of the real year would: on the
    # full year the renewable share is 866/876 and the year misses I-6. Repairing buys the
    # cheapest instrument that restores it: exactly 10 MWh of certificates (50 CNY/MWh) more.
    factory = flat_load_factory(tmp_path)
    scenario = tiny_scenario(
        factory,
        pv_capex_cny_per_kwp=1e6,
        targets=[{"year": 2026, "level": "I-6"}],
        certificates={"price_cny_per_mwh": 50.0},
        time_resolution={"typical_days": 3},
    )
    result = solve(scenario)
    assert result.annual["gec_mwh"].iloc[0] == pytest.approx(876.0, rel=1e-9)
    result.flows["gec_mwh"].values[0] -= 10.0
    short = check_full_year(result, workers=1).table.iloc[0]
    assert not short["certified"] and not short["target_met_as_bought"] and not short["repaired"]
    assert short["full_year_re_share"] == pytest.approx(866 / 876, rel=1e-9)
    repaired = check_full_year(result, repair=True, workers=1)
    row = repaired.table.iloc[0]
    assert row["certified"] and row["repaired"] and row["full_year_level"] == "I-6"
    assert row["gec_mwh_added"] == pytest.approx(10.0, rel=1e-7)
    assert repaired.annual["gec_mwh"].iloc[0] == pytest.approx(876.0, rel=1e-9)
    assert row["offsets_tco2e_added"] == pytest.approx(0.0, abs=1e-6)


def test_the_full_year_dispatches_the_heat_pump_and_the_heat_store(tmp_path: Path) -> None:
    # 100 kWh_th of heat every day at 18:00 (peak, 1.0 CNY/kWh), a COP-2 heat pump and a lossless
    # store, both nearly free: the plan runs the pump in the two valley hours (50 kW_th each) and
    # the store delivers at 18:00, no gas. The full-year LP must dispatch them likewise, day by
    # day: its cost equals the plan's, and its import carries the pump's 25 kW in those hours.
    profile = np.zeros(8760)
    profile[18::24] = 100.0
    csv = tmp_path / "heat.csv"
    csv.write_text("heat_kw\n" + "\n".join(f"{v:g}" for v in profile) + "\n", encoding="utf-8")
    heat = {
        "demands": [{"name": "washer", "temperature_c": 60, "annual_mwh_th": 36.5, "profile_csv": str(csv)}],
        "options": [
            {
                "name": "washer_hp",
                "kind": "industrial_heat_pump",
                "serves": "washer",
                "cop": 2.0,
                "capex_cny_per_kw_th": 0.01,
                "life_years": 1,
            }
        ],
        "storage": [TANK],
    }
    gas_nm3 = 36_500 / (0.9 * 10.814)
    factory = flat_load_factory(
        tmp_path, fuel={"natural_gas_nm3_per_year": gas_nm3, "boiler_efficiency": 0.9}, heat=heat
    )
    scenario = tiny_scenario(
        factory, tariff=ARBITRAGE_TARIFF, pv_capex_cny_per_kwp=1e6, time_resolution={"typical_days": 3}
    )
    result = solve(scenario)
    check = check_full_year(result, workers=1)
    row = check.table.iloc[0]
    annual = check.annual.iloc[0]
    assert annual["gas_use_nm3"] == pytest.approx(0.0, abs=1e-3)
    assert annual["heat_electricity_mwh"] == pytest.approx(36.5 / 2.0, rel=1e-6)
    assert row["full_year_total_cost_cny"] == pytest.approx(result.annual["total_cost_cny"].iloc[0], rel=1e-7)
    assert abs(row["cost_error"]) < 1e-7
    output = check.flows["heat_output_kw_th"].isel(heat_option=0, year=0).values  # (day, hour)
    assert output[:, [1, 2]] == pytest.approx(np.full((365, 2), 50.0), rel=1e-5)
    assert check.flows["grid_import_kw"].isel(year=0).values[:, 1] == pytest.approx(
        np.full(365, 125.0), rel=1e-5
    )
    bill = 100 * 365 * (1.0 + 2 * 0.2 + 21 * 0.6) + 365 * 10
    assert annual["electricity_cost_cny"] == pytest.approx(bill, rel=1e-6)


@pytest.mark.parametrize("iteration_limit", [None, 1])
def test_years_warm_started_from_one_another_reach_the_cold_optimum(
    iteration_limit: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # three years of a 2-day problem, each differing in use and battery size: the chain that
    # starts each year from the previous year's basis must reach each year's own optimum, which
    # is computed by hand: 100 kW use, valley hours 1-2 at 0.2, peak hour 18 at 1.0, flat 0.6;
    # an ideal-efficiency battery of E kWh (C-rate 1) charged in the valley moves min(E, use) kWh
    # a day to the peak hour (saving 0.8 CNY/kWh) and the rest to flat hours (0.4 CNY/kWh); no
    # design-cycle limit binds (N = 365 and 2 days)
    hours = 48
    price = np.full(hours, 0.6)
    price[[1, 2, 25, 26]] = 0.2
    price[[18, 42]] = 1.0

    def year(use_kw: float, energy_kwh: float) -> YearProblem:
        return YearProblem(
            use_kw=np.full(hours, use_kw),
            generation_kw=np.zeros(hours),
            price=price,
            export_price=np.zeros(hours),
            month=np.zeros(hours, dtype=int),
            peak_excess_kw=np.zeros(hours),
            demand_charge=0.0,
            usable_kwh=energy_kwh,
            power_kw=energy_kwh,
            eta_charge=1.0,
            eta_discharge=1.0,
            design_cycles=365.0,
            export_allowed=False,
            claimed_mwh=0.0,
        )

    if iteration_limit is not None:  # every warm start gives up at once: each year solved afresh
        monkeypatch.setattr(year_lp, "WARM_ITERATION_LIMIT", iteration_limit)
    problems = [year(100.0, 50.0), year(80.0, 120.0), year(120.0, 30.0)]
    chain = solve_year_chain(problems)
    for p, warm in zip(problems, chain, strict=True):
        bill = 2 * p.use_kw[0] * (2 * 0.2 + 21 * 0.6 + 1.0)
        peak = min(p.usable_kwh, p.use_kw[0])
        expected = bill - 2 * (0.8 * peak + 0.4 * (p.usable_kwh - peak))
        assert warm.status == "optimal"
        assert warm.objective_cny == pytest.approx(expected, rel=1e-9)
        assert warm.objective_cny == pytest.approx(solve_year(p).objective_cny, rel=1e-9)
        assert warm.flows["discharge"][[18, 42]] == pytest.approx([peak] * 2)
