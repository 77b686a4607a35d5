"""Emissions by scope (GB/T 32150, GHG Protocol) and the residual of each boundary type.

- ``scope1_tco2e``          = gas × EF_gas + process
- ``scope2_location_tco2e`` = grid_import × EF_grid
- ``scope2_market_tco2e``   = (grid_import − green_power − gec) × EF_residual
- ``scope3_tco2e``          = transport + purchased goods (lump sums) + the itemised goods and
                              logistics after their lower-carbon options
- ``scope3_baseline_tco2e`` = the same before the options (what the supply chain emits without them)
- ``residual_type_i_tco2e`` = scope1 + scope2_market; ``residual_type_ii_tco2e`` adds scope 3
- the parts boundaries weigh separately: ``scope1_process_tco2e``,
  ``scope2_market_without_certificates_tco2e`` = (grid_import − green_power) × EF_residual,
  ``scope3_transport_tco2e``, ``scope3_purchased_goods_tco2e``
- credits retired: offsets, removals, international credits, reductions outside the boundary
"""

from __future__ import annotations

from zcf_opt.accounting.ledger import Ledger


def emission_columns(ledger: Ledger) -> None:
    """Emissions by scope, residuals, offsets and removals [tCO2e]."""
    inputs, flows, out = ledger.inputs, ledger.flows, ledger.table
    gas_factor = float(inputs["gas_emission_factor_tco2_per_nm3"])
    out["scope1_tco2e"] = out["gas_use_nm3"] * gas_factor + inputs["process_emissions_tco2e"].values
    out["scope2_location_tco2e"] = out["grid_import_mwh"] * inputs["grid_factor_location_tco2_per_mwh"].values
    out["scope2_market_tco2e"] = (out["grid_import_mwh"] - out["green_power_mwh"] - out["gec_mwh"]) * inputs[
        "grid_factor_market_tco2_per_mwh"
    ].values
    out["scope3_tco2e"] = (
        inputs["scope3_transport_tco2e"].values
        + inputs["scope3_purchased_goods_tco2e"].values
        + out["scope3_goods_tco2e"]
        + out["scope3_logistics_tco2e"]
    )
    out["scope3_baseline_tco2e"] = out["scope3_tco2e"] + out["scope3_avoided_tco2e"]
    out["residual_type_i_tco2e"] = out["scope1_tco2e"] + out["scope2_market_tco2e"]
    out["residual_type_ii_tco2e"] = out["residual_type_i_tco2e"] + out["scope3_tco2e"]
    out["offsets_tco2e"] = flows["offsets_tco2e"].values
    out["removals_tco2e"] = flows["removals_tco2e"].values
    out["international_credits_tco2e"] = flows["international_credits_tco2e"].values
    out["outside_reductions_tco2e"] = flows["outside_reductions_tco2e"].values
    out["scope1_process_tco2e"] = inputs["process_emissions_tco2e"].values
    out["scope2_market_without_certificates_tco2e"] = (
        out["grid_import_mwh"] - out["green_power_mwh"]
    ) * inputs["grid_factor_market_tco2_per_mwh"].values
    out["scope3_transport_tco2e"] = inputs["scope3_transport_tco2e"].values
    out["scope3_purchased_goods_tco2e"] = inputs["scope3_purchased_goods_tco2e"].values
