"""Tiny cases whose optimum is worked out by hand: the solver must find exactly that."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import IDEAL_BATTERY, one_day, tiny_factory, tiny_scenario
from zcf_opt.inputs.measures import motor_saving_mwh
from zcf_opt.run import solve
from zcf_opt.schema import Scenario
from zcf_opt.schema.factory import MotorFleet
from zcf_opt.standards import load_rulebook

LOAD_KW = 100.0
PRICE = 0.6  # CNY/kWh
BASE_ENERGY_CNY = LOAD_KW * 24 * 365 * PRICE  # 525,600 CNY/yr
# 0.5 kWh/kWp in four midday hours: 2 kWh/kWp/day, 730 kWh/kWp/yr
MIDDAY_YIELD = np.where((np.arange(24) >= 10) & (np.arange(24) < 14), 0.5, 0.0)


def test_baseline_costs_exactly_the_energy_bill() -> None:
    result = solve(tiny_scenario(pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW, MIDDAY_YIELD))
    assert result.status == "optimal"
    assert result.outcome.objective_cny == pytest.approx(BASE_ENERGY_CNY, rel=1e-9)
    assert result.annual["grid_import_mwh"].iloc[0] == pytest.approx(876.0)


@pytest.mark.parametrize("capex, expected_kwp", [(300.0, 50.0), (500.0, 0.0)])
def test_pv_is_built_exactly_when_it_beats_grid_energy(capex: float, expected_kwp: float) -> None:
    # one kWp saves 730 kWh × 0.6 = 438 CNY in its one-year life: worth it at 300, not at 500
    result = solve(tiny_scenario(pv_capex_cny_per_kwp=capex), slices=one_day(LOAD_KW, MIDDAY_YIELD))
    pv = result.annual["pv_installed_kwp"].iloc[0]
    assert pv == pytest.approx(expected_kwp, abs=1e-6)
    expected_npv = BASE_ENERGY_CNY - expected_kwp * (730 * PRICE - capex)
    assert result.outcome.objective_cny == pytest.approx(expected_npv, rel=1e-9)
    assert result.annual["pv_self_consumed_mwh"].iloc[0] == pytest.approx(expected_kwp * 0.730)


def test_target_forces_exactly_the_certificates_that_close_the_renewable_gap() -> None:
    # No PV (too dear). I-4 needs RE share r; a certificate (50 CNY) costs more than the offsets
    # it saves (0.6 t × 70 = 42 CNY), so exactly r × 876 MWh are bought and the rest is offset.
    rule = load_rulebook("T/CECA-G 0171-2022").rule("I-4")
    scenario = tiny_scenario(pv_capex_cny_per_kwp=1e6, targets=[{"year": 2026, "level": "I-4"}])
    result = solve(scenario, slices=one_day(LOAD_KW, MIDDAY_YIELD))
    row = result.annual.iloc[0]
    gec = rule.min_re_share * 876.0
    offsets = (876.0 - gec) * 0.6 * rule.min_neutralised_share
    assert row["gec_mwh"] == pytest.approx(gec, rel=1e-7)
    assert row["offsets_tco2e"] == pytest.approx(offsets, rel=1e-7)
    assert row["green_power_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert result.outcome.objective_cny == pytest.approx(BASE_ENERGY_CNY + gec * 50 + offsets * 70, rel=1e-9)
    assert row["achieved_level"] == "I-4"


def test_cheap_certificates_replace_offsets() -> None:
    # at 10 CNY/MWh a certificate is cheaper than the 42 CNY of offsets it saves: buy them all
    scenario = tiny_scenario(
        pv_capex_cny_per_kwp=1e6,
        targets=[{"year": 2026, "level": "I-4"}],
        certificates={"price_cny_per_mwh": 10.0},
    )
    row = solve(scenario, slices=one_day(LOAD_KW, MIDDAY_YIELD)).annual.iloc[0]
    assert row["gec_mwh"] == pytest.approx(876.0, rel=1e-7)
    assert row["offsets_tco2e"] == pytest.approx(0.0, abs=1e-6)
    assert row["achieved_level"] == "I-6"


MOTORS = {
    "name": "fans",
    "rated_kw": 15,
    "count": 10,
    "full_load_hours_per_year": 4000,
    "efficiency_class": "IE2",
}


@pytest.mark.parametrize("capex_share, built", [(0.9, True), (1.1, False)])
def test_motor_retrofit_is_chosen_exactly_when_it_pays_back(capex_share: float, built: bool) -> None:
    saving_mwh = motor_saving_mwh(MotorFleet(**MOTORS), 0.939)  # IE4 at 15 kW: 93.9 %
    value = saving_mwh * 1000 * PRICE  # one year of savings, life one year
    option = {"name": "IE4", "efficiency_class": "IE4", "capex_cny": capex_share * value, "life_years": 1}
    factory = tiny_factory(motors=[{**MOTORS, "options": [option]}])
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    assert (len(result.investments) == 1) is built
    expected = BASE_ENERGY_CNY - (value - option["capex_cny"] if built else 0.0)
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
    assert result.annual["measure_saving_mwh"].iloc[0] == pytest.approx(saving_mwh if built else 0.0)


def test_exclusive_motor_options_pick_the_better_one() -> None:
    saving_ie4 = motor_saving_mwh(MotorFleet(**MOTORS), 0.939)
    options = [
        {"name": "IE4", "efficiency_class": "IE4", "capex_cny": 0.5 * saving_ie4 * 600, "life_years": 1},
        {"name": "IE5", "efficiency_class": "IE5", "capex_cny": 1e9, "life_years": 1},
    ]
    factory = tiny_factory(motors=[{**MOTORS, "options": options}])
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    assert list(result.investments["option"]) == ["fans: IE2 -> IE4"]


@pytest.mark.parametrize("capex, built", [(30_000.0, True), (40_000.0, False)])
def test_waste_heat_recovery_is_chosen_when_the_gas_it_saves_pays(capex: float, built: bool) -> None:
    # 100 MWh_th at boiler efficiency 0.9 and LHV 10.814 kWh/Nm3 displaces 10,275 Nm3 = 36,990 CNY
    gas_saved = 100_000 / (0.9 * 10.814)
    factory = tiny_factory(
        fuel={"natural_gas_nm3_per_year": 50_000, "boiler_efficiency": 0.9},
        waste_heat=[
            {"name": "heat", "recoverable_mwh_th_per_year": 100, "capex_cny": capex, "life_years": 1}
        ],
    )
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    gas = 50_000 - (gas_saved if built else 0.0)
    assert result.annual["gas_use_nm3"].iloc[0] == pytest.approx(gas, rel=1e-9)
    assert result.annual["scope1_tco2e"].iloc[0] == pytest.approx(gas * 2.162 / 1000, rel=1e-9)
    extra = capex if built else 0.0
    assert result.outcome.objective_cny == pytest.approx(BASE_ENERGY_CNY + gas * 3.6 + extra, rel=1e-9)


def test_pv_residual_value_and_discounting_over_two_years() -> None:
    # 25-year PV bought in 2026 at 300 CNY/kWp serves 23 years after the 2027 horizon: the
    # annuities of those years, ä(23)/ä(25) = 11.200744/11.528758 = 0.971548 of its cost
    # (ä(n) = Σ_{k<n} 1.08^-k), are credited at the start of 2028, discounted at 8 %; each
    # year's bill is discounted to 2026.
    factory = tiny_factory(
        pv={"fixed_om_cny_per_kwp_year": 0.0, "life_years": 25, "degradation_per_year": 0.0}
    )
    scenario = tiny_scenario(factory, horizon={"first_year": 2026, "last_year": 2027}, discount_rate=0.08)
    result = solve(scenario, slices=one_day(LOAD_KW, MIDDAY_YIELD))
    added = result.flows["pv_added_kwp"].values
    assert added == pytest.approx([50.0, 0.0], abs=1e-6)
    bill = BASE_ENERGY_CNY - 50 * 730 * PRICE
    expected = 50 * 300 + bill + bill / 1.08 - 50 * 300 * (11.200744 / 11.528758) / 1.08**2
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-8)


def arbitrage_scenario(**battery: float) -> Scenario:
    """Valley (1-2 h) at 0.2, peak (18 h) at 1.0, flat 0.6 CNY/kWh; a 200 CNY/kWh one-year
    battery with round trip 0.81 (0.9 each way) and C-rate 1; no PV."""
    factory = tiny_factory(battery={**IDEAL_BATTERY, **battery})
    tariff = {
        "tou_hours": {"peak": [18], "valley": [1, 2]},
        "energy_price_cny_per_kwh": {"peak": 1.0, "flat": 0.6, "valley": 0.2},
        "demand_charge_cny_per_kw_month": 0.0,
    }
    return tiny_scenario(
        factory, tariff=tariff, pv_capex_cny_per_kwp=1e6, battery_energy_capex_cny_per_kwh=200.0
    )


def test_battery_shifts_valley_energy_to_the_peak() -> None:
    # Valley (1-2 h) at 0.2, peak (18 h) at 1.0, flat 0.6. Round trip 0.81 (0.9 each way), C-rate 1.
    # A kWh of capacity charges 1/0.9 kWh in the valley and delivers 0.9 kWh at the peak:
    # 0.9 × 1.0 − 0.2/0.9 = 0.6778 CNY/day = 247.4 CNY/yr, above its 200 CNY cost. The peak hour's
    # load (100 kW) caps the useful size at 100/0.9 kWh.
    scenario = arbitrage_scenario()
    result = solve(scenario, slices=one_day(LOAD_KW))
    energy = 100 / 0.9
    assert result.annual["battery_energy_kwh"].iloc[0] == pytest.approx(energy, rel=1e-6)
    bill = LOAD_KW * 365 * (1.0 + 2 * 0.2 + 21 * 0.6)
    expected = bill - energy * 365 * (0.9 * 1.0 - 0.2 / 0.9) + 200 * energy
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)


def test_surplus_pv_is_exported_without_buying_at_the_same_time() -> None:
    # Valley hours 5-6 at 0.2 CNY/kWh, export price 0.39: 500 kWp × 0.5 = 250 kWh against a 100 kW
    # load leaves 150 kWh surplus. Selling all 250 and buying 100 would pay 0.19 CNY/kWh if export
    # were paid 0.39; capped at 0.2 − 0.001 it never pays, so only the surplus is exported.
    factory = tiny_factory(roof={"usable_area_m2": 5000, "max_kwp": 500, "tilt_deg": 10, "azimuth_deg": 180})
    tariff = {
        "tou_hours": {"peak": [], "valley": [5, 6]},
        "energy_price_cny_per_kwh": {"peak": 0.6, "flat": 0.6, "valley": 0.2},
        "demand_charge_cny_per_kw_month": 0.0,
    }
    valley_yield = np.where(np.isin(np.arange(24), [5, 6]), 0.5, 0.0)
    scenario = tiny_scenario(factory, tariff=tariff, pv_capex_cny_per_kwp=1.0, export_price_cny_per_kwh=0.39)
    result = solve(scenario, slices=one_day(LOAD_KW, valley_yield))
    flows = result.flows.isel(year=0, period=0)
    both = (flows["grid_import_kw"] > 1e-6) & (flows["pv_export_kw"] > 1e-6)
    assert not bool(both.any())
    assert result.annual["pv_export_mwh"].iloc[0] == pytest.approx(2 * 150 * 365 / 1000, rel=1e-9)
    revenue = 2 * 150 * 365 * (0.2 - 0.001)
    assert result.annual["export_revenue_cny"].iloc[0] == pytest.approx(revenue, rel=1e-9)


@pytest.mark.parametrize("min_project_kwh, expected_kwh", [(50.0, 100 / 0.9), (1000.0, 0.0)])
def test_battery_minimum_project_size(min_project_kwh: float, expected_kwh: float) -> None:
    # the arbitrage case above is worth 100/0.9 kWh; a 1 MWh minimum would cost 200,000 CNY for
    # at most 111 kWh of useful capacity, so nothing is built; a 50 kWh minimum changes nothing
    scenario = arbitrage_scenario(min_project_kwh=min_project_kwh)
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.annual["battery_energy_kwh"].iloc[0] == pytest.approx(expected_kwh, rel=1e-6, abs=1e-6)
    if expected_kwh == 0.0:
        assert result.outcome.objective_cny == pytest.approx(LOAD_KW * 365 * (1.0 + 0.4 + 21 * 0.6), rel=1e-9)


def test_storage_never_sells_grid_energy() -> None:
    # 100 kW load; 500 kWp × 0.5 kWh/kWp in hours 10-13 leaves 150 kWh of PV surplus in each.
    # Valley 0-5 h at 0.2, flat 0.6, export 0.391 CNY/kWh; a cheap ideal battery (10 CNY/kWh,
    # 0.9 each way). It charges in the valley for the 14 flat hours outside the PV hours:
    # 1,400 kWh delivered, 1,400 / 0.81 bought, 1,400 / 0.9 = 1,555.6 kWh stored. Discharging at
    # midday so that PV could be exported would pay 0.391 − 0.2 / 0.81 = 0.144 CNY/kWh: sold grid
    # energy. It must not happen: export is the 150 kWh surplus of each PV hour and nothing more.
    factory = tiny_factory(
        roof={"usable_area_m2": 5000, "max_kwp": 500, "tilt_deg": 10, "azimuth_deg": 180},
        battery=IDEAL_BATTERY,
    )
    tariff = {
        "tou_hours": {"peak": [], "valley": [0, 1, 2, 3, 4, 5]},
        "energy_price_cny_per_kwh": {"peak": 0.6, "flat": 0.6, "valley": 0.2},
        "demand_charge_cny_per_kw_month": 0.0,
    }
    scenario = tiny_scenario(
        factory,
        tariff=tariff,
        pv_capex_cny_per_kwp=1.0,
        battery_energy_capex_cny_per_kwh=10.0,
        export_price_cny_per_kwh=0.391,
    )
    result = solve(scenario, slices=one_day(LOAD_KW, MIDDAY_YIELD))
    flows = result.flows.isel(year=0, period=0)
    midday = list(range(10, 14))
    assert flows["battery_discharge_kw"].values[midday] == pytest.approx(0.0, abs=1e-9)
    assert flows["pv_export_kw"].values[midday] == pytest.approx([150.0] * 4, rel=1e-9)
    assert result.annual["pv_export_mwh"].iloc[0] == pytest.approx(600 * 365 / 1000, rel=1e-9)
    stored = 1400 / 0.9
    assert result.annual["battery_energy_kwh"].iloc[0] == pytest.approx(stored, rel=1e-6)
    bought = 100 * 6 * 0.2 + 1400 / 0.81 * 0.2  # valley load and battery charging [CNY/day]
    expected = 365 * (bought - 600 * 0.391) + 10 * stored + 500 * 1.0
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
