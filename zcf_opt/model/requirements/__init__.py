"""The requirements of the targets as constraints: one sub-block per requirement type.

Block ``m.requirements`` holds one sub-block per type (:data:`REQUIREMENT_MODELS`, one module
each, its equations in its docstring). Rows are built per *family* of requirements of one
shape over every level of the rulebooks in use; the thresholds in force each year are
mutable parameters, so :func:`set_targets` re-targets a built model without rebuilding it.

Every row has a shortfall variable bounded by ``elastic_limit`` (0: the row holds exactly).
:func:`elastic` lets the rows give way at a high price per unit short, so that a re-solve of
an infeasible plan finds how far each requirement can be met
(:mod:`zcf_opt.diagnosis`). The block's cost contribution is

    annual_cost_y = penalty · Σ_types weight_type · Σ shortfall_y                  [CNY]

which is zero outside that re-solve (penalty 0, shortfalls fixed at 0).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

import pyomo.environ as pyo
import xarray as xr

from zcf_opt.model.data import ModelData
from zcf_opt.model.requirements import (
    absolute_reduction,
    equipment_efficiency,
    intensity,
    neutralisation,
    reduction_first,
    renewable_share,
)
from zcf_opt.model.requirements.families import Shortfall
from zcf_opt.model.requirements.quantities import model_quantities

__all__ = [
    "ELASTIC_PENALTY_CNY",
    "REQUIREMENT_MODELS",
    "add_requirements",
    "elastic",
    "set_targets",
    "shortfalls",
]

#: the model face of each requirement type
REQUIREMENT_MODELS: dict[str, ModuleType] = {
    module.TYPE: module
    for module in (
        renewable_share,
        neutralisation,
        absolute_reduction,
        intensity,
        equipment_efficiency,
        reduction_first,
    )
}

#: price of one unit short (MWh, tCO2e, tce; items weighted by their module) in the elastic re-solve
ELASTIC_PENALTY_CNY = 1e5
#: bound of a shortfall in the elastic re-solve [unit of the row]
ELASTIC_LIMIT = 1e9


def add_requirements(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.requirements``; needs ``pv``, ``grid``, ``measures``, ``market`` and ``emissions``."""
    b = m.requirements = pyo.Block()
    b.elastic_limit = pyo.Param(mutable=True, initialize=0.0, within=pyo.NonNegativeReals)
    b.elastic_penalty = pyo.Param(mutable=True, initialize=0.0, within=pyo.NonNegativeReals)
    quantities = model_quantities(m, d)
    for name, module in REQUIREMENT_MODELS.items():
        sub = pyo.Block()
        b.add_component(name, sub)
        module.add(sub, m, d, quantities, b.elastic_limit)
    b.annual_cost_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            blk.elastic_penalty
            * sum(module.penalty_terms(blk.component(name), y) for name, module in REQUIREMENT_MODELS.items())
        ),
    )


def set_targets(m: pyo.ConcreteModel, inputs: xr.Dataset) -> None:
    """Give a built model the thresholds in force of ``inputs`` (same structure, other targets)."""
    d = ModelData.from_dataset(inputs)
    for name, module in REQUIREMENT_MODELS.items():
        block = m.requirements.component(name)
        for param_name, values in module.parameters(d).items():
            param = block.component(param_name)
            for index, value in values.items():
                param[index] = value


@contextmanager
def elastic(m: pyo.ConcreteModel) -> Iterator[None]:
    """Within the context, requirement rows may fall short at :data:`ELASTIC_PENALTY_CNY` per unit."""
    b = m.requirements
    b.elastic_limit.value = ELASTIC_LIMIT
    b.elastic_penalty.value = ELASTIC_PENALTY_CNY
    try:
        yield
    finally:
        b.elastic_limit.value = 0.0
        b.elastic_penalty.value = 0.0


def shortfalls(m: pyo.ConcreteModel, inputs: xr.Dataset) -> list[tuple[str, Shortfall]]:
    """``(type, shortfall)`` of every row an elastic solve left short."""
    d = ModelData.from_dataset(inputs)
    return [
        (name, found)
        for name, module in REQUIREMENT_MODELS.items()
        for found in module.shortfalls(m.requirements.component(name), d)
    ]
