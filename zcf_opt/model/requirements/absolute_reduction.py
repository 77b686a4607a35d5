"""Absolute reduction against the base year: for each family f (boundary weights c_f), year y:

    E_{f,y} = Σ_s c_{f,s} · source_y[s]                                             (emissions)
    E_{f,y} − shortfall_{f,y} ≤ cap_{f,y}                                          (absolute_reduction)

with cap_{f,y} = min over the rows in force of (1 − ρ_y) · E_f,base (ρ_y the reduction required
that year, E_f,base the base-year emissions of the boundary), and a cap far above any
emissions where none is in force; shortfall in tCO2e.
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.requirements.families import (
    INACTIVE_CAP,
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

TYPE = "absolute_reduction"
SHORTFALL_UNIT = "tCO2e"
SHORTFALL_WEIGHT = 1.0


def families(d: ModelData) -> list[Family]:
    """One family per boundary."""
    return group(d, rows_of(d, TYPE), lambda r: weights_key(d, r))


def parameters(d: ModelData) -> dict[str, dict]:
    base = d.values["requirement_base_tco2e"]
    return {"cap": per_year(d, families(d), lambda r, y, t: (1.0 - t) * float(base[r]), min, INACTIVE_CAP)}


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family and year into block ``b``."""
    fams = families(d)
    b.F = pyo.Set(initialize=range(len(fams)), ordered=True)
    b.cap = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=parameters(d)["cap"])
    b.emissions = pyo.Expression(b.F, m.Y, rule=lambda blk, f, y: q.boundary(fams[f].key, y))
    b.shortfall = pyo.Var(b.F, m.Y, bounds=(0, limit))
    b.absolute_reduction = pyo.Constraint(
        b.F, m.Y, rule=lambda blk, f, y: blk.emissions[f, y] - blk.shortfall[f, y] <= blk.cap[f, y]
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty)."""
    return family_penalty(b, year, SHORTFALL_WEIGHT)


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every family and year that an elastic solve left short."""
    return family_shortfalls(b, d, families(d), lambda _family: SHORTFALL_UNIT)
