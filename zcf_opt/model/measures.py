"""Retrofit measures (motor fleets, waste-heat recovery) as binaries with exclusive groups.

Equations, for measures k, groups g, years y and install years v:

    in_service_{k,y} = Σ_{v ≤ y < v+L_k} build_{k,v}                                  [0/1]
    Σ_{k ∈ g} in_service_{k,y} ≤ 1                                                (one_per_group)
    build_{k,v} = 0            where option k is below the legal minimum class of year v
    ended_{g,y} ≥ build_{k,v} − Σ_{k' ∈ g} in_service_{k',y}      for k ∈ g, v + L_k ≤ y   (ended_lower)
    ended_{g,y} ≤ 1 − Σ_{k ∈ g} in_service_{k,y}                                  (ended_upper)
    ended_{g,y} ≤ Σ_{k ∈ g, v + L_k ≤ y} build_{k,v}                              (ended_needs_a_build)
    saving_y = Σ_k S_k · in_service_{k,y} + Σ_g F_{g,y} · ended_{g,y}             (saving_definition)
    saving_{y,p,h} = shape_{p,h} · saving_y                                        [kWh]
    gas_{y} = G_y − Σ_k g_k · in_service_{k,y} ≥ 0                                    (gas_non_negative)

    scope1_y = EF_gas · gas_y                                                          [tCO2e]
    fuel_energy_y = LHV · gas_y                                                        [kWh]

A measure may be renewed when its life ends: a new build (a vintage with its capex) of the same
or another option of its group, one in service at a time. ended_{g,y} ∈ [0, 1] is 1 exactly when a
build of group g has reached its end and nothing of g is in service: a motor fleet whose
retrofit ends without renewal is replaced at the year's minimum class (saving F_{g,y} against its
old motors), never run again at a class below it.

Cost in year y: Σ_k capex_k · build_{k,y} + O&M_k · in_service_{k,y}; gas cost price_y · gas_y.
Residual value: capex of measures still alive after the horizon, straight-line.

| symbol | meaning | unit |
|---|---|---|
| S_k | electricity saved per year (negative: load added) | MWh/yr |
| F_{g,y} | saving of fleet g replaced at year y's minimum class | MWh/yr |
| shape | hourly spread of an annual saving (the plant's load shape) | kW per MWh/yr |
| G_y, g_k | gas demand before recovery; gas a measure displaces | Nm3/yr |
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyomo.environ as pyo

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

    allowed = v["measure_allowed"]
    floor = v["measure_floor_saving_mwh_per_year"]
    floor_of_group = {g: floor[d.measures.index(members[0])] for g, members in groups.items()}
    floored = sorted(g for g, row in floor_of_group.items() if np.any(row > 0))

    b.M = pyo.Set(initialize=d.measures, ordered=True)
    b.G = pyo.Set(initialize=sorted(groups), ordered=True)
    b.build = pyo.Var(b.M, m.Y, domain=pyo.Binary)
    for i, k in enumerate(d.measures):
        for y in d.years:
            if not allowed[i, d.year_pos[y]]:
                b.build[k, y].fix(0)
    b.in_service = pyo.Expression(
        b.M,
        m.Y,
        rule=lambda blk, k, y: sum(blk.build[k, iy] for iy in d.years if d.alive(iy, y, life[k])),
    )
    b.group_in_service = pyo.Expression(
        b.G, m.Y, rule=lambda blk, g, y: sum(blk.in_service[k, y] for k in groups[g])
    )
    b.one_per_group = pyo.Constraint(b.G, m.Y, rule=lambda blk, g, y: blk.group_in_service[g, y] <= 1)

    # fleets replaced at the minimum class once their retrofit has ended without renewal
    b.F = pyo.Set(initialize=floored, ordered=True)
    b.ended = pyo.Var(b.F, m.Y, bounds=(0, 1))
    ended_builds = [
        (g, y, k, iy)
        for g in floored
        for y in d.years
        for k in groups[g]
        for iy in d.years
        if iy + life[k] <= y
    ]
    b.ended_lower = pyo.Constraint(
        ended_builds,
        rule=lambda blk, g, y, k, iy: blk.ended[g, y] >= blk.build[k, iy] - blk.group_in_service[g, y],
    )
    b.ended_upper = pyo.Constraint(
        b.F, m.Y, rule=lambda blk, g, y: blk.ended[g, y] <= 1 - blk.group_in_service[g, y]
    )
    b.ended_needs_a_build = pyo.Constraint(
        b.F,
        m.Y,
        rule=lambda blk, g, y: (
            blk.ended[g, y] <= sum(blk.build[k, iy] for k in groups[g] for iy in d.years if iy + life[k] <= y)
        ),
    )

    # the year's saving as one variable keeps the hourly balance rows short
    b.annual_saving_mwh = pyo.Var(m.Y, domain=pyo.Reals)
    b.saving_definition = pyo.Constraint(
        m.Y,
        rule=lambda blk, y: (
            blk.annual_saving_mwh[y]
            == sum(saving_mwh[k] * blk.in_service[k, y] for k in d.measures)
            + sum(float(floor_of_group[g][d.year_pos[y]]) * blk.ended[g, y] for g in floored)
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
