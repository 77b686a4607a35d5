"""Grid connection: hourly import, the year's peak import, energy and demand charges, export.

Equations, for years y, periods p with weights w_p [day], hours h:

    peak_y ≥ import_{y,p,h} + E_{y,p,h}                                           (peak_import)
    import_mwh_y = Σ_p w_p Σ_h import_{y,p,h} / 1000
    cost_y = Σ_p w_p Σ_h price_{y,h} · import_{y,p,h} + 12 · D_y · peak_y
             − Σ_p w_p Σ_h min(export_price_y, price_{y,h} − 0.001) · export_{y,p,h}

E is the excess of the hour's highest 15-minute demand over its mean (``demand_peak_excess_kw``,
zero for hourly load data): the demand charge bills the highest 15-minute import, and PV and
battery are taken as flat within the hour, so the import's within-hour spike is the load's. The
demand charge uses the year's highest import for every month (the typical days keep the
peak-load day, so the annual peak is represented; monthly peaks are not). Export is paid at
most the hour's energy charge less 0.001 CNY/kWh: a single meter cannot import and export at
once, and a higher export price would make buying and selling in the same hour look profitable.

| symbol | meaning | unit |
|---|---|---|
| price | time-of-use energy charge | CNY/kWh |
| D | demand charge on the maximum import | CNY/kW/month |
| E | highest 15-minute demand above the hour's mean | kW |
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import ModelData


def add_grid(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.grid``; needs ``m.pv`` (export revenue)."""
    b = m.grid = pyo.Block()
    weight = d.values["period_weight_days"]
    price = d.values["energy_price_cny_per_kwh"]
    demand_charge = d.per_year("demand_charge_cny_per_kw_month")
    export_price = d.values["export_price_effective_cny_per_kwh"]
    spike = d.values["demand_peak_excess_kw"]

    b.import_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.electricity_supply_kw = pyo.Reference(b.import_kw)
    b.peak_kw = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.peak_import = pyo.Constraint(
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, y, p, h: (
            blk.peak_kw[y] >= blk.import_kw[y, p, h] + float(spike[d.year_pos[y], p, h])
        ),
    )
    b.import_mwh = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(weight[p]) / 1000.0 * blk.import_kw[y, p, h] for p in d.periods for h in d.hours
        ),
    )

    def energy_cost(blk: pyo.Block, y: int) -> pyo.Expression:
        i = d.year_pos[y]
        return sum(
            float(weight[p] * price[i, h]) * blk.import_kw[y, p, h] for p in d.periods for h in d.hours
        )

    b.energy_charge_cny = pyo.Expression(m.Y, rule=energy_cost)
    b.demand_charge_cny = pyo.Expression(m.Y, rule=lambda blk, y: 12.0 * demand_charge[y] * blk.peak_kw[y])
    b.export_revenue_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(weight[p] * export_price[d.year_pos[y], h]) * m.pv.export_kw[y, p, h]
            for p in d.periods
            for h in d.hours
        ),
    )
    b.annual_cost_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: blk.energy_charge_cny[y] + blk.demand_charge_cny[y] - blk.export_revenue_cny[y],
    )
