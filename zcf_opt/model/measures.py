"""Retrofit measures (motor fleets, waste-heat recovery) as binaries with exclusive groups.

Equations, for measures k, groups g, years y and install years v:

    Σ_{k ∈ g} Σ_v build_{k,v} ≤ 1                                                 (one_per_group)
    in_service_{k,y} = Σ_{v ≤ y < v+L_k} build_{k,v}                                  [0/1]
    saving_y = Σ_k S_k · in_service_{k,y}                                        (saving_definition)
    saving_{y,p,h} = shape_{p,h} · saving_y                                        [kWh]
    gas_{y} = G_y − Σ_k g_k · in_service_{k,y} ≥ 0                                    (gas_non_negative)

    scope1_y = EF_gas · gas_y                                                          [tCO2e]
    fuel_energy_y = LHV · gas_y                                                        [kWh]

Cost in year y: Σ_k capex_k · build_{k,y} + O&M_k · in_service_{k,y}; gas cost price_y · gas_y.
Residual value: capex of measures still alive after the horizon, straight-line.

| symbol | meaning | unit |
|---|---|---|
| S_k | electricity saved per year (negative: load added) | MWh/yr |
| shape | hourly spread of an annual saving (the plant's load shape) | kW per MWh/yr |
| G_y, g_k | gas demand before recovery; gas a measure displaces | Nm3/yr |
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def add_measures(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.measures`` (including the plant's gas use and cost)."""
    b = m.measures = pyo.Block()
    v = d.values
    capex = dict(zip(d.measures, v["measure_capex_cny"].astype(float), strict=True))
    life = dict(zip(d.measures, v["measure_life_years"].astype(float), strict=True))
    om = dict(zip(d.measures, v["measure_fixed_om_cny_per_year"].astype(float), strict=True))
    saving_mwh = dict(
        zip(d.measures, v["measure_electricity_saving_mwh_per_year"].astype(float), strict=True)
    )
    gas_saving = dict(zip(d.measures, v["measure_gas_saving_nm3_per_year"].astype(float), strict=True))
    shape = v["measure_saving_shape_kw_per_mwh"]
    gas_demand = d.per_year("gas_demand_nm3")
    gas_price = d.per_year("gas_price_cny_per_nm3")
    gas_factor = d.scalar("gas_emission_factor_tco2_per_nm3")
    gas_lhv = d.scalar("gas_lhv_kwh_per_nm3")
    groups: dict[str, list[str]] = defaultdict(list)
    for measure, group in zip(d.measures, v["measure_group"], strict=True):
        groups[str(group)].append(measure)

    b.M = pyo.Set(initialize=d.measures, ordered=True)
    b.G = pyo.Set(initialize=sorted(groups), ordered=True)
    b.build = pyo.Var(b.M, m.Y, domain=pyo.Binary)
    b.one_per_group = pyo.Constraint(
        b.G, rule=lambda blk, g: sum(blk.build[k, y] for k in groups[g] for y in d.years) <= 1
    )
    b.in_service = pyo.Expression(
        b.M,
        m.Y,
        rule=lambda blk, k, y: sum(blk.build[k, iy] for iy in d.years if d.alive(iy, y, life[k])),
    )
    # the year's saving as one variable keeps the hourly balance rows short
    b.annual_saving_mwh = pyo.Var(m.Y, domain=pyo.Reals)
    b.saving_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.annual_saving_mwh[y] == sum(saving_mwh[k] * blk.in_service[k, y] for k in d.measures)
        ),
    )
    b.saving_kw = pyo.Expression(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: float(shape[p, h]) * blk.annual_saving_mwh[y]
    )
    b.electricity_use_kw = pyo.Expression(m.Y, m.P, m.H, rule=lambda blk, y, p, h: -blk.saving_kw[y, p, h])
    b.gas_nm3 = pyo.Expression(
        m.Y, rule=lambda blk, y: gas_demand[y] - sum(gas_saving[k] * blk.in_service[k, y] for k in d.measures)
    )
    b.gas_non_negative = pyo.Constraint(m.Y, rule=lambda blk, y: blk.gas_nm3[y] >= 0)
    b.scope1_tco2e = pyo.Expression(m.Y, rule=lambda blk, y: gas_factor * blk.gas_nm3[y])
    b.fuel_energy_kwh = pyo.Expression(m.Y, rule=lambda blk, y: gas_lhv * blk.gas_nm3[y])
    b.capex_cny = pyo.Expression(m.Y, rule=lambda blk, y: sum(capex[k] * blk.build[k, y] for k in d.measures))
    b.opex_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: sum(om[k] * blk.in_service[k, y] for k in d.measures)
    )
    b.gas_cost_cny = pyo.Expression(m.Y, rule=lambda blk, y: gas_price[y] * blk.gas_nm3[y])
    b.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: blk.capex_cny[y] + blk.opex_cny[y] + blk.gas_cost_cny[y]
    )
    b.residual_value_cny = pyo.Expression(
        expr=sum(
            capex[k] * d.residual_fraction(y, life[k]) * b.build[k, y] for k in d.measures for y in d.years
        )
    )
