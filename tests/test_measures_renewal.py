"""Measures renew at the end of their life; motors never fall below the legal minimum class."""

from __future__ import annotations

import pytest

from tests.conftest import one_day, tiny_factory, tiny_scenario
from tests.test_known_optima import LOAD_KW, PRICE
from zcf_opt.inputs.measures import motor_efficiency, motor_saving_mwh
from zcf_opt.run import solve
from zcf_opt.schema.factory import MotorFleet

FLEET = {
    "name": "fans",
    "rated_kw": 15,
    "count": 10,
    "full_load_hours_per_year": 4000,
    "efficiency_class": "IE2",
}


def test_a_project_is_renewed_when_its_life_ends() -> None:
    # a one-year heat-recovery project worth 36,990 CNY of gas a year for 30,000 CNY: built in
    # both years, a new vintage with its capex each time
    factory = tiny_factory(
        fuel={"natural_gas_nm3_per_year": 50_000, "boiler_efficiency": 0.9},
        waste_heat=[
            {"name": "heat", "recoverable_mwh_th_per_year": 100, "capex_cny": 30_000, "life_years": 1}
        ],
    )
    scenario = tiny_scenario(
        factory, pv_capex_cny_per_kwp=1e6, horizon={"first_year": 2026, "last_year": 2027}
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.investments["year"].tolist() == [2026, 2027]
    gas = 50_000 - 100_000 / (0.9 * 10.814)
    assert result.annual["gas_use_nm3"].tolist() == pytest.approx([gas, gas], rel=1e-9)


def test_an_expired_motor_retrofit_is_replaced_at_the_legal_minimum_class() -> None:
    # IE2 fans retrofitted to IE3 in 2026 (two-year life). From 2028 the minimum is IE4: the IE3
    # option may not be installed again, and the worn IE3 motors are replaced at IE4, not IE2.
    option = {"name": "IE3", "efficiency_class": "IE3", "capex_cny": 1_000.0, "life_years": 2}
    factory = tiny_factory(motors=[{**FLEET, "options": [option]}])
    scenario = tiny_scenario(
        factory,
        pv_capex_cny_per_kwp=1e6,
        horizon={"first_year": 2026, "last_year": 2028},
        motor_minimum_class={2021: "IE3", 2028: "IE4"},
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    fleet = MotorFleet(**FLEET)
    ie3 = motor_saving_mwh(fleet, motor_efficiency("IE3", 15))
    ie4 = motor_saving_mwh(fleet, motor_efficiency("IE4", 15))
    assert result.investments["year"].tolist() == [2026]
    assert result.annual["measure_saving_mwh"].tolist() == pytest.approx([ie3, ie3, ie4], rel=1e-9)
    bill = LOAD_KW * 8.76 * 1000 * PRICE
    expected = 3 * bill - 1000 * PRICE * (2 * ie3 + ie4) + 1_000.0
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)


def test_an_option_below_the_minimum_class_is_never_installed() -> None:
    option = {"name": "IE3", "efficiency_class": "IE3", "capex_cny": 1.0, "life_years": 5}
    factory = tiny_factory(motors=[{**FLEET, "options": [option]}])
    scenario = tiny_scenario(factory, pv_capex_cny_per_kwp=1e6, motor_minimum_class={2021: "IE4"})
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.investments.empty


def test_an_efficiency_programme_is_renewed_when_its_life_ends() -> None:
    # 100 MWh/yr saved (60,000 CNY at 0.6 CNY/kWh) for 30,000 CNY, one-year life: built in both
    # years, a new vintage with its capex each time
    programme = {"name": "leds", "saving_mwh_per_year": 100, "capex_cny": 30_000, "life_years": 1}
    factory = tiny_factory(efficiency=[{**programme, "fixed_om_cny_per_year": 0.0}])
    scenario = tiny_scenario(
        factory, pv_capex_cny_per_kwp=1e6, horizon={"first_year": 2026, "last_year": 2027}
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.investments["year"].tolist() == [2026, 2027]
    assert result.annual["measure_saving_mwh"].tolist() == pytest.approx([100.0, 100.0], rel=1e-9)


def _pumps(*options: dict) -> dict:
    """Pumps below the legal minimum (grade 4) using 400 MWh/yr, with one-year upgrades."""
    return {
        "name": "pumps",
        "equipment_class": "pump",
        "grade": 4,
        "annual_electricity_mwh": 400,
        "options": [{"life_years": 1, **option} for option in options],
    }


def test_an_expired_equipment_upgrade_leaves_the_group_at_grade_3_not_below() -> None:
    # Grade 1 saves 120 MWh/yr (72,000 CNY) for 60,000 CNY; the grade-3 option (40 MWh/yr) is far
    # too dear to build. Built in 2026; in 2027 the worn grade-1 pumps are replaced at the legal
    # minimum, grade 3 (40 MWh saved, no cost to the plan), so renewing at grade 1 gains only
    # 80 MWh (48,000 CNY) for 60,000 CNY and is not done. Were the pumps to fall back to grade 4,
    # building in both years (2 × 12,000 CNY) would beat 12,000 + 0.
    grade_3 = {"name": "G3", "grade": 3, "saving_fraction": 0.1, "capex_cny": 1e9}
    grade_1 = {"name": "G1", "grade": 1, "saving_fraction": 0.3, "capex_cny": 60_000}
    factory = tiny_factory(equipment=[_pumps(grade_3, grade_1)])
    scenario = tiny_scenario(
        factory, pv_capex_cny_per_kwp=1e6, horizon={"first_year": 2026, "last_year": 2027}
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.investments["year"].tolist() == [2026]
    assert result.annual["measure_saving_mwh"].tolist() == pytest.approx([120.0, 40.0], rel=1e-9)
    assert result.annual["equipment_grade_pump"].tolist() == [1, 3]
    bill = LOAD_KW * 8.76 * 1000 * PRICE
    assert result.outcome.objective_cny == pytest.approx(2 * bill - 1000 * PRICE * 160 + 60_000, rel=1e-9)


def test_an_upgrade_with_no_grade_3_figure_is_renewed_rather_than_lapsing_below_it() -> None:
    # Only a grade-1 option (120 MWh/yr for 50,000 CNY): worth 72,000 CNY in 2026 at 0.6 CNY/kWh
    # but 36,000 in 2027 at 0.3. There is no figure for grade 3, and the pumps may not run again
    # at grade 4: once built, the upgrade is renewed in 2027 (both years: 22,000 − 14,000 CNY
    # still beats not building).
    factory = tiny_factory(
        equipment=[_pumps({"name": "G1", "grade": 1, "saving_fraction": 0.3, "capex_cny": 50_000})]
    )
    price = {2026: 0.6, 2027: 0.3}
    tariff = {
        "tou_hours": {"peak": [], "valley": []},
        "energy_price_cny_per_kwh": {"peak": price, "flat": price, "valley": price},
        "demand_charge_cny_per_kw_month": 0.0,
    }
    scenario = tiny_scenario(
        factory, tariff=tariff, pv_capex_cny_per_kwp=1e6, horizon={"first_year": 2026, "last_year": 2027}
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert result.investments["year"].tolist() == [2026, 2027]
    assert result.annual["equipment_grade_pump"].tolist() == [1, 1]
    bills = LOAD_KW * 8760 * 0.6 + LOAD_KW * 8760 * 0.3
    assert result.outcome.objective_cny == pytest.approx(bills - 72_000 - 36_000 + 100_000, rel=1e-9)
