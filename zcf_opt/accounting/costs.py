"""Costs of each year [CNY] and their present value.

- ``demand_charge_cny`` = demand charge × Σ_m (month m's highest 15-minute import) + 12 × capacity
                          charge
- ``energy_cost_cny``  = time-of-use energy charge + demand charge + gas cost − export revenue
- ``market_cost_cny``  = green power premium + certificates + offsets + removals + international
                         credits + reductions outside the boundary
- ``financing_cny``    = loan repayment − loan drawn − subsidies (investment and output)
- ``total_cost_cny``   = capex + financing + opex + energy cost + market cost + supply-chain cost:
                         the plant's net cash out in the year
- ``residual_value_cny`` = φ · Σ residual share × (capex − subsidy) (φ the financing factor)
- ``discounted_cost_cny`` = factor_y · total_y, less (1 + r)^-N · (residual value − loan
  outstanding) in the last year (:mod:`zcf_opt.conventions`)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.accounting.ledger import Ledger
from zcf_opt.conventions import discount_factor


def monthly_peaks_kw(inputs: xr.Dataset, flows: xr.Dataset) -> xr.DataArray:
    """Billed demand of each year and month [kW]: the highest 15-minute import (the hour's import
    plus the load's spike above its hourly mean) of the periods standing for the month's days."""
    period_peak = (flows["grid_import_kw"] + inputs["demand_peak_excess_kw"]).max("hour")  # (year, period)
    in_month = inputs["period_month_days"] > 0  # (period, month)
    billed = period_peak - inputs["demand_month_relief_kw"]  # (year, period, month)
    return billed.where(in_month).max("period").clip(min=0.0).fillna(0.0)


def energy_costs(ledger: Ledger) -> None:
    """Electricity and gas bills and export revenue [CNY]."""
    inputs, flows, out = ledger.inputs, ledger.flows, ledger.table
    weight = flows["period_weight_days"]
    energy_charge = (flows["grid_import_kw"] * inputs["energy_price_cny_per_kwh"] * weight).sum(
        ("period", "hour")
    )
    demand_charge = (
        inputs["demand_charge_cny_per_kw_month"].values * monthly_peaks_kw(inputs, flows).sum("month").values
        + 12.0 * inputs["capacity_charge_cny_per_month"].values
    )
    out["demand_charge_cny"] = demand_charge
    export_revenue = (
        (flows["pv_export_kw"] * inputs["export_price_effective_cny_per_kwh"] * weight)
        .sum(("period", "hour"))
        .values
    )
    out["electricity_cost_cny"] = energy_charge.values + demand_charge
    out["gas_cost_cny"] = out["gas_use_nm3"] * inputs["gas_price_cny_per_nm3"].values
    out["export_revenue_cny"] = export_revenue
    out["energy_cost_cny"] = out["electricity_cost_cny"] + out["gas_cost_cny"] - export_revenue


def market_costs(ledger: Ledger) -> None:
    """What the green power premium, certificates, offsets and removals cost [CNY]."""
    inputs, out = ledger.inputs, ledger.table
    out["green_power_cost_cny"] = out["green_power_mwh"] * inputs["green_power_premium_cny_per_mwh"].values
    out["gec_cost_cny"] = out["gec_mwh"] * inputs["gec_price_cny_per_mwh"].values
    out["offsets_cost_cny"] = out["offsets_tco2e"] * inputs["offset_price_cny_per_tco2e"].values
    out["removals_cost_cny"] = out["removals_tco2e"] * inputs["removal_price_cny_per_tco2e"].values
    out["international_credits_cost_cny"] = (
        out["international_credits_tco2e"] * inputs["international_credit_price_cny_per_tco2e"].values
    )
    out["outside_reductions_cost_cny"] = (
        out["outside_reductions_tco2e"] * inputs["outside_reduction_price_cny_per_tco2e"].values
    )
    out["market_cost_cny"] = (
        out["green_power_cost_cny"]
        + out["gec_cost_cny"]
        + out["offsets_cost_cny"]
        + out["removals_cost_cny"]
        + out["international_credits_cost_cny"]
        + out["outside_reductions_cost_cny"]
    )


def totals(ledger: Ledger) -> None:
    """Capex, opex, total cost, residual value and the discounted cost of each year [CNY]."""
    out, years = ledger.table, ledger.years
    zero = np.zeros(len(years))
    out["capex_cny"] = sum(ledger.capex_cny.values(), zero)
    out["opex_cny"] = sum(ledger.opex_cny.values(), zero)
    out["financing_cny"] = (
        out["loan_repayment_cny"]
        - out["loan_drawn_cny"]
        - out["investment_subsidy_cny"]
        - out["output_subsidy_cny"]
    )
    out["total_cost_cny"] = (
        out["capex_cny"]
        + out["financing_cny"]
        + out["opex_cny"]
        + out["energy_cost_cny"]
        + out["market_cost_cny"]
        + out["supply_chain_cost_cny"]
    )
    last = years == years[-1]
    phi = float(ledger.inputs["financing_factor"])
    out["residual_value_cny"] = np.where(last, phi * sum(ledger.residual_value_cny.values()), 0.0)
    rate = float(ledger.inputs["discount_rate"])
    factors = discount_factor(years - years[0], rate)
    after_horizon = discount_factor(len(years), rate)
    out["discount_factor"] = factors
    out["discounted_cost_cny"] = factors * out["total_cost_cny"] - np.where(
        last, after_horizon * (out["residual_value_cny"] - out["loan_outstanding_cny"]), 0.0
    )


def net_present_cost_cny(annual: pd.DataFrame) -> float:
    """Net present cost from the annual table [CNY]: Σ discounted cost (residual credited)."""
    return float(annual["discounted_cost_cny"].sum())
