"""Storage never feeds the grid: the site exports PV surplus only, never while the battery discharges.

Behind-the-meter storage in China may not send energy to the grid. Export is the PV output the
site's own use cannot take; if the battery discharged while PV was exported, the battery would
in effect sell (grid-charged) energy. So in every hour either the site may export (a PV surplus
hour, z = 1) or the battery may discharge (z = 0):

    export_{y,p,h} = 0                     where G_{p,h} ≤ L_{y,p,h} (no surplus possible)
    export_{y,p,h} ≤ (G_{p,h} − L_{y,p,h}) · z_{y,p,h}                     (export_in_surplus_hour)
    discharge_{y,p,h} ≤ U_{y,p,h} · (1 − z_{y,p,h})                  (no_discharge_while_exporting)

with z binary, G = roof limit × yield (the most PV the roof can give in the hour), L the least
the site can use (demand less every electricity saving on offer) and U the most it can use
(demand, loads the measures add, electric heat, the auxiliary load of the largest useful
battery). A binary is needed only in hours where a surplus is possible at all: on the Type II
example 320 of 2,880 hours, instead of one in every hour.

Why not without binaries: export ≤ (generation − use)^+ is not convex when the PV capacity is a
decision, and the flow-split formulation (PV to load, battery, grid; battery to load only) is not
exact: PV can be labelled "exported" while the battery serves the load in the same hour (100 kW
load, 100 kW PV: 100 kW "exported", 100 kW from the battery), which is exactly the arbitrage to
forbid. A choice of z that is wrong for the hour only costs money (z = 1 without surplus forbids a
useful discharge; z = 0 with surplus forbids the export), so the optimum picks z = 1 exactly in
the surplus hours; with the plan's capacities fixed (the full-year re-check) z is known in
advance and the dispatch is a linear program.

The rule is enforced lazily (:func:`zcf_opt.lazy_feed_in.solve_with_feed_in`): the two rows of
an hour are built inactive, the model is solved without them, and only the hours in which
discharge and export meet get their rows before the next solve, until none meet. Every round
solves a relaxation of the full model, so a plan in which no hour breaks the rule is optimal for
the full model too (within the MIP gap): exact. On the Jiangsu-2025 examples no hour meets, one
round: the Type II example's solves about a third faster than with all 320 binaries.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def heat_electricity_bound_kw(d: ModelData) -> np.ndarray:
    """Most electricity the electric heat options can usefully draw in each hour [kW], shape
    (year, period, hour).

    Per heat demand: without storage, the hour's heat demand; with storage, the heat of the whole
    day (the day's electric heat is at most the heat delivered, grown by the store's loss over a
    day: heat never delivered would only cost electricity); at most the options' capacity caps;
    in electricity at the least COP of the demand's options.
    """
    v = d.values
    bound = np.zeros_like(v["demand_kw"], dtype=float)
    options = v["heat_option_demand"]
    stores = v["heat_store_demand"]
    for i, demand in enumerate(d.labels["heat_demand"]):
        mine = options == demand
        if not mine.any():
            continue
        hourly = v["heat_demand_mwh_th"][i][:, None, None] * v["heat_demand_shape_kw_per_mwh"][i][None]
        store = stores == demand
        if store.any():
            loss = float(v["heat_store_loss_per_hour"][store].max())
            daily = hourly.sum(axis=2, keepdims=True) / (1.0 - min(loss, 0.5)) ** 23
            hourly = np.broadcast_to(daily, hourly.shape)
        cap = float(v["heat_option_max_kw_th"][mine].sum())
        bound += np.minimum(hourly, cap) / float(v["heat_option_cop"][mine].min())
    return bound


def use_bounds_kw(d: ModelData) -> tuple[np.ndarray, np.ndarray]:
    """Least and most the site can use in each hour, excluding battery charging [kW], shape
    (year, period, hour): demand less every saving on offer (and every replacement at a legal
    minimum); demand plus every load a measure adds, the auxiliary load of the largest useful
    battery and the most electric heat can draw."""
    v = d.values
    demand = v["demand_kw"]
    shape = v["measure_saving_shape_kw_per_mwh"]  # (profile, period, hour)
    profile = v["measure_saving_profile"]
    saving = v["measure_electricity_saving_mwh_per_year"]
    floor = v["measure_floor_saving_mwh_per_year"].max(axis=1, initial=0.0)
    least = demand.astype(float).copy()
    most = demand.astype(float).copy()
    for i, name in enumerate(d.labels["saving_profile"]):
        mine = profile == name
        saved = float(np.clip(saving[mine], 0.0, None).sum() + floor[mine].sum())
        least -= shape[i][None] * saved
        most += shape[i][None] * float(np.clip(-saving[mine], 0.0, None).sum())
    window = d.scalar("battery_max_soc") - d.scalar("battery_min_soc")
    heat = heat_electricity_bound_kw(d)
    # more energy than 24 h of the highest use can never be discharged within a day
    largest_battery_kwh = (
        24.0 * float((most + heat).max()) / (d.scalar("battery_discharge_efficiency") * window)
    )
    auxiliary = d.scalar("battery_auxiliary_kw_per_kwh") * largest_battery_kwh * d.scalar("battery_allowed")
    return least, most + heat + auxiliary


def surplus_hours(d: ModelData) -> list[tuple[int, int, int]]:
    """(year, period, hour) in which the full roof could give more than the site's least use."""
    least, _ = use_bounds_kw(d)
    roof = d.scalar("pv_limit_kwp") * d.values["pv_yield_kwh_per_kwp"]
    return [
        (y, p, h)
        for y in d.years
        for p in d.periods
        for h in d.hours
        if roof[p, h] > least[d.year_pos[y], p, h] + 1e-9
    ]


def add_feed_in(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.feed_in``; needs ``m.pv`` and ``m.battery``."""
    b = m.feed_in = pyo.Block()
    if not d.scalar("export_allowed"):
        return  # nothing is exported (the PV block fixes export at zero)
    least, most = use_bounds_kw(d)
    roof = d.scalar("pv_limit_kwp") * d.values["pv_yield_kwh_per_kwp"]
    hours = surplus_hours(d)
    possible = set(hours)
    for y in d.years:
        for p in d.periods:
            for h in d.hours:
                if (y, p, h) not in possible:
                    m.pv.export_kw[y, p, h].fix(0.0)
    b.K = pyo.Set(initialize=hours, dimen=3, ordered=True, doc="hours in which a PV surplus is possible")
    b.surplus = pyo.Var(b.K, domain=pyo.Binary)
    b.export_in_surplus_hour = pyo.Constraint(
        b.K,
        rule=lambda blk, y, p, h: (
            m.pv.export_kw[y, p, h] <= float(roof[p, h] - least[d.year_pos[y], p, h]) * blk.surplus[y, p, h]
        ),
    )
    b.no_discharge_while_exporting = pyo.Constraint(
        b.K,
        rule=lambda blk, y, p, h: (
            m.battery.discharge_kw[y, p, h] <= float(most[d.year_pos[y], p, h]) * (1 - blk.surplus[y, p, h])
        ),
    )
    b.export_in_surplus_hour.deactivate()
    b.no_discharge_while_exporting.deactivate()


#: battery discharge and export both above this in one hour break the rule [kW]
OVERLAP_TOLERANCE_KW = 1e-4


def overlapping_hours(m: pyo.ConcreteModel) -> list[tuple[int, int, int]]:
    """Hours of the solved ``m`` whose rule is inactive and in which the battery discharges while
    PV is exported (both above :data:`OVERLAP_TOLERANCE_KW`)."""
    b = m.feed_in
    if not hasattr(b, "K"):
        return []
    return [
        k
        for k in b.K
        if not b.no_discharge_while_exporting[k].active
        and (m.pv.export_kw[k].value or 0.0) > OVERLAP_TOLERANCE_KW
        and (m.battery.discharge_kw[k].value or 0.0) > OVERLAP_TOLERANCE_KW
    ]


def enforce_feed_in(m: pyo.ConcreteModel, hours: list[tuple[int, int, int]]) -> None:
    """Activate the rule's rows (and so its binaries) in ``hours`` (in place)."""
    for k in hours:
        m.feed_in.export_in_surplus_hour[k].activate()
        m.feed_in.no_discharge_while_exporting[k].activate()
