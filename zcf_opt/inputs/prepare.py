"""Assemble everything the model needs into one xarray Dataset.

``time_slices`` does the expensive part (pvlib yield, load shape, typical days) and depends
only on the factory and the time resolution, so sweeps compute it once. ``assemble_inputs``
adds the per-year prices, factors, targets and measures. The Dataset has dimensions
``year``, ``period`` (typical or real days), ``hour`` (0-23) and ``measure``; every variable
carries its unit in ``attrs["units"]``.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.defaults import figure
from zcf_opt.inputs.load import load_profile_from_csv, shift_pattern_profile
from zcf_opt.inputs.measures import measure_table
from zcf_opt.inputs.pv_yield import pv_yield_per_kwp
from zcf_opt.inputs.typical_days import TimeSlices, full_year, typical_days
from zcf_opt.schema import FactoryModel, Scenario, trajectory_values
from zcf_opt.schema.common import Trajectory
from zcf_opt.standards import Rulebook

REFERENCE_YEAR = 2023  # a non-leap calendar for weekdays and hours of the 8760 profiles

#: export is paid at most the hour's energy charge less this margin [CNY/kWh]
EXPORT_MARGIN_CNY_PER_KWH = 0.001

#: wind speed for the cell-temperature model without a weather file [m/s]
CLEAR_SKY_WIND_SPEED_M_PER_S = 1.0


def hourly_profiles(factory: FactoryModel) -> pd.DataFrame:
    """First-year hourly load [kW] and PV yield [kWh/kWp] of a factory, 8760 rows."""
    load = factory.electricity_load
    if load.profile_csv is not None:
        load_kw = load_profile_from_csv(load.profile_csv)
    else:
        load_kw = shift_pattern_profile(load.annual_mwh, load.shift_pattern, REFERENCE_YEAR)
    site, roof, pv = factory.site, factory.roof, factory.pv
    # the clear-sky path needs the site's mean air temperature; a weather file brings its own
    clear_sky_weather = (
        {"air_temperature_c": factory.solar.mean_air_temperature_c}
        if factory.solar.mean_air_temperature_c is not None
        else {}
    )
    yield_kwh_per_kwp = pv_yield_per_kwp(
        site.latitude_deg,
        site.longitude_deg,
        site.altitude_m,
        site.timezone,
        roof.tilt_deg,
        roof.azimuth_deg,
        weather_file=factory.solar.weather_file,
        annual_ghi_kwh_per_m2=factory.solar.annual_ghi_kwh_per_m2,
        wind_speed_m_per_s=CLEAR_SKY_WIND_SPEED_M_PER_S,
        **clear_sky_weather,
        system_losses=pv.system_losses,
        temperature_coefficient_per_c=pv.temperature_coefficient_per_c,
        inverter_efficiency=pv.inverter_efficiency,
        reference_year=REFERENCE_YEAR,
    )
    index = pd.date_range(f"{REFERENCE_YEAR}-01-01", periods=8760, freq="h")
    return pd.DataFrame(
        {
            "load_kw": np.asarray(load_kw, dtype=float),
            "pv_yield_kwh_per_kwp": np.asarray(yield_kwh_per_kwp, dtype=float),
        },
        index=index,
    )


@lru_cache(maxsize=16)
def _cached_slices(factory_json: str, resolution: str) -> TimeSlices:
    factory = FactoryModel.model_validate_json(factory_json)
    profiles = hourly_profiles(factory)
    if resolution == "full_year":
        return full_year(profiles)
    return typical_days(profiles, int(resolution), peak_column="load_kw")


def time_slices(scenario: Scenario) -> TimeSlices:
    """Typical days (or the full year) of load and PV yield; cached per factory and resolution."""
    resolution = scenario.time_resolution
    key = "full_year" if resolution == "full_year" else str(resolution.typical_days)
    return _cached_slices(scenario.factory.model_dump_json(), key)


def _per_year(trajectory: Trajectory | None, years: np.ndarray, missing: float = math.inf) -> np.ndarray:
    if trajectory is None:
        return np.full(years.shape, missing)
    return trajectory_values(trajectory, years)


def _growth_factor(growth: Trajectory, years: np.ndarray) -> np.ndarray:
    """Cumulative factor: 1 in the first year, × (1 + g_y) into each later year [1]."""
    rates = trajectory_values(growth, years)
    rates[0] = 0.0
    return np.cumprod(1.0 + rates)


def _tou_prices(scenario: Scenario, years: np.ndarray) -> np.ndarray:
    """Energy charge by year and hour of day [CNY/kWh], shape (year, 24)."""
    tariff = scenario.tariff
    band = np.array(["flat"] * 24, dtype=object)
    band[tariff.tou_hours.peak] = "peak"
    band[tariff.tou_hours.valley] = "valley"
    by_band = {
        name: trajectory_values(getattr(tariff.energy_price_cny_per_kwh, name), years)
        for name in ("peak", "flat", "valley")
    }
    return np.stack([by_band[b] for b in band], axis=1)


def _target_arrays(scenario: Scenario, rulebook: Rulebook) -> dict[str, list]:
    columns: dict[str, list] = {
        "target_level": [],
        "target_min_re_share": [],
        "target_min_neutralised_share": [],
        "target_min_removal_share": [],
        "target_includes_scope3": [],
    }
    for target in scenario.target_by_year().values():
        rule = rulebook.rule(target.level) if target else None
        columns["target_level"].append(target.level if target else "")
        columns["target_min_re_share"].append(rule.min_re_share if rule else 0.0)
        columns["target_min_neutralised_share"].append(rule.min_neutralised_share if rule else 0.0)
        columns["target_min_removal_share"].append(rule.min_removal_share if rule else 0.0)
        columns["target_includes_scope3"].append(
            bool(rule and rulebook.boundaries[rule.boundary].includes_scope3)
        )
    return columns


def grid_factor(scenario: Scenario, years: np.ndarray) -> np.ndarray:
    """Location-based grid factor by year [tCO2/MWh]: the scenario's, else the region's."""
    if scenario.grid_emission_factor_tco2_per_mwh is not None:
        return trajectory_values(scenario.grid_emission_factor_tco2_per_mwh, years)
    regional = figure("grid_emission_factor_tco2_per_mwh").value
    return np.full(years.shape, float(regional[scenario.factory.site.grid_region]))


def assemble_inputs(scenario: Scenario, slices: TimeSlices, rulebook: Rulebook) -> xr.Dataset:
    """The model's input Dataset for ``scenario``.

    Parameters
    ----------
    scenario
        Validated scenario (with its factory).
    slices
        Output of :func:`time_slices` for this scenario.
    rulebook
        Rulebook of the scenario's standard, for the per-year target thresholds.
    """
    factory = scenario.factory
    years = np.array(scenario.horizon.years)
    weight = slices.weight_days
    load_first_year = slices.values["load_kw"]
    demand = _growth_factor(scenario.electricity_demand_growth_per_year, years)
    gas_growth = _growth_factor(scenario.fuel_demand_growth_per_year, years)
    fuel = factory.fuel
    gas_nm3 = fuel.natural_gas_nm3_per_year if fuel else 0.0
    measures = measure_table(factory)
    # electricity savings follow the plant's load shape: kW per MWh/yr saved
    annual_kwh = float(np.sum(weight[:, None] * load_first_year))
    saving_shape = load_first_year / annual_kwh * 1000.0 if annual_kwh > 0 else load_first_year * 0
    gas_per_heat = 1000.0 / (fuel.boiler_efficiency * fuel.lower_heating_value_kwh_per_nm3) if fuel else 0.0
    battery = factory.battery
    one_way = math.sqrt(battery.round_trip_efficiency)

    def unit(values: object, dims: tuple[str, ...], units: str, doc: str = "") -> xr.Variable:
        return xr.Variable(dims, values, attrs={"units": units, "description": doc})

    per_year = {
        "demand_growth_factor": (demand, "1", "electricity demand relative to the first year"),
        "demand_charge_cny_per_kw_month": (
            trajectory_values(scenario.tariff.demand_charge_cny_per_kw_month, years),
            "CNY/kW/month",
            "",
        ),
        "export_price_cny_per_kwh": (
            trajectory_values(scenario.export_price_cny_per_kwh, years),
            "CNY/kWh",
            "",
        ),
        "green_power_premium_cny_per_mwh": (
            trajectory_values(scenario.green_power.premium_cny_per_mwh, years),
            "CNY/MWh",
            "",
        ),
        "green_power_cap_mwh": (_per_year(scenario.green_power.cap_mwh, years), "MWh", "inf = no cap"),
        "gec_price_cny_per_mwh": (
            trajectory_values(scenario.certificates.price_cny_per_mwh, years),
            "CNY/MWh",
            "",
        ),
        "gec_cap_mwh": (_per_year(scenario.certificates.cap_mwh, years), "MWh", "inf = no cap"),
        "offset_price_cny_per_tco2e": (
            trajectory_values(scenario.offsets.price_cny_per_tco2e, years),
            "CNY/tCO2e",
            "",
        ),
        "offset_cap_tco2e": (_per_year(scenario.offsets.cap_tco2e, years), "tCO2e", "inf = no cap"),
        "removal_price_cny_per_tco2e": (
            trajectory_values(scenario.removals.price_cny_per_tco2e, years),
            "CNY/tCO2e",
            "",
        ),
        "removal_cap_tco2e": (_per_year(scenario.removals.cap_tco2e, years), "tCO2e", "inf = no cap"),
        "grid_factor_location_tco2_per_mwh": (grid_factor(scenario, years), "tCO2/MWh", ""),
        "grid_factor_market_tco2_per_mwh": (
            trajectory_values(scenario.market_residual_factor_tco2_per_mwh, years),
            "tCO2/MWh",
            "",
        ),
        "pv_capex_cny_per_kwp": (trajectory_values(scenario.pv_capex_cny_per_kwp, years), "CNY/kWp", ""),
        "battery_energy_capex_cny_per_kwh": (
            trajectory_values(scenario.battery_energy_capex_cny_per_kwh, years),
            "CNY/kWh",
            "",
        ),
        "battery_power_capex_cny_per_kw": (
            trajectory_values(scenario.battery_power_capex_cny_per_kw, years),
            "CNY/kW",
            "",
        ),
        "gas_demand_nm3": (gas_nm3 * gas_growth, "Nm3", "gas use before waste-heat recovery"),
        "gas_price_cny_per_nm3": (trajectory_values(scenario.gas_price_cny_per_nm3, years), "CNY/Nm3", ""),
        "process_emissions_tco2e": (
            trajectory_values(factory.process_emissions_tco2e_per_year, years),
            "tCO2e",
            "",
        ),
        "scope3_transport_tco2e": (
            trajectory_values(factory.scope3.transport_tco2e_per_year, years),
            "tCO2e",
            "",
        ),
        "scope3_purchased_goods_tco2e": (
            trajectory_values(factory.scope3.purchased_goods_tco2e_per_year, years),
            "tCO2e",
            "",
        ),
    }
    data_vars: dict[str, xr.Variable] = {}
    for name, (values, units, doc) in per_year.items():
        data_vars[name] = unit(values, ("year",), units, doc)
    tou_prices = _tou_prices(scenario, years)
    data_vars["energy_price_cny_per_kwh"] = unit(
        tou_prices, ("year", "hour"), "CNY/kWh", "time-of-use energy charge"
    )
    # one meter cannot import and export in the same hour: surplus PV is paid the export price,
    # but never more than that hour's energy charge less a small margin, so that buying and
    # selling at once never pays (not even as a tie)
    data_vars["export_price_effective_cny_per_kwh"] = unit(
        np.minimum(per_year["export_price_cny_per_kwh"][0][:, None], tou_prices - EXPORT_MARGIN_CNY_PER_KWH),
        ("year", "hour"),
        "CNY/kWh",
        f"export price, at most the hour's energy charge less {EXPORT_MARGIN_CNY_PER_KWH} CNY/kWh",
    )
    for name, values in _target_arrays(scenario, rulebook).items():
        data_vars[name] = unit(np.array(values), ("year",), "1", "")
    data_vars["period_weight_days"] = unit(weight, ("period",), "day", "days each period stands for")
    data_vars["day_to_period"] = unit(slices.day_to_period, ("day",), "1", "period of each day")
    data_vars["demand_kw"] = unit(
        demand[:, None, None] * load_first_year[None, :, :],
        ("year", "period", "hour"),
        "kW",
        "electricity demand before measures (kWh in the hour)",
    )
    data_vars["pv_yield_kwh_per_kwp"] = unit(
        slices.values["pv_yield_kwh_per_kwp"], ("period", "hour"), "kWh/kWp", "AC yield per kWp DC"
    )
    data_vars["measure_saving_shape_kw_per_mwh"] = unit(
        saving_shape, ("period", "hour"), "kW per MWh/yr", "hourly spread of an annual saving"
    )
    for column in ("lever", "option", "group", "size_unit"):
        data_vars[f"measure_{column}"] = unit(np.array(measures[column], dtype=str), ("measure",), "")
    for column, units in (
        ("capex_cny", "CNY"),
        ("life_years", "yr"),
        ("fixed_om_cny_per_year", "CNY/yr"),
        ("electricity_saving_mwh_per_year", "MWh/yr"),
        ("size", ""),
    ):
        data_vars[f"measure_{column}"] = unit(np.array(measures[column], dtype=float), ("measure",), units)
    data_vars["measure_gas_saving_nm3_per_year"] = unit(
        np.array(measures["heat_recovered_mwh_th_per_year"], dtype=float) * gas_per_heat,
        ("measure",),
        "Nm3/yr",
        "gas the recovered heat displaces",
    )
    scalars = {
        "discount_rate": (scenario.discount_rate, "1/yr"),
        "gas_emission_factor_tco2_per_nm3": (
            fuel.emission_factor_tco2_per_1000nm3 / 1000.0 if fuel else 0.0,
            "tCO2/Nm3",
        ),
        "pv_limit_kwp": (factory.roof.pv_limit_kwp, "kWp"),
        "existing_pv_kwp": (factory.roof.existing_pv_kwp, "kWp"),
        "existing_pv_age_years": (factory.roof.existing_pv_age_years, "yr"),
        "pv_life_years": (factory.pv.life_years, "yr"),
        "pv_degradation_per_year": (factory.pv.degradation_per_year, "1/yr"),
        "pv_fixed_om_cny_per_kwp_year": (factory.pv.fixed_om_cny_per_kwp_year, "CNY/kWp/yr"),
        "pv_fixed_project_cost_cny": (factory.pv.fixed_project_cost_cny, "CNY"),
        "battery_allowed": (int(battery.allow), "1"),
        "battery_charge_efficiency": (one_way, "1"),
        "battery_discharge_efficiency": (one_way, "1"),
        "battery_life_years": (battery.life_years, "yr"),
        "battery_max_c_rate_per_hour": (battery.max_c_rate_per_hour, "1/h"),
        "battery_fixed_om_cny_per_kwh_year": (battery.fixed_om_cny_per_kwh_year, "CNY/kWh/yr"),
        "battery_min_project_kwh": (battery.min_project_kwh, "kWh"),
        "export_allowed": (int(scenario.allow_export), "1"),
    }
    for name, (value, units) in scalars.items():
        data_vars[name] = unit(value, (), units)
    coords = {
        "year": years,
        "period": np.arange(len(weight)),
        "hour": np.arange(24),
        "measure": np.array(measures["measure"], dtype=str),
        "day": np.arange(365),
    }
    return xr.Dataset(
        data_vars,
        coords=coords,
        attrs={
            "scenario": scenario.name,
            "factory": factory.name,
            "standard": rulebook.standard,
            "time_resolution": slices.method,
        },
    )


def prepare_inputs(scenario: Scenario, rulebook: Rulebook, slices: TimeSlices | None = None) -> xr.Dataset:
    """Time slices (computed unless given) and per-year data for ``scenario`` in one Dataset."""
    return assemble_inputs(scenario, slices if slices is not None else time_slices(scenario), rulebook)
