"""Abatement cost of each retrofit measure, for reduction-first requirements.

A step on the assembled inputs (it needs the tariff and the saving shape). With the first
planning year's prices and factors, discount rate r, and the annuity convention of
:func:`zcf_opt.economics.equivalent_annual_cost`:

    cost_k = (EAC(capex_k, r, L_k) + O&M_k − S_k · v − G_k · p_gas) / (S_k · EF_grid + G_k · EF_gas)

with S_k the electricity saved [MWh/yr] valued at v [CNY/MWh] (energy and demand charge along
the load shape, :func:`zcf_opt.economics.saving_value_cny_per_mwh`), G_k the gas saved
[Nm3/yr]. A measure that abates nothing has an infinite cost. Negative: it saves money.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from zcf_opt.economics import equivalent_annual_cost, saving_value_cny_per_mwh


def measure_abatement_variables(inputs: xr.Dataset) -> dict[str, xr.Variable]:
    """``measure_abatement_cost_cny_per_tco2e`` (measure) [CNY/tCO2e]."""
    first = int(inputs["year"].values[0])
    rate = float(inputs["discount_rate"])
    value = saving_value_cny_per_mwh(inputs, first) if inputs.sizes.get("measure", 0) else 0.0
    gas_price = float(inputs["gas_price_cny_per_nm3"].values[0])
    grid_factor = float(inputs["grid_factor_location_tco2_per_mwh"].values[0])
    gas_factor = float(inputs["gas_emission_factor_tco2_per_nm3"])
    costs = []
    for k in range(inputs.sizes.get("measure", 0)):
        saving = float(inputs["measure_electricity_saving_mwh_per_year"].values[k])
        gas = float(inputs["measure_gas_saving_nm3_per_year"].values[k])
        abatement = saving * grid_factor + gas * gas_factor
        annual = (
            equivalent_annual_cost(
                float(inputs["measure_capex_cny"].values[k]),
                rate,
                float(inputs["measure_life_years"].values[k]),
            )
            + float(inputs["measure_fixed_om_cny_per_year"].values[k])
            - saving * value
            - gas * gas_price
        )
        costs.append(annual / abatement if abatement > 1e-9 else math.inf)
    return {
        "measure_abatement_cost_cny_per_tco2e": xr.Variable(
            ("measure",),
            np.array(costs, dtype=float),
            {"units": "CNY/tCO2e", "description": "levelised abatement cost at first-year prices"},
        )
    }
