"""Check of an intensity per unit of product on the accounting:

    value = 1000 · energy_tce / production_volume            [kgce/unit]     (energy)
    value = 1000 · E / production_volume                     [kgCO2e/unit]   (emissions of the boundary)

against the threshold (a number, or the factory's benchmark values); not applicable where the
factory gives none of the benchmark values named.
"""

from __future__ import annotations

import math

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence
from zcf_opt.standards.requirements import Intensity

TYPE = "intensity"


def check(requirement: Intensity, ctx: YearContext) -> list[Evidence]:
    threshold = requirement.threshold(ctx.facts.production)
    unit = requirement.unit.replace("unit", ctx.facts.product_unit)
    if threshold is None:
        return [
            Evidence(
                requirement.id,
                TYPE,
                requirement.describe(),
                math.nan,
                math.nan,
                unit,
                "<=",
                note=f"not applicable: the factory model gives no {requirement.quantity} benchmark "
                f"({' or '.join(requirement.benchmark or [])})",
            )
        ]
    volume = ctx.number("production_volume")
    quantity = ctx.number("energy_tce") if requirement.quantity == "energy" else ctx.emissions(requirement)
    benchmark = requirement.benchmark_used(ctx.facts.production)
    measured = "tce" if requirement.quantity == "energy" else "tCO2e"
    return [
        Evidence(
            requirement.id,
            TYPE,
            requirement.describe(),
            1000.0 * quantity / volume,
            threshold,
            unit,
            "<=",
            detail=f"{quantity:,.1f} {measured} for {volume:,.0f} {ctx.facts.product_unit}",
            note=f"benchmark: {benchmark.source}" if requirement.benchmark and benchmark is not None else "",
        )
    ]
