"""Reduction first (应减尽减), in two checkable forms.

Cost rule, for each family f (cost limit C_f), each measure group g holding an option whose
abatement cost is below C_f, and year y:

    Σ_{k ∈ g} in_service_{k,y} + shortfall_{f,g,y} ≥ a_{f,y}                       (measures_in_place)

Credit cap, for each family h (counted credit kinds K_h, boundary weights c_h), year y:

    Σ_{k ∈ K_h} credits_y[k] − shortfall_{h,y} ≤ cap_{h,y}                         (credit_cap)

a_{f,y} is 1 where a requirement of the family is in force; cap_{h,y} = min over the rows in
force of x · E_h,base (x the share of the base-year emissions credits may cover), far above
any credits where none is in force. Abatement costs: :mod:`zcf_opt.inputs.abatement`.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.requirements.families import (
    INACTIVE_CAP,
    SHORTFALL_TOLERANCE,
    Family,
    Shortfall,
    group,
    per_year,
    rows_of,
    weights_key,
)
from zcf_opt.model.requirements.neutralisation import credit_counts
from zcf_opt.model.requirements.quantities import Quantities
from zcf_opt.standards.requirements import CREDIT_KINDS

TYPE = "reduction_first"
SHORTFALL_UNIT = "measures or tCO2e"
SHORTFALL_WEIGHT = 1000.0


def cost_families(d: ModelData) -> list[Family]:
    """One family per cost limit."""
    limit = d.values["requirement_cost_limit_cny_per_tco2e"]
    return group(d, [r for r in rows_of(d, TYPE) if not math.isnan(limit[r])], lambda r: float(limit[r]))


def credit_families(d: ModelData) -> list[Family]:
    """One family per (counted credit kinds, boundary) of the rows with a credit cap."""
    share = d.values["requirement_credit_share"]
    return group(
        d,
        [r for r in rows_of(d, TYPE) if not math.isnan(share[r])],
        lambda r: (credit_counts(d, r), weights_key(d, r)),
    )


def cheap_groups(d: ModelData, limit: float) -> dict[str, list[str]]:
    """Measure groups with an option cheaper than ``limit`` per tonne -> all their options."""
    groups: dict[str, list[str]] = defaultdict(list)
    for k, g in zip(d.measures, d.values["measure_group"], strict=True):
        groups[str(g)].append(k)
    cost = dict(zip(d.measures, d.values["measure_abatement_cost_cny_per_tco2e"], strict=True))
    return {g: ks for g, ks in groups.items() if any(cost[k] < limit for k in ks)}


def parameters(d: ModelData) -> dict[str, dict]:
    base = d.values["requirement_base_tco2e"]
    return {
        "required": per_year(d, cost_families(d), lambda r, y, t: 1.0, max, 0.0),
        "cap": per_year(d, credit_families(d), lambda r, y, t: t * float(base[r]), min, INACTIVE_CAP),
    }


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family into block ``b``."""
    costs, credits = cost_families(d), credit_families(d)
    groups = {f: cheap_groups(d, family.key[0]) for f, family in enumerate(costs)}
    params = parameters(d)
    b.F = pyo.Set(initialize=range(len(costs)), ordered=True)
    b.FG = pyo.Set(initialize=[(f, g) for f in groups for g in groups[f]], dimen=2, ordered=True)
    b.H = pyo.Set(initialize=range(len(credits)), ordered=True)
    b.required = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=params["required"])
    b.cap = pyo.Param(b.H, m.Y, mutable=True, within=pyo.Reals, initialize=params["cap"])
    b.measure_shortfall = pyo.Var(b.FG, m.Y, bounds=(0, limit))
    b.credit_excess = pyo.Var(b.H, m.Y, bounds=(0, limit))
    b.measures_in_place = pyo.Constraint(
        b.FG,
        m.Y,
        rule=lambda blk, f, g, y: (
            sum(m.measures.in_service[k, y] for k in groups[f][g]) + blk.measure_shortfall[f, g, y]
            >= blk.required[f, y]
        ),
    )
    kinds = {
        h: [k for k, on in zip(CREDIT_KINDS, fam.key[0], strict=True) if on] for h, fam in enumerate(credits)
    }
    b.credit_cap = pyo.Constraint(
        b.H,
        m.Y,
        rule=lambda blk, h, y: (
            sum(q.credits[k][y] for k in kinds[h]) - blk.credit_excess[h, y] <= blk.cap[h, y]
        ),
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty): measures not in place
    [measures, weighted] and credits above the cap [tCO2e]."""
    return SHORTFALL_WEIGHT * sum(b.measure_shortfall[f, g, year] for f, g in b.FG) + sum(
        b.credit_excess[h, year] for h in b.H
    )


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every measure group and credit cap that an elastic solve left short, by year."""
    costs, credits = cost_families(d), credit_families(d)
    found = [
        Shortfall(costs[f].rows, y, float(pyo.value(b.measure_shortfall[f, g, y])), "measures", g)
        for f, g in b.FG
        for y in d.years
        if pyo.value(b.measure_shortfall[f, g, y]) > SHORTFALL_TOLERANCE
    ]
    found += [
        Shortfall(credits[h].rows, y, float(pyo.value(b.credit_excess[h, y])), "tCO2e")
        for h in b.H
        for y in d.years
        if pyo.value(b.credit_excess[h, y]) > SHORTFALL_TOLERANCE
    ]
    return found
