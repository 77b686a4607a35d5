"""Typical-year weather files: EPW, TMY3, TMY2 and PVGIS TMY (csv, json), read with pvlib.

Every format is mapped onto the 8760 hours of a non-leap reference year in the *site's* local
standard time, hour-beginning labels (row 0 = 00:00-01:00 on 1 January):

| format | recognised by | timestamps |
|---|---|---|
| EPW | first line ``LOCATION,`` | hour *ending* 1..24, local standard time of the header's ``TZ`` |
| TMY3 | second line ``Date (MM/DD/YYYY),Time (HH:MM),...`` | hour ending 01:00..24:00, header ``TZ`` |
| TMY2 | fixed-width header ``WBAN CITY ST TZ N lat W lon elev`` | hour ending 1..24, header ``TZ`` |
| PVGIS TMY csv | first line ``Latitude (decimal degrees):`` | UTC, hour *beginning* (``20070101:0000``) |
| PVGIS TMY json | a JSON object with ``outputs.tmy_hourly`` | UTC, hour beginning |

A row's hour is first taken to the file's own clock (hour beginning), then shifted by the
whole-hour difference between the site's standard UTC offset and the file's (PVGIS: 0), with
wrap-around at the year end. Typical-year files mix months of different years, so rows are
placed by month, day and hour; a 29 February in the file is dropped. PVGIS values at ``HH:00``
are taken as the hour HH:00-HH+1:00 (its ERA5 irradiance, the database PVGIS uses for China,
is the hourly mean centred on HH:30; a SARAH value, sampled at about HH:10, is taken as the
hour's mean).

The file's coordinates are compared with the site's: beyond :data:`WARN_DISTANCE_KM` a warning,
beyond :data:`MAX_DISTANCE_KM` an error unless the factory model allows a distant file.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from zcf_opt.errors import InputError

__all__ = [
    "MAX_DISTANCE_KM",
    "WARN_DISTANCE_KM",
    "WeatherYear",
    "distance_km",
    "read_weather_file",
]

HOURS_PER_YEAR = 8760
#: distance between site and weather file beyond which a run warns [km]
WARN_DISTANCE_KM = 50.0
#: distance beyond which a weather file is refused unless allowed explicitly [km]
MAX_DISTANCE_KM = 500.0
#: no typical-year file is larger than this (an EPW is about 1.6 MB, a PVGIS json about 2 MB) [byte]
MAX_FILE_BYTES = 20 * 1024 * 1024
#: mean Earth radius for the great-circle distance [km]
EARTH_RADIUS_KM = 6371.0

# Plausibility bounds for weather columns; values outside are missing-data sentinels
# (EPW uses 9999 for irradiance, 99.9 for temperature, 999 for wind).
BOUNDS: dict[str, tuple[float, float, str]] = {
    "ghi": (0.0, 2000.0, "W/m2"),
    "dni": (0.0, 2000.0, "W/m2"),
    "dhi": (0.0, 2000.0, "W/m2"),
    "temp_air": (-90.0, 70.0, "degC"),
    "wind_speed": (0.0, 60.0, "m/s"),
}

#: TMY2 first line: WBAN, city, state, time zone, N/S degrees minutes, E/W degrees minutes, elevation
_TMY2_HEADER = re.compile(
    r"^\s*\d{4,6}\s+.*\s-?\d{1,2}\s+[NS]\s+\d{1,2}\s+\d{1,2}\s+[EW]\s+\d{1,3}\s+\d{1,2}"
)


@dataclass(frozen=True)
class WeatherYear:
    """A weather file on the reference year's hours.

    Attributes
    ----------
    path
        The file.
    file_format
        ``"EPW"``, ``"TMY3"``, ``"TMY2"``, ``"PVGIS TMY csv"`` or ``"PVGIS TMY json"``.
    latitude_deg, longitude_deg
        Coordinates the file states [deg].
    hourly
        8760 rows (hour-beginning, site local standard time) with columns ``ghi``, ``dni``,
        ``dhi`` [W/m2], ``temp_air`` [degC], ``wind_speed`` [m/s].
    """

    path: Path
    file_format: str
    latitude_deg: float
    longitude_deg: float
    hourly: pd.DataFrame


@dataclass(frozen=True)
class _Rows:
    """What a format reader gives: per row the file-clock date and hour beginning, and values."""

    month: np.ndarray
    day: np.ndarray
    hour: np.ndarray  # hour beginning 0..23 in the file's clock
    values: pd.DataFrame  # columns of BOUNDS, in [W/m2], [degC], [m/s]
    utc_offset_hours: float
    latitude_deg: float
    longitude_deg: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points [km]."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def read_weather_file(path: Path, site_utc_offset_hours: float, reference_year: int = 2023) -> WeatherYear:
    """Read a typical-year weather file onto the reference year in the site's standard time.

    Parameters
    ----------
    path
        EPW, TMY3, TMY2 or PVGIS TMY (csv or json) file; the format is recognised from the
        content, not the name.
    site_utc_offset_hours
        The site's standard UTC offset [h], e.g. 8 for China.
    reference_year
        Non-leap year whose calendar the rows are placed on.

    Raises
    ------
    InputError
        Naming the file and the column or row: not a file, empty, binary, an unknown format,
        a parser failure, rows that do not cover each hour once, implausible values, or a
        UTC offset that differs from the site's by a fraction of an hour.
    """
    path = Path(path)
    file_format, reader = _sniff(path)
    try:
        rows = reader(path)
    except InputError:
        raise
    except Exception as exc:  # any parser failure means a bad file
        raise InputError(
            path, None, f"could not be read as a {file_format} weather file ({_one_line(exc)})"
        ) from exc
    ordered = _on_reference_hours(path, rows, reference_year)
    shift = site_utc_offset_hours - rows.utc_offset_hours
    if abs(shift - round(shift)) > 1e-9:
        raise InputError(
            path,
            "time zone",
            f"the file's UTC offset {rows.utc_offset_hours:g} h differs from the site's standard "
            f"offset {site_utc_offset_hours:g} h by a fraction of an hour; expected whole hours",
        )
    if round(shift):
        ordered = np.roll(ordered, round(shift), axis=0)
    return WeatherYear(
        path=path,
        file_format=file_format,
        latitude_deg=rows.latitude_deg,
        longitude_deg=rows.longitude_deg,
        hourly=pd.DataFrame(ordered, columns=list(BOUNDS)),
    )


# --------------------------------------------------------------------------- formats


def _sniff(path: Path) -> tuple[str, Callable[[Path], _Rows]]:
    """The file's format and its reader, from its first bytes; InputError when none fits."""
    if path.is_dir():
        raise InputError(path, None, "is a folder; expected a weather file (EPW, TMY3, TMY2 or PVGIS TMY)")
    if not path.is_file():
        raise InputError(path, None, "weather file not found")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, None, "the file is empty; expected a typical-year weather file")
    if size > MAX_FILE_BYTES:
        raise InputError(
            path,
            None,
            f"is {size / 2**20:,.0f} MB, larger than any typical-year weather file "
            f"({MAX_FILE_BYTES / 2**20:.0f} MB); expected EPW, TMY3, TMY2 or PVGIS TMY",
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"\x00" in head:
        raise InputError(path, None, "is a binary file; expected a weather file (EPW, TMY3, TMY2, PVGIS TMY)")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    first = lines[0].strip() if lines else ""
    second = lines[1].strip() if len(lines) > 1 else ""
    if first.upper().startswith("LOCATION,"):
        return "EPW", _read_epw
    if second.startswith("Date (MM/DD/YYYY)"):
        return "TMY3", _read_tmy3
    if first.startswith("Latitude (decimal degrees)"):
        return "PVGIS TMY csv", _read_pvgis_csv
    if first.startswith("{"):
        return "PVGIS TMY json", _read_pvgis_json
    if _TMY2_HEADER.match(first):
        return "TMY2", _read_tmy2
    shown = first[:60] + ("..." if len(first) > 60 else "")
    raise InputError(
        path,
        None,
        f"not a weather file of a known format (first line '{shown}'); expected EPW (first line "
        "'LOCATION,...'), TMY3, TMY2, or a PVGIS TMY export (csv or json)",
    )


def _read_epw(path: Path) -> _Rows:
    import pvlib

    text = path.read_bytes().decode(_encoding(path))
    data, meta = pvlib.iotools.read_epw(io.StringIO(text))
    return _Rows(
        month=_numbers(data["month"]),
        day=_numbers(data["day"]),
        hour=_numbers(data["hour"]) - 1.0,
        values=data[list(BOUNDS)],
        utc_offset_hours=_header_number(path, meta, "TZ"),
        latitude_deg=_header_number(path, meta, "latitude"),
        longitude_deg=_header_number(path, meta, "longitude"),
    )


def _read_tmy3(path: Path) -> _Rows:
    import pvlib

    data, meta = pvlib.iotools.read_tmy3(path, map_variables=True, encoding=_encoding(path))
    dates = pd.to_datetime(data["Date (MM/DD/YYYY)"], format="%m/%d/%Y", errors="coerce")
    hour_end = _numbers(data["Time (HH:MM)"].astype(str).str.split(":").str[0])
    return _Rows(
        month=dates.dt.month.to_numpy(dtype=float),
        day=dates.dt.day.to_numpy(dtype=float),
        hour=hour_end - 1.0,
        values=_columns(path, data, {name: name for name in BOUNDS}),
        utc_offset_hours=_header_number(path, meta, "TZ"),
        latitude_deg=_header_number(path, meta, "latitude"),
        longitude_deg=_header_number(path, meta, "longitude"),
    )


def _read_tmy2(path: Path) -> _Rows:
    import pvlib

    data, meta = pvlib.iotools.read_tmy2(path)
    values = _columns(
        path, data, {"ghi": "GHI", "dni": "DNI", "dhi": "DHI", "temp_air": "DryBulb", "wind_speed": "Wspd"}
    )
    # TMY2 stores temperature in 0.1 degC and wind speed in 0.1 m/s
    values["temp_air"] = values["temp_air"] / 10.0
    values["wind_speed"] = values["wind_speed"] / 10.0
    return _Rows(
        month=_numbers(data["month"]),
        day=_numbers(data["day"]),
        hour=_numbers(data["hour"]) - 1.0,
        values=values,
        utc_offset_hours=_header_number(path, meta, "TZ"),
        latitude_deg=_header_number(path, meta, "latitude"),
        longitude_deg=_header_number(path, meta, "longitude"),
    )


def _read_pvgis_csv(path: Path) -> _Rows:
    import pvlib

    data, meta = pvlib.iotools.read_pvgis_tmy(path, pvgis_format="csv", map_variables=True)
    inputs = meta.get("inputs", {})
    return _pvgis_rows(path, data, inputs.get("latitude"), inputs.get("longitude"))


def _read_pvgis_json(path: Path) -> _Rows:
    import pvlib

    try:
        with path.open(encoding="utf-8") as handle:
            content = json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"not valid JSON: {_one_line(exc)}") from exc
    if not isinstance(content, dict) or "tmy_hourly" not in (content.get("outputs") or {}):
        raise InputError(
            path, "outputs.tmy_hourly", "a JSON file without 'outputs.tmy_hourly': not a PVGIS TMY export"
        )
    data, meta = pvlib.iotools.read_pvgis_tmy(path, pvgis_format="json", map_variables=True)
    location = (meta.get("inputs") or {}).get("location") or {}
    return _pvgis_rows(path, data, location.get("latitude"), location.get("longitude"))


def _pvgis_rows(path: Path, data: pd.DataFrame, latitude: object, longitude: object) -> _Rows:
    index = pd.DatetimeIndex(data.index)
    return _Rows(
        month=index.month.to_numpy(dtype=float),
        day=index.day.to_numpy(dtype=float),
        hour=index.hour.to_numpy(dtype=float),
        values=_columns(path, data, {name: name for name in BOUNDS}),
        utc_offset_hours=0.0,
        latitude_deg=_header_number(path, {"latitude": latitude}, "latitude"),
        longitude_deg=_header_number(path, {"longitude": longitude}, "longitude"),
    )


# --------------------------------------------------------------------------- helpers


def _encoding(path: Path) -> str:
    """UTF-8, or GB 18030 for a file that is not UTF-8 (Chinese station names in the header)."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _numbers(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _header_number(path: Path, meta: dict, key: str) -> float:
    try:
        value = float(meta[key])
    except (KeyError, TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise InputError(path, key, f"the header has no numeric '{key}'")
    return value


def _columns(path: Path, data: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    missing = [source for source in names.values() if source not in data.columns]
    if missing:
        raise InputError(path, ", ".join(missing), f"the file lacks the column(s) {missing}")
    return pd.DataFrame({ours: data[source].to_numpy() for ours, source in names.items()})


def _on_reference_hours(path: Path, rows: _Rows, year: int) -> np.ndarray:
    """Values in reference-year order (file clock, hour beginning), checked; shape (8760, 5)."""
    month, day, hour = rows.month, rows.day, rows.hour
    bad_time = ~(np.isfinite(month) & np.isfinite(day) & np.isfinite(hour) & (hour >= 0) & (hour <= 23))
    if bad_time.any():
        row = int(np.argmax(bad_time)) + 1
        raise InputError(path, "month/day/hour", f"data row {row}: expected a valid date and hour")
    values = rows.values.apply(pd.to_numeric, errors="coerce").to_numpy(float)
    keep = ~((month == 2) & (day == 29))
    data_rows = np.flatnonzero(keep) + 1
    month, day, hour, values = month[keep], day[keep], hour[keep], values[keep]
    parts = {"year": year, "month": month.astype(int), "day": day.astype(int), "hour": hour.astype(int)}
    stamps = pd.to_datetime(pd.DataFrame(parts), errors="coerce")
    if stamps.isna().any():
        row = int(data_rows[int(np.argmax(stamps.isna().to_numpy()))])
        raise InputError(path, "month/day/hour", f"data row {row}: invalid calendar date")
    position = ((stamps - pd.Timestamp(f"{year}-01-01")) // pd.Timedelta(hours=1)).to_numpy().astype(int)
    counts = np.bincount(position, minlength=HOURS_PER_YEAR)
    if len(position) != HOURS_PER_YEAR or (counts != 1).any():
        duplicated, missing = np.flatnonzero(counts > 1), np.flatnonzero(counts == 0)
        detail = ""
        if duplicated.size:
            detail = f"; {duplicated.size} hours appear twice, first {_hour_label(year, int(duplicated[0]))}"
        elif missing.size:
            detail = f"; {missing.size} hours missing, first {_hour_label(year, int(missing[0]))}"
        raise InputError(
            path,
            "month/day/hour",
            f"found {len(position)} rows{detail}; expected one row for each of the 8760 hours "
            "of a year (29 February dropped)",
        )
    for j, (column, (low, high, unit)) in enumerate(BOUNDS.items()):
        col = values[:, j]
        bad = ~(np.isfinite(col) & (col >= low) & (col <= high))
        if bad.any():
            k = int(np.argmax(bad))
            raise InputError(
                path,
                column,
                f"data row {int(data_rows[k])}: value {col[k]:g} is missing or outside the plausible "
                f"range {low:g}..{high:g} [{unit}] ({int(bad.sum())} such rows)",
            )
    ordered = np.empty_like(values)
    ordered[position] = values
    return ordered


def _hour_label(year: int, position: int) -> str:
    stamp = pd.Timestamp(f"{year}-01-01") + pd.Timedelta(hours=position)
    return f"{stamp:%m-%d %H}:00"
