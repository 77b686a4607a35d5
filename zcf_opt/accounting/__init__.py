"""Annual accounting recomputed from the solution's flows, independently of the MILP.

This package never reads the Pyomo model: it takes the hourly flows and yearly decisions
(:func:`zcf_opt.results.extract_flows`) and the inputs, and recomputes energy, emissions, the
renewable share and every cost with its own code. A modelling error therefore shows up as a
disagreement (balance residual, cost mismatch, a level not certified) instead of certifying
itself.

The annual table is built by :data:`ACCOUNTING_STEPS`, one function per concern, each adding
columns to a :class:`~zcf_opt.accounting.ledger.Ledger` (see each module for its definitions);
a new lever adds its own step. Σ is Σ_p w_p Σ_h with the period weights w_p [day].
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import xarray as xr

from zcf_opt.accounting.assets import battery_assets, measure_assets, pv_assets
from zcf_opt.accounting.costs import energy_costs, market_costs, net_present_cost_cny, totals
from zcf_opt.accounting.emissions import emission_columns
from zcf_opt.accounting.energy import BALANCE_TOLERANCE_KWH, balance_residual_kw, electricity_columns
from zcf_opt.accounting.equipment import equipment_columns
from zcf_opt.accounting.finance import financing_columns
from zcf_opt.accounting.heat import heat_columns
from zcf_opt.accounting.intensity import intensity_columns
from zcf_opt.accounting.ledger import Ledger
from zcf_opt.accounting.supply_chain import supply_chain_columns

__all__ = [
    "ACCOUNTING_STEPS",
    "BALANCE_TOLERANCE_KWH",
    "Ledger",
    "annual_accounting",
    "balance_residual_kw",
    "net_present_cost_cny",
]

#: the accounting steps in order (later steps read the columns of earlier ones)
ACCOUNTING_STEPS: list[Callable[[Ledger], None]] = [
    electricity_columns,
    heat_columns,
    supply_chain_columns,
    emission_columns,
    equipment_columns,
    intensity_columns,
    pv_assets,
    battery_assets,
    measure_assets,
    energy_costs,
    market_costs,
    financing_columns,
    totals,
]


def annual_accounting(inputs: xr.Dataset, flows: xr.Dataset) -> pd.DataFrame:
    """One row per year of energy, emissions, shares and costs.

    Parameters
    ----------
    inputs
        The run's input Dataset (prices, factors, lifetimes).
    flows
        Hourly flows and yearly decisions of the solution.

    Raises
    ------
    ValueError
        When the hourly electricity balance does not close within
        :data:`BALANCE_TOLERANCE_KWH`.
    """
    ledger = Ledger(inputs, flows, pd.DataFrame({"year": inputs["year"].values.astype(int)}))
    for step in ACCOUNTING_STEPS:
        step(ledger)
    return ledger.table
