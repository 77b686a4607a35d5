"""The shipped rulebooks, a user's rulebook files, and the rulebooks a scenario uses.

A standard is named by its rulebook ``id`` (``t-ceca-g-0171-2022``), by its reference as the
rulebook writes it (``T/CECA-G 0171-2022``, case and spaces ignored), or by the path of a
rulebook file.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from zcf_opt.errors import InputError, raise_problems
from zcf_opt.schema.problems import validation_problems
from zcf_opt.standards.rulebook import Rulebook
from zcf_opt.yamlio import parse_yaml, read_yaml

if TYPE_CHECKING:
    from zcf_opt.schema import Scenario

#: shipped rulebooks: id -> file in zcf_opt/data/rulebooks
SHIPPED = {
    "t-ceca-g-0171-2022": "t-ceca-g-0171-2022.yaml",
    "miit-zero-carbon-factory-2026": "miit-zero-carbon-factory-2026.yaml",
    "sip-zero-carbon-factory": "sip-zero-carbon-factory.yaml",
    "iso-14068-1-2023": "iso-14068-1-2023.yaml",
    "sbti-corporate-net-zero": "sbti-corporate-net-zero.yaml",
}

#: the standard a scenario uses when it names none
DEFAULT_STANDARD = "T/CECA-G 0171-2022"


def rulebook_from_data(data: object, path: str | Path, problems: list[InputError] | None = None) -> Rulebook:
    """Validate rulebook data read from ``path``.

    Raises
    ------
    InputError
        Every problem at once (with ``problems`` found while reading, e.g. keys given twice),
        each naming the file and the field.
    """
    problems = list(problems or [])
    if not isinstance(data, dict):
        raise_problems(
            [
                *problems,
                InputError(path, None, "expected a rulebook: a mapping with 'format: 2', 'levels', ..."),
            ]
        )
    if data.get("format") != 2:
        found = data.get("format")
        message = f"expected 'format: 2' (the rulebook format of this version), got {found!r}"
        raise_problems([*problems, InputError(path, "format", message)])
    try:
        rulebook = Rulebook.model_validate(data)
    except ValidationError as exc:
        raise_problems(problems + validation_problems(path, exc, Rulebook))
    raise_problems(
        problems + [InputError(path, field, message) for field, message in rulebook.order_problems()]
    )
    return rulebook


def parse_rulebook(text: str, path: str | Path) -> Rulebook:
    """Validate rulebook YAML ``text`` read from ``path`` (strict YAML: keys given twice, aliases)."""
    problems: list[InputError] = []
    return rulebook_from_data(parse_yaml(Path(path), text, problems), path, problems)


def read_rulebook_file(path: str | Path) -> Rulebook:
    """Load a user's rulebook file (YAML, UTF-8)."""
    problems: list[InputError] = []
    return rulebook_from_data(read_yaml(path, problems), path, problems)


@cache
def shipped_rulebook(rulebook_id: str) -> Rulebook:
    """A shipped rulebook by id."""
    name = SHIPPED[rulebook_id]
    text = resources.files("zcf_opt.data.rulebooks").joinpath(name).read_text(encoding="utf-8")
    return parse_rulebook(text, f"zcf_opt/data/rulebooks/{name}")


def shipped_rulebooks() -> list[Rulebook]:
    """Every shipped rulebook, in the order of :data:`SHIPPED`."""
    return [shipped_rulebook(rulebook_id) for rulebook_id in SHIPPED]


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def find_shipped(name: str) -> Rulebook | None:
    """The shipped rulebook whose id or standard reference is ``name``, else None."""
    for rulebook in shipped_rulebooks():
        if _key(name) in (_key(rulebook.id), _key(rulebook.standard)):
            return rulebook
    return None


def find_rulebook(name: str, source: str | Path | None = None) -> Rulebook:
    """A shipped rulebook by id or reference, or a rulebook file by path (``source``: the file
    that names it, for the message about an unknown standard).

    Raises
    ------
    InputError
        When ``name`` is neither.
    """
    found = find_shipped(name)
    if found is not None:
        return found
    if name.endswith((".yaml", ".yml")) or Path(name).is_file():
        return read_rulebook_file(name)
    known = ", ".join(f"{rb.id} ({rb.standard})" for rb in shipped_rulebooks())
    raise InputError(
        None, "standard", f"unknown standard '{name}'; shipped: {known}; or give a rulebook file"
    )


def load_rulebook(
    standard: str, rulebook_file: Path | None = None, source: str | Path | None = None
) -> Rulebook:
    """A rulebook by standard name, or from the user's ``rulebook_file``, options at their defaults.

    ``source`` is the file that names the standard (for the message about an unknown one).
    """
    if rulebook_file is not None:
        return read_rulebook_file(rulebook_file)
    return find_rulebook(standard, source)


def _matches(name: str | None, rulebook: Rulebook) -> bool:
    return name is None or _key(name) in (_key(rulebook.id), _key(rulebook.standard))


def target_rulebook(standard: str | None, main: Rulebook) -> Rulebook:
    """The rulebook a target's ``standard`` names (None: the scenario's own)."""
    return main if _matches(standard, main) else find_rulebook(standard)


def scenario_rulebooks(scenario: Scenario, main: Rulebook | None = None) -> dict[str, Rulebook]:
    """Every rulebook a scenario uses, configured with its option choices, the main one first.

    Parameters
    ----------
    scenario
        The scenario; its ``standard`` (or ``rulebook_file``) is the main rulebook, each target
        may name another.
    main
        The main rulebook if already loaded.

    Returns
    -------
    dict
        Rulebook id -> configured rulebook.

    Raises
    ------
    InputError
        For an unknown standard, a level not in its rulebook, or an option no rulebook has.
    """
    problems = scenario_standard_problems(scenario, main)
    if problems:
        field, message = problems[0]
        raise InputError(None, field, message)
    main = main or load_rulebook(scenario.standard, scenario.rulebook_file)
    found = {main.id: main}
    for target in scenario.targets:
        rulebook = target_rulebook(target.standard, main)
        found.setdefault(rulebook.id, rulebook)
    return {key: configure(rulebook, scenario.rulebook_options) for key, rulebook in found.items()}


def configure(rulebook: Rulebook, options: dict[str, str]) -> Rulebook:
    """The rulebook with the scenario's choices for the options it defines."""
    return rulebook.configured({k: v for k, v in options.items() if k in rulebook.options})


def scenario_standard_problems(scenario: Scenario, main: Rulebook | None = None) -> list[tuple[str, str]]:
    """``(field, message)`` for every unknown standard, level or option of a scenario."""
    problems: list[tuple[str, str]] = []
    try:
        main = main or load_rulebook(scenario.standard, scenario.rulebook_file)
    except InputError as exc:
        if exc.file is not None and exc.file != "None":
            raise
        return [("rulebook_file" if scenario.rulebook_file else "standard", exc.message)]
    used = {main.id: main}
    for i, target in enumerate(scenario.targets):
        try:
            rulebook = target_rulebook(target.standard, main)
        except InputError as exc:
            problems.append((f"targets[{i}].standard", exc.message))
            continue
        used.setdefault(rulebook.id, rulebook)
        if target.level not in rulebook.level_names():
            problems.append((f"targets[{i}].level", level_problem(target.level, rulebook)))
    green = scenario.finance.loan.green if scenario.finance.loan else None
    if green is not None and green.level not in main.level_names():
        problems.append(("finance.loan.green.level", level_problem(green.level, main)))
    for name, choice in scenario.rulebook_options.items():
        owners = [rb for rb in used.values() if name in rb.options]
        if not owners:
            known = sorted({o for rb in used.values() for o in rb.options})
            problems.append(
                (
                    f"rulebook_options.{name}",
                    f"no standard of this scenario has option '{name}' (options: {known or 'none'})",
                )
            )
        for rulebook in owners:
            if choice not in rulebook.options[name].choices:
                problems.append(
                    (
                        f"rulebook_options.{name}",
                        f"'{choice}' is not a choice of {rulebook.standard} option '{name}' "
                        f"(choices: {', '.join(rulebook.options[name].choices)})",
                    )
                )
    return problems


def targets_in_force(scenario: Scenario, rulebooks: dict[str, Rulebook]) -> dict[str, dict[int, str | None]]:
    """Level in force each year, per rulebook id: a target holds from its year until the next
    target of the same standard.

    Parameters
    ----------
    scenario
        The scenario.
    rulebooks
        Output of :func:`scenario_rulebooks` (the main rulebook first).
    """
    main = next(iter(rulebooks.values()))
    by_id: dict[str, list] = {key: [] for key in rulebooks}
    for target in scenario.targets:
        by_id[target_rulebook(target.standard, main).id].append(target)
    in_force: dict[str, dict[int, str | None]] = {}
    for key, targets in by_id.items():
        ordered = sorted(targets, key=lambda t: t.year)
        current: str | None = None
        levels: dict[int, str | None] = {}
        for year in scenario.horizon.years:
            for target in ordered:
                if target.year == year:
                    current = target.level
            levels[year] = current
        in_force[key] = levels
    return in_force


def readings(rulebooks: dict[str, Rulebook]) -> list[dict[str, str]]:
    """The option choices (readings of the text) each rulebook is used with."""
    return [
        {
            "standard": rulebook.standard,
            "option": name,
            "choice": choice,
            "meaning": rulebook.options[name].choices[choice],
            "question": rulebook.options[name].description,
        }
        for rulebook in rulebooks.values()
        for name, choice in rulebook.choices.items()
    ]


def column_key(name: str) -> str:
    """A boundary or rulebook id as it appears in column names (``plant-physical`` ->
    ``plant_physical``)."""
    return re.sub(r"[^0-9A-Za-z_]", "_", name)


def level_problem(level: str, rulebook: Rulebook) -> str:
    """The message about a target level its rulebook does not define."""
    return (
        f"level '{level}' is not in {rulebook.standard}; expected one of {', '.join(rulebook.level_names())}"
    )
