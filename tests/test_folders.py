"""zcf-opt never deletes or overwrites what it did not write (run, report, sweep and MACC folders)."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import without_permission_override, write_tiny_scenario

from zcf_opt.cli import main
from zcf_opt.files import MANIFEST, intact, read_manifest

#: the command line in a fresh process
ZCF_OPT = [sys.executable, "-c", "from zcf_opt.cli import main; main()"]

RUN_FILES = {
    "summary.json",
    "scenario.json",
    "annual.csv",
    "investments.csv",
    "evidence.csv",
    "dispatch.nc",
    "inputs.nc",
    "full_year_check.csv",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under ``folder``: its bytes (None for folders) and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def solve(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["solve", *map(str, args), "--quiet"])
    return result.exit_code, result.output


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return write_tiny_scenario(tmp_path / "project")


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    """A folder of a user's own: documents and a sub-folder of data."""
    folder = tmp_path / "documents"
    (folder / "data").mkdir(parents=True)
    (folder / "offer.docx").write_bytes(b"the user's offer")
    (folder / "data" / "meter.csv").write_text("load_kw\n1\n")
    return folder


def test_solve_into_a_folder_of_other_files_exit_2_nothing_touched(scenario: Path, user_folder: Path) -> None:
    before = snapshot(user_folder)
    code, output = solve(scenario, "--out", user_folder)
    assert code == 2, output
    assert output.count("\n") == 1 and output.startswith(f"error: {user_folder}: holds files")
    assert "offer.docx" in output and "Traceback" not in output
    assert snapshot(user_folder) == before


def test_beside_other_files_writes_next_to_them_and_never_replaces_one(
    scenario: Path, user_folder: Path
) -> None:
    (user_folder / "summary.json").write_text("the user's own summary")
    before = snapshot(user_folder)
    code, output = solve(scenario, "--out", user_folder, "--beside-other-files")
    assert code == 2 and "summary.json" in output and "did not write" in output
    assert snapshot(user_folder) == before
    (user_folder / "summary.json").unlink()
    before = snapshot(user_folder)
    for _ in range(2):
        code, output = solve(scenario, "--out", user_folder, "--beside-other-files")
        assert code == 0, output
        now = snapshot(user_folder)
        assert {k: v for k, v in now.items() if k in before} == before
        assert set(now) == set(before) | RUN_FILES | {MANIFEST}
    assert set(read_manifest(user_folder)["files"]) == RUN_FILES


def test_resolving_replaces_only_the_runs_own_files(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "results" / "tiny"
    assert solve(scenario, "--out", out)[0] == 0
    kept = {
        "sweep/cost_curve.csv": "level,npv\n",
        "report/proposal.html": "<html></html>",
        "analysis/notes.md": "my notes",
        "notes.txt": "mine",
    }
    for name, text in kept.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_text(text)
    before = snapshot(out)
    # the same scenario made infeasible: the new run writes only summary.json and scenario.json
    infeasible = write_tiny_scenario(
        scenario.parent,
        targets=[{"year": 2026, "level": "I-6"}],
        certificates={"cap_mwh": 0},
        green_power={"cap_mwh": 0},
    )
    code, output = solve(infeasible, "--out", out)
    assert code == 3, output
    now = snapshot(out)
    for name, text in kept.items():
        assert (out / name).read_text() == text and now[name] == before[name]
    assert not (out / "annual.csv").exists() and not (out / "dispatch.nc").exists()
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"
    assert intact(out, "run")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("where", ["scenario folder", "current folder", "parent of current", "a file"])
def test_out_may_not_be_the_scenario_folder_the_current_folder_or_a_file(
    where: str, scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("mine")
    monkeypatch.chdir(work)
    out = {
        "scenario folder": scenario.parent,
        "current folder": Path("."),
        "parent of current": Path(".."),
        "a file": work / "keep.txt",
    }[where]
    before = snapshot(tmp_path)
    code, output = solve(scenario, "--out", out, "--beside-other-files")
    assert code == 2, output
    assert output.startswith(f"error: {out}: ") and output.count("\n") == 1
    assert snapshot(tmp_path) == before


def test_report_and_macc_and_sweep_folders_follow_the_same_rules(
    scenario: Path, user_folder: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    assert solve(scenario, "--out", run)[0] == 0
    before = snapshot(user_folder)
    runner = CliRunner()
    for args in (
        ["report", str(run), "--out", str(user_folder), "--lang", "en", "--format", "html"],
        ["macc", str(scenario), "--out", str(user_folder), "--quiet"],
        ["sweep", str(scenario), "--levels", "I-3", "--out", str(user_folder), "--quiet"],
        ["report", str(run), "--out", str(run), "--lang", "en"],  # a run folder is no report folder
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(user_folder) == before
    # a report written twice replaces its own files; the run folder keeps it beside the run's files
    for _ in range(2):
        result = runner.invoke(main, ["report", str(run), "--lang", "en", "--format", "html"])
        assert result.exit_code == 0, result.output
    assert intact(run / "report", "report") and intact(run, "run")
    assert (run / "report" / "proposal.html").is_file()


def _subprocess_solve(scenario: Path, out: Path, preexec=None, prefix: list[str] | None = None):
    return subprocess.run(
        [*(prefix or []), *ZCF_OPT, "solve", str(scenario), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec,
    )


def test_two_processes_writing_one_folder_end_with_one_complete_run(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared"
    command = [*ZCF_OPT, "solve", str(scenario), "--out", str(out), "--quiet"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
        assert "Traceback" not in stdout + stderr
    assert intact(out, "run")
    assert {p.name for p in out.iterdir()} == RUN_FILES | {MANIFEST}
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_read_only_folder_one_line_nonzero_and_the_older_run_unchanged(
    scenario: Path, tmp_path: Path
) -> None:
    prefix = without_permission_override()
    if prefix is None:
        pytest.skip("cannot drop the permission override of root here")
    out = tmp_path / "run"
    assert solve(scenario, "--out", out)[0] == 0
    before = snapshot(out)
    out.chmod(0o555)
    try:
        result = _subprocess_solve(scenario, out, prefix=prefix)
    finally:
        out.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_full_disk_one_line_nonzero_nothing_half_written(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert solve(scenario, "--out", out)[0] == 0
    before = snapshot(out)
    siblings = {p.name for p in tmp_path.iterdir()}

    def small_disk() -> None:  # files may grow to 4 kB: the run's files do not fit
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = _subprocess_solve(scenario, out, preexec=small_disk)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before
    assert {p.name for p in tmp_path.iterdir()} == siblings
