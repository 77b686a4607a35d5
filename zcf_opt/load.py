"""Read scenario and factory-model YAML files into validated schema objects.

Every problem becomes an :class:`~zcf_opt.errors.InputError` naming the file, the field and
what was expected, so the command line can print one clear line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from zcf_opt.errors import InputError, raise_problems
from zcf_opt.schema import FactoryModel, Scenario
from zcf_opt.schema.problems import validation_problems
from zcf_opt.yamlio import read_yaml

__all__ = ["load_factory", "load_scenario", "read_yaml"]


def _validate(model: type[BaseModel], data: dict[str, Any], path: Path, problems: list[InputError]) -> Any:
    """Validate; raise the problems found so far together with the schema's."""
    try:
        valid = model.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as exc:
        raise_problems(problems + validation_problems(path, exc, model))
    raise_problems(problems)
    return valid


def load_factory(path: str | Path) -> FactoryModel:
    """Load and validate a factory model file.

    Parameters
    ----------
    path
        Factory model YAML; relative paths inside it are resolved from its folder.

    Raises
    ------
    zcf_opt.errors.InputError
        Every problem of the file, one per line.
    """
    path = Path(path)
    problems: list[InputError] = []
    return _validate(FactoryModel, read_yaml(path, problems), path, problems)


def _is_trajectory(value: object) -> bool:
    """A ``{year: value}`` mapping: replaced whole by an override, never merged."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, int) or (isinstance(k, str) and k.isdigit()) for k in value)
    )


def deep_merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` applied: nested sections merged key by key, the rest replaced.

    A section (a mapping of field names) keeps the keys the override does not name; a value,
    a list or a trajectory (``{year: value}``) is replaced whole.
    """
    merged = dict(base)
    for key, value in overrides.items():
        current = merged.get(key)
        if isinstance(value, dict) and isinstance(current, dict) and not _is_trajectory(value):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario file and the factory model it names.

    The problems of both files are reported together, each naming its own file; a target
    level must be one of the scenario's rulebook.

    Parameters
    ----------
    path
        Scenario YAML. ``name`` defaults to the file's stem; ``factory`` is a path relative
        to the scenario's folder, or an inline mapping.
    overrides
        Fields replacing those of the file, merged into nested sections
        (``{"certificates": {"price_cny_per_mwh": 5}}`` keeps the file's ``cap_mwh``); a
        ``factory`` mapping is merged into the factory model file the scenario names.

    Raises
    ------
    zcf_opt.errors.InputError
        Every problem found, one per line.
    """
    path = Path(path)
    problems: list[InputError] = []
    data = read_yaml(path, problems)
    overrides = dict(overrides or {})
    factory_overrides = overrides.pop("factory", None)
    data = deep_merge(data, overrides)
    data.setdefault("name", path.stem)
    factory = data.get("factory")
    if isinstance(factory_overrides, dict) and isinstance(factory, dict):
        data["factory"] = deep_merge(factory, factory_overrides)  # an inline factory model
    elif factory_overrides is not None and not isinstance(factory_overrides, dict):
        data["factory"] = factory_overrides  # another file, or a model object
    factory = data.get("factory")
    factory_failed = False
    if isinstance(factory, str):
        try:
            factory_path = _factory_path(path, factory)
            factory_problems: list[InputError] = []
            raw = read_yaml(factory_path, factory_problems)
            if isinstance(factory_overrides, dict):
                raw = deep_merge(raw, factory_overrides)
            data["factory"] = _validate(FactoryModel, raw, factory_path, factory_problems)
        except InputError as exc:
            problems += exc.problems
            factory_failed = True
    try:
        scenario = Scenario.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as exc:
        found = validation_problems(path, exc, Scenario)
        if factory_failed:  # the factory file's own problems are already listed
            found = [p for p in found if not (p.field or "").startswith("factory")]
        raise_problems(problems + found + _raw_level_problems(data, path))
    if problems:  # keys given twice in the scenario file
        raise_problems(problems + _raw_level_problems(data, path))
    raise_problems(standards_problems(scenario, path))
    return scenario


def standards_problems(scenario: Scenario, path: Path) -> list[InputError]:
    """Every target's standard and level, and every rulebook option, must exist (the problems
    of a broken rulebook file are raised naming that file)."""
    from zcf_opt.standards import scenario_standard_problems

    return [InputError(path, field, message) for field, message in scenario_standard_problems(scenario)]


def _factory_path(scenario_path: Path, factory: str) -> Path:
    """The factory model file a scenario names, relative to the scenario's folder."""
    factory_path = Path(factory).expanduser()
    if not factory_path.is_absolute():
        factory_path = scenario_path.parent / factory_path
    if not factory_path.exists():
        raise InputError(scenario_path, "factory", f"factory model file not found: {factory_path}")
    return factory_path


def _raw_level_problems(data: dict[str, Any], path: Path) -> list[InputError]:
    """Target standards and levels not in their rulebooks, read from a scenario that has other
    problems too, so that one run reports them with the rest; the rulebook's own problems come
    along."""
    from zcf_opt.schema.scenario import LEVEL_NAME_PATTERN
    from zcf_opt.standards import DEFAULT_STANDARD, load_rulebook
    from zcf_opt.standards.library import level_problem, target_rulebook

    targets = data.get("targets")
    standard = data.get("standard", DEFAULT_STANDARD)
    rulebook_file = data.get("rulebook_file")
    if not isinstance(targets, list) or not isinstance(standard, str):
        return []
    if rulebook_file is not None:
        if not isinstance(rulebook_file, str) or not (path.parent / rulebook_file).is_file():
            return []
        rulebook_file = path.parent / rulebook_file
    try:
        main = load_rulebook(standard, rulebook_file, source=path)
    except InputError as exc:
        return exc.problems if rulebook_file is not None else []
    problems = []
    for i, target in enumerate(targets):
        level = target.get("level") if isinstance(target, dict) else None
        if not isinstance(level, str) or not LEVEL_NAME_PATTERN.match(level):
            continue
        named = target.get("standard")
        try:
            rulebook = target_rulebook(named if isinstance(named, str) else None, main)
        except InputError as exc:
            problems.append(InputError(path, f"targets[{i}].standard", exc.message))
            continue
        if level not in rulebook.level_names():
            problems.append(InputError(path, f"targets[{i}].level", level_problem(level, rulebook)))
    return problems
