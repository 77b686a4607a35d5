"""Results of a run that follow from a finished run of a weaker level, without a solve.

If level B implies level A (see :mod:`zcf_opt.sweep.levels`), the plans that meet B are
among those that meet A. Hence:

- when A is infeasible, B is infeasible too;
- when A's optimal plan also meets B in every year, it is optimal for B as well: no plan
  meeting B costs less than A's optimum (same MIP gap).

:func:`plan_for` re-checks the donor plan against B with the independent accounting and the
certifier (the same steps as :func:`zcf_opt.run.solve` after the solve), so a derived run has
the same files and checks as a solved one.
"""

from __future__ import annotations

import dataclasses

import xarray as xr

from zcf_opt.accounting import annual_accounting
from zcf_opt.certify import certify
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.result import RunResult
from zcf_opt.run import check_plan, run_defaults, run_warnings
from zcf_opt.schema import Scenario
from zcf_opt.session import ModelSize
from zcf_opt.solve import SolveOutcome
from zcf_opt.standards import Rulebook, scenario_rulebooks


def plan_for(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices,
    flows: xr.Dataset,
    outcome: SolveOutcome,
    model_size: ModelSize,
    donor: str,
) -> RunResult | None:
    """The result of ``scenario`` with the optimal plan of a weaker level, if it meets ``scenario``.

    Parameters
    ----------
    scenario
        The run to derive (its targets imply the donor's).
    rulebook
        The scenario's rulebook.
    slices
        The time slices shared by the sweep.
    flows
        The donor's flows (:attr:`RunResult.flows`, or ``dispatch.nc`` of its folder).
    outcome
        The donor's solve outcome (must be ``"optimal"``).
    model_size
        The donor's model size (the model is the same but for the target thresholds).
    donor
        Name of the donor run, for the message.

    Returns
    -------
    RunResult or None
        None when the donor's plan falls short of a target of ``scenario`` in some year.
    """
    inputs = prepare_inputs(scenario, rulebook, slices)
    annual = annual_accounting(inputs, flows)
    rulebooks = scenario_rulebooks(scenario, rulebook)
    evidence = certify(annual, inputs, rulebooks, scenario.factory.production).evidence
    if not evidence["met"].astype(bool).all():
        return None
    defaults = run_defaults(scenario)
    plan_flows = flows.copy()
    plan_flows.attrs = dict(inputs.attrs)
    reused = dataclasses.replace(outcome, solve_seconds=0.0)
    result = RunResult(
        scenario,
        rulebook,
        inputs,
        reused,
        0.0,
        model_size,
        defaults,
        run_warnings(scenario, rulebook, defaults),
        rulebooks=rulebooks,
    )
    check_plan(result, plan_flows, annual)
    result.message = (
        f"plan of run '{donor}' (not solved again): it meets every target of this run, whose "
        f"thresholds imply those of '{donor}', so it is optimal here too"
    )
    return result


def infeasible_for(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices,
    outcome: SolveOutcome,
    model_size: ModelSize,
    donor: str,
    donor_message: str,
) -> RunResult:
    """The infeasible result of ``scenario`` whose targets imply those of an infeasible run."""
    inputs = prepare_inputs(scenario, rulebook, slices)
    defaults = run_defaults(scenario)
    result = RunResult(
        scenario,
        rulebook,
        inputs,
        dataclasses.replace(outcome, solve_seconds=0.0),
        0.0,
        model_size,
        defaults,
        run_warnings(scenario, rulebook, defaults),
        rulebooks=scenario_rulebooks(scenario, rulebook),
    )
    result.message = (
        f"infeasible (not solved): its thresholds imply those of run '{donor}', which is "
        f"infeasible: {donor_message}"
    )
    return result
