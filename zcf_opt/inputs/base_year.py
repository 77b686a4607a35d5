"""Base-year emissions by source, the reference of absolute-reduction and credit-cap requirements.

Given in the factory model (``base_year_emissions``), or else the first planning year as the
factory stands, before any measure of the plan (y0 the first year, w_p period weights [day]):

    scope1_process  = process_y0
    scope1_other    = gas_y0 · EF_gas
    import_mwh      = Σ_p w_p Σ_h max(0, load_ph − K0 (1−δ)^a0 · yield_ph) / 1000     (existing PV K0, age a0)
    scope2_location = import_mwh · EF_grid,y0
    scope2_market   = scope2_market_without_certificates = import_mwh · EF_residual,y0
    scope3_transport, scope3_purchased_goods = their y0 values; scope3_other = 0
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, variable
from zcf_opt.inputs.emission_factors import grid_factor
from zcf_opt.standards.boundaries import EMISSION_SOURCES


def base_year_emissions(ctx: InputContext) -> tuple[int, dict[str, float]]:
    """The base year [yr] and its emissions by source [tCO2e/yr] (keys of ``EMISSION_SOURCES``)."""
    factory, scenario = ctx.factory, ctx.scenario
    given = factory.base_year_emissions
    if given is not None:
        market = (
            given.scope2_market_tco2e
            if given.scope2_market_tco2e is not None
            else given.scope2_location_tco2e
        )
        return given.year, {
            "scope1_process": given.scope1_process_tco2e,
            "scope1_other": given.scope1_tco2e - given.scope1_process_tco2e,
            "scope2_location": given.scope2_location_tco2e,
            "scope2_market": market,
            "scope2_market_without_certificates": market,
            "scope3_transport": given.scope3_transport_tco2e,
            "scope3_purchased_goods": given.scope3_purchased_goods_tco2e,
            "scope3_other": 0.0,
        }
    first = ctx.years[:1]
    roof, pv = factory.roof, factory.pv
    existing_kwp = roof.existing_pv_kwp * (1.0 - pv.degradation_per_year) ** roof.existing_pv_age_years
    net_load = np.maximum(
        0.0, ctx.slices.values["load_kw"] - existing_kwp * ctx.slices.values["pv_yield_kwh_per_kwp"]
    )
    import_mwh = float(np.sum(ctx.slices.weight_days[:, None] * net_load)) / 1000.0
    fuel = factory.fuel
    gas_t = fuel.natural_gas_nm3_per_year * fuel.emission_factor_tco2_per_1000nm3 / 1000.0 if fuel else 0.0
    residual = float(ctx.per_year(scenario.market_residual_factor_tco2_per_mwh)[0])
    return int(first[0]), {
        "scope1_process": float(ctx.per_year(factory.process_emissions_tco2e_per_year)[0]),
        "scope1_other": gas_t,
        "scope2_location": import_mwh * float(grid_factor(scenario, first)[0]),
        "scope2_market": import_mwh * residual,
        "scope2_market_without_certificates": import_mwh * residual,
        "scope3_transport": float(ctx.per_year(factory.scope3.transport_tco2e_per_year)[0]),
        "scope3_purchased_goods": float(ctx.per_year(factory.scope3.purchased_goods_tco2e_per_year)[0]),
        "scope3_other": 0.0,
    }


def base_year_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """``base_year`` [yr] and ``base_year_emissions_tco2e`` by ``emission_source`` [tCO2e/yr]."""
    year, emissions = base_year_emissions(ctx)
    given = ctx.factory.base_year_emissions is not None
    return {
        "emission_source": variable(np.array(EMISSION_SOURCES, dtype=str), ("emission_source",), ""),
        "base_year": scalar(year, "yr", "given in the factory model" if given else "first planning year"),
        "base_year_emissions_tco2e": variable(
            np.array([emissions[s] for s in EMISSION_SOURCES]),
            ("emission_source",),
            "tCO2e/yr",
            "base-year emissions by source"
            + ("" if given else " (first planning year as the factory stands, before any measure)"),
        ),
        "process_emissions_co2_fraction": scalar(ctx.factory.process_emissions_co2_fraction, "1"),
    }
