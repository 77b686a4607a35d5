"""A plan without noise: minimum project sizes, warnings only about what the run rests on, --quiet.

Also the loading conveniences of the same issue: ``overrides=`` merges nested sections.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from conftest import one_day, tiny_factory, tiny_scenario

from zcf_opt.cli import main
from zcf_opt.load import load_scenario
from zcf_opt.results import calendar_days
from zcf_opt.run import solve
from zcf_opt.session import _SESSIONS, clear_sessions

ROOT = Path(__file__).resolve().parents[1]
LOAD_KW_TINY = 100.0


def _all_electric_files(folder: Path) -> Path:
    """A one-year all-electric plant without targets; prices left to the catalogue."""
    factory = tiny_factory(battery={"allow": False})
    factory.pop("fuel", None)
    scenario = {
        "name": "all_electric",
        "factory": factory,
        "horizon": {"first_year": 2026, "last_year": 2026},
        "time_resolution": {"typical_days": 2},
    }
    path = folder / "all_electric.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    return path


def test_warnings_only_about_what_the_run_depends_on_grouped_and_quiet(tmp_path: Path) -> None:
    scenario = _all_electric_files(tmp_path)
    # two typical days misstate this plant's year by about 2 %: the full-year re-check would say so
    # (a warning of its own, tested in test_full_year.py); here only the defaults' warnings count
    loud = CliRunner().invoke(
        main, ["solve", str(scenario), "--out", str(tmp_path / "loud"), "--no-full-year-check"]
    )
    assert loud.exit_code == 0, loud.output
    summary = json.loads((tmp_path / "loud" / "summary.json").read_text(encoding="utf-8"))
    keys = {use["key"] for use in summary["defaults_used"]}
    # no gas, no battery, no market instrument without a target: none of their figures counts
    assert not any(k.startswith(("fuel.", "battery.", "gas_")) for k in keys), keys
    assert not keys & {"gec_price_cny_per_mwh", "offsets.price_cny_per_tco2e", "removals.price_cny_per_tco2e"}
    assert "tariff.demand_charge_cny_per_kw_month" in keys  # the bill does depend on it
    assert "gas" not in " ".join(summary["warnings"]).lower()
    # every placeholder the run rests on, in one warning
    placeholders = sorted(use["field"] for use in summary["defaults_used"] if use["status"] == "placeholder")
    assert len(summary["warnings"]) == 1
    assert [n["code"] for n in summary["notices"]] == ["placeholder_defaults"]
    assert sorted(d["field"] for d in summary["notices"][0]["params"]["defaults"]) == placeholders
    warning_lines = [line for line in loud.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning_lines) == 1 and all(field in warning_lines[0] for field in placeholders)
    quiet = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "quiet"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.stderr


def test_a_pv_addition_below_the_minimum_is_dropped() -> None:
    # 50 kWp of PV at 300 CNY/kWp yielding 0.5 kWh/kWp in each of 10 hours saves 0.6 CNY/kWh:
    # 50 × 0.5 × 10 × 365 × 0.6 = 54,750 CNY/yr against 15,000 CNY: the plan builds all 50 kWp.
    # With a 100 kWp minimum it builds nothing, and pays the whole bill.
    pv_yield = np.where((np.arange(24) >= 7) & (np.arange(24) < 17), 0.5, 0.0)
    slices = one_day(LOAD_KW_TINY, pv_yield)
    bill = LOAD_KW_TINY * 24 * 365 * 0.6
    free = solve(tiny_scenario(tiny_factory(pv=_pv(min_project_kwp=0.0))), slices=slices)
    assert free.annual["pv_installed_kwp"].iloc[0] == pytest.approx(50.0)
    assert free.outcome.objective_cny == pytest.approx(bill - 54_750.0 + 15_000.0, rel=1e-9)
    sized = solve(tiny_scenario(tiny_factory(pv=_pv(min_project_kwp=100.0))), slices=slices)
    assert sized.annual["pv_installed_kwp"].iloc[0] == 0.0
    assert sized.outcome.objective_cny == pytest.approx(bill, rel=1e-9)
    notes = [n for n in sized.warnings if n.code == "small_projects_dropped"]
    assert notes and notes[0].params["items"][0]["size"] == pytest.approx(50.0)
    assert notes[0].params["npv_change_cny"] == pytest.approx(54_750.0 - 15_000.0, rel=1e-9)
    assert "factory.pv.min_project_kwp" not in {use.field for use in sized.defaults}  # set by the user


def test_a_kept_model_is_left_free_after_the_minimums() -> None:
    clear_sessions()
    pv_yield = np.where((np.arange(24) >= 7) & (np.arange(24) < 17), 0.5, 0.0)
    scenario = tiny_scenario(tiny_factory(pv=_pv(min_project_kwp=100.0)))
    solve(scenario, slices=one_day(LOAD_KW_TINY, pv_yield))
    (session,) = _SESSIONS.values()
    assert not any(v.fixed for v in session.model.pv.added_kwp.values())  # fixed only for the re-solve
    assert all(v.fixed for v in session.model.battery.energy_added_kwh.values())  # not allowed: stays
    clear_sessions()


def _pv(**changes: float) -> dict[str, float]:
    pv = {"fixed_om_cny_per_kwp_year": 0.0, "life_years": 1, "degradation_per_year": 0.0}
    pv.update(changes)
    return pv


def test_overrides_merge_nested_sections() -> None:
    path = ROOT / "scenarios" / "type2_6star_2030.yaml"
    scenario = load_scenario(
        path,
        {
            "green_power": {"premium_cny_per_mwh": 50.0},  # the file's cap stays
            "certificates": {"price_cny_per_mwh": {2026: 1.0}},  # a trajectory is replaced whole
            "factory": {"roof": {"max_kwp": 100.0}},  # merged into the factory file
        },
    )
    assert scenario.green_power.premium_cny_per_mwh == 50.0
    assert scenario.green_power.cap_mwh == 8000.0
    assert scenario.certificates.price_cny_per_mwh == {2026: 1.0}
    assert scenario.factory.roof.max_kwp == 100.0 and scenario.factory.roof.usable_area_m2 == 30000.0
    assert len(scenario.factory.motors) == 3


def test_package_declares_its_type_hints() -> None:
    assert (ROOT / "zcf_opt" / "py.typed").is_file()
    assert '"zcf_opt" = ["py.typed"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_a_full_year_run_has_real_timestamps() -> None:
    scenario = tiny_scenario(time_resolution="full_year", horizon={"first_year": 2028, "last_year": 2028})
    flows = solve(scenario).flows
    time = flows["time"]
    assert time.dims == ("year", "period", "hour")
    stamps = pd.DatetimeIndex(time.sel(year=2028).values.ravel())
    assert stamps[0] == pd.Timestamp("2028-01-01 00:00") and stamps[-1] == pd.Timestamp("2028-12-31 23:00")
    assert pd.Timestamp("2028-02-29") not in stamps.normalize()  # the 365-day profile skips it
    assert (np.diff(stamps.values[: 59 * 24]) == np.timedelta64(1, "h")).all()
    assert pd.Timestamp(flows["time"].sel(year=2028, period=59, hour=0).item()) == pd.Timestamp("2028-03-01")
    assert calendar_days(2027)[59] == np.datetime64("2027-03-01") and len(calendar_days(2027)) == 365
