"""Heat: demands met by gas, electric options (heat pumps, electric boilers), storage and savings.

Each heat demand d needs Q_{d,y} [MWh_th/yr] spread over the hours by its shape σ_{d,p,h}
[kW per MWh/yr]. Measures save H_{d,y} of it (waste heat recovered, insulation), following the
same shape; electric options o supply q_{o,y,p,h}; storage s of the demand shifts electric heat;
gas supplies the rest. For years y, install years v, periods p (weights w_p), hours h:

    saved_{d,y} = Σ_{k saving on d} H_k · in_service_{k,y}                      (saved_definition)
    cap_{o,y} = Σ_{v ≤ y < v+L_o} added_{o,v} ≤ K_o                        (capacity_kw_th_definition)
    q_{o,y,p,h} ≤ cap_{o,y}                                                      (output_limit)
    soc_{s,y,p,h} = (1 − λ_s) soc_{s,y,p,h−1} + ch_{s,y,p,h} − dis_{s,y,p,h}     (store_balance)
    ch, dis ≤ c_s · E_{s,y};  soc ≤ E_{s,y}                                      (store_*)

    for demands with electric options, every hour:
    Σ_o q + Σ_s (dis − ch) + saved_{d,y} σ_{d,p,h} ≤ Q_{d,y} σ_{d,p,h}          (heat_balance)
    for the others, every year:
    saved_{d,y} ≤ Q_{d,y}                                                        (saved_within_demand)

    electric_{d,y} = Σ_p w_p Σ_h (Σ_o q + Σ_s (dis − ch)) / 1000                  [MWh_th]
    gas_heat_{d,y} = Q_{d,y} − saved_{d,y} − electric_{d,y} ≥ 0                   [MWh_th]
    gas_y = G⁰_y + Σ_d g_d · gas_heat_{d,y}                                       [Nm3]
    electricity use_{y,p,h} = Σ_o q_{o,y,p,h} / COP_o                              [kWh]
    scope1_y = EF_gas · gas_y;  fuel energy_y = LHV · gas_y                      [tCO2e], [kWh]

Storage needs no row tying its charge to electric heat: heat from gas stored and used later
would only lose λ_s per hour, so the optimum never does it (with λ_s = 0 it gains nothing).

Cost in year y: Σ_o capex_o · added_{o,y} + Σ_s capex_s · added_{s,y} + O&M · capacity + gas
price_y · gas_y. Hourly rows exist only for demands with an electric option; the others keep
one row per year.

| symbol | meaning | unit |
|---|---|---|
| g_d | gas per MWh of heat of today's supply (1000 / (η_d · LHV)) | Nm3/MWh_th |
| G⁰_y | gas used outside the heat demands | Nm3 |
| λ_s, c_s | heat lost per hour; charge/discharge power per kWh of storage | 1/h |
"""

from __future__ import annotations

import math

import pyomo.core as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.prices import price


def add_vintages(
    b: pyo.Block,
    m: pyo.ConcreteModel,
    d: ModelData,
    items: pyo.Set,
    added: str,
    in_service: str,
    life: dict[str, float],
    largest: dict[str, float],
) -> None:
    """Capacity added per item and year (``added``) and in service (``in_service``, at most
    ``largest``): in_service_{i,y} = Σ_{v ≤ y < v+L_i} added_{i,v}."""
    b.add_component(added, pyo.Var(items, m.Y, domain=pyo.NonNegativeReals))
    bounds = {i: (0.0, None if math.isinf(largest[i]) else largest[i]) for i in items}
    b.add_component(
        in_service, pyo.Var(items, m.Y, domain=pyo.NonNegativeReals, bounds=lambda blk, i, y: bounds[i])
    )
    new, total = b.component(added), b.component(in_service)
    b.add_component(
        f"{in_service}_definition",
        pyo.Constraint(
            items,
            m.Y,
            rule=lambda blk, i, y: total[i, y] == sum(new[i, v] for v in d.years if d.alive(v, y, life[i])),
        ),
    )


def add_heat(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.heat``; needs ``m.measures`` (heat saved by measures in service)."""
    b = m.heat = pyo.Block()
    v = d.values
    demands = d.labels["heat_demand"]
    options = d.labels["heat_option"]
    stores = d.labels["heat_store"]
    demand_mwh = d.by_label_and_year("heat_demand_mwh_th", "heat_demand")
    shape = {dn: v["heat_demand_shape_kw_per_mwh"][i] for i, dn in enumerate(demands)}
    gas_per_heat = d.by_label("heat_gas_nm3_per_mwh_th", "heat_demand")
    weight = v["period_weight_days"]
    other_gas = d.per_year("other_gas_nm3")
    gas_price = price(m, "gas_price_cny_per_nm3")
    gas_factor = d.scalar("gas_emission_factor_tco2_per_nm3")
    gas_lhv = d.scalar("gas_lhv_kwh_per_nm3")
    option_demand = dict(zip(options, v["heat_option_demand"], strict=True))
    cop = d.by_label("heat_option_cop", "heat_option")
    option_capex = d.by_label("heat_option_capex_cny_per_kw_th", "heat_option")
    option_om = d.by_label("heat_option_fixed_om_cny_per_kw_th_year", "heat_option")
    option_life = d.by_label("heat_option_life_years", "heat_option")
    option_max = d.by_label("heat_option_max_kw_th", "heat_option")
    store_demand = dict(zip(stores, v["heat_store_demand"], strict=True))
    store_capex = d.by_label("heat_store_capex_cny_per_kwh_th", "heat_store")
    store_om = d.by_label("heat_store_fixed_om_cny_per_kwh_th_year", "heat_store")
    store_life = d.by_label("heat_store_life_years", "heat_store")
    store_loss = d.by_label("heat_store_loss_per_hour", "heat_store")
    store_rate = d.by_label("heat_store_c_rate_per_hour", "heat_store")
    store_max = d.by_label("heat_store_max_kwh_th", "heat_store")
    saving = v["measure_heat_saving_mwh_th_per_year"].astype(float)
    saving_demand = v["measure_heat_demand"]
    savers = {
        dn: [(k, float(saving[i])) for i, k in enumerate(d.measures) if saving_demand[i] == dn and saving[i]]
        for dn in demands
    }
    electrified = [dn for dn in demands if any(option_demand[o] == dn for o in options)]
    options_of = {dn: [o for o in options if option_demand[o] == dn] for dn in demands}
    stores_of = {dn: [s for s in stores if store_demand[s] == dn] for dn in demands}
    last_hour = d.hours[-1]

    b.D = pyo.Set(initialize=demands, ordered=True, doc="heat demands")
    b.E = pyo.Set(initialize=electrified, ordered=True, doc="heat demands with electric options")
    b.N = pyo.Set(initialize=[dn for dn in demands if dn not in electrified], ordered=True, doc="the others")
    b.O = pyo.Set(initialize=options, ordered=True, doc="electric heat options")
    b.S = pyo.Set(initialize=stores, ordered=True, doc="thermal storage")

    # heat saved per demand and year as one variable keeps the hourly rows short
    b.saved_mwh_th = pyo.Var(b.D, m.Y, domain=pyo.NonNegativeReals)
    b.saved_definition = pyo.Constraint(
        b.D,
        m.Y,
        rule=lambda blk, dn, y: (
            blk.saved_mwh_th[dn, y] == sum(h * m.measures.in_service[k, y] for k, h in savers[dn])
        ),
    )

    add_vintages(b, m, d, b.O, "added_kw_th", "capacity_kw_th", option_life, option_max)
    b.output_kw_th = pyo.Var(b.O, m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.output_limit = pyo.Constraint(
        b.O,
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, o, y, p, h: blk.output_kw_th[o, y, p, h] <= blk.capacity_kw_th[o, y],
    )

    add_vintages(b, m, d, b.S, "store_added_kwh_th", "store_capacity_kwh_th", store_life, store_max)
    b.charge_kw_th = pyo.Var(b.S, m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.discharge_kw_th = pyo.Var(b.S, m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    b.soc_kwh_th = pyo.Var(b.S, m.Y, m.P, m.H, domain=pyo.NonNegativeReals)
    for flow in ("charge", "discharge"):  # store_charge_limit, store_discharge_limit
        b.add_component(
            f"store_{flow}_limit",
            pyo.Constraint(
                b.S,
                m.Y,
                m.P,
                m.H,
                rule=lambda blk, s, y, p, h, f=flow: (
                    blk.component(f"{f}_kw_th")[s, y, p, h] <= store_rate[s] * blk.store_capacity_kwh_th[s, y]
                ),
            ),
        )
    b.store_soc_limit = pyo.Constraint(
        b.S,
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, s, y, p, h: blk.soc_kwh_th[s, y, p, h] <= blk.store_capacity_kwh_th[s, y],
    )
    b.store_balance = pyo.Constraint(
        b.S,
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, s, y, p, h: (
            blk.soc_kwh_th[s, y, p, h]
            == (1.0 - store_loss[s]) * blk.soc_kwh_th[s, y, p, h - 1 if h > 0 else last_hour]
            + blk.charge_kw_th[s, y, p, h]
            - blk.discharge_kw_th[s, y, p, h]
        ),
    )

    def electric_heat_kw(blk: pyo.Block, dn: str, y: int, p: int, h: int) -> pyo.Expression:
        outputs = sum(blk.output_kw_th[o, y, p, h] for o in options_of[dn])
        storage = sum(blk.discharge_kw_th[s, y, p, h] - blk.charge_kw_th[s, y, p, h] for s in stores_of[dn])
        return outputs + storage

    b.heat_balance = pyo.Constraint(
        b.E,
        m.Y,
        m.P,
        m.H,
        rule=lambda blk, dn, y, p, h: (
            electric_heat_kw(blk, dn, y, p, h) + float(shape[dn][p, h]) * blk.saved_mwh_th[dn, y]
            <= float(shape[dn][p, h]) * demand_mwh[dn, y]
        ),
    )
    b.saved_within_demand = pyo.Constraint(
        b.N,
        m.Y,
        rule=lambda blk, dn, y: blk.saved_mwh_th[dn, y] <= demand_mwh[dn, y],
    )
    b.electric_heat_mwh_th = pyo.Expression(
        b.D,
        m.Y,
        rule=lambda blk, dn, y: (
            sum(
                float(weight[p]) / 1000.0 * electric_heat_kw(blk, dn, y, p, h)
                for p in d.periods
                for h in d.hours
            )
            if dn in electrified
            else 0.0
        ),
    )
    b.gas_heat_mwh_th = pyo.Expression(
        b.D,
        m.Y,
        rule=lambda blk, dn, y: demand_mwh[dn, y] - blk.saved_mwh_th[dn, y] - blk.electric_heat_mwh_th[dn, y],
    )
    b.gas_nm3 = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            other_gas[y] + sum(gas_per_heat[dn] * blk.gas_heat_mwh_th[dn, y] for dn in demands)
        ),
    )
    b.electricity_use_kw = pyo.Expression(
        m.Y, m.P, m.H, rule=lambda blk, y, p, h: sum(blk.output_kw_th[o, y, p, h] / cop[o] for o in options)
    )
    b.scope1_tco2e = pyo.Expression(m.Y, rule=lambda blk, y: gas_factor * blk.gas_nm3[y])
    b.fuel_energy_kwh = pyo.Expression(m.Y, rule=lambda blk, y: gas_lhv * blk.gas_nm3[y])
    b.gas_cost_cny = pyo.Expression(m.Y, rule=lambda blk, y: gas_price[y] * blk.gas_nm3[y])
    b.capex_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            sum(option_capex[o] * blk.added_kw_th[o, y] for o in options)
            + sum(store_capex[s] * blk.store_added_kwh_th[s, y] for s in stores)
        ),
    )
    b.opex_cny = pyo.Expression(
        m.Y,
        rule=lambda blk, y: (
            sum(option_om[o] * blk.capacity_kw_th[o, y] for o in options)
            + sum(store_om[s] * blk.store_capacity_kwh_th[s, y] for s in stores)
        ),
    )
    b.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: blk.capex_cny[y] + blk.opex_cny[y] + blk.gas_cost_cny[y]
    )
    b.residual_value_cny = pyo.Expression(
        expr=sum(
            d.residual_fraction(y, option_life[o]) * option_capex[o] * b.added_kw_th[o, y]
            for o in options
            for y in d.years
        )
        + sum(
            d.residual_fraction(y, store_life[s]) * store_capex[s] * b.store_added_kwh_th[s, y]
            for s in stores
            for y in d.years
        )
    )
