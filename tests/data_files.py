"""Writers of small, valid data files for tests: meter CSVs, weather files, factory models.

Weather rows are ``(month, day, hour_end, ghi, dni, dhi)`` in the file's own clock; the writers
put them in each format's convention (EPW/TMY3/TMY2: hour-ending local standard time; PVGIS:
hour-beginning UTC).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pvlib
import yaml

SUZHOU = {"latitude_deg": 31.3, "longitude_deg": 120.6}
PVLIB_DATA = Path(pvlib.__file__).parent / "data"

WeatherRows = list[tuple[int, int, int, float, float, float]]

# --------------------------------------------------------------------------- weather rows


def overcast_rows(scale: float = 1.0, n_rows: int = 8760) -> WeatherRows:
    """Overcast sky (ghi = dhi, dni = 0): 200 W/m2 x scale in hour-ending 9..16, else 0."""
    rows = []
    for stamp in pd.date_range("2023-01-01", periods=n_rows, freq="h"):
        hour_end = stamp.hour + 1
        ghi = 200.0 * scale if 9 <= hour_end <= 16 else 0.0
        rows.append((stamp.month, stamp.day, hour_end, ghi, 0.0, ghi))
    return rows


def clear_sky_rows(latitude: float, longitude: float, utc_offset_hours: float) -> WeatherRows:
    """Clear-sky irradiance of each hour of a year in a clock of the given UTC offset.

    Row k covers the hour starting at 00:00 on 1 January + k hours in that clock; its values
    are pvlib's Ineichen clear sky at the middle of the hour.
    """
    tz = dt.timezone(dt.timedelta(hours=utc_offset_hours))
    starts = pd.date_range("2023-01-01", periods=8760, freq="h", tz=tz)
    location = pvlib.location.Location(latitude, longitude)
    sky = location.get_clearsky(starts + pd.Timedelta(minutes=30), model="ineichen")
    return [
        (s.month, s.day, s.hour + 1, round(g, 3), round(b, 3), round(d, 3))
        for s, g, b, d in zip(starts, sky["ghi"], sky["dni"], sky["dhi"], strict=True)
    ]


# --------------------------------------------------------------------------- weather formats


def write_epw(
    path: Path,
    rows: WeatherRows | None = None,
    tz: float = 8.0,
    latitude: float = 31.30,
    longitude: float = 120.60,
    bad_row: int | None = None,
) -> Path:
    """A format-valid EPW file (8 header lines + data rows, hour-ending local standard time)."""
    rows = overcast_rows() if rows is None else rows
    lines = [
        f"LOCATION,Test,JS,CHN,Synthetic,583580,{latitude:.2f},{longitude:.2f},{tz:.1f},5.0",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,synthetic test file",
        "COMMENTS 2,",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    for i, (month, day, hour_end, ghi, dni, dhi) in enumerate(rows):
        g = 9999.0 if bad_row is not None and i + 1 == bad_row else ghi
        fields = [1999, month, day, hour_end, 60, "?9?9?9?9E0?9?9?9", 20.0, 10.0, 50, 101325, 0, 0, 300]
        fields += [g, dni, dhi, 0, 0, 0, 0, 180, 1.0, 10, 10, 20.0, 77777, 9, 999999999, 10, 0.1]
        fields += [0, 88, 0.2, 0, 1]
        lines.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(lines) + "\n")
    return path


def write_tmy3(
    path: Path,
    rows: WeatherRows | None = None,
    tz: float = 8.0,
    latitude: float = 31.3,
    longitude: float = 120.6,
) -> Path:
    """A minimal TMY3 CSV (metadata line, header, 8760 rows, hour ending 01:00..24:00)."""
    rows = overcast_rows() if rows is None else rows
    lines = [
        f"583580,'TEST',JS,{tz:.1f},{latitude:.2f},{longitude:.2f},5",
        "Date (MM/DD/YYYY),Time (HH:MM),GHI (W/m^2),DNI (W/m^2),DHI (W/m^2),Dry-bulb (C),Wspd (m/s)",
    ]
    for month, day, hour_end, ghi, dni, dhi in rows:
        lines.append(f"{month:02d}/{day:02d}/1999,{hour_end:02d}:00,{ghi},{dni},{dhi},20.0,1.0")
    path.write_text("\n".join(lines) + "\n")
    return path


def _pvgis_stamp(month: int, day: int, hour_end: int) -> str:
    return f"2010{month:02d}{day:02d}:{hour_end - 1:02d}00"


def write_pvgis_csv(path: Path, rows: WeatherRows, latitude: float = 31.3, longitude: float = 120.6) -> Path:
    """A PVGIS TMY csv export: header lines, months, 8760 hour-beginning UTC rows, footer."""
    lines = [
        f"Latitude (decimal degrees): {latitude:.3f}",
        f"Longitude (decimal degrees): {longitude:.3f}",
        "Elevation (m): 5.0",
        "month,year",
        *[f"{m},2010" for m in range(1, 13)],
        "time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP",
    ]
    for month, day, hour_end, ghi, dni, dhi in rows:
        lines.append(
            f"{_pvgis_stamp(month, day, hour_end)},20.0,70.0,{ghi},{dni},{dhi},300.0,1.0,180.0,101325.0"
        )
    lines += ["T2m: 2-m air temperature (degree Celsius)", "PVGIS (c) European Union, 2001-2024"]
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def write_pvgis_json(path: Path, rows: WeatherRows, latitude: float = 31.3, longitude: float = 120.6) -> Path:
    """A PVGIS TMY json export with ``outputs.tmy_hourly`` in hour-beginning UTC."""
    hourly = [
        {
            "time(UTC)": _pvgis_stamp(month, day, hour_end),
            "T2m": 20.0,
            "RH": 70.0,
            "G(h)": ghi,
            "Gb(n)": dni,
            "Gd(h)": dhi,
            "IR(h)": 300.0,
            "WS10m": 1.0,
            "WD10m": 180.0,
            "SP": 101325.0,
        }
        for month, day, hour_end, ghi, dni, dhi in rows
    ]
    content = {
        "inputs": {"location": {"latitude": latitude, "longitude": longitude, "elevation": 5.0}},
        "outputs": {
            "months_selected": [{"month": m, "year": 2010} for m in range(1, 13)],
            "tmy_hourly": hourly,
        },
        "meta": {"inputs": {}, "outputs": {}},
    }
    path.write_text(json.dumps(content))
    return path


# --------------------------------------------------------------------------- meters and factories


def write_meter(
    path: Path,
    values: np.ndarray,
    times: pd.DatetimeIndex | None = None,
    column: str = "load_kw",
    time_column: str = "time",
    time_format: str = "%Y-%m-%d %H:%M",
) -> Path:
    """A meter CSV: an optional time column and one column of readings."""
    data: dict[str, Any] = {}
    if times is not None:
        data[time_column] = times.strftime(time_format)
    data[column] = values
    pd.DataFrame(data).to_csv(path, index=False)
    return path


def factory_file(folder: Path, name: str = "factory.yaml", **changes: Any) -> Path:
    """An all-electric plant without measures, no PV roof to speak of and no battery."""
    factory: dict[str, Any] = {
        "name": "test plant",
        "site": {**SUZHOU, "grid_region": "east"},
        "solar": {"annual_ghi_kwh_per_m2": 1300, "mean_air_temperature_c": 16},
        "roof": {"usable_area_m2": 1000, "max_kwp": 0, "tilt_deg": 20, "azimuth_deg": 180},
        "electricity_load": {"annual_mwh": 876, "shift_pattern": "three_shift"},
        "battery": {"allow": False},
    }
    for key, value in changes.items():
        factory[key] = value
    path = folder / name
    path.write_text(yaml.safe_dump(factory, allow_unicode=True))
    return path


def scenario_file(folder: Path, factory: Path, name: str = "scenario.yaml", **changes: Any) -> Path:
    """One year, flat 0.6 CNY/kWh, demand charge 40 CNY/kW/month, one typical day... (2 periods)."""
    scenario: dict[str, Any] = {
        "factory": factory.name,
        "horizon": {"first_year": 2026, "last_year": 2026},
        "discount_rate": 0.0,
        "tariff": {
            "tou_hours": {"peak": [], "valley": []},
            "energy_price_cny_per_kwh": {"peak": 0.6, "flat": 0.6, "valley": 0.6},
            "demand_charge_cny_per_kw_month": 40.0,
        },
        "export_price_cny_per_kwh": 0.0,
        "pv_capex_cny_per_kwp": 3000.0,
        "grid_emission_factor_tco2_per_mwh": 0.6,
        "market_residual_factor_tco2_per_mwh": 0.6,
        "time_resolution": {"typical_days": 2},
    }
    scenario.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True))
    return path
