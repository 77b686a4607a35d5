"""Check of reduction first on the accounting:

- cost rule: value = number of measure groups holding an option cheaper than the limit
  (``measure_abatement_cost_cny_per_tco2e`` of the inputs) none of whose options is in
  ``measures_in_service`` that year; it must be 0;
- credit cap: value = Σ counted credits / base-year emissions of the boundary, at most the share.
"""

from __future__ import annotations

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence
from zcf_opt.standards.requirements import ReductionFirst

TYPE = "reduction_first"


def check(requirement: ReductionFirst, ctx: YearContext) -> list[Evidence]:
    rows = []
    limit = requirement.max_abatement_cost_cny_per_tco2e
    if limit is not None:
        serving = set(str(ctx.row.get("measures_in_service") or "").split(";"))
        cheap = [
            group
            for group, measures in ctx.facts.measure_groups.items()
            if any(ctx.facts.abatement_cost[k] < limit for k in measures)
        ]
        missing = [group for group in cheap if not serving & set(ctx.facts.measure_groups[group])]
        rows.append(
            Evidence(
                f"{requirement.id}[measures]",
                TYPE,
                requirement.describe(part="measures"),
                float(len(missing)),
                0.0,
                "measure groups missing",
                "<=",
                tolerance=0.0,
                detail=("missing: " + ", ".join(missing))
                if missing
                else f"{len(cheap)} of {len(cheap)} in place",
            )
        )
    share = requirement.max_credit_share_of_base
    if share is not None:
        credits = sum(ctx.number(f"{kind}_tco2e") for kind in requirement.instruments)
        base = ctx.base_emissions(requirement)
        rows.append(
            Evidence(
                f"{requirement.id}[credits]",
                TYPE,
                requirement.describe(part="credits"),
                credits / base if base > 1e-9 else 0.0,
                share,
                "1",
                "<=",
                detail=f"{credits:,.0f} tCO2e of {base:,.0f} tCO2e in {ctx.facts.base_year}",
            )
        )
    return rows
