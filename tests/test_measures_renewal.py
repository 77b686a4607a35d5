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
