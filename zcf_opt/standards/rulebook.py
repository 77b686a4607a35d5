"""The rulebook format (version 2): a standard's boundaries, options and levels of requirements.

A rulebook is a YAML file validated by :class:`Rulebook` (unknown keys are errors; the JSON
Schema is ``docs/rulebook.schema.json``). A level is a list of typed requirements
(:mod:`zcf_opt.standards.requirements`); a named *option* (e.g. how T/CECA-G 0171-2022's
"清除" is read) switches requirements on and off through their ``when`` field. A rulebook
used by a run is *configured* with the scenario's option choices (:meth:`Rulebook.configured`);
every level then answers with the requirements of those choices.

Validation checks, besides the types: level names unique, boundaries and options known; a
rulebook read from a file is also checked for levels that get no weaker as their rank rises
(:meth:`Rulebook.order_problems`: for every option choice, each requirement of a level is
implied by one of every higher level of the same boundary) and for requirement ids repeated
within a level.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from zcf_opt.schema.common import StrictModel
from zcf_opt.standards.boundaries import Boundary
from zcf_opt.standards.implication import requirement_implies
from zcf_opt.standards.requirements import (
    Neutralisation,
    RenewableShare,
    Requirement,
    RequirementBase,
)

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class RulebookOption(StrictModel):
    """A named choice between readings of the standard's text."""

    description: str = Field(description="What the choice is about (English).")
    description_zh: str = Field("", description="What the choice is about, in Chinese.")
    choices: dict[str, str] = Field(description="Choice name -> what it means (English).")
    choices_zh: dict[str, str] = Field(
        default_factory=dict, description="Choice name -> what it means, in Chinese."
    )
    default: str = Field(description="The choice used unless the scenario names another.")

    @model_validator(mode="after")
    def _default_known(self) -> RulebookOption:
        if self.default not in self.choices:
            raise ValueError(f"default '{self.default}' is not one of the choices {sorted(self.choices)}")
        unknown = sorted(set(self.choices_zh) - set(self.choices))
        if unknown:
            raise ValueError(f"choices_zh names choices that are not in 'choices': {unknown}")
        return self

    def description_in(self, lang: str) -> str:
        return (self.description_zh if lang == "zh" else "") or self.description

    def choice_in(self, choice: str, lang: str) -> str:
        """What ``choice`` means, in ``lang``."""
        return (self.choices_zh.get(choice, "") if lang == "zh" else "") or self.choices[choice]


class Level(StrictModel):
    """One level of a standard (e.g. Type I four-star): its boundary, rank and requirements."""

    name: str = Field(description="Level name used in targets, e.g. 'I-4' or 'zero-carbon'.")
    boundary: str = Field(description="Boundary (key of 'boundaries') whose emissions the level counts.")
    rank: int = Field(
        ge=1, description="Order within the boundary: a higher rank is a stricter level (stars)."
    )
    label: str = Field("", description="Name as the standard writes it, e.g. 'Ⅰ型四星级'.")
    label_en: str = Field("", description="The name in English, e.g. 'Type I four-star'.")
    requirements: list[Requirement] = Field(min_length=1, description="What the level requires.")
    qualitative: list[str] = Field(
        default_factory=list,
        description="Conditions of the level that zcf-opt does not model (management, compliance), "
        "listed so that reports say so.",
    )
    _choices: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(f"level name '{value}' may hold letters, digits, '-', '_' and '.' only")
        return value

    @model_validator(mode="after")
    def _ids(self) -> Level:
        counts: dict[str, int] = {}
        for requirement in self.requirements:
            if requirement.id is None:
                counts[requirement.type] = counts.get(requirement.type, 0) + 1
                number = counts[requirement.type]
                object.__setattr__(requirement, "id", requirement.type + (f"-{number}" if number > 1 else ""))
        return self

    # --- compatibility with the level fields of rulebook format 1 ---
    @property
    def level(self) -> str:
        return self.name

    @property
    def stars(self) -> int:
        return self.rank

    def active(self, choices: dict[str, str] | None = None) -> list[RequirementBase]:
        """The requirements that apply under the option ``choices`` (default: the configured ones)."""
        chosen = self._choices if choices is None else choices
        return [
            r for r in self.requirements if all(chosen.get(name) == value for name, value in r.when.items())
        ]

    @property
    def provisional(self) -> bool:
        """True when any requirement that applies is provisional."""
        return any(r.provisional for r in self.active())

    @property
    def min_re_share(self) -> float:
        """Strictest renewable share the level asks [1] (0 without one)."""
        return max((r.min_share for r in self.active() if isinstance(r, RenewableShare)), default=0.0)

    @property
    def min_neutralised_share(self) -> float:
        """Strictest neutralised share the level asks [1] (0 without one)."""
        return max((r.min_share for r in self.active() if isinstance(r, Neutralisation)), default=0.0)

    @property
    def min_removal_share(self) -> float:
        """Strictest share that removal credits alone must neutralise [1] (0 without one)."""
        return max(
            (
                r.min_share
                for r in self.active()
                if isinstance(r, Neutralisation) and r.instruments == ["removals"]
            ),
            default=0.0,
        )

    @property
    def source(self) -> str:
        """Sources of the level's requirements, ``"; "``-separated."""
        return self.source_in("en")

    def source_in(self, lang: str) -> str:
        """Sources of the level's requirements in ``lang`` (one per requirement, distinct)."""
        texts = list(dict.fromkeys(r.source.text(lang) for r in self.active()))
        return ("；" if lang == "zh" else "; ").join(texts)

    def name_in(self, lang: str) -> str:
        """How texts name the level: a code such as ``I-4`` as it is, a word such as
        ``zero-carbon`` by its label in ``lang``."""
        return self.name if self.name == self.name.upper() else self.label_in(lang)

    def label_in(self, lang: str) -> str:
        """The level's name in ``lang`` (its code where the rulebook gives none)."""
        return (self.label if lang == "zh" else self.label_en) or self.name


#: format-1 name of a level
LevelRule = Level


class Rulebook(StrictModel):
    """A standard as data: boundaries, named options and levels of typed requirements."""

    format: Literal[2] = Field(description="Rulebook format version (2).")
    id: str = Field(description="Short name used on the command line, e.g. 't-ceca-g-0171-2022'.")
    standard: str = Field(description="The standard's reference as it writes it, e.g. 'T/CECA-G 0171-2022'.")
    standard_zh: str = Field("", description="The reference in Chinese, where it is not already.")
    standard_en: str = Field("", description="The reference in English, where it is not already.")
    title: str = Field(description="Title, in the original language (Chinese for Chinese standards).")
    title_en: str = Field("", description="Title in English, where the original is not.")
    issuer: str = Field(description="Who issued it.")
    year: int = Field(ge=1990, le=2100, description="Year of issue [yr].")
    url: str | None = Field(None, description="Where the text (or the best public account of it) was read.")
    notes: str = Field("", description="How the text was turned into requirements; what is uncertain.")
    options: dict[str, RulebookOption] = Field(
        default_factory=dict, description="Named readings of the text a scenario may choose."
    )
    boundaries: dict[str, Boundary] = Field(description="Boundary name -> which emissions count.")
    levels: list[Level] = Field(min_length=1, description="The levels, each a list of requirements.")
    _choices: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"id '{value}' may hold lower-case letters, digits and '-' only")
        return value

    @field_validator("levels")
    @classmethod
    def _consistent(cls, levels: list[Level], info: ValidationInfo) -> list[Level]:
        """Level names once each; boundaries and option choices the rulebook defines."""
        boundaries = info.data.get("boundaries") or {}
        options = info.data.get("options") or {}
        names = [level.name for level in levels]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"each level may appear once: {repeated}")
        for i, level in enumerate(levels):
            if level.boundary not in boundaries:
                raise ValueError(
                    f"[{i}] level '{level.name}': boundary '{level.boundary}' is not one of "
                    f"the rulebook's boundaries ({', '.join(boundaries)})"
                )
            for requirement in level.requirements:
                boundary = getattr(requirement, "boundary", None)
                if boundary is not None and boundary not in boundaries:
                    raise ValueError(
                        f"[{i}] level '{level.name}', requirement '{requirement.id}': unknown boundary "
                        f"'{boundary}' ({', '.join(boundaries)})"
                    )
                for option, choice in requirement.when.items():
                    if option not in options or choice not in options[option].choices:
                        raise ValueError(
                            f"[{i}] level '{level.name}', requirement '{requirement.id}': 'when' names "
                            f"{option}={choice}, which is not an option choice of this rulebook"
                        )
        return levels

    def model_post_init(self, context: object) -> None:
        """Start with every option at its default."""
        self._set_choices(self._filled({}))

    def _set_choices(self, filled: dict[str, str]) -> None:
        self._choices = filled
        for level in self.levels:
            level._choices = filled

    def choice_combinations(self) -> list[dict[str, str]]:
        """Every combination of option choices."""
        names = list(self.options)
        return [
            dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(list(self.options[n].choices) for n in names))
        ]

    def order_problems(self) -> list[tuple[str, str]]:
        """``(field, message)`` for requirement ids repeated in a level and for levels that get
        weaker as their rank rises (for any combination of option choices)."""
        problems: list[tuple[str, str]] = []
        position = {level.name: i for i, level in enumerate(self.levels)}
        for choices in self.choice_combinations():
            reading = f" (options {choices})" if choices else ""
            for level in self.levels:
                ids = [r.id for r in level.active(choices)]
                repeated = sorted({i for i in ids if ids.count(i) > 1})
                if repeated:
                    field = f"levels[{position[level.name]}].requirements"
                    problems.append((field, f"requirement ids repeated in level '{level.name}': {repeated}"))
            for boundary in self.boundaries:
                ordered = self.levels_of(boundary)
                for weaker, stricter in itertools.combinations(ordered, 2):
                    field = f"levels[{position[stricter.name]}]"
                    if stricter.rank == weaker.rank:
                        problems.append(
                            (
                                f"{field}.rank",
                                f"levels '{weaker.name}' and '{stricter.name}' have the same rank",
                            )
                        )
                        continue
                    for need in weaker.active(choices):
                        if not any(
                            requirement_implies(
                                have,
                                self.requirement_boundary(stricter, have),
                                need,
                                self.requirement_boundary(weaker, need),
                            )
                            for have in stricter.active(choices)
                        ):
                            problems.append(
                                (
                                    f"{field}.requirements",
                                    f"level '{stricter.name}' (rank {stricter.rank}) is weaker than "
                                    f"'{weaker.name}' (rank {weaker.rank}){reading}: none of its "
                                    f"requirements is at least as strict as '{need.id}' ({need.describe()}); "
                                    "thresholds must not fall as the level rises",
                                )
                            )
        return list(dict.fromkeys(problems))

    def _filled(self, choices: dict[str, str]) -> dict[str, str]:
        return {name: choices.get(name, option.default) for name, option in self.options.items()}

    def standard_in(self, lang: str) -> str:
        """The standard's reference in ``lang``."""
        return (self.standard_zh if lang == "zh" else self.standard_en) or self.standard

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``"zh"``: the original; ``"en"``: the English one)."""
        return (self.title_en if lang == "en" else "") or self.title

    def configured(self, choices: dict[str, str]) -> Rulebook:
        """This rulebook with the option ``choices`` (others at their default).

        Raises
        ------
        KeyError
            For an option or choice the rulebook does not define.
        """
        for name, choice in choices.items():
            if name not in self.options:
                raise KeyError(
                    f"{self.standard} has no option '{name}' (options: {sorted(self.options) or 'none'})"
                )
            if choice not in self.options[name].choices:
                raise KeyError(
                    f"option '{name}' of {self.standard} has no choice '{choice}' "
                    f"(choices: {', '.join(self.options[name].choices)})"
                )
        configured = self.model_copy(update={"levels": [lv.model_copy() for lv in self.levels]})
        configured._set_choices(self._filled(choices))
        return configured

    @property
    def choices(self) -> dict[str, str]:
        """The option choices in use (defaults filled in)."""
        return dict(self._choices)

    def level(self, name: str) -> Level:
        """The level ``name`` (e.g. ``"I-4"``).

        Raises
        ------
        KeyError
            Naming the known levels.
        """
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(f"level '{name}' is not in {self.standard} (levels: {', '.join(self.level_names())})")

    rule = level

    def level_names(self) -> list[str]:
        """Every level, by boundary (in the rulebook's order), lowest rank first."""
        return [level.name for boundary in self.boundaries for level in self.levels_of(boundary)]

    def levels_of(self, boundary: str) -> list[Level]:
        """Levels of one boundary, lowest rank first."""
        return sorted((lv for lv in self.levels if lv.boundary == boundary), key=lambda lv: lv.rank)

    def rank(self, name: str | None) -> int:
        """Rank of a level (0 for None)."""
        return self.level(name).rank if name else 0

    def requirement_boundary(self, level: Level, requirement: RequirementBase) -> Boundary:
        """The boundary a requirement of ``level`` counts (its own, else the level's)."""
        return self.boundaries[getattr(requirement, "boundary", None) or level.boundary]

    def requirement_boundary_name(self, level: Level, requirement: RequirementBase) -> str:
        return getattr(requirement, "boundary", None) or level.boundary
