"""Emission factors and the emissions the plan does not decide (process, scope 3)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.defaults import figure
from zcf_opt.inputs.context import InputContext, scalar, yearly
from zcf_opt.schema import Scenario, trajectory_values


def grid_factor(scenario: Scenario, years: np.ndarray) -> np.ndarray:
    """Location-based grid factor by year [tCO2/MWh]: the scenario's, else the region's."""
    if scenario.grid_emission_factor_tco2_per_mwh is not None:
        return trajectory_values(scenario.grid_emission_factor_tco2_per_mwh, years)
    regional = figure("grid_emission_factor_tco2_per_mwh").value
    return np.full(years.shape, float(regional[scenario.factory.site.grid_region]))


def emission_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Grid factors [tCO2/MWh], the gas factor [tCO2/Nm3], process and scope-3 emissions [tCO2e]."""
    s, factory = ctx.scenario, ctx.factory
    fuel = factory.fuel
    return {
        "grid_factor_location_tco2_per_mwh": yearly(grid_factor(s, ctx.years), "tCO2/MWh"),
        "grid_factor_market_tco2_per_mwh": yearly(
            ctx.per_year(s.market_residual_factor_tco2_per_mwh), "tCO2/MWh"
        ),
        "gas_emission_factor_tco2_per_nm3": scalar(
            fuel.emission_factor_tco2_per_1000nm3 / 1000.0 if fuel else 0.0, "tCO2/Nm3"
        ),
        "process_emissions_tco2e": yearly(ctx.per_year(factory.process_emissions_tco2e_per_year), "tCO2e"),
        "scope3_transport_tco2e": yearly(ctx.per_year(factory.scope3.transport_tco2e_per_year), "tCO2e"),
        "scope3_purchased_goods_tco2e": yearly(
            ctx.per_year(factory.scope3.purchased_goods_tco2e_per_year), "tCO2e"
        ),
    }
