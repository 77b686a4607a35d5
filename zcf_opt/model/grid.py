"""Grid connection: hourly import, each month's maximum demand, energy and demand charges, export.

Equations, for years y, periods p with weights w_p [day], hours h, months m; P_m is the set of
periods that stand for at least one day of month m:

    period_peak_{y,p} ≥ import_{y,p,h} + E_{y,p,h}                              (period_peak_definition)
    peak_{y,m} ≥ period_peak_{y,p} − R_{y,p,m}       for p ∈ P_m                   (monthly_peak)
    import_mwh_y = Σ_p w_p Σ_h import_{y,p,h} / 1000
    cost_y = Σ_p w_p Σ_h price_{y,p,h} · import_{y,p,h} + D_y · Σ_m peak_{y,m} + 12 · C_y
             − Σ_p w_p Σ_h min(export_price_y, price_{y,p,h} − 0.001) · export_{y,p,h}

Each month pays the demand charge on its own maximum demand, the highest 15-minute import: E
is the excess of the hour's highest 15-minute demand over its mean (``demand_peak_excess_kw``,
zero for hourly load data); PV and battery are taken as flat within the hour, so the import's
within-hour spike is the load's. With typical days, a month's maximum is the highest import of
the periods that stand for its days (the peak-load day is a period of its own), less R: how much
lower the highest 15-minute demand of the period's days in that month is than of all its days
(``demand_month_relief_kw``). A period mixes days of several months, and without R every month
would pay the peak of the period's highest month: on the metered example 18 % too much demand
charge against the full year, about 2 % with R. R is zero for a period whose days lie in one
month, so with ``full_year`` each month pays exactly its own highest 15-minute import. A factory billed
by transformer capacity pays C_y = capacity charge × kVA every month and no demand charge
(D_y = 0). Export is paid at most the hour's energy charge less 0.001 CNY/kWh: a single meter
cannot import and export at once, and a higher export price would make buying and selling in
the same hour look profitable.

| symbol | meaning | unit |
|---|---|---|
| price | time-of-use energy charge of the period's days (season and band) | CNY/kWh |
| D | demand charge on each month's maximum import | CNY/kW/month |
| C | capacity charge of the transformer | CNY/month |
| E | highest 15-minute demand above the hour's mean | kW |
| R | how much lower the month's days' maximum demand is than the period's | kW |
"""

from __future__ import annotations

import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def add_grid(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.grid``; needs ``m.pv`` (export revenue)."""
    b = m.grid = pyo.Block()
    weight = d.values["period_weight_days"]
    price = d.values["energy_price_cny_per_kwh"]
    demand_charge = d.per_year("demand_charge_cny_per_kw_month")
    capacity_charge = d.per_year("capacity_charge_cny_per_month")
    export_price = d.values["export_price_effective_cny_per_kwh"]
    month_days = d.values["period_month_days"]
    relief = d.values["demand_month_relief_kw"]
    months = [mo for mo in range(1, 13) if month_days[:, mo - 1].sum() > 0]
    periods_of_month = {mo: [p for p in d.periods if month_days[p, mo - 1] > 0] for mo in months}
    spike = d.values["demand_peak_excess_kw"]

    b.M = pyo.Set(initialize=months, ordered=True, doc="calendar months")
    b.import_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.electricity_supply_kw = pyo.Reference(b.import_kw)
    b.period_peak_kw = pyo.Var(m.Y, m.P, domain=pyo.NonNegativeReals)
    b.peak_kw = pyo.Var(m.Y, b.M, domain=pyo.NonNegativeReals)
    b.period_peak_definition = pyo.Constraint(
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, y, p, h: (
            blk.period_peak_kw[y, p] >= blk.import_kw[y, p, h] + float(spike[d.year_pos[y], p, h])
        ),
    )
    b.monthly_peak = pyo.Constraint(
        [(y, mo, p) for y in d.years for mo in months for p in periods_of_month[mo]],
        rule=lambda blk, y, mo, p: (
            blk.peak_kw[y, mo] >= blk.period_peak_kw[y, p] - float(relief[d.year_pos[y], p, mo - 1])
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
            float(weight[p] * price[i, p, h]) * blk.import_kw[y, p, h] for p in d.periods for h in d.hours
        )

    b.energy_charge_cny = pyo.Expression(m.Y, rule=energy_cost)
    b.demand_charge_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            demand_charge[y] * sum(blk.peak_kw[y, mo] for mo in months) + 12.0 * capacity_charge[y]
        ),
    )
    b.export_revenue_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(weight[p] * export_price[d.year_pos[y], p, h]) * m.pv.export_kw[y, p, h]
            for p in d.periods
            for h in d.hours
        ),
    )
    b.annual_cost_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: blk.energy_charge_cny[y] + blk.demand_charge_cny[y] - blk.export_revenue_cny[y],
    )
