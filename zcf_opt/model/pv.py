"""Rooftop PV: capacity added by year (vintages), generation, export and curtailment.

Equations, for years y, install years v, periods p and hours h:

    capacity_y = K0 (1−δ)^(a0 + y − y0) [y − y0 < L − a0] + Σ_{v ≤ y < v+L} added_v (1−δ)^(y−v)
                                                                                  (effective_definition)
    installed_y = K0 [alive] + Σ_{v ≤ y < v+L} added_v                 ≤ roof limit     (pv_roof_limit)
    generation_{y,p,h} = capacity_y · yield_{p,h}                                  [kWh]
    export_{y,p,h} + curtailed_{y,p,h} ≤ generation_{y,p,h}                        (pv_output_split)
    supply to the site_{y,p,h} = generation − export − curtailed                  [kWh]
    added_v ≤ roof limit · built_v        (only with a fixed project cost)        (pv_fixed_cost_link)

Cost in year y: capex_y · added_y + F · built_y + O&M · installed_y. Residual value: capex of
vintages still alive after the horizon, straight-line.

Minimum project size (:data:`MINIMUM_SIZE`, applied after the solve by
:mod:`zcf_opt.minimum_size`): added_v = 0 or added_v ≥ ``pv_min_project_kwp``.

| symbol | meaning | unit |
|---|---|---|
| K0, a0 | existing PV and its age | kWp, yr |
| δ, L | degradation per year, life | 1/yr, yr |
| yield | AC energy per kWp in the hour | kWh/kWp |
"""

from __future__ import annotations

import pyomo.core as pyo

from zcf_opt.model.data import MinimumSize, ModelData
from zcf_opt.model.prices import price

MINIMUM_SIZE = MinimumSize("pv", "pv", "added_kwp", "kWp", "pv_min_project_kwp")


def add_pv(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.pv`` with its variables, constraints and cost expressions."""
    b = m.pv = pyo.Block()
    limit = d.scalar("pv_limit_kwp")
    life = d.scalar("pv_life_years")
    degradation = d.scalar("pv_degradation_per_year")
    existing = d.scalar("existing_pv_kwp")
    age = d.scalar("existing_pv_age_years")
    first = d.years[0]
    yield_kwh = d.values["pv_yield_kwh_per_kwp"]
    capex = price(m, "pv_capex_cny_per_kwp")
    om = d.scalar("pv_fixed_om_cny_per_kwp_year")
    fixed_cost = d.scalar("pv_fixed_project_cost_cny")
    export_allowed = bool(d.scalar("export_allowed"))

    b.added_kwp = pyo.Var(m.Y, domain=pyo.NonNegativeReals, bounds=(0, limit))
    b.export_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.curtailed_kw = pyo.Var(m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    if not export_allowed:
        b.export_kw.fix(0.0)

    def existing_alive(y: int) -> bool:
        return y - first < life - age

    def installed(blk: pyo.Block, y: int) -> pyo.Expression:
        new = sum(blk.added_kwp[v] for v in d.years if d.alive(v, y, life))
        return new + (existing if existing_alive(y) else 0.0)

    def effective(blk: pyo.Block, y: int) -> pyo.Expression:
        new = sum(blk.added_kwp[v] * (1 - degradation) ** (y - v) for v in d.years if d.alive(v, y, life))
        old = existing * (1 - degradation) ** (age + y - first) if existing_alive(y) else 0.0
        return new + old

    b.installed_kwp = pyo.Expression(m.Y, rule=installed)
    # one variable per year keeps the hourly rows short (one capacity term instead of a vintage sum)
    b.effective_kwp = pyo.Var(m.Y, domain=pyo.NonNegativeReals)
    b.effective_definition = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.effective_kwp[y] == effective(blk, y)
    )
    b.roof_limit = pyo.Constraint(m.Y, rule=lambda blk, y: blk.installed_kwp[y] <= limit)
    b.generation_kw = pyo.Expression(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: blk.effective_kwp[y] * float(yield_kwh[p, h])
    )
    b.output_split = pyo.Constraint(
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, y, p, h: (
            blk.export_kw[y, p, h] + blk.curtailed_kw[y, p, h] <= blk.generation_kw[y, p, h]
        ),
    )
    b.electricity_supply_kw = pyo.Expression(
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, y, p, h: (
            blk.generation_kw[y, p, h] - blk.export_kw[y, p, h] - blk.curtailed_kw[y, p, h]
        ),
    )
    if fixed_cost > 0:
        b.built = pyo.Var(m.Y, domain=pyo.Binary)
        b.fixed_cost_link = pyo.Constraint(m.Y, rule=lambda blk, v: blk.added_kwp[v] <= limit * blk.built[v])

    def capex_cny(blk: pyo.Block, y: int) -> pyo.Expression:
        fixed = fixed_cost * blk.built[y] if fixed_cost > 0 else 0.0
        return capex[y] * blk.added_kwp[y] + fixed

    b.capex_cny = pyo.Expression(m.Y, rule=capex_cny)
    b.opex_cny = pyo.Expression(m.Y, rule=lambda blk, y: om * blk.installed_kwp[y])
    b.annual_cost_cny = pyo.Expression(m.Y, rule=lambda blk, y: blk.capex_cny[y] + blk.opex_cny[y])
    b.residual_value_cny = pyo.Expression(
        expr=sum(d.residual_fraction(v, life) * b.capex_cny[v] for v in d.years)
    )
