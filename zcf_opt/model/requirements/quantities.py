"""The model's view of what requirements count: instruments, credits, emission sources, energy.

For years y (expressions of the blocks built before ``requirements``):

    renewable_y[i]   = PV self-consumed, green power or certificates [MWh]
    consumption_y    = import_mwh_y + pv_self_y                                     [MWh]
    credits_y[k]     = offsets, international credits, removals, outside reductions  [tCO2e]
    source_y[s]      = the emission sources of zcf_opt.standards.boundaries            [tCO2e]
        scope1_process = process_y;  scope1_other = scope1_y − process_y
        scope2_market_without_certificates = EF_residual,y · (import_mwh_y − green_y)
        scope3_other = scope3_y − transport_y − purchased_goods_y
    boundary_y(c)    = Σ_s c_s · source_y[s]                                         [tCO2e]
    energy_tce_y     = c_el · consumption_y + c_fuel · Σ_blocks fuel_energy_kwh_y / 1000   [tce]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyomo.environ as pyo

from zcf_opt.model.contributions import contributions
from zcf_opt.model.data import ModelData
from zcf_opt.standards.boundaries import EMISSION_SOURCES

AnnualTerm = dict[int, object]


@dataclass
class Quantities:
    """Per-year expressions by name (each ``{year: expression or number}``)."""

    renewable: dict[str, AnnualTerm]
    consumption: AnnualTerm
    credits: dict[str, AnnualTerm]
    sources: dict[str, AnnualTerm]
    energy_tce: AnnualTerm

    def boundary(self, weights: np.ndarray, year: int) -> pyo.Expression:
        """Σ_s c_s · source_s in ``year`` for the weights over ``EMISSION_SOURCES`` [tCO2e]."""
        return sum(
            float(w) * self.sources[s][year] for s, w in zip(EMISSION_SOURCES, weights, strict=True) if w != 0
        )


def model_quantities(m: pyo.ConcreteModel, d: ModelData) -> Quantities:
    """The quantities of a model whose lever, market and emissions blocks are built."""
    e, mk = m.emissions, m.market
    process = d.per_year("process_emissions_tco2e")
    transport = d.per_year("scope3_transport_tco2e")
    goods = d.per_year("scope3_purchased_goods_tco2e")
    residual = d.per_year("grid_factor_market_tco2_per_mwh")
    electricity = d.scalar("electricity_kgce_per_kwh")
    fuel = d.scalar("fuel_kgce_per_kwh")
    fuels = contributions(m, "fuel_energy_kwh")
    years = d.years
    consumption = {y: m.grid.import_mwh[y] + e.pv_self_consumed_mwh[y] for y in years}
    return Quantities(
        renewable={
            "pv_self_consumed": {y: e.pv_self_consumed_mwh[y] for y in years},
            "green_power": {y: mk.green_power_mwh[y] for y in years},
            "certificates": {y: mk.gec_mwh[y] for y in years},
        },
        consumption=consumption,
        credits={
            "offsets": {y: mk.offsets_tco2e[y] for y in years},
            "international_credits": {y: mk.international_credits_tco2e[y] for y in years},
            "removals": {y: mk.removals_tco2e[y] for y in years},
            "outside_reductions": {y: mk.outside_reductions_tco2e[y] for y in years},
        },
        sources={
            "scope1_process": {y: process[y] for y in years},
            "scope1_other": {y: e.scope1_tco2e[y] - process[y] for y in years},
            "scope2_location": {y: e.scope2_location_tco2e[y] for y in years},
            "scope2_market": {y: e.scope2_market_tco2e[y] for y in years},
            "scope2_market_without_certificates": {
                y: residual[y] * (m.grid.import_mwh[y] - mk.green_power_mwh[y]) for y in years
            },
            "scope3_transport": {y: transport[y] for y in years},
            "scope3_purchased_goods": {y: goods[y] for y in years},
            "scope3_other": {y: e.scope3_tco2e[y] - transport[y] - goods[y] for y in years},
        },
        energy_tce={
            y: electricity * consumption[y] + fuel * sum(f[y] for f in fuels) / 1000.0 for y in years
        },
    )
