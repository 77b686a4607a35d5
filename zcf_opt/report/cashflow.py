"""The plan's cash flow by year, with purchases split by kind and the NPV's discounting.

``net_discounted_cny`` of a year is ``discount_factor · total_cost − (1+r)^-N · residual value``
(the residual value only in the last year), so its sum is the plan's net present cost, the
``objective_npv_cny`` of ``summary.json``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcf_opt.report.data import RunData

#: columns of the cash-flow table, in order
COLUMNS = [
    "year",
    "capex_cny",
    "opex_cny",
    "electricity_cost_cny",
    "gas_cost_cny",
    "export_revenue_cny",
    "energy_cost_cny",
    "green_power_cost_cny",
    "gec_cost_cny",
    "offsets_cost_cny",
    "removals_cost_cny",
    "market_cost_cny",
    "total_cost_cny",
    "residual_value_cny",
    "discount_factor",
    "discounted_cost_cny",
    "residual_discount_factor",
    "discounted_residual_cny",
    "net_discounted_cny",
]


def cash_flow(run: RunData) -> pd.DataFrame:
    """One row per year [CNY], discount factors [1]; see :data:`COLUMNS`."""
    annual = run.annual
    years = annual["year"].to_numpy(dtype=int)
    rate = run.discount_rate
    # every cost column comes from annual.csv as the accounting wrote it
    table = annual[COLUMNS[: COLUMNS.index("residual_value_cny")]].astype({"year": int})
    table = table.astype({c: float for c in table.columns if c != "year"})
    table["residual_value_cny"] = annual["residual_value_cny"].fillna(0.0).to_numpy(dtype=float)
    table["discount_factor"] = (1.0 + rate) ** -(years - years[0]).astype(float)
    table["discounted_cost_cny"] = table["discount_factor"] * table["total_cost_cny"]
    last = years == years[-1]
    table["residual_discount_factor"] = np.where(last, (1.0 + rate) ** -float(len(years)), 0.0)
    table["discounted_residual_cny"] = table["residual_discount_factor"] * table["residual_value_cny"]
    table["net_discounted_cny"] = table["discounted_cost_cny"] - table["discounted_residual_cny"]
    return table[COLUMNS]
