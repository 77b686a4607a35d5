"""Run the tasks of a sweep in parallel, skipping finished runs and deriving implied ones.

Backends
--------
- :class:`InlineBackend`: in this process, one run at a time (``workers=1``).
- :class:`LocalBackend`: a :class:`concurrent.futures.ProcessPoolExecutor` on this machine.
  On Linux its workers are forked from this process: they start in milliseconds with
  zcf-opt, Pyomo and HiGHS already imported, and receive the shared time slices once, in
  the pool's initializer. (A dask ``LocalCluster`` spawns fresh interpreters that import
  everything again and adds a scheduler: about 1-3 s of start-up for runs of 1-5 s.)
- :class:`DaskBackend`: an existing dask.distributed cluster (``--scheduler ADDRESS``); the
  time slices are scattered to every worker once.

Each backend solves a scenario with :func:`zcf_opt.run.solve` and returns the
:class:`~zcf_opt.result.RunResult`; this process writes each run folder as soon as its run is
final, so an interrupted sweep keeps every finished run.

Order and derivation
--------------------
Runs go weakest first (the baseline, then three-star levels, ...). A run is final when every
run its targets imply is final: if one of those is infeasible, so is this run; if the optimal
plan of one of those meets this run's targets, that plan is this run's optimum (see
:mod:`zcf_opt.sweep.derive`); otherwise this run's own solve is used. The rule depends on
results only, not on timing, so every backend and worker count gives the same runs. Idle
workers start runs whose weaker runs are not final yet; such a solve is dropped when the
run turns out to be derivable.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import xarray as xr

from zcf_opt import __version__
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.netcdf import open_netcdf
from zcf_opt.result import RunResult
from zcf_opt.run import solve
from zcf_opt.schema import Scenario
from zcf_opt.session import ModelSize
from zcf_opt.solve import SolveOutcome
from zcf_opt.standards import Rulebook
from zcf_opt.standards.library import column_key
from zcf_opt.sweep.cache import read_finished, write_run
from zcf_opt.sweep.derive import infeasible_for, plan_for
from zcf_opt.sweep.levels import targets_imply
from zcf_opt.sweep.record import outcome_from_dict, run_record
from zcf_opt.sweep.tasks import RunTask

#: where a final run came from
SOLVED, DERIVED, REUSED, FAILED = "solved", "derived", "reused", "failed"

OnFinished = Callable[[str, str], None]

#: seconds between calls of ``on_wait`` while runs are solving
WAIT_SECONDS = 1.0


def with_threads(scenario: Scenario, threads: int | None) -> Scenario:
    """The scenario with ``solver.threads`` set (unchanged for None)."""
    if threads is None:
        return scenario
    return scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"threads": threads})})


def solve_run(
    scenario: Scenario,
    slices: TimeSlices,
    threads: int | None,
    while_solving: Callable[[], None] | None = None,
) -> RunResult:
    """Solve one run of a sweep (executed on a worker), the LP relaxation first (see
    :func:`zcf_opt.solve.solve_model`): its basis makes the worker's next runs fast."""
    return solve(
        with_threads(scenario, threads), slices=slices, relaxation_first=True, while_solving=while_solving
    )


_WORKER: dict[str, Any] = {}

#: prctl option that sends this process a signal when its parent ends (linux/prctl.h)
PR_SET_PDEATHSIG = 1


def exit_with_parent(parent_pid: int | None = None) -> None:
    """Make this worker process end as soon as the process that started it ends.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a daemon thread checks the parent every second. A parent that died before this
    call (its pid is no longer our parent's) ends the worker at once. A sweep killed with
    SIGKILL thus leaves no solver running behind it.
    """
    parent_pid = os.getppid() if parent_pid is None else parent_pid
    armed = False
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent_pid:
        os._exit(1)
    if not armed:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="zcf-opt-parent-watch", daemon=True).start()


def _init_worker(slices: dict[str, TimeSlices], threads: int | None, parent_pid: int) -> None:
    """Keep the shared time slices in the worker; Ctrl-C is the sweep process's to handle."""
    exit_with_parent(parent_pid)
    _WORKER["slices"] = slices
    _WORKER["threads"] = threads
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _solve_in_worker(scenario: Scenario, slices_sha: str) -> RunResult:
    return solve_run(scenario, _WORKER["slices"][slices_sha], _WORKER["threads"])


class Backend(Protocol):
    """Where runs are solved: ``slots`` runs at a time."""

    slots: int
    description: str

    def submit(self, scenario: Scenario, slices_sha: str) -> Future: ...

    def close(self, wait: bool = True) -> None: ...


class InlineBackend:
    """Solve in this process, one run at a time."""

    def __init__(
        self,
        slices: dict[str, TimeSlices],
        threads: int | None,
        while_solving: Callable[[], None] | None = None,
    ) -> None:
        self.slots = 1
        self.description = "in-process, 1 worker"
        self._slices, self._threads = slices, threads
        self._while_solving = while_solving  # done once, while HiGHS solves the first run

    def submit(self, scenario: Scenario, slices_sha: str) -> Future:
        future: Future = Future()
        meanwhile, self._while_solving = self._while_solving, None
        try:
            future.set_result(solve_run(scenario, self._slices[slices_sha], self._threads, meanwhile))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self, wait: bool = True) -> None:
        pass


class LocalBackend:
    """A process pool on this machine (forked workers on Linux)."""

    def __init__(self, slices: dict[str, TimeSlices], workers: int, threads: int | None) -> None:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.slots = workers
        self.description = f"local processes ({method}), {workers} workers, HiGHS threads {threads}"
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(slices, threads, os.getpid()),
        )

    def submit(self, scenario: Scenario, slices_sha: str) -> Future:
        return self._pool.submit(_solve_in_worker, scenario, slices_sha)

    def close(self, wait: bool = True) -> None:
        """Shut the pool down; without ``wait`` (interrupted sweep) stop running solves too."""
        if not wait:
            terminate = getattr(self._pool, "terminate_workers", None)  # Python >= 3.14
            if terminate is not None:
                terminate()
                return
            processes = getattr(self._pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
        self._pool.shutdown(wait=wait, cancel_futures=True)


class DaskBackend:
    """An existing dask.distributed cluster."""

    def __init__(self, address: str, slices: dict[str, TimeSlices], threads: int | None) -> None:
        from distributed import Client

        self._client = Client(address, set_as_default=False)
        self.slots = max(1, sum(self._client.nthreads().values()))
        self.description = f"dask scheduler {address}, {self.slots} worker threads, HiGHS threads {threads}"
        self._slices = {sha: self._client.scatter(one, broadcast=True) for sha, one in slices.items()}
        self._threads = threads
        self._executor = self._client.get_executor(pure=False)

    def submit(self, scenario: Scenario, slices_sha: str) -> Future:
        return self._executor.submit(solve_run, scenario, self._slices[slices_sha], self._threads)

    def close(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=False)
        self._client.close()


def make_backend(
    slices: dict[str, TimeSlices],
    runs: int,
    workers: int | None = None,
    threads: int | None = None,
    scheduler: str | None = None,
    families: int | None = None,
    while_solving: Callable[[], None] | None = None,
) -> Backend:
    """Pick the backend for a sweep of ``runs`` runs.

    Parameters
    ----------
    slices
        Time slices by digest, shipped to every worker once.
    runs
        Runs left to do [1]; no more local workers are started.
    workers
        Local worker processes [1]; default: the number of cores, at most one per family of
        runs left (``families``): the runs of a family differ only in their targets, and one
        worker re-solves its model for each in turn in a fraction of a first solve
        (:mod:`zcf_opt.session`), faster than workers that each build and solve it anew.
    threads
        HiGHS threads per run [1]; default: cores // workers locally (so the workers do not
        oversubscribe the cores), 1 on a dask cluster (one run per worker thread).
    scheduler
        Address of a dask.distributed scheduler; runs go there instead of local processes.
    while_solving
        Work for this process while HiGHS solves the first run in it (in-process backend only;
        e.g. importing what writing the tables and charts needs).
    """
    if scheduler:
        return DaskBackend(scheduler, slices, 1 if threads is None else threads)
    cores = os.cpu_count() or 1
    workers = max(1, min(workers or min(cores, families or cores), runs))
    if workers == 1:
        return InlineBackend(slices, threads, while_solving)
    return LocalBackend(slices, workers, threads if threads is not None else max(1, cores // workers))


@dataclass
class Finished:
    """A final run: where it came from, its ``run.json`` content and (if in memory) its result."""

    task: RunTask
    source: str
    run_json: dict[str, Any]
    folder: Path | None
    result: RunResult | None = None

    @property
    def record(self) -> dict[str, Any]:
        return self.run_json["record"]

    @property
    def status(self) -> str:
        return self.record["status"]

    def outcome(self) -> SolveOutcome:
        return outcome_from_dict(self.record["outcome"])

    def model_size(self) -> ModelSize:
        return ModelSize(**self.run_json["model_size"])

    def flows(self) -> xr.Dataset:
        """The plan's flows, from memory or from the run folder's ``dispatch.nc``."""
        if self.result is not None and self.result.flows is not None:
            return self.result.flows
        return open_netcdf(self.folder / "dispatch.nc")


def may_meet(record: dict[str, Any], targets: dict[int, str | None], rulebook: Rulebook) -> bool:
    """Quick test on a run's record: does its plan reach each year's target level?

    Uses the levels the certifier gave the plan (``achieved_level_<boundary>``, ranks within a
    boundary); a plan that passes is checked in full by :func:`zcf_opt.sweep.derive.plan_for`.
    """
    for year, level in targets.items():
        if level is None:
            continue
        achieved = dict(
            zip(
                record["years"],
                record.get(f"achieved_level_{column_key(rulebook.level(level).boundary)}", []),
                strict=False,
            )
        )
        if rulebook.rank(achieved.get(year)) < rulebook.rank(level):
            return False
    return True


def _run_json(task: RunTask, result: RunResult, source: str, donor: str | None) -> dict[str, Any]:
    data = {
        "key": task.key,
        "name": task.name,
        "level": task.level,
        "point": task.point,
        "source": source,
        "derived_from": donor,
        "model_size": result.model_size.as_dict(),
        "record": run_record(result),
        "zcf_opt_version": __version__,
    }
    return json.loads(json.dumps(data))


def _failed_json(task: RunTask, exc: BaseException) -> dict[str, Any]:
    years = task.scenario.horizon.years
    record = {
        "status": "error",
        "message": f"{type(exc).__name__}: {exc}",
        "errors": [f"{type(exc).__name__}: {exc}"],
        "objective_npv_cny": None,
        "outcome": None,
        "years": years,
        "targets": [task.targets[y] for y in years],
        "plan": {},
    }
    return {
        "key": task.key,
        "name": task.name,
        "level": task.level,
        "point": task.point,
        "source": FAILED,
        "record": record,
    }


def execute(
    tasks: list[RunTask],
    runs_dir: Path,
    rulebook: Rulebook,
    slices: dict[str, TimeSlices],
    backend_factory: Callable[[int, int], Backend],
    on_finished: OnFinished | None = None,
    solve_all: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> list[Finished]:
    """Bring every task to a final run and write its folder.

    Parameters
    ----------
    tasks
        The runs, weakest first (see :func:`order_weakest_first`).
    runs_dir
        Folder of the run folders (``<sweep>/runs``).
    rulebook
        The rulebook of the tasks' targets.
    slices
        Time slices by digest (:attr:`RunTask.slices_sha`).
    backend_factory
        Called with the number of runs and of families of runs left when the first solve is
        needed.
    on_finished
        Called with the run name and its source (``solved``, ``derived``, ``reused``,
        ``failed``) as each run becomes final.
    solve_all
        Solve every run, deriving none.
    on_wait
        Called about every :data:`WAIT_SECONDS` while runs are solving (progress display).

    Returns
    -------
    list of Finished
        In the order of ``tasks``.
    """
    notify = on_finished or (lambda _name, _source: None)
    n = len(tasks)
    weaker = {
        i: [
            j
            for j in range(n)
            if j != i
            and tasks[j].family == tasks[i].family
            and targets_imply(tasks[i].targets, tasks[j].targets, rulebook)
            and (j < i or not targets_imply(tasks[j].targets, tasks[i].targets, rulebook))
        ]
        for i in range(n)
    }
    dependents = {j: [i for i in range(n) if j in weaker[i]] for j in range(n)}
    finished: dict[int, Finished] = {}
    raw: dict[int, RunResult | BaseException] = {}
    must_solve: set[int] = set()
    in_flight: dict[Future, int] = {}
    backend: Backend | None = None

    for i, task in enumerate(tasks):
        data = read_finished(runs_dir / task.name, task.key)
        if data is not None:
            finished[i] = Finished(task, REUSED, data, runs_dir / task.name)
            notify(task.name, REUSED)

    def derive(i: int) -> tuple[RunResult, str] | None:
        task = tasks[i]
        for j in weaker[i]:
            donor = finished[j]
            if donor.status == "infeasible" and donor.source != FAILED:
                result = infeasible_for(
                    task.scenario,
                    rulebook,
                    slices[task.slices_sha],
                    donor.outcome(),
                    donor.model_size(),
                    donor.task.name,
                    donor.record["message"],
                )
                return result, donor.task.name
        for j in weaker[i]:
            donor = finished[j]
            if (
                donor.status != "optimal"
                or donor.record["errors"]
                or not may_meet(donor.record, task.targets, rulebook)
            ):
                continue
            result = plan_for(
                task.scenario,
                rulebook,
                slices[task.slices_sha],
                donor.flows(),
                donor.outcome(),
                donor.model_size(),
                donor.task.name,
            )
            if result is not None:
                return result, donor.task.name
        return None

    def finalize(i: int, outcome: RunResult | BaseException, source: str, donor: str | None) -> None:
        task = tasks[i]
        raw.pop(i, None)
        if isinstance(outcome, BaseException):
            finished[i] = Finished(task, FAILED, _failed_json(task, outcome), None)
        else:
            data = _run_json(task, outcome, source, donor)
            write_run(runs_dir / task.name, outcome, data)
            finished[i] = Finished(task, source, data, runs_dir / task.name, outcome)
        notify(task.name, finished[i].source)
        for j in [i, *weaker[i]]:
            if j in finished and all(k in finished for k in dependents[j]):
                finished[j].result = None  # no run needs its plan any more

    def resolve() -> None:
        progress = True
        while progress:
            progress = False
            for i in range(n):
                if i in finished or any(j not in finished for j in weaker[i]):
                    continue
                if i not in must_solve and not solve_all:
                    derived = derive(i)
                    if derived is not None:
                        finalize(i, derived[0], DERIVED, derived[1])
                        progress = True
                        continue
                must_solve.add(i)
                if i in raw:
                    finalize(i, raw[i], SOLVED, None)
                    progress = True

    def launch(freed: list[int] | None = None) -> None:
        nonlocal backend
        busy = set(in_flight.values())
        waiting = [i for i in range(n) if i not in finished and i not in raw and i not in busy]
        waiting.sort(key=lambda i: (i not in must_solve, i))
        if waiting and backend is None:
            backend = backend_factory(len(waiting), len({tasks[k].family for k in waiting}))
        if backend is not None and backend.slots > 1:
            waiting = chained(waiting, must_solve, freed or [], backend.slots - len(in_flight))
        for i in waiting:
            if len(in_flight) >= backend.slots:
                break
            try:
                future = backend.submit(tasks[i].scenario, tasks[i].slices_sha)
            except Exception as exc:  # e.g. a worker process was killed: the pool is broken
                future = Future()
                future.set_exception(exc)
            in_flight[future] = i

    completed = False
    try:
        resolve()
        launch()
        while in_flight:
            done, _ = wait(list(in_flight), timeout=WAIT_SECONDS, return_when=FIRST_COMPLETED)
            if on_wait is not None:
                on_wait()
            freed = []
            for future in done:
                i = in_flight.pop(future)
                freed.append(i)
                if i in finished:
                    continue
                try:
                    raw[i] = future.result()
                except Exception as exc:
                    raw[i] = exc
            resolve()
            launch(freed)
        completed = True
    finally:
        if backend is not None:
            backend.close(wait=completed)
    return [finished[i] for i in range(n)]


def chained(waiting: list[int], must_solve: set[int], freed: list[int], free: int) -> list[int]:
    """``waiting`` (in launch order) with the runs for ``free`` free workers put first.

    Among the runs that must be solved (``must_solve``; positions along the sweep's path, see
    :func:`path_order`), a worker that has just finished run ``i`` (``freed``) gets the waiting
    run nearest to ``i``, so that each worker walks its own stretch of the path and solves each
    run from the basis of a near neighbour (:mod:`zcf_opt.session`); workers without a run
    before (the start) get runs spread evenly over the path. Runs that need not be solved yet
    keep their place after those.
    """
    solvable = [i for i in waiting if i in must_solve]
    if not solvable or free <= 0:
        return waiting
    chosen: list[int] = []
    for last in freed[:free]:
        left = [i for i in solvable if i not in chosen]
        if left:
            chosen.append(min(left, key=lambda i: (abs(i - last), i < last)))
    starts = free - len(chosen)
    left = [i for i in solvable if i not in chosen]
    if starts > 0 and left:
        chosen += list(dict.fromkeys(left[k * len(left) // starts] for k in range(min(starts, len(left)))))
    return chosen + [i for i in waiting if i not in chosen]


def order_weakest_first(tasks: list[RunTask], rulebook: Rulebook) -> list[RunTask]:
    """Tasks sorted so that runs implied by many others (weak ones) come first.

    Key: the number of runs of the same family a run implies, then its stars, then the
    position along a path through the runs' parameter values (:func:`path_order`; the given
    order in a level sweep).
    """

    def implied(task: RunTask) -> int:
        return sum(
            1
            for other in tasks
            if other is not task
            and other.family == task.family
            and targets_imply(task.targets, other.targets, rulebook)
        )

    def stars(task: RunTask) -> int:
        return rulebook.rank(task.level)

    positions = {id(tasks[k]): n for n, k in enumerate(path_order([t.point for t in tasks]))}
    return sorted(tasks, key=lambda t: (implied(t), stars(t), positions[id(t)]))


def path_order(points: list[dict[str, Any]]) -> list[int]:
    """Positions of ``points`` along a nearest-neighbour path, starting from the first.

    Each parameter is scaled to [0, 1] over the points (a value that is not a number counts as
    0 where equal to the first point's, else 1); each next point is the nearest one left
    (Euclidean distance, ties to the earlier position). A worker solves each run from the basis
    of its previous run (:mod:`zcf_opt.session`): the closer the prices, the fewer simplex
    iterations. Points without parameters keep their order.
    """
    names = sorted({name for point in points for name in point})
    if len(points) < 3 or not names:
        return list(range(len(points)))
    columns = []
    for name in names:
        values = [point.get(name) for point in points]
        try:
            column = np.array([float(v) for v in values])
        except (TypeError, ValueError):
            column = np.array([0.0 if v == values[0] else 1.0 for v in values])
        span = column.max() - column.min()
        columns.append((column - column.min()) / span if span > 0 else np.zeros(len(points)))
    coordinates = np.column_stack(columns)
    order, left = [0], list(range(1, len(points)))
    while left:
        distances = ((coordinates[left] - coordinates[order[-1]]) ** 2).sum(axis=1)
        order.append(left.pop(int(np.argmin(distances))))
    return order
