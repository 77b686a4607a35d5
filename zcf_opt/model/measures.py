"""Retrofit measures (motor fleets, waste-heat recovery, efficiency programmes) as binaries.

Equations, for measures k, groups g, saving profiles s, years y and install years v:

    Σ_{k ∈ g} Σ_v build_{k,v} ≤ 1                                                 (one_per_group)
    in_service_{k,y} = Σ_{v ≤ y < v+L_k} build_{k,v}                                  [0/1]
    saving_{s,y} = Σ_{k with profile s} S_k · in_service_{k,y}                   (saving_definition)
    saving_{y,p,h} = Σ_s shape_{s,p,h} · saving_{s,y}                              [kWh]
    epc_y = Σ_k Σ_{v ≤ y < v+T_k} pay_{k,y} · build_{k,v}                             [CNY]

The heat a measure saves (H_k on its heat demand) enters the heat balance of
:mod:`zcf_opt.model.heat`. A row offered under an energy-performance contract has no capex and
pays ``pay_{k,y}`` (its savings share × the value of its savings in year y) for its T_k contract
years.

Cost in year y: Σ_k capex_k · build_{k,y} + O&M_k · in_service_{k,y} + epc_y. Residual value:
:func:`zcf_opt.conventions.residual_fraction` of the capex of measures alive after the horizon.

| symbol | meaning | unit |
|---|---|---|
| S_k | electricity saved per year (negative: load added) | MWh/yr |
| shape | hourly spread of an annual saving, by profile (default the plant's load) | kW per MWh/yr |
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def add_measures(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.measures``."""
    b = m.measures = pyo.Block()
    v = d.values
    capex = dict(zip(d.measures, v["measure_capex_cny"].astype(float), strict=True))
    life = dict(zip(d.measures, v["measure_life_years"].astype(float), strict=True))
    om = dict(zip(d.measures, v["measure_fixed_om_cny_per_year"].astype(float), strict=True))
    saving_mwh = dict(
        zip(d.measures, v["measure_electricity_saving_mwh_per_year"].astype(float), strict=True)
    )
    profile_of = dict(zip(d.measures, v["measure_saving_profile"], strict=True))
    profiles = d.labels["saving_profile"]
    shape = v["measure_saving_shape_kw_per_mwh"]  # (profile, period, hour)
    epc_years = dict(zip(d.measures, v["measure_epc_contract_years"].astype(float), strict=True))
    epc_pay = v["measure_epc_payment_cny_per_year"]  # (measure, year)
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
    # the year's saving per profile as one variable keeps the hourly balance rows short
    b.S = pyo.Set(initialize=profiles, ordered=True)
    b.annual_saving_mwh = pyo.Var(b.S, m.Y, domain=pyo.Reals)
    b.saving_definition = pyo.Constraint(
        b.S,
        m.Y,
        rule=lambda blk, s, y: (
            blk.annual_saving_mwh[s, y]
            == sum(saving_mwh[k] * blk.in_service[k, y] for k in d.measures if profile_of[k] == s)
        ),
    )
    b.saving_kw = pyo.Expression(
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, y, p, h: sum(
            float(shape[i, p, h]) * blk.annual_saving_mwh[s, y] for i, s in enumerate(profiles)
        ),
    )
    b.electricity_use_kw = pyo.Expression(m.Y, m.P, m.H, rule=lambda blk, y, p, h: -blk.saving_kw[y, p, h])
    b.capex_cny = pyo.Expression(m.Y, rule=lambda blk, y: sum(capex[k] * blk.build[k, y] for k in d.measures))
    b.opex_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: sum(om[k] * blk.in_service[k, y] for k in d.measures)
    )
    b.epc_payment_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            float(epc_pay[i, d.year_pos[y]]) * blk.build[k, v]
            for i, k in enumerate(d.measures)
            if epc_years[k] > 0
            for v in d.years
            if d.alive(v, y, epc_years[k])
        ),
    )
    b.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: blk.capex_cny[y] + blk.opex_cny[y] + blk.epc_payment_cny[y]
    )
    b.residual_value_cny = pyo.Expression(
        expr=sum(
            capex[k] * d.residual_fraction(y, life[k]) * b.build[k, y] for k in d.measures for y in d.years
        )
    )
