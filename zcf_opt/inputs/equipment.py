"""The equipment inventory: every graded item (motor fleets and equipment groups) and the
measure rows of the equipment groups' upgrade options.

Motor fleets are graded by GB 18613-2020 from their IEC class (IE3 = grade 3, IE4 = 2, IE5 = 1,
IE1/IE2 below grade 3 = 4); equipment groups give their grade. A measure that upgrades an item
names it (``measure_equipment``) and the grade it reaches (``measure_grade``); an item's grade
in a year is the best grade of its upgrades in service, else its own.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable
from zcf_opt.schema.equipment import GB18613_GRADE
from zcf_opt.schema.factory import FactoryModel


def equipment_items(factory: FactoryModel) -> list[tuple[str, str, int]]:
    """``(name, class, grade)`` of every graded item: motor fleets, then equipment groups."""
    items = [(fleet.name, "motor", GB18613_GRADE[fleet.efficiency_class]) for fleet in factory.motors]
    items += [(group.name, group.equipment_class, int(group.grade)) for group in factory.equipment]
    return items


def equipment_measure_rows(factory: FactoryModel) -> list[dict]:
    """One measure row per upgrade option of the equipment groups (see ``inputs.measures``)."""
    rows = []
    for group in factory.equipment:
        for option in group.options:
            rows.append(
                {
                    "measure": f"{group.name}/{option.name}",
                    "lever": "equipment",
                    "option": f"{group.name}: grade {group.grade} -> grade {option.grade}",
                    "group": f"equipment/{group.name}",
                    "capex_cny": option.capex_cny,
                    "life_years": option.life_years,
                    "fixed_om_cny_per_year": option.fixed_om_cny_per_year,
                    "electricity_saving_mwh_per_year": group.option_saving_mwh(option),
                    "heat_saving_mwh_th_per_year": 0.0,
                    "heat_demand": "",
                    "profile": "electricity_load",
                    "size": float(group.count),
                    "size_unit": "units",
                    "typical": "",
                    "equipment": group.name,
                    "grade": int(option.grade),
                }
            )
    return rows


def equipment_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The ``equipment`` dimension: each item's class and current GB grade."""
    items = equipment_items(ctx.factory)
    return {
        "equipment": variable(np.array([i[0] for i in items], dtype=str), ("equipment",), ""),
        "equipment_class": variable(np.array([i[1] for i in items], dtype=str), ("equipment",), ""),
        "equipment_grade": variable(
            np.array([i[2] for i in items], dtype=int),
            ("equipment",),
            "GB grade",
            "1 best; 4 = below grade 3",
        ),
    }
