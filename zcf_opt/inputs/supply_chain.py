"""Purchased goods and logistics (scope 3) and the options that lower their emissions.

Goods categories and logistics modes are both *supply items*: a quantity per year (t or t·km)
with an emission factor per unit [tCO2e per t or per t·km]. Their options are *supply options*:
a lower factor, an extra cost per unit moved to them (CNY/t or CNY/t·km, by year) and the most
units that can move each year (a share of the item's quantity, zero before the option's
earliest year). Dimensions ``supply_item`` and ``supply_option``.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable


def supply_chain_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Quantities [t or t·km per year], factors [tCO2e per unit], option costs and caps."""
    scope3 = ctx.factory.scope3
    years = ctx.years
    items, options = [], []
    for goods in scope3.purchased_goods:
        items.append((goods.category, "goods", "t", ctx.per_year(goods.t_per_year), goods.factor_tco2e_per_t))
        for option in goods.options:
            options.append((option, goods.category, option.factor_tco2e_per_t, option.premium_cny_per_t))
    for mode in scope3.logistics:
        items.append(
            (
                mode.mode,
                "logistics",
                "t·km",
                ctx.per_year(mode.tkm_per_year),
                mode.factor_kgco2e_per_tkm / 1000,
            )
        )
        for option in mode.options:
            options.append((option, mode.mode, option.factor_kgco2e_per_tkm / 1000, option.cost_cny_per_tkm))
    quantity = {name: q for name, _, _, q, _ in items}
    caps, costs = [], []
    for option, item, _, cost in options:
        available = years >= (option.earliest_year or years[0])
        caps.append(option.max_share * quantity[item] * available)
        costs.append(ctx.per_year(cost))
    n_years = len(years)
    return {
        "supply_item": variable(np.array([i[0] for i in items], dtype=str), ("supply_item",), ""),
        "supply_item_kind": variable(
            np.array([i[1] for i in items], dtype=str), ("supply_item",), "", "goods or logistics"
        ),
        "supply_item_unit": variable(np.array([i[2] for i in items], dtype=str), ("supply_item",), ""),
        "supply_item_quantity": variable(
            np.array([i[3] for i in items], dtype=float).reshape(len(items), n_years),
            ("supply_item", "year"),
            "t or t·km",
            "tonnes bought or tonne-kilometres moved per year",
        ),
        "supply_item_factor_tco2e_per_unit": variable(
            np.array([i[4] for i in items], dtype=float), ("supply_item",), "tCO2e per t or t·km"
        ),
        "supply_option": variable(np.array([o[0].name for o in options], dtype=str), ("supply_option",), ""),
        "supply_option_kind": variable(
            np.array([o[0].kind for o in options], dtype=str), ("supply_option",), ""
        ),
        "supply_option_item": variable(np.array([o[1] for o in options], dtype=str), ("supply_option",), ""),
        "supply_option_factor_tco2e_per_unit": variable(
            np.array([o[2] for o in options], dtype=float), ("supply_option",), "tCO2e per t or t·km"
        ),
        "supply_option_cost_cny_per_unit": variable(
            np.array(costs, dtype=float).reshape(len(options), n_years),
            ("supply_option", "year"),
            "CNY per t or t·km",
            "extra cost per unit moved to the option",
        ),
        "supply_option_max_units": variable(
            np.array(caps, dtype=float).reshape(len(options), n_years),
            ("supply_option", "year"),
            "t or t·km",
            "most units the option can take each year",
        ),
    }
