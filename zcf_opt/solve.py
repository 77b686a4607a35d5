"""Solve a built model with HiGHS and report what came back.

The solver call lives here alone, so the formulation stays independent of the backend.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pyomo.environ as pyo
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

from zcf_opt.schema.scenario import SolverOptions


@dataclass(frozen=True)
class SolveOutcome:
    """What HiGHS returned.

    ``status`` is ``"optimal"``, ``"infeasible"``, ``"unbounded"`` or ``"time_limit"``;
    ``has_solution`` says whether variable values were loaded (a time limit may still leave a
    feasible plan; an unbounded model has no plan).
    """

    status: str
    has_solution: bool
    objective_cny: float | None
    mip_gap: float | None
    solve_seconds: float
    termination: str


def infeasible_or_unbounded(
    model: pyo.ConcreteModel, options: SolverOptions, seconds_left: float
) -> TerminationCondition:
    """Tell an infeasible model from an unbounded one, which HiGHS's presolve may not.

    Solves again in a fresh HiGHS without presolve, within the time the limit leaves: its first
    LP relaxation then reports an unbounded model as unbounded. Returns that solve's
    termination condition (``maxTimeLimit`` when no time is left).
    """
    if seconds_left <= 0:
        return TerminationCondition.maxTimeLimit
    result = SolverFactory("highs").solve(
        model,
        time_limit=seconds_left,
        load_solutions=False,
        raise_exception_on_nonoptimal_result=False,
        solver_options={"presolve": "off"},
    )
    return result.termination_condition


def solve_model(
    model: pyo.ConcreteModel, options: SolverOptions, tee: bool = False, solver: Any = None
) -> SolveOutcome:
    """Solve ``model`` with HiGHS under the scenario's solver options.

    ``solver`` is a HiGHS interface that already holds ``model`` (see :mod:`zcf_opt.session`);
    it then only passes on what changed since its last solve.
    """
    solver = solver if solver is not None else SolverFactory("highs")
    started = time.perf_counter()
    result = solver.solve(
        model,
        tee=tee,
        time_limit=options.time_limit_seconds,
        rel_gap=options.mip_gap,
        threads=options.threads,
        load_solutions=False,
        raise_exception_on_nonoptimal_result=False,
    )
    termination = result.termination_condition
    if termination == TerminationCondition.infeasibleOrUnbounded:
        seconds_left = options.time_limit_seconds - (time.perf_counter() - started)
        termination = infeasible_or_unbounded(model, options, seconds_left)
    seconds = time.perf_counter() - started
    has_solution = result.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible)
    if termination == TerminationCondition.convergenceCriteriaSatisfied:
        status = "optimal"
    elif termination == TerminationCondition.unbounded:
        status, has_solution = "unbounded", False
    elif termination in (
        TerminationCondition.provenInfeasible,
        TerminationCondition.locallyInfeasible,
        TerminationCondition.infeasibleOrUnbounded,
    ):
        status = "infeasible"
    elif termination in (TerminationCondition.maxTimeLimit, TerminationCondition.iterationLimit):
        status = "time_limit"
    else:
        raise RuntimeError(f"HiGHS stopped with {termination.name}; this is a bug in the model")
    objective = gap = None
    if has_solution:
        result.solution_loader.load_vars()
        objective = float(result.incumbent_objective)
        bound = result.objective_bound
        if bound is not None and abs(objective) > 0:
            gap = max(0.0, (objective - float(bound)) / abs(objective))
        else:
            gap = 0.0
    return SolveOutcome(status, has_solution, objective, gap, seconds, termination.name)
