"""Scope 3 of the itemised supply chain and what its lower-carbon options cost.

For items i (goods categories, logistics modes) and options o moving x_{o,y} units to a lower
factor:

- ``scope3_goods_tco2e`` / ``scope3_logistics_tco2e`` = Σ_i Q_{i,y} f_i − Σ_o x_{o,y} (f_i − f_o),
  for the goods and the logistics items
- ``scope3_avoided_tco2e`` = Σ_o x_{o,y} (f_i − f_o)
- ``supply_chain_cost_cny`` = Σ_o c_{o,y} x_{o,y}

An option's units must stay within its cap and, together with the item's other options, within
the item's quantity.
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.ledger import Ledger

#: relative tolerance on the caps of the options [1]
CAP_TOLERANCE = 1e-6


def supply_chain_columns(ledger: Ledger) -> None:
    """Scope 3 of goods and logistics [tCO2e], tonnes avoided and the options' cost [CNY]."""
    inputs, out = ledger.inputs, ledger.table
    units = ledger.flows["supply_option_units"].values  # (option, year)
    caps = inputs["supply_option_max_units"].values
    items = inputs["supply_item"].values
    quantity = inputs["supply_item_quantity"].values  # (item, year)
    owner = inputs["supply_option_item"].values
    moved = np.array([units[owner == i].sum(axis=0) for i in items]).reshape(quantity.shape)
    if np.any(units > caps * (1 + CAP_TOLERANCE) + 1e-6) or np.any(
        moved > quantity * (1 + CAP_TOLERANCE) + 1e-6
    ):
        raise ValueError("a supply-chain option moves more than its cap or its item's quantity")
    item_factor = dict(zip(items, inputs["supply_item_factor_tco2e_per_unit"].values, strict=True))
    gain = np.array([item_factor[i] for i in owner]) - inputs["supply_option_factor_tco2e_per_unit"].values
    avoided_by_item = np.array([(gain[owner == i, None] * units[owner == i]).sum(axis=0) for i in items])
    gross = quantity * inputs["supply_item_factor_tco2e_per_unit"].values[:, None]
    net = (gross - avoided_by_item.reshape(gross.shape)) if len(items) else gross
    kind = inputs["supply_item_kind"].values
    out["scope3_goods_tco2e"] = net[kind == "goods"].sum(axis=0)
    out["scope3_logistics_tco2e"] = net[kind == "logistics"].sum(axis=0)
    out["scope3_avoided_tco2e"] = (gain[:, None] * units).sum(axis=0)
    out["supply_chain_cost_cny"] = (inputs["supply_option_cost_cny_per_unit"].values * units).sum(axis=0)
