"""Factory model schema: one YAML file per factory in ``models/``.

A factory model describes the plant as it is in the first year of a scenario's horizon: its
site, roof, electricity and fuel use, baseline emissions, and the retrofit measures on offer.
Prices, targets and trajectories belong to the scenario, not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from zcf_opt.defaults import default_field
from zcf_opt.schema.common import (
    Fraction,
    NonNegativeTrajectory,
    StrictModel,
    check_data_file,
    resolve_path,
)
from zcf_opt.schema.efficiency import EfficiencyProgramme
from zcf_opt.schema.equipment import EquipmentGroup
from zcf_opt.schema.finance import EnergyPerformanceContract
from zcf_opt.schema.heat import Heat
from zcf_opt.schema.production import BaseYearEmissions, Production
from zcf_opt.schema.supply_chain import Logistics, PurchasedGoods

#: the heat demand standing for all gas use of a factory without a ``heat`` section
IMPLICIT_HEAT_DEMAND = "gas_heat"

GridRegion = Literal["national", "north", "northeast", "east", "central", "northwest", "south", "southwest"]
EfficiencyClass = Literal["IE1", "IE2", "IE3", "IE4", "IE5"]


class Site(StrictModel):
    """Where the factory stands."""

    latitude_deg: float = Field(ge=-90, le=90, description="Latitude [deg], north positive.")
    longitude_deg: float = Field(ge=-180, le=180, description="Longitude [deg], east positive.")
    altitude_m: float = Field(0.0, ge=-500, le=9000, description="Altitude above sea level [m].")
    timezone: str = Field(
        "Asia/Shanghai",
        description="IANA time zone of the load and tariff hours (China: Asia/Shanghai, UTC+8).",
    )
    grid_region: GridRegion = Field(
        description="Regional grid whose average emission factor applies (MEE/NBS regions)."
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}', expected e.g. 'Asia/Shanghai'") from exc
        return value


class Solar(StrictModel):
    """Solar resource: a typical-year weather file, or clear-sky scaled to an annual GHI."""

    weather_file: Path | None = Field(
        None,
        description="Typical-year weather file: EPW, TMY3, TMY2 or a PVGIS TMY export (csv or json), "
        "recognised from its content; relative to this file. Its stated location must lie within "
        "500 km of the site (a warning beyond 50 km).",
    )
    allow_distant_weather: bool = Field(
        False,
        description="Accept a weather file more than 500 km from the site (the run still warns).",
    )
    annual_ghi_kwh_per_m2: float | None = Field(
        None,
        gt=0,
        description="Annual global horizontal irradiation [kWh/m2/yr]; used with clear-sky "
        "irradiance when there is no weather file.",
    )
    mean_air_temperature_c: float | None = Field(
        None,
        ge=-40,
        le=50,
        description="Annual mean air temperature [degC] for the cell-temperature model when "
        "there is no weather file.",
    )

    _resolve = field_validator("weather_file", mode="before")(resolve_path)

    @model_validator(mode="after")
    def _one_source(self) -> Solar:
        if self.weather_file is None:
            if self.annual_ghi_kwh_per_m2 is None or self.mean_air_temperature_c is None:
                raise ValueError(
                    "give either 'weather_file', or both 'annual_ghi_kwh_per_m2' and "
                    "'mean_air_temperature_c' (clear-sky irradiance scaled to that GHI)"
                )
        else:
            check_data_file(self.weather_file, "weather file")
        return self


class Roof(StrictModel):
    """Roof available for PV."""

    usable_area_m2: float = Field(gt=0, description="Roof area usable for PV [m2].")
    kwp_per_m2: float | None = Field(
        None, gt=0, le=0.3, description="PV power density on the usable roof [kWp/m2]."
    )
    max_kwp: float | None = Field(
        None, ge=0, description="Cap on total PV (existing + new) [kWp], e.g. a structural limit."
    )
    tilt_deg: float = Field(ge=0, le=90, description="Module tilt from horizontal [deg].")
    azimuth_deg: float = Field(
        ge=0, lt=360, description="Module azimuth [deg], pvlib convention: 180 = south."
    )
    existing_pv_kwp: float = Field(0.0, ge=0, description="PV already installed [kWp].")
    existing_pv_age_years: int = Field(0, ge=0, description="Age of the existing PV [yr].")

    @model_validator(mode="after")
    def _has_limit(self) -> Roof:
        if self.kwp_per_m2 is None and self.max_kwp is None:
            raise ValueError("give 'kwp_per_m2' or 'max_kwp' (or both) to bound the PV size")
        if self.existing_pv_kwp > self.pv_limit_kwp + 1e-9:
            raise ValueError(
                f"existing_pv_kwp {self.existing_pv_kwp} exceeds the roof limit {self.pv_limit_kwp:.1f} kWp"
            )
        return self

    @property
    def pv_limit_kwp(self) -> float:
        """Largest total PV the roof takes [kWp]."""
        limits = [self.max_kwp] if self.max_kwp is not None else []
        if self.kwp_per_m2 is not None:
            limits.append(self.usable_area_m2 * self.kwp_per_m2)
        return min(limits)


class GapFill(StrictModel):
    """How missing intervals of a meter file are filled."""

    method: Literal["linear"] = Field(
        description="'linear': a straight line between the readings on either side of the gap."
    )
    max_gap_intervals: int = Field(
        ge=1,
        le=2976,
        description="Longest gap filled [intervals of the file: 15 min or 1 h]; a longer gap is an error.",
    )


class ElectricityLoad(StrictModel):
    """Electricity demand in the first year of the horizon, before any measure."""

    profile_csv: Path | list[Path] | None = Field(
        None,
        description="Meter CSV file, or a list of files (one per meter) whose loads are summed; "
        "relative to this file. Each holds one year of hourly (8760 rows) or 15-minute (35,040 "
        "rows) readings, 8784 / 35,136 in a leap year (29 February is dropped), with or without "
        "a time column; see docs/method.md (Metered load).",
    )
    unit: Literal["kW", "kWh"] | None = Field(
        None,
        description="Unit of the meter readings, required with 'profile_csv': 'kW' = mean power "
        "over each interval, 'kWh' = energy in each interval.",
    )
    column: str = Field("load_kw", description="Name of the column holding the readings.")
    time_column: str = Field(
        "time",
        description="Name of the time column (e.g. '2024-01-01 00:15'); without one, rows run "
        "from 00:00 on 1 January in order.",
    )
    time_label: Literal["start", "end"] = Field(
        "start",
        description="Whether a time stamps the start or the end of its interval (many Chinese "
        "meters label a 15-minute reading 00:15 for 00:00-00:15: 'end').",
    )
    fill: GapFill | None = Field(
        None,
        description="Fill missing readings (gaps in the times, empty cells); without it a gap is an error.",
    )
    annual_mwh: float | None = Field(
        None, gt=0, description="Annual consumption [MWh/yr], shaped by 'shift_pattern'."
    )
    shift_pattern: Literal["one_shift", "two_shift", "three_shift"] | None = Field(
        None, description="Built-in hourly shape used with 'annual_mwh'."
    )

    _resolve = field_validator("profile_csv", mode="before")(resolve_path)

    @model_validator(mode="after")
    def _one_source(self) -> ElectricityLoad:
        if (self.profile_csv is None) == (self.annual_mwh is None):
            raise ValueError("give exactly one of 'profile_csv' and 'annual_mwh'")
        if self.annual_mwh is not None:
            if self.shift_pattern is None:
                raise ValueError("'annual_mwh' needs a 'shift_pattern'")
            if self.unit is not None or self.fill is not None:
                raise ValueError("'unit' and 'fill' describe meter files: use them with 'profile_csv'")
            return self
        if self.shift_pattern is not None:
            raise ValueError("'shift_pattern' shapes 'annual_mwh'; a meter file brings its own shape")
        if self.unit is None:
            raise ValueError(
                "give the 'unit' of the meter readings: 'kW' (mean power over each interval) "
                "or 'kWh' (energy in each interval)"
            )
        if not self.meter_files:
            raise ValueError("'profile_csv' lists no file")
        for path in self.meter_files:
            check_data_file(path, "load profile")
        return self

    @property
    def meter_files(self) -> list[Path]:
        """The meter CSV files (one or several), or an empty list."""
        if self.profile_csv is None:
            return []
        return list(self.profile_csv) if isinstance(self.profile_csv, list) else [self.profile_csv]


class EndUse(StrictModel):
    """An end use of the plant's electricity (lighting, compressed air, ...)."""

    name: str = Field(description="End-use name, e.g. 'lighting'.")
    share: Fraction = Field(description="Share of the plant's annual electricity [1].")


class Fuel(StrictModel):
    """Natural gas burnt in boilers and ovens."""

    natural_gas_nm3_per_year: float = Field(ge=0, description="Natural gas use in the first year [Nm3/yr].")
    boiler_efficiency: float = Field(gt=0, le=1, description="Useful heat per unit of fuel energy (LHV) [1].")
    emission_factor_tco2_per_1000nm3: float = default_field(
        "fuel.emission_factor_tco2_per_1000nm3", "CO2 per 1000 Nm3 burnt [tCO2/1000 Nm3].", gt=0
    )
    lower_heating_value_kwh_per_nm3: float = default_field(
        "fuel.lower_heating_value_kwh_per_nm3", "Lower heating value [kWh/Nm3].", gt=0
    )


class Scope3(StrictModel):
    """Scope-3 emissions that the Type II boundary adds (transport, purchased goods): itemised
    goods and logistics with the options that lower them, and lump sums for the rest."""

    transport_tco2e_per_year: NonNegativeTrajectory = Field(
        0.0, description="Transport emissions not itemised in 'logistics' [tCO2e/yr], by year."
    )
    purchased_goods_tco2e_per_year: NonNegativeTrajectory = Field(
        0.0, description="Emissions of purchased goods not itemised in 'purchased_goods' [tCO2e/yr], by year."
    )
    purchased_goods: list[PurchasedGoods] = Field(
        default_factory=list, description="Purchased goods by category, with lower-carbon options."
    )
    logistics: list[Logistics] = Field(
        default_factory=list, description="Transport by mode in t·km, with lower-carbon options."
    )

    @model_validator(mode="after")
    def _unique_items(self) -> Scope3:
        items = [g.category for g in self.purchased_goods] + [m.mode for m in self.logistics]
        options = [o.name for item in [*self.purchased_goods, *self.logistics] for o in item.options]
        for kind, names in (
            ("goods categories and logistics modes", items),
            ("supply-chain options", options),
        ):
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                raise ValueError(f"{kind} must have unique names: {duplicates}")
        return self


class MotorRetrofit(StrictModel):
    """One retrofit option for a motor fleet (replace every motor of the fleet)."""

    name: str = Field(description="Option name, e.g. 'IE4'.")
    efficiency_class: EfficiencyClass = Field(description="IEC 60034-30 class after retrofit.")
    efficiency: float | None = Field(
        None, gt=0, le=1, description="Efficiency after retrofit [1]; default from the class."
    )
    capex_cny: float = Field(ge=0, description="Cost of retrofitting the whole fleet [CNY].")
    life_years: int = Field(ge=1, le=40, description="Service life [yr].")
    fixed_om_cny_per_year: float = Field(0.0, ge=0, description="Added O&M [CNY/yr].")
    epc: EnergyPerformanceContract | None = Field(
        None, description="Also offer it under an energy-performance contract (no capex, shared savings)."
    )


class MotorFleet(StrictModel):
    """A group of similar motors (same size, duty and class)."""

    name: str = Field(description="Fleet name, e.g. 'compressors'.")
    rated_kw: float = Field(gt=0, le=2000, description="Rated output of one motor [kW].")
    count: int = Field(1, ge=1, description="Number of motors [1].")
    full_load_hours_per_year: float = Field(
        gt=0, le=8760, description="Equivalent full-load hours of one motor [h/yr]."
    )
    efficiency_class: EfficiencyClass = Field(description="Current IEC 60034-30 class.")
    efficiency: float | None = Field(
        None, gt=0, le=1, description="Current efficiency [1]; default from the class and size."
    )
    options: list[MotorRetrofit] = Field(
        default_factory=list, description="Exclusive retrofit options (at most one is chosen)."
    )


class HeatRecovery(StrictModel):
    """A waste-heat recovery project that displaces natural gas."""

    name: str = Field(description="Project name, e.g. 'compressor heat to paint pretreatment'.")
    recoverable_mwh_th_per_year: float = Field(
        gt=0, description="Heat delivered to a process that now burns gas [MWh_th/yr]."
    )
    capex_cny: float = Field(ge=0, description="Project cost [CNY].")
    life_years: int = Field(ge=1, le=40, description="Service life [yr].")
    fixed_om_cny_per_year: float = Field(0.0, ge=0, description="O&M [CNY/yr].")
    auxiliary_electricity_mwh_per_year: float = Field(
        0.0, ge=0, description="Pumps and fans the project adds [MWh/yr]."
    )
    exclusive_group: str | None = Field(
        None, description="Projects sharing a group are alternatives (at most one is built)."
    )
    serves: str | None = Field(
        None,
        description="Heat demand (section 'heat') whose gas the recovered heat replaces; needed "
        "when there are several.",
    )
    epc: EnergyPerformanceContract | None = Field(
        None, description="Also offer it under an energy-performance contract (no capex, shared savings)."
    )


class PVTechnology(StrictModel):
    """Rooftop PV technology parameters."""

    life_years: int = default_field("pv.life_years", "Service life [yr].", ge=1, le=50)
    degradation_per_year: float = default_field(
        "pv.degradation_per_year", "Output loss per year of age [1/yr].", ge=0, le=0.05
    )
    system_losses: float = default_field(
        "pv.system_losses", "DC losses (soiling, wiring, mismatch, availability) [1].", ge=0, lt=1
    )
    temperature_coefficient_per_c: float = default_field(
        "pv.temperature_coefficient_per_c", "Power temperature coefficient [1/degC].", le=0
    )
    inverter_efficiency: float = default_field(
        "pv.inverter_efficiency", "Inverter efficiency [1].", gt=0, le=1
    )
    fixed_om_cny_per_kwp_year: float = default_field(
        "pv.fixed_om_cny_per_kwp_year", "Fixed O&M [CNY/kWp/yr].", ge=0
    )
    fixed_project_cost_cny: float = Field(
        0.0,
        ge=0,
        description="Fixed cost of each year's PV project, whatever its size (design, grid "
        "connection, permits) [CNY]; adds one binary per year when positive.",
    )
    min_project_kwp: float = default_field(
        "pv.min_project_kwp",
        "Smallest PV a year's project may add [kWp]; 0 = any size. A smaller addition in the "
        "optimal plan is dropped and the plan solved again without it.",
        ge=0,
    )


class BatteryTechnology(StrictModel):
    """Battery storage technology parameters."""

    round_trip_efficiency: float = default_field(
        "battery.round_trip_efficiency",
        "AC round-trip efficiency, split evenly between charge and discharge [1].",
        gt=0,
        le=1,
    )
    life_years: int = default_field("battery.life_years", "Service life [yr].", ge=1, le=40)
    max_c_rate_per_hour: float = default_field(
        "battery.max_c_rate_per_hour", "Power capacity per unit of energy capacity [kW/kWh].", gt=0
    )
    fixed_om_cny_per_kwh_year: float = default_field(
        "battery.fixed_om_cny_per_kwh_year", "Fixed O&M [CNY/kWh/yr].", ge=0
    )
    min_soc: float = default_field(
        "battery.min_soc", "Lowest state of charge the system uses, share of its capacity [1].", ge=0, lt=1
    )
    max_soc: float = default_field(
        "battery.max_soc", "Highest state of charge the system uses, share of its capacity [1].", gt=0, le=1
    )
    calendar_fade_per_year: float = default_field(
        "battery.calendar_fade_per_year",
        "Capacity lost per year of age, share of the nameplate energy [1/yr].",
        ge=0,
        lt=0.2,
    )
    cycle_fade_per_cycle: float = default_field(
        "battery.cycle_fade_per_cycle",
        "Capacity lost per equivalent full cycle (energy discharged = nameplate energy), share of "
        "the nameplate energy [1/cycle].",
        ge=0,
        lt=0.01,
    )
    design_cycles_per_year: float = default_field(
        "battery.design_cycles_per_year",
        "Design throughput: full cycles of the usable window per year [1/yr]. A vintage ages at this "
        "rate and the dispatch may not cycle it more.",
        gt=0,
        le=2000,
    )
    end_of_life_capacity: float = default_field(
        "battery.end_of_life_capacity",
        "Capacity a vintage must keep at the end of its life, share of its nameplate energy [1]; "
        "the design cycles must not age it below (the cycle-life limit).",
        ge=0,
        lt=1,
    )
    auxiliary_kw_per_kwh: float = default_field(
        "battery.auxiliary_kw_per_kwh",
        "Auxiliary consumption (thermal management, BMS, controls) drawn every hour per kWh of "
        "nameplate energy in service [kW/kWh].",
        ge=0,
        lt=0.1,
    )
    allow: bool = Field(True, description="False to rule batteries out (e.g. no fire approval).")
    min_project_kwh: float = default_field(
        "battery.min_project_kwh",
        "Smallest battery a year's project may add [kWh] (e.g. one cabinet); 0 = any size. A "
        "smaller addition in the optimal plan is dropped and the plan solved again without it.",
        ge=0,
    )

    @model_validator(mode="after")
    def _ageing(self) -> BatteryTechnology:
        if self.max_soc <= self.min_soc:
            raise ValueError(f"max_soc {self.max_soc} must lie above min_soc {self.min_soc}")
        left = 1.0 - self.fade_per_year * self.life_years
        if left < self.end_of_life_capacity - 1e-12:
            raise ValueError(
                f"calendar fade {self.calendar_fade_per_year} per year and {self.design_cycles_per_year:g} "
                f"design cycles a year leave {left:.1%} of the capacity after life_years {self.life_years}, "
                f"below end_of_life_capacity {self.end_of_life_capacity:.0%}: lower design_cycles_per_year "
                "or shorten the life"
            )
        return self

    @property
    def fade_per_year(self) -> float:
        """Capacity lost per year of age at the design throughput, share of the nameplate [1/yr]."""
        window = self.max_soc - self.min_soc
        return self.calendar_fade_per_year + self.cycle_fade_per_cycle * window * self.design_cycles_per_year


class GridConnection(StrictModel):
    """The factory's connection to the grid: export mode and how the demand charge is billed."""

    export: Literal["surplus", "none"] = Field(
        "surplus",
        description="'surplus' (自发自用、余电上网: PV surplus may be sold) or 'none' (全部自发自用: "
        "nothing is fed into the grid). Storage never feeds the grid in either mode.",
    )
    demand_charge_basis: Literal["max_demand", "capacity"] = Field(
        "max_demand",
        description="'max_demand': each month's maximum demand pays the tariff's demand charge; "
        "'capacity': the transformer capacity pays the tariff's capacity charge.",
    )
    transformer_kva: float | None = Field(
        None, gt=0, description="Contracted transformer capacity [kVA]; needed for the capacity basis."
    )

    @model_validator(mode="after")
    def _capacity_needs_kva(self) -> GridConnection:
        if self.demand_charge_basis == "capacity" and self.transformer_kva is None:
            raise ValueError("demand_charge_basis 'capacity' needs 'transformer_kva'")
        return self


class FactoryModel(StrictModel):
    """A factory: site, roof, energy use, baseline emissions and measures on offer."""

    name: str = Field(description="Factory name, used in reports.")
    description: str = Field("", description="Free text for reports.")
    site: Site
    solar: Solar
    roof: Roof
    electricity_load: ElectricityLoad
    electricity_end_uses: list[EndUse] = Field(
        default_factory=list,
        description="Shares of the annual electricity by end use; efficiency programmes may save a "
        "share of one.",
    )
    fuel: Fuel | None = Field(None, description="Natural gas use; omit for an all-electric plant.")
    process_emissions_tco2e_per_year: NonNegativeTrajectory = Field(
        0.0, description="Scope-1 process emissions (not from fuel) [tCO2e/yr], by year."
    )
    process_emissions_co2_fraction: Fraction = Field(
        1.0, description="Share of the process emissions that is CO2 [1] (for CO2-only boundaries)."
    )
    scope3: Scope3 = Field(default_factory=Scope3)
    motors: list[MotorFleet] = Field(default_factory=list)
    equipment: list[EquipmentGroup] = Field(
        default_factory=list,
        description="Equipment graded by the GB efficiency standards (fans, pumps, air compressors, "
        "transformers, motors given by their energy use) and their upgrade options.",
    )
    production: Production | None = Field(
        None, description="Product, volume by year and benchmarks; needed for intensity per unit."
    )
    base_year_emissions: BaseYearEmissions | None = Field(
        None,
        description="Emissions of the base year of reduction targets; default: the first planning "
        "year as the factory stands, before any measure.",
    )
    waste_heat: list[HeatRecovery] = Field(default_factory=list)
    heat: Heat | None = Field(
        None,
        description="Heat demands by use and electric heat options; without it, all gas counts as "
        "one heat demand that only waste-heat recovery can reduce.",
    )
    efficiency: list[EfficiencyProgramme] = Field(
        default_factory=list, description="Efficiency programmes (generic saving measures)."
    )
    pv: PVTechnology = Field(default_factory=PVTechnology)
    battery: BatteryTechnology = Field(default_factory=BatteryTechnology)
    grid_connection: GridConnection = Field(default_factory=GridConnection)

    @field_validator("waste_heat")
    @classmethod
    def _heat_within_fuel(cls, projects: list[HeatRecovery], info: ValidationInfo) -> list[HeatRecovery]:
        """A project recovers at most the useful heat the plant's gas gives [MWh_th/yr]."""
        if not projects or "fuel" not in info.data:
            return projects
        fuel = info.data["fuel"]
        if fuel is None:
            raise ValueError("waste-heat projects displace gas: give a 'fuel' section")
        useful_mwh_th = (
            fuel.natural_gas_nm3_per_year
            * fuel.lower_heating_value_kwh_per_nm3
            * fuel.boiler_efficiency
            / 1000
        )
        for index, project in enumerate(projects):
            if project.recoverable_mwh_th_per_year > useful_mwh_th * (1 + 1e-9):
                raise ValueError(
                    f"[{index}] '{project.name}' recovers "
                    f"{project.recoverable_mwh_th_per_year:,.0f} MWh_th/yr, "
                    f"more than the {useful_mwh_th:,.0f} MWh_th/yr of useful heat the plant's gas gives "
                    "(fuel.natural_gas_nm3_per_year x lower heating value x boiler efficiency)"
                )
        return projects

    @model_validator(mode="after")
    def _unique_names(self) -> FactoryModel:
        names = (
            [f.name for f in self.motors]
            + [h.name for h in self.waste_heat]
            + [e.name for e in self.efficiency]
            + [e.name for e in self.equipment]
        )
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(
                f"motor fleet, equipment, heat project and efficiency names must be unique: {duplicates}"
            )
        if sum(use.share for use in self.electricity_end_uses) > 1 + 1e-9:
            raise ValueError("electricity_end_uses add up to more than the whole load")
        self._check_heat()
        self._check_efficiency()
        return self

    def heat_demand_names(self) -> list[str]:
        """Names of the heat demands (one implicit demand, 'gas_heat', without a heat section)."""
        if self.heat is not None:
            return [d.name for d in self.heat.demands]
        return [IMPLICIT_HEAT_DEMAND] if self.fuel is not None else []

    def _check_heat(self) -> None:
        demands = self.heat_demand_names()
        for project in self.waste_heat:
            if project.serves is not None and project.serves not in demands:
                raise ValueError(
                    f"waste_heat '{project.name}' serves '{project.serves}', not a heat demand {demands}"
                )
            if project.serves is None and len(demands) > 1:
                raise ValueError(f"waste_heat '{project.name}': name the heat demand it 'serves' ({demands})")
        if self.heat is None:
            return
        if self.fuel is None:
            raise ValueError("heat demands are supplied by gas today: give a 'fuel' section")
        gas = sum(
            d.annual_mwh_th
            * 1000.0
            / ((d.gas_efficiency or self.fuel.boiler_efficiency) * self.fuel.lower_heating_value_kwh_per_nm3)
            for d in self.heat.demands
        )
        if gas > self.fuel.natural_gas_nm3_per_year * (1 + 1e-6):
            raise ValueError(
                f"the heat demands burn {gas:,.0f} Nm3/yr of gas, more than fuel.natural_gas_nm3_per_year "
                f"({self.fuel.natural_gas_nm3_per_year:,.0f}); the rest of the gas is other use"
            )

    def _check_efficiency(self) -> None:
        from zcf_opt.programmes import programmes

        loads = {
            "electricity": "electricity",
            **{use.name: "end_use" for use in self.electricity_end_uses},
            **{fleet.name: "motor_fleet" for fleet in self.motors},
            **{name: "heat_demand" for name in self.heat_demand_names()},
        }
        for measure in self.efficiency:
            kind = loads.get(measure.of)
            if kind is None:
                raise ValueError(
                    f"efficiency '{measure.name}': 'of' is '{measure.of}', expected 'electricity', "
                    f"an end use, a motor fleet or a heat demand: {sorted(loads)}"
                )
            if measure.saving_gas_nm3_per_year is not None and kind != "heat_demand":
                raise ValueError(
                    f"efficiency '{measure.name}': a gas saving needs 'of' to name a heat demand"
                )
            if measure.saving_mwh_per_year is not None and kind == "heat_demand":
                raise ValueError(
                    f"efficiency '{measure.name}' saves heat of '{measure.of}': "
                    "give saving_share or saving_gas_nm3_per_year"
                )
            if measure.programme is not None:
                applies = programmes()[measure.programme].applies_to
                if applies != kind and not (applies == "end_use" and kind == "electricity"):
                    raise ValueError(
                        f"efficiency '{measure.name}': programme '{measure.programme}' applies to "
                        f"a {applies.replace('_', ' ')}, but '{measure.of}' is a {kind.replace('_', ' ')}"
                    )
