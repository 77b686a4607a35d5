"""Supply chain (scope 3): tonnes of purchased goods and t·km of logistics moved to lower-carbon
options, year by year.

For supply items i (goods categories, logistics modes) with quantity Q_{i,y} and factor f_i, and
their options o with factor f_o, cost c_{o,y} per unit and cap X_{o,y} (zero before the option's
first year):

    0 ≤ x_{o,y} ≤ X_{o,y}                                                          (bounds)
    Σ_{o of i} x_{o,y} ≤ Q_{i,y}                                                   (within_quantity)
    scope3_y = Σ_i Q_{i,y} f_i − Σ_o x_{o,y} (f_{i(o)} − f_o)                      [tCO2e]
    cost_y = Σ_o c_{o,y} x_{o,y}                                                   [CNY]

| symbol | meaning | unit |
|---|---|---|
| Q, x, X | tonnes bought (goods) or tonne-kilometres moved (logistics) | t or t·km per yr |
| f | emission factor per unit | tCO2e per t or t·km |
| c | extra cost per unit of the option over today's supply | CNY per t or t·km |
"""

from __future__ import annotations

import pyomo.core as pyo

from zcf_opt.model.data import ModelData


def add_supply_chain(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.supply_chain``."""
    b = m.supply_chain = pyo.Block()
    v = d.values
    items = d.labels["supply_item"]
    options = d.labels["supply_option"]
    quantity = d.by_label_and_year("supply_item_quantity", "supply_item")
    factor = d.by_label("supply_item_factor_tco2e_per_unit", "supply_item")
    item_of = dict(zip(options, v["supply_option_item"], strict=True))
    option_factor = d.by_label("supply_option_factor_tco2e_per_unit", "supply_option")
    cost = d.by_label_and_year("supply_option_cost_cny_per_unit", "supply_option")
    cap = d.by_label_and_year("supply_option_max_units", "supply_option")

    b.I = pyo.Set(initialize=items, ordered=True, doc="goods categories and logistics modes")
    b.O = pyo.Set(initialize=options, ordered=True, doc="lower-carbon options")
    b.switched = pyo.Var(b.O, m.Y, domain=pyo.NonNegativeReals, bounds=lambda blk, o, y: (0.0, cap[o, y]))
    b.within_quantity = pyo.Constraint(
        b.I,
        m.Y,
        rule=lambda blk, i, y: (
            sum(blk.switched[o, y] for o in options if item_of[o] == i) <= quantity[i, y]
            if any(item_of[o] == i for o in options)
            else pyo.Constraint.Skip
        ),
    )
    b.avoided_tco2e = pyo.Expression(
        m.Y,
        rule=lambda blk, y: sum(
            blk.switched[o, y] * (factor[item_of[o]] - option_factor[o]) for o in options
        ),
    )
    b.scope3_tco2e = pyo.Expression(
        m.Y, rule=lambda blk, y: sum(quantity[i, y] * factor[i] for i in items) - blk.avoided_tco2e[y]
    )
    b.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: sum(cost[o, y] * blk.switched[o, y] for o in options)
    )
