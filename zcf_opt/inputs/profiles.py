"""First-year hourly profiles of a factory: electricity load [kW] and PV yield [kWh/kWp].

Both come as 8760 hourly values of one non-leap reference year, in local standard time with
hour-beginning labels; :mod:`zcf_opt.inputs.slices` turns them into typical days. From meter
files the load also brings the highest 15-minute demand of each hour [kW] (equal to the hourly
mean for hourly readings), which the demand charge bills.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcf_opt.errors import InputError
from zcf_opt.inputs.load import shift_pattern_profile
from zcf_opt.inputs.meters import MeterSeries, read_meter_csv
from zcf_opt.inputs.pv_yield import annual_yield_kwh_per_kwp, pv_yield_per_kwp, standard_utc_offset
from zcf_opt.inputs.weather import (
    MAX_DISTANCE_KM,
    WARN_DISTANCE_KM,
    WeatherYear,
    distance_km,
    read_weather_file,
)
from zcf_opt.notices import Notice
from zcf_opt.schema import FactoryModel

#: a non-leap calendar for the weekdays and hours of the 8760 profiles
REFERENCE_YEAR = 2023

#: wind speed for the cell-temperature model without a weather file [m/s]
CLEAR_SKY_WIND_SPEED_M_PER_S = 1.0


@dataclass(frozen=True)
class LoadProfile:
    """First-year load of a factory.

    Attributes
    ----------
    hourly_kw
        Mean power of each hour [kW] (= kWh in the hour), 8760 values.
    max_15min_kw
        Highest 15-minute mean power within each hour [kW], 8760 values; equal to
        ``hourly_kw`` when every meter is read hourly.
    interval_minutes
        Finest interval of the meters (15 or 60), 60 for the built-in shift pattern [min].
    notes
        Notices every run on this load carries (readings filled by interpolation).
    description
        One line for the run's progress output.
    """

    hourly_kw: np.ndarray
    max_15min_kw: np.ndarray
    interval_minutes: int
    notes: tuple[Notice, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SolarProfile:
    """First-year PV yield of a factory's roof.

    Attributes
    ----------
    yield_kwh_per_kwp
        AC energy per kWp in each hour [kWh/kWp], 8760 values.
    notes
        Notices every run on this yield carries (a distant weather file).
    description
        One line for the run's progress output, with the annual yield [kWh/kWp/yr].
    """

    yield_kwh_per_kwp: np.ndarray
    notes: tuple[Notice, ...] = ()
    description: str = ""


def load_profile(factory: FactoryModel) -> LoadProfile:
    """First-year load: the sum of the meter files, or the shift pattern scaled to the annual MWh."""
    load = factory.electricity_load
    if not load.meter_files:
        hourly = shift_pattern_profile(load.annual_mwh, load.shift_pattern, REFERENCE_YEAR)
        return LoadProfile(hourly, hourly, 60, description=f"load: {load.shift_pattern} pattern")
    offset_hours = standard_utc_offset(factory.site.timezone, REFERENCE_YEAR).total_seconds() / 3600.0
    meters = [
        read_meter_csv(
            path,
            unit=load.unit,
            column=load.column,
            time_column=load.time_column,
            time_label=load.time_label,
            fill_max_gap_intervals=load.fill.max_gap_intervals if load.fill else None,
            utc_offset_hours=offset_hours,
        )
        for path in load.meter_files
    ]
    return combine_meters(meters)


def combine_meters(meters: list[MeterSeries]) -> LoadProfile:
    """Sum meters on the 15-minute grid; the hour's mean and its highest quarter-hour [kW].

    An hourly meter counts with its hourly mean in each quarter-hour of the hour.
    """
    quarters = np.sum([m.quarter_hours() for m in meters], axis=0).reshape(-1, 4)
    hourly = quarters.mean(axis=1)
    interval = min(m.interval_minutes for m in meters)
    notes = tuple(
        Notice(
            "meter_readings_filled",
            {"file": m.path.name, "readings": m.filled_intervals, "gaps": m.filled_gaps},
        )
        for m in meters
        if m.filled_intervals
    )
    names = ", ".join(m.path.name for m in meters)
    peak_15 = float(quarters.max())
    description = (
        f"load: {len(meters)} meter file(s) ({names}), {interval}-minute readings, "
        f"{hourly.sum() / 1000:,.0f} MWh/yr, highest hourly demand {hourly.max():,.0f} kW"
        + (f", highest 15-minute demand {peak_15:,.0f} kW" if interval == 15 else "")
    )
    return LoadProfile(hourly, quarters.max(axis=1), interval, notes, description)


def solar_profile(factory: FactoryModel) -> SolarProfile:
    """First-year PV yield per kWp: from the weather file (checked against the site) or clear sky."""
    site, roof, pv, solar = factory.site, factory.roof, factory.pv, factory.solar
    weather, notes = None, ()
    if solar.weather_file is not None:
        offset_hours = standard_utc_offset(site.timezone, REFERENCE_YEAR).total_seconds() / 3600.0
        weather = read_weather_file(solar.weather_file, offset_hours, REFERENCE_YEAR)
        notes = _distance_notes(weather, site.latitude_deg, site.longitude_deg, solar.allow_distant_weather)
    # the clear-sky path needs the site's mean air temperature; a weather file brings its own
    clear_sky_weather = (
        {"air_temperature_c": solar.mean_air_temperature_c}
        if solar.mean_air_temperature_c is not None
        else {}
    )
    series = pv_yield_per_kwp(
        site.latitude_deg,
        site.longitude_deg,
        site.altitude_m,
        site.timezone,
        roof.tilt_deg,
        roof.azimuth_deg,
        weather=weather,
        annual_ghi_kwh_per_m2=solar.annual_ghi_kwh_per_m2,
        wind_speed_m_per_s=CLEAR_SKY_WIND_SPEED_M_PER_S,
        **clear_sky_weather,
        system_losses=pv.system_losses,
        temperature_coefficient_per_c=pv.temperature_coefficient_per_c,
        inverter_efficiency=pv.inverter_efficiency,
        reference_year=REFERENCE_YEAR,
    )
    annual = annual_yield_kwh_per_kwp(series)
    if weather is not None:
        source = f"weather file {weather.path.name} ({weather.file_format})"
    else:
        source = f"clear sky scaled to {solar.annual_ghi_kwh_per_m2:,.0f} kWh/m2/yr GHI"
    description = f"PV yield {annual:,.0f} kWh/kWp/yr in the first year, from {source}"
    return SolarProfile(np.asarray(series, dtype=float), notes, description)


def _distance_notes(
    weather: WeatherYear, latitude: float, longitude: float, allow_distant: bool
) -> tuple[Notice, ...]:
    """A warning for a weather file beyond 50 km; InputError beyond 500 km unless allowed."""
    km = distance_km(weather.latitude_deg, weather.longitude_deg, latitude, longitude)
    params = {
        "file": weather.path.name,
        "file_latitude": f"{weather.latitude_deg:.2f}",
        "file_longitude": f"{weather.longitude_deg:.2f}",
        "distance_km": round(km),
        "site_latitude": f"{latitude:.2f}",
        "site_longitude": f"{longitude:.2f}",
    }
    notice = Notice("weather_file_distant", params)
    if km > MAX_DISTANCE_KM and not allow_distant:
        raise InputError(
            weather.path,
            "location",
            f"{notice}; expected a file within {MAX_DISTANCE_KM:,.0f} km, or set "
            "solar.allow_distant_weather: true in the factory model",
        )
    return (notice,) if km > WARN_DISTANCE_KM else ()


def hourly_profiles(factory: FactoryModel) -> pd.DataFrame:
    """First-year hourly load [kW] and PV yield [kWh/kWp] of a factory, 8760 rows."""
    return profiles_frame(load_profile(factory), solar_profile(factory))


def profiles_frame(load: LoadProfile, solar: SolarProfile) -> pd.DataFrame:
    """The two hourly profiles as the 8760-row frame the time slices cluster."""
    index = pd.date_range(f"{REFERENCE_YEAR}-01-01", periods=8760, freq="h")
    return pd.DataFrame(
        {
            "load_kw": np.asarray(load.hourly_kw, dtype=float),
            "pv_yield_kwh_per_kwp": np.asarray(solar.yield_kwh_per_kwp, dtype=float),
        },
        index=index,
    )
