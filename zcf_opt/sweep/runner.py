"""Plan and run sweeps: level cost curves and sensitivity studies (the Python API).

Planning validates everything (scenario, levels, parameters, every run's scenario) and
computes the shared time slices; it writes nothing, so bad input leaves no files behind.
Running solves what is not finished yet and writes the tables and charts::

    from zcf_opt.sweep import plan_level_sweep, run_sweep
    report = run_sweep(plan_level_sweep("scenarios/type2_6star_2030.yaml"))
    report.table                   # the cost curve
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from zcf_opt import __version__
from zcf_opt.errors import InputError, OutputError
from zcf_opt.files import claim_folder, remove_stale_staging, staged_folder
from zcf_opt.inputs.prepare import time_slices
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.load import load_scenario
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook, scenario_rulebooks, scenario_standard_problems
from zcf_opt.sweep.cache import slices_digest
from zcf_opt.sweep.execute import OnFinished, execute, exit_with_parent, make_backend, order_weakest_first
from zcf_opt.sweep.levels import BASELINE, parse_levels, sweep_target_year
from zcf_opt.sweep.macc import macc_table
from zcf_opt.sweep.params import parse_vary
from zcf_opt.sweep.plots import plot_cost_curve, plot_macc
from zcf_opt.sweep.sampling import grid_points, latin_hypercube
from zcf_opt.sweep.tables import cost_curve_table, sensitivity_table
from zcf_opt.sweep.tasks import RunTask, make_task

#: files a MACC writes (into its own folder, or into a sweep's)
MACC_FILES = ("macc.csv", "macc.png", "macc.svg")

#: files of a sweep folder besides ``runs/``
SWEEP_FILES = (
    "cost_curve.csv",
    "cost_curve.png",
    "cost_curve.svg",
    "sensitivity.csv",
    "sweep.json",
    *MACC_FILES,
)


@dataclass(frozen=True)
class SweepPlan:
    """A validated sweep, ready to run.

    Attributes
    ----------
    kind
        ``"levels"`` (cost curve) or ``"sensitivity"``.
    slices
        Time slices by digest: those of the scenario first, then those of runs whose factory
        or time resolution is varied.
    tasks
        The runs, in table order.
    target_year
        First year the swept levels hold [yr]; None for a sensitivity study on the
        scenario's own targets.
    levels
        Swept levels (empty: the scenario's own targets).
    parameters
        Varied parameters (names as given).
    """

    kind: str
    scenario_file: Path
    scenario: Scenario
    rulebook: Rulebook
    slices: dict[str, TimeSlices]
    tasks: list[RunTask]
    out_dir: Path
    target_year: int | None
    levels: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)


@dataclass
class SweepReport:
    """What a sweep did: the table, each run's source and the files written."""

    out_dir: Path
    table: pd.DataFrame
    sources: dict[str, str]
    files: list[Path]
    backend: str
    seconds: float
    failed: list[str]
    with_errors: list[str]

    def names(self, source: str) -> list[str]:
        """Runs whose result came from ``source`` (``solved``, ``derived``, ``reused``, ``failed``)."""
        return [name for name, got in self.sources.items() if got == source]


@contextmanager
def _about(scenario_file: Path) -> Iterator[None]:
    """Name the scenario file in input errors about command-line options."""
    try:
        yield
    except InputError as exc:
        if exc.file is None:
            raise InputError(scenario_file, exc.field, exc.message) from None
        raise


def _load(scenario_file: Path) -> tuple[Scenario, Rulebook, dict[str, TimeSlices]]:
    scenario = load_scenario(scenario_file)
    problems = scenario_standard_problems(scenario)
    if problems:
        raise InputError(scenario_file, *problems[0])
    rulebook = next(iter(scenario_rulebooks(scenario).values()))
    slices = time_slices(scenario)
    return scenario, rulebook, {slices_digest(slices): slices}


def _out_dir(scenario: Scenario, out_dir: str | Path | None) -> Path:
    return Path(out_dir) if out_dir is not None else Path("results") / scenario.name / "sweep"


def plan_level_sweep(
    scenario_file: str | Path,
    levels: str | None = None,
    from_year: int | None = None,
    out_dir: str | Path | None = None,
) -> SweepPlan:
    """Plan a level sweep: the baseline and one run per level, held from the target year on.

    Parameters
    ----------
    scenario_file
        The scenario YAML.
    levels
        Comma-separated levels (``"I-3,I-4,II-6"``); default every level of the standard.
    from_year
        First year of the levels [yr]; default the year of the scenario's last target, or the
        middle of the horizon without targets (:func:`~zcf_opt.sweep.levels.sweep_target_year`).
    out_dir
        Sweep folder; default ``results/<scenario name>/sweep``.

    Raises
    ------
    zcf_opt.errors.InputError
        On bad input; nothing is written.
    """
    scenario_file = Path(scenario_file)
    with _about(scenario_file):
        scenario, rulebook, slices = _load(scenario_file)
        chosen = parse_levels(levels, rulebook)
        year = sweep_target_year(scenario, from_year)
        tasks = [make_task(scenario_file, scenario, rulebook, slices, BASELINE)]
        tasks += [make_task(scenario_file, scenario, rulebook, slices, lvl, lvl, year) for lvl in chosen]
    return SweepPlan(
        "levels", scenario_file, scenario, rulebook, slices, tasks, _out_dir(scenario, out_dir), year, chosen
    )


def plan_sensitivity(
    scenario_file: str | Path,
    vary: list[str] | tuple[str, ...] = (),
    samples: int | None = None,
    seed: int = 0,
    levels: str | None = None,
    from_year: int | None = None,
    out_dir: str | Path | None = None,
) -> SweepPlan:
    """Plan a sensitivity study: a grid (``vary``) or ``samples`` Latin-hypercube points.

    Parameters
    ----------
    scenario_file
        The scenario YAML.
    vary
        ``"name=v1,v2,..."`` items; the grid is their Cartesian product.
    samples
        Number of points drawn from the scenario's ``sensitivity`` ranges (instead of ``vary``).
    seed
        Seed of the sampling (same seed, same points).
    levels
        Comma-separated levels: each point is solved at each level from the target year on.
        Default: the scenario's own targets, unchanged.
    from_year
        First year of the swept levels [yr] (with ``levels``), as in :func:`plan_level_sweep`.
    out_dir
        Sweep folder; default ``results/<scenario name>/sweep``.
    """
    scenario_file = Path(scenario_file)
    with _about(scenario_file):
        if bool(vary) == (samples is not None):
            raise InputError(None, "--vary", "give either --vary NAME=V1,V2 (a grid) or --samples N")
        grid = parse_vary(list(vary)) if vary else {}
        scenario, rulebook, slices = _load(scenario_file)
        if samples is not None:
            points: list[dict[str, Any]] = latin_hypercube(scenario.sensitivity, samples, seed)
            parameters = list(scenario.sensitivity)
        else:
            points = grid_points(grid)
            parameters = list(grid)
        chosen = parse_levels(levels, rulebook) if levels is not None else []
        year = sweep_target_year(scenario, from_year) if chosen else None
        width = max(3, len(str(len(points) - 1)))
        tasks = []
        for k, point in enumerate(points):
            if chosen:
                tasks += [
                    make_task(
                        scenario_file, scenario, rulebook, slices, f"{lvl}_p{k:0{width}d}", lvl, year, point
                    )
                    for lvl in chosen
                ]
            else:
                tasks.append(
                    make_task(
                        scenario_file,
                        scenario,
                        rulebook,
                        slices,
                        f"p{k:0{width}d}",
                        point=point,
                        own_targets=True,
                    )
                )
    return SweepPlan(
        "sensitivity",
        scenario_file,
        scenario,
        rulebook,
        slices,
        tasks,
        _out_dir(scenario, out_dir),
        year,
        chosen,
        parameters,
    )


def run_sweep(
    plan: SweepPlan,
    workers: int | None = None,
    threads: int | None = None,
    scheduler: str | None = None,
    solve_all: bool = False,
    on_finished: OnFinished | None = None,
    macc: bool = True,
) -> SweepReport:
    """Run a planned sweep and write its tables, charts and run folders.

    Parameters
    ----------
    plan
        From :func:`plan_level_sweep` or :func:`plan_sensitivity`.
    workers
        Local worker processes [1]; default the number of cores.
    threads
        HiGHS threads per run [1]; default cores // workers (1 on a dask cluster).
    scheduler
        Address of a dask.distributed scheduler to run on instead of local processes.
    solve_all
        Solve every run, deriving none from weaker levels.
    on_finished
        Called with (run name, source) as each run becomes final (progress display).
    macc
        Also write the MACC (``macc.csv``, ``macc.png``, ``macc.svg``).
    """
    started = time.perf_counter()
    out = plan.out_dir
    runs_dir = out / "runs"
    claim_folder(out, "sweep", legacy_sweep_entry)
    try:
        runs_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{runs_dir}: cannot be written ({exc.strerror or exc})") from None
    remove_stale_staging(runs_dir)
    backend_used: list[str] = []

    def backend_factory(runs: int):
        backend = make_backend(plan.slices, runs, workers=workers, threads=threads, scheduler=scheduler)
        backend_used.append(backend.description)
        return backend

    macc_slices = next(iter(plan.slices.values()))
    with staged_folder(out, "sweep", legacy_sweep_entry) as staging:
        macc_job = start_macc(plan.scenario, plan.rulebook, macc_slices, staging) if macc else None
        ordered = order_weakest_first(plan.tasks, plan.rulebook)
        try:
            finished = execute(
                ordered, runs_dir, plan.rulebook, plan.slices, backend_factory, on_finished, solve_all
            )
        except BaseException:
            if macc_job is not None:
                macc_job.terminate()
            raise
        by_name = {f.task.name: f for f in finished}
        runs = {name: by_name[name].run_json for name in (t.name for t in plan.tasks)}
        written: list[Path] = []
        if plan.kind == "levels":
            table = cost_curve_table(runs, plan.levels, plan.rulebook, plan.target_year)
            written.append(staging / "cost_curve.csv")
            table.to_csv(written[-1], index=False)
            title = f"{plan.scenario.name}: cost of each zero-carbon-factory level from {plan.target_year}"
            written += plot_cost_curve(table, staging / "cost_curve", title, plan.rulebook.standard)
        else:
            table = sensitivity_table(list(runs.values()), plan.parameters, plan.rulebook, plan.target_year)
            written.append(staging / "sensitivity.csv")
            table.to_csv(written[-1], index=False)
        if macc:
            written += finish_macc(macc_job, plan.scenario, plan.rulebook, macc_slices, staging)
        sources = {name: by_name[name].source for name in runs}
        failed = [name for name, source in sources.items() if source == "failed"]
        with_errors = [name for name, data in runs.items() if data["record"]["errors"] and name not in failed]
        seconds = time.perf_counter() - started
        report = SweepReport(
            out,
            table,
            sources,
            [out / path.name for path in written],
            backend_used[0] if backend_used else "none (nothing to solve)",
            seconds,
            failed,
            with_errors,
        )
        summary = {
            "kind": plan.kind,
            "scenario": plan.scenario.name,
            "scenario_file": str(plan.scenario_file),
            "target_year": plan.target_year,
            "levels": plan.levels,
            "parameters": plan.parameters,
            "runs": [
                {
                    "name": name,
                    "key": runs[name]["key"],
                    "source": sources[name],
                    "status": runs[name]["record"]["status"],
                }
                for name in runs
            ],
            **{source: report.names(source) for source in ("solved", "derived", "reused", "failed")},
            "backend": report.backend,
            "seconds": round(seconds, 3),
            "zcf_opt_version": __version__,
        }
        (staging / "sweep.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        report.files.append(out / "sweep.json")
    return report


def start_macc(
    scenario: Scenario, rulebook: Rulebook, slices: TimeSlices, out_dir: Path
) -> multiprocessing.process.BaseProcess | None:
    """Start writing the MACC in a forked process, so it is drawn while the runs solve.

    The MACC depends on the inputs only. Returns None where fork is not available (the MACC is
    then written by :func:`finish_macc`).
    """
    if not sys.platform.startswith("linux"):
        return None
    process = multiprocessing.get_context("fork").Process(
        target=_write_macc_in_child, args=(scenario, rulebook, slices, out_dir, os.getpid()), daemon=True
    )
    process.start()
    return process


def _write_macc_in_child(
    scenario: Scenario, rulebook: Rulebook, slices: TimeSlices, out_dir: Path, parent_pid: int
) -> None:
    """Write the MACC; Ctrl-C is the sweep process's to handle (it stops this process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(parent_pid)
    write_macc_files(scenario, rulebook, slices, out_dir)


def finish_macc(
    job: multiprocessing.process.BaseProcess | None,
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices,
    out_dir: Path,
) -> list[Path]:
    """Wait for :func:`start_macc`; write the MACC here when it was not started or failed."""
    if job is not None:
        job.join()
        if job.exitcode == 0:
            return [out_dir / name for name in MACC_FILES]
    return write_macc_files(scenario, rulebook, slices, out_dir)


def legacy_sweep_entry(path: Path) -> str | None:
    """An entry of a sweep folder written before folders had a manifest: ``"own"``, ``"keep"`` or None."""
    if path.is_file() and path.name in SWEEP_FILES:
        return "own"
    if path.is_dir() and path.name == "runs":
        return "keep"
    return None


def legacy_macc_entry(path: Path) -> str | None:
    """An entry of a MACC folder written before folders had a manifest: ``"own"`` or None."""
    return "own" if path.is_file() and path.name in MACC_FILES else None


def write_macc_files(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices | None,
    folder: Path,
    electricity_factor: str = "market",
) -> list[Path]:
    """Write ``macc.csv``, ``macc.png`` and ``macc.svg`` into ``folder``; return their paths."""
    table = macc_table(scenario, rulebook, slices, electricity_factor)
    table.to_csv(folder / "macc.csv", index=False)
    first = scenario.horizon.first_year
    title = (
        f"{scenario.factory.name}: marginal abatement cost curve "
        f"({first} prices, {electricity_factor} electricity factor)"
    )
    return [folder / "macc.csv", *plot_macc(table, folder / "macc", title)]


def write_macc(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices | None,
    out_dir: Path,
    electricity_factor: str = "market",
) -> list[Path]:
    """Write the MACC folder ``out_dir`` (complete or not at all); return the files' paths."""
    with staged_folder(out_dir, "macc", legacy_macc_entry) as staging:
        files = write_macc_files(scenario, rulebook, slices, staging, electricity_factor)
    return [out_dir / path.name for path in files]
