"""Star-level targets as constraints, from the per-year thresholds of the rulebook.

Every year carries the three target rows; a year without a target has thresholds of zero,
which leaves its rows slack. The thresholds are mutable parameters, so a built model can be
re-solved for another level by changing them alone (:func:`set_targets`).

For each year y (thresholds r_y, n_y, s_y; k_y = 1 where scope 3 counts, i.e. Type II):

    renewable_y   = pv_self_y + green_y + gec_y                                   (renewable_definition)
    consumption_y = import_mwh_y + pv_self_y                                      (consumption_definition)
    residual_y    = scope1_y + scope2_mkt_y                                       (residual_definition)
    renewable_y ≥ r_y · consumption_y                                             (renewable_share)
    offsets_y + removals_y ≥ n_y · (residual_y + k_y · scope3_y)                  (neutralised_share)
    removals_y ≥ s_y · (residual_y + k_y · scope3_y)                              (removal_share)
"""

from __future__ import annotations

import pyomo.environ as pyo
import xarray as xr

from zcf_opt.model.data import ModelData

#: mutable parameter -> input variable it takes its per-year values from
THRESHOLDS = {
    "min_re_share": "target_min_re_share",
    "min_neutralised_share": "target_min_neutralised_share",
    "min_removal_share": "target_min_removal_share",
    "scope3_counted": "target_includes_scope3",
}


def add_targets(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.targets``; needs ``m.emissions``, ``m.market`` and ``m.grid``."""
    b = m.targets = pyo.Block()
    e, mk = m.emissions, m.market
    for name, source in THRESHOLDS.items():
        b.add_component(name, pyo.Param(m.Y, mutable=True, within=pyo.Reals, initialize=d.per_year(source)))

    b.renewable_mwh = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.consumption_mwh = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.residual_tco2e = pyo.Var(m.Y, domain=pyo.Reals)
    b.renewable_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.renewable_mwh[y] == e.pv_self_consumed_mwh[y] + mk.green_power_mwh[y] + mk.gec_mwh[y]
        ),
    )
    b.consumption_definition = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.consumption_mwh[y] == m.grid.import_mwh[y] + e.pv_self_consumed_mwh[y]
    )
    b.residual_definition = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.residual_tco2e[y] == e.scope1_tco2e[y] + e.scope2_market_tco2e[y]
    )

    def boundary(blk: pyo.Block, y: int) -> pyo.Expression:
        return blk.residual_tco2e[y] + blk.scope3_counted[y] * e.scope3_tco2e[y]

    b.renewable_share = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.renewable_mwh[y] >= blk.min_re_share[y] * blk.consumption_mwh[y]
    )
    b.neutralised_share = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            mk.offsets_tco2e[y] + mk.removals_tco2e[y] >= blk.min_neutralised_share[y] * boundary(blk, y)
        ),
    )
    b.removal_share = pyo.Constraint(
        m.Y, rule=lambda blk, y: mk.removals_tco2e[y] >= blk.min_removal_share[y] * boundary(blk, y)
    )


def set_targets(m: pyo.ConcreteModel, inputs: xr.Dataset) -> None:
    """Give a built model the per-year thresholds of ``inputs`` (same years, other targets)."""
    years = [int(y) for y in inputs["year"].values]
    for name, source in THRESHOLDS.items():
        param = m.targets.component(name)
        for year, value in zip(years, inputs[source].values, strict=True):
            param[year] = float(value)
