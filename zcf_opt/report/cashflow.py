"""The plan's cash flow by year, with financing, subsidies, purchases by kind and the NPV's discounting.

``total_cost_cny`` = capex − subsidies − loan drawn + loan repayments + O&M + net energy cost +
purchases + supply-chain options: the plant's cash out. ``net_discounted_cny`` of a year is
``discount_factor · total_cost − (1+r)^-N · (residual value − loan outstanding)`` (the last two
in the last year only), so its sum is the plan's net present cost, the ``objective_npv_cny`` of
``summary.json``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcf_opt.report.data import RunData

#: columns of the cash-flow table, in order
COLUMNS = [
    "year",
    "capex_cny",
    "investment_subsidy_cny",
    "output_subsidy_cny",
    "loan_drawn_cny",
    "loan_repayment_cny",
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
    "supply_chain_cost_cny",
    "total_cost_cny",
    "residual_value_cny",
    "loan_outstanding_cny",
    "discount_factor",
    "discounted_cost_cny",
    "residual_discount_factor",
    "discounted_residual_cny",
    "discounted_outstanding_cny",
    "net_discounted_cny",
]

#: columns that make up the total cost: sign, column
TOTAL_PARTS = [
    (1, "capex_cny"),
    (-1, "investment_subsidy_cny"),
    (-1, "output_subsidy_cny"),
    (-1, "loan_drawn_cny"),
    (1, "loan_repayment_cny"),
    (1, "opex_cny"),
    (1, "energy_cost_cny"),
    (1, "market_cost_cny"),
    (1, "supply_chain_cost_cny"),
]


def cash_flow(run: RunData) -> pd.DataFrame:
    """One row per year [CNY], discount factors [1]; see :data:`COLUMNS`."""
    annual = run.annual
    years = annual["year"].to_numpy(dtype=int)
    rate = run.discount_rate
    # every cost column comes from annual.csv as the accounting wrote it (zero where a run of an
    # earlier version has no such column)
    table = pd.DataFrame({"year": years})
    for column in COLUMNS[1 : COLUMNS.index("discount_factor")]:
        values = annual[column] if column in annual else pd.Series(0.0, index=annual.index)
        table[column] = values.fillna(0.0).to_numpy(dtype=float)
    table["discount_factor"] = (1.0 + rate) ** -(years - years[0]).astype(float)
    table["discounted_cost_cny"] = table["discount_factor"] * table["total_cost_cny"]
    last = years == years[-1]
    table["residual_discount_factor"] = np.where(last, (1.0 + rate) ** -float(len(years)), 0.0)
    table["discounted_residual_cny"] = table["residual_discount_factor"] * table["residual_value_cny"]
    table["discounted_outstanding_cny"] = table["residual_discount_factor"] * table["loan_outstanding_cny"]
    table["net_discounted_cny"] = (
        table["discounted_cost_cny"] - table["discounted_residual_cny"] + table["discounted_outstanding_cny"]
    )
    return table[COLUMNS]
