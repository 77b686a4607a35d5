"""Minimum project sizes: an addition below a lever's minimum is dropped and the plan re-solved.

The least-cost plan may add a sliver of capacity in a later year (a few kWh of battery where
PV degradation shifts the value of storage): a line on page one of a proposal that no one
would tender. Each lever declares its minimum (:class:`zcf_opt.model.data.MinimumSize`, listed
in :data:`zcf_opt.model.core.MINIMUM_SIZES`). After the first solve, every addition
``0 < size_v < minimum`` is dropped: that lever's additions are fixed to zero (with their
linked variables) in every year without a full-size one, and the model solved again with the
same HiGHS interface, which starts from what it already holds; this repeats while new small
additions appear, at most :data:`MAX_ROUNDS` times. Variables fixed here are
freed before returning, so a model kept for re-use is unchanged.

This is a heuristic: the re-solved plan is optimal among plans without the dropped
additions, not among all plans that respect the minimums (which would take a binary per
lever and year, and made the example's solve about 4 × slower). An addition is dropped, never
rounded up. When dropping leaves no feasible plan, the first plan is restored and kept.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pyomo.core as pyo
import xarray as xr

from zcf_opt.lazy_feed_in import solve_with_feed_in
from zcf_opt.model.core import MINIMUM_SIZES
from zcf_opt.model.data import MinimumSize
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.solve import SolveOutcome, with_solve_times

#: most re-solves
MAX_ROUNDS = 3

#: sizes at or below this are no addition at all [unit of the size]
ZERO_SIZE = 1e-6


@dataclass(frozen=True)
class DroppedAddition:
    """An addition below its lever's minimum."""

    lever: str
    year: int
    size: float
    unit: str
    minimum: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MinimumSizeOutcome:
    """What applying the minimums did: the final solve and the additions dropped."""

    outcome: SolveOutcome
    dropped: list[DroppedAddition]
    applied: bool
    npv_change_cny: float = 0.0


def small_additions(
    model: pyo.ConcreteModel, inputs: xr.Dataset, sizes: list[MinimumSize] = MINIMUM_SIZES
) -> list[tuple[MinimumSize, int, float]]:
    """Additions of the solved ``model`` above zero and below their lever's minimum."""
    found = []
    for rule in sizes:
        minimum = float(inputs[rule.minimum]) if rule.minimum in inputs else 0.0
        if minimum <= 0:
            continue
        variable = model.component(rule.block).component(rule.size)
        for year in variable:
            size = pyo.value(variable[year], exception=False)
            if size is not None and ZERO_SIZE < size < minimum * (1 - 1e-9) and not variable[year].fixed:
                found.append((rule, int(year), float(size)))
    return found


def quiet_years(model: pyo.ConcreteModel, inputs: xr.Dataset, rule: MinimumSize) -> list[int]:
    """Years in which the solved ``model`` adds less than the lever's minimum (or nothing)."""
    minimum = float(inputs[rule.minimum])
    variable = model.component(rule.block).component(rule.size)
    return [
        int(year)
        for year in variable
        if (pyo.value(variable[year], exception=False) or 0.0) < minimum * (1 - 1e-9)
    ]


def _variables(model: pyo.ConcreteModel, rule: MinimumSize, year: int) -> list[pyo.Var]:
    block = model.component(rule.block)
    return [block.component(name)[year] for name in (rule.size, *rule.linked)]


def apply_minimum_sizes(
    model: pyo.ConcreteModel,
    inputs: xr.Dataset,
    first: SolveOutcome,
    options: SolverOptions,
    solver: Any = None,
    tee: bool = False,
) -> MinimumSizeOutcome:
    """Drop additions below their minimum from a solved model and solve it again.

    Parameters
    ----------
    model
        The solved model (its variables hold the first plan).
    inputs
        The run's inputs (the minimums).
    first
        Outcome of the first solve.
    options
        The scenario's solver options.
    solver
        The HiGHS interface that holds ``model`` (see :mod:`zcf_opt.session`), or None.
    tee
        Show the HiGHS log.

    Returns
    -------
    MinimumSizeOutcome
        The outcome whose plan the model's variables now hold; ``applied`` is False when
        dropping left no feasible plan and the first plan was restored.
    """
    if not first.has_solution:
        return MinimumSizeOutcome(first, [], True)
    fixed: list[pyo.Var] = []
    dropped: list[DroppedAddition] = []
    outcome = first
    spent = [first]  # every solve's time counts
    try:
        for _ in range(MAX_ROUNDS):
            small = small_additions(model, inputs)
            if not small:
                break
            for rule, year, size in small:
                dropped.append(
                    DroppedAddition(rule.lever, year, size, rule.unit, float(inputs[rule.minimum]))
                )
            # a lever with a small addition gets none in any year without a full-size one:
            # otherwise the re-solve moves it to the next year (yearly top-ups of a fading
            # battery), round after round
            for rule in {rule for rule, _, _ in small}:
                for year in quiet_years(model, inputs, rule):
                    for variable in _variables(model, rule, year):
                        if not variable.fixed:
                            variable.fix(0.0)
                            fixed.append(variable)
            outcome, _ = solve_with_feed_in(model, options, solver=solver, tee=tee)
            spent.append(outcome)
            if not outcome.has_solution:
                break
    finally:
        for variable in fixed:
            variable.unfix()
    if dropped and not outcome.has_solution:
        # restore the first plan: the model is as it was, so HiGHS finds it again
        restored, _ = solve_with_feed_in(model, options, solver=solver, tee=tee)
        spent.append(restored)
        return MinimumSizeOutcome(with_solve_times(restored, spent), dropped, False)
    change = (outcome.objective_cny or 0.0) - (first.objective_cny or 0.0)
    return MinimumSizeOutcome(with_solve_times(outcome, spent), dropped, True, change)
