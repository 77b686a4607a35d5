"""What the certifier's checks read: one year of the accounting and the fixed inputs they need."""

from __future__ import annotations

import math
from dataclasses import dataclass

import xarray as xr

from zcf_opt.certify.boundary import boundary_emissions
from zcf_opt.standards.boundaries import EMISSION_SOURCES, Boundary
from zcf_opt.standards.requirements import RequirementBase
from zcf_opt.standards.rulebook import Level, Rulebook


@dataclass(frozen=True)
class Facts:
    """Inputs the checks use besides the accounting: base year, production, measures."""

    base_year: int
    base_sources: dict[str, float]
    co2_fraction: float
    production: object | None  # the factory's Production
    product_unit: str
    measure_groups: dict[str, list[str]]  # measure group -> its measures
    abatement_cost: dict[str, float]  # measure -> [CNY/tCO2e]

    @classmethod
    def from_inputs(cls, inputs: xr.Dataset, production: object | None) -> Facts:
        groups: dict[str, list[str]] = {}
        for measure, group in zip(inputs["measure"].values, inputs["measure_group"].values, strict=True):
            groups.setdefault(str(group), []).append(str(measure))
        return cls(
            base_year=int(inputs["base_year"]),
            base_sources=dict(
                zip(
                    EMISSION_SOURCES,
                    (float(v) for v in inputs["base_year_emissions_tco2e"].values),
                    strict=True,
                )
            ),
            co2_fraction=float(inputs["process_emissions_co2_fraction"]),
            production=production,
            product_unit=getattr(production, "unit", "") or "unit",
            measure_groups=groups,
            abatement_cost={
                str(k): float(c)
                for k, c in zip(
                    inputs["measure"].values,
                    inputs["measure_abatement_cost_cny_per_tco2e"].values,
                    strict=True,
                )
            },
        )


@dataclass(frozen=True)
class YearContext:
    """One year of the accounting, with the rulebook and level of the requirement checked."""

    year: int
    row: dict[str, object]
    sources: dict[str, float]
    facts: Facts
    rulebook: Rulebook
    level: Level

    def boundary(self, requirement: RequirementBase) -> Boundary:
        return self.rulebook.requirement_boundary(self.level, requirement)

    def weights(self, requirement: RequirementBase) -> dict[str, float]:
        return self.boundary(requirement).coefficients(self.facts.co2_fraction)

    def emissions(self, requirement: RequirementBase) -> float:
        """The year's emissions in the requirement's boundary [tCO2e]."""
        return boundary_emissions(self.sources, self.weights(requirement))

    def base_emissions(self, requirement: RequirementBase) -> float:
        """The base year's emissions in the requirement's boundary [tCO2e]."""
        return boundary_emissions(self.facts.base_sources, self.weights(requirement))

    def number(self, column: str) -> float:
        value = self.row.get(column, math.nan)
        return math.nan if value is None else float(value)
