"""Requirement rows grouped into families: rows of one type and one shape share a constraint.

Two requirements of the same type and shape (same instruments, same boundary, ...) give the
same linear row with different thresholds, so the model keeps one row per family and year
with the strictest threshold in force as a mutable parameter. The families come from every
level of the rulebooks in use, so a model built for one target re-solves for another.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import numpy as np
import pyomo.environ as pyo

from zcf_opt.model.data import ModelData

#: right-hand side of a cap row that is not in force (above any emissions or energy) [t, tce]
INACTIVE_CAP = 1e9


@dataclass(frozen=True)
class Family:
    """Requirement rows (positions on the ``requirement`` axis) sharing one shape."""

    key: tuple
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Shortfall:
    """What an elastic solve could not meet: a family's requirement rows in one year."""

    rows: tuple[int, ...]
    year: int
    amount: float
    unit: str
    subject: str = ""  # the equipment item or measure group concerned, if any


#: shortfalls below this are solver round-off [unit of the row]
SHORTFALL_TOLERANCE = 1e-4


def rows_of(d: ModelData, type_name: str) -> list[int]:
    """Positions of the requirement rows of one type."""
    return [i for i, t in enumerate(d.values["requirement_type"]) if str(t) == type_name]


def group(d: ModelData, rows: list[int], key: Callable[[int], Hashable]) -> list[Family]:
    """Families of ``rows`` by ``key``, in order of first appearance."""
    found: dict[Hashable, list[int]] = {}
    for row in rows:
        found.setdefault(key(row), []).append(row)
    return [Family(k if isinstance(k, tuple) else (k,), tuple(v)) for k, v in found.items()]


def per_year(
    d: ModelData,
    families: list[Family],
    value: Callable[[int, int, float], float],
    strictest: Callable[[list[float]], float],
    inactive: float,
) -> dict[tuple[int, int], float]:
    """``{(family, year): threshold}``: the strictest value of the rows in force, else ``inactive``.

    Parameters
    ----------
    value
        Row position, year and the row's threshold that year -> the family's parameter value.
    strictest
        ``max`` for lower bounds, ``min`` for caps.
    """
    in_force = d.values["target_requirement_in_force"]
    threshold = d.values["target_requirement_threshold"]
    out = {}
    for f, family in enumerate(families):
        for y, year in enumerate(d.years):
            values = [value(r, year, float(threshold[y, r])) for r in family.rows if in_force[y, r]]
            out[(f, year)] = strictest(values) if values else inactive
    return out


def weights_key(d: ModelData, row: int) -> tuple[float, ...]:
    """The boundary weights of a row, as a hashable key."""
    return tuple(float(w) for w in np.asarray(d.values["requirement_weight"][row]))


def family_penalty(b: pyo.Block, year: int, weight: float = 1.0) -> pyo.Expression:
    """``weight · Σ_f shortfall[f, year]`` of a block with one row per family and year."""
    return weight * sum(b.shortfall[f, year] for f in b.F)


def family_shortfalls(
    b: pyo.Block, d: ModelData, families: list[Family], unit: Callable[[Family], str]
) -> list[Shortfall]:
    """Every family and year an elastic solve left short, in a block with one row per family and year."""
    return [
        Shortfall(families[f].rows, y, float(pyo.value(b.shortfall[f, y])), unit(families[f]))
        for f in b.F
        for y in d.years
        if pyo.value(b.shortfall[f, y]) > SHORTFALL_TOLERANCE
    ]
