"""Check of equipment grades on the accounting: for each class named, value =
``equipment_grade_<class>`` (the worst GB grade of its items in service that year) against the
grade required (1 best); a class without items in the inventory meets the rule.
"""

from __future__ import annotations

import math

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence
from zcf_opt.standards.requirements import EquipmentEfficiency

TYPE = "equipment_efficiency"


def check(requirement: EquipmentEfficiency, ctx: YearContext) -> list[Evidence]:
    rows = []
    for name in requirement.classes:
        worst = ctx.number(f"equipment_grade_{name}")
        rows.append(
            Evidence(
                f"{requirement.id}[{name}]",
                TYPE,
                requirement.describe(part=name),
                worst,
                float(requirement.max_grade),
                "GB grade",
                "<=",
                tolerance=0.0,
                detail="worst grade in service" if not math.isnan(worst) else "",
                note="" if not math.isnan(worst) else f"no {name} in the equipment inventory",
            )
        )
    return rows
