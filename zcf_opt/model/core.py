"""The thin core: sets, the hourly electricity balance and the objective.

Each lever adds one Block (``pv``, ``battery``, ``measures``, ``grid``, ``market``, ...); the
core joins them without knowing what they are: a block takes part in the electricity balance,
the objective and the emissions by defining components under agreed names
(:mod:`zcf_opt.model.contributions`).

Electricity balance, every year y, period p, hour h [kWh in the hour]:

    Σ_blocks supply_{y,p,h} = demand_{y,p,h} + Σ_blocks use_{y,p,h}               (electricity_balance)

with today's blocks: supply = grid import + (PV generation − export − curtailed) + battery
discharge; use = battery charge − measure saving + electric heat (heat output ÷ COP).

Objective (net present cost [CNY]), first year y0, last year yN, discount rate r:

    min Σ_y (1 + r)^−(y − y0) · Σ_blocks annual_cost_y  −  (1 + r)^−(yN + 1 − y0) · Σ_blocks residual

Discounting and residual value follow :mod:`zcf_opt.conventions`: every cash flow of a year at
its start, the residual value of assets still in service credited at the start of the year
after the horizon.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.core as pyo
import xarray as xr
from pyomo.common.gc_manager import PauseGC

from zcf_opt.conventions import discount_factor
from zcf_opt.model.battery import MINIMUM_SIZE as BATTERY_MINIMUM
from zcf_opt.model.battery import add_battery
from zcf_opt.model.contributions import contributions
from zcf_opt.model.data import MinimumSize, ModelData
from zcf_opt.model.emissions import add_emissions
from zcf_opt.model.feed_in import add_feed_in
from zcf_opt.model.finance import add_finance
from zcf_opt.model.grid import add_grid
from zcf_opt.model.heat import add_heat
from zcf_opt.model.market import add_market
from zcf_opt.model.measures import add_measures
from zcf_opt.model.prices import add_prices
from zcf_opt.model.pv import MINIMUM_SIZE as PV_MINIMUM
from zcf_opt.model.pv import add_pv
from zcf_opt.model.requirements import add_requirements
from zcf_opt.model.supply_chain import add_supply_chain

#: Blocks in build order (later blocks read earlier ones): block name, the function adding it.
BLOCKS: list[tuple[str, Callable[[pyo.ConcreteModel, ModelData], None]]] = [
    ("prices", add_prices),
    ("pv", add_pv),
    ("battery", add_battery),
    ("feed_in", add_feed_in),
    ("measures", add_measures),
    ("heat", add_heat),
    ("supply_chain", add_supply_chain),
    ("grid", add_grid),
    ("market", add_market),
    ("emissions", add_emissions),
    ("requirements", add_requirements),
    ("finance", add_finance),
]

#: Levers with a minimum project size (applied after the solve by :mod:`zcf_opt.minimum_size`).
MINIMUM_SIZES: list[MinimumSize] = [PV_MINIMUM, BATTERY_MINIMUM]


def discount_factors(d: ModelData) -> dict[int, float]:
    """Discount factor of each year, and of the year after the horizon (residual value)."""
    rate = d.scalar("discount_rate")
    first = d.years[0]
    return {y: discount_factor(y - first, rate) for y in [*d.years, d.years[-1] + 1]}


def add_electricity_balance(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Hourly balance of supply and use (kWh in each hour)."""
    demand = d.values["demand_kw"]
    supplies = contributions(m, "electricity_supply_kw")
    uses = contributions(m, "electricity_use_kw")

    def balance(mdl: pyo.ConcreteModel, y: int, p: int, h: int) -> pyo.Expression:
        supply = sum(term[y, p, h] for term in supplies)
        use = sum(term[y, p, h] for term in uses)
        return supply == float(demand[d.year_pos[y], p, h]) + use

    m.electricity_balance = pyo.Constraint(m.Y, m.P, m.H, rule=balance)


def add_objective(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Net present cost over the horizon [CNY]."""
    factor = discount_factors(d)
    costs = contributions(m, "annual_cost_cny")
    after_horizon = factor[d.years[-1] + 1]
    m.annual_cost_cny = pyo.Expression(m.Y, rule=lambda mdl, y: sum(cost[y] for cost in costs))
    m.residual_value_cny = pyo.Expression(expr=sum(contributions(m, "residual_value_cny")))
    m.net_present_cost_cny = pyo.Objective(
        expr=sum(factor[y] * m.annual_cost_cny[y] for y in d.years) - after_horizon * m.residual_value_cny,
        sense=pyo.minimize,
    )


def build_model(inputs: xr.Dataset) -> pyo.ConcreteModel:
    """Build the pathway MILP from the input Dataset.

    Parameters
    ----------
    inputs
        Output of :func:`zcf_opt.inputs.prepare_inputs`.

    Returns
    -------
    pyomo.environ.ConcreteModel
        The model, with one block per lever and objective ``net_present_cost_cny`` [CNY].
    """
    d = ModelData.from_dataset(inputs)
    # the build creates about a million short-lived objects and no garbage cycles: the cyclic
    # garbage collector, running over the whole heap again and again, would triple its time
    with PauseGC():
        m = pyo.ConcreteModel(name=f"zcf-opt {inputs.attrs.get('scenario', '')}")
        m.Y = pyo.Set(initialize=d.years, ordered=True, doc="years [calendar year]")
        m.P = pyo.Set(initialize=d.periods, ordered=True, doc="periods (typical or real days)")
        m.H = pyo.Set(initialize=d.hours, ordered=True, doc="hours of the day")
        for _, add_block in BLOCKS:
            add_block(m, d)
        add_electricity_balance(m, d)
        add_objective(m, d)
    return m
