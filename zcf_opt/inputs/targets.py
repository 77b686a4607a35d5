"""Requirements the model may meet, and which of them are in force each year.

Every requirement of every level of every rulebook the scenario uses becomes a row of the
``requirement`` dimension (so the model's structure depends on the rulebooks, not on the
targets, and a built model re-solves when only the targets change). A row describes the
requirement (type, boundary weights on the emission sources, instruments or equipment classes
it counts, base-year emissions of its boundary); ``target_requirement_in_force`` says in which
years a target puts it in force, and ``target_requirement_threshold`` holds its threshold there:

| type | threshold |
|---|---|
| renewable_share, neutralisation | minimum share [1] |
| absolute_reduction | reduction required that year [1] |
| intensity | maximum per unit [kgce/unit or kgCO2e/unit] (not in force where it does not apply) |
| equipment_efficiency | worst grade allowed [GB grade] |
| reduction_first | maximum credit share of the base year [1] (NaN without one) |

``target_level`` is the main standard's level in force (compatibility with one-standard runs),
``target_level_by_standard`` the level of each standard; ``target_min_re_share`` and
``target_min_neutralised_share`` the main standard's strictest shares in force (for charts).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from zcf_opt.errors import InputError
from zcf_opt.inputs.base_year import base_year_emissions
from zcf_opt.inputs.context import InputContext, variable, yearly
from zcf_opt.standards.boundaries import EMISSION_SOURCES
from zcf_opt.standards.library import scenario_rulebooks, targets_in_force
from zcf_opt.standards.requirements import (
    CREDIT_KINDS,
    EQUIPMENT_CLASSES,
    RE_INSTRUMENTS,
    AbsoluteReduction,
    EquipmentEfficiency,
    Intensity,
    ReductionFirst,
    RequirementBase,
)

#: instruments a requirement may count (renewable instruments, then credit kinds)
INSTRUMENTS = RE_INSTRUMENTS + CREDIT_KINDS


def _threshold(requirement: RequirementBase, year: int, base_year: int, production: object) -> float:
    """Threshold of a requirement in force in ``year`` (see the module table); NaN: none."""
    if isinstance(requirement, AbsoluteReduction):
        return requirement.required(year, base_year)
    if isinstance(requirement, Intensity):
        value = requirement.threshold(production)
        return math.nan if value is None else value
    if isinstance(requirement, EquipmentEfficiency):
        return float(requirement.max_grade)
    if isinstance(requirement, ReductionFirst):
        share = requirement.max_credit_share_of_base
        return math.nan if share is None else share
    return float(requirement.min_share)


def target_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The requirement rows, the years they are in force and their thresholds."""
    rulebooks = ctx.rulebooks or scenario_rulebooks(ctx.scenario, ctx.rulebook)
    in_force = targets_in_force(ctx.scenario, rulebooks)
    base_year, base = base_year_emissions(ctx)
    production = ctx.factory.production
    co2_fraction = ctx.factory.process_emissions_co2_fraction
    years = [int(y) for y in ctx.years]
    rows: list[dict] = []
    for key, rulebook in rulebooks.items():
        for level in rulebook.levels:
            for requirement in level.active():
                boundary = rulebook.requirement_boundary(level, requirement)
                weights = boundary.coefficients(co2_fraction)
                active = [
                    in_force[key][y] == level.name
                    and (requirement.from_year is None or y >= requirement.from_year)
                    for y in years
                ]
                thresholds = [_threshold(requirement, y, base_year, production) for y in years]
                if isinstance(requirement, Intensity):
                    if any(active) and production is None and requirement.max_per_unit is not None:
                        raise InputError(
                            None,
                            "factory.production",
                            f"{rulebook.standard} {level.name} requires {requirement.describe()}: give the "
                            "factory's production volume",
                        )
                    active = [a and not math.isnan(t) for a, t in zip(active, thresholds, strict=True)]
                rows.append(
                    {
                        "name": f"{key}/{level.name}/{requirement.id}",
                        "type": requirement.type,
                        "standard": key,
                        "level": level.name,
                        "id": requirement.id,
                        "weights": [weights[s] for s in EMISSION_SOURCES],
                        "counts": [int(i in getattr(requirement, "instruments", ())) for i in INSTRUMENTS],
                        "classes": [int(c in getattr(requirement, "classes", ())) for c in EQUIPMENT_CLASSES],
                        "quantity": getattr(requirement, "quantity", ""),
                        "grade": getattr(requirement, "max_grade", 0),
                        "cost_limit": getattr(requirement, "max_abatement_cost_cny_per_tco2e", None),
                        "credit_share": getattr(requirement, "max_credit_share_of_base", None),
                        "base": sum(weights[s] * base[s] for s in EMISSION_SOURCES),
                        "active": active,
                        "thresholds": [t if a else math.nan for t, a in zip(thresholds, active, strict=True)],
                    }
                )
    n = len(rows)

    def column(name: str, dtype: type) -> np.ndarray:
        return np.array([row[name] for row in rows], dtype=dtype)

    cost = np.array([math.nan if r["cost_limit"] is None else r["cost_limit"] for r in rows], dtype=float)
    credit_share = np.array(
        [math.nan if r["credit_share"] is None else r["credit_share"] for r in rows], dtype=float
    )
    levels = {key: [in_force[key][y] or "" for y in years] for key in rulebooks}
    main = next(iter(rulebooks))
    strictest = {"renewable_share": np.zeros(len(years)), "neutralisation": np.zeros(len(years))}
    for row in rows:
        if row["type"] in strictest and row["standard"] == main:
            strictest[row["type"]] = np.fmax(
                strictest[row["type"]], np.nan_to_num(np.array(row["thresholds"]))
            )
    return {
        "requirement": variable(column("name", str), ("requirement",), ""),
        "instrument": variable(np.array(INSTRUMENTS, dtype=str), ("instrument",), ""),
        "equipment_class_name": variable(
            np.array(EQUIPMENT_CLASSES, dtype=str), ("equipment_class_name",), ""
        ),
        "standard": variable(np.array(list(rulebooks), dtype=str), ("standard",), ""),
        "requirement_type": variable(column("type", str), ("requirement",), ""),
        "requirement_standard": variable(column("standard", str), ("requirement",), ""),
        "requirement_level": variable(column("level", str), ("requirement",), ""),
        "requirement_id": variable(column("id", str), ("requirement",), ""),
        "requirement_weight": variable(
            np.array([r["weights"] for r in rows], dtype=float).reshape(n, len(EMISSION_SOURCES)),
            ("requirement", "emission_source"),
            "1",
            "weight of each emission source in the requirement's boundary",
        ),
        "requirement_counts": variable(
            np.array([r["counts"] for r in rows], dtype=int).reshape(n, len(INSTRUMENTS)),
            ("requirement", "instrument"),
            "1",
            "1 where the instrument counts",
        ),
        "requirement_classes": variable(
            np.array([r["classes"] for r in rows], dtype=int).reshape(n, len(EQUIPMENT_CLASSES)),
            ("requirement", "equipment_class_name"),
            "1",
            "1 where the equipment class is covered",
        ),
        "requirement_quantity": variable(column("quantity", str), ("requirement",), ""),
        "requirement_grade": variable(
            column("grade", int),
            ("requirement",),
            "GB grade",
            "equipment: worst grade allowed (0: other types)",
        ),
        "requirement_cost_limit_cny_per_tco2e": variable(
            cost, ("requirement",), "CNY/tCO2e", "reduction first: measures cheaper than this in place"
        ),
        "requirement_credit_share": variable(
            credit_share, ("requirement",), "1", "reduction first: most credits, share of the base year"
        ),
        "requirement_base_tco2e": variable(
            column("base", float), ("requirement",), "tCO2e/yr", "base-year emissions of the boundary"
        ),
        "target_requirement_in_force": variable(
            np.array([r["active"] for r in rows], dtype=int).reshape(n, len(years)).T,
            ("year", "requirement"),
            "1",
            "1 where a target puts the requirement in force",
        ),
        "target_requirement_threshold": variable(
            np.array([r["thresholds"] for r in rows], dtype=float).reshape(n, len(years)).T,
            ("year", "requirement"),
            "see zcf_opt.inputs.targets",
            "threshold in force (NaN: not in force)",
        ),
        "target_level": yearly(np.array(levels[main], dtype=str), "", "level of the main standard in force"),
        "target_level_by_standard": variable(
            np.array([levels[key] for key in rulebooks], dtype=str).T.reshape(len(years), len(rulebooks)),
            ("year", "standard"),
            "",
            "level in force of each standard",
        ),
        "target_min_re_share": yearly(
            strictest["renewable_share"], "1", "strictest renewable share of the main standard in force"
        ),
        "target_min_neutralised_share": yearly(
            strictest["neutralisation"], "1", "strictest neutralised share of the main standard in force"
        ),
    }
