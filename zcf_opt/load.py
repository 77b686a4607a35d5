"""Read scenario and factory-model YAML files into validated schema objects.

Every problem becomes an :class:`~zcf_opt.errors.InputError` naming the file, the field and
what was expected, so the command line can print one clear line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from zcf_opt.errors import InputError
from zcf_opt.schema import FactoryModel, Scenario

_TYPE_TAGS = {"float", "int", "str", "bool", "list", "dict", "function-after", "function-before"}


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping from ``path``."""
    if not path.is_file():
        raise InputError(path, None, "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(path, None, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(path, None, "expected a mapping of fields at the top level")
    return data


def _field_path(loc: tuple[Any, ...]) -> str:
    """Dotted field path from a pydantic error location, without union type tags."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part.isidentifier() and not part[0].isupper() and part not in _TYPE_TAGS:
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def _as_input_error(path: Path, exc: ValidationError) -> InputError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
        shown = repr(first["input"])
        message += f" (got {shown[:80]}{'...' if len(shown) > 80 else ''})"
    if first["type"] == "extra_forbidden":
        message = "unknown field (check the spelling; see the README for the fields)"
    if len(errors) > 1:
        message += f" [and {len(errors) - 1} more problem(s)]"
    return InputError(path, _field_path(first["loc"]) or None, message)


def _validate(model: type[BaseModel], data: dict[str, Any], path: Path) -> Any:
    try:
        return model.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as exc:
        raise _as_input_error(path, exc) from None


def load_factory(path: str | Path) -> FactoryModel:
    """Load and validate a factory model file.

    Parameters
    ----------
    path
        Factory model YAML; relative paths inside it are resolved from its folder.
    """
    path = Path(path)
    return _validate(FactoryModel, read_yaml(path), path)


def _is_trajectory(value: object) -> bool:
    """A ``{year: value}`` mapping: replaced whole by an override, never merged."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, int) or (isinstance(k, str) and k.isdigit()) for k in value
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

    Parameters
    ----------
    path
        Scenario YAML. ``name`` defaults to the file's stem; ``factory`` is a path relative
        to the scenario's folder, or an inline mapping.
    overrides
        Fields replacing those of the file, merged into nested sections
        (``{"certificates": {"price_cny_per_mwh": 5}}`` keeps the file's ``cap_mwh``); a
        ``factory`` mapping is merged into the factory model file the scenario names.
    """
    path = Path(path)
    data = read_yaml(path)
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
    if isinstance(factory, str):
        factory_path = _factory_path(path, factory)
        raw = read_yaml(factory_path)
        if isinstance(factory_overrides, dict):
            raw = deep_merge(raw, factory_overrides)
        data["factory"] = _validate(FactoryModel, raw, factory_path)
    return _validate(Scenario, data, path)


def _factory_path(scenario_path: Path, factory: str) -> Path:
    """The factory model file a scenario names, relative to the scenario's folder."""
    factory_path = Path(factory)
    if not factory_path.is_absolute():
        factory_path = scenario_path.parent / factory_path
    if not factory_path.is_file():
        raise InputError(scenario_path, "factory", f"factory model file not found: {factory_path}")
    return factory_path
