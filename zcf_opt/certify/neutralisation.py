"""Check of neutralisation on the accounting:

    value = Σ counted credits (offsets_tco2e, international_credits_tco2e, removals_tco2e,
            outside_reductions_tco2e) / E,   E = the boundary's emissions (≥ 0)

(1 where E is zero), against the minimum share.
"""

from __future__ import annotations

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence, share_evidence
from zcf_opt.standards.requirements import Neutralisation

TYPE = "neutralisation"


def check(requirement: Neutralisation, ctx: YearContext) -> list[Evidence]:
    credits = sum(ctx.number(f"{kind}_tco2e") for kind in requirement.instruments)
    emissions = max(0.0, ctx.emissions(requirement))
    return share_evidence(requirement, TYPE, credits, emissions, "tCO2e")
