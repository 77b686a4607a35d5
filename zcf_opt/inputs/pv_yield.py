"""Hourly PV yield per kWp for one reference year, computed with pvlib.

The result is the AC energy a 1 kWp (DC, STC) array delivers in each hour of a
non-leap reference year, in local standard time of the site (no daylight
saving), with hour-beginning labels ``00:00 Jan 1`` .. ``23:00 Dec 31``.
Numerically it is also the average AC power over the hour per kWp [kW/kWp].

Two irradiance sources are supported:

* a weather file (EPW, or TMY3 ``.csv``) read with :mod:`pvlib.iotools`;
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

from zcf_opt.errors import InputError

__all__ = ["HOURS_PER_YEAR", "SERIES_NAME", "annual_yield_kwh_per_kwp", "pv_yield_per_kwp"]

HOURS_PER_YEAR = 8760
SERIES_NAME = "pv_yield_kwh_per_kwp"

#: Ground albedo used for the ground-reflected part of the transposition [-].
ALBEDO = 0.25
#: Clipping limit of the AC output per kWp DC [kW/kWp].
AC_LIMIT_KW_PER_KWP = 1.0

# Plausibility bounds for weather-file columns; values outside are missing-data
# sentinels (EPW uses 9999 for irradiance, 99.9 for temperature, 999 for wind).
_WEATHER_BOUNDS: dict[str, tuple[float, float, str]] = {
    "ghi": (0.0, 2000.0, "W/m2"),
    "dni": (0.0, 2000.0, "W/m2"),
    "dhi": (0.0, 2000.0, "W/m2"),
    "temp_air": (-90.0, 70.0, "degC"),
    "wind_speed": (0.0, 60.0, "m/s"),
}


def pv_yield_per_kwp(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    timezone: str,
    tilt_deg: float,
    azimuth_deg: float,
    *,
    weather_file: Path | None = None,
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
        Optional EPW (``.epw``) or TMY3 (``.csv``) file. Its rows are mapped
        onto the reference year by month, day and hour (typical-year files mix
        years); a Feb 29 in the file is dropped. Its timestamps are read as
        hour-ending local standard time of the file's own UTC offset (header);
        if that offset differs from the site's by whole hours the data are
        shifted (with wrap-around at the year end) into the site's standard
        time. The file's own coordinates are ignored: the site coordinates
        are used for the sun position. If given, ``annual_ghi_kwh_per_m2``,
        ``air_temperature_c`` and ``wind_speed_m_per_s`` are ignored - the
        weather file wins.
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
    Solar position is evaluated at mid-hour (HH:30 local standard time), i.e.
    30 min before the hour-ending weather-file timestamp. Beam irradiance is
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
    offset = _standard_utc_offset(timezone, reference_year)

    index = pd.date_range(f"{reference_year}-01-01", periods=HOURS_PER_YEAR, freq="h")
    times_mid = (index + pd.Timedelta(minutes=30)).tz_localize(dt.timezone(offset))
    # Times passed to pvlib are tz-aware (fixed standard offset); the Location's own
    # time zone is then only informative.
    import pvlib  # imported here, where it is used: it loads much of SciPy

    location = pvlib.location.Location(latitude_deg, longitude_deg, tz=str(timezone), altitude=altitude_m)

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        solpos = location.get_solarposition(times_mid)

        if weather_file is not None:
            weather = _read_weather_file(Path(weather_file), reference_year, offset)
            ghi = weather["ghi"].to_numpy(dtype=float)
            dni = weather["dni"].to_numpy(dtype=float)
            dhi = weather["dhi"].to_numpy(dtype=float)
            temp_air = weather["temp_air"].to_numpy(dtype=float)
            wind = weather["wind_speed"].to_numpy(dtype=float)
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


def _standard_utc_offset(timezone: str, year: int) -> dt.timedelta:
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


def _read_weather_file(path: Path, year: int, site_offset: dt.timedelta) -> pd.DataFrame:
    """Read an EPW or TMY3 file into 8760 hour-beginning rows of the reference year.

    Returns a DataFrame with columns ghi, dni, dhi [W/m2], temp_air [degC],
    wind_speed [m/s], in row order of the reference year in the site's local
    standard time.
    """
    import pvlib

    if not path.is_file():
        raise InputError(path, None, "weather file not found")
    suffix = path.suffix.lower()
    try:
        if suffix == ".epw":
            data, meta = pvlib.iotools.read_epw(path)
            month = pd.to_numeric(data["month"], errors="coerce").to_numpy()
            day = pd.to_numeric(data["day"], errors="coerce").to_numpy()
            hour_end = pd.to_numeric(data["hour"], errors="coerce").to_numpy()
            kind = "EPW"
        elif suffix == ".csv":
            data, meta = pvlib.iotools.read_tmy3(path, map_variables=True)
            dates = pd.to_datetime(data["Date (MM/DD/YYYY)"], format="%m/%d/%Y", errors="coerce")
            month = dates.dt.month.to_numpy()
            day = dates.dt.day.to_numpy()
            hour_end = pd.to_numeric(
                data["Time (HH:MM)"].astype(str).str.split(":").str[0], errors="coerce"
            ).to_numpy()
            kind = "TMY3"
        else:
            raise InputError(
                path,
                None,
                f"unknown weather file type '{path.suffix}': expected an EPW file "
                f"(.epw) or a TMY3 file (.csv)",
            )
    except InputError:
        raise
    except Exception as exc:  # any parser failure means a bad file
        kind = "an EPW" if suffix == ".epw" else "a TMY3"
        raise InputError(
            path, None, f"could not be read as {kind} weather file ({type(exc).__name__}: {exc})"
        ) from exc

    missing = [c for c in _WEATHER_BOUNDS if c not in data.columns]
    if missing:
        raise InputError(path, ", ".join(missing), f"{kind} file lacks the column(s) {missing}")

    try:
        file_tz_hours = float(meta["TZ"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(path, "TZ", "header lacks a numeric time zone (UTC offset in hours)") from exc

    # Map each row onto the reference year; data rows are numbered from 1.
    values = data[list(_WEATHER_BOUNDS)].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    month = np.asarray(month, dtype=float)
    day = np.asarray(day, dtype=float)
    hour_end = np.asarray(hour_end, dtype=float)
    bad_time = ~(
        np.isfinite(month) & np.isfinite(day) & np.isfinite(hour_end) & (hour_end >= 1) & (hour_end <= 24)
    )
    if bad_time.any():
        row = int(np.argmax(bad_time)) + 1
        raise InputError(
            path, "month/day/hour", f"data row {row}: expected a valid date and an hour-ending hour 1..24"
        )
    leap_day = (month == 2) & (day == 29)
    keep = ~leap_day
    month, day, hour_end = month[keep], day[keep], hour_end[keep]
    rows = np.flatnonzero(keep) + 1
    values = values[keep]
    try:
        stamps = pd.to_datetime(
            pd.DataFrame(
                {
                    "year": year,
                    "month": month.astype(int),
                    "day": day.astype(int),
                    "hour": hour_end.astype(int) - 1,
                }
            ),
            errors="coerce",
        )
    except (ValueError, OverflowError) as exc:
        raise InputError(path, "month/day/hour", f"invalid dates: {exc}") from exc
    if stamps.isna().any():
        row = int(rows[int(np.argmax(stamps.isna().to_numpy()))])
        raise InputError(path, "month/day/hour", f"data row {row}: invalid calendar date")
    position = ((stamps - pd.Timestamp(f"{year}-01-01")) // pd.Timedelta(hours=1)).to_numpy()
    counts = np.bincount(position.astype(int), minlength=HOURS_PER_YEAR)
    if len(position) != HOURS_PER_YEAR or (counts != 1).any():
        dup = np.flatnonzero(counts > 1)
        gap = np.flatnonzero(counts == 0)
        detail = ""
        if dup.size:
            detail = f"; first duplicated hour: {_hour_label(year, int(dup[0]))}"
        elif gap.size:
            detail = f"; first missing hour: {_hour_label(year, int(gap[0]))}"
        raise InputError(
            path,
            "month/day/hour",
            f"expected one row for each of the 8760 hours of a year (Feb 29 "
            f"dropped), found {len(position)} rows{detail}",
        )

    for j, (column, (low, high, unit)) in enumerate(_WEATHER_BOUNDS.items()):
        col = values[:, j]
        bad = ~(np.isfinite(col) & (col >= low) & (col <= high))
        if bad.any():
            k = int(np.argmax(bad))
            raise InputError(
                path,
                column,
                f"data row {int(rows[k])}: value {col[k]:g} is missing or outside "
                f"the plausible range {low:g}..{high:g} [{unit}]",
            )

    ordered = np.empty_like(values)
    ordered[position.astype(int)] = values

    shift_hours = site_offset.total_seconds() / 3600.0 - file_tz_hours
    if abs(shift_hours - round(shift_hours)) > 1e-9:
        raise InputError(
            path,
            "TZ",
            f"the file's UTC offset {file_tz_hours:g} h differs from the site's "
            f"standard offset by a non-whole number of hours",
        )
    shift = round(shift_hours)
    if shift != 0:
        ordered = np.roll(ordered, shift, axis=0)
    return pd.DataFrame(ordered, columns=list(_WEATHER_BOUNDS))


def _hour_label(year: int, position: int) -> str:
    """Human-readable month/day/hour of an hour-of-year position."""
    stamp = pd.Timestamp(f"{year}-01-01") + pd.Timedelta(hours=position)
    return f"{stamp:%m-%d} hour ending {stamp.hour + 1}"
