"""What each lever has in service, and its capex, fixed O&M and residual value.

Capex of a year = what is installed that year; residual value follows
:func:`zcf_opt.conventions.residual_fraction`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

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


#: tolerance of the battery checks: state of charge within the usable capacity, throughput [kWh]
BATTERY_TOLERANCE_KWH = 1e-3


def battery_fade_per_year(inputs: xr.Dataset) -> float:
    """Capacity a vintage loses per year of age at its design throughput, share of nameplate [1/yr].

    ``f_cal + f_cyc · (s_max − s_min) · N``
    """
    window = float(inputs["battery_max_soc"]) - float(inputs["battery_min_soc"])
    return float(inputs["battery_calendar_fade_per_year"]) + float(
        inputs["battery_cycle_fade_per_cycle"]
    ) * window * float(inputs["battery_design_cycles_per_year"])


def vintage_capacity_kwh(inputs: xr.Dataset, flows: xr.Dataset) -> np.ndarray:
    """Capacity of each vintage in each year [kWh], shape (install year, year); zero where the
    vintage is not in service: ``added_v · (1 − ρ · (y − v))``."""
    years = inputs["year"].values.astype(int)
    added = flows["battery_energy_added_kwh"].values
    age = years[None, :] - years[:, None]
    alive = service_matrix(years, float(inputs["battery_life_years"])).T.astype(bool)  # (vintage, year)
    return np.where(alive, added[:, None] * (1.0 - battery_fade_per_year(inputs) * age), 0.0)


def discharged_kwh(inputs: xr.Dataset, flows: xr.Dataset) -> np.ndarray:
    """Energy taken from the state of charge each year [kWh]: Σ w_p Σ_h discharge / η_d."""
    weighted = (flows["battery_discharge_kw"] * flows["period_weight_days"]).sum(("period", "hour"))
    return weighted.values / float(inputs["battery_discharge_efficiency"])


def battery_vintages(inputs: xr.Dataset, flows: xr.Dataset) -> pd.DataFrame:
    """One row per battery vintage built: size, cycles per year, end-of-life capacity and year.

    ``cycles_per_year``: the mean, over its years in the horizon, of the energy the battery
    discharged over its usable capacity (full cycles of the usable window; every vintage in
    service cycles alike). ``end_of_life_capacity``: its capacity at the end of its life at the
    design throughput, share of its nameplate.
    """
    years = inputs["year"].values.astype(int)
    life = float(inputs["battery_life_years"])
    window = float(inputs["battery_max_soc"]) - float(inputs["battery_min_soc"])
    usable = window * vintage_capacity_kwh(inputs, flows).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        cycles = np.where(usable > 1e-6, discharged_kwh(inputs, flows) / usable, 0.0)
    rows = []
    for i, year in enumerate(years):
        added = float(flows["battery_energy_added_kwh"].values[i])
        if added <= 1e-6:
            continue
        served = (years >= year) & (years < year + life)
        rows.append(
            {
                "install_year": int(year),
                "nameplate_kwh": added,
                "power_kw": float(flows["battery_power_added_kw"].values[i]),
                "cycles_per_year": float(cycles[served].mean()),
                "end_of_life_capacity": 1.0 - battery_fade_per_year(inputs) * life,
                "end_of_life_year": int(year + life),
            }
        )
    columns = ["install_year", "nameplate_kwh", "power_kw", "cycles_per_year", "end_of_life_capacity"]
    return pd.DataFrame(rows, columns=[*columns, "end_of_life_year"])


def check_battery(ledger: Ledger, usable_kwh: np.ndarray) -> None:
    """Raise ``ValueError`` when the state of charge leaves the usable capacity or the battery
    cycles more than its design throughput."""
    inputs, flows = ledger.inputs, ledger.flows
    over = float(np.max(flows["battery_soc_kwh"].max(("period", "hour")).values - usable_kwh, initial=0.0))
    if over > BATTERY_TOLERANCE_KWH:
        raise ValueError(f"the battery holds {over:.4f} kWh more than its usable capacity in one hour")
    excess = discharged_kwh(inputs, flows) - float(inputs["battery_design_cycles_per_year"]) * usable_kwh
    if float(np.max(excess, initial=0.0)) > BATTERY_TOLERANCE_KWH * max(
        1.0, float(usable_kwh.max(initial=0))
    ):
        raise ValueError("the battery discharges more than its design cycles allow")


def battery_assets(ledger: Ledger) -> None:
    """Battery energy in service [kWh] (nameplate, and usable after fade), full cycles of the usable
    window [1/yr]; battery capex and O&M [CNY]."""
    inputs, flows = ledger.inputs, ledger.flows
    added = flows["battery_energy_added_kwh"].values
    energy = ledger.in_service(added, float(inputs["battery_life_years"]))
    window = float(inputs["battery_max_soc"]) - float(inputs["battery_min_soc"])
    usable = window * vintage_capacity_kwh(inputs, flows).sum(axis=0)
    check_battery(ledger, usable)
    ledger.table["battery_energy_kwh"] = energy
    ledger.table["battery_usable_kwh"] = usable
    with np.errstate(invalid="ignore", divide="ignore"):
        ledger.table["battery_cycles"] = np.where(usable > 1e-6, discharged_kwh(inputs, flows) / usable, 0.0)
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
