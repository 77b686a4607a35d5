"""Intensity per unit of product: for each family f (energy, or emissions of a boundary), year y:

    Q_{f,y} = energy_tce_y  or  Σ_s c_{f,s} · source_y[s]                  [tce or tCO2e]   (quantity)
    Q_{f,y} − shortfall_{f,y} ≤ cap_{f,y}                                            (intensity)

with cap_{f,y} = min over the rows in force of I · P_y / 1000 (I the threshold per unit
[kgce/unit or kgCO2e/unit], P_y the production volume [unit/yr]), far above any quantity where
none is in force; shortfall in tce or tCO2e.
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

TYPE = "intensity"
SHORTFALL_UNIT = "tce or tCO2e"
SHORTFALL_WEIGHT = 1.0


def families(d: ModelData) -> list[Family]:
    """One family per quantity (energy; emissions of each boundary)."""
    quantity = d.values["requirement_quantity"]
    return group(
        d,
        rows_of(d, TYPE),
        lambda r: ("energy", ()) if str(quantity[r]) == "energy" else ("emissions", weights_key(d, r)),
    )


def unit_of(family: Family) -> str:
    return "tce" if family.key[0] == "energy" else "tCO2e"


def parameters(d: ModelData) -> dict[str, dict]:
    volume = d.per_year("production_volume")
    return {"cap": per_year(d, families(d), lambda r, y, t: t * volume[y] / 1000.0, min, INACTIVE_CAP)}


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family and year into block ``b``."""
    fams = families(d)
    b.F = pyo.Set(initialize=range(len(fams)), ordered=True)
    b.cap = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=parameters(d)["cap"])

    def quantity(blk: pyo.Block, f: int, y: int) -> pyo.Expression:
        kind, weights = fams[f].key
        return q.energy_tce[y] if kind == "energy" else q.boundary(weights, y)

    b.quantity = pyo.Expression(b.F, m.Y, rule=quantity)
    b.shortfall = pyo.Var(b.F, m.Y, bounds=(0, limit))
    b.intensity = pyo.Constraint(
        b.F, m.Y, rule=lambda blk, f, y: blk.quantity[f, y] - blk.shortfall[f, y] <= blk.cap[f, y]
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty)."""
    return family_penalty(b, year, SHORTFALL_WEIGHT)


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every family and year that an elastic solve left short."""
    return family_shortfalls(b, d, families(d), unit_of)
