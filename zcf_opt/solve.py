"""Solve a built model with HiGHS and report what came back.

The solver call lives here alone, so the formulation stays independent of the backend. The
model reaches HiGHS through :class:`zcf_opt.handoff.HighsModel` (arrays, one call); HiGHS runs
in a worker thread while this thread reports progress every few seconds (the incumbent, the
bound and the gap) and stays responsive to Ctrl-C.

Re-solving: pass the same :class:`~zcf_opt.handoff.HighsModel` again (``solver=``) after
changing mutable Params or fixing, unfixing or re-bounding variables of the model; only the
changes go to HiGHS (see :mod:`zcf_opt.handoff`). A re-solve first solves the LP relaxation,
which HiGHS starts from the basis of its previous run: when that optimum is integral it is the
MIP's optimum (typically a few hundredths of a second instead of a full MIP run, e.g. for the
next level of a sweep); otherwise the MIP is solved. A first solve is the full MIP (unless
``relaxation_first``, as in sweeps), so a single run's result does not depend on what was
solved before it; a re-solve's equals it up to round-off.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from zcf_opt.handoff import HighsModel
from zcf_opt.schema.scenario import SolverOptions

Progress = Callable[[str], None]

#: seconds between progress lines while HiGHS runs
PROGRESS_SECONDS = 5.0

#: largest distance from an integer at which an integer variable of a relaxation counts as integral
INTEGRALITY_TOLERANCE = 1e-9

#: HiGHS ``simplex_strategy`` values: dual simplex (HiGHS's default) and primal simplex
DUAL_SIMPLEX, PRIMAL_SIMPLEX = 1, 4

_STATUS = highspy.HighsModelStatus

#: HiGHS model status -> (our status, termination name as Pyomo's solver interface gives it)
TERMINATIONS = {
    _STATUS.kOptimal: ("optimal", "convergenceCriteriaSatisfied"),
    _STATUS.kInfeasible: ("infeasible", "provenInfeasible"),
    _STATUS.kUnboundedOrInfeasible: ("infeasible", "infeasibleOrUnbounded"),
    _STATUS.kUnbounded: ("unbounded", "unbounded"),
    _STATUS.kTimeLimit: ("time_limit", "maxTimeLimit"),
    _STATUS.kIterationLimit: ("time_limit", "iterationLimit"),
    _STATUS.kSolutionLimit: ("time_limit", "iterationLimit"),
}


@dataclass(frozen=True)
class SolveOutcome:
    """What HiGHS returned.

    ``status`` is ``"optimal"``, ``"infeasible"``, ``"unbounded"`` or ``"time_limit"``;
    ``has_solution`` says whether variable values were loaded (a time limit may still leave a
    feasible plan; an unbounded model has no plan). ``solve_seconds`` is the whole solve call
    [s]: ``handoff_seconds`` (the model, or its changes, passed to HiGHS) + ``highs_seconds``
    (HiGHS's own clock) + loading the solution.
    """

    status: str
    has_solution: bool
    objective_cny: float | None
    mip_gap: float | None
    solve_seconds: float
    termination: str
    handoff_seconds: float = 0.0
    highs_seconds: float = 0.0

    def not_solved(self) -> SolveOutcome:
        """This outcome for a run that re-uses it without solving (all timings zero)."""
        return dataclasses.replace(self, solve_seconds=0.0, handoff_seconds=0.0, highs_seconds=0.0)


class HighsMonitor:
    """The latest incumbent and bound HiGHS reported, and a flag that asks it to stop."""

    def __init__(self, highs: highspy.Highs) -> None:
        self.highs = highs
        self.incumbent: float | None = None
        self.bound: float | None = None
        self.stop = False

    def _events(self) -> list[tuple[Any, Callable[[Any], None]]]:
        h = self.highs
        return [
            (h.cbMipImprovingSolution, self._seen),
            (h.cbMipLogging, self._seen),
            (h.cbMipInterrupt, self._seen),
            (h.cbSimplexInterrupt, self._check_stop),
            (h.cbIpmInterrupt, self._check_stop),
        ]

    def attach(self) -> None:
        for event, callback in self._events():
            event.subscribe(callback)

    def detach(self) -> None:
        for event, callback in self._events():
            event.unsubscribe(callback)

    def _seen(self, event: Any) -> None:
        out = event.data_out
        if abs(out.mip_primal_bound) < highspy.kHighsInf:
            self.incumbent = out.mip_primal_bound
        if abs(out.mip_dual_bound) < highspy.kHighsInf:
            self.bound = out.mip_dual_bound
        self._check_stop(event)

    def _check_stop(self, event: Any) -> None:
        if self.stop:
            event.interrupt()

    def line(self, seconds: float, limit: float) -> str:
        """A progress line after ``seconds`` of HiGHS, with the time limit ``limit`` [s]."""
        clock = f"HiGHS {seconds:.0f} s of {limit:g} s"
        if self.incumbent is None:
            return f"{clock}: no feasible plan yet"
        text = f"{clock}: best plan {self.incumbent:,.0f} CNY"
        if self.bound is not None:
            gap = max(0.0, self.incumbent - self.bound) / max(abs(self.incumbent), 1e-9)
            text += f", bound {self.bound:,.0f} CNY, gap {gap:.2%}"
        return text


def _run(
    highs: highspy.Highs,
    progress: Progress | None,
    every: float,
    meanwhile: Callable[[], None] | None,
    limit: float,
) -> None:
    """Run HiGHS in a worker thread; report progress and pass Ctrl-C on as a stop request.

    ``meanwhile`` is called in this thread once HiGHS runs (HiGHS releases the GIL).
    """
    finished = threading.Event()
    failure: list[BaseException] = []

    def work() -> None:
        try:
            highs.run()
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished.set()

    monitor = HighsMonitor(highs)
    monitor.attach()
    started = time.perf_counter()
    worker = threading.Thread(target=work, name="highs", daemon=True)
    worker.start()
    try:
        if meanwhile is not None:
            meanwhile()
        while not finished.wait(every if progress is not None else 1.0):
            if progress is not None:
                progress(monitor.line(time.perf_counter() - started, limit))
    except KeyboardInterrupt:
        monitor.stop = True
        if finished.wait(2.0):  # HiGHS stopped: the model can be solved again
            monitor.detach()
        raise
    worker.join()
    monitor.detach()
    if failure:
        raise failure[0]


def _integral_relaxation(solver: HighsModel, run: Callable[[], None]) -> tuple[float, Any] | None:
    """The optimum of the LP relaxation when it is integral, then also the model's optimum.

    HiGHS starts the relaxation from the basis its last run on this model left (after a MIP
    run, which leaves none, from that run's plan: about a third of the simplex iterations of a
    cold start on the examples), so a model re-solved after a small change (other target
    thresholds, fixed investments) is solved in a fraction of a full MIP run. An optimum of the
    relaxation whose integer variables are all within :data:`INTEGRALITY_TOLERANCE` of integers
    is feasible for the MIP and no MIP plan costs less: it is the MIP's optimum (gap 0).
    Otherwise, None: the MIP is solved.

    When objective coefficients changed since the basis was optimal, and no row did (other
    prices: the next sample of a sensitivity study, started from the basis of the last), the
    primal simplex goes on from the basis, which is still feasible or nearly so (about a third
    of the dual simplex's time on the Type II example); after a change of rows (targets) or of
    bounds alone (fixed investments) the dual simplex does. A relaxation without a basis to
    start from (the first run of a sweep's worker) is solved without presolve: 4.0 s instead
    of 5.2 s on the baseline of the Type II example's level sweep, 5.0 s instead of 6.5 s on a
    sensitivity sample.
    """
    solver.set_integrality(relaxed=True)
    highs = solver.highs
    valid = highs.getBasis().valid
    if solver.mip_solution is not None and not valid:
        highs.setSolution(solver.mip_solution)  # no basis after a MIP run: start from its plan
    only_costs = valid and "cost" in solver.changed and not solver.changed & {"rows", "model"}
    if valid and not only_costs and solver.last_simplex == PRIMAL_SIMPLEX:
        # the dual simplex after a primal run on the same HiGHS object is slow to start (about
        # 1 s on the Type II example) unless handed the basis afresh (0.3 s)
        highs.setBasis(highs.getBasis())
    solver.last_simplex = PRIMAL_SIMPLEX if only_costs else DUAL_SIMPLEX
    highs.setOptionValue("simplex_strategy", solver.last_simplex)
    if not valid and solver.mip_solution is None:  # from scratch: presolve costs more than it saves
        highs.setOptionValue("presolve", "off")
    try:
        run()
        if highs.getModelStatus() != _STATUS.kOptimal:
            return None
        solver.relaxation_basis = highs.getBasis()  # kept for models that start from it
        values = np.asarray(highs.getSolution().col_value)
        objective = float(highs.getInfo().objective_function_value)
    finally:
        highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
        highs.setOptionValue("presolve", "choose")
        solver.set_integrality(relaxed=False)
    index = solver.integer_columns
    if np.abs(values[index] - np.round(values[index])).max() > INTEGRALITY_TOLERANCE:
        return None
    values[index] = np.round(values[index])
    return objective, values


def infeasible_or_unbounded(model: Any, options: SolverOptions, seconds_left: float) -> Any:
    """Tell an infeasible model from an unbounded one, which HiGHS's presolve may not.

    Solves again in a fresh HiGHS without presolve, within the time the limit leaves: its first
    LP relaxation then reports an unbounded model as unbounded. Returns that run's HiGHS model
    status (``kTimeLimit`` when no time is left).
    """
    if seconds_left <= 0:
        return _STATUS.kTimeLimit
    second = HighsModel(model)
    second.sync()
    _configure(second.highs, options.model_copy(update={"time_limit_seconds": seconds_left}), tee=False)
    second.highs.setOptionValue("presolve", "off")
    second.highs.run()
    return second.highs.getModelStatus()


def _configure(highs: highspy.Highs, options: SolverOptions, tee: bool) -> None:
    """Time limit, gap, threads and the log (to this process's stdout with ``tee``)."""
    highs.setOptionValue("time_limit", float(options.time_limit_seconds))
    highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    if options.threads is not None:
        highs.setOptionValue("threads", int(options.threads))
    highs.setOptionValue("output_flag", True)
    highs.setOptionValue("log_to_console", False)
    if tee:
        highs.cbLogging.subscribe(_echo_log)


def _echo_log(event: Any) -> None:
    sys.stdout.write(event.message)


def solve_model(
    model: Any,
    options: SolverOptions,
    tee: bool = False,
    solver: HighsModel | None = None,
    progress: Progress | None = None,
    progress_seconds: float = PROGRESS_SECONDS,
    while_solving: Callable[[], None] | None = None,
    relaxation_first: bool = False,
) -> SolveOutcome:
    """Solve ``model`` with HiGHS under the scenario's solver options.

    Parameters
    ----------
    model
        A built Pyomo model.
    options
        Time limit, gap and threads.
    tee
        Write the HiGHS log to stdout.
    solver
        A :class:`~zcf_opt.handoff.HighsModel` of ``model`` from an earlier solve (see
        :mod:`zcf_opt.session`): only the changes since then go to HiGHS. None hands the
        whole model over.
    progress
        Called with a line (time, incumbent, bound, gap) every ``progress_seconds`` [s] while
        HiGHS runs.
    while_solving
        Work for this thread while HiGHS runs in its own (e.g. imports the results need).
    relaxation_first
        Solve the LP relaxation first even on a first solve (a sweep's runs: the optimum equals
        the MIP's up to round-off, and the basis it leaves makes the next solve fast).
    """
    started = time.perf_counter()
    solver = solver if solver is not None else HighsModel(model)
    if solver.model is not model:
        raise ValueError("the HiGHS model given holds another Pyomo model")
    solver.sync()
    handoff_seconds = time.perf_counter() - started
    highs = solver.highs
    _configure(highs, options, tee)
    clock = highs.getRunTime()
    meanwhile = [while_solving]

    def run() -> None:
        _run(
            highs,
            progress,
            progress_seconds,
            meanwhile.pop() if meanwhile else None,
            options.time_limit_seconds,
        )

    relaxed = None
    try:
        if (solver.runs or relaxation_first) and len(solver.integer_columns):
            relaxed = _integral_relaxation(solver, run)
        if relaxed is None:
            spent = highs.getRunTime() - clock
            highs.setOptionValue("time_limit", max(options.time_limit_seconds - spent, 1e-3))
            run()
    finally:
        solver.runs += 1
        solver.changed = set()
        if tee:
            highs.cbLogging.unsubscribe(_echo_log)
    highs_seconds = highs.getRunTime() - clock
    if relaxed is not None:
        objective, values = relaxed
        solver.load_solution(values)
        seconds = time.perf_counter() - started
        return SolveOutcome(
            "optimal",
            True,
            objective,
            0.0,
            seconds,
            TERMINATIONS[_STATUS.kOptimal][1],
            handoff_seconds,
            highs_seconds,
        )
    model_status = highs.getModelStatus()
    if model_status == _STATUS.kInterrupt:
        raise KeyboardInterrupt
    has_solution = highs.getInfo().primal_solution_status == 2
    if has_solution and len(solver.integer_columns):
        solver.mip_solution = highs.getSolution()  # a later relaxation starts from it
    if model_status == _STATUS.kUnboundedOrInfeasible:
        seconds_left = options.time_limit_seconds - (time.perf_counter() - started)
        model_status = infeasible_or_unbounded(model, options, seconds_left)
    if model_status not in TERMINATIONS:
        raise RuntimeError(
            f"HiGHS stopped with {highs.modelStatusToString(model_status)}; this is a bug in the model"
        )
    status, termination = TERMINATIONS[model_status]
    info = highs.getInfo()
    has_solution = has_solution and status != "unbounded"
    objective = gap = None
    if has_solution:
        solver.load_solution()
        objective = float(info.objective_function_value)
        if info.mip_node_count == -1:  # a linear programme: the optimum is its own bound
            bound = objective if status == "optimal" else None
        else:
            bound = float(info.mip_dual_bound)
        if bound is not None and abs(objective) > 0:
            gap = max(0.0, (objective - bound) / abs(objective))
        else:
            gap = 0.0
    seconds = time.perf_counter() - started
    return SolveOutcome(
        status, has_solution, objective, gap, seconds, termination, handoff_seconds, highs_seconds
    )


def with_solve_times(outcome: SolveOutcome, solves: list[SolveOutcome]) -> SolveOutcome:
    """``outcome`` with the solve, hand-off and HiGHS seconds of all ``solves`` summed [s]."""
    return dataclasses.replace(
        outcome,
        solve_seconds=sum(s.solve_seconds for s in solves),
        handoff_seconds=sum(s.handoff_seconds for s in solves),
        highs_seconds=sum(s.highs_seconds for s in solves),
    )
