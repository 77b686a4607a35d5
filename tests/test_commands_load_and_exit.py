"""What the commands load, how the zcf-opt script ends, and the signs of life while HiGHS runs.

Which modules a command imports is behaviour (the report and chart code never loads for a
solve); timings are in ``benchmarks/bench_speed.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr
from click.testing import CliRunner
from test_sweep_helpers import write_small_scenario

from zcf_opt import __version__
from zcf_opt.cli import LAZY_COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("zcf-opt")

#: modules a solve must not load: report, charts, workbooks, the sweep, dask's arrays and cluster,
#: Pyomo's plugins (solver interfaces, writers, transformations: see zcf_opt.model)
NEVER_FOR_SOLVE = [
    "matplotlib",
    "openpyxl",
    "zcf_opt.report",
    "zcf_opt.sweep",
    "dask.array",
    "distributed",
    "pyomo.environ",
]

#: modules only computing the time slices needs (scikit-learn brings scipy.stats)
SLICE_LIBRARIES = ["tsam", "sklearn", "pvlib", "scipy.stats"]


def _modules_after(arguments: list[str], env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    """Exit code of ``main(arguments)`` in a fresh interpreter, and the modules it imported."""
    code = (
        "import json, sys\n"
        "from zcf_opt.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    status = exc.code or 0\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    status, modules = json.loads(process.stdout.strip().splitlines()[-1])
    return status, set(modules)


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


@pytest.mark.parametrize("argument", ["--version", "--help"])
def test_version_and_help_load_no_model_code(argument: str) -> None:
    status, modules = _modules_after([argument])
    assert status == 0
    heavy = ["numpy", "pandas", "xarray", "pyomo", "highspy", "pydantic", "yaml", "zcf_opt.run"]
    assert _loaded(modules, heavy) == []


def _help(load_first: bool) -> str:
    """``zcf-opt --help`` in a fresh interpreter, optionally with every command imported first."""
    code = (
        "import click\n"
        "from zcf_opt.cli import LAZY_COMMANDS, main\n"
        f"if {load_first}:\n"
        "    with click.Context(main) as ctx:\n"
        "        assert all(main.get_command(ctx, name) for name in LAZY_COMMANDS)\n"
        "main(['--help'], prog_name='zcf-opt')\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_help_lists_every_command_with_its_own_summary() -> None:
    lazy, loaded = _help(load_first=False), _help(load_first=True)
    assert lazy == loaded  # the summaries read from the source are those of the imported commands
    listed = re.findall(r"^  (\w+)  ", lazy.split("Commands:")[1], flags=re.M)
    assert listed == sorted(["schema", "solve", *LAZY_COMMANDS])


def test_a_solve_loads_no_report_chart_or_sweep_code(tmp_path: Path) -> None:
    scenario = write_small_scenario(tmp_path)
    store = {"ZCF_OPT_CACHE_DIR": str(tmp_path / "store")}
    status, first = _modules_after(["solve", str(scenario), "--out", str(tmp_path / "a"), "--quiet"], store)
    assert status == 0
    assert _loaded(first, NEVER_FOR_SOLVE) == []
    assert _loaded(first, SLICE_LIBRARIES) == SLICE_LIBRARIES  # the slices are computed once
    status, again = _modules_after(["solve", str(scenario), "--out", str(tmp_path / "b"), "--quiet"], store)
    assert status == 0
    assert _loaded(again, [*NEVER_FOR_SOLVE, *SLICE_LIBRARIES]) == []  # and then read back
    first_summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    again_summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert again_summary["objective_npv_cny"] == first_summary["objective_npv_cny"]


def test_the_script_ends_with_the_commands_exit_code_and_complete_files(tmp_path: Path) -> None:
    scenario = write_small_scenario(tmp_path)
    out = tmp_path / "run"
    done = subprocess.run(
        [str(SCRIPT), "solve", str(scenario), "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"results in {out}")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    with xr.open_dataset(out / "dispatch.nc") as flows:
        assert flows.sizes["year"] == 3
    bad = write_small_scenario(tmp_path, name="bad", discount_rate="eight")
    refused = subprocess.run(
        [str(SCRIPT), "solve", str(bad), "--out", str(tmp_path / "bad_run")], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]
    assert "discount_rate" in refused.stderr and not (tmp_path / "bad_run").exists()
    version = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True)
    assert (version.returncode, version.stdout.strip()) == (0, f"zcf-opt, version {__version__}")


def test_a_solve_reports_progress_while_highs_runs(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main,
        [
            "solve",
            str(ROOT / "scenarios" / "type2_6star_2030.yaml"),
            "--out",
            str(out),
            "--progress-every",
            "0.1",
        ],
    )
    assert result.exit_code == 0, result.output
    pattern = re.compile(
        r"^\[zcf-opt\] HiGHS (\d+) s of 600 s: "
        r"(no feasible plan yet|best plan [\d,]+ CNY(, bound [-\d,]+ CNY, gap \d+\.\d\d%)?)$"
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("[zcf-opt] HiGHS")]
    assert lines, result.stderr
    seconds = [int(pattern.match(line).group(1)) for line in lines]
    summary = json.loads((out / "summary.json").read_text())
    assert seconds == sorted(seconds) and seconds[-1] <= summary["highs_seconds"] + 1
