"""Standards as data: rulebooks that define boundary types and star levels.

A rulebook is a YAML file (schema :class:`Rulebook`). zcf-opt ships T/CECA-G 0171-2022 in
``zcf_opt/data/rulebooks``; a scenario may name its own file instead. The optimiser turns a
level into constraints (``zcf_opt.model.targets``); the certifier (``zcf_opt.certify``)
evaluates a solution against the same rulebook with code of its own.
"""

from __future__ import annotations

from importlib import resources
from itertools import pairwise
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from zcf_opt.errors import InputError, raise_problems
from zcf_opt.schema.common import StrictModel
from zcf_opt.schema.problems import validation_problems
from zcf_opt.schema.scenario import LEVEL_PATTERN
from zcf_opt.yamlio import parse_yaml, read_yaml

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
    year: int = Field(ge=1900, le=2100, description="Year the standard was issued [yr].")
    boundaries: dict[str, Boundary]
    levels: list[LevelRule]

    @field_validator("levels")
    @classmethod
    def _consistent(cls, levels: list[LevelRule], info: ValidationInfo) -> list[LevelRule]:
        names = [rule.level for rule in levels]
        if len(set(names)) != len(names):
            raise ValueError(f"each level may appear once, got {names}")
        boundaries = info.data.get("boundaries") or {}
        for index, rule in enumerate(levels):
            if not LEVEL_PATTERN.match(rule.level) or rule.level.split("-")[0] not in boundaries:
                raise ValueError(
                    f"[{index}] level '{rule.level}' must be '<boundary>-<stars>' of a known boundary "
                    f"({', '.join(boundaries)})"
                )
        return levels

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


#: thresholds that must not fall as the stars of a boundary rise
THRESHOLDS = ("min_re_share", "min_neutralised_share", "min_removal_share")


def threshold_problems(rulebook: Rulebook, path: str | Path | None = None) -> list[InputError]:
    """One problem for each threshold that falls from one level of a boundary to the next higher one.

    A higher level must ask at least as much as a lower one, or a plan could reach the higher
    level and fail the lower.
    """
    problems = []
    index = {id(rule): i for i, rule in enumerate(rulebook.levels)}
    for boundary in rulebook.boundaries:
        ordered = rulebook.levels_of(boundary)
        for lower, higher in pairwise(ordered):
            for name in THRESHOLDS:
                low, high = getattr(lower, name), getattr(higher, name)
                if high < low:
                    problems.append(
                        InputError(
                            path,
                            f"levels[{index[id(higher)]}].{name}",
                            f"level '{higher.level}' asks {high:g}, less than the {low:g} of the lower "
                            f"level '{lower.level}'; thresholds must not fall as the level rises",
                        )
                    )
    return problems


def load_rulebook(
    standard: str, rulebook_file: Path | None = None, source: str | Path | None = None
) -> Rulebook:
    """Load a shipped rulebook by standard name, or a user's rulebook file.

    Parameters
    ----------
    standard
        Name of a shipped standard (keys of :data:`SHIPPED`); ignored with ``rulebook_file``.
    rulebook_file
        Path of the user's own rulebook YAML.
    source
        The file that names the standard (for the message about an unknown one).

    Raises
    ------
    zcf_opt.errors.InputError
        Every problem of the rulebook file (YAML, UTF-8, fields, falling thresholds).
    """
    if rulebook_file is not None:
        path: Path | str = rulebook_file
        data = read_yaml(rulebook_file)
    elif standard in SHIPPED:
        path = f"zcf_opt/data/rulebooks/{SHIPPED[standard]}"
        text = (
            resources.files("zcf_opt.data.rulebooks").joinpath(SHIPPED[standard]).read_text(encoding="utf-8")
        )
        data = parse_yaml(Path(path), text)
    else:
        raise InputError(source, "standard", f"unknown standard '{standard}'; shipped: {list(SHIPPED)}")
    try:
        rulebook = Rulebook.model_validate(data)
    except ValidationError as exc:
        raise_problems(validation_problems(path, exc, Rulebook))
    raise_problems(threshold_problems(rulebook, path))
    return rulebook


def target_problems(
    levels: list[str | None], rulebook: Rulebook, path: str | Path | None = None
) -> list[InputError]:
    """One problem for each target level (``targets[i].level``) the rulebook does not define.

    ``None`` stands for a target whose level is missing or malformed (reported elsewhere).
    """
    known = [rule.level for rule in rulebook.levels]
    return [
        InputError(
            path,
            f"targets[{i}].level",
            f"level '{level}' is not in {rulebook.standard}; expected one of {', '.join(known)}",
        )
        for i, level in enumerate(levels)
        if level is not None and level not in known
    ]
