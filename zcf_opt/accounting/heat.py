"""Heat and gas, recomputed from the measures built and the electric heat flows.

For heat demand d and year y (Σ is Σ_p w_p Σ_h / 1000, in MWh_th):

- ``heat_saved``    = Σ_k H_k · in service_{k,y} on d (waste heat recovered, heat a programme saves)
- ``heat_electric`` = Σ (Σ_o output_o + Σ_s (discharge_s − charge_s)) on d
- ``heat_from_gas`` = demand − saved − electric; in no hour may it be negative
- ``gas_use_nm3``   = other gas + Σ_d g_d · heat_from_gas_d
- ``heat_electricity_mwh`` = Σ Σ_o output_o / COP_o, which must equal the flow the balance uses

The electric heat options and storage book their capex, subsidies, O&M and residual value.
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.ledger import Ledger
from zcf_opt.conventions import service_matrix

#: largest hourly heat shortfall (gas below zero) or mismatch of the heat electricity accepted [kWh]
HEAT_TOLERANCE_KWH = 1e-3


def measures_in_service(ledger: Ledger) -> np.ndarray:
    """1 where a measure serves in a year, shape (measure, year) [0/1]."""
    built = ledger.flows["measure_built"].values  # (measure, install year)
    life = ledger.inputs["measure_life_years"].values
    if not len(life):
        return np.zeros((0, len(ledger.years)))
    return np.einsum("myv,mv->my", service_matrix(ledger.years, life), built)


def _by_demand(inputs, dim: str, values: np.ndarray) -> np.ndarray:
    """Sum item values (first axis) onto the heat demands they serve."""
    owners = inputs[f"{dim}_demand"].values
    demands = inputs["heat_demand"].values
    return np.array([values[owners == d].sum(axis=0) for d in demands]).reshape(
        len(demands), *values.shape[1:]
    )


def electric_heat_kw(ledger: Ledger) -> np.ndarray:
    """Heat the electric options and storage deliver to each demand, (demand, year, period, hour) [kW_th]."""
    flows, inputs = ledger.flows, ledger.inputs
    output = _by_demand(inputs, "heat_option", flows["heat_output_kw_th"].values)
    storage = flows["heat_store_discharge_kw_th"].values - flows["heat_store_charge_kw_th"].values
    return output + _by_demand(inputs, "heat_store", storage)


def heat_columns(ledger: Ledger) -> None:
    """Heat by source [MWh_th], gas [Nm3], the electricity of electric heat [MWh]; heat assets [CNY]."""
    inputs, flows, out = ledger.inputs, ledger.flows, ledger.table
    weight = flows["period_weight_days"].values
    demand = inputs["heat_demand_mwh_th"].values  # (demand, year)
    shape = inputs["heat_demand_shape_kw_per_mwh"].values  # (demand, period, hour)
    saving = inputs["measure_heat_saving_mwh_th_per_year"].values
    owner = inputs["measure_heat_demand"].values
    in_service = measures_in_service(ledger)
    saved = np.array([(saving * (owner == d)) @ in_service for d in inputs["heat_demand"].values]).reshape(
        demand.shape
    )
    electric = electric_heat_kw(ledger)
    gas_hourly = (demand - saved)[:, :, None, None] * shape[:, None, :, :] - electric
    shortfall = -float(gas_hourly.min()) if gas_hourly.size else 0.0
    if shortfall > HEAT_TOLERANCE_KWH:
        raise ValueError(
            f"the heat balance does not close: {shortfall:.6f} kWh_th more than a demand needs in one hour"
        )
    electric_mwh = (electric * weight[None, None, :, None]).sum(axis=(2, 3)) / 1000.0
    from_gas = demand - saved - electric_mwh
    gas_per_heat = inputs["heat_gas_nm3_per_mwh_th"].values
    out["heat_demand_mwh_th"] = demand.sum(axis=0)
    out["heat_saved_mwh_th"] = saved.sum(axis=0)
    out["heat_electric_mwh_th"] = electric_mwh.sum(axis=0)
    out["heat_from_gas_mwh_th"] = from_gas.sum(axis=0)
    out["gas_use_nm3"] = inputs["other_gas_nm3"].values + gas_per_heat @ from_gas
    cop = inputs["heat_option_cop"].values
    expected = (flows["heat_output_kw_th"].values / cop[:, None, None, None]).sum(axis=0)
    mismatch = float(np.abs(expected - flows["heat_electricity_kw"].values).max())
    if mismatch > HEAT_TOLERANCE_KWH:
        raise ValueError(f"the electricity of electric heat is off by {mismatch:.6f} kWh in one hour")
    out["heat_electricity_mwh"] = ledger.annual_mwh(flows["heat_electricity_kw"])
    _heat_assets(ledger)


def _heat_assets(ledger: Ledger) -> None:
    inputs, flows = ledger.inputs, ledger.flows
    added = flows["heat_option_added_kw_th"].values  # (option, year)
    life = inputs["heat_option_life_years"].values
    capex = inputs["heat_option_capex_cny_per_kw_th"].values[:, None] * added
    subsidy = inputs["heat_option_subsidy_cny_per_kw_th"].values[None, :] * added
    ledger.add_asset("heat", capex, life, subsidy)
    capacity = np.array([ledger.in_service(added[o], life[o]) for o in range(len(life))]).reshape(added.shape)
    ledger.add_opex("heat", inputs["heat_option_fixed_om_cny_per_kw_th_year"].values @ capacity)
    stored = flows["heat_store_added_kwh_th"].values
    store_life = inputs["heat_store_life_years"].values
    ledger.add_asset("heat", inputs["heat_store_capex_cny_per_kwh_th"].values[:, None] * stored, store_life)
    store_capacity = np.array([ledger.in_service(stored[s], store_life[s]) for s in range(len(store_life))])
    ledger.add_opex(
        "heat",
        inputs["heat_store_fixed_om_cny_per_kwh_th_year"].values @ store_capacity.reshape(stored.shape),
    )
