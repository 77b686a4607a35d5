"""Purchased goods and logistics with their emission factors and the options that lower them
(part of ``scope3`` in a factory model; counted in the Type II boundary).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from zcf_opt.schema.common import Fraction, NonNegativeTrajectory, StrictModel


class SupplyOption(StrictModel):
    """What every lower-carbon option has: a name, how much of its item it may take, from when."""

    name: str = Field(description="Option name, e.g. 'EAF steel supplier' or 'rail shift'.")
    max_share: Fraction = Field(1.0, description="Most of the item's quantity that can move to it [1].")
    earliest_year: int | None = Field(
        None, ge=2000, le=2100, description="First year the option is available [yr]."
    )
    source: str = Field("", description="Where the factor and the cost come from.")


class GoodsOption(SupplyOption):
    """A lower-carbon way to buy some of a category's tonnes (decided year by year)."""

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


class LogisticsOption(SupplyOption):
    """A lower-carbon way to move some of a mode's tonne-kilometres."""

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


def _options_lower(name: str, factor: float, options: list, option_factor: str) -> None:
    """Raise ``ValueError`` for an option with a higher factor than today's supply of ``name``."""
    for option in options:
        if getattr(option, option_factor) > factor:
            raise ValueError(f"option '{option.name}' has a higher factor than today's '{name}'")


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
    def _lower(self) -> PurchasedGoods:
        _options_lower(self.category, self.factor_tco2e_per_t, self.options, "factor_tco2e_per_t")
        return self


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
    def _lower(self) -> Logistics:
        _options_lower(self.mode, self.factor_kgco2e_per_tkm, self.options, "factor_kgco2e_per_tkm")
        return self
