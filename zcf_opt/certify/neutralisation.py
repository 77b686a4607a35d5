"""Check of neutralisation on the accounting:

    value = Σ counted credits (offsets_tco2e, international_credits_tco2e, removals_tco2e,
            outside_reductions_tco2e) / E,   E = the boundary's emissions (≥ 0)

(1 where E is zero), against the minimum share.
"""

from __future__ import annotations

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence
from zcf_opt.standards.requirements import Neutralisation

TYPE = "neutralisation"


def check(requirement: Neutralisation, ctx: YearContext) -> list[Evidence]:
    credits = sum(ctx.number(f"{kind}_tco2e") for kind in requirement.instruments)
    emissions = max(0.0, ctx.emissions(requirement))
    share = credits / emissions if emissions > 1e-9 else 1.0
    return [
        Evidence(
            requirement.id,
            TYPE,
            requirement.describe(),
            share,
            requirement.min_share,
            "1",
            ">=",
            detail=f"{credits:,.0f} of {emissions:,.0f} tCO2e",
        )
    ]
