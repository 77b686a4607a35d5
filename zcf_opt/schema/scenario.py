"""Scenario schema: a what-if run over a factory model (``scenarios/*.yaml``).

A scenario names a factory model and adds the horizon, the star-level targets, prices and
cost trajectories, finance, time resolution and solver options. Every trajectory is a number
for all years or ``{year: value}`` points (linear between them, flat outside).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from zcf_opt.defaults import default_field
from zcf_opt.schema.common import GrowthTrajectory, NonNegativeTrajectory, StrictModel, resolve_path
from zcf_opt.schema.factory import EfficiencyClass, FactoryModel
from zcf_opt.schema.finance import Finance
from zcf_opt.schema.tariff import Tariff

#: what a level name may look like (the levels themselves are those of the rulebook)
LEVEL_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Horizon(StrictModel):
    """Planning years, first and last included."""

    first_year: int = Field(ge=2000, le=2100, description="First planning year [yr].")
    last_year: int = Field(ge=2000, le=2100, description="Last planning year [yr].")

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.last_year < self.first_year:
            raise ValueError("last_year must not be before first_year")
        if self.last_year - self.first_year > 39:
            raise ValueError("a horizon holds at most 40 years")
        return self

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Target(StrictModel):
    """A star level to reach by a year; it holds from that year on until the next target."""

    year: int = Field(ge=2000, le=2100, description="First year the level must be met [yr].")
    level: str = Field(
        description="A level of the standard's rulebook, e.g. 'I-4' (Type I four-star), 'II-6' or "
        "'zero-carbon' (`zcf-opt standards NAME` lists them).",
        json_schema_extra={"pattern": LEVEL_NAME_PATTERN.pattern},
    )
    standard: str | None = Field(
        None,
        description="Standard of the level (rulebook id or reference); default: the scenario's 'standard'.",
    )

    @field_validator("level")
    @classmethod
    def _level_format(cls, value: str) -> str:
        if not LEVEL_NAME_PATTERN.match(value):
            raise ValueError(f"expected a level name such as 'I-4', 'II-6' or 'zero-carbon', got '{value}'")
        return value


class GreenPower(StrictModel):
    """Green power trading (绿电交易): renewable MWh bought through the grid at a premium."""

    premium_cny_per_mwh: NonNegativeTrajectory = default_field(
        "green_power.premium_cny_per_mwh", "Premium over the grid tariff [CNY/MWh], by year."
    )
    cap_mwh: NonNegativeTrajectory | None = Field(None, description="Most green power per year [MWh/yr].")


class Certificates(StrictModel):
    """Green electricity certificates (绿证, GEC), one per MWh."""

    price_cny_per_mwh: NonNegativeTrajectory = default_field(
        "gec_price_cny_per_mwh", "Certificate price [CNY/MWh], by year."
    )
    cap_mwh: NonNegativeTrajectory | None = Field(None, description="Most certificates per year [MWh/yr].")


class Offsets(StrictModel):
    """Offset credits (e.g. CCER) retired to neutralise residual emissions."""

    price_cny_per_tco2e: NonNegativeTrajectory = default_field(
        "offsets.price_cny_per_tco2e", "Offset price [CNY/tCO2e], by year."
    )
    cap_tco2e: NonNegativeTrajectory | None = Field(None, description="Most offsets per year [tCO2e/yr].")


class OptionalCredits(StrictModel):
    """Credits offered only when the scenario gives their price."""

    price_cny_per_tco2e: NonNegativeTrajectory | None = Field(
        None, description="Price [CNY/tCO2e], by year; none = not available."
    )
    cap_tco2e: NonNegativeTrajectory | None = Field(None, description="Most per year [tCO2e/yr].")


class Removals(StrictModel):
    """Carbon removal credits (sinks, biochar, DAC) retired to neutralise residual emissions."""

    price_cny_per_tco2e: NonNegativeTrajectory = default_field(
        "removals.price_cny_per_tco2e", "Removal price [CNY/tCO2e], by year."
    )
    cap_tco2e: NonNegativeTrajectory | None = Field(None, description="Most removals per year [tCO2e/yr].")


class TypicalDays(StrictModel):
    """Represent each year by typical days (tsam), the peak-load day kept as its own day."""

    typical_days: int = Field(12, ge=2, le=365, description="Number of typical days [1].")


class SolverOptions(StrictModel):
    """HiGHS options."""

    time_limit_seconds: float = Field(600.0, gt=0, description="Wall-clock limit [s].")
    mip_gap: float = Field(1e-4, ge=0, le=1, description="Relative MIP gap at which HiGHS stops [1].")
    threads: int | None = Field(None, ge=1, description="HiGHS threads; none = HiGHS default.")


class Range(StrictModel):
    """A range for sensitivity sampling, in the unit of the parameter it varies."""

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.high < self.low:
            raise ValueError("high must not be below low")
        return self


class Scenario(StrictModel):
    """A what-if run: a factory, a horizon, targets, prices and solver options."""

    name: str = Field(description="Run name; results go to results/<name>/. Default: file stem.")
    description: str = Field("", description="Free text for reports.")
    factory: FactoryModel = Field(
        description="Path of the factory model YAML (relative to this file), or the model inline."
    )
    horizon: Horizon
    standard: str = Field(
        "T/CECA-G 0171-2022",
        description="Standard of the targets that name none: a shipped rulebook's id or reference "
        "(`zcf-opt standards` lists them).",
    )
    rulebook_file: Path | None = Field(
        None, description="Own rulebook YAML instead of a shipped one (relative to this file)."
    )
    rulebook_options: dict[str, str] = Field(
        default_factory=dict,
        description="Choices of the rulebooks' named options, e.g. {qingchu: outside_reductions} "
        "(how T/CECA-G 0171-2022 reads 清除); others keep their default.",
    )
    targets: list[Target] = Field(
        default_factory=list,
        description="Levels by year, of one or several standards; empty = least-cost baseline.",
    )
    discount_rate: float = default_field("discount_rate", "Real discount rate [1/yr].", ge=0, le=0.5)
    finance: Finance = Field(
        default_factory=Finance,
        description="Loans, a green loan rate and subsidies; equity is valued at the discount rate.",
    )
    tariff: Tariff = Field(
        default_factory=Tariff,
        description="The grid tariff, in full or the name of a shipped tariff (e.g. 'jiangsu-2025-10kv'), "
        "optionally with fields overridden: {name: jiangsu-2025-10kv, base_price_cny_per_kwh: 0.42}.",
    )
    export_price_cny_per_kwh: NonNegativeTrajectory = default_field(
        "export_price_cny_per_kwh",
        "Price paid for PV fed into the grid [CNY/kWh], by year; in each hour at most that hour's "
        "energy charge less 0.001 CNY/kWh (one meter cannot import and export at once). Whether "
        "the factory may export at all is its `grid_connection.export`.",
    )
    green_power: GreenPower = Field(default_factory=GreenPower)
    certificates: Certificates = Field(default_factory=Certificates)
    offsets: Offsets = Field(default_factory=Offsets)
    removals: Removals = Field(default_factory=Removals)
    international_credits: OptionalCredits = Field(
        default_factory=OptionalCredits,
        description="International (cross-border) carbon credits; offered when a price is given.",
    )
    outside_reductions: OptionalCredits = Field(
        default_factory=OptionalCredits,
        description="Reduction projects outside the boundary, per tonne they cut (e.g. the 清除 "
        "reading of T/CECA-G 0171-2022); offered when a price is given.",
    )
    grid_emission_factor_tco2_per_mwh: NonNegativeTrajectory | None = Field(
        None,
        description="Location-based grid factor [tCO2/MWh], by year. Default: the site's "
        "regional grid factor for 2023 (MEE/NBS), held flat.",
    )
    market_residual_factor_tco2_per_mwh: NonNegativeTrajectory = default_field(
        "market_residual_factor_tco2_per_mwh",
        "Factor for grid electricity not covered by green power or certificates "
        "(market-based scope 2) [tCO2/MWh], by year.",
    )
    pv_capex_cny_per_kwp: NonNegativeTrajectory = default_field(
        "pv.capex_cny_per_kwp", "Installed rooftop PV cost [CNY/kWp], by install year."
    )
    battery_energy_capex_cny_per_kwh: NonNegativeTrajectory = default_field(
        "battery.energy_capex_cny_per_kwh", "Battery system cost [CNY/kWh], by install year."
    )
    battery_power_capex_cny_per_kw: NonNegativeTrajectory = default_field(
        "battery.power_capex_cny_per_kw", "Battery power-related cost [CNY/kW], by install year."
    )
    gas_price_cny_per_nm3: NonNegativeTrajectory = default_field(
        "gas_price_cny_per_nm3", "Natural gas price [CNY/Nm3], by year."
    )
    motor_minimum_class: dict[int, EfficiencyClass] = default_field(
        "motors.legal_minimum_class",
        "Lowest motor efficiency class that may be installed, from each given year on (a step, not "
        "interpolated). A retrofit option below it cannot be built that year, and a fleet whose "
        "retrofit reaches the end of its life without renewal is replaced at this class.",
    )
    electricity_demand_growth_per_year: GrowthTrajectory = Field(
        0.0,
        description="Growth of electricity demand into each year [1/yr], by year; negative for a "
        "shrinking demand, above -1 so that demand stays positive, at most 1 (doubling).",
    )
    fuel_demand_growth_per_year: GrowthTrajectory = Field(
        0.0,
        description="Growth of gas demand into each year [1/yr], by year; negative for a shrinking "
        "demand, above -1 so that demand stays positive, at most 1 (doubling).",
    )
    time_resolution: TypicalDays | Literal["full_year"] = Field(
        default_factory=TypicalDays,
        description="'full_year' (365 days of 24 h) or {typical_days: N}.",
    )
    solver: SolverOptions = Field(default_factory=SolverOptions)
    sensitivity: dict[str, Range] = Field(
        default_factory=dict,
        description="Ranges for `zcf-opt sweep --samples N`: parameter name (see `zcf-opt sweep "
        "--help`) -> {low, high}, in the parameter's unit.",
    )

    _resolve = field_validator("rulebook_file", mode="before")(resolve_path)

    @field_validator("name")
    @classmethod
    def _folder_name(cls, value: str) -> str:
        """The name is the default run folder's: no path separators, not '.' or '..'."""
        if not value.strip() or value.strip() in (".", "..") or any(c in value for c in "/\\\0"):
            raise ValueError(f"expected a name usable as a folder name (no '/' or '\\'), got {value!r}")
        return value

    @field_validator("rulebook_file")
    @classmethod
    def _rulebook_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"rulebook file not found: {value}")
        return value

    @field_validator("targets")
    @classmethod
    def _targets_in_horizon(cls, targets: list[Target], info: ValidationInfo) -> list[Target]:
        keys = [(t.year, t.standard or info.data.get("standard")) for t in targets]
        if len(set(keys)) != len(keys):
            raise ValueError(f"one target per year and standard, got {[k[0] for k in keys]}")
        years = [t.year for t in targets]
        horizon = info.data.get("horizon")
        outside = [y for y in years if horizon and not horizon.first_year <= y <= horizon.last_year]
        if outside:
            raise ValueError(
                f"years {outside} lie outside the horizon {horizon.first_year}-{horizon.last_year}"
            )
        return targets

    @model_validator(mode="after")
    def _check_finance(self) -> Scenario:
        """The green loan's level reads like a target; project subsidies name measures."""
        green = self.finance.loan.green if self.finance.loan else None
        if green is not None:
            Target(year=green.from_year, level=green.level)  # same form as a target
        from zcf_opt.inputs.measures import measure_names

        names = set(measure_names(self.factory))
        unknown = sorted({p.measure for p in self.finance.subsidies.projects} - names)
        if unknown:
            raise ValueError(
                f"finance.subsidies.projects: no measure named {unknown}; measures: {sorted(names)}"
            )
        return self

    def target_by_year(self, standard: str | None = None) -> dict[int, Target | None]:
        """The target of one standard in force each year: its latest target whose year has come.

        Parameters
        ----------
        standard
            The standard as the targets name it (None: targets that name none, i.e. the
            scenario's own standard).
        """
        ordered = sorted((t for t in self.targets if t.standard == standard), key=lambda t: t.year)
        in_force: dict[int, Target | None] = {}
        current: Target | None = None
        for year in self.horizon.years:
            for target in ordered:
                if target.year == year:
                    current = target
            in_force[year] = current
        return in_force
