"""Heat demand of the factory and the ways to electrify it (section ``heat`` of a factory model).

A heat demand is useful heat at a temperature, today supplied by gas (boilers or direct-fired
ovens). Options that can take it over: industrial heat pumps, air- and ground-source heat
pumps, electric boilers; thermal storage lets them charge when electricity is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from zcf_opt.inputs.heat_pump import KINDS, coefficient_of_performance
from zcf_opt.schema.common import StrictModel, check_data_file, resolve_path

HeatUse = Literal["process", "space_heating"]
HeatProfile = Literal["electricity_load", "flat", "one_shift", "two_shift", "three_shift"]
ElectricHeatKind = Literal[KINDS]  # type: ignore[valid-type]


class HeatDemand(StrictModel):
    """Useful heat a use needs in the first year, its hourly shape and how gas supplies it today."""

    name: str = Field(description="Name, e.g. 'paint_ovens'.")
    use: HeatUse = Field("process", description="'process' heat or 'space_heating'.")
    temperature_c: float = Field(
        ge=20, le=1500, description="Temperature the heat is needed at (supply temperature) [degC]."
    )
    annual_mwh_th: float = Field(gt=0, description="Useful heat in the first year [MWh_th/yr].")
    profile: HeatProfile = Field(
        "electricity_load",
        description="Hourly shape: the plant's electricity load, 'flat', or a built-in shift pattern.",
    )
    profile_csv: Path | None = Field(
        None,
        description="CSV with a 'heat_kw' column of hourly or 15-minute values [kW_th] (rows in "
        "order from 1 January 00:00, or a 'time' column) giving the shape (scaled to "
        "'annual_mwh_th'); replaces 'profile'. Relative to this file.",
    )
    months: list[Annotated[int, Field(ge=1, le=12)]] | None = Field(
        None, description="Months (1-12) in which the demand occurs, e.g. [11, 12, 1, 2, 3] for heating."
    )
    supply: Literal["gas_boiler", "direct_fired"] = Field(
        "gas_boiler", description="How gas supplies it today: a boiler, or burners in the process (ovens)."
    )
    gas_efficiency: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Useful heat per unit of gas energy (LHV) of today's supply [1]; default: the "
        "factory's 'fuel.boiler_efficiency'.",
    )

    _resolve = field_validator("profile_csv", mode="before")(resolve_path)

    @model_validator(mode="after")
    def _valid(self) -> HeatDemand:
        if self.months is not None and (
            not self.months
            or any(m < 1 or m > 12 for m in self.months)
            or len(set(self.months)) != len(self.months)
        ):
            raise ValueError("months: distinct numbers from 1 to 12")
        if self.profile_csv is not None:
            check_data_file(self.profile_csv, "heat profile")
        return self


class ElectricHeatOption(StrictModel):
    """An electric heat supply that can take over (part of) one heat demand; sized by the plan."""

    name: str = Field(description="Option name, e.g. 'pretreatment_heat_pump'.")
    kind: ElectricHeatKind = Field(
        description="'industrial_heat_pump', 'air_source_heat_pump', 'ground_source_heat_pump' or "
        "'electric_boiler'."
    )
    serves: str = Field(description="Name of the heat demand it supplies.")
    source_temperature_c: float | None = Field(
        None,
        ge=-30,
        le=150,
        description="Heat source temperature of a heat pump [degC]: outdoor air in the months it "
        "runs, ground, or the waste heat it upgrades.",
    )
    cop: float | None = Field(
        None,
        gt=0,
        le=15,
        description="Heat out per electricity in [1]; default: from the temperature lift "
        "(heat pumps, sourced correlations) or 0.99 (electric boiler).",
    )
    capex_cny_per_kw_th: float = Field(ge=0, description="Installed cost per kW of heat output [CNY/kW_th].")
    fixed_om_cny_per_kw_th_year: float = Field(0.0, ge=0, description="Fixed O&M [CNY/kW_th/yr].")
    life_years: int = Field(ge=1, le=40, description="Service life [yr].")
    max_kw_th: float | None = Field(
        None, gt=0, description="Largest heat output that can be installed [kW_th]."
    )


class HeatStorage(StrictModel):
    """Thermal storage (hot-water or steam accumulator) charged by the electric options of one demand."""

    name: str = Field(description="Storage name.")
    serves: str = Field(description="Name of the heat demand it serves.")
    capex_cny_per_kwh_th: float = Field(
        ge=0, description="Installed cost per kWh of heat stored [CNY/kWh_th]."
    )
    fixed_om_cny_per_kwh_th_year: float = Field(0.0, ge=0, description="Fixed O&M [CNY/kWh_th/yr].")
    life_years: int = Field(ge=1, le=40, description="Service life [yr].")
    loss_per_hour: float = Field(
        0.005, ge=0, lt=1, description="Share of the stored heat lost in each hour [1/h]."
    )
    max_c_rate_per_hour: float = Field(
        0.5, gt=0, description="Charge or discharge power per unit of storage capacity [kW_th/kWh_th]."
    )
    max_kwh_th: float | None = Field(
        None, gt=0, description="Largest capacity that can be installed [kWh_th]."
    )


class Heat(StrictModel):
    """Heat demands by use and the electric options that can supply them."""

    demands: list[HeatDemand] = Field(
        description="Heat demands (process by temperature level, space heating)."
    )
    options: list[ElectricHeatOption] = Field(default_factory=list, description="Electric heat options.")
    storage: list[HeatStorage] = Field(default_factory=list, description="Thermal storage.")

    @model_validator(mode="after")
    def _consistent(self) -> Heat:
        names = [d.name for d in self.demands]
        every = names + [o.name for o in self.options] + [s.name for s in self.storage]
        duplicates = sorted({n for n in every if every.count(n) > 1})
        if duplicates:
            raise ValueError(f"heat demand, option and storage names must be unique: {duplicates}")
        demands = {d.name: d for d in self.demands}
        for option in self.options:
            if option.serves not in demands:
                raise ValueError(
                    f"option '{option.name}' serves '{option.serves}', not a heat demand {names}"
                )
            if option.cop is None:
                try:
                    coefficient_of_performance(
                        option.kind, demands[option.serves].temperature_c, option.source_temperature_c
                    )
                except ValueError as exc:
                    raise ValueError(f"option '{option.name}': {exc}") from None
        served = {o.serves for o in self.options}
        for store in self.storage:
            if store.serves not in demands:
                raise ValueError(f"storage '{store.name}' serves '{store.serves}', not a heat demand {names}")
            if store.serves not in served:
                raise ValueError(
                    f"storage '{store.name}' serves '{store.serves}', which no electric option supplies"
                )
        return self

    def option_cop(self, option: ElectricHeatOption) -> float:
        """Heat out per electricity in of an option [1]."""
        if option.cop is not None:
            return option.cop
        demand = next(d for d in self.demands if d.name == option.serves)
        return coefficient_of_performance(option.kind, demand.temperature_c, option.source_temperature_c)
