"""Boundaries: which emissions a standard counts, as weights on a fixed list of sources.

A boundary's emissions in a year are Σ_s c_s · E_s over :data:`EMISSION_SOURCES`, with
weights c_s of 0 or 1 (the process emissions of a CO2-only boundary weigh the factory's CO2
fraction of them). The model builds the same sum from its expressions
(:mod:`zcf_opt.model.requirements.boundary`), the certifier from the accounting columns
(:mod:`zcf_opt.certify.boundary`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from zcf_opt.schema.common import StrictModel

#: emission sources a boundary weighs [tCO2e/yr]; the accounting column of each is
#: ``<source>_tco2e`` except where the certifier derives it (see zcf_opt.certify.boundary)
EMISSION_SOURCES = (
    "scope1_process",  # process emissions (not from fuel)
    "scope1_other",  # fuel burnt on site and what lever blocks add to scope 1
    "scope2_location",  # grid import × location-based grid factor
    "scope2_market",  # (import − green power − certificates) × residual-mix factor
    "scope2_market_without_certificates",  # (import − green power) × residual-mix factor
    "scope3_transport",
    "scope3_purchased_goods",
    "scope3_other",  # what lever blocks add to scope 3
)

Scope3Category = Literal["transport", "purchased_goods"]


class Boundary(StrictModel):
    """Which emissions count: scope 1, scope-2 basis, scope-3 categories, gases."""

    description: str = Field(description="What the boundary covers, in the standard's words.")
    scope1: bool = Field(True, description="Direct emissions (fuel, process) count.")
    scope2: Literal["location", "market", "none"] = Field(
        "market",
        description="Purchased electricity: location-based (grid average), market-based "
        "(green power and, if allowed, certificates lower it) or not counted.",
    )
    certificates_reduce_scope2: bool = Field(
        True, description="Unbundled certificates lower market-based scope 2 (else green power only)."
    )
    scope3: list[Scope3Category] = Field(
        default_factory=list,
        description="Scope-3 categories that count; lever blocks' scope-3 changes count with any.",
    )
    gases: Literal["all", "co2"] = Field(
        "all",
        description="All greenhouse gases [tCO2e], or CO2 only (process emissions by their CO2 fraction).",
    )

    @property
    def includes_scope3(self) -> bool:
        return bool(self.scope3)

    def coefficients(self, process_co2_fraction: float = 1.0) -> dict[str, float]:
        """Weight of each of :data:`EMISSION_SOURCES` [1].

        Parameters
        ----------
        process_co2_fraction
            Share of the factory's process emissions that is CO2 [1] (used when ``gases`` is
            ``"co2"``).
        """
        weights = dict.fromkeys(EMISSION_SOURCES, 0.0)
        if self.scope1:
            weights["scope1_process"] = process_co2_fraction if self.gases == "co2" else 1.0
            weights["scope1_other"] = 1.0
        if self.scope2 == "location":
            weights["scope2_location"] = 1.0
        elif self.scope2 == "market":
            key = "scope2_market" if self.certificates_reduce_scope2 else "scope2_market_without_certificates"
            weights[key] = 1.0
        for category in self.scope3:
            weights[f"scope3_{category}"] = 1.0
        if self.scope3:
            weights["scope3_other"] = 1.0
        return weights

    def covers(self, other: Boundary) -> bool:
        """Whether this boundary's emissions are never below ``other``'s (every source is ≥ 0)."""
        if other.scope1 and not self.scope1:
            return False
        if other.scope1 and self.gases == "co2" and other.gases == "all":
            return False
        if other.scope2 != "none":
            if self.scope2 != other.scope2:
                return False
            if (
                self.scope2 == "market"
                and self.certificates_reduce_scope2
                and not other.certificates_reduce_scope2
            ):
                return False
        return set(other.scope3) <= set(self.scope3)

    def same_sources(self, other: Boundary) -> bool:
        """Whether both boundaries count exactly the same emissions."""
        return self.covers(other) and other.covers(self)
