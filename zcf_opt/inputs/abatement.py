"""Abatement cost of each retrofit measure, for reduction-first requirements.

A step on the assembled inputs (it needs the tariff and the saving shape). With the first
planning year's prices and factors, discount rate r, and the annuity convention of
:func:`zcf_opt.conventions.equivalent_annual_cost` (on the financed cost after subsidies, as the
plan and the MACC value it):

    cost_k = (EAC(φ (capex_k − B_k), r, L_k) + O&M_k − V_k) / (S_k · EF_grid + G_k · EF_gas)

with S_k the electricity saved [MWh/yr] and G_k the gas saved [Nm3/yr], V_k their value in the
first year (:func:`zcf_opt.economics.measure_saving_value_cny`: energy and demand charge along
the saving's profile, gas at its price), less what an energy-performance contract pays out of
them. A measure that abates nothing has an infinite cost. Negative: it saves money.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from zcf_opt.conventions import equivalent_annual_cost
from zcf_opt.economics import measure_saving_value_cny


def measure_abatement_variables(inputs: xr.Dataset) -> dict[str, xr.Variable]:
    """``measure_abatement_cost_cny_per_tco2e`` (measure) [CNY/tCO2e]."""
    first = int(inputs["year"].values[0])
    rate = float(inputs["discount_rate"])
    phi = float(inputs["financing_factor"])
    grid_factor = float(inputs["grid_factor_location_tco2_per_mwh"].values[0])
    gas_factor = float(inputs["gas_emission_factor_tco2_per_nm3"])
    costs = []
    for k in range(inputs.sizes.get("measure", 0)):
        saving = float(inputs["measure_electricity_saving_mwh_per_year"].values[k])
        gas = float(inputs["measure_gas_saving_nm3_per_year"].values[k])
        abatement = saving * grid_factor + gas * gas_factor
        annual = (
            equivalent_annual_cost(
                phi * float(inputs["measure_capex_cny"].values[k] - inputs["measure_subsidy_cny"].values[k]),
                rate,
                float(inputs["measure_life_years"].values[k]),
            )
            + float(inputs["measure_fixed_om_cny_per_year"].values[k])
            - measure_saving_value_cny(inputs, k, first)
            + float(inputs["measure_epc_payment_cny_per_year"].values[k, 0])
        )
        costs.append(annual / abatement if abatement > 1e-9 else math.inf)
    return {
        "measure_abatement_cost_cny_per_tco2e": xr.Variable(
            ("measure",),
            np.array(costs, dtype=float),
            {"units": "CNY/tCO2e", "description": "levelised abatement cost at first-year prices"},
        )
    }
