"""Bad input gives one clear line naming file and field, exit 2, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from zcf_opt.cli import main
from zcf_opt.defaults import catalogue
from zcf_opt.errors import InputError
from zcf_opt.load import load_scenario
from zcf_opt.run import run_defaults
from zcf_opt.schema import trajectory_values

ROOT = Path(__file__).resolve().parents[1]
FACTORY = ROOT / "models" / "suzhou_auto_parts.yaml"


def _write_scenario(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load((ROOT / "scenarios" / "baseline.yaml").read_text())
    data["factory"] = str(FACTORY)
    data.update(changes)
    path = folder / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"discount_rate": "eight"}, "discount_rate"),
        ({"horizon": {"first_year": 2030, "last_year": 2026}}, "horizon"),
        ({"targets": [{"year": 2028, "level": "I-9x"}]}, "targets[0].level"),
        ({"tarif": {}}, "tarif"),
        ({"time_resolution": {"typical_days": 1}}, "time_resolution.typical_days"),
    ],
)
def test_bad_scenario_field_exit_2_and_nothing_written(tmp_path: Path, changes: dict, field: str) -> None:
    scenario = _write_scenario(tmp_path, **changes)
    out = tmp_path / "results" / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out)])
    assert result.exit_code == 2
    assert str(scenario) in result.output and f"'{field}'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "results").exists()


def test_bad_factory_field_names_the_factory_file(tmp_path: Path) -> None:
    factory = yaml.safe_load(FACTORY.read_text())
    factory["roof"]["tilt_deg"] = 120
    path = tmp_path / "factory.yaml"
    path.write_text(yaml.safe_dump(factory))
    scenario = _write_scenario(tmp_path, factory="factory.yaml")
    with pytest.raises(InputError) as info:
        load_scenario(scenario)
    assert info.value.file == str(path) and info.value.field == "roof.tilt_deg"


def test_missing_file_and_relative_paths(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "file not found" in result.output
    load_csv = tmp_path / "data" / "load.csv"
    load_csv.parent.mkdir()
    load_csv.write_text("load_kw\n" + "\n".join(["100"] * 8760))
    factory = yaml.safe_load(FACTORY.read_text())
    factory["electricity_load"] = {"profile_csv": "data/load.csv", "unit": "kW"}
    (tmp_path / "factory.yaml").write_text(yaml.safe_dump(factory))
    scenario = load_scenario(_write_scenario(tmp_path, factory="factory.yaml"))
    assert scenario.factory.electricity_load.profile_csv == load_csv
    assert scenario.name == "bad"


def test_infeasible_run_exit_3_names_the_year(tmp_path: Path) -> None:
    scenario = _write_scenario(
        tmp_path,
        targets=[{"year": 2030, "level": "II-6"}],
        removals={"cap_tco2e": 100},
        time_resolution={"typical_days": 4},
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code == 3
    assert "II-6" in result.output and "2030" in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "infeasible" and "2030" in summary["message"]


def test_trajectories_interpolate_and_hold_flat() -> None:
    values = trajectory_values({2026: 1.0, 2030: 5.0}, np.arange(2024, 2033))
    np.testing.assert_allclose(values, [1, 1, 1, 2, 3, 4, 5, 5, 5])


def test_every_default_has_source_and_year_and_placeholders_warn() -> None:
    for fig in catalogue().values():
        assert fig.source and 1990 < fig.year < 2030 and fig.status in {"sourced", "derived", "placeholder"}
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    fields = {use.field for use in run_defaults(scenario)}
    assert "factory.pv.life_years" in fields  # not set in the example factory
    assert "discount_rate" not in fields  # set in the scenario
    assert "factory.fuel.emission_factor_tco2_per_1000nm3" in fields


def test_time_limit_without_a_plan_exit_4(tmp_path: Path) -> None:
    # presolve alone takes longer than 10 ms on the example, so HiGHS stops with no plan
    scenario = _write_scenario(tmp_path, solver={"time_limit_seconds": 0.01})
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code == 4, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "time_limit" and summary["objective_npv_cny"] is None
    assert not (out / "annual.csv").exists()
