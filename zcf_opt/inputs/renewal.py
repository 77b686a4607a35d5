"""Renewal of measures at the end of their life, and the legal minimum of equipment each year.

Every measure row (motor fleets, equipment upgrades, waste-heat projects, efficiency programmes,
options under an energy-performance contract) may be built again when its life ends: a new
vintage with its capex (:mod:`zcf_opt.model.measures`). Equipment wears out, and new equipment
must meet the legal minimum (能效限定值), so an upgraded item whose upgrade ends without renewal
is not run again below it:

- motors (GB 18613-2020 and later minimums the scenario sets): an option below the year's
  minimum class cannot be installed that year, and a fleet whose retrofit ends without renewal is
  replaced at the year's minimum class. ``measure_floor_saving_mwh_per_year`` is the saving of that
  replacement against the fleet's current motors (the same for every option of the fleet; zero
  where the old motors already meet the minimum);
- equipment groups below grade 3 (grade 4): an upgrade that ends without renewal leaves the group
  at grade 3, with the saving of its grade-3 option. A group without a grade-3 option has no
  figure for grade 3: its upgrade must then be renewed (``measure_renewal_required``), never let
  lapse back to grade 4.

``equipment_floor_grade`` (items in the order of
:func:`zcf_opt.inputs.equipment.equipment_items`) is the GB grade an item runs at after its
upgrade ended without renewal (its own grade where that meets the minimum); the accounting
grades such items by it. Every other measure (waste heat, programmes) that ends without renewal
stops saving from that year, and stops costing; ``measures_in_service`` in ``annual.csv`` shows it.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable
from zcf_opt.inputs.measures import EPC_SUFFIX, measure_table, motor_efficiency, motor_saving_mwh
from zcf_opt.schema.equipment import GB18613_GRADE
from zcf_opt.schema.factory import FactoryModel, MotorFleet

#: IEC 60034-30-1 classes from the least to the most efficient
CLASS_ORDER = ("IE1", "IE2", "IE3", "IE4", "IE5")

#: the GB grade new equipment must reach at least (能效限定值); grade 4 = below it
LEGAL_MINIMUM_GRADE = 3


def minimum_class(steps: dict[int, str], year: int) -> str | None:
    """The class in force in ``year``: that of the latest step year not after it, or None."""
    started = [y for y in steps if y <= year]
    return steps[max(started)] if started else None


def _motor_floor(fleet: MotorFleet, least: str | None) -> float:
    """Saving of a fleet replaced at class ``least`` against its current motors [MWh/yr]."""
    if least is None or CLASS_ORDER.index(least) <= CLASS_ORDER.index(fleet.efficiency_class):
        return 0.0
    return motor_saving_mwh(fleet, motor_efficiency(least, fleet.rated_kw))


def _equipment_floor(factory: FactoryModel) -> tuple[dict[str, float], set[str]]:
    """Per equipment group below the legal minimum: the saving at grade 3 [MWh/yr] where it has a
    grade-3 option; and the groups below it without one (their upgrade must be renewed)."""
    floor, renew = {}, set()
    for group in factory.equipment:
        if group.grade <= LEGAL_MINIMUM_GRADE or not group.options:
            continue
        at_minimum = [o for o in group.options if o.grade == LEGAL_MINIMUM_GRADE]
        if at_minimum:
            floor[group.name] = min(group.option_saving_mwh(o) for o in at_minimum)
        else:
            renew.add(group.name)
    return floor, renew


def renewal_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """``measure_allowed`` and ``measure_floor_saving_mwh_per_year`` (measure, year),
    ``measure_renewal_required`` (measure) and ``equipment_floor_grade`` (equipment, year), row by
    row of the measure table and the equipment inventory."""
    factory = ctx.factory
    years = [int(y) for y in ctx.years]
    steps = ctx.scenario.motor_minimum_class
    least = [minimum_class(steps, year) for year in years]
    motors = {
        f"{fleet.name}/{option.name}": (fleet, option) for fleet in factory.motors for option in fleet.options
    }
    groups = {f"{group.name}/{option.name}": group for group in factory.equipment for option in group.options}
    equipment_floor, renew = _equipment_floor(factory)
    allowed, floor, required = [], [], []
    for measure in measure_table(factory, 0.0)["measure"]:
        base = measure.removesuffix(EPC_SUFFIX)
        if base in motors:
            fleet, option = motors[base]
            allowed.append(
                [
                    0.0
                    if c is not None and CLASS_ORDER.index(option.efficiency_class) < CLASS_ORDER.index(c)
                    else 1.0
                    for c in least
                ]
            )
            floor.append([_motor_floor(fleet, c) for c in least])
            required.append(0.0)
        elif base in groups:
            group = groups[base]
            allowed.append([1.0] * len(years))
            floor.append([equipment_floor.get(group.name, 0.0)] * len(years))
            required.append(1.0 if group.name in renew else 0.0)
        else:
            allowed.append([1.0] * len(years))
            floor.append([0.0] * len(years))
            required.append(0.0)
    # the items in the order of equipment_items: motor fleets, then equipment groups
    grades = [
        [min(GB18613_GRADE[fleet.efficiency_class], GB18613_GRADE[c] if c else 4) for c in least]
        for fleet in factory.motors
    ]
    grades += [[min(int(group.grade), LEGAL_MINIMUM_GRADE)] * len(years) for group in factory.equipment]
    shape = (len(allowed), len(years))
    return {
        "measure_allowed": variable(
            np.array(allowed, dtype=float).reshape(shape),
            ("measure", "year"),
            "1",
            "1 where the option may be installed in the year (not below the legal minimum class)",
        ),
        "measure_floor_saving_mwh_per_year": variable(
            np.array(floor, dtype=float).reshape(shape),
            ("measure", "year"),
            "MWh/yr",
            "saving of the item replaced at the year's legal minimum after its upgrade ends",
        ),
        "measure_renewal_required": variable(
            np.array(required, dtype=float),
            ("measure",),
            "1",
            "1 where an upgrade, once built, must be renewed at the end of its life",
        ),
        "equipment_floor_grade": variable(
            np.array(grades, dtype=int).reshape(len(grades), len(years)),
            ("equipment", "year"),
            "GB grade",
            "grade of an item whose upgrade ended without renewal",
        ),
    }
