"""What a factory makes and its reference emissions: production volume, product benchmarks,
base-year emissions.

Energy per unit of product is comprehensive energy consumption (综合能耗) in kilograms of
standard coal equivalent (kgce): electricity at the benchmark's conversion factor (GB/T
2589-2020 当量值 0.1229 kgce/kWh by default) plus fuel at its lower heating value
(1 kgce = 29.3076 MJ, GB/T 2589-2020).
"""

from __future__ import annotations

import itertools

from annotated_types import Gt
from pydantic import Field, model_validator

from zcf_opt.schema.common import StrictModel, trajectory

#: a trajectory of production volumes: positive
PositiveTrajectory = trajectory(Gt(0))

#: kgce per kWh of heat: 3.6 MJ/kWh ÷ 29.3076 MJ/kgce (GB/T 2589-2020 definition of kgce)
KGCE_PER_KWH_HEAT = 3.6 / 29.3076
#: GB/T 2589-2020 conversion of electricity, calorific equivalent (当量值) [kgce/kWh]
ELECTRICITY_KGCE_PER_KWH = 0.1229


class ProductBenchmark(StrictModel):
    """Per-unit values of the product's energy-consumption limit standard (or carbon benchmark)."""

    advanced: float | None = Field(
        None, gt=0, description="Advanced value (先进值) [kgce/unit or kgCO2e/unit]."
    )
    benchmark: float | None = Field(
        None, gt=0, description="Benchmark level (标杆水平) [kgce/unit or kgCO2e/unit]."
    )
    limit: float | None = Field(None, gt=0, description="Limit value (限定值) [kgce/unit or kgCO2e/unit].")
    source: str = Field(
        description="The standard or document the values come from, with its table or clause."
    )
    provisional: bool = Field(False, description="True when the values are illustrative or unconfirmed.")
    electricity_kgce_per_kwh: float = Field(
        ELECTRICITY_KGCE_PER_KWH,
        gt=0,
        description="Electricity conversion the limit standard uses [kgce/kWh]: 0.1229 (当量值, "
        "GB/T 2589-2020) unless it prescribes another.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> ProductBenchmark:
        given = [
            (n, getattr(self, n)) for n in ("advanced", "benchmark", "limit") if getattr(self, n) is not None
        ]
        if not given:
            raise ValueError("give at least one of 'advanced', 'benchmark' and 'limit'")
        for (low_name, low), (high_name, high) in itertools.pairwise(given):
            if low > high:
                raise ValueError(f"'{low_name}' ({low}) must not exceed '{high_name}' ({high})")
        return self


class Production(StrictModel):
    """What the plant makes, how much per year, and the benchmarks of the product."""

    product: str = Field(description="Product, e.g. 'body-in-white part sets'.")
    unit: str = Field(description="Unit of the volume: 'vehicle sets', 't', 'pieces', ...")
    volume_per_year: PositiveTrajectory = Field(description="Units made per year [unit/yr], by year (> 0).")
    energy_benchmark: ProductBenchmark | None = Field(
        None, description="Energy per unit of the limit standard [kgce/unit], with its source."
    )
    emissions_benchmark: ProductBenchmark | None = Field(
        None, description="Emissions per unit of a product benchmark [kgCO2e/unit], with its source."
    )


class BaseYearEmissions(StrictModel):
    """Emissions of the base year that reduction targets are measured against [tCO2e/yr]."""

    year: int = Field(ge=1990, le=2100, description="The base year [yr].")
    scope1_tco2e: float = Field(ge=0, description="Scope 1 [tCO2e/yr], process emissions included.")
    scope1_process_tco2e: float = Field(0.0, ge=0, description="Of which process emissions [tCO2e/yr].")
    scope2_location_tco2e: float = Field(ge=0, description="Scope 2, location-based [tCO2e/yr].")
    scope2_market_tco2e: float | None = Field(
        None, ge=0, description="Scope 2, market-based [tCO2e/yr]; default: the location-based figure."
    )
    scope3_transport_tco2e: float = Field(0.0, ge=0, description="Transport [tCO2e/yr].")
    scope3_purchased_goods_tco2e: float = Field(0.0, ge=0, description="Purchased goods [tCO2e/yr].")

    @model_validator(mode="after")
    def _parts(self) -> BaseYearEmissions:
        if self.scope1_process_tco2e > self.scope1_tco2e:
            raise ValueError("scope1_process_tco2e is part of scope1_tco2e and cannot exceed it")
        return self
