"""Standards as data: rulebooks that define boundary types and star levels.

A rulebook is a YAML file (schema :class:`Rulebook`). zcf-opt ships T/CECA-G 0171-2022 in
``zcf_opt/data/rulebooks``; a scenario may name its own file instead. The optimiser turns a
level into constraints (``zcf_opt.model.targets``); the certifier (``zcf_opt.certify``)
evaluates a solution against the same rulebook with code of its own.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from zcf_opt.errors import InputError
from zcf_opt.schema.common import StrictModel
from zcf_opt.schema.scenario import LEVEL_PATTERN

#: Shipped rulebooks: standard name -> file in zcf_opt/data/rulebooks.
SHIPPED = {"T/CECA-G 0171-2022": "t-ceca-g-0171-2022.yaml"}


class Boundary(StrictModel):
    """A boundary type: which emissions count."""

    description: str
    includes_scope3: bool = Field(description="True when transport and purchased goods count.")


class LevelRule(StrictModel):
    """Thresholds of one level; every share is a fraction of that year's figures [1]."""

    level: str = Field(description="'<boundary>-<stars>', e.g. 'I-4'.")
    min_re_share: float = Field(ge=0, le=1)
    min_neutralised_share: float = Field(ge=0, le=1)
    min_removal_share: float = Field(ge=0, le=1)
    provisional: bool = Field(description="True when the threshold is not from the standard's text.")
    source: str
    source_zh: str = Field("", description="The source in Chinese (for the proposal); default: 'source'.")

    def source_in(self, lang: str) -> str:
        """The source in ``lang`` (``"zh"`` or ``"en"``)."""
        return (self.source_zh if lang == "zh" else "") or self.source

    @property
    def boundary(self) -> str:
        return self.level.split("-")[0]

    @property
    def stars(self) -> int:
        return int(self.level.split("-")[1])


class Rulebook(StrictModel):
    """A standard's boundary types and levels."""

    standard: str
    title: str
    title_en: str = Field("", description="The title in English (for the proposal); default: 'title'.")
    issuer: str
    year: int
    boundaries: dict[str, Boundary]
    levels: list[LevelRule]

    @model_validator(mode="after")
    def _consistent(self) -> Rulebook:
        names = [rule.level for rule in self.levels]
        if len(set(names)) != len(names):
            raise ValueError("each level may appear once")
        for rule in self.levels:
            if not LEVEL_PATTERN.match(rule.level) or rule.boundary not in self.boundaries:
                raise ValueError(f"level '{rule.level}' must be '<boundary>-<stars>' of a known boundary")
        return self

    def title_in(self, lang: str) -> str:
        """The standard's title in ``lang`` (``"zh"`` or ``"en"``)."""
        return (self.title_en if lang == "en" else "") or self.title

    def rule(self, level: str) -> LevelRule:
        """The thresholds of ``level`` (e.g. ``"I-4"``)."""
        for rule in self.levels:
            if rule.level == level:
                return rule
        known = ", ".join(r.level for r in self.levels)
        raise KeyError(f"level '{level}' is not in {self.standard} (levels: {known})")

    def levels_of(self, boundary: str) -> list[LevelRule]:
        """Levels of one boundary type, fewest stars first."""
        return sorted((r for r in self.levels if r.boundary == boundary), key=lambda r: r.stars)


def load_rulebook(standard: str, rulebook_file: Path | None = None) -> Rulebook:
    """Load a shipped rulebook by standard name, or a user's rulebook file.

    Parameters
    ----------
    standard
        Name of a shipped standard (keys of :data:`SHIPPED`); ignored with ``rulebook_file``.
    rulebook_file
        Path of the user's own rulebook YAML.
    """
    if rulebook_file is not None:
        path: Path | str = rulebook_file
        text = Path(rulebook_file).read_text(encoding="utf-8")
    elif standard in SHIPPED:
        path = f"zcf_opt/data/rulebooks/{SHIPPED[standard]}"
        text = (
            resources.files("zcf_opt.data.rulebooks").joinpath(SHIPPED[standard]).read_text(encoding="utf-8")
        )
    else:
        raise InputError(None, "standard", f"unknown standard '{standard}'; shipped: {list(SHIPPED)}")
    try:
        return Rulebook.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(path, field, first["msg"]) from None
    except yaml.YAMLError as exc:
        raise InputError(path, None, f"not valid YAML: {exc}") from None
