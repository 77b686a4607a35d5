"""The thin core: sets, the hourly electricity balance and the objective.

Each lever adds one Block (``pv``, ``battery``, ``measures``, ``grid``, ``market``); the core
joins them in the electricity balance and sums their ``annual_cost_cny`` and
``residual_value_cny`` into the net present cost.

Electricity balance, every year y, period p, hour h [kWh in the hour]:

    import + generation − export − curtailed + discharge − charge = demand − saving   (electricity_balance)

Objective (net present cost [CNY]), first year y0, last year yN, discount rate r:

    min Σ_y (1 + r)^−(y − y0) · Σ_blocks annual_cost_y  −  (1 + r)^−(yN + 1 − y0) · Σ_blocks residual

Every cash flow of a year is discounted to the start of the first year as if paid at the start
of its year (the first year is not discounted); the residual value of assets still in service
is credited at the start of the year after the horizon.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo
import xarray as xr

from zcf_opt.model.battery import MINIMUM_SIZE as BATTERY_MINIMUM
from zcf_opt.model.battery import add_battery
from zcf_opt.model.data import MinimumSize, ModelData
from zcf_opt.model.emissions import add_emissions
from zcf_opt.model.grid import add_grid
from zcf_opt.model.market import add_market
from zcf_opt.model.measures import add_measures
from zcf_opt.model.pv import MINIMUM_SIZE as PV_MINIMUM
from zcf_opt.model.pv import add_pv
from zcf_opt.model.targets import add_targets

#: Blocks in build order (later blocks read earlier ones), and whether they carry cost.
BLOCKS: list[tuple[str, Callable[[pyo.ConcreteModel, ModelData], None], bool]] = [
    ("pv", add_pv, True),
    ("battery", add_battery, True),
    ("measures", add_measures, True),
    ("grid", add_grid, True),
    ("market", add_market, True),
    ("emissions", add_emissions, False),
    ("targets", add_targets, False),
]

#: Levers with a minimum project size (applied after the solve by :mod:`zcf_opt.minimum_size`).
MINIMUM_SIZES: list[MinimumSize] = [PV_MINIMUM, BATTERY_MINIMUM]


def discount_factors(d: ModelData) -> dict[int, float]:
    """Discount factor of each year, and of the year after the horizon (residual value)."""
    rate = d.scalar("discount_rate")
    first = d.years[0]
    years = [*d.years, d.years[-1] + 1]
    return {y: (1.0 + rate) ** -(y - first) for y in years}


def add_electricity_balance(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Hourly balance of supply and use (kWh in each hour)."""
    demand = d.values["demand_kw"]

    def balance(mdl: pyo.ConcreteModel, y: int, p: int, h: int) -> pyo.Expression:
        pv, battery = mdl.pv, mdl.battery
        supply = (
            mdl.grid.import_kw[y, p, h]
            + pv.generation_kw[y, p, h]
            - pv.export_kw[y, p, h]
            - pv.curtailed_kw[y, p, h]
            + battery.discharge_kw[y, p, h]
            - battery.charge_kw[y, p, h]
        )
        return supply == float(demand[d.year_pos[y], p, h]) - mdl.measures.saving_kw[y, p, h]

    m.electricity_balance = pyo.Constraint(m.Y, m.P, m.H, rule=balance)


def add_objective(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Net present cost over the horizon [CNY]."""
    factor = discount_factors(d)
    costed = [m.component(name) for name, _, has_cost in BLOCKS if has_cost]
    after_horizon = factor[d.years[-1] + 1]
    m.annual_cost_cny = pyo.Expression(
        m.Y, rule=lambda mdl, y: sum(block.annual_cost_cny[y] for block in costed)
    )
    m.residual_value_cny = pyo.Expression(
        expr=sum(block.residual_value_cny for block in costed if hasattr(block, "residual_value_cny"))
    )
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
    m = pyo.ConcreteModel(name=f"zcf-opt {inputs.attrs.get('scenario', '')}")
    m.Y = pyo.Set(initialize=d.years, ordered=True, doc="years [calendar year]")
    m.P = pyo.Set(initialize=d.periods, ordered=True, doc="periods (typical or real days)")
    m.H = pyo.Set(initialize=d.hours, ordered=True, doc="hours of the day")
    for _, add_block, _ in BLOCKS:
        add_block(m, d)
    add_electricity_balance(m, d)
    add_objective(m, d)
    return m
