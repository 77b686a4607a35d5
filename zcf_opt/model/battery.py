"""Battery storage: energy and power added by year, hourly dispatch cyclic within each period.

Equations, for years y, install years v, periods p, hours h (h−1 of h = 0 is hour 23):

    energy_cap_y = Σ_{v ≤ y < v+L} energy_added_v                                 (energy_definition)
    power_cap_y = Σ_{v ≤ y < v+L} power_added_v                                   (power_definition)
    power_added_v ≤ c · energy_added_v                                            (c_rate)
    charge_{y,p,h} ≤ power_cap_y                                                  (charge_limit)
    discharge_{y,p,h} ≤ power_cap_y                                               (discharge_limit)
    soc_{y,p,h} ≤ energy_cap_y                                                    (soc_limit)
    soc_{y,p,h} = soc_{y,p,h−1} + η_c · charge_{y,p,h} − discharge_{y,p,h} / η_d  (soc_balance)

Minimum project size (:data:`MINIMUM_SIZE`, applied after the solve by
:mod:`zcf_opt.minimum_size`): energy_added_v = 0 or energy_added_v ≥ ``battery_min_project_kwh``.

Cost in year y: capex_E,y · energy_added_y + capex_P,y · power_added_y + O&M · energy_cap_y.

| symbol | meaning | unit |
|---|---|---|
| c | largest power per unit energy (C-rate) | kW/kWh |
| η_c, η_d | charge and discharge efficiency (√ round trip) | 1 |
| soc | energy stored at the end of the hour | kWh |
"""

from __future__ import annotations

import pyomo.environ as pyo

from zcf_opt.model.data import MinimumSize, ModelData

MINIMUM_SIZE = MinimumSize(
    "battery", "battery", "energy_added_kwh", "kWh", "battery_min_project_kwh", linked=("power_added_kw",)
)


def add_battery(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.battery``."""
    b = m.battery = pyo.Block()
    life = d.scalar("battery_life_years")
    c_rate = d.scalar("battery_max_c_rate_per_hour")
    eta_charge = d.scalar("battery_charge_efficiency")
    eta_discharge = d.scalar("battery_discharge_efficiency")
    energy_capex = d.per_year("battery_energy_capex_cny_per_kwh")
    power_capex = d.per_year("battery_power_capex_cny_per_kw")
    om = d.scalar("battery_fixed_om_cny_per_kwh_year")
    last_hour = d.hours[-1]

    b.energy_added_kwh = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.power_added_kw = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.charge_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.discharge_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.soc_kwh = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    if not d.scalar("battery_allowed"):
        b.energy_added_kwh.fix(0.0)
        b.power_added_kw.fix(0.0)

    # capacities in service as variables keep the hourly rows short (one term, not a vintage sum)
    b.energy_capacity_kwh = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.power_capacity_kw = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.energy_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.energy_capacity_kwh[y] == sum(blk.energy_added_kwh[v] for v in d.years if d.alive(v, y, life))
        ),
    )
    b.power_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.power_capacity_kw[y] == sum(blk.power_added_kw[v] for v in d.years if d.alive(v, y, life))
        ),
    )
    b.c_rate = pyo.Constraint(
        m.Y, rule=lambda blk, v: blk.power_added_kw[v] <= c_rate * blk.energy_added_kwh[v]
    )
    b.charge_limit = pyo.Constraint(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.charge_kw[y, p, h] <= blk.power_capacity_kw[y]
    )
    b.discharge_limit = pyo.Constraint(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.discharge_kw[y, p, h] <= blk.power_capacity_kw[y]
    )
    b.soc_limit = pyo.Constraint(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.soc_kwh[y, p, h] <= blk.energy_capacity_kwh[y]
    )

    def soc_balance(blk: pyo.Block, y: int, p: int, h: int) -> pyo.Expression:
        previous = blk.soc_kwh[y, p, h - 1 if h > 0 else last_hour]
        return blk.soc_kwh[y, p, h] == (
            previous + eta_charge * blk.charge_kw[y, p, h] - blk.discharge_kw[y, p, h] / eta_discharge
        )

    b.soc_balance = pyo.Constraint(m.Y, m.P, m.H, rule=soc_balance)
    b.electricity_supply_kw = pyo.Reference(b.discharge_kw)
    b.electricity_use_kw = pyo.Reference(b.charge_kw)

    b.capex_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            energy_capex[y] * blk.energy_added_kwh[y] + power_capex[y] * blk.power_added_kw[y]
        ),
    )
    b.opex_cny = pyo.Expression(m.Y, rule=lambda blk, y: om * blk.energy_capacity_kwh[y])
    b.annual_cost_cny = pyo.Expression(m.Y, rule=lambda blk, y: blk.capex_cny[y] + blk.opex_cny[y])
    b.residual_value_cny = pyo.Expression(
        expr=sum(d.residual_fraction(v, life) * b.capex_cny[v] for v in d.years)
    )
