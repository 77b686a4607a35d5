"""Yearly saving and abatement of each lever of a plan, for the per-measure economics.

Retrofit measures (motor, waste-heat and efficiency options, built or candidates): the
electricity a measure saves is spread over the hours with its saving profile and valued at the
time-of-use energy price of those hours plus the demand charge on the peak it removes
(:func:`zcf_opt.economics.measure_saving_value_cny`, as in the MACC); the gas its heat saving
replaces at the gas price; its O&M (and an energy-performance contract's payments) are
subtracted; its capex is the plan's: after subsidies, with its financing. Abatement =
electricity saved × market-based (residual-mix) grid factor + gas saved × gas emission
factor, the factors of the residual emissions the standard counts.

PV and battery (when the plan builds them) are valued against the plan's own hourly
dispatch with that lever removed and every other flow held:

- PV: without the new PV, the grid supplies the PV used on site (the share of new PV in the
  PV in service, existing PV excluded); saving = energy charge avoided at the hour's price +
  export revenue + demand charge avoided (12 × monthly charge × change of the peak import)
  − O&M. Abatement = PV used on site × market-based grid factor.
- Battery: without it, the bus's net import is ``import − export + discharge − charge``: its
  positive part is bought, its negative part exported (curtailed when export is not
  allowed); saving = change of energy charge, export revenue and demand charge − O&M.
  Abatement = change of grid import × market-based grid factor (negative when round-trip
  losses raise imports).

All capacity of a lever is one project: capex in the years it is installed, life from the
first installation. Purchases of green power, certificates, offsets and removals are not
credited to any lever. Years after the horizon repeat the last year's prices and factors
(trajectories are flat outside their points); PV output there falls by its degradation rate.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.economics import Project, measure_saving_value_cny
from zcf_opt.report.data import RunData

#: smallest capacity treated as built [kWp], [kWh]
MIN_CAPACITY = 1e-6


def _per_year(inputs: xr.Dataset, name: str, year: int) -> float:
    """A yearly input at ``year``, held flat outside the horizon."""
    years = inputs["year"].values
    clipped = int(min(max(year, int(years[0])), int(years[-1])))
    return float(inputs[name].sel(year=clipped))


def _weighted(hourly: xr.DataArray, weight: xr.DataArray) -> float:
    """Σ_p w_p Σ_h x [unit of x · day]."""
    return float((hourly * weight).sum(("period", "hour")))


def measure_projects(run: RunData) -> list[Project]:
    """One project per retrofit option (built in its plan year, or a candidate from the first year).

    Its capex is what the plan charges for it: the capex after its subsidy times the financing
    factor (:func:`zcf_opt.conventions.financing_factor`); under an energy-performance contract
    it has none and pays its contract's share of the savings in its contract years.
    """
    inputs, dispatch = run.inputs, run.dispatch
    if "measure" not in inputs.dims or inputs.sizes["measure"] == 0:
        return []
    ef_gas = float(inputs["gas_emission_factor_tco2_per_nm3"])
    phi = float(inputs["financing_factor"]) if "financing_factor" in inputs else 1.0
    built = dispatch["measure_built"]
    projects = []
    for index, measure in enumerate(inputs["measure"].values):
        row = built.sel(measure=measure).values
        years_built = [int(y) for y, b in zip(run.years, row, strict=True) if b > 0.5]
        start = years_built[0] if years_built else run.first_year
        life = round(float(inputs["measure_life_years"].values[index]))
        capex = phi * (
            float(inputs["measure_capex_cny"].values[index]) - _value(inputs, "measure_subsidy_cny", index)
        )
        om = float(inputs["measure_fixed_om_cny_per_year"].values[index])
        elec = float(inputs["measure_electricity_saving_mwh_per_year"].values[index])
        gas = float(inputs["measure_gas_saving_nm3_per_year"].values[index])
        contract = round(_value(inputs, "measure_epc_contract_years", index))
        savings, abatement = [], []
        for age, year in enumerate(range(start, start + life)):
            payment = _epc_payment(inputs, index, year) if age < contract else 0.0
            savings.append(measure_saving_value_cny(inputs, index, year) - om - payment)
            abatement.append(elec * _per_year(inputs, "grid_factor_market_tco2_per_mwh", year) + gas * ef_gas)
        projects.append(
            Project(
                option=str(inputs["measure_option"].values[index]),
                lever=str(inputs["measure_lever"].values[index]),
                built_year=years_built[0] if years_built else None,
                life_years=life,
                capex_cny=[capex] + [0.0] * (life - 1),
                saving_cny=savings,
                abatement_tco2e=abatement,
                electricity_saving_mwh=elec,
                gas_saving_nm3=gas,
            )
        )
    return projects


def _value(inputs: xr.Dataset, name: str, index: int) -> float:
    """A per-measure input, zero for a run folder of an earlier version without it."""
    return float(inputs[name].values[index]) if name in inputs else 0.0


def _epc_payment(inputs: xr.Dataset, index: int, year: int) -> float:
    """What a measure under an energy-performance contract pays in ``year`` [CNY] (flat after the horizon)."""
    if "measure_epc_payment_cny_per_year" not in inputs:
        return 0.0
    years = inputs["year"].values
    clipped = int(min(max(year, int(years[0])), int(years[-1])))
    return float(inputs["measure_epc_payment_cny_per_year"].sel(year=clipped).values[index])


def _capex_by_year(run: RunData, lever: str) -> dict[int, float]:
    rows = run.investments[run.investments["lever"] == lever]
    return {int(y): float(c) for y, c in rows.groupby("year")["capex_cny"].sum().items()}


def _lever_project(
    run: RunData,
    lever: str,
    option: str,
    life: int,
    decay: float,
    yearly: dict[int, tuple[float, float, float, float]],
) -> Project:
    """A PV or battery project from its horizon years' (revenue, O&M, abatement, MWh avoided).

    Revenue is the cost avoided [CNY], O&M [CNY], abatement [tCO2e] and the grid import
    avoided [MWh]. After the horizon, revenue and abatement of the last year fall by
    ``decay`` per year [1/yr] and O&M stays flat.
    """
    capex_by_year = _capex_by_year(run, lever)
    start = min(capex_by_year)
    horizon = [y for y in run.years if y >= start][:life]
    revenue = [yearly[y][0] for y in horizon]
    om = [yearly[y][1] for y in horizon]
    abatement = [yearly[y][2] for y in horizon]
    for t in range(1, life - len(horizon) + 1):
        revenue.append(yearly[horizon[-1]][0] * (1.0 - decay) ** t)
        om.append(yearly[horizon[-1]][1])
        abatement.append(yearly[horizon[-1]][2] * (1.0 - decay) ** t)
    return Project(
        option=option,
        lever=lever,
        built_year=start,
        life_years=life,
        capex_cny=[capex_by_year.get(start + k, 0.0) for k in range(life)],
        saving_cny=[r - o for r, o in zip(revenue, om, strict=True)],
        abatement_tco2e=abatement,
        electricity_saving_mwh=yearly[start][3],
        gas_saving_nm3=0.0,
    )


def pv_project(run: RunData) -> Project | None:
    """The plan's new rooftop PV as one project; None when the plan builds none."""
    inputs, flows = run.inputs, run.dispatch
    added = flows["pv_added_kwp"].values
    if added.sum() <= MIN_CAPACITY or not _capex_by_year(run, "pv"):
        return None
    life = round(float(inputs["pv_life_years"]))
    years = np.array(run.years)
    age = years[:, None] - years[None, :]
    new_in_service = ((age >= 0) & (age < life)).astype(float) @ added
    om_rate = float(inputs["pv_fixed_om_cny_per_kwp_year"])
    weight = flows["period_weight_days"]
    yearly = {}
    for i, year in enumerate(run.years):
        total = float(run.annual["pv_installed_kwp"].iloc[i])
        share = new_in_service[i] / total if total > MIN_CAPACITY else 0.0
        f = flows.sel(year=year)
        self_kw = share * (f["pv_generation_kw"] - f["pv_export_kw"] - f["pv_curtailed_kw"])
        price = inputs["energy_price_cny_per_kwh"].sel(year=year)
        energy = _weighted(self_kw * price, weight)
        export = (
            share * _weighted(f["pv_export_kw"], weight) * _per_year(inputs, "export_price_cny_per_kwh", year)
        )
        peak_without = float((f["grid_import_kw"] + self_kw).max())
        demand = (
            12.0
            * _per_year(inputs, "demand_charge_cny_per_kw_month", year)
            * (peak_without - float(f["grid_import_kw"].max()))
        )
        self_mwh = _weighted(self_kw, weight) / 1000.0
        yearly[year] = (
            energy + export + demand,
            new_in_service[i] * om_rate,
            self_mwh * _per_year(inputs, "grid_factor_market_tco2_per_mwh", year),
            self_mwh,
        )
    kwp = float(added.sum())
    return _lever_project(
        run, "pv", f"{kwp:,.0f} kWp", life, float(inputs["pv_degradation_per_year"]), yearly
    )


def battery_project(run: RunData) -> Project | None:
    """The plan's battery as one project; None when the plan builds none."""
    inputs, flows = run.inputs, run.dispatch
    added = flows["battery_energy_added_kwh"].values
    if added.sum() <= MIN_CAPACITY or not _capex_by_year(run, "battery"):
        return None
    life = round(float(inputs["battery_life_years"]))
    om_rate = float(inputs["battery_fixed_om_cny_per_kwh_year"])
    export_allowed = bool(int(inputs["export_allowed"]))
    weight = flows["period_weight_days"]
    yearly = {}
    for i, year in enumerate(run.years):
        f = flows.sel(year=year)
        net = f["grid_import_kw"] - f["pv_export_kw"] + f["battery_discharge_kw"] - f["battery_charge_kw"]
        import_without = net.clip(min=0.0)
        export_without = (-net).clip(min=0.0) if export_allowed else xr.zeros_like(net)
        price = inputs["energy_price_cny_per_kwh"].sel(year=year)
        export_price = _per_year(inputs, "export_price_cny_per_kwh", year)
        energy = _weighted((import_without - f["grid_import_kw"]) * price, weight)
        export = -export_price * _weighted(export_without - f["pv_export_kw"], weight)
        demand = (
            12.0
            * _per_year(inputs, "demand_charge_cny_per_kw_month", year)
            * (float(import_without.max()) - float(f["grid_import_kw"].max()))
        )
        import_change_mwh = _weighted(import_without - f["grid_import_kw"], weight) / 1000.0
        yearly[year] = (
            energy + export + demand,
            float(run.annual["battery_energy_kwh"].iloc[i]) * om_rate,
            import_change_mwh * _per_year(inputs, "grid_factor_market_tco2_per_mwh", year),
            import_change_mwh,
        )
    kwh = float(added.sum())
    return _lever_project(run, "battery", f"{kwh:,.0f} kWh", life, 0.0, yearly)


def all_projects(run: RunData) -> list[Project]:
    """Built PV and battery first, then every retrofit option (built ones first)."""
    levers = [p for p in (pv_project(run), battery_project(run)) if p is not None]
    measures = sorted(measure_projects(run), key=lambda p: (p.built_year is None, p.built_year or 0))
    return levers + measures
