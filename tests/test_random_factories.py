"""Seeded random factories built from meter and weather files: valid input never ends in an
internal error (exit 1) or a bad-input exit (2); every run is a plan (0) or infeasible (3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.data_files import (
    clear_sky_rows,
    factory_file,
    scenario_file,
    write_epw,
    write_meter,
    write_pvgis_csv,
    write_pvgis_json,
    write_tmy3,
)
from zcf_opt.cli import main

CASES = 6


def _weather(folder: Path, rng: np.random.Generator, lat: float, lon: float) -> str:
    """A cloudy version of the clear sky near the site, in a random format."""
    kind = rng.choice(["epw", "tmy3", "pvgis_csv", "pvgis_json"])
    station_lat, station_lon = lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.2, 0.2)
    offset = 0.0 if kind.startswith("pvgis") else 8.0
    cloud = np.repeat(rng.uniform(0.2, 1.0, 365), 24)
    rows = [
        (m, d, h, round(g * k, 2), round(b * k, 2), round(dh * k, 2))
        for (m, d, h, g, b, dh), k in zip(
            clear_sky_rows(station_lat, station_lon, offset), cloud, strict=True
        )
    ]
    where = {"latitude": station_lat, "longitude": station_lon}
    writers = {
        "epw": lambda: write_epw(folder / "w.epw", rows, **where),
        "tmy3": lambda: write_tmy3(folder / "w.csv", rows, **where),
        "pvgis_csv": lambda: write_pvgis_csv(folder / "w.csv", rows, **where),
        "pvgis_json": lambda: write_pvgis_json(folder / "w.json", rows, **where),
    }
    return writers[str(kind)]().name


def _meters(folder: Path, rng: np.random.Generator) -> dict[str, Any]:
    """One to three meter files with random interval, unit, times, leap year and gaps."""
    unit = str(rng.choice(["kW", "kWh"]))
    timed = bool(rng.integers(2))
    label = str(rng.choice(["start", "end"]))
    names, fill = [], False
    for k in range(int(rng.integers(1, 4))):
        minutes = int(rng.choice([15, 60]))
        year = int(rng.choice([2023, 2024]))
        starts = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:59", freq=f"{minutes}min")
        day = starts.hour.to_numpy() + starts.minute.to_numpy() / 60
        kw = rng.uniform(50, 500) * (1 + 0.5 * ((day >= 8) & (day < 20))) * rng.uniform(0.8, 1.2, len(starts))
        values = np.round(kw * (minutes / 60 if unit == "kWh" else 1.0), 3).astype(object)
        keep = np.ones(len(starts), bool)
        if rng.integers(2):  # a few gaps: missing rows with times, empty cells without
            holes = rng.choice(len(starts), 3, replace=False)
            if timed:
                keep[holes] = False
            else:
                values[holes] = ""
            fill = True
        times = starts + pd.Timedelta(minutes=minutes) if label == "end" else starts
        write_meter(folder / f"m{k}.csv", values[keep], times=times[keep] if timed else None)
        names.append(f"m{k}.csv")
    load: dict[str, Any] = {"profile_csv": names, "unit": unit, "time_label": label}
    if fill:
        load["fill"] = {"method": "linear", "max_gap_intervals": 2}
    return load


@pytest.mark.parametrize("seed", range(CASES))
def test_random_valid_factory_never_exits_1_or_2(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(20, 45), rng.uniform(100, 125)
    factory = factory_file(
        tmp_path,
        site={"latitude_deg": lat, "longitude_deg": lon, "grid_region": str(rng.choice(["east", "south"]))},
        solar={"weather_file": _weather(tmp_path, rng, lat, lon)},
        roof={
            "usable_area_m2": float(rng.uniform(100, 20000)),
            "kwp_per_m2": 0.18,
            "tilt_deg": float(rng.uniform(0, 40)),
            "azimuth_deg": float(rng.uniform(90, 270)),
        },
        electricity_load=_meters(tmp_path, rng),
        battery={"allow": bool(rng.integers(2))},
    )
    target = [{"year": 2027, "level": str(rng.choice(["I-3", "I-4", "I-6"]))}] if rng.integers(2) else []
    scenario = scenario_file(
        tmp_path,
        factory,
        horizon={"first_year": 2026, "last_year": 2027},
        targets=target,
        time_resolution={"typical_days": int(rng.integers(2, 5))},
        export_price_cny_per_kwh=float(rng.uniform(0, 0.4)),
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"] == []
    assert summary["pv_annual_yield_kwh_per_kwp"] > 0
