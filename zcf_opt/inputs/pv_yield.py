"""Hourly PV yield per kWp for one reference year, computed with pvlib.

The result is the AC energy a 1 kWp (DC, STC) array delivers in each hour of a
non-leap reference year, in local standard time of the site (no daylight
saving), with hour-beginning labels ``00:00 Jan 1`` .. ``23:00 Dec 31``.
Numerically it is also the average AC power over the hour per kWp [kW/kWp].

Two irradiance sources are supported:

* a typical-year weather file (EPW, TMY3, TMY2, PVGIS TMY), read by
  :mod:`zcf_opt.inputs.weather` with :mod:`pvlib.iotools`;
* no weather file: Ineichen clear-sky irradiance (pvlib's shipped Linke
  turbidity climatology, works offline) scaled to a given annual global
  horizontal irradiation, then split into beam and diffuse with Erbs.

The chain after that is deliberately simple (PVWatts-like): Hay-Davies
transposition, SAPM cell temperature (open rack, glass/polymer), PVWatts DC
model, a lumped system loss, a constant inverter efficiency and clipping at
1 kW AC per kWp DC.
"""

from __future__ import annotations

import calendar
import datetime as dt
import warnings
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pvlib

from zcf_opt.errors import InputError
from zcf_opt.inputs.weather import WeatherYear, read_weather_file

__all__ = [
    "HOURS_PER_YEAR",
    "SERIES_NAME",
    "annual_yield_kwh_per_kwp",
    "pv_yield_per_kwp",
    "standard_utc_offset",
]

HOURS_PER_YEAR = 8760
SERIES_NAME = "pv_yield_kwh_per_kwp"

#: Ground albedo used for the ground-reflected part of the transposition [-].
ALBEDO = 0.25
#: Clipping limit of the AC output per kWp DC [kW/kWp].
AC_LIMIT_KW_PER_KWP = 1.0


def pv_yield_per_kwp(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    timezone: str,
    tilt_deg: float,
    azimuth_deg: float,
    *,
    weather_file: Path | None = None,
    weather: WeatherYear | None = None,
    annual_ghi_kwh_per_m2: float | None = None,
    air_temperature_c: float = 16.0,
    wind_speed_m_per_s: float = 1.0,
    system_losses: float = 0.14,
    temperature_coefficient_per_c: float = -0.0037,
    inverter_efficiency: float = 0.96,
    reference_year: int = 2023,
) -> pd.Series:
    """Hourly AC yield of 1 kWp of PV for one reference year.

    Parameters
    ----------
    latitude_deg
        Site latitude, north positive [deg].
    longitude_deg
        Site longitude, east positive [deg].
    altitude_m
        Site altitude above sea level [m].
    timezone
        IANA time zone of the site, e.g. ``"Asia/Shanghai"``. Only its
        *standard* UTC offset is used (daylight saving is ignored).
    tilt_deg
        Module tilt from horizontal [deg], 0..90.
    azimuth_deg
        Module azimuth, pvlib convention: 0 = north, 90 = east, 180 = south,
        270 = west [deg].
    weather_file
        Optional typical-year weather file (EPW, TMY3, TMY2 or PVGIS TMY), read
        with :func:`zcf_opt.inputs.weather.read_weather_file` onto the reference
        year in the site's standard time (see that module for each format's
        time convention). The file's own coordinates are not used for the sun
        position: the site's are. If given, ``annual_ghi_kwh_per_m2``,
        ``air_temperature_c`` and ``wind_speed_m_per_s`` are ignored - the
        weather file wins.
    weather
        The same, already read (takes the place of ``weather_file``).
    annual_ghi_kwh_per_m2
        Annual global horizontal irradiation [kWh/m2/yr]; required when no
        weather file is given. The clear-sky GHI is scaled to this total.
    air_temperature_c
        Constant ambient air temperature used without a weather file [degC].
    wind_speed_m_per_s
        Constant wind speed used without a weather file [m/s].
    system_losses
        Lumped DC-side losses (soiling, mismatch, wiring, availability, ...)
        as a fraction [-], 0 <= x < 1.
    temperature_coefficient_per_c
        Temperature coefficient of module power [1/degC], e.g. -0.0037.
    inverter_efficiency
        Constant inverter efficiency [-], 0 < x <= 1.
    reference_year
        Non-leap calendar year used for the timestamps and the sun position.

    Returns
    -------
    pandas.Series
        8760 values [kWh/kWp] (= average kW per kWp over the hour), >= 0,
        named ``pv_yield_kwh_per_kwp``, indexed by a naive hourly
        DatetimeIndex (hour-beginning, local standard time) of
        ``reference_year``.

    Raises
    ------
    InputError
        For a missing or unreadable weather file, a file whose rows do not
        cover each hour of the year exactly once, implausible or missing
        values in it, a missing ``annual_ghi_kwh_per_m2`` without weather
        file, or parameters out of range.

    Notes
    -----
    Solar position is evaluated at mid-hour (HH:30 local standard time) of
    each hour-beginning label. Beam irradiance is
    set to 0 when the sun is below the horizon at mid-hour. Angle-of-incidence
    and spectral losses are not modelled separately (they are part of
    ``system_losses``).
    """
    _check_range(latitude_deg, "latitude_deg", -90.0, 90.0, "deg")
    _check_range(longitude_deg, "longitude_deg", -180.0, 180.0, "deg")
    _check_range(altitude_m, "altitude_m", -500.0, 9000.0, "m")
    _check_range(tilt_deg, "tilt_deg", 0.0, 90.0, "deg")
    _check_range(azimuth_deg, "azimuth_deg", 0.0, 360.0, "deg")
    _check_range(system_losses, "system_losses", 0.0, 0.99, "-")
    _check_range(temperature_coefficient_per_c, "temperature_coefficient_per_c", -0.02, 0.0, "1/degC")
    _check_range(inverter_efficiency, "inverter_efficiency", 0.01, 1.0, "-")
    if (
        isinstance(reference_year, bool)
        or not isinstance(reference_year, (int, np.integer))
        or not 1900 <= reference_year <= 2100
        or calendar.isleap(int(reference_year))
    ):
        raise InputError(
            None, "reference_year", f"expected a non-leap year between 1900 and 2100, got {reference_year!r}"
        )
    reference_year = int(reference_year)
    offset = standard_utc_offset(timezone, reference_year)

    index = pd.date_range(f"{reference_year}-01-01", periods=HOURS_PER_YEAR, freq="h")
    times_mid = (index + pd.Timedelta(minutes=30)).tz_localize(dt.timezone(offset))
    # Times passed to pvlib are tz-aware (fixed standard offset); the Location's own
    # time zone is then only informative.
    location = pvlib.location.Location(latitude_deg, longitude_deg, tz=str(timezone), altitude=altitude_m)

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        solpos = location.get_solarposition(times_mid)

        if weather is None and weather_file is not None:
            weather = read_weather_file(Path(weather_file), offset.total_seconds() / 3600.0, reference_year)
        if weather is not None:
            hourly = weather.hourly
            ghi = hourly["ghi"].to_numpy(dtype=float)
            dni = hourly["dni"].to_numpy(dtype=float)
            dhi = hourly["dhi"].to_numpy(dtype=float)
            temp_air = hourly["temp_air"].to_numpy(dtype=float)
            wind = hourly["wind_speed"].to_numpy(dtype=float)
        else:
            if annual_ghi_kwh_per_m2 is None:
                raise InputError(
                    None,
                    "annual_ghi_kwh_per_m2",
                    "an annual global horizontal irradiation [kWh/m2/yr] is required when no "
                    "weather file is given",
                )
            _check_range(annual_ghi_kwh_per_m2, "annual_ghi_kwh_per_m2", 1.0, 3000.0, "kWh/m2/yr")
            _check_range(air_temperature_c, "air_temperature_c", -60.0, 60.0, "degC")
            _check_range(wind_speed_m_per_s, "wind_speed_m_per_s", 0.0, 60.0, "m/s")
            clearsky = location.get_clearsky(times_mid, model="ineichen", solar_position=solpos)
            ghi_cs = clearsky["ghi"].to_numpy(dtype=float)
            ghi_cs = np.where(np.isfinite(ghi_cs) & (ghi_cs > 0.0), ghi_cs, 0.0)
            total_kwh = ghi_cs.sum() / 1000.0
            if total_kwh <= 0.0:
                raise InputError(None, "latitude_deg", "the clear-sky model gives no sunshine at this site")
            ghi = ghi_cs * (float(annual_ghi_kwh_per_m2) / total_kwh)
            split = pvlib.irradiance.erbs(ghi, solpos["zenith"].to_numpy(), times_mid)
            dni = np.nan_to_num(np.asarray(split["dni"], dtype=float))
            dhi = np.nan_to_num(np.asarray(split["dhi"], dtype=float))
            temp_air = np.full(HOURS_PER_YEAR, float(air_temperature_c))
            wind = np.full(HOURS_PER_YEAR, float(wind_speed_m_per_s))

        apparent_zenith = solpos["apparent_zenith"].to_numpy(dtype=float)
        dni = np.where(apparent_zenith < 90.0, dni, 0.0)
        dni_extra = np.asarray(pvlib.irradiance.get_extra_radiation(times_mid), dtype=float)
        poa = pvlib.irradiance.get_total_irradiance(
            surface_tilt=float(tilt_deg),
            surface_azimuth=float(azimuth_deg),
            solar_zenith=apparent_zenith,
            solar_azimuth=solpos["azimuth"].to_numpy(dtype=float),
            dni=dni,
            ghi=ghi,
            dhi=dhi,
            dni_extra=dni_extra,
            albedo=ALBEDO,
            model="haydavies",
        )
        poa_global = np.nan_to_num(np.asarray(poa["poa_global"], dtype=float))
        poa_global = np.clip(poa_global, 0.0, None)

        params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
        temp_cell = pvlib.temperature.sapm_cell(poa_global, temp_air, wind, **params)
        dc = pvlib.pvsystem.pvwatts_dc(
            poa_global, temp_cell, pdc0=1.0, gamma_pdc=float(temperature_coefficient_per_c)
        )
        dc = np.asarray(dc, dtype=float) * (1.0 - float(system_losses))
        ac = np.clip(dc * float(inverter_efficiency), 0.0, AC_LIMIT_KW_PER_KWP)
        ac = np.nan_to_num(ac, nan=0.0, posinf=0.0, neginf=0.0)

    return pd.Series(ac, index=index, name=SERIES_NAME)


def annual_yield_kwh_per_kwp(series: pd.Series | np.ndarray) -> float:
    """Annual specific yield of an hourly yield series.

    Parameters
    ----------
    series
        Hourly yield [kWh/kWp], e.g. from :func:`pv_yield_per_kwp`.

    Returns
    -------
    float
        Sum over the year [kWh/kWp/yr].
    """
    return float(np.nansum(np.asarray(series, dtype=float)))


# --------------------------------------------------------------------------- helpers


def _check_range(value: object, field: str, low: float, high: float, unit: str) -> None:
    """Raise InputError unless ``value`` is a finite number in ``[low, high]``."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if ok:
        ok = bool(np.isfinite(float(value)) and low <= float(value) <= high)
    if not ok:
        raise InputError(
            None, field, f"expected a number between {low:g} and {high:g} [{unit}], got {value!r}"
        )


def standard_utc_offset(timezone: str, year: int) -> dt.timedelta:
    """Standard (non-DST) UTC offset of an IANA time zone in ``year``."""
    try:
        tz = ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InputError(
            None, "timezone", f"expected an IANA time zone name such as 'Asia/Shanghai', got {timezone!r}"
        ) from exc
    # Mid-January and mid-July: one of them is standard time in either hemisphere.
    for month in (1, 7):
        moment = dt.datetime(year, month, 15, 12, tzinfo=tz)
        utc = moment.utcoffset()
        dst = moment.dst()
        if utc is not None and (dst is None or dst == dt.timedelta(0)):
            return utc
    moment = dt.datetime(year, 1, 15, 12, tzinfo=tz)
    return (moment.utcoffset() or dt.timedelta(0)) - (moment.dst() or dt.timedelta(0))
