"""Battery storage: energy and power added by year, ageing vintages, hourly dispatch cyclic within
each period, auxiliary consumption.

Equations, for years y, install years v (in service: v ≤ y < v+L), periods p with weights w_p,
hours h (h−1 of h = 0 is hour 23):

    nameplate_y = Σ_{v alive} energy_added_v                                       (energy_definition)
    power_cap_y = Σ_{v alive} power_added_v                                        (power_definition)
    power_added_v ≤ c · energy_added_v                                             (c_rate)
    usable_y = (s_max − s_min) · Σ_{v alive} energy_added_v · (1 − ρ · (y − v))    (usable_definition)
    Σ_p w_p Σ_h discharge_{y,p,h} / η_d ≤ N · usable_y                             (design_cycles)
    charge_{y,p,h} ≤ power_cap_y                                                   (charge_limit)
    discharge_{y,p,h} ≤ power_cap_y                                                (discharge_limit)
    soc_{y,p,h} ≤ usable_y                                                         (soc_limit)
    soc_{y,p,h} = soc_{y,p,h−1} + η_c · charge_{y,p,h} − discharge_{y,p,h} / η_d   (soc_balance)
    auxiliary_{y,p,h} = a · nameplate_y                                            [kWh in the hour]

with the fade per year of age ρ = f_cal + f_cyc · (s_max − s_min) · N: a vintage loses f_cal of
its nameplate capacity per year (calendar ageing) and f_cyc per equivalent full cycle (cycle
ageing), and is cycled at most N times a year (full cycles of its usable window, the design
throughput the dispatch may not exceed). The schema requires 1 − ρ · L ≥ e, the capacity a
vintage must keep at the end of its life: the cycle-life limit. Replacement at the end of life
and augmentation of a faded battery are new vintages.

Minimum project size (:data:`MINIMUM_SIZE`, applied after the solve by
:mod:`zcf_opt.minimum_size`): energy_added_v = 0 or energy_added_v ≥ ``battery_min_project_kwh``.

Cost in year y: capex_E,y · energy_added_y + capex_P,y · power_added_y + O&M · nameplate_y.

| symbol | meaning | unit |
|---|---|---|
| c | largest power per unit energy (C-rate) | kW/kWh |
| η_c, η_d | charge and discharge efficiency (√ round trip) | 1 |
| s_min, s_max | state-of-charge window | 1 |
| f_cal, f_cyc | capacity lost per year of age, per equivalent full cycle of the nameplate | 1/yr, 1 |
| N | design cycles of the usable window per year | 1/yr |
| e | capacity kept at the end of life | 1 |
| a | auxiliary consumption per kWh of nameplate energy | kW/kWh |
| soc | energy stored within the window at the end of the hour | kWh |

Fade from the actual throughput (capacity of year y reduced by the energy discharged before y)
is exact but couples every year's dispatch to the later years' capacity; it made the Type II
example's root LP about four times slower, so the model ages a vintage at its design throughput
and caps the dispatch there: exact when the cap binds, conservative otherwise.
"""

from __future__ import annotations

import pyomo.core as pyo

from zcf_opt.model.data import MinimumSize, ModelData
from zcf_opt.model.prices import price

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
    window = d.scalar("battery_max_soc") - d.scalar("battery_min_soc")
    calendar_fade = d.scalar("battery_calendar_fade_per_year")
    cycle_fade = d.scalar("battery_cycle_fade_per_cycle")
    design_cycles = d.scalar("battery_design_cycles_per_year")
    auxiliary = d.scalar("battery_auxiliary_kw_per_kwh")
    energy_capex = price(m, "battery_energy_capex_cny_per_kwh")
    power_capex = price(m, "battery_power_capex_cny_per_kw")
    om = d.scalar("battery_fixed_om_cny_per_kwh_year")
    weight = d.values["period_weight_days"]
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
    b.usable_capacity_kwh = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
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

    # ageing at the design throughput: a vintage's capacity declines linearly with its age
    fade = calendar_fade + cycle_fade * window * design_cycles
    b.usable_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.usable_capacity_kwh[y]
            == window
            * sum(blk.energy_added_kwh[v] * (1.0 - fade * (y - v)) for v in d.years if d.alive(v, y, life))
        ),
    )
    b.discharged_kwh = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(weight[p]) / eta_discharge * blk.discharge_kw[y, p, h] for p in d.periods for h in d.hours
        ),
    )
    b.design_cycles = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.discharged_kwh[y] <= design_cycles * blk.usable_capacity_kwh[y]
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
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.soc_kwh[y, p, h] <= blk.usable_capacity_kwh[y]
    )

    def soc_balance(blk: pyo.Block, y: int, p: int, h: int) -> pyo.Expression:
        previous = blk.soc_kwh[y, p, h - 1 if h > 0 else last_hour]
        return blk.soc_kwh[y, p, h] == (
            previous + eta_charge * blk.charge_kw[y, p, h] - blk.discharge_kw[y, p, h] / eta_discharge
        )

    b.soc_balance = pyo.Constraint(m.Y, m.P, m.H, rule=soc_balance)
    b.auxiliary_kw = pyo.Expression(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: auxiliary * blk.energy_capacity_kwh[y]
    )
    b.electricity_supply_kw = pyo.Reference(b.discharge_kw)
    b.electricity_use_kw = pyo.Expression(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.charge_kw[y, p, h] + blk.auxiliary_kw[y, p, h]
    )

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
