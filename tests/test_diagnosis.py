"""An infeasible plan names the year, the level, each requirement that cannot be met, its
shortfall in its unit and the limits that bind (hand-computed on the tiny plant)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import one_day, tiny_factory, tiny_scenario
from zcf_opt.cli import main
from zcf_opt.run import solve

ROOT = Path(__file__).resolve().parents[1]
MIDDAY_YIELD = np.where((np.arange(24) >= 10) & (np.arange(24) < 14), 0.5, 0.0)


def test_a_renewable_share_out_of_reach_is_measured_with_what_binds() -> None:
    # PV fills the 50 kWp roof (36.5 MWh), certificates are capped at 100 MWh and green power at
    # 50 MWh: 186.5 of 876 MWh, 21 %; I-4's 50 % needs 251.5 MWh more
    scenario = tiny_scenario(
        targets=[{"year": 2026, "level": "I-4"}],
        certificates={"price_cny_per_mwh": 50.0, "cap_mwh": 100},
        green_power={"premium_cny_per_mwh": 1000.0, "cap_mwh": 50},
    )
    result = solve(scenario, slices=one_day(100.0, MIDDAY_YIELD), reuse_model=False)
    assert result.status == "infeasible"
    assert result.message == (
        "2026 T/CECA-G 0171-2022 I-4: renewable_share: renewable share reaches at most 21% (roof full at "
        "50 kWp, green power capped at 50 MWh, certificates capped at 100 MWh); 50% needs 252 MWh more"
    )
    (item,) = result.diagnosis
    assert item["shortfall"] == pytest.approx(251.5, rel=1e-6)
    assert item["reached"] == pytest.approx(186.5 / 876, rel=1e-6)
    assert item["shortfall_unit"] == "MWh" and item["no_lever"] is False


def test_credits_not_offered_are_named_as_no_lever() -> None:
    # Type II six-star reads 清除 as removal credits; with none to buy no lever can meet it
    scenario = tiny_scenario(
        tiny_factory(scope3={"transport_tco2e_per_year": 50}),
        targets=[{"year": 2026, "level": "II-6"}],
        removals={"price_cny_per_tco2e": 500.0, "cap_tco2e": 0},
        pv_capex_cny_per_kwp=1e6,
    )
    result = solve(scenario, slices=one_day(100.0), reuse_model=False)
    (item,) = result.diagnosis
    assert item["requirement"] == "qingchu" and item["no_lever"] is True
    assert item["binding"] == ["removals not offered"]
    assert item["shortfall"] == pytest.approx(50.0, rel=1e-6)
    assert "no lever of the factory or the scenario can meet this requirement" in result.message


def test_equipment_without_an_upgrade_to_the_grade_is_named() -> None:
    # the national guidance asks motors at grade 1 (IE5); this IE3 fleet can only reach IE4
    fleet = {
        "name": "conveyors",
        "rated_kw": 5.5,
        "count": 10,
        "full_load_hours_per_year": 3000,
        "efficiency_class": "IE3",
        "options": [{"name": "IE4", "efficiency_class": "IE4", "capex_cny": 10_000, "life_years": 15}],
    }
    scenario = tiny_scenario(
        tiny_factory(motors=[fleet]),
        standard="miit-zero-carbon-factory-2026",
        targets=[{"year": 2026, "level": "zero-carbon"}],
        pv_capex_cny_per_kwp=1e6,
    )
    result = solve(scenario, slices=one_day(100.0), reuse_model=False)
    (item,) = [i for i in result.diagnosis if i["type"] == "equipment_efficiency"]
    assert item["subject"] == "conveyors" and item["no_lever"] is True
    assert "conveyors cannot reach GB grade 1: no upgrade option reaches it" in item["text"]


def test_cli_exit_3_writes_the_diagnosis_to_the_summary(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    data.update(
        factory=str(ROOT / "models" / "suzhou_auto_parts.yaml"),
        targets=[{"year": 2030, "level": "II-6"}],
        removals={"cap_tco2e": 100},
        time_resolution={"typical_days": 4},
    )
    path = tmp_path / "capped.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 3, result.output
    assert "2030 T/CECA-G 0171-2022 II-6: qingchu" in result.output
    assert "removals capped at 100 t" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible"
    years = {item["year"] for item in summary["diagnosis"]}
    assert years == set(range(2030, 2036))
    assert all(item["shortfall_unit"] == "tCO2e" and item["shortfall"] > 0 for item in summary["diagnosis"])
