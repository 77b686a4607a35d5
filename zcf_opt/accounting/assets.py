"""What each lever has in service, and its capex, fixed O&M and residual value.

Capex of a year = what is installed that year; residual value follows
:func:`zcf_opt.conventions.residual_fraction`.
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.heat import measures_in_service
from zcf_opt.accounting.ledger import Ledger
from zcf_opt.conventions import service_matrix


def pv_assets(ledger: Ledger) -> None:
    """PV in service [kWp]; PV capex (per kWp plus any fixed project cost) and O&M [CNY]."""
    inputs, flows, years = ledger.inputs, ledger.flows, ledger.years
    added = flows["pv_added_kwp"].values
    life = float(inputs["pv_life_years"])
    existing = float(inputs["existing_pv_kwp"])
    existing_alive = (years - years[0]) < life - float(inputs["existing_pv_age_years"])
    installed = ledger.in_service(added, life) + existing * existing_alive
    ledger.table["pv_installed_kwp"] = installed
    capex = added * inputs["pv_capex_cny_per_kwp"].values + np.where(
        added > 1e-6, float(inputs["pv_fixed_project_cost_cny"]), 0.0
    )
    ledger.add_asset("pv", capex, life, added * inputs["pv_subsidy_cny_per_kwp"].values)
    ledger.add_opex("pv", installed * float(inputs["pv_fixed_om_cny_per_kwp_year"]))


def battery_assets(ledger: Ledger) -> None:
    """Battery energy in service [kWh]; battery capex and O&M [CNY]."""
    inputs, flows = ledger.inputs, ledger.flows
    added = flows["battery_energy_added_kwh"].values
    energy = ledger.in_service(added, float(inputs["battery_life_years"]))
    ledger.table["battery_energy_kwh"] = energy
    capex = (
        added * inputs["battery_energy_capex_cny_per_kwh"].values
        + flows["battery_power_added_kw"].values * inputs["battery_power_capex_cny_per_kw"].values
    )
    subsidy = added * inputs["battery_subsidy_cny_per_kwh"].values
    ledger.add_asset("battery", capex, float(inputs["battery_life_years"]), subsidy)
    ledger.add_opex("battery", energy * float(inputs["battery_fixed_om_cny_per_kwh_year"]))


def measure_assets(ledger: Ledger) -> None:
    """Retrofit measures' capex and subsidies in the year built, O&M while in service, and the
    payments of measures under an energy-performance contract in their contract years [CNY]."""
    inputs = ledger.inputs
    built = ledger.flows["measure_built"].values
    capex = inputs["measure_capex_cny"].values[:, None] * built
    subsidy = inputs["measure_subsidy_cny"].values[:, None] * built
    ledger.add_asset("measures", capex, inputs["measure_life_years"].values, subsidy)
    ledger.add_opex("measures", inputs["measure_fixed_om_cny_per_year"].values @ measures_in_service(ledger))
    contract = inputs["measure_epc_contract_years"].values
    in_contract = (
        np.einsum("myv,mv->my", service_matrix(ledger.years, contract), built) if len(contract) else built
    )
    payment = (inputs["measure_epc_payment_cny_per_year"].values * in_contract).sum(axis=0)
    ledger.table["epc_payment_cny"] = payment
    ledger.add_opex("epc", payment)
