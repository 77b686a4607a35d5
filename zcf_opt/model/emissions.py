"""Annual energy and emission expressions the targets need (GB/T 32150, GHG Protocol scopes).

For years y (all annual sums Σ_p w_p Σ_h … / 1000 in MWh):

    pv_self_y   = Σ (generation − export − curtailed) / 1000                       [MWh]
    scope1_y    = process_y + Σ_blocks scope1_y (today: gas_y · EF_gas)              [tCO2e]
    scope2_loc  = import_mwh_y · EF_grid,y                                          [tCO2e]
    scope2_mkt  = (import_mwh_y − green_y − gec_y) · EF_residual,y                  [tCO2e]
    scope3_y    = transport_y + purchased_goods_y + Σ_blocks scope3_y               [tCO2e]
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.contributions import contributions
from zcf_opt.model.data import ModelData


def add_emissions(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.emissions``; needs ``m.pv``, ``m.grid``, ``m.measures``, ``m.market``."""
    b = m.emissions = pyo.Block()
    weight = d.values["period_weight_days"]
    process = d.per_year("process_emissions_tco2e")
    location = d.per_year("grid_factor_location_tco2_per_mwh")
    market = d.per_year("grid_factor_market_tco2_per_mwh")
    transport = d.per_year("scope3_transport_tco2e")
    goods = d.per_year("scope3_purchased_goods_tco2e")
    pv = m.pv

    b.pv_self_consumed_mwh = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(weight[p])
            / 1000.0
            * (pv.generation_kw[y, p, h] - pv.export_kw[y, p, h] - pv.curtailed_kw[y, p, h])
            for p in d.periods
            for h in d.hours
        ),
    )
    direct = contributions(m, "scope1_tco2e", exclude=("emissions",))
    indirect = contributions(m, "scope3_tco2e", exclude=("emissions",))
    b.scope1_tco2e = pyo.Expression(m.Y, rule=lambda blk, y: process[y] + sum(e[y] for e in direct))
    b.scope2_location_tco2e = pyo.Expression(m.Y, rule=lambda blk, y: location[y] * m.grid.import_mwh[y])
    b.scope2_market_tco2e = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            market[y] * (m.grid.import_mwh[y] - m.market.green_power_mwh[y] - m.market.gec_mwh[y])
        ),
    )
    b.scope3_tco2e = pyo.Expression(
        m.Y, rule=lambda blk, y: transport[y] + goods[y] + sum(e[y] for e in indirect)
    )
