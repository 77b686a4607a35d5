"""Renewal of measures at the end of their life, and the legal minimum motor class of each year.

A retrofit or project may be built again when its life ends (a new vintage with its capex). Two
rules follow from the motor standard (GB 18613-2020 and later minimums the scenario sets):

- an option whose efficiency class lies below the year's minimum cannot be installed that year;
- motors wear out: when a fleet's retrofit ends and is not renewed, the fleet is replaced at the
  year's minimum class, never back at its old class. The saving of that replacement against the
  fleet's current motors is ``measure_floor_saving_mwh_per_year`` (the same for every option of
  the fleet; zero for other measures and where the old motors already meet the minimum).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable
from zcf_opt.inputs.measures import measure_table, motor_efficiency, motor_saving_mwh

#: IEC 60034-30-1 classes from the least to the most efficient
CLASS_ORDER = ("IE1", "IE2", "IE3", "IE4", "IE5")


def minimum_class(steps: dict[int, str], year: int) -> str | None:
    """The class in force in ``year``: that of the latest step year not after it, or None."""
    started = [y for y in steps if y <= year]
    return steps[max(started)] if started else None


def renewal_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """``measure_allowed`` (measure, year) and ``measure_floor_saving_mwh_per_year`` (measure, year),
    row by row of the measure table (motor options; every other measure is always allowed and
    keeps no floor)."""
    years = [int(y) for y in ctx.years]
    steps = ctx.scenario.motor_minimum_class
    motors = {
        f"{fleet.name}/{option.name}": (fleet, option)
        for fleet in ctx.factory.motors
        for option in fleet.options
    }
    allowed, floor = [], []
    for measure in measure_table(ctx.factory)["measure"]:
        if measure not in motors:
            allowed.append([1.0] * len(years))
            floor.append([0.0] * len(years))
            continue
        fleet, option = motors[measure]
        rows_allowed, rows_floor = [], []
        for year in years:
            least = minimum_class(steps, year)
            below = least is not None and CLASS_ORDER.index(option.efficiency_class) < CLASS_ORDER.index(
                least
            )
            rows_allowed.append(0.0 if below else 1.0)
            upgrade = least is not None and CLASS_ORDER.index(least) > CLASS_ORDER.index(
                fleet.efficiency_class
            )
            rows_floor.append(
                motor_saving_mwh(fleet, motor_efficiency(least, fleet.rated_kw)) if upgrade else 0.0
            )
        allowed.append(rows_allowed)
        floor.append(rows_floor)
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
            "saving of the fleet replaced at the year's minimum class after its retrofit ends",
        ),
    }
