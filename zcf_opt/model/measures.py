"""Retrofit measures (motor fleets, waste-heat recovery, efficiency programmes) as binaries.

Equations, for measures k, groups g, saving profiles s, years y and install years v:

    in_service_{k,y} = Σ_{v ≤ y < v+L_k} build_{k,v}                                  [0/1]
    Σ_{k ∈ g} in_service_{k,y} ≤ 1                                                (one_per_group)
    build_{k,v} = 0            where option k is below the legal minimum class of year v
    ended_{g,y} ≥ build_{k,v} − Σ_{k' ∈ g} in_service_{k',y}      for k ∈ g, v + L_k ≤ y   (ended_lower)
    ended_{g,y} ≤ 1 − Σ_{k ∈ g} in_service_{k,y}                                  (ended_upper)
    ended_{g,y} ≤ Σ_{k ∈ g, v + L_k ≤ y} build_{k,v}                              (ended_needs_a_build)
    Σ_{k ∈ g} in_service_{k,y} ≥ Σ_{k ∈ g} in_service_{k,y−1}        for g that must renew (renewed)
    saving_{s,y} = Σ_{k with profile s} S_k · in_service_{k,y}
                   + Σ_{g with profile s} F_{g,y} · ended_{g,y}                   (saving_definition)
    saving_{y,p,h} = Σ_s shape_{s,p,h} · saving_{s,y}                              [kWh]
    epc_y = Σ_k Σ_{v ≤ y < v+T_k} pay_{k,y} · build_{k,v}                             [CNY]

The heat a measure saves (H_k on its heat demand) enters the heat balance of
:mod:`zcf_opt.model.heat`. A row offered under an energy-performance contract has no capex and
pays ``pay_{k,y}`` (its savings share × the value of its savings in year y) for its T_k contract
years.

A measure may be renewed when its life ends: a new build (a vintage with its capex) of the same
or another option of its group, one in service at a time. This holds for every kind of row:
motor fleets, equipment upgrades, waste-heat projects, efficiency programmes, and options under
an energy-performance contract (a renewed one signs a new contract). A measure that ends
without renewal stops saving from that year (``measures_in_service`` shows it), and its cost
stops too; nothing reverts while still being paid for. ended_{g,y} ∈ [0, 1] is 1 exactly when a
build of group g has reached its end and nothing of g is in service: a motor fleet whose
retrofit ends without renewal is replaced at the year's minimum class (saving F_{g,y} against its
old motors), never run again at a class below it; an equipment group below grade 3 is likewise
left at grade 3 (F the saving of its grade-3 option), and one without a grade-3 option must renew
its upgrade (renewed): there is no figure for grade 3 and it may not run below it.

Cost in year y: Σ_k capex_k · build_{k,y} + O&M_k · in_service_{k,y} + epc_y. Residual value:
:func:`zcf_opt.conventions.residual_fraction` of the capex of measures alive after the horizon.

| symbol | meaning | unit |
|---|---|---|
| S_k | electricity saved per year (negative: load added) | MWh/yr |
| F_{g,y} | saving of fleet g replaced at year y's minimum class | MWh/yr |
| shape | hourly spread of an annual saving, by profile (default the plant's load) | kW per MWh/yr |
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def add_measures(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.measures``."""
    b = m.measures = pyo.Block()
    v = d.values
    capex = d.by_label("measure_capex_cny", "measure")
    life = d.by_label("measure_life_years", "measure")
    om = d.by_label("measure_fixed_om_cny_per_year", "measure")
    saving_mwh = dict(
        zip(d.measures, v["measure_electricity_saving_mwh_per_year"].astype(float), strict=True)
    )
    profile_of = dict(zip(d.measures, v["measure_saving_profile"], strict=True))
    profiles = d.labels["saving_profile"]
    shape = v["measure_saving_shape_kw_per_mwh"]  # (profile, period, hour)
    epc_years = d.by_label("measure_epc_contract_years", "measure")
    epc_pay = v["measure_epc_payment_cny_per_year"]  # (measure, year)
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

    # groups whose upgrade, once built, stays in service (renewed at the end of its life)
    required = v["measure_renewal_required"]
    renewing = sorted({str(v["measure_group"][i]) for i in range(len(d.measures)) if required[i] > 0})
    b.renewed = pyo.Constraint(
        [(g, y) for g in renewing for y in d.years[1:]],
        rule=lambda blk, g, y: (
            blk.group_in_service[g, y] >= blk.group_in_service[g, d.years[d.year_pos[y] - 1]]
        ),
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
            + sum(
                float(floor_of_group[g][d.year_pos[y]]) * blk.ended[g, y]
                for g in floored
                if profile_of[groups[g][0]] == s
            )
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
