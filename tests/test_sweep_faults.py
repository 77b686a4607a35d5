"""Sweeps survive faults: no worker outlives a killed sweep; damaged runs are solved again."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from test_sweep_helpers import write_small_scenario

from zcf_opt.cli import main
from zcf_opt.files import intact

LEVELS = "I-3,II-6"


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_small_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="module")
def reference(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sweep run once without trouble."""
    out = tmp_path_factory.mktemp("reference") / "sweep"
    result = CliRunner().invoke(
        main,
        ["sweep", str(scenario_file), "--levels", LEVELS, "--out", str(out), "--workers", "2", "--quiet"],
    )
    assert result.exit_code == 0, result.output
    return out


def _sweep(scenario_file: Path, out: Path) -> dict:
    result = CliRunner().invoke(
        main,
        ["sweep", str(scenario_file), "--levels", LEVELS, "--out", str(out), "--workers", "2", "--quiet"],
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "sweep.json").read_text())


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_sweep_killed_with_sigkill_leaves_no_process_and_reruns_to_the_same_table(
    scenario_file: Path, reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    command = [sys.executable, "-c", "from zcf_opt.cli import main; main()", "sweep", str(scenario_file)]
    command += ["--levels", LEVELS, "--out", str(out), "--workers", "2", "--quiet"]
    sweep = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(sweep.pid)
    deadline = time.monotonic() + 180
    children: list[psutil.Process] = []
    while time.monotonic() < deadline and sweep.poll() is None:
        children = parent.children(recursive=True)
        if len(children) >= 2:  # the solver workers (and the MACC process) are running
            break
        time.sleep(0.02)
    assert sweep.poll() is None and len(children) >= 2, "the sweep ended before its workers started"
    sweep.send_signal(signal.SIGKILL)
    sweep.wait(timeout=30)
    stop = time.monotonic() + 5.0
    while time.monotonic() < stop and any(_alive(child) for child in children):
        time.sleep(0.05)
    assert not [child.pid for child in children if _alive(child)]
    record = _sweep(scenario_file, out)
    assert record["failed"] == []
    assert (out / "cost_curve.csv").read_bytes() == (reference / "cost_curve.csv").read_bytes()


def test_a_damaged_run_is_solved_again_never_reused(
    scenario_file: Path, reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "damaged"
    out.mkdir()
    subprocess.run(["cp", "-a", str(reference), str(out)], check=True)
    out = out / reference.name
    summary = out / "runs" / "baseline" / "summary.json"
    summary.write_bytes(summary.read_bytes()[:100])  # truncated
    dispatch = out / "runs" / "II-6" / "dispatch.nc"
    dispatch.write_bytes(dispatch.read_bytes()[: dispatch.stat().st_size // 2])
    assert not intact(out / "runs" / "baseline", "run") and not intact(out / "runs" / "II-6", "run")
    record = _sweep(scenario_file, out)
    assert "baseline" not in record["reused"] and "II-6" not in record["reused"]
    assert "I-3" in record["reused"]
    assert intact(out / "runs" / "baseline", "run") and intact(out / "runs" / "II-6", "run")
    assert (out / "cost_curve.csv").read_bytes() == (reference / "cost_curve.csv").read_bytes()
