"""Heat demands, the electric options that can supply them, thermal storage, and the gas left.

Dimensions ``heat_demand``, ``heat_option`` and ``heat_store``. A factory without a ``heat``
section but with gas has one demand, ``gas_heat``: all its gas as useful heat (gas × boiler
efficiency × LHV) with the plant's load shape, which only waste-heat recovery can reduce; a
factory without gas has none. Heat demand grows with ``fuel_demand_growth_per_year``; gas not
covered by a heat demand ("other gas use") is fixed.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable, yearly
from zcf_opt.inputs.shapes import hourly_shape
from zcf_opt.schema.factory import IMPLICIT_HEAT_DEMAND, FactoryModel
from zcf_opt.schema.heat import Heat, HeatDemand


def demand_gas_efficiency(factory: FactoryModel, demand: HeatDemand | None = None) -> float:
    """Useful heat per unit of gas energy of today's supply of a demand [1]."""
    if demand is not None and demand.gas_efficiency is not None:
        return demand.gas_efficiency
    return factory.fuel.boiler_efficiency


def gas_nm3_per_mwh_th(factory: FactoryModel, demand: HeatDemand | None = None) -> float:
    """Gas burnt per MWh of useful heat of a demand [Nm3/MWh_th]."""
    return 1000.0 / (demand_gas_efficiency(factory, demand) * factory.fuel.lower_heating_value_kwh_per_nm3)


def heat_section(factory: FactoryModel) -> Heat:
    """The factory's heat section, or the implicit one-demand section of a plant with gas only."""
    if factory.heat is not None:
        return factory.heat
    if factory.fuel is None:
        return Heat(demands=[])
    heat_mwh = factory.fuel.natural_gas_nm3_per_year / gas_nm3_per_mwh_th(factory)
    if heat_mwh <= 0:
        return Heat(demands=[])
    return Heat(demands=[HeatDemand(name=IMPLICIT_HEAT_DEMAND, temperature_c=100.0, annual_mwh_th=heat_mwh)])


#: input columns of the electric heat options: variable suffix -> (schema field, unit, note);
#: a missing cap is infinite
OPTION_COLUMNS = {
    "": ("name", "", ""),
    "_kind": ("kind", "", ""),
    "_demand": ("serves", "", "heat demand it supplies"),
    "_capex_cny_per_kw_th": ("capex_cny_per_kw_th", "CNY/kW_th", ""),
    "_fixed_om_cny_per_kw_th_year": ("fixed_om_cny_per_kw_th_year", "CNY/kW_th/yr", ""),
    "_life_years": ("life_years", "yr", ""),
    "_max_kw_th": ("max_kw_th", "kW_th", "inf = no cap"),
}

#: input columns of the thermal stores, as :data:`OPTION_COLUMNS`
STORE_COLUMNS = {
    "": ("name", "", ""),
    "_demand": ("serves", "", "heat demand it serves"),
    "_capex_cny_per_kwh_th": ("capex_cny_per_kwh_th", "CNY/kWh_th", ""),
    "_fixed_om_cny_per_kwh_th_year": ("fixed_om_cny_per_kwh_th_year", "CNY/kWh_th/yr", ""),
    "_life_years": ("life_years", "yr", ""),
    "_loss_per_hour": ("loss_per_hour", "1/h", ""),
    "_c_rate_per_hour": ("max_c_rate_per_hour", "1/h", ""),
    "_max_kwh_th": ("max_kwh_th", "kWh_th", "inf = no cap"),
}


def _columns(items: list, dim: str, columns: dict[str, tuple[str, str, str]]) -> dict[str, xr.Variable]:
    """One variable along ``dim`` per column: text where the unit is empty, else numbers."""
    out = {}
    for suffix, (field, units, note) in columns.items():
        values = [getattr(item, field) for item in items]
        if units:
            array = np.array([np.inf if v is None else v for v in values], dtype=float)
        else:
            array = np.array(values, dtype=str)
        out[f"{dim}{suffix}"] = variable(array, (dim,), units, note)
    return out


def heat_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Heat demand by use and year [MWh_th], its hourly shape, electric options, storage, gas."""
    factory = ctx.factory
    heat = heat_section(factory)
    demands = heat.demands
    growth = ctx.growth_factor(ctx.scenario.fuel_demand_growth_per_year)
    annual = np.array([d.annual_mwh_th for d in demands], dtype=float)
    shapes = np.array(
        [hourly_shape(ctx.slices, d.profile, d.months, d.profile_csv) for d in demands]
    ).reshape(len(demands), ctx.slices.n_periods, 24)
    gas_per_heat = np.array([gas_nm3_per_mwh_th(factory, d) for d in demands], dtype=float)
    total_gas = factory.fuel.natural_gas_nm3_per_year if factory.fuel else 0.0
    other_gas = max(0.0, total_gas - float(annual @ gas_per_heat)) if demands else total_gas
    demand_mwh = annual[:, None] * growth[None, :]
    options, stores = heat.options, heat.storage
    subsidy = ctx.per_year(ctx.scenario.finance.subsidies.heat_pump_cny_per_kw_th)
    return {
        "heat_demand": variable(np.array([d.name for d in demands], dtype=str), ("heat_demand",), ""),
        "heat_demand_use": variable(np.array([d.use for d in demands], dtype=str), ("heat_demand",), ""),
        "heat_demand_temperature_c": variable(
            np.array([d.temperature_c for d in demands], dtype=float), ("heat_demand",), "degC"
        ),
        "heat_demand_mwh_th": variable(
            demand_mwh, ("heat_demand", "year"), "MWh_th", "useful heat needed before measures"
        ),
        "heat_demand_shape_kw_per_mwh": variable(
            shapes, ("heat_demand", "period", "hour"), "kW per MWh/yr", "hourly spread of the annual heat"
        ),
        "heat_gas_nm3_per_mwh_th": variable(
            gas_per_heat, ("heat_demand",), "Nm3/MWh_th", "gas today's supply burns per MWh of heat"
        ),
        "other_gas_nm3": yearly(
            np.full(ctx.years.shape, other_gas) * growth, "Nm3", "gas not used as heat demand"
        ),
        "gas_demand_nm3": yearly(
            other_gas * growth + gas_per_heat @ demand_mwh if demands else other_gas * growth,
            "Nm3",
            "gas use before any measure",
        ),
        "heat_option_cop": variable(
            np.array([heat.option_cop(o) for o in options], dtype=float),
            ("heat_option",),
            "1",
            "heat per electricity",
        ),
        "heat_option_subsidy_cny_per_kw_th": yearly(
            subsidy, "CNY/kW_th", "subsidy per kW_th, by install year"
        ),
        **_columns(options, "heat_option", OPTION_COLUMNS),
        **_columns(stores, "heat_store", STORE_COLUMNS),
    }
