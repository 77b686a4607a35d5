"""Battery ageing: usable window, calendar and cycle fade at the design throughput, the design
cycles as a throughput limit, end of life, augmentation, auxiliary consumption — each against a
hand-computed optimum.

The case (see ``arbitrage_scenario``): valley hours 1-2 at 0.2 CNY/kWh, peak hour 18 at 1.0,
flat 0.6, a 100 kW load, one-way efficiency 0.9. A kWh discharged from the state of charge
delivers 0.9 kWh at the peak and costs 1/0.9 kWh in the valley: it earns
0.9 × 1.0 − 0.2 / 0.9 = 0.6778 CNY. The peak load caps the daily discharge at 100/0.9 kWh.
"""

from __future__ import annotations

import pytest

from tests.conftest import one_day
from tests.test_known_optima import LOAD_KW, arbitrage_scenario
from zcf_opt.accounting.assets import battery_vintages, vintage_capacity_kwh
from zcf_opt.run import solve

DAILY_KWH = 100 / 0.9  # state-of-charge energy the 100 kW peak can use each day
MARGIN = 0.9 * 1.0 - 0.2 / 0.9  # CNY per kWh discharged from the state of charge
BILL = LOAD_KW * 365 * (1.0 + 2 * 0.2 + 21 * 0.6)  # without a battery


def test_usable_window_and_auxiliary_consumption() -> None:
    # The auxiliary load of 0.001 kW per kWh of nameplate runs every hour, the peak hour included:
    # 0.8 E × 0.9 = 100 + 0.001 E (the usable 80 % window covers the peak load and the auxiliary
    # load), E = 100 / 0.719 kWh. At 100 CNY/kWh a kWh of nameplate earns about
    # 0.8 × 365 × 0.6778 − 0.001 × 365 × (1.0 + 2 × 0.2 + 21 × 0.6) = 192.8 CNY: worth building.
    scenario = arbitrage_scenario(min_soc=0.2, max_soc=1.0, auxiliary_kw_per_kwh=0.001)
    scenario = scenario.model_copy(update={"battery_energy_capex_cny_per_kwh": 100.0})
    result = solve(scenario, slices=one_day(LOAD_KW))
    nameplate = 100 / 0.719
    row = result.annual.iloc[0]
    assert row["battery_energy_kwh"] == pytest.approx(nameplate, rel=1e-6)
    assert row["battery_usable_kwh"] == pytest.approx(0.8 * nameplate, rel=1e-6)
    assert row["battery_auxiliary_mwh"] == pytest.approx(0.001 * nameplate * 8760 / 1000, rel=1e-6)
    auxiliary_cny = 0.001 * nameplate * 365 * (1.0 + 2 * 0.2 + 21 * 0.6)
    delivered, bought = 0.8 * nameplate * 0.9, 0.8 * nameplate / 0.9
    expected = BILL + auxiliary_cny - 365 * (delivered * 1.0 - bought * 0.2) + 100 * nameplate
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)
    assert row["battery_cycles"] == pytest.approx(365.0, rel=1e-6)


def test_design_cycles_limit_the_throughput_and_set_the_end_of_life_capacity() -> None:
    # 100 full cycles a year at 0.3 % of capacity per cycle: a one-year vintage ends at exactly
    # 1 − 0.003 × 100 = 70 %. At 50 CNY/kWh a kWh of nameplate earns 100 × 0.6778 = 67.8 CNY, so
    # capacity grows until the 365 days of peak load are used up: 100 · E = 365 · 111.1, E = 405.6.
    scenario = arbitrage_scenario(
        cycle_fade_per_cycle=0.003, design_cycles_per_year=100, end_of_life_capacity=0.7
    )
    scenario = scenario.model_copy(update={"battery_energy_capex_cny_per_kwh": 50.0})
    result = solve(scenario, slices=one_day(LOAD_KW))
    nameplate = 365 * DAILY_KWH / 100
    assert result.annual["battery_energy_kwh"].iloc[0] == pytest.approx(nameplate, rel=1e-6)
    assert result.annual["battery_cycles"].iloc[0] == pytest.approx(100.0, rel=1e-6)
    vintage = battery_vintages(result.inputs, result.flows).iloc[0]
    assert vintage["end_of_life_capacity"] == pytest.approx(0.7, rel=1e-9)
    assert vintage["cycles_per_year"] == pytest.approx(100.0, rel=1e-6)
    expected = BILL - 365 * DAILY_KWH * MARGIN + 50 * nameplate
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)


def test_design_cycles_must_not_age_a_vintage_below_its_end_of_life_capacity() -> None:
    with pytest.raises(ValueError, match="design_cycles_per_year"):
        arbitrage_scenario(cycle_fade_per_cycle=0.003, design_cycles_per_year=101, end_of_life_capacity=0.7)


def test_faded_vintage_is_augmented_in_its_second_year() -> None:
    # Two years, two-year life, 5 %/yr calendar fade, 0.1 % per full cycle, 365 design cycles,
    # 300 CNY/kWh. The 2026 vintage (111.1 kWh) keeps 111.1 × (1 − 0.05 − 0.001 × 365) = 65.0 kWh
    # in 2027. Topping up in 2027 costs 300 CNY/kWh less half of it back as residual value (150
    # net); an oversized 2026 battery costs 300 per 0.95 kWh of 2027 capacity: the plan adds
    # exactly the missing 46.1 kWh in 2027. (Cycling in flat hours earns 0.9 × 0.6 − 0.2 / 0.9 =
    # 0.318 CNY per kWh, 116 CNY per kWh and year: never worth 150.)
    scenario = arbitrage_scenario(
        life_years=2,
        calendar_fade_per_year=0.05,
        cycle_fade_per_cycle=0.001,
        design_cycles_per_year=365,
        end_of_life_capacity=0.0,
    )
    horizon = scenario.horizon.model_copy(update={"last_year": 2027})
    scenario = scenario.model_copy(update={"horizon": horizon, "battery_energy_capex_cny_per_kwh": 300.0})
    result = solve(scenario, slices=one_day(LOAD_KW))
    kept = DAILY_KWH * (1 - 0.05 - 0.001 * 365)
    added = result.flows["battery_energy_added_kwh"].values
    assert added == pytest.approx([DAILY_KWH, DAILY_KWH - kept], rel=1e-6)
    capacity = vintage_capacity_kwh(result.inputs, result.flows)
    assert capacity[0, 1] == pytest.approx(kept, rel=1e-6)
    assert result.annual["battery_usable_kwh"].tolist() == pytest.approx([DAILY_KWH, DAILY_KWH], rel=1e-6)
    expected = 2 * (BILL - 365 * DAILY_KWH * MARGIN) + 300 * DAILY_KWH + 300 * (DAILY_KWH - kept) / 2
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)
