"""Renewable-electricity share: for each family f (a set I_f of counted instruments), year y:

    Σ_{i ∈ I_f} renewable_y[i] + shortfall_{f,y} ≥ r_{f,y} · consumption_y          (renewable_share)

r_{f,y} is the strictest share in force (0 without one); the shortfall [MWh] is zero except in
the elastic re-solve that diagnoses an infeasible plan.
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.requirements.families import (
    Family,
    Shortfall,
    family_penalty,
    family_shortfalls,
    group,
    per_year,
    rows_of,
)
from zcf_opt.model.requirements.quantities import Quantities
from zcf_opt.standards.requirements import RE_INSTRUMENTS

TYPE = "renewable_share"
SHORTFALL_UNIT = "MWh"
SHORTFALL_WEIGHT = 1.0


def families(d: ModelData) -> list[Family]:
    """One family per set of counted instruments."""
    counts = d.values["requirement_counts"]
    return group(d, rows_of(d, TYPE), lambda r: tuple(int(c) for c in counts[r, : len(RE_INSTRUMENTS)]))


def parameters(d: ModelData) -> dict[str, dict]:
    return {"min_share": per_year(d, families(d), lambda r, y, t: t, max, 0.0)}


def counted(family: Family) -> list[str]:
    return [name for name, on in zip(RE_INSTRUMENTS, family.key, strict=True) if on]


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family and year into block ``b``."""
    fams = families(d)
    b.F = pyo.Set(initialize=range(len(fams)), ordered=True)
    b.min_share = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=parameters(d)["min_share"])
    b.shortfall = pyo.Var(b.F, m.Y, bounds=(0, limit))
    b.renewable_share = pyo.Constraint(
        b.F,
        m.Y,
        rule=lambda blk, f, y: (
            sum(q.renewable[i][y] for i in counted(fams[f])) + blk.shortfall[f, y]
            >= blk.min_share[f, y] * q.consumption[y]
        ),
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty)."""
    return family_penalty(b, year, SHORTFALL_WEIGHT)


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every family and year that an elastic solve left short."""
    return family_shortfalls(b, d, families(d), lambda _family: SHORTFALL_UNIT)
