"""Generate the data files of the Wuxi example factory (illustrative, not measured).

Writes, beside this script:

* ``wuxi_synthetic_typical_year.epw`` - a synthetic typical weather year for Wuxi, Jiangsu
  (31.49 N, 120.31 E, UTC+8) in EPW format: pvlib's Ineichen clear-sky irradiance (with its
  Linke turbidity climatology) times a random daily clearness with monthly means typical of the
  Yangtze River Delta (a cloudy plum-rain June, clearer autumn), hourly cloud noise, split into
  beam and diffuse with the Erbs model; air temperature from a seasonal cycle fitted to Wuxi's
  monthly means with daily anomalies and a diurnal cycle. Annual GHI about 1,250 kWh/m2.
* ``wuxi_meter_2024.csv`` - a year (2024, a leap year) of 15-minute readings of the plant's main
  meter as a Chinese energy-management system exports them: a time column ``采集时间`` stamping
  the *end* of each interval (``2024-01-01 00:15`` .. ``2025-01-01 00:00``) and the energy in the
  interval ``正向有功电量_kWh`` [kWh]. The plant is a two-shift precision-machining plant
  (Monday-Friday 08:00-24:00, Saturday day shift), closed for the Spring Festival and the public
  holidays of 2024 (with the make-up working days), with air conditioning that follows the
  synthetic temperature, electric heat-treatment furnaces whose batch starts make 15-minute
  peaks, and 15-minute noise. Three short gaps (7 missing readings) are left in, as real exports
  have them; the factory model fills them.

Both files are illustrative. The script is seeded: running it again writes the same files.
Licence of the generated files: the project's (MIT).

Run: ``python models/data/generate_wuxi_example.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

HERE = Path(__file__).resolve().parent
WEATHER_FILE = HERE / "wuxi_synthetic_typical_year.epw"
METER_FILE = HERE / "wuxi_meter_2024.csv"

LATITUDE, LONGITUDE, ALTITUDE_M, UTC_OFFSET = 31.49, 120.31, 5.0, 8
SEED = 20240101

#: monthly mean GHI / clear-sky GHI (plum rains in June) [1]
CLEARNESS = [0.62, 0.55, 0.53, 0.58, 0.60, 0.47, 0.66, 0.66, 0.58, 0.64, 0.62, 0.62]
#: monthly mean air temperature of Wuxi (climate normals, rounded) [degC]
MONTHLY_TEMPERATURE_C = [3.5, 5.8, 10.2, 16.0, 21.4, 25.2, 29.0, 28.4, 24.2, 18.6, 12.2, 5.9]

#: 2024 public holidays (dates the plant does not produce) and make-up working days
HOLIDAYS = (
    ["2024-01-01"]
    + [str(d.date()) for d in pd.date_range("2024-02-08", "2024-02-20")]  # Spring Festival shutdown
    + ["2024-04-04", "2024-04-05", "2024-04-06"]
    + [str(d.date()) for d in pd.date_range("2024-05-01", "2024-05-05")]
    + ["2024-06-10", "2024-09-15", "2024-09-16", "2024-09-17"]
    + [str(d.date()) for d in pd.date_range("2024-10-01", "2024-10-07")]
)
MAKE_UP_WORKDAYS = ["2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"]
#: after the shutdown, production ramps up over a week (share of full production)
RAMP_UP = {str(d.date()): 0.6 for d in pd.date_range("2024-02-21", "2024-02-25")}

BASE_KW = 450.0  # compressors idling, lighting, IT, furnaces holding temperature
PRODUCTION_KW = 2400.0  # machining lines at full production
FURNACE_START_KW = (500.0, 900.0)  # extra power of a heat-treatment batch start, one interval
FURNACE_STARTS_PER_DAY = 6
COOLING_KW_PER_K = 90.0  # chillers above 24 degC
HEATING_KW_PER_K = 40.0  # heat pumps below 8 degC
GAPS = [("2024-03-12 10:15", 2), ("2024-07-23 03:00", 1), ("2024-11-05 16:30", 4)]


def daily_temperature(rng: np.random.Generator, days: pd.DatetimeIndex) -> np.ndarray:
    """Daily mean air temperature [degC]: the monthly normals interpolated, plus AR(1) anomalies."""
    mid_month = pd.to_datetime([f"2023-{m:02d}-15" for m in range(1, 13)]).dayofyear.to_numpy()
    doy = days.dayofyear.to_numpy()
    x = np.concatenate([mid_month - 365, mid_month, mid_month + 365])
    seasonal = np.interp(doy, x, np.tile(MONTHLY_TEMPERATURE_C, 3))
    anomaly = np.zeros(len(days))
    for i in range(1, len(days)):
        anomaly[i] = 0.7 * anomaly[i - 1] + rng.normal(0.0, 1.8)
    return seasonal + anomaly


def weather_year(rng: np.random.Generator) -> pd.DataFrame:
    """Hourly synthetic weather of a non-leap year, hour-ending labels in UTC+8."""
    ends = pd.date_range("2023-01-01 01:00", periods=8760, freq="h", tz=f"Etc/GMT-{UTC_OFFSET}")
    middle = ends - pd.Timedelta(minutes=30)
    location = pvlib.location.Location(LATITUDE, LONGITUDE, altitude=ALTITUDE_M)
    solpos = location.get_solarposition(middle)
    clear = location.get_clearsky(middle, model="ineichen", solar_position=solpos)["ghi"].to_numpy()
    days = pd.date_range("2023-01-01", periods=365, freq="D")
    mean_k = np.array(CLEARNESS)[days.month - 1]
    concentration = 5.0
    daily_k = rng.beta(mean_k * concentration, (1 - mean_k) * concentration)
    hourly_k = np.repeat(np.clip(daily_k, 0.08, 0.95), 24)
    noise = np.ones(8760)
    for i in range(1, 8760):
        noise[i] = 1.0 + 0.6 * (noise[i - 1] - 1.0) + rng.normal(0.0, 0.10)
    ghi = np.clip(clear * hourly_k * np.clip(noise, 0.5, 1.4), 0.0, 1.05 * clear)
    split = pvlib.irradiance.erbs(ghi, solpos["zenith"].to_numpy(), middle)
    dni = np.nan_to_num(np.asarray(split["dni"], dtype=float))
    dhi = np.clip(ghi - dni * np.cos(np.radians(solpos["zenith"].to_numpy())), 0.0, None)
    daily_t = np.repeat(daily_temperature(rng, days), 24)
    hour = (middle.hour + middle.minute / 60.0).to_numpy()
    amplitude = 2.5 + 3.0 * hourly_k
    temperature = daily_t + amplitude * np.cos(2 * np.pi * (hour - 14.5) / 24.0)
    wind = rng.gamma(4.0, 0.65, size=8760)
    return pd.DataFrame(
        {
            "month": ends.month,
            "day": ends.day,
            "hour": np.where(ends.hour == 0, 24, ends.hour),
            "ghi": np.round(ghi),
            "dni": np.round(dni),
            "dhi": np.round(dhi),
            "temp_air": np.round(temperature, 1),
            "wind_speed": np.round(wind, 1),
            "cloud_tenths": np.round(10 * (1 - hourly_k)).astype(int),
        }
    )


def write_epw(weather: pd.DataFrame, path: Path) -> None:
    """The weather as an EPW file (8 header lines, 8760 rows of 35 fields)."""
    header = [
        f"LOCATION,Wuxi (synthetic),JS,CHN,zcf-opt illustrative,000000,{LATITUDE:.2f},{LONGITUDE:.2f},"
        f"{UTC_OFFSET:.1f},{ALTITUDE_M:.1f}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,Synthetic illustrative typical year - NOT measured data. Generated by "
        "models/data/generate_wuxi_example.py (seeded) from pvlib clear-sky irradiance with random "
        "cloud cover and a seasonal temperature cycle. Licence: MIT (as zcf-opt).",
        "COMMENTS 2,Hour-ending local standard time UTC+8; irradiance in Wh/m2 over the hour.",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    lines = list(header)
    for row in weather.itertuples(index=False):
        dew = row.temp_air - 6.0
        fields = [
            2023, row.month, row.day, row.hour, 60, "?9?9?9?9E0?9?9?9",
            f"{row.temp_air:.1f}", f"{dew:.1f}", 70, 101300,
            0, 0, 300, int(row.ghi), int(row.dni), int(row.dhi),
            0, 0, 0, 0, 180, f"{row.wind_speed:.1f}", row.cloud_tenths, row.cloud_tenths,
            20.0, 77777, 9, 999999999, 20, 0.1, 0, 88, 0.2, 0, 1,
        ]  # fmt: skip
        lines.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def production_share(days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """Per day: share of full production in the two shifts, and whether Saturday's day shift only."""
    text = days.strftime("%Y-%m-%d")
    weekday = days.dayofweek.to_numpy()
    working = (weekday < 5) | np.isin(text, MAKE_UP_WORKDAYS)
    saturday = (weekday == 5) & ~np.isin(text, MAKE_UP_WORKDAYS)
    share = np.where(working | saturday, 1.0, 0.0)
    share[np.isin(text, HOLIDAYS)] = 0.0
    for day, ramp in RAMP_UP.items():
        share[text == day] *= ramp
    return share, saturday & (share > 0)


def meter_year(rng: np.random.Generator, weather: pd.DataFrame) -> pd.DataFrame:
    """15-minute energy readings of 2024 [kWh], end-labelled, with three gaps."""
    starts = pd.date_range("2024-01-01 00:00", "2024-12-31 23:45", freq="15min")
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    share, day_shift_only = production_share(days)
    day_index = (starts.normalize() - starts[0].normalize()).days.to_numpy()
    hour = starts.hour.to_numpy() + starts.minute.to_numpy() / 60.0
    in_shift = np.where(day_shift_only[day_index], (hour >= 8) & (hour < 16), hour >= 8)
    breaks = ((hour >= 12) & (hour < 12.5)) | ((hour >= 20) & (hour < 20.5))
    ramp = np.clip((hour - 8.0) / 0.5, 0.0, 1.0)
    production = PRODUCTION_KW * share[day_index] * in_shift * np.where(breaks, 0.7, 1.0) * ramp

    # air temperature of the synthetic weather year, by month, day and hour (29 Feb uses 28 Feb)
    temperature = weather["temp_air"].to_numpy().reshape(365, 24)
    month, day = starts.month.to_numpy(), starts.day.to_numpy()
    reference_day = starts.dayofyear.to_numpy() - 1 - (month > 2)
    reference_day[(month == 2) & (day == 29)] = 58
    t = temperature[reference_day, starts.hour.to_numpy()]
    occupied = np.where(production > 0, 1.0, 0.3)
    cooling = COOLING_KW_PER_K * np.clip(t - 24.0, 0.0, None)
    heating = HEATING_KW_PER_K * np.clip(8.0 - t, 0.0, None)
    hvac = (cooling + heating) * occupied

    furnace = np.zeros(len(starts))
    for day in np.flatnonzero(share > 0):
        slots = day * 96 + rng.choice(np.arange(34, 96), size=FURNACE_STARTS_PER_DAY, replace=False)
        furnace[slots] += rng.uniform(*FURNACE_START_KW, size=FURNACE_STARTS_PER_DAY) * share[day]

    noise = np.zeros(len(starts))
    for i in range(1, len(starts)):
        noise[i] = 0.8 * noise[i - 1] + rng.normal(0.0, 0.025)
    kw = (BASE_KW + production + hvac) * (1.0 + noise) + furnace
    ends = (starts + pd.Timedelta(minutes=15)).strftime("%Y-%m-%d %H:%M")
    readings = pd.DataFrame({"采集时间": ends, "正向有功电量_kWh": np.round(kw / 4.0, 2)})
    drop = []
    for first, length in GAPS:
        at = int(np.flatnonzero(readings["采集时间"].to_numpy() == first)[0])
        drop.extend(range(at, at + length))
    return readings.drop(index=drop)


def main() -> None:
    rng = np.random.default_rng(SEED)
    weather = weather_year(rng)
    write_epw(weather, WEATHER_FILE)
    meter = meter_year(rng, weather)
    meter.to_csv(METER_FILE, index=False, encoding="utf-8")
    kwh = meter["正向有功电量_kWh"]
    print(
        f"{WEATHER_FILE.name}: GHI {weather['ghi'].sum() / 1000:,.0f} kWh/m2/yr; "
        f"{METER_FILE.name}: {len(meter):,} readings, {kwh.sum() / 1000:,.0f} MWh, "
        f"highest 15-minute demand {kwh.max() * 4:,.0f} kW"
    )


if __name__ == "__main__":
    main()
