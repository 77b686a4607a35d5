"""Market purchases per year: green power, certificates (GEC), offsets, removals, international
credits and reductions outside the boundary.

Equations, for years y (each product x within its cap; a product not offered has cap 0):

    x_y ≤ cap_x,y
    green_y + gec_y ≤ import_mwh_y                                                (claims_within_import)
    cost_y = Σ_x π_x,y · x_y

Green power is grid electricity bought with its environmental attribute: it is part of the
import (and pays the tariff there) plus the premium here.
"""

from __future__ import annotations

import math

import pyomo.core as pyo

from zcf_opt.model.data import ModelData
from zcf_opt.model.prices import price

#: market variables: name -> (price input, cap input)
PRODUCTS = {
    "green_power_mwh": ("green_power_premium_cny_per_mwh", "green_power_cap_mwh"),
    "gec_mwh": ("gec_price_cny_per_mwh", "gec_cap_mwh"),
    "offsets_tco2e": ("offset_price_cny_per_tco2e", "offset_cap_tco2e"),
    "removals_tco2e": ("removal_price_cny_per_tco2e", "removal_cap_tco2e"),
    "international_credits_tco2e": (
        "international_credit_price_cny_per_tco2e",
        "international_credit_cap_tco2e",
    ),
    "outside_reductions_tco2e": ("outside_reduction_price_cny_per_tco2e", "outside_reduction_cap_tco2e"),
}


def add_market(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.market``; needs ``m.grid`` (claims within import)."""
    b = m.market = pyo.Block()
    for name, (_, cap_name) in PRODUCTS.items():
        cap = d.per_year(cap_name)
        bounds = {y: (0.0, None if math.isinf(cap[y]) else cap[y]) for y in d.years}
        b.add_component(
            name, pyo.Var(m.Y, domain=pyo.NonNegativeReals, bounds=lambda blk, y, bd=bounds: bd[y])
        )
    b.claims_within_import = pyo.Constraint(
        m.Y, rule=lambda blk, y: blk.green_power_mwh[y] + blk.gec_mwh[y] <= m.grid.import_mwh[y]
    )
    prices = {name: price(m, price_name) for name, (price_name, _) in PRODUCTS.items()}
    b.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda blk, y: sum(prices[n][y] * blk.component(n)[y] for n in PRODUCTS)
    )
