"""First-year hourly profiles of a factory: electricity load [kW] and PV yield [kWh/kWp].

Both come as 8760 hourly values of one non-leap reference year, in local standard time with
hour-beginning labels; :mod:`zcf_opt.inputs.slices` turns them into typical days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcf_opt.inputs.load import load_profile_from_csv, shift_pattern_profile
from zcf_opt.inputs.pv_yield import pv_yield_per_kwp
from zcf_opt.schema import FactoryModel

#: a non-leap calendar for the weekdays and hours of the 8760 profiles
REFERENCE_YEAR = 2023

#: wind speed for the cell-temperature model without a weather file [m/s]
CLEAR_SKY_WIND_SPEED_M_PER_S = 1.0


def load_kw(factory: FactoryModel) -> np.ndarray:
    """First-year hourly electricity load [kW] (= kWh in each hour), 8760 values."""
    load = factory.electricity_load
    if load.profile_csv is not None:
        return load_profile_from_csv(load.profile_csv)
    return shift_pattern_profile(load.annual_mwh, load.shift_pattern, REFERENCE_YEAR)


def pv_yield_kwh_per_kwp(factory: FactoryModel) -> np.ndarray:
    """AC energy per kWp of DC capacity in each hour [kWh/kWp], 8760 values."""
    site, roof, pv = factory.site, factory.roof, factory.pv
    # the clear-sky path needs the site's mean air temperature; a weather file brings its own
    clear_sky_weather = (
        {"air_temperature_c": factory.solar.mean_air_temperature_c}
        if factory.solar.mean_air_temperature_c is not None
        else {}
    )
    return pv_yield_per_kwp(
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


def hourly_profiles(factory: FactoryModel) -> pd.DataFrame:
    """First-year hourly load [kW] and PV yield [kWh/kWp] of a factory, 8760 rows."""
    index = pd.date_range(f"{REFERENCE_YEAR}-01-01", periods=8760, freq="h")
    return pd.DataFrame(
        {
            "load_kw": np.asarray(load_kw(factory), dtype=float),
            "pv_yield_kwh_per_kwp": np.asarray(pv_yield_kwh_per_kwp(factory), dtype=float),
        },
        index=index,
    )
