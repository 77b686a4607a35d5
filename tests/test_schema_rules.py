"""What the schema takes: signs, sizes, rulebook thresholds; JSON Schemas editors can use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import annotated_types as at
import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from zcf_opt.cli import main
from zcf_opt.errors import InputError
from zcf_opt.load import load_scenario
from zcf_opt.schema import FactoryModel, Scenario
from zcf_opt.standards import Rulebook, load_rulebook
from zcf_opt.standards.library import parse_rulebook

ROOT = Path(__file__).resolve().parents[1]

#: the numeric fields that may be negative, each for a reason docs/fields.md states
MAY_BE_NEGATIVE = {
    "Site.latitude_deg",  # south
    "Site.longitude_deg",  # west
    "Site.altitude_m",  # below sea level
    "Solar.mean_air_temperature_c",
    "ElectricHeatOption.source_temperature_c",  # outdoor air in winter
    "PVTechnology.temperature_coefficient_per_c",  # <= 0: output falls as cells warm
    "Scenario.electricity_demand_growth_per_year",  # shrinking demand, > -1
    "Scenario.fuel_demand_growth_per_year",
    "Range.low",  # takes the sign of the parameter a sensitivity range varies
    "Range.high",
}


def _members_with(annotation: object, meta: list | None = None) -> list[tuple[object, list]]:
    """Plain types of an annotation, each with the constraints that apply to it."""
    meta = meta or []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *more = typing.get_args(annotation)
        more = [c for m in more for c in (m.metadata if isinstance(m, FieldInfo) else [m])]
        return _members_with(inner, meta + more)
    if origin in (typing.Union, type(int | str)):
        return [m for arg in typing.get_args(annotation) for m in _members_with(arg, meta)]
    if origin in (list, dict):
        return _members_with(typing.get_args(annotation)[-1], [])
    return [(annotation, meta)]


def _may_be_negative(info) -> bool | None:
    """True/False for a numeric field, None for others."""
    numeric = [
        (kind, meta + list(info.metadata))
        for kind, meta in _members_with(info.annotation)
        if kind in (int, float)
    ]
    if not numeric:
        return None
    for _, meta in numeric:
        lower = [c.ge for c in meta if isinstance(c, at.Ge)] + [c.gt for c in meta if isinstance(c, at.Gt)]
        if not any(bound >= 0 for bound in lower):
            return True
    return False


def _models(model: type[BaseModel], seen: set) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        for kind, _ in _members_with(info.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                _models(kind, seen)


def test_only_fields_where_a_sign_has_a_meaning_may_be_negative() -> None:
    models: set = set()
    for root in (Scenario, FactoryModel, Rulebook):
        _models(root, models)
    negative = {
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if _may_be_negative(info)
    }
    assert negative == MAY_BE_NEGATIVE
    docs = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    assert "The\nonly fields that may be negative" in docs or "only fields that may be negative" in docs


def _example(**changes: object) -> dict:
    data = yaml.safe_load((ROOT / "scenarios" / "type2_6star_2030.yaml").read_text())
    data["factory"] = str(ROOT / "models" / "suzhou_auto_parts.yaml")
    data.update(changes)
    return data


def _problems(tmp_path: Path, **changes: object) -> list[InputError]:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(_example(**changes)))
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return info.value.problems


def test_numbers_beyond_1e12_are_refused_with_their_field(tmp_path: Path) -> None:
    problems = _problems(tmp_path, pv_capex_cny_per_kwp=1e300, discount_rate=0.08)
    assert [(p.field, "1e+12" in p.message) for p in problems] == [("pv_capex_cny_per_kwp", True)]
    path = tmp_path / "ok.yaml"  # 1e12 itself is taken
    path.write_text(yaml.safe_dump(_example(pv_capex_cny_per_kwp=1e12)))
    assert load_scenario(path).pv_capex_cny_per_kwp == 1e12


def test_demand_growth_must_keep_demand_positive(tmp_path: Path) -> None:
    problems = _problems(tmp_path, electricity_demand_growth_per_year={2026: 0.0, 2030: -1.0})
    assert [p.field for p in problems] == ["electricity_demand_growth_per_year[2030]"]
    path = tmp_path / "shrinking.yaml"
    path.write_text(yaml.safe_dump(_example(electricity_demand_growth_per_year=-0.5)))
    assert load_scenario(path).electricity_demand_growth_per_year == -0.5


def test_waste_heat_within_the_useful_heat_of_the_gas(tmp_path: Path) -> None:
    factory = yaml.safe_load((ROOT / "models" / "suzhou_auto_parts.yaml").read_text())
    # 1,200,000 Nm3 x 10 kWh/Nm3 (the catalogue's LHV is about that) x 0.9 = about 10,800 MWh_th
    useful = (
        1_200_000 * FactoryModel.model_validate(factory).fuel.lower_heating_value_kwh_per_nm3 * 0.9 / 1000
    )
    for recoverable, ok in ((useful * 0.999, True), (useful * 1.001, False)):
        factory["waste_heat"][0]["recoverable_mwh_th_per_year"] = recoverable
        path = tmp_path / "f.yaml"
        path.write_text(yaml.safe_dump(factory))
        scenario = tmp_path / "s.yaml"
        scenario.write_text(yaml.safe_dump(_example(factory="f.yaml")))
        if ok:
            assert load_scenario(scenario).factory.waste_heat[0].recoverable_mwh_th_per_year == recoverable
        else:
            with pytest.raises(InputError) as info:
                load_scenario(scenario)
            assert info.value.file == str(path) and info.value.field == "waste_heat"


def test_rulebook_thresholds_must_not_fall_as_the_level_rises() -> None:
    shipped = load_rulebook("T/CECA-G 0171-2022")
    assert shipped.order_problems() == []
    data = yaml.safe_load(
        (ROOT / "zcf_opt" / "data" / "rulebooks" / "t-ceca-g-0171-2022.yaml").read_text(encoding="utf-8")
    )
    data["levels"][1]["requirements"][1]["min_share"] = 0.5  # I-4 neutralises less than I-3's 1.0
    data["levels"][6]["requirements"][2]["min_share"] = 0.05  # II-5's removals below II-4's 0.25
    with pytest.raises(InputError) as info:
        parse_rulebook(yaml.safe_dump(data, allow_unicode=True), "mine.yaml")
    problems = info.value.problems
    # I-5 and I-6 still ask 100 % (at least I-3's); II-5's 5 % is below II-3's 10 % and II-4's 25 %
    assert {(p.field, p.file) for p in problems} == {
        ("levels[1].requirements", "mine.yaml"),
        ("levels[6].requirements", "mine.yaml"),
    }
    assert "level 'I-4' (rank 4) is weaker than 'I-3' (rank 3)" in problems[0].message
    assert any("level 'II-5' (rank 5) is weaker than 'II-4' (rank 4)" in p.message for p in problems)


def test_schema_command_gives_schemas_that_accept_every_shipped_file(tmp_path: Path) -> None:
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which(
        "check-jsonschema"
    )
    assert checker, "check-jsonschema is a test dependency"
    for kind, files in (
        ("scenario", sorted((ROOT / "scenarios").glob("*.yaml"))),
        ("factory", sorted((ROOT / "models").glob("*.yaml"))),
        ("rulebook", sorted((ROOT / "zcf_opt" / "data" / "rulebooks").glob("*.yaml"))),
    ):
        result = CliRunner().invoke(main, ["schema", kind])
        assert result.exit_code == 0
        schema = json.loads(result.output)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:zcf-opt:schema:{kind}"
        path = tmp_path / f"{kind}.schema.json"
        path.write_text(result.output)
        assert files
        checked = subprocess.run(
            [checker, "--schemafile", str(path), *map(str, files)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    # the same schemas refuse what zcf-opt refuses: an unknown key, a negative price, a bad level
    bad = tmp_path / "bad.yaml"
    for change in (
        {"tarif": {}},
        {"gas_price_cny_per_nm3": -1},
        {"targets": [{"year": 2030, "level": "I x"}]},
    ):
        bad.write_text(yaml.safe_dump({**_example(factory="../models/x.yaml"), **change}))
        checked = subprocess.run(
            [checker, "--schemafile", str(tmp_path / "scenario.schema.json"), str(bad)], capture_output=True
        )
        assert checked.returncode == 1, change
