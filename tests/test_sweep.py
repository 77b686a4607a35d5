"""Level sweeps, resuming, dask, sensitivity studies and the sweep command's bad-input handling."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from test_sweep_helpers import cost_curve, same_cost_curve, stars, write_small_scenario

from zcf_opt.sweep import plan_level_sweep, plan_sensitivity, run_sweep
from zcf_opt.sweep.commands import sweep_command
from zcf_opt.sweep.tables import COST_CURVE_COLUMNS

TARGET_YEAR = 2027


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_small_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="module")
def level_sweep(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sweep (baseline and all eight levels) through the command, two local workers."""
    out = tmp_path_factory.mktemp("sweeps") / "local"
    result = CliRunner().invoke(
        sweep_command, [str(scenario_file), "--out", str(out), "--workers", "2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    return out


def _curve(folder: Path) -> pd.DataFrame:
    return cost_curve(folder)


def test_cost_curve_has_a_row_per_level_and_its_columns(level_sweep: Path) -> None:
    curve = _curve(level_sweep)
    assert list(curve.columns) == COST_CURVE_COLUMNS
    assert list(curve["level"]) == ["baseline", "I-3", "I-4", "I-5", "I-6", "II-3", "II-4", "II-5", "II-6"]
    assert (curve["status"] == "optimal").all()
    assert (curve["target_year"] == TARGET_YEAR).all()
    levels = curve[curve["level"] != "baseline"]
    assert dict(zip(levels["level"], levels["provisional"], strict=True)) == {
        "I-3": True, "I-4": True, "I-5": True, "I-6": False, "II-3": True, "II-4": True, "II-5": True,
        "II-6": False,
    }  # fmt: skip
    baseline = curve.iloc[0]
    assert baseline["incremental_npv_cny"] == 0.0 and baseline["abatement_tco2e"] == 0.0
    # Type II six-star needs all residual emissions removed from the target year on, no offsets there
    six = curve.set_index("level").loc["II-6"]
    assert six["removals_tco2e"] > 0 and six["gec_mwh"] + six["green_power_mwh"] > 0
    assert "(2026)" in six["measures"]
    for stem in ("cost_curve", "macc"):
        assert (level_sweep / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (level_sweep / f"{stem}.svg").read_text(encoding="utf-8")[:2000]
    assert (level_sweep / "macc.csv").is_file()


def test_npv_rises_with_the_stars_within_a_type_and_every_level_certifies(level_sweep: Path) -> None:
    curve = _curve(level_sweep).set_index("level")
    for boundary in ("I", "II"):
        npv = [curve.loc[f"{boundary}-{n}", "objective_npv_cny"] for n in (3, 4, 5, 6)]
        assert all(b >= a * (1 - 1e-4) for a, b in itertools.pairwise(npv)), npv
        assert npv[0] >= curve.loc["baseline", "objective_npv_cny"] * (1 - 1e-4)
    # Type II counts scope 3 on top and needs removals: dearer than Type I at the same stars
    assert curve.loc["II-6", "objective_npv_cny"] > curve.loc["I-6", "objective_npv_cny"]
    for level in curve.index.drop("baseline"):
        assert bool(curve.loc[level, "certified"]), level
        annual = pd.read_csv(level_sweep / "runs" / level / "annual.csv", keep_default_na=False)
        summary = json.loads((level_sweep / "runs" / level / "summary.json").read_text())
        assert summary["status"] == "optimal" and summary["errors"] == []
        held = annual[annual["year"] >= TARGET_YEAR]
        assert (held["target_level"] == level).all()
        assert all(got.split("-")[0] == level.split("-")[0] for got in held["achieved_level"])
        assert all(stars(got) >= stars(level) for got in held["achieved_level"]), (level, held)
        assert (annual[annual["year"] < TARGET_YEAR]["target_level"] == "").all()


def test_abatement_and_average_cost_follow_their_definitions(level_sweep: Path) -> None:
    curve = _curve(level_sweep).set_index("level")
    base = pd.read_csv(level_sweep / "runs" / "baseline" / "annual.csv")
    for level, column in (("I-6", "residual_type_i_tco2e"), ("II-4", "residual_type_ii_tco2e")):
        annual = pd.read_csv(level_sweep / "runs" / level / "annual.csv")
        expected = float((base[column] - annual[column]).sum())
        assert curve.loc[level, "abatement_tco2e"] == pytest.approx(expected, rel=1e-9)
        assert curve.loc[level, "average_abatement_cost_cny_per_tco2e"] == pytest.approx(
            curve.loc[level, "incremental_npv_cny"] / expected, rel=1e-9
        )
        assert curve.loc[level, "pv_kwp"] == pytest.approx(annual["pv_installed_kwp"].iloc[-1])
        assert curve.loc[level, "offsets_tco2e"] == pytest.approx(annual["offsets_tco2e"].sum())


def test_levels_a_weaker_plan_meets_are_derived_and_match_a_direct_solve(
    level_sweep: Path, scenario_file: Path, tmp_path: Path
) -> None:
    record = json.loads((level_sweep / "sweep.json").read_text())
    derived = record["derived"]
    assert derived, "in this scenario certificates are cheaper than offsets: the I-3 plan meets I-4 to I-6"
    curve = _curve(level_sweep).set_index("level")
    levels = ",".join(derived)
    report = run_sweep(plan_level_sweep(scenario_file, levels, out_dir=tmp_path / "all"), solve_all=True)
    assert report.names("derived") == [] and sorted(report.names("solved")) == sorted(["baseline", *derived])
    direct = report.table.set_index("level")
    for level in derived:
        assert curve.loc[level, "plan_from"] != level
        assert direct.loc[level, "plan_from"] == level
        assert direct.loc[level, "objective_npv_cny"] == pytest.approx(
            curve.loc[level, "objective_npv_cny"], rel=1e-4
        )


def test_a_rerun_solves_only_the_runs_whose_folder_is_missing(
    level_sweep: Path, scenario_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "resumed"
    shutil.copytree(level_sweep, out)
    record = json.loads((level_sweep / "sweep.json").read_text())
    solved_level = next(name for name in record["solved"] if name != "baseline")
    derived_level = record["derived"][0]
    shutil.rmtree(out / "runs" / solved_level)
    shutil.rmtree(out / "runs" / derived_level)
    stale = out / "runs" / ".zcf-opt-new.999999999.0000abcd.II-3"  # left by a sweep that died
    stale.mkdir()
    (out / "runs" / ".notes").mkdir()  # a user's hidden folder
    report = run_sweep(plan_level_sweep(scenario_file, out_dir=out))
    assert report.names("solved") == [solved_level]
    assert report.names("derived") == [derived_level]
    assert len(report.names("reused")) == 7
    same_cost_curve(out, level_sweep)
    assert not stale.exists() and (out / "runs" / ".notes").is_dir()
    again = run_sweep(plan_level_sweep(scenario_file, out_dir=out), macc=False)
    assert again.names("solved") == [] and len(again.names("reused")) == 9
    assert again.backend.startswith("none")


def test_a_changed_input_is_solved_again(level_sweep: Path, tmp_path: Path) -> None:
    out = tmp_path / "changed"
    shutil.copytree(level_sweep, out)
    cheaper = write_small_scenario(tmp_path, removals={"price_cny_per_tco2e": 300})
    report = run_sweep(plan_level_sweep(cheaper, "II-6", out_dir=out), macc=False)
    assert sorted(report.names("solved")) == ["II-6", "baseline"]
    curve = report.table.set_index("level")
    assert (
        curve.loc["II-6", "incremental_npv_cny"]
        < _curve(level_sweep).set_index("level").loc["II-6", "incremental_npv_cny"]
    )


def test_a_dask_cluster_gives_the_same_table(level_sweep: Path, scenario_file: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        report = run_sweep(
            plan_level_sweep(scenario_file, out_dir=tmp_path / "dask"), scheduler=cluster.scheduler_address
        )
    assert report.backend.startswith("dask")
    assert len(report.names("solved")) + len(report.names("derived")) == 9
    pd.testing.assert_frame_equal(
        _curve(tmp_path / "dask"), _curve(level_sweep), check_exact=False, rtol=1e-9
    )


@pytest.mark.parametrize(
    "arguments, field",
    [
        (["--levels", "I-3,I-9"], "--levels"),
        (["--levels", "I-4,I-4"], "--levels"),
        (["--from-year", "2040"], "--from-year"),
        (["--vary", "coffee_price=1,2"], "--vary"),
        (["--vary", "tariff.nothing=1"], "--vary"),
        (["--vary", "gec_price=cheap"], "--vary"),
        (["--vary", "gec_price=5", "--samples", "3"], "--vary"),
        (["--samples", "3"], "sensitivity"),
        (["--vary", "discount_rate=0.9"], "discount_rate"),
    ],
)
def test_bad_sweep_input_exits_2_and_writes_nothing(
    scenario_file: Path, tmp_path: Path, arguments: list[str], field: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(sweep_command, [str(scenario_file), "--out", str(out), *arguments])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {scenario_file}: field '{field}': ")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_grid_sensitivity_writes_one_row_per_combination(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "sens"
    result = CliRunner().invoke(
        sweep_command,
        [str(scenario_file), "--out", str(out), "--vary", "gec_price=5,50", "--vary", "pv_capex=2500,3500",
         "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "sensitivity.csv", keep_default_na=False, na_values=[""])
    assert list(table["gec_price"]) == [5, 5, 50, 50] and list(table["pv_capex"]) == [2500, 3500, 2500, 3500]
    # the table is printed too: one line per run with its values, status, NPV [M CNY] and level
    printed = [line.split() for line in result.stdout.splitlines() if line.startswith("p00")]
    assert [row[:4] for row in printed] == [
        [run, f"{price:g}", f"{capex:g}", "-"]
        for run, price, capex in zip(table["run"], table["gec_price"], table["pv_capex"], strict=True)
    ]
    assert [(row[4], float(row[5].replace(",", "")), row[6]) for row in printed] == [
        ("optimal", pytest.approx(npv / 1e6, abs=0.006), "II-6") for npv in table["objective_npv_cny"]
    ]
    assert (table["status"] == "optimal").all()
    assert (table["targets"] == "2027:II-6").all() and (table["level"].isna()).all()
    assert (table["level_reached"] == "II-6").all()
    assert {"level_2026", "level_2027", "level_2028", "pv_kwp", "gec_mwh", "measures"} <= set(table.columns)
    # a dearer input can never make the optimum cheaper
    npv = table.set_index(["gec_price", "pv_capex"])["objective_npv_cny"]
    for capex in (2500, 3500):
        assert npv[(50, capex)] >= npv[(5, capex)] * (1 - 1e-4)
    for price in (5, 50):
        assert npv[(price, 3500)] >= npv[(price, 2500)] * (1 - 1e-4)
    # varied values apply as constant trajectories
    scenario = json.loads((out / "runs" / "p002" / "scenario.json").read_text())
    assert scenario["certificates"]["price_cny_per_mwh"] == 50.0
    assert scenario["pv_capex_cny_per_kwp"] == 2500.0
    assert scenario["certificates"]["cap_mwh"] is None


def test_samples_are_drawn_from_the_scenario_ranges_deterministically(tmp_path: Path) -> None:
    ranges = {
        "offset_price": {"low": 50, "high": 90},
        "tariff.demand_charge_cny_per_kw_month": {"low": 20, "high": 40},
    }
    path = write_small_scenario(tmp_path, sensitivity=ranges)
    first = plan_sensitivity(path, samples=4, seed=7, levels="I-6,II-6")
    second = plan_sensitivity(path, samples=4, seed=7, levels="I-6,II-6")
    other = plan_sensitivity(path, samples=4, seed=8, levels="I-6,II-6")
    assert [t.name for t in first.tasks][:3] == ["I-6_p000", "II-6_p000", "I-6_p001"]
    assert [t.key for t in first.tasks] == [t.key for t in second.tasks]
    assert [t.key for t in first.tasks] != [t.key for t in other.tasks]
    prices = sorted({t.point["offset_price"] for t in first.tasks})
    assert len(prices) == 4 and all(50 <= p <= 90 for p in prices)
    assert sorted(int((p - 50) // 10) for p in prices) == [0, 1, 2, 3]  # one point per stratum
    for task in first.tasks:
        assert task.scenario.offsets.price_cny_per_tco2e == task.point["offset_price"]
        demand = task.scenario.tariff.demand_charge_cny_per_kw_month
        assert demand == task.point["tariff.demand_charge_cny_per_kw_month"]
        assert task.scenario.targets[0].year == 2027
    # the scenario's other fields are kept: its tariff from the library, only the demand charge varied
    tariff = first.tasks[0].scenario.tariff
    assert tariff.name == "jiangsu-2025-10kv" and np.isclose(tariff.base_price_cny_per_kwh, 0.45)


def test_an_infeasible_level_is_a_row_with_its_reason(tmp_path: Path) -> None:
    capped = write_small_scenario(tmp_path, removals={"price_cny_per_tco2e": 600, "cap_tco2e": 1000})
    out = tmp_path / "capped"
    result = CliRunner().invoke(
        sweep_command, [str(capped), "--levels", "I-6,II-3,II-6", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    curve = _curve(out).set_index("level")
    assert curve.loc["I-6", "status"] == "optimal" and bool(curve.loc["I-6", "certified"])
    for level in ("II-3", "II-6"):
        assert curve.loc[level, "status"] == "infeasible"
        assert np.isnan(curve.loc[level, "objective_npv_cny"]) and not bool(curve.loc[level, "certified"])
    assert "2027 T/CECA-G 0171-2022 II-3" in curve.loc["II-3", "message"]
    assert curve.loc["II-6", "plan_from"] == "II-3" and "infeasible" in curve.loc["II-6", "message"]
    assert json.loads((out / "runs" / "II-6" / "summary.json").read_text())["status"] == "infeasible"
    assert (out / "cost_curve.png").is_file()


def test_a_run_that_raises_is_reported_and_solved_on_the_next_sweep(
    scenario_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zcf_opt.sweep import execute

    solve = execute.solve

    def broken(scenario, **kwargs):
        if scenario.name.endswith("-II-4"):
            raise RuntimeError("HiGHS stopped")
        return solve(scenario, **kwargs)

    out = tmp_path / "broken"
    monkeypatch.setattr(execute, "solve", broken)
    args = [str(scenario_file), "--levels", "II-3,II-4,II-5", "--out", str(out), "--workers", "1", "--quiet"]
    result = CliRunner().invoke(sweep_command, args)
    assert result.exit_code == 1
    assert "error: run II-4: RuntimeError: HiGHS stopped" in result.stderr
    curve = _curve(out).set_index("level")
    assert curve.loc["II-4", "status"] == "error" and curve.loc["II-5", "status"] == "optimal"
    assert not (out / "runs" / "II-4").exists()
    monkeypatch.setattr(execute, "solve", solve)
    report = run_sweep(plan_level_sweep(scenario_file, "II-3,II-4,II-5", out_dir=out), workers=1, macc=False)
    assert report.names("solved") == ["II-4"] and report.failed == []


def test_a_varied_factory_field_gets_its_own_time_slices(scenario_file: Path, tmp_path: Path) -> None:
    plan = plan_sensitivity(scenario_file, vary=["factory.roof.tilt_deg=5,35"], out_dir=tmp_path / "tilt")
    assert len(plan.slices) == 3  # the scenario's own (for the MACC) and one per tilt
    assert plan.tasks[0].slices_sha != plan.tasks[1].slices_sha
    assert plan.tasks[0].family != plan.tasks[1].family
    report = run_sweep(plan, macc=False)
    assert (report.table["status"] == "optimal").all()
    generation = [
        pd.read_csv(tmp_path / "tilt" / "runs" / name / "annual.csv")["pv_generation_mwh"].iloc[0]
        for name in ("p000", "p001")
    ]
    assert generation[0] != pytest.approx(generation[1], rel=1e-3)


def test_an_interrupted_sweep_keeps_its_finished_runs(
    level_sweep: Path, scenario_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "interrupted"
    code = "from zcf_opt.sweep.commands import sweep_command; sweep_command()"
    command = [sys.executable, "-c", code, str(scenario_file), "--out", str(out), "--quiet"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if (out / "runs").is_dir() and any(p.name == "baseline" for p in (out / "runs").iterdir()):
            os.killpg(process.pid, signal.SIGINT)
            break
        time.sleep(0.05)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 130), stderr
    if process.returncode == 130:
        assert "interrupted: finished runs are kept" in stderr and "Traceback" not in stderr
    kept = sorted(p.name for p in (out / "runs").iterdir() if not p.name.startswith("."))
    assert "baseline" in kept
    report = run_sweep(plan_level_sweep(scenario_file, out_dir=out), macc=False)
    assert sorted(report.names("reused")) == kept
    assert not set(report.names("solved")) & set(kept)
    same_cost_curve(out, level_sweep)
