"""Cash flows of financing: subsidies, loan drawn and repaid, and the loan left after the horizon.

With loan share s, rate i and tenor T (:mod:`zcf_opt.conventions`), for each year v's investment
after subsidies N_v = capex_v − subsidy_v:

- ``investment_subsidy_cny`` = subsidies received for the year's investments
- ``output_subsidy_cny``     = ω_y × generation of the PV built in the horizon
- ``loan_drawn_cny``         = s · N_y
- ``loan_repayment_cny``     = Σ_{y−T ≤ v < y} s · N_v · crf(i, T)
- ``loan_outstanding_cny``   = the repayments due after the horizon, valued at the discount
  rate at the start of the year after it (in the last year's row)
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.ledger import Ledger
from zcf_opt.conventions import capital_recovery_factor, discount_factor, service_matrix


def financing_columns(ledger: Ledger) -> None:
    """Subsidies, loan flows and the outstanding loan [CNY]."""
    inputs, flows, out, years = ledger.inputs, ledger.flows, ledger.table, ledger.years
    zero = np.zeros(len(years))
    out["investment_subsidy_cny"] = sum(ledger.subsidy_cny.values(), zero)
    new_pv = flows["pv_added_kwp"].values
    life = float(inputs["pv_life_years"])
    age = years[:, None] - years[None, :]
    degraded = service_matrix(years, life) * (1.0 - float(inputs["pv_degradation_per_year"])) ** np.maximum(
        age, 0
    )
    yield_kwh = float((flows["period_weight_days"] * inputs["pv_yield_kwh_per_kwp"]).sum())
    out["output_subsidy_cny"] = inputs["pv_subsidy_cny_per_kwh"].values * yield_kwh * (degraded @ new_pv)
    share = float(inputs["loan_share"])
    tenor = int(inputs["loan_tenor_years"])
    rate = float(inputs["discount_rate"])
    net = sum(ledger.capex_cny.values(), zero) - out["investment_subsidy_cny"]
    payment = share * net * capital_recovery_factor(float(inputs["loan_rate_per_year"]), tenor)
    repaying = ((age >= 1) & (age <= tenor)).astype(float)  # [year, install year]
    out["loan_drawn_cny"] = share * net
    out["loan_repayment_cny"] = repaying @ payment
    after = years[-1] + 1
    due = [(v + j, payment[n]) for n, v in enumerate(years) for j in range(1, tenor + 1) if v + j >= after]
    outstanding = sum(p * discount_factor(y - after, rate) for y, p in due)
    out["loan_outstanding_cny"] = np.where(years == years[-1], outstanding, 0.0)
