"""The plant in its first year with a given set of levers in place: its yearly cost and emissions.

The MACC (:mod:`zcf_opt.sweep.macc`) measures each lever's increment on this evaluation. It
uses the first year of the model inputs (prices, factors, load, heat, supply chain) over the
typical days, and is static: no battery, no storage, no market purchases.

With levers L in place, per period p and hour h (weights w_p):

- electricity load = load − Σ_{measures} S_k shape_k + electric heat / COP
- heat of demand d still needed = Q_d σ_d − Σ_{measures on d} H_k σ_d; each electric option in
  place serves it up to its size in the hours where its electricity costs less than gas heat;
  gas supplies the rest
- PV (the whole free roof, mean output over its life) serves the load first, the rest is
  exported at the hour's export price (curtailed when export is not allowed)
- cost [CNY/yr] = Σ w · price · import + 12 · D · max(import) − export revenue + gas cost
  + Σ_L (annuity of its financed capex after subsidies + O&M) + supply-chain option costs
  − PV output subsidy
- emissions [tCO2e/yr] = gas · EF_gas + process + import · f_e (+ scope 3 in a Type II boundary)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from zcf_opt.conventions import equivalent_annual_cost

#: MWh per kWh
MWH = 1e-3


def _first(inputs: xr.Dataset, name: str) -> float:
    return float(inputs[name].isel(year=0))


def _by_period_and_hour(inputs: xr.Dataset, name: str) -> np.ndarray:
    """A first-year price by period and hour [CNY/kWh], shape (period, hour) (seasonal tariffs
    differ by period; a price the same every day is broadcast)."""
    first = inputs[name].isel(year=0)
    return np.broadcast_to(first.values, (inputs.sizes["period"], inputs.sizes["hour"])).copy()


@dataclass
class Lever:
    """A physical lever the MACC can put in place: its annual fixed cost and what it changes."""

    key: str
    lever: str
    option: str
    group: str
    capex_cny: float
    life_years: float | None
    annual_cost_cny: float  # annuity of the financed capex after subsidies, plus O&M [CNY/yr]
    note: dict[str, Any] = field(default_factory=dict)  # {"code", "params"} of its MACC note
    option_wording: dict[str, Any] | None = None  # {"code", "params"} of its option, None: the name
    electricity_saving_kw: np.ndarray | None = None  # (period, hour) [kW]
    heat_saving: tuple[int, float] | None = None  # (demand index, MWh_th/yr)
    heat_option: int | None = None  # index of an electric heat option
    supply_option: int | None = None  # index of a supply-chain option


@dataclass(frozen=True)
class PlantYear:
    """The first year of the plant with some levers in place."""

    cost_cny: float  # [CNY/yr]
    emissions_tco2e: float  # boundary emissions [tCO2e/yr]
    grid_import_mwh: float  # [MWh/yr]


@dataclass
class FirstYearPlant:
    """First-year data of a plant (see the module notes); build with :meth:`from_inputs`."""

    weight: np.ndarray
    load_kw: np.ndarray
    price: np.ndarray
    demand_charge: float
    export_price: np.ndarray
    export_allowed: bool
    pv_kw: np.ndarray
    pv_output_subsidy: float
    heat_kw: np.ndarray  # (demand, period, hour)
    heat_shape: np.ndarray  # (demand, period, hour)
    gas_per_kwh_th: np.ndarray  # (demand,) [Nm3/kWh_th]
    other_gas_nm3: float
    gas_price: float
    gas_factor: float
    process_tco2e: float
    electricity_factor: float
    option_demand: np.ndarray
    option_cop: np.ndarray
    option_size_kw: np.ndarray
    scope3_counted: bool
    scope3_fixed_tco2e: float
    supply_quantity: np.ndarray
    supply_item_factor: np.ndarray
    supply_owner: np.ndarray  # item index of each option
    supply_factor: np.ndarray
    supply_cost: np.ndarray
    supply_cap: np.ndarray
    cache: dict = field(default_factory=dict)

    @classmethod
    def from_inputs(
        cls, inputs: xr.Dataset, electricity_factor: float, scope3_counted: bool
    ) -> FirstYearPlant:
        """The first year of ``inputs``, grid electricity valued at ``electricity_factor`` [tCO2/MWh]."""
        free_kwp = max(0.0, float(inputs["pv_limit_kwp"]) - float(inputs["existing_pv_kwp"]))
        life = float(inputs["pv_life_years"])
        mean_output = float(np.mean((1.0 - float(inputs["pv_degradation_per_year"])) ** np.arange(int(life))))
        demand_mwh = inputs["heat_demand_mwh_th"].isel(year=0).values
        shape = inputs["heat_demand_shape_kw_per_mwh"].values
        option_demand = np.array(
            [list(inputs["heat_demand"].values).index(d) for d in inputs["heat_option_demand"].values],
            dtype=int,
        )
        peak = (demand_mwh[:, None, None] * shape).max(axis=(1, 2)) if len(demand_mwh) else np.zeros(0)
        items = list(inputs["supply_item"].values)
        available = inputs["supply_option_max_units"].values
        first_available = np.argmax(available > 0, axis=1) if available.size else np.zeros(0, dtype=int)
        pick = np.arange(len(first_available))
        return cls(
            weight=inputs["period_weight_days"].values,
            load_kw=inputs["demand_kw"].isel(year=0).values,
            price=_by_period_and_hour(inputs, "energy_price_cny_per_kwh"),
            demand_charge=_first(inputs, "demand_charge_cny_per_kw_month"),
            export_price=_by_period_and_hour(inputs, "export_price_effective_cny_per_kwh"),
            export_allowed=bool(int(inputs["export_allowed"])),
            pv_kw=free_kwp * mean_output * inputs["pv_yield_kwh_per_kwp"].values,
            pv_output_subsidy=_first(inputs, "pv_subsidy_cny_per_kwh"),
            heat_kw=demand_mwh[:, None, None] * shape,
            heat_shape=shape,
            gas_per_kwh_th=inputs["heat_gas_nm3_per_mwh_th"].values / 1000.0,
            other_gas_nm3=_first(inputs, "other_gas_nm3"),
            gas_price=_first(inputs, "gas_price_cny_per_nm3"),
            gas_factor=float(inputs["gas_emission_factor_tco2_per_nm3"]),
            process_tco2e=_first(inputs, "process_emissions_tco2e"),
            electricity_factor=electricity_factor,
            option_demand=option_demand,
            option_cop=inputs["heat_option_cop"].values,
            option_size_kw=np.minimum(peak[option_demand], inputs["heat_option_max_kw_th"].values),
            scope3_counted=scope3_counted,
            scope3_fixed_tco2e=_first(inputs, "scope3_transport_tco2e")
            + _first(inputs, "scope3_purchased_goods_tco2e"),
            supply_quantity=inputs["supply_item_quantity"].isel(year=0).values,
            supply_item_factor=inputs["supply_item_factor_tco2e_per_unit"].values,
            supply_owner=np.array([items.index(i) for i in inputs["supply_option_item"].values], dtype=int),
            supply_factor=inputs["supply_option_factor_tco2e_per_unit"].values,
            supply_cost=inputs["supply_option_cost_cny_per_unit"].values[pick, first_available],
            supply_cap=available[pick, first_available],
        )

    @property
    def pv_mwh(self) -> float:
        """Output of PV on the whole free roof [MWh/yr]."""
        return float(np.sum(self.weight[:, None] * self.pv_kw)) * MWH

    def evaluate(self, levers: tuple[Lever, ...]) -> PlantYear:
        """Cost, boundary emissions and grid import with ``levers`` in place."""
        key = tuple(sorted(lever.key for lever in levers))
        if key not in self.cache:
            self.cache[key] = self._evaluate(levers)
        return self.cache[key]

    def _evaluate(self, levers: tuple[Lever, ...]) -> PlantYear:
        w = self.weight[:, None]
        load = self.load_kw.copy()
        heat = self.heat_kw.copy()
        fixed = sum(lever.annual_cost_cny for lever in levers)
        for lever in levers:
            if lever.electricity_saving_kw is not None:
                load -= lever.electricity_saving_kw
            if lever.heat_saving is not None:
                demand, mwh = lever.heat_saving
                heat[demand] -= mwh * self.heat_shape[demand]
        heat = np.maximum(heat, 0.0)
        options = sorted(
            (lv.heat_option for lv in levers if lv.heat_option is not None), key=lambda o: -self.option_cop[o]
        )
        for o in options:
            d = self.option_demand[o]
            runs = self.price / self.option_cop[o] < self.gas_price * self.gas_per_kwh_th[d]  # (period, hour)
            output = np.minimum(heat[d], self.option_size_kw[o]) * runs
            heat[d] -= output
            load += output / self.option_cop[o]
        pv = next((True for lv in levers if lv.lever == "pv"), False)
        generation = self.pv_kw if pv else np.zeros_like(load)
        self_used = np.minimum(np.maximum(load, 0.0), generation)
        export = (generation - self_used) if self.export_allowed else np.zeros_like(load)
        grid = np.maximum(load - self_used, 0.0)
        gas = self.other_gas_nm3 + float(np.sum(w[None] * heat * self.gas_per_kwh_th[:, None, None]))
        cost = (
            float(np.sum(w * grid * self.price))
            + 12.0 * self.demand_charge * float(grid.max())
            - float(np.sum(w * export * self.export_price))
            + gas * self.gas_price
            + fixed
            - self.pv_output_subsidy * float(np.sum(w * generation))
        )
        grid_mwh = float(np.sum(w * grid)) * MWH
        emissions = gas * self.gas_factor + self.process_tco2e + grid_mwh * self.electricity_factor
        if self.scope3_counted:
            avoided, cost_supply = self._supply(
                [lv.supply_option for lv in levers if lv.supply_option is not None]
            )
            emissions += (
                self.scope3_fixed_tco2e + float(self.supply_quantity @ self.supply_item_factor) - avoided
            )
            cost += cost_supply
        return PlantYear(cost, emissions, grid_mwh)

    def _supply(self, options: list[int]) -> tuple[float, float]:
        """Tonnes avoided and cost of the supply options in place (each item shared in turn)."""
        left = self.supply_quantity.astype(float).copy()
        avoided = cost = 0.0
        for o in options:
            item = self.supply_owner[o]
            units = min(self.supply_cap[o], left[item])
            left[item] -= units
            avoided += units * (self.supply_item_factor[item] - self.supply_factor[o])
            cost += units * self.supply_cost[o]
        return avoided, cost


def annualised(capex_cny: float, subsidy_cny: float, life_years: float, inputs: xr.Dataset) -> float:
    """Annuity of an investment's financed cost after subsidies [CNY/yr] (:mod:`zcf_opt.conventions`)."""
    phi = float(inputs["financing_factor"])
    return equivalent_annual_cost(phi * (capex_cny - subsidy_cny), float(inputs["discount_rate"]), life_years)
