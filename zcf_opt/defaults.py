"""The catalogue of shipped default figures, each with its source and year.

The catalogue lives in ``zcf_opt/data/defaults.yaml``. Schema fields that fall back on a
catalogue figure are declared with :func:`default_field`, which keeps the figure, its unit and
its source in the field's description (and so in the JSON Schema and the docs). After a
scenario is loaded, :func:`defaults_used` lists every catalogue figure the run relies on.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from zcf_opt.yamlio import parse_yaml


@dataclass(frozen=True)
class DefaultFigure:
    """One default figure of the catalogue."""

    key: str
    value: Any
    unit: str
    source: str
    year: int
    status: str  # "sourced", "derived" or "placeholder"
    source_zh: str = ""  # the source in Chinese
    label_zh: str = ""  # name of the figure in Chinese
    label_en: str = ""  # name of the figure in English

    @property
    def is_placeholder(self) -> bool:
        return self.status == "placeholder"

    def label(self, lang: str) -> str:
        """Name of the figure in ``lang`` (``"zh"`` or ``"en"``); the key when none is given."""
        return (self.label_zh if lang == "zh" else self.label_en) or self.key

    def source_in(self, lang: str) -> str:
        """The source in ``lang``; the English source when no Chinese one is given."""
        return (self.source_zh if lang == "zh" else "") or self.source


@cache
def catalogue() -> dict[str, DefaultFigure]:
    """All default figures, keyed by catalogue key."""
    text = resources.files("zcf_opt.data").joinpath("defaults.yaml").read_text(encoding="utf-8")
    raw = parse_yaml(Path("zcf_opt/data/defaults.yaml"), text)
    return {key: DefaultFigure(key=key, **entry) for key, entry in raw.items()}


def figure(key: str) -> DefaultFigure:
    """The catalogue figure ``key``."""
    return catalogue()[key]


def label_of(key: str, lang: str) -> str:
    """Name of the catalogue figure ``key`` in ``lang``; the key itself when it is not in the catalogue."""
    entry = catalogue().get(key)
    return entry.label(lang) if entry is not None else key


def default_field(key: str, description: str, **kwargs: Any) -> Any:
    """A pydantic ``Field`` whose default is the catalogue figure ``key``.

    The description gains the default, its unit and source, so the schema documents it.
    """
    fig = figure(key)
    note = f" Default: {fig.value} [{fig.unit}], {fig.source} ({fig.year})."
    if fig.is_placeholder:
        note += " PLACEHOLDER: set your own figure."
    return Field(
        default_factory=lambda: copy.deepcopy(fig.value),
        description=description + note,
        json_schema_extra={"default_key": key},
        **kwargs,
    )


@dataclass(frozen=True)
class DefaultUse:
    """A catalogue figure used by a run, and the field it fills."""

    field: str
    figure: DefaultFigure

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "key": self.figure.key,
            "value": self.figure.value,
            "unit": self.figure.unit,
            "source": self.figure.source,
            "year": self.figure.year,
            "status": self.figure.status,
        }


def defaults_used(model: BaseModel, prefix: str = "") -> list[DefaultUse]:
    """Every catalogue default that ``model`` (and its sub-models) did not override.

    Parameters
    ----------
    model
        A validated schema object.
    prefix
        Dotted path of ``model`` inside the scenario, for the report.
    """
    used: list[DefaultUse] = []
    for name, info in type(model).model_fields.items():
        path = f"{prefix}{name}"
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if "default_key" in extra and name not in model.model_fields_set:
            used.append(DefaultUse(field=path, figure=figure(str(extra["default_key"]))))
        if isinstance(value, BaseModel):
            used.extend(defaults_used(value, prefix=f"{path}."))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    used.extend(defaults_used(item, prefix=f"{path}[{index}]."))
    return used
