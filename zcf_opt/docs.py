"""Generate the field reference (docs/fields.md) from the schema itself.

Run ``python -m zcf_opt.docs > docs/fields.md``; a test fails when the file is out of date.
"""

from __future__ import annotations

import functools
import operator
import types
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from zcf_opt.schema import FactoryModel, Scenario
from zcf_opt.schema.common import TRAJECTORY_NAMES
from zcf_opt.standards import Rulebook


def _trajectory_name(annotation: object) -> str | None:
    """``"trajectory (>= 0)"`` for a trajectory type (``"... or none"`` when optional), else None."""
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = len(members) < len(typing.get_args(annotation))
    for kind, name in TRAJECTORY_NAMES.items():
        if annotation == kind or (optional and members and functools.reduce(operator.or_, members) == kind):
            return name + (" or none" if optional else "")
    return None


def _type_name(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    trajectory = _trajectory_name(annotation) if origin in (typing.Union, types.UnionType) else None
    if trajectory:
        return trajectory
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(annotation))
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin in (list, dict):
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in typing.get_args(annotation))}]"
    if annotation is type(None):
        return "none"
    return getattr(annotation, "__name__", str(annotation))


def _nested_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _nested_models(arg)]


def _default(info: object) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        return "catalogue" if "default_key" in extra else "see section"
    return "" if info.default is PydanticUndefined else f"`{info.default}`"


def model_tables(model: type[BaseModel], prefix: str = "", seen: set | None = None) -> list[str]:
    """Markdown tables of a model and, after it, of the models it contains."""
    seen = set() if seen is None else seen
    lines = [f"### `{prefix or model.__name__}`", "", (model.__doc__ or "").strip(), ""]
    lines += ["| field | type | default | description |", "|---|---|---|---|"]
    children = []
    for name, info in model.model_fields.items():
        description = (info.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {_type_name(info.annotation)} | {_default(info)} | {description} |")
        for child in _nested_models(info.annotation):
            if child not in seen:
                seen.add(child)
                children.append((f"{prefix + '.' if prefix else ''}{name}", child))
    lines.append("")
    for path, child in children:
        lines += model_tables(child, path, seen)
    return lines


def field_reference() -> str:
    """The whole field reference as Markdown."""
    header = [
        "# Field reference",
        "",
        "Generated from the schema by `python -m zcf_opt.docs`; do not edit by hand.",
        "A *trajectory* is one number for every year, or `{year: value}` points (at least one),",
        "linear between them and flat outside; `trajectory (>= 0)` takes no negative value.",
        "`catalogue` defaults come from `zcf_opt/data/defaults.yaml`, where each figure has its",
        "source and year.",
        "",
        "Every number must be finite (no NaN or infinity) and at most 1e12 in size. Prices,",
        "costs, caps, O&M, emissions and emission factors are never negative: a negative one has",
        "no physical meaning, and a negative cost would let the optimiser gain without limit. The",
        "only fields that may be negative are those where a sign has a meaning: site latitude",
        "(south), longitude (west) and altitude (below sea level); the annual mean air",
        "temperature and a heat pump's source temperature (winter air); the PV power",
        "temperature coefficient (always <= 0: output falls as cells warm); the demand growth",
        "rates (a shrinking demand, above -1 so that demand stays positive); and the `low`/`high` of a",
        "sensitivity range, which take the sign of the parameter they vary.",
        "",
        "## Scenario file (`scenarios/*.yaml`)",
        "",
    ]
    scenario = model_tables(Scenario, seen={FactoryModel})
    factory = ["## Factory model file (`models/*.yaml`)", "", *model_tables(FactoryModel)]
    rulebook = ["## Rulebook file (`rulebook_file`)", "", *model_tables(Rulebook)]
    return "\n".join(header + scenario + factory + rulebook).rstrip() + "\n"


if __name__ == "__main__":
    print(field_reference(), end="")
