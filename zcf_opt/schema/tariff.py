"""The grid tariff of a scenario: time-of-use bands by season, energy prices, demand charges.

A tariff is written in the scenario in full, or named from the shipped library
(``zcf_opt/data/tariffs/<name>.yaml``: ``tariff: jiangsu-2025-10kv``) and overridden field by
field (``tariff: {name: jiangsu-2025-10kv, base_price_cny_per_kwh: 0.42}``). A library entry
carries its source document and year, and lists the fields whose figures are not confirmed
(``provisional``); a run that relies on one says so in its warnings.

Energy charge of a day in band b (season s, year y) [CNY/kWh], in one of two forms:

- absolute: ``energy_price_cny_per_kwh[b]_y`` (the same in every season);
- ratios, as Chinese tariffs state them: ``base_y × ratio_{s,b} + fixed_y``, where the base
  (the purchase price that floats with the time of use) is multiplied by the band's ratio and
  the fixed part (transmission and distribution, system operation, funds) does not float.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import Field, field_validator, model_validator

from zcf_opt.defaults import default_field
from zcf_opt.schema.common import NonNegativeTrajectory, StrictModel

#: time-of-use bands, from the dearest to the cheapest; hours in no band are flat
BANDS = ("critical_peak", "peak", "flat", "valley", "deep_valley")

#: bands given as hour lists (``flat`` is every other hour)
HOUR_BANDS = ("critical_peak", "peak", "valley", "deep_valley")

LIBRARY_PACKAGE = "zcf_opt.data.tariffs"

#: an hour of the day [h], 0-23, hour beginning
Hour = Annotated[int, Field(ge=0, le=23)]

#: tariff fields a library entry may mark provisional -> (Chinese, English) name
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "tou_hours": ("分时时段", "time-of-use bands"),
    "seasons": ("季节时段", "seasonal bands"),
    "energy_price_cny_per_kwh": ("分时电度电价", "energy charge by band"),
    "price_ratios": ("峰谷浮动比例", "band price ratios"),
    "base_price_cny_per_kwh": ("参与浮动的购电价格", "purchase price that floats"),
    "fixed_price_cny_per_kwh": (
        "不参与浮动的电价部分（输配电价、系统运行费、基金及附加）",
        "part that does not float",
    ),
    "demand_charge_cny_per_kw_month": ("需量电价", "demand charge"),
    "capacity_charge_cny_per_kva_month": ("容量电价", "capacity charge"),
}


class TouHours(StrictModel):
    """Hours of day (0-23, hour beginning) of each time-of-use band; other hours are flat."""

    critical_peak: list[Hour] = Field(
        default_factory=list, description="Critical-peak (尖峰) hours [hour of day]."
    )
    peak: list[Hour] = Field(description="Peak (高峰) hours [hour of day].")
    valley: list[Hour] = Field(description="Valley (低谷) hours [hour of day].")
    deep_valley: list[Hour] = Field(
        default_factory=list, description="Deep-valley (深谷) hours [hour of day]."
    )

    @model_validator(mode="after")
    def _valid_hours(self) -> TouHours:
        seen: dict[int, str] = {}
        for band in HOUR_BANDS:
            hours = getattr(self, band)
            if any(h < 0 or h > 23 for h in hours) or len(set(hours)) != len(hours):
                raise ValueError(f"{band}: hours must be distinct integers from 0 to 23")
            for hour in hours:
                if hour in seen:
                    raise ValueError(f"hour {hour} is in both {seen[hour]} and {band}")
                seen[hour] = band
        return self

    def band_of_hour(self) -> list[str]:
        """The band of each hour of the day, 24 names."""
        bands = ["flat"] * 24
        for band in HOUR_BANDS:
            for hour in getattr(self, band):
                bands[hour] = band
        return bands

    def bands_used(self) -> set[str]:
        return set(self.band_of_hour())


class BandPrices(StrictModel):
    """Energy charge of each time-of-use band [CNY/kWh], by year."""

    critical_peak: NonNegativeTrajectory | None = Field(
        None, description="Critical-peak price [CNY/kWh], by year."
    )
    peak: NonNegativeTrajectory = Field(description="Peak price [CNY/kWh], by year.")
    flat: NonNegativeTrajectory = Field(description="Flat price [CNY/kWh], by year.")
    valley: NonNegativeTrajectory = Field(description="Valley price [CNY/kWh], by year.")
    deep_valley: NonNegativeTrajectory | None = Field(
        None, description="Deep-valley price [CNY/kWh], by year."
    )


class BandRatios(StrictModel):
    """Price of each band relative to the base (flat = 1) [1]."""

    critical_peak: float | None = Field(None, ge=0, description="Critical-peak ratio [1].")
    peak: float = Field(ge=0, description="Peak ratio [1], e.g. 1.8 for +80 %.")
    flat: float = Field(1.0, ge=0, description="Flat ratio [1].")
    valley: float = Field(ge=0, description="Valley ratio [1], e.g. 0.35 for -65 %.")
    deep_valley: float | None = Field(None, ge=0, description="Deep-valley ratio [1].")


class Season(StrictModel):
    """Months that share one set of time-of-use bands (and, optionally, their own ratios)."""

    name: str = Field(description="Season name, e.g. 'summer_winter'.")
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        description="Calendar months of the season (1-12)."
    )
    tou_hours: TouHours = Field(description="Time-of-use bands in these months.")
    price_ratios: BandRatios | None = Field(
        None, description="Band ratios in these months; default: the tariff's `price_ratios`."
    )

    @field_validator("months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        if not value or any(m < 1 or m > 12 for m in value) or len(set(value)) != len(value):
            raise ValueError("months must be distinct integers from 1 to 12")
        return value


def _is_trajectory(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(k, int) for k in value)


def merge_overrides(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` laid over it: mappings merge key by key, other values (lists,
    numbers, trajectories) are replaced whole."""
    merged = dict(base)
    for key, value in overrides.items():
        old = merged.get(key)
        if (
            isinstance(old, dict)
            and isinstance(value, dict)
            and not (_is_trajectory(old) or _is_trajectory(value))
        ):
            merged[key] = merge_overrides(old, value)
        else:
            merged[key] = value
    return merged


@cache
def library_names() -> tuple[str, ...]:
    """Names of the shipped tariffs."""
    folder = resources.files(LIBRARY_PACKAGE)
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".yaml")))


@cache
def _library_text(name: str) -> str:
    return resources.files(LIBRARY_PACKAGE).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def library_entry(name: str) -> dict[str, Any]:
    """The fields of the shipped tariff ``name`` (a fresh copy)."""
    if name not in library_names():
        raise ValueError(f"unknown tariff '{name}'; shipped tariffs: {', '.join(library_names())}")
    entry = yaml.safe_load(_library_text(name))
    entry["name"] = name
    return entry


class Tariff(StrictModel):
    """Two-part industrial grid tariff: time-of-use energy charge and a demand (or capacity) charge.

    Give either ``energy_price_cny_per_kwh`` (absolute prices by band) or ``price_ratios`` with
    ``base_price_cny_per_kwh`` (and ``fixed_price_cny_per_kwh``).
    """

    name: str | None = Field(
        None, description="Shipped tariff this one starts from (see `zcf_opt/data/tariffs`)."
    )
    description: str = Field("", description="Free text.")
    source: str = Field("", description="Document the bands and ratios come from.")
    source_zh: str = Field("", description="The source in Chinese (for the proposal).")
    year: int | None = Field(None, ge=1900, le=2100, description="Year of the source document [yr].")
    provisional: list[str] = Field(
        default_factory=list,
        description="Fields whose figures are not confirmed from the source (a run using them warns).",
    )
    tou_hours: TouHours | None = default_field(
        "tariff.tou_hours", "Time-of-use bands of every month outside the seasons."
    )
    seasons: list[Season] = Field(
        default_factory=list,
        description="Seasons with their own bands; each month in at most one season.",
    )
    energy_price_cny_per_kwh: BandPrices | None = default_field(
        "tariff.energy_price_cny_per_kwh", "Energy charge by band [CNY/kWh], by year (absolute form)."
    )
    price_ratios: BandRatios | None = Field(
        None, description="Band prices relative to the base price (ratio form); flat = 1."
    )
    base_price_cny_per_kwh: NonNegativeTrajectory | None = Field(
        None,
        description="Ratio form: the part of the energy charge that floats with the band (the "
        "purchase price) [CNY/kWh], by year.",
    )
    fixed_price_cny_per_kwh: NonNegativeTrajectory = Field(
        0.0,
        description="Ratio form: the part of the energy charge that does not float (transmission "
        "and distribution, system operation, funds) [CNY/kWh], by year.",
    )
    demand_charge_cny_per_kw_month: NonNegativeTrajectory = default_field(
        "tariff.demand_charge_cny_per_kw_month",
        "Charge on each month's maximum demand [CNY/kW/month], by year.",
    )
    capacity_charge_cny_per_kva_month: NonNegativeTrajectory | None = Field(
        None,
        description="Charge on the transformer capacity when the factory is billed by capacity "
        "[CNY/kVA/month], by year.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_library(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {"name": data}
        if not isinstance(data, dict):
            return data
        if data.get("name") is not None:
            overrides = {k: v for k, v in data.items() if k != "name"}
            data = merge_overrides(library_entry(str(data["name"])), overrides)
            if "provisional" not in overrides:
                # a figure the user sets is the user's own, no longer the library's provisional one
                data["provisional"] = [f for f in data.get("provisional", []) if f not in overrides]
        seasons = data.get("seasons") or []
        season_ratios = any(isinstance(s, dict) and s.get("price_ratios") for s in seasons)
        if (data.get("price_ratios") is not None or season_ratios) and "energy_price_cny_per_kwh" not in data:
            data = {**data, "energy_price_cny_per_kwh": None}
        covered = {m for s in seasons if isinstance(s, dict) for m in s.get("months", [])}
        if covered >= set(range(1, 13)) and "tou_hours" not in data:
            data = {**data, "tou_hours": None}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Tariff:
        months = [m for season in self.seasons for m in season.months]
        twice = sorted({m for m in months if months.count(m) > 1})
        if twice:
            raise ValueError(f"seasons: months {twice} are in more than one season")
        ratio_form = self.price_ratios is not None or any(s.price_ratios for s in self.seasons)
        if ratio_form == (self.energy_price_cny_per_kwh is not None):
            raise ValueError(
                "give either 'energy_price_cny_per_kwh' (absolute prices) or 'price_ratios' with "
                "'base_price_cny_per_kwh', not both"
            )
        if ratio_form and self.base_price_cny_per_kwh is None:
            raise ValueError("'price_ratios' needs 'base_price_cny_per_kwh'")
        for name, hours, ratios in self._schedules():
            for band in sorted(hours.bands_used()):
                if ratio_form:
                    if ratios is None:
                        raise ValueError(f"{name}: no price_ratios (give the tariff's or the season's)")
                    if getattr(ratios, band) is None:
                        raise ValueError(f"{name}: hours in '{band}' but price_ratios has no '{band}'")
                elif getattr(self.energy_price_cny_per_kwh, band) is None:
                    raise ValueError(
                        f"{name}: hours in '{band}' but energy_price_cny_per_kwh has no '{band}'"
                    )
        return self

    def _schedules(self) -> list[tuple[str, TouHours, BandRatios | None]]:
        """(label, bands, ratios) of every schedule in use."""
        schedules = [
            (f"season '{s.name}'", s.tou_hours, s.price_ratios or self.price_ratios) for s in self.seasons
        ]
        if len({m for s in self.seasons for m in s.months}) < 12:
            if self.tou_hours is None:
                raise ValueError("'tou_hours' is needed for the months outside the seasons")
            schedules.append(("tou_hours", self.tou_hours, self.price_ratios))
        return schedules

    def schedule_of_month(self, month: int) -> tuple[TouHours, BandRatios | None]:
        """The bands and ratios in force in calendar ``month`` (1-12)."""
        for season in self.seasons:
            if month in season.months:
                return season.tou_hours, season.price_ratios or self.price_ratios
        assert self.tou_hours is not None  # the validator ensures it for uncovered months
        return self.tou_hours, self.price_ratios
