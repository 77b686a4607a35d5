"""Rulebooks: the shipped ones listed with sources, a user's file used the same way, and every
bad rulebook or target rejected with the file and field named (exit 2)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import requirement, write_rulebook
from zcf_opt.cli import main
from zcf_opt.schema.jsonschema import json_schema
from zcf_opt.standards import SHIPPED, Rulebook, shipped_rulebooks
from zcf_opt.standards.implication import requirement_implies
from zcf_opt.sweep.levels import rule_implies

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_standards_lists_five_rulebooks_and_a_source_for_every_requirement() -> None:
    result = _run("standards")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    listed = [line.split(":")[0] for line in lines if line and not line.startswith(" ") and ":" in line]
    assert set(SHIPPED) <= set(listed) and len(SHIPPED) >= 5
    requirements = [i for i, line in enumerate(lines) if line.startswith("    - ")]
    assert len(requirements) == sum(len(lv.active()) for rb in shipped_rulebooks() for lv in rb.levels)
    for i in requirements:
        assert lines[i + 1].startswith("      source: ") and len(lines[i + 1]) > len("      source: ") + 5


def test_one_standard_in_full_shows_both_readings_of_qingchu() -> None:
    result = _run("standards", "T/CECA-G 0171-2022")
    assert result.exit_code == 0, result.output
    assert "qingchu: How Type II 'qingchu'" in result.output
    assert "清除 = 为剩余排放注销碳移除信用" in result.output
    assert "removal_credits:" in result.output and "outside_reductions:" in result.output
    assert "[when qingchu=outside_reductions]" in result.output
    sources = [line for line in result.output.splitlines() if line.startswith("      source: ")]
    assert len(sources) == sum(len(lv.requirements) for lv in shipped_rulebooks()[0].levels)


def test_a_user_rulebook_file_works_like_a_shipped_one(tmp_path: Path) -> None:
    levels = [
        {
            "name": "green",
            "boundary": "plant",
            "rank": 1,
            "requirements": [requirement("renewable_share", min_share=0.4)],
        }
    ]
    path = write_rulebook(tmp_path, levels)
    result = _run("standards", str(path))
    assert result.exit_code == 0, result.output
    assert "green (boundary plant, rank 1)" in result.output
    assert "renewable electricity share ≥ 40 %" in result.output and "source: TEST 1, 4.1" in result.output


def test_the_committed_json_schema_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "rulebook.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema("rulebook"), "run: zcf-opt schema rulebook > docs/rulebook.schema.json"
    assert committed["$id"] == "urn:zcf-opt:schema:rulebook"
    assert set(committed["properties"]) == set(Rulebook.model_fields)


def test_levels_of_a_standard_get_stricter_as_their_rank_rises() -> None:
    for rulebook in shipped_rulebooks():
        for choices in rulebook.choice_combinations():
            configured = rulebook.configured(choices)
            for boundary in configured.boundaries:
                ordered = configured.levels_of(boundary)
                for weaker, stricter in itertools.pairwise(ordered):
                    assert rule_implies(stricter, weaker, configured), (rulebook.id, stricter.name)
                    assert not rule_implies(weaker, stricter, configured), (rulebook.id, weaker.name)


def test_a_bigger_boundary_implies_the_smaller_one_but_not_the_reverse() -> None:
    t_ceca = shipped_rulebooks()[0]
    type_i, type_ii = t_ceca.boundaries["I"], t_ceca.boundaries["II"]
    neutral_i = t_ceca.level("I-6").active()[1]
    assert requirement_implies(neutral_i, type_ii, neutral_i, type_i)
    assert not requirement_implies(neutral_i, type_i, neutral_i, type_ii)


def _scenario(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load((ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    data["factory"] = str(ROOT / "models" / "suzhou_auto_parts.yaml")
    data.update(changes)
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _bad_rulebook(folder: Path, text: bytes) -> Path:
    path = folder / "bad_rules.yaml"
    path.write_bytes(text)
    return path


FALLING = yaml.safe_dump(
    {
        "format": 2,
        "id": "falling",
        "standard": "FALLING 1",
        "title": "t",
        "issuer": "t",
        "year": 2025,
        "boundaries": {"plant": {"description": "scope 1 + 2"}},
        "levels": [
            {
                "name": "L-1",
                "boundary": "plant",
                "rank": 1,
                "requirements": [requirement("renewable_share", min_share=0.5)],
            },
            {
                "name": "L-2",
                "boundary": "plant",
                "rank": 2,
                "requirements": [requirement("renewable_share", min_share=0.3)],
            },
        ],
    }
).encode()


@pytest.mark.parametrize(
    "content, field, words",
    [
        (FALLING, None, "level 'L-2' (rank 2) is weaker than 'L-1' (rank 1)"),
        (b"format: 2\nlevels: [\n", None, "not valid YAML at line 3, column 1"),
        ("format: 2\nstandard: 零碳\n".encode("gb18030"), None, "not UTF-8 text"),
        (b"format: 1\nstandard: X\n", "format", "expected 'format: 2'"),
        (
            FALLING.replace(b"min_share: 0.3", b"min_share: 1.3"),
            "levels[1].requirements[0].min_share",
            "expected a value <= 1, got 1.3",
        ),
    ],
)
def test_a_bad_rulebook_file_is_exit_2_naming_file_and_problem(
    tmp_path: Path, content: bytes, field: str | None, words: str
) -> None:
    rules = _bad_rulebook(tmp_path, content)
    scenario = _scenario(tmp_path, rulebook_file=str(rules))
    out = tmp_path / "run"
    result = _run("solve", str(scenario), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert str(rules) in result.output and words in result.output
    if field:
        assert f"field '{field}'" in result.output
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"targets": [{"year": 2030, "level": "I-7"}]}, "targets[0].level", "level 'I-7' is not in"),
        ({"targets": [{"year": 2030, "level": "I-2"}]}, "targets[0].level", "expected one of I-3, I-4"),
        (
            {"targets": [{"year": 2030, "level": "zero-carbon", "standard": "nowhere"}]},
            "targets[0].standard",
            "unknown standard 'nowhere'",
        ),
        ({"rulebook_options": {"qingchu": "maybe"}}, "rulebook_options.qingchu", "choices: removal_credits"),
        ({"rulebook_options": {"reading": "x"}}, "rulebook_options.reading", "no standard of this scenario"),
    ],
)
def test_a_target_or_option_not_in_its_rulebook_is_exit_2(
    tmp_path: Path, changes: dict, field: str, words: str
) -> None:
    scenario = _scenario(tmp_path, **changes)
    out = tmp_path / "run"
    result = _run("solve", str(scenario), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert str(scenario) in result.output and f"field '{field}'" in result.output and words in result.output
    assert not out.exists()


def test_unknown_standard_name_on_the_command_line_is_exit_2() -> None:
    result = _run("standards", "ISO 99999")
    assert result.exit_code == 2
    assert "unknown standard 'ISO 99999'" in result.output and "Traceback" not in result.output
