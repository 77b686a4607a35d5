"""One run from a scenario to checked results: prepare, build, solve, extract, account, certify.

Python API::

    from zcf_opt import load_scenario, solve
    result = solve(load_scenario("scenarios/type2_6star_2030.yaml"))
    result.annual            # pandas DataFrame, one row per year
    write_results(result, "results/type2_6star_2030")   # from zcf_opt
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd
import xarray as xr

from zcf_opt.accounting import annual_accounting, net_present_cost_cny
from zcf_opt.caveats import minimum_size_defaults, run_defaults, run_warnings
from zcf_opt.certify import certify, shortfalls
from zcf_opt.defaults import DefaultUse
from zcf_opt.diagnosis import diagnose
from zcf_opt.finance import finance_variants, green_condition_errors
from zcf_opt.inputs.prepare import prepare_inputs, time_slices
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.lazy_feed_in import solve_with_feed_in
from zcf_opt.minimum_size import apply_minimum_sizes
from zcf_opt.notices import Notice
from zcf_opt.result import RunResult
from zcf_opt.results import extract_flows, investments_table
from zcf_opt.schema import Scenario
from zcf_opt.session import ModelSession, acquire_session
from zcf_opt.solve import PROGRESS_SECONDS, with_solve_times
from zcf_opt.standards import Rulebook, load_rulebook, scenario_rulebooks
from zcf_opt.unbounded import unbounded_problems

#: relative disagreement between the solver's objective and the recomputed NPV that is an error
NPV_TOLERANCE = 1e-6

Progress = Callable[[str], None]


def solve(
    scenario: Scenario,
    progress: Progress | None = None,
    tee: bool = False,
    slices: TimeSlices | None = None,
    reuse_model: bool = True,
    progress_seconds: float = PROGRESS_SECONDS,
    while_solving: Callable[[], None] | None = None,
    relaxation_first: bool = False,
    full_year: bool = False,
    repair: bool = False,
) -> RunResult:
    """Find the least-cost plan for ``scenario`` and check it independently.

    Parameters
    ----------
    scenario
        A validated scenario (see :func:`zcf_opt.load.load_scenario`).
    progress
        Called with a short line at each stage (e.g. ``print``).
    tee
        Show the HiGHS log.
    slices
        Precomputed time slices (load and PV yield per period); computed from the factory
        when not given.
    reuse_model
        Re-solve a model built earlier in this process when only the targets or prices differ
        (:mod:`zcf_opt.session`); False builds a new one.
    progress_seconds
        Seconds between ``progress`` lines while HiGHS runs (incumbent, bound, gap) [s].
    while_solving
        Work for the calling thread while HiGHS runs (see :func:`zcf_opt.solve.solve_model`).
    relaxation_first
        Solve the LP relaxation first on the first solve too (see
        :func:`zcf_opt.solve.solve_model`; sweeps).
    full_year
        Re-check the plan on all 8,760 hours of each year (:mod:`zcf_opt.full_year`).
    repair
        In that re-check, let the purchases grow where a year's target fails on the full year.
    """
    say = progress or (lambda _message: None)
    rulebooks = scenario_rulebooks(scenario, load_rulebook(scenario.standard, scenario.rulebook_file))
    rulebook = next(iter(rulebooks.values()))
    defaults = run_defaults(scenario)
    say("preparing inputs (PV yield, load, typical days)")
    slices = slices if slices is not None else time_slices(scenario)
    for line in slices.descriptions:
        say(line)
    variants = finance_variants(prepare_inputs(scenario, rulebook, slices), scenario, rulebook, slices)
    solving = {
        "tee": tee,
        "progress": progress,
        "progress_seconds": progress_seconds,
        "while_solving": while_solving,
        "relaxation_first": relaxation_first,
    }
    results = []
    for inputs in variants:
        if len(variants) > 1:
            kind = "green rate, its level required" if int(inputs["loan_green_rate"]) else "standard rate"
            say(f"loan at {float(inputs['loan_rate_per_year']):.2%} ({kind})")
        started = time.perf_counter()
        session, reused = acquire_session(inputs, reuse=reuse_model)
        try:
            build_seconds = time.perf_counter() - started
            say("re-using the built model (other targets or prices)" if reused else "model built")
            results.append(
                _solve_session(
                    scenario,
                    session,
                    inputs,
                    rulebooks,
                    build_seconds,
                    defaults,
                    say,
                    solving,
                    list(slices.notes),
                )
            )
        finally:
            session.lock.release()
    with_plan = [r for r in results if r.has_plan]
    chosen = min(with_plan, key=lambda r: r.outcome.objective_cny) if with_plan else results[0]
    chosen = _with_all_stage_times(chosen, results)
    if full_year and chosen.has_plan:
        from zcf_opt.full_year import attach_full_year_check

        say("re-checking the plan on all 8,760 hours of each year")
        attach_full_year_check(chosen, repair)
    return chosen


def _with_all_stage_times(chosen: RunResult, results: list[RunResult]) -> RunResult:
    """``chosen`` with the build and solve times of every variant solved (both loan rates) [s]."""
    if len(results) > 1:
        chosen.build_seconds = sum(r.build_seconds for r in results)
        chosen.outcome = with_solve_times(chosen.outcome, [r.outcome for r in results])
    return chosen


def _solve_session(
    scenario: Scenario,
    session: ModelSession,
    inputs: xr.Dataset,
    rulebooks: dict[str, Rulebook],
    build_seconds: float,
    defaults: list[DefaultUse],
    say: Progress,
    solving: dict,
    data_notes: list[Notice] | None = None,
) -> RunResult:
    """Solve a built model, drop additions below the minimum sizes, then extract, account and certify.

    ``solving`` holds the keyword arguments ``tee``, ``progress``, ``progress_seconds``,
    ``while_solving`` and ``relaxation_first`` of :func:`zcf_opt.solve.solve_model` for the
    first solve. ``data_notes`` are the warnings of the data files (a distant weather file,
    filled meter gaps).
    """
    tee = solving["tee"]
    model, size = session.model, session.size
    say(
        f"solving with HiGHS: {size.variables} variables ({size.binaries} binary), "
        f"{size.constraints} constraints, limit {scenario.solver.time_limit_seconds:g} s"
    )
    outcome, rounds = solve_with_feed_in(model, scenario.solver, solver=session.solver, **solving)
    if rounds > 1:
        say(f"storage-never-feeds-the-grid rule enforced in {rounds} solves")
    notes: list[Notice] = []
    if outcome.has_solution:
        sized = apply_minimum_sizes(model, inputs, outcome, scenario.solver, session.solver, tee)
        if sized.dropped:
            items = [d.as_dict() for d in sized.dropped]
            if sized.applied:
                say(f"dropped {len(items)} addition(s) below the minimum project size and solved again")
                params = {"items": items, "npv_change_cny": sized.npv_change_cny}
                notes.append(Notice("small_projects_dropped", params, severity="note"))
                defaults = defaults + minimum_size_defaults(scenario, {d.lever for d in sized.dropped})
            else:
                notes.append(Notice("minimum_size_not_applied", {"items": items}))
        outcome = sized.outcome
    rulebook = next(iter(rulebooks.values()))
    warnings = run_warnings(scenario, rulebook, defaults) + (data_notes or []) + notes
    result = RunResult(
        scenario, rulebook, inputs, outcome, build_seconds, size, defaults, warnings, rulebooks=rulebooks
    )
    if outcome.status == "unbounded":
        result.message = "; ".join(
            f"{problem.field}: {problem.message}" if problem.field else problem.message
            for problem in unbounded_problems(inputs)
        )
        return result
    if outcome.status == "infeasible":
        say("infeasible: finding which requirements cannot be met (elastic re-solve)")
        result.message, result.diagnosis = diagnose(session, inputs, scenario, rulebooks)
        return result
    if not outcome.has_solution:
        result.message = f"no feasible plan found within {scenario.solver.time_limit_seconds:g} s"
        return result
    if outcome.status == "time_limit":
        result.warnings.append(Notice("time_limit", {"gap": outcome.mip_gap}))
    say("checking the plan (accounting and certification)")
    return check_plan(result, extract_flows(model, inputs))


def target_levels(inputs: xr.Dataset) -> dict[int, str | None]:
    """The target level in force each year (``"II-6"``), or None."""
    return {
        int(y): (str(t) or None)
        for y, t in zip(inputs["year"].values, inputs["target_level"].values, strict=True)
    }


def check_plan(result: RunResult, flows: xr.Dataset, annual: pd.DataFrame | None = None) -> RunResult:
    """Give ``result`` its plan and check it independently of the solver.

    Sets ``flows``, ``investments``, ``annual`` (the accounting of :mod:`zcf_opt.accounting`
    with the levels of :mod:`zcf_opt.certify`) and ``evidence``, and adds an error for every
    requirement of a target not met in a year and for a net present cost that differs from the
    solver's objective. ``annual`` may be passed when the accounting is already done.
    """
    inputs = result.inputs
    result.flows = flows
    result.investments = investments_table(flows, inputs)
    annual = annual_accounting(inputs, flows) if annual is None else annual
    certification = certify(annual, inputs, result.rulebooks, result.scenario.factory.production)
    result.annual = annual.merge(certification.levels, on="year")
    result.evidence = certification.evidence
    result.errors.extend(shortfalls(certification))
    result.errors.extend(
        green_condition_errors(annual, inputs, result.scenario, next(iter(result.rulebooks.values())))
    )
    npv = net_present_cost_cny(annual)
    objective = result.outcome.objective_cny
    if abs(npv - objective) > NPV_TOLERANCE * max(1.0, abs(npv)):
        result.errors.append(
            f"the recomputed net present cost {npv:,.0f} CNY differs from the solver's {objective:,.0f} CNY"
        )
    return result
