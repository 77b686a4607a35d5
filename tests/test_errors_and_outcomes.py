"""No command prints a traceback; solver outcomes are stated truthfully; unreadable inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest
from click.testing import CliRunner
from conftest import tiny_factory, without_permission_override, write_tiny_scenario

import zcf_opt.run
from zcf_opt.cli import main
from zcf_opt.cli_errors import LOG_NAME
from zcf_opt.files import intact
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.solve import solve_model

ZCF_OPT = [sys.executable, "-c", "from zcf_opt.cli import main; main()"]


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("an unexpected failure\nwith a second line")


def test_internal_error_one_line_exit_1_traceback_in_the_run_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_tiny_scenario(tmp_path)
    out = tmp_path / "run"
    monkeypatch.setattr(zcf_opt.run, "prepare_inputs", _boom)
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert result.output == (
        f"internal error: RuntimeError: an unexpected failure; the details are in {out / LOG_NAME}\n"
    )
    log = (out / LOG_NAME).read_text()
    assert "Traceback (most recent call last)" in log and "_boom" in log and "with a second line" in log
    assert intact(out, "run") and sorted(p.name for p in out.iterdir()) == [LOG_NAME, "zcf-opt-manifest.json"]
    # a later successful run replaces the log with the run's files
    monkeypatch.undo()
    assert CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"]).exit_code == 0
    assert not (out / LOG_NAME).exists() and (out / "summary.json").is_file()


def test_debug_prints_the_traceback_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = write_tiny_scenario(tmp_path)
    monkeypatch.setattr(zcf_opt.run, "prepare_inputs", _boom)
    result = CliRunner().invoke(main, ["--debug", "solve", str(scenario), "--out", str(tmp_path / "run")])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.output and "_boom" in result.output
    assert not (tmp_path / "run").exists()


def test_a_real_process_never_prints_a_traceback(tmp_path: Path) -> None:
    scenario = write_tiny_scenario(tmp_path)
    code = (
        "import zcf_opt.run\n"
        "def boom(*a, **k): raise KeyError('no such thing')\n"
        "zcf_opt.run.prepare_inputs = boom\n"
        "from zcf_opt.cli import main; main()"
    )
    out = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-c", code, "solve", str(scenario), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "internal error: KeyError: 'no such thing'; the details are in"
    )
    assert "Traceback" in (out / LOG_NAME).read_text()


def test_the_log_of_a_run_into_a_foreign_folder_goes_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zcf_opt.cli_errors as handler

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    monkeypatch.setattr(zcf_opt.run, "prepare_inputs", _boom)
    monkeypatch.setattr(handler.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    handler.log_into(foreign, "run")
    try:
        raise RuntimeError("late")
    except RuntimeError as exc:
        handler.report_internal_error(exc, debug=False)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    (log,) = (tmp_path / "tmp").iterdir()
    assert log.name.startswith("zcf-opt-error-") and "RuntimeError: late" in log.read_text()


def _milp(unbounded: bool) -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.NonNegativeReals)
    m.build = pyo.Var(within=pyo.Binary)
    if unbounded:
        m.c = pyo.Constraint(expr=m.x >= m.build)
    else:
        m.c = pyo.Constraint(expr=m.x + m.build <= -1)
    m.cost = pyo.Objective(expr=-m.x - m.build)
    return m


def test_an_unbounded_model_is_called_unbounded_never_infeasible() -> None:
    # HiGHS's presolve answers "infeasible or unbounded" for both models; the second look tells them apart
    unbounded = solve_model(_milp(unbounded=True), SolverOptions(time_limit_seconds=30))
    assert (unbounded.status, unbounded.has_solution, unbounded.objective_cny) == ("unbounded", False, None)
    assert solve_model(_milp(unbounded=False), SolverOptions(time_limit_seconds=30)).status == "infeasible"


def test_a_negative_price_that_slipped_through_exit_2_naming_the_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offsets are uncapped: at a negative price, buying more always pays, without limit."""
    prepare = zcf_opt.run.prepare_inputs

    def negative_offset_price(*args: object, **kwargs: object):
        inputs = prepare(*args, **kwargs).copy()
        inputs["offset_price_cny_per_tco2e"] = inputs["offset_price_cny_per_tco2e"] * 0 - 70.0
        return inputs

    monkeypatch.setattr(zcf_opt.run, "prepare_inputs", negative_offset_price)
    scenario = write_tiny_scenario(tmp_path, factory=tiny_factory())
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"error: {scenario}: field 'offsets.price_cny_per_tco2e': expected a value >= 0, got -70 "
        "CNY/tCO2e: with it a cost falls without limit and the plan is unbounded\n"
    )
    assert "infeasible" not in result.output and not out.exists()


def test_a_file_without_read_permission_exit_2_one_line(tmp_path: Path) -> None:
    prefix = without_permission_override()
    if prefix is None:
        pytest.skip("cannot drop the permission override of root here")
    scenario = write_tiny_scenario(tmp_path)
    scenario.chmod(0o000)
    try:
        result = subprocess.run(
            [*prefix, *ZCF_OPT, "solve", str(scenario)], capture_output=True, text=True, cwd=tmp_path
        )
    finally:
        scenario.chmod(0o644)
    assert result.returncode == 2
    assert result.stderr == f"error: {scenario}: cannot be read: permission denied\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [scenario.name]


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "scenario.yaml"
    os.mkfifo(pipe)
    result = CliRunner().invoke(main, ["solve", str(pipe)])
    assert result.exit_code == 2 and "not a regular file" in result.output
