"""Solve with the feed-in rule enforced lazily: only in the hours where it would bind.

The rule's rows (:mod:`zcf_opt.model.feed_in`) are built inactive. Each round solves the model,
finds the hours in which battery discharge and PV export meet and activates their rows, until no
hour is left (at most :data:`MAX_ROUNDS`; then every row is activated and the model solved once
more). Each round's model is a relaxation of the full one, so the last plan, which breaks the rule
in no hour, is optimal for the full model within the MIP gap.
"""

from __future__ import annotations

from typing import Any

import pyomo.core as pyo

from zcf_opt.model.feed_in import enforce_feed_in, overlapping_hours
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.solve import SolveOutcome, solve_model, with_solve_times

#: rounds before every hour's rule is activated at once
MAX_ROUNDS = 5


def solve_with_feed_in(
    model: pyo.ConcreteModel, options: SolverOptions, solver: Any = None, **solving: Any
) -> tuple[SolveOutcome, int]:
    """Solve ``model`` until no hour breaks the feed-in rule.

    ``solving`` are the keyword arguments of :func:`zcf_opt.solve.solve_model` (``tee``,
    ``progress``, ``progress_seconds``, ``while_solving``, ``relaxation_first``); the caller's
    ``while_solving`` work runs during the first round only. Returns the last outcome, its solve,
    hand-off and HiGHS seconds summed over the rounds, and the number of rounds.
    """
    spent: list[SolveOutcome] = []
    for rounds in range(1, MAX_ROUNDS + 2):
        outcome = solve_model(model, options, solver=solver, **solving)
        solving = {**solving, "while_solving": None}
        spent.append(outcome)
        if not outcome.has_solution:
            break
        hours = overlapping_hours(model)
        if not hours:
            break
        enforce_feed_in(model, list(model.feed_in.K) if rounds >= MAX_ROUNDS else hours)
    return with_solve_times(outcome, spent), rounds
