"""Check of a renewable-electricity share on the accounting:

    value = Σ counted (pv_self_consumed_mwh, green_power_mwh, gec_mwh)
            / (grid_import_mwh + pv_self_consumed_mwh)

(1 where the plant uses no electricity), against the minimum share.
"""

from __future__ import annotations

from zcf_opt.certify.context import YearContext
from zcf_opt.certify.evidence import Evidence, share_evidence
from zcf_opt.standards.requirements import RenewableShare

TYPE = "renewable_share"
COLUMNS = {
    "pv_self_consumed": "pv_self_consumed_mwh",
    "green_power": "green_power_mwh",
    "certificates": "gec_mwh",
}


def check(requirement: RenewableShare, ctx: YearContext) -> list[Evidence]:
    counted = sum(ctx.number(COLUMNS[i]) for i in requirement.instruments)
    consumption = ctx.number("grid_import_mwh") + ctx.number("pv_self_consumed_mwh")
    return share_evidence(requirement, TYPE, counted, consumption, "MWh")
