"""Weather files through the command line: each format's time convention, the yield in
summary.json, and the distance between the file and the site."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner

from tests.data_files import (
    PVLIB_DATA,
    SUZHOU,
    clear_sky_rows,
    factory_file,
    scenario_file,
    write_epw,
    write_pvgis_csv,
    write_pvgis_json,
)
from zcf_opt.cli import main

PV = {"system_losses": 0.14, "inverter_efficiency": 0.96, "temperature_coefficient_per_c": 0.0}


def _run(folder: Path, weather: Path, site: dict | None = None, **solar) -> tuple[int, str, Path]:
    factory = factory_file(
        folder,
        site={**SUZHOU, "grid_region": "east", **(site or {})},
        solar={"weather_file": weather.name, **solar},
        pv=PV,
    )
    out = folder / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario_file(folder, factory)), "--out", str(out)])
    return result.exit_code, result.output, out


def _solved(folder: Path, weather: Path, site: dict | None = None, **solar) -> tuple[dict, xr.Dataset]:
    code, output, out = _run(folder, weather, site, **solar)
    assert code == 0, output
    summary = json.loads((out / "summary.json").read_text())
    assert f"PV yield {summary['pv_annual_yield_kwh_per_kwp']:,.0f} kWh/kWp/yr" in output
    with xr.open_dataset(out / "inputs.nc") as inputs:
        return summary, inputs.load()


def _noon(inputs: xr.Dataset) -> float:
    """Energy-weighted mean time of day of the PV yield [h, local standard time]."""
    energy = (inputs["pv_yield_kwh_per_kwp"] * inputs["period_weight_days"]).sum("period").values
    return float((energy * (np.arange(24) + 0.5)).sum() / energy.sum())


def test_epw_yield_in_summary_is_the_hand_computed_one(tmp_path: Path) -> None:
    # overcast file: ghi = dhi = 200 W/m2 in 8 hours a day, dni = 0; without temperature
    # effects the plane of array gets G (1 + cos b)/2 + 0.25 G (1 - cos b)/2 at tilt b = 20 deg
    summary, _ = _solved(tmp_path, write_epw(tmp_path / "site.epw"))
    cos_b = math.cos(math.radians(20.0))
    poa_kw_per_m2 = 0.2 * ((1 + cos_b) / 2 + 0.25 * (1 - cos_b) / 2)
    expected = 365 * 8 * poa_kw_per_m2 * (1 - 0.14) * 0.96
    assert summary["pv_annual_yield_kwh_per_kwp"] == pytest.approx(expected, abs=1e-3)
    assert summary["weather_file"] == str(tmp_path / "site.epw")
    assert summary["warnings"] == [w for w in summary["warnings"] if "weather file" not in w]


@pytest.mark.parametrize(
    ("name", "site", "noon"),
    [
        # Greensboro NC (79.95 W, UTC-5): solar noon about 12:20 local standard time
        ("723170TYA.CSV", {"latitude_deg": 36.1, "longitude_deg": -79.95}, 12.0 + 4.95 * 4 / 60),
        # Miami FL (80.27 W, UTC-5), a TMY2 file
        ("12839.tm2", {"latitude_deg": 25.8, "longitude_deg": -80.27}, 12.0 + 5.27 * 4 / 60),
    ],
    ids=["TMY3", "TMY2"],
)
def test_us_typical_year_files_are_read_in_their_local_standard_time(
    tmp_path: Path, name: str, site: dict, noon: float
) -> None:
    weather = tmp_path / name
    weather.write_bytes((PVLIB_DATA / name).read_bytes())
    summary, inputs = _solved(tmp_path, weather, site={**site, "timezone": "America/New_York"})
    assert 1000 < summary["pv_annual_yield_kwh_per_kwp"] < 1800
    # an hour-ending file read as hour-beginning would put the yield an hour late
    assert _noon(inputs) == pytest.approx(noon, abs=0.25)


def test_pvgis_exports_in_utc_match_an_epw_in_local_time(tmp_path: Path) -> None:
    lat, lon = SUZHOU["latitude_deg"], SUZHOU["longitude_deg"]
    epw = write_epw(tmp_path / "local.epw", clear_sky_rows(lat, lon, 8.0))
    utc = clear_sky_rows(lat, lon, 0.0)  # the same sky, in hour-beginning UTC
    yields = {}
    for path in (
        epw,
        write_pvgis_csv(tmp_path / "tmy.csv", utc),
        write_pvgis_json(tmp_path / "tmy.json", utc),
    ):
        folder = tmp_path / path.suffix.strip(".")
        folder.mkdir()
        (folder / path.name).write_bytes(path.read_bytes())
        summary, inputs = _solved(folder, folder / path.name)
        yields[path.name] = summary["pv_annual_yield_kwh_per_kwp"]
        assert _noon(inputs) == pytest.approx(12.0 - (lon - 120.0) / 15.0, abs=0.25)
    assert yields["tmy.csv"] == pytest.approx(yields["local.epw"], rel=1e-6)
    assert yields["tmy.json"] == pytest.approx(yields["local.epw"], rel=1e-6)


def test_a_weather_file_from_another_continent_is_refused(tmp_path: Path) -> None:
    weather = tmp_path / "greensboro.csv"
    weather.write_bytes((PVLIB_DATA / "723170TYA.CSV").read_bytes())
    code, output, out = _run(tmp_path, weather)
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 2 and len(lines) == 1 and "Traceback" not in output
    assert "greensboro.csv" in lines[0] and "12," in lines[0] and "km from the site" in lines[0]
    assert "solar.allow_distant_weather: true" in lines[0]
    assert not out.exists()
    code, output, out = _run(tmp_path, weather, allow_distant_weather=True)
    assert code == 0, output
    warnings = json.loads((out / "summary.json").read_text())["warnings"]
    assert any("greensboro.csv" in w and "km from the site" in w for w in warnings)


def test_a_weather_file_60_km_away_warns(tmp_path: Path) -> None:
    weather = write_epw(tmp_path / "near.epw", latitude=SUZHOU["latitude_deg"] + 0.54)  # 60 km north
    summary, _ = _solved(tmp_path, weather)
    assert any("near.epw" in w and "60 km from the site" in w for w in summary["warnings"])
