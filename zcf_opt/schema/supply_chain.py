"""Purchased goods and logistics with their emission factors and the options that lower them
(part of ``scope3`` in a factory model; counted in the Type II boundary).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from zcf_opt.schema.common import Fraction, NonNegativeTrajectory, StrictModel


class GoodsOption(StrictModel):
    """A lower-carbon way to buy some of a category's tonnes (decided year by year)."""

    name: str = Field(description="Option name, e.g. 'EAF steel supplier'.")
    kind: Literal["low_carbon_supplier", "recycled_content", "reusable_packaging", "other"] = Field(
        "low_carbon_supplier", description="What the option is."
    )
    factor_tco2e_per_t: float = Field(
        ge=0, description="Emission factor of the goods bought this way [tCO2e/t]."
    )
    premium_cny_per_t: NonNegativeTrajectory = Field(
        description="Extra price per tonne over today's supply [CNY/t], by year (an option that "
        "costs less is simply bought: give 0)."
    )
    max_share: Fraction = Field(1.0, description="Most of the category's tonnes available this way [1].")
    earliest_year: int | None = Field(
        None, ge=2000, le=2100, description="First year the option is available [yr]."
    )
    source: str = Field("", description="Where the factor and premium come from.")


class PurchasedGoods(StrictModel):
    """A category of purchased goods (steel, aluminium, plastics, packaging, ...)."""

    category: str = Field(description="Category name, e.g. 'steel'.")
    t_per_year: NonNegativeTrajectory = Field(description="Tonnes bought per year [t/yr], by year.")
    factor_tco2e_per_t: float = Field(
        ge=0, description="Cradle-to-gate emission factor of today's supply [tCO2e/t]."
    )
    source: str = Field("", description="Where the factor comes from.")
    options: list[GoodsOption] = Field(default_factory=list, description="Lower-carbon options.")

    @model_validator(mode="after")
    def _options_lower(self) -> PurchasedGoods:
        for option in self.options:
            if option.factor_tco2e_per_t > self.factor_tco2e_per_t:
                raise ValueError(
                    f"option '{option.name}' has a higher factor than today's supply of '{self.category}'"
                )
        return self


class LogisticsOption(StrictModel):
    """A lower-carbon way to move some of a mode's tonne-kilometres."""

    name: str = Field(description="Option name, e.g. 'rail shift'.")
    kind: Literal["rail_shift", "electric_trucks", "lng_trucks", "reusable_packaging", "other"] = Field(
        "other", description="What the option is."
    )
    factor_kgco2e_per_tkm: float = Field(
        ge=0, description="Emission factor of the t·km moved this way [kgCO2e/t·km]."
    )
    cost_cny_per_tkm: NonNegativeTrajectory = Field(
        description="Extra cost per t·km moved this way [CNY/t·km], by year (an option that costs "
        "less is simply used: give 0)."
    )
    max_share: Fraction = Field(1.0, description="Most of the mode's t·km that can move this way [1].")
    earliest_year: int | None = Field(
        None, ge=2000, le=2100, description="First year the option is available [yr]."
    )
    source: str = Field("", description="Where the factor and cost come from.")


class Logistics(StrictModel):
    """Transport of goods in and out of the plant by one mode."""

    mode: str = Field(description="Mode, e.g. 'road_diesel_truck'.")
    tkm_per_year: NonNegativeTrajectory = Field(description="Tonne-kilometres per year [t·km/yr], by year.")
    factor_kgco2e_per_tkm: float = Field(
        ge=0, description="Emission factor of today's transport [kgCO2e/t·km]."
    )
    source: str = Field("", description="Where the factor comes from.")
    options: list[LogisticsOption] = Field(default_factory=list, description="Lower-carbon options.")

    @model_validator(mode="after")
    def _options_lower(self) -> Logistics:
        for option in self.options:
            if option.factor_kgco2e_per_tkm > self.factor_kgco2e_per_tkm:
                raise ValueError(f"option '{option.name}' has a higher factor than today's '{self.mode}'")
        return self
