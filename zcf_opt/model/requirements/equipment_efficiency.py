"""Equipment at a GB efficiency grade: for each family f (grade N_f, classes C_f), each item i of
a class in C_f whose own grade is worse than N_f, and year y:

    Σ_{k upgrades i to grade ≤ N_f} in_service_{k,y} + shortfall_{f,i,y} ≥ a_{f,y}      (equipment_grade)

a_{f,y} is 1 where a requirement of the family is in force, else 0. An item without an upgrade
reaching N_f cannot meet the row (the diagnosis names it); shortfall in items.
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.requirements.families import (
    SHORTFALL_TOLERANCE,
    Family,
    Shortfall,
    group,
    per_year,
    rows_of,
)
from zcf_opt.model.requirements.quantities import Quantities
from zcf_opt.standards.requirements import EQUIPMENT_CLASSES

TYPE = "equipment_efficiency"
SHORTFALL_UNIT = "items"
SHORTFALL_WEIGHT = 1000.0


def families(d: ModelData) -> list[Family]:
    """One family per (grade, classes)."""
    classes = d.values["requirement_classes"]
    threshold_grade = d.values["requirement_grade"]
    return group(d, rows_of(d, TYPE), lambda r: (int(threshold_grade[r]), tuple(int(c) for c in classes[r])))


def parameters(d: ModelData) -> dict[str, dict]:
    return {"required": per_year(d, families(d), lambda r, y, t: 1.0, max, 0.0)}


def items_below(d: ModelData, family: Family) -> list[str]:
    """Items of the family's classes whose own grade is worse than its grade."""
    grade, covered = family.key
    classes = {c for c, on in zip(EQUIPMENT_CLASSES, covered, strict=True) if on}
    names = [str(e) for e in d.coords.get("equipment", [])]
    return [
        name
        for name, cls, own in zip(
            names, d.values["equipment_class"], d.values["equipment_grade"], strict=True
        )
        if str(cls) in classes and int(own) > grade
    ]


def upgrades_reaching(d: ModelData, item: str, grade: int) -> list[str]:
    """Measures that upgrade ``item`` to ``grade`` or better."""
    return [
        k
        for k, of, g in zip(d.measures, d.values["measure_equipment"], d.values["measure_grade"], strict=True)
        if str(of) == item and 0 < int(g) <= grade
    ]


def add(b: pyo.Block, m: pyo.ConcreteModel, d: ModelData, q: Quantities, limit: pyo.Param) -> None:
    """Rows of every family, item and year into block ``b``."""
    fams = families(d)
    pairs = [(f, item) for f, family in enumerate(fams) for item in items_below(d, family)]
    reaching = {(f, item): upgrades_reaching(d, item, fams[f].key[0]) for f, item in pairs}
    b.F = pyo.Set(initialize=range(len(fams)), ordered=True)
    b.FI = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    b.required = pyo.Param(b.F, m.Y, mutable=True, within=pyo.Reals, initialize=parameters(d)["required"])
    b.shortfall = pyo.Var(b.FI, m.Y, bounds=(0, limit))
    b.equipment_grade = pyo.Constraint(
        b.FI,
        m.Y,
        rule=lambda blk, f, item, y: (
            sum(m.measures.in_service[k, y] for k in reaching[f, item]) + blk.shortfall[f, item, y]
            >= blk.required[f, y]
        ),
    )


def penalty_terms(b: pyo.Block, year: int) -> pyo.Expression:
    """Weighted shortfalls of ``year`` (the elastic re-solve's penalty) [items]."""
    return SHORTFALL_WEIGHT * sum(b.shortfall[f, item, year] for f, item in b.FI)


def shortfalls(b: pyo.Block, d: ModelData) -> list[Shortfall]:
    """Every item and year that an elastic solve left below the grade."""
    fams = families(d)
    return [
        Shortfall(fams[f].rows, y, float(pyo.value(b.shortfall[f, item, y])), SHORTFALL_UNIT, item)
        for f, item in b.FI
        for y in d.years
        if pyo.value(b.shortfall[f, item, y]) > SHORTFALL_TOLERANCE
    ]
