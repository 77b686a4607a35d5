"""Star-level targets as constraints, from the per-year thresholds of the rulebook.

For each year y with a target (thresholds r_y, n_y, s_y; scope 3 counted for Type II):

    pv_self_y + green_y + gec_y ≥ r_y · (import_mwh_y + pv_self_y)                 (renewable_share)
    residual_y = scope1_y + scope2_mkt_y [+ scope3_y]
    offsets_y + removals_y ≥ n_y · residual_y                                      (neutralised_share)
    removals_y ≥ s_y · residual_y                                                  (removal_share)
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData


def add_targets(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.targets``; needs ``m.emissions`` and ``m.market``."""
    b = m.targets = pyo.Block()
    levels = d.values["target_level"]
    target_years = [y for y in d.years if str(levels[d.year_pos[y]])]
    re_share = d.per_year("target_min_re_share")
    neutralised = d.per_year("target_min_neutralised_share")
    removal = d.per_year("target_min_removal_share")
    with_scope3 = d.per_year("target_includes_scope3")
    e, mk = m.emissions, m.market

    b.TY = pyo.Set(initialize=target_years, ordered=True)

    def residual(y: int) -> pyo.Expression:
        base = e.scope1_tco2e[y] + e.scope2_market_tco2e[y]
        return base + e.scope3_tco2e[y] if with_scope3[y] else base

    b.renewable_share = pyo.Constraint(
        b.TY,
        rule=lambda blk, y: (
            e.pv_self_consumed_mwh[y] + mk.green_power_mwh[y] + mk.gec_mwh[y]
            >= re_share[y] * (m.grid.import_mwh[y] + e.pv_self_consumed_mwh[y])
        ),
    )
    b.neutralised_share = pyo.Constraint(
        b.TY, rule=lambda blk, y: mk.offsets_tco2e[y] + mk.removals_tco2e[y] >= neutralised[y] * residual(y)
    )
    b.removal_share = pyo.Constraint(
        b.TY, rule=lambda blk, y: mk.removals_tco2e[y] >= removal[y] * residual(y)
    )
