"""Check of an absolute reduction on the accounting:

    value = 1 − E_y / E_base    (E the boundary's emissions of the year and of the base year)

against the reduction required that year (fixed, or rate × years since the base year).
"""

from __future__ import annotations

import math

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence
from zcf_opt.standards.requirements import AbsoluteReduction

TYPE = "absolute_reduction"


def check(requirement: AbsoluteReduction, ctx: YearContext) -> list[Evidence]:
    emissions = ctx.emissions(requirement)
    base = ctx.base_emissions(requirement)
    reduction = 1.0 - emissions / base if base > 1e-9 else (0.0 if emissions > 1e-9 else math.nan)
    return [
        Evidence(
            requirement.id,
            TYPE,
            requirement.describe(),
            reduction,
            requirement.required(ctx.year, ctx.facts.base_year),
            "1",
            ">=",
            detail=f"{emissions:,.0f} tCO2e against {base:,.0f} tCO2e in {ctx.facts.base_year}",
            note="" if base > 1e-9 else "no base-year emissions in this boundary",
        )
    ]
