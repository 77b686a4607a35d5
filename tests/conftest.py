"""Tiny factories and one-day time slices whose optimum can be worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from zcf_opt.inputs.slice_store import CACHE_ENV
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _slice_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' stored time slices apart from the user's (commands run here inherit it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("slice-store")))
        yield


def one_day(load_kw: float | np.ndarray = 100.0, pv_yield: np.ndarray | None = None) -> TimeSlices:
    """One period standing for all 365 days."""
    load = np.broadcast_to(np.asarray(load_kw, dtype=float), (24,)).copy()[None, :]
    yield_ = np.zeros((1, 24)) if pv_yield is None else np.asarray(pv_yield, dtype=float)[None, :]
    return TimeSlices(
        values={"load_kw": load, "pv_yield_kwh_per_kwp": yield_},
        weight_days=np.array([365.0]),
        day_to_period=np.zeros(365, dtype=int),
        method="typical_days",
    )


#: a one-year battery with round trip 0.81 (0.9 each way) and C-rate 1, ideal otherwise: full
#: state-of-charge window, no fade, no auxiliary load (ageing has its own tests)
IDEAL_BATTERY: dict[str, Any] = {
    "allow": True,
    "round_trip_efficiency": 0.81,
    "max_c_rate_per_hour": 1.0,
    "life_years": 1,
    "fixed_om_cny_per_kwh_year": 0.0,
    "min_soc": 0.0,
    "max_soc": 1.0,
    "calendar_fade_per_year": 0.0,
    "cycle_fade_per_cycle": 0.0,
    "auxiliary_kw_per_kwh": 0.0,
}


def tiny_factory(**changes: Any) -> dict[str, Any]:
    """An all-electric plant with no measures (the load comes from the time slices).

    PV and battery have no minimum project size unless a test sets one, so any size the
    hand calculation finds is kept.
    """
    factory: dict[str, Any] = {
        "name": "tiny plant",
        "site": {"latitude_deg": 31.3, "longitude_deg": 120.6, "grid_region": "east"},
        "solar": {"annual_ghi_kwh_per_m2": 1300, "mean_air_temperature_c": 16},
        "roof": {"usable_area_m2": 1000, "max_kwp": 50, "tilt_deg": 10, "azimuth_deg": 180},
        "electricity_load": {"annual_mwh": 876, "shift_pattern": "three_shift"},
        "pv": {"fixed_om_cny_per_kwp_year": 0.0, "life_years": 1, "degradation_per_year": 0.0},
        "battery": {"allow": False},
    }
    factory.update(changes)
    factory["pv"] = {"min_project_kwp": 0.0, **factory["pv"]}
    factory["battery"] = {"min_project_kwh": 0.0, **factory["battery"]}
    return factory


def tiny_scenario(factory: dict[str, Any] | None = None, **changes: Any) -> Scenario:
    """One year, flat 0.6 CNY/kWh, no demand charge, no discounting."""
    data: dict[str, Any] = {
        "name": "tiny",
        "factory": factory or tiny_factory(),
        "horizon": {"first_year": 2026, "last_year": 2026},
        "discount_rate": 0.0,
        "tariff": {
            "tou_hours": {"peak": [], "valley": []},
            "energy_price_cny_per_kwh": {"peak": 0.6, "flat": 0.6, "valley": 0.6},
            "demand_charge_cny_per_kw_month": 0.0,
        },
        "export_price_cny_per_kwh": 0.0,
        "pv_capex_cny_per_kwp": 300.0,
        "grid_emission_factor_tco2_per_mwh": 0.6,
        "market_residual_factor_tco2_per_mwh": 0.6,
        "green_power": {"premium_cny_per_mwh": 1000.0},
        "certificates": {"price_cny_per_mwh": 50.0},
        "offsets": {"price_cny_per_tco2e": 70.0},
        "removals": {"price_cny_per_tco2e": 500.0},
        "gas_price_cny_per_nm3": 3.6,
    }
    data.update(changes)
    return Scenario.model_validate(data)


@pytest.fixture
def root() -> Path:
    return ROOT


#: an accounting year as the certifier reads it: 100 MWh from the grid, nothing bought, no emissions
ACCOUNTING_YEAR: dict[str, Any] = {
    "grid_import_mwh": 100.0,
    "pv_self_consumed_mwh": 0.0,
    "green_power_mwh": 0.0,
    "gec_mwh": 0.0,
    "scope1_tco2e": 0.0,
    "scope1_process_tco2e": 0.0,
    "scope2_location_tco2e": 0.0,
    "scope2_market_tco2e": 0.0,
    "scope2_market_without_certificates_tco2e": 0.0,
    "scope3_tco2e": 0.0,
    "scope3_transport_tco2e": 0.0,
    "scope3_purchased_goods_tco2e": 0.0,
    "offsets_tco2e": 0.0,
    "international_credits_tco2e": 0.0,
    "removals_tco2e": 0.0,
    "outside_reductions_tco2e": 0.0,
    "energy_tce": 0.0,
    "production_volume": float("nan"),
    "measures_in_service": "",
}


def certify_years(
    rows: list[dict[str, Any]],
    rulebooks: dict[str, Any],
    targets: dict[str, dict[int, str]] | None = None,
    base: dict[str, float] | None = None,
    measures: dict[str, tuple[str, float]] | None = None,
    production: Any = None,
):
    """The certifier on hand-built accounting years (defaults: :data:`ACCOUNTING_YEAR`).

    ``targets``: rulebook id -> {year: level}; ``base``: base-year emissions by source (base year =
    the first row's); ``measures``: measure -> (group, abatement cost [CNY/tCO2e]).
    """
    import xarray as xr

    from zcf_opt.certify import certify
    from zcf_opt.standards.boundaries import EMISSION_SOURCES

    years = [int(r["year"]) for r in rows]
    annual = pd.DataFrame([{**ACCOUNTING_YEAR, **r} for r in rows])
    targets = targets or {}
    measures = measures or {}
    levels = [[targets.get(key, {}).get(y) or "" for key in rulebooks] for y in years]
    inputs = xr.Dataset(
        {
            "target_level_by_standard": (("year", "standard"), np.array(levels, dtype=str)),
            "base_year": ((), years[0]),
            "base_year_emissions_tco2e": (
                ("emission_source",),
                np.array([(base or {}).get(s, 0.0) for s in EMISSION_SOURCES]),
            ),
            "process_emissions_co2_fraction": ((), 1.0),
            "measure_group": (("measure",), np.array([g for g, _ in measures.values()], dtype=str)),
            "measure_abatement_cost_cny_per_tco2e": (
                ("measure",),
                np.array([c for _, c in measures.values()], dtype=float),
            ),
        },
        coords={"year": years, "standard": list(rulebooks), "measure": np.array(list(measures), dtype=str)},
    )
    return certify(annual, inputs, rulebooks, production)


def write_rulebook(folder: Path, levels: list[dict[str, Any]], **fields: Any) -> Path:
    """A rulebook file with one boundary 'plant' (scope 1 + market-based scope 2) and ``levels``."""
    import yaml

    data: dict[str, Any] = {
        "format": 2,
        "id": "test-rules",
        "standard": "TEST 1",
        "title": "test rules",
        "issuer": "tests",
        "year": 2025,
        "boundaries": {
            "plant": {"description": "scope 1 + 2 (market)", "scope2": "market"},
            "physical": {"description": "scope 1 + 2 (location)", "scope2": "location"},
        },
        "levels": levels,
    }
    data.update(fields)
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


SOURCE = {"document": "TEST 1", "clause": "4.1"}


def requirement(type_: str, **fields: Any) -> dict[str, Any]:
    """A requirement of a test rulebook (sourced, not provisional)."""
    return {"type": type_, "source": SOURCE, "provisional": False, **fields}


def write_tiny_scenario(folder: Path, name: str = "tiny", **changes: Any) -> Path:
    """A scenario file over the tiny plant (inline), two typical days: solves in well under a second."""
    import yaml

    data: dict[str, Any] = {
        "factory": tiny_factory(),
        "horizon": {"first_year": 2026, "last_year": 2027},
        "pv_capex_cny_per_kwp": 3000.0,
        "time_resolution": {"typical_days": 2},
    }
    data.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def without_permission_override() -> list[str] | None:
    """A command prefix under which file modes hold (mode 555 folders, 000 files), or None.

    Root ignores file modes; ``setpriv`` without the DAC override capabilities makes them hold.
    """
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return prefix if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0 else None
