"""How blocks take part in shared sums without the core knowing them.

A lever's block contributes to a shared sum by defining a component under an agreed name:

| name | index | meaning | unit |
|---|---|---|---|
| ``electricity_supply_kw`` | y, p, h | energy the block brings to the site's bus in the hour | kWh |
| ``electricity_use_kw`` | y, p, h | energy the block takes from the bus (negative: saves) | kWh |
| ``annual_cost_cny`` | y | the block's cash flow of the year (costs positive) | CNY |
| ``capex_cny`` | y | the investment in ``annual_cost_cny`` (the finance block applies loans to it) | CNY |
| ``residual_value_cny`` | — | value of the block's assets left after the horizon | CNY |
| ``scope1_tco2e`` | y | direct emissions the block causes | tCO2e |
| ``scope3_tco2e`` | y | scope-3 emissions the block causes (Type II boundary) | tCO2e |
| ``fuel_energy_kwh`` | y | fuel the block burns on site, at its lower heating value | kWh |
"""

from __future__ import annotations

import pyomo.environ as pyo


def contributions(m: pyo.ConcreteModel, name: str, exclude: tuple[str, ...] = ()) -> list[pyo.Component]:
    """The component ``name`` of every block built so far that has one, in build order.

    Parameters
    ----------
    m
        The model being built.
    name
        Agreed component name (see the table above).
    exclude
        Block names to leave out (a block summing others' contributions under the same name).
    """
    found = []
    for block in m.component_objects(pyo.Block, descend_into=False):
        if block.local_name not in exclude and block.component(name) is not None:
            found.append(block.component(name))
    return found
