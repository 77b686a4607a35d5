"""Neutralisation: for each family f (counted credit kinds K_f, boundary weights c_f), year y:

    E_{f,y} = Σ_s c_{f,s} · source_y[s]                                             (emissions)
    Σ_{k ∈ K_f} credits_y[k] + shortfall_{f,y} ≥ n_{f,y} · E_{f,y}                 (neutralisation)

n_{f,y} is the strictest share in force (0 without one); shortfall in tCO2e.
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
    weights_key,
)
from zcf_opt.model.requirements.quantities import Quantities
from zcf_opt.standards.requirements import CREDIT_KINDS, RE_INSTRUMENTS

TYPE = "neutralisation"
SHORTFALL_UNIT = "tCO2e"
SHORTFALL_WEIGHT = 1.0


def credit_counts(d: ModelData, row: int) -> tuple[int, ...]:
    """1 for each credit kind a row counts (order of ``CREDIT_KINDS``)."""
    return tuple(int(c) for c in d.values["requirement_counts"][row, len(RE_INSTRUMENTS) :])


def families(d: ModelData) -> list[Family]:
    """One family per (counted credit kinds, boundary)."""
    return group(d, rows_of(d, TYPE), lambda r: (credit_counts(d, r), weights_key(d, r)))


def parameters(d: ModelData) -> dict[str, dict]:
    return {"min_share": per_year(d, families(d), lambda r, y, t: t, max, 0.0)}


def counted(family: Family) -> list[str]:
    return [name for name, on in zip(CREDIT_KINDS, family.key[0], strict=True) if on]


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family and year into block ``b``."""
    fams = families(d)
    b.F = pyo.Set(initialize=range(len(fams)), ordered=True)
    b.min_share = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=parameters(d)["min_share"])
    b.emissions = pyo.Expression(b.F, m.Y, rule=lambda blk, f, y: q.boundary(fams[f].key[1], y))
    b.shortfall = pyo.Var(b.F, m.Y, bounds=(0, limit))
    b.neutralisation = pyo.Constraint(
        b.F,
        m.Y,
        rule=lambda blk, f, y: (
            sum(q.credits[k][y] for k in counted(fams[f])) + blk.shortfall[f, y]
            >= blk.min_share[f, y] * blk.emissions[f, y]
        ),
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty)."""
    return family_penalty(b, year, SHORTFALL_WEIGHT)


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every family and year that an elastic solve left short."""
    return family_shortfalls(b, d, families(d), lambda _family: SHORTFALL_UNIT)
