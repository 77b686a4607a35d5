"""Every bad input of the corpus (tests/bad_inputs): exit 2, one line per problem naming the
file and the field, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs.corpus import Case, all_cases, materialize
from click.testing import CliRunner

from zcf_opt.cli import main

CASES = all_cases()


def test_the_corpus_is_large_and_its_names_distinct() -> None:
    assert len(CASES) > 100
    assert len({case.id for case in CASES}) == len(CASES)


def _files(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _field_matches(line: str, expect: dict) -> bool:
    if "field" in expect:
        return f"field '{expect['field']}'" in line
    if "field_prefix_of" in expect:
        path = expect["field_prefix_of"]
        if "field '" not in line:
            return False
        named = line.split("field '", 1)[1].split("'", 1)[0]
        return bool(named) and (path == named or path.startswith((named + ".", named + "[")))
    return True


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_exit_2_one_line_per_problem(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    scenario = materialize(case, folder)
    before = _files(folder)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "out"), "--quiet"])
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and isinstance(result.exception, SystemExit)
    lines = output.strip().splitlines()
    assert lines and all(line.startswith(f"error: {folder}/") for line in lines), output
    assert all(len(line) < 600 for line in lines), "a line shows a huge value whole"
    expect = case.expect
    assert len(lines) >= expect.get("min_lines", 1), output
    named = [line for line in lines if line.startswith(f"error: {folder / expect['file']}")]
    assert named, output
    assert any(_field_matches(line, expect) for line in named), output
    messages = expect.get("message", [])
    for message in [messages] if isinstance(messages, str) else messages:
        assert any(message in line for line in lines), output
    assert not (tmp_path / "out").exists() and not any(work.iterdir())
    assert _files(folder) == before
