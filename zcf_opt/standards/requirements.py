"""Typed requirements of a rulebook level, as written in the rulebook YAML.

Each type is one class here (what a rulebook may say), one module in
:mod:`zcf_opt.model.requirements` (the constraints the optimiser sees) and one module in
:mod:`zcf_opt.certify` (the check on the recomputed accounting). :data:`REQUIREMENT_TYPES`
lists the types; a test fails when a type lacks either face or a hand-computed test.

Every requirement carries its ``source`` (document and clause, or a secondary citation), a
``provisional`` flag (True where the figure is not the standard's own), the year it applies
from, and optionally ``when`` (the rulebook option choices under which it applies, e.g. one
reading of 清除).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from zcf_opt.schema.common import Fraction, StrictModel

#: what may count towards a renewable-electricity share
RE_INSTRUMENTS = ("pv_self_consumed", "green_power", "certificates")
#: what may neutralise emissions: offset credits (CCER), international (cross-border) credits,
#: removal credits, and reduction projects outside the boundary
CREDIT_KINDS = ("offsets", "international_credits", "removals", "outside_reductions")
#: equipment classes of the mandatory GB efficiency standards
EQUIPMENT_CLASSES = ("motor", "fan", "pump", "air_compressor", "transformer")
#: product benchmark values a factory may give, from strictest to most lenient
BENCHMARK_VALUES = ("advanced", "benchmark", "limit")

ReInstrument = Literal["pv_self_consumed", "green_power", "certificates"]
CreditKind = Literal["offsets", "international_credits", "removals", "outside_reductions"]
EquipmentClass = Literal["motor", "fan", "pump", "air_compressor", "transformer"]
BenchmarkValue = Literal["advanced", "benchmark", "limit"]

INSTRUMENT_NAMES = {
    "pv_self_consumed": "PV self-consumed",
    "green_power": "green power",
    "certificates": "certificates",
    "offsets": "offsets",
    "international_credits": "international credits",
    "removals": "removals",
    "outside_reductions": "reductions outside the boundary",
}


class Source(StrictModel):
    """Where a requirement comes from: the document and clause, or a secondary citation.

    English fields are plain English (no Chinese characters); the ``*_zh`` fields give the
    Chinese wording for a Chinese reader (default: the English field).
    """

    document: str | None = Field(
        None, description="The standard or rule as it names itself, e.g. 'T/CECA-G 0171-2022'."
    )
    document_zh: str | None = Field(
        None, description="The document's name in Chinese, where it is not already."
    )
    document_en: str | None = Field(
        None, description="The document's name in English, where it is not already."
    )
    clause: str | None = Field(None, description="Clause, table or section of the document, in English.")
    clause_zh: str | None = Field(None, description="The clause in Chinese.")
    secondary: str | None = Field(
        None, description="Citation of a secondary source (in English), where the primary text was not read."
    )
    secondary_zh: str | None = Field(None, description="The secondary citation in Chinese.")

    @model_validator(mode="after")
    def _something(self) -> Source:
        if not (self.document or self.document_zh or self.document_en or self.secondary):
            raise ValueError("a source needs a 'document' or a 'secondary' citation")
        return self

    def text(self, lang: str = "en") -> str:
        """One line in ``lang``: ``document, clause`` and the secondary citation."""
        zh = lang == "zh"
        document = (self.document_zh or self.document) if zh else (self.document_en or self.document)
        clause = (self.clause_zh or self.clause) if zh else self.clause
        secondary = (self.secondary_zh or self.secondary) if zh else self.secondary
        parts = []
        if document:
            parts.append(document + (("，" if zh else ", ") + clause if clause else ""))
        if secondary:
            parts.append(("二手来源：" if zh else "secondary: ") + secondary)
        return ("；" if zh else "; ").join(parts)


class RequirementBase(StrictModel):
    """Fields every requirement has."""

    id: str | None = Field(
        None, description="Short name, unique within the level; default: the type (numbered if repeated)."
    )
    from_year: int | None = Field(
        None, ge=1990, le=2100, description="First year the requirement applies [yr]; none = always."
    )
    source: Source = Field(description="Document and clause, or a secondary citation.")
    provisional: bool = Field(description="True where the figure is not from the standard's own text.")
    when: dict[str, str] = Field(
        default_factory=dict,
        description="Rulebook option choices under which the requirement applies, e.g. {qingchu: removals}.",
    )
    note: str = Field("", description="Free text shown with the requirement.")

    def describe(self, lang: str = "en", part: str | None = None) -> str:
        """What the requirement asks, in ``lang`` (:func:`zcf_opt.standards.wording.describe`)."""
        from zcf_opt.standards.wording import describe

        return describe(self, lang, part)

    def applies_from(self, other: RequirementBase) -> bool:
        """Whether this requirement applies in every year ``other`` does."""
        return self.from_year is None or (other.from_year is not None and self.from_year <= other.from_year)


class RenewableShare(RequirementBase):
    """Minimum renewable-electricity share [1]:
    Σ counted instruments ≥ share × (grid import + PV self-consumed)."""

    type: Literal["renewable_share"]
    min_share: Fraction = Field(description="Minimum share of the year's electricity use [1].")
    instruments: list[ReInstrument] = Field(
        default_factory=lambda: list(RE_INSTRUMENTS), description="What counts as renewable."
    )


class Neutralisation(RequirementBase):
    """Neutralisation of the boundary's emissions: Σ counted credits ≥ share × emissions.

    A minimum share of one kind is a second neutralisation requirement counting that kind only.
    """

    type: Literal["neutralisation"]
    min_share: Fraction = Field(description="Minimum share of the boundary's emissions neutralised [1].")
    instruments: list[CreditKind] = Field(description="Credits that count.")
    boundary: str | None = Field(None, description="Boundary whose emissions count; default: the level's.")


class AbsoluteReduction(RequirementBase):
    """Emissions of a boundary at least a share below the base year's.

    Either a fixed share (``min_reduction``) or a linear rate from the base year
    (``min_reduction_per_year`` × years since the base year, at most 100 %).
    """

    type: Literal["absolute_reduction"]
    boundary: str | None = Field(None, description="Boundary whose emissions count; default: the level's.")
    min_reduction: Fraction | None = Field(None, description="Reduction against the base year [1].")
    min_reduction_per_year: Fraction | None = Field(
        None, description="Linear reduction per year since the base year [1/yr]."
    )

    @model_validator(mode="after")
    def _one(self) -> AbsoluteReduction:
        if (self.min_reduction is None) == (self.min_reduction_per_year is None):
            raise ValueError("give exactly one of 'min_reduction' and 'min_reduction_per_year'")
        return self

    def required(self, year: int, base_year: int) -> float:
        """Reduction required in ``year`` [1]."""
        if self.min_reduction is not None:
            return self.min_reduction
        return min(1.0, max(0.0, self.min_reduction_per_year * (year - base_year)))


class Intensity(RequirementBase):
    """Energy use or emissions per unit of product at most a threshold.

    The threshold is a number (``max_per_unit``) or the product benchmark values the factory
    model gives (``benchmark``: the most lenient of those listed that the factory gives; the
    requirement does not apply to a factory that gives none of them).
    """

    type: Literal["intensity"]
    quantity: Literal["energy", "emissions"] = Field(
        description="'energy' [kgce/unit] or 'emissions' of the boundary [kgCO2e/unit]."
    )
    boundary: str | None = Field(None, description="Boundary of 'emissions'; default: the level's.")
    max_per_unit: float | None = Field(None, gt=0, description="Threshold [kgce/unit or kgCO2e/unit].")
    benchmark: list[BenchmarkValue] | None = Field(
        None, description="Factory benchmark values that meet the requirement, e.g. [advanced, benchmark]."
    )

    @model_validator(mode="after")
    def _one(self) -> Intensity:
        if (self.max_per_unit is None) == (self.benchmark is None):
            raise ValueError("give exactly one of 'max_per_unit' and 'benchmark'")
        if self.benchmark is not None and not self.benchmark:
            raise ValueError("'benchmark' lists at least one of advanced, benchmark, limit")
        return self

    @property
    def unit(self) -> str:
        return "kgce/unit" if self.quantity == "energy" else "kgCO2e/unit"

    def benchmark_used(self, production: object | None) -> object | None:
        """The factory's benchmark of this quantity (a ``ProductBenchmark``), or None."""
        if production is None:
            return None
        return production.energy_benchmark if self.quantity == "energy" else production.emissions_benchmark

    def threshold(self, production: object | None) -> float | None:
        """The per-unit threshold [kgce/unit or kgCO2e/unit]; None where it does not apply.

        ``production`` is the factory's ``Production`` (or None): with ``benchmark``, the most
        lenient listed value the factory gives; None when it gives none.
        """
        if self.max_per_unit is not None:
            return self.max_per_unit
        benchmark = self.benchmark_used(production)
        values = [getattr(benchmark, name) for name in self.benchmark] if benchmark is not None else []
        values = [v for v in values if v is not None]
        return max(values) if values else None


class EquipmentEfficiency(RequirementBase):
    """Named equipment classes at GB efficiency grade ``max_grade`` or better (1 is best)."""

    type: Literal["equipment_efficiency"]
    classes: list[EquipmentClass] = Field(description="Equipment classes the rule covers.")
    max_grade: int = Field(ge=1, le=3, description="Worst grade allowed (GB grades: 1 best, 3 minimum).")


class ReductionFirst(RequirementBase):
    """Reduction first (应减尽减), made checkable in one or both of two ways:

    - ``max_abatement_cost_cny_per_tco2e``: every measure group with an option whose abatement
      cost is below this is in service (one of its options) before credits count;
    - ``max_credit_share_of_base``: the counted credits cover at most this share of the
      boundary's base-year emissions.
    """

    type: Literal["reduction_first"]
    max_abatement_cost_cny_per_tco2e: float | None = Field(
        None, ge=0, description="Measures cheaper than this per tonne must be in place [CNY/tCO2e]."
    )
    max_credit_share_of_base: Fraction | None = Field(
        None, description="Most credits, as a share of the base-year emissions of the boundary [1]."
    )
    instruments: list[CreditKind] = Field(
        default_factory=lambda: list(CREDIT_KINDS), description="Credits the cap counts."
    )
    boundary: str | None = Field(None, description="Boundary of the base year; default: the level's.")

    @model_validator(mode="after")
    def _some(self) -> ReductionFirst:
        if self.max_abatement_cost_cny_per_tco2e is None and self.max_credit_share_of_base is None:
            raise ValueError("give 'max_abatement_cost_cny_per_tco2e' and/or 'max_credit_share_of_base'")
        return self


Requirement = Annotated[
    RenewableShare | Neutralisation | AbsoluteReduction | Intensity | EquipmentEfficiency | ReductionFirst,
    Field(discriminator="type"),
]

#: requirement type name -> its class
REQUIREMENT_TYPES: dict[str, type[RequirementBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls
    for cls in (
        RenewableShare,
        Neutralisation,
        AbsoluteReduction,
        Intensity,
        EquipmentEfficiency,
        ReductionFirst,
    )
}
