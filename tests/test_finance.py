"""Loans, the green loan rate, subsidies and energy-performance contracts against hand-computed
net present costs; the cash flows of the accounting add up to the solver's objective."""

from __future__ import annotations

import pytest

from tests.conftest import one_day, tiny_factory, tiny_scenario
from tests.test_known_optima import MIDDAY_YIELD, MOTORS
from zcf_opt.conventions import annuity_due_factor, capital_recovery_factor, financing_factor
from zcf_opt.inputs.measures import motor_saving_mwh
from zcf_opt.outputs import summary_dict
from zcf_opt.run import solve
from zcf_opt.schema.factory import MotorFleet

LOAD_KW = 100.0
PRICE = 0.6
PV_KWP, PV_KWH_PER_KWP = 50.0, 730.0  # the roof's 50 kWp, 730 kWh/kWp/yr at midday
BILL_WITH_PV = (LOAD_KW * 8760 - PV_KWP * PV_KWH_PER_KWP) * PRICE  # 503,700 CNY
PV_CAPEX = PV_KWP * 300.0  # 15,000 CNY, one-year life
LOAN = {"share": 1.0, "rate_per_year": 0.08, "tenor_years": 5}
GREEN = {"rate_per_year": 0.03, "level": "I-6", "from_year": 2026}
# financing at 3 % instead of 8 % (the discount rate): crf(3 %, 5) / crf(8 %, 5) = 0.2183546 / 0.2504565
PHI_GREEN = 0.2183546 / 0.2504565


def loan_scenario(gec_price: float, targets: list | None = None, green: bool = True):
    loan = {**LOAN, "green": GREEN} if green else LOAN
    return tiny_scenario(
        discount_rate=0.08,
        certificates={"price_cny_per_mwh": gec_price},
        targets=targets or [],
        finance={"loan": loan},
    )


def test_financing_factor_by_hand() -> None:
    assert financing_factor(1.0, 0.03, 5, 0.08) == pytest.approx(PHI_GREEN, abs=1e-6)
    assert financing_factor(0.6, 0.08, 10, 0.08) == pytest.approx(1.0)
    assert financing_factor(0.0, 0.03, 5, 0.08) == 1.0


def test_green_loan_rate_step_changes_the_npv_by_the_hand_computed_amount() -> None:
    # I-6 is the scenario's target, so the loan's condition holds and the 3 % rate applies: the PV
    # (100 % borrowed, 5 yearly repayments from the next year) costs 0.87183 × 15,000 valued at 8 %.
    standard = solve(
        loan_scenario(0.0, [{"year": 2026, "level": "I-6"}], green=False),
        slices=one_day(LOAD_KW, MIDDAY_YIELD),
    )
    green = solve(loan_scenario(0.0, [{"year": 2026, "level": "I-6"}]), slices=one_day(LOAD_KW, MIDDAY_YIELD))
    assert standard.outcome.objective_cny == pytest.approx(BILL_WITH_PV + PV_CAPEX, rel=1e-9)
    step = (1 - PHI_GREEN) * PV_CAPEX  # 1,922.5 CNY
    assert standard.outcome.objective_cny - green.outcome.objective_cny == pytest.approx(step, rel=1e-5)
    assert summary_dict(green)["financing"]["green_rate"] is True
    # the cash flows: 15,000 drawn in 2026, five payments of 15,000 × crf(3 %, 5) from 2027, all
    # after the one-year horizon, valued at 8 % at the start of 2027
    row = green.annual.iloc[0]
    payment = PV_CAPEX * capital_recovery_factor(0.03, 5)
    assert row["loan_drawn_cny"] == pytest.approx(PV_CAPEX)
    assert row["loan_repayment_cny"] == 0.0
    assert row["loan_outstanding_cny"] == pytest.approx(payment * annuity_due_factor(0.08, 5), rel=1e-9)
    assert row["total_cost_cny"] == pytest.approx(BILL_WITH_PV, rel=1e-9)  # capex paid by the loan
    assert green.annual["discounted_cost_cny"].sum() == pytest.approx(green.outcome.objective_cny, rel=1e-9)


@pytest.mark.parametrize("gec_price, green_rate", [(1.0, True), (3.0, False)])
def test_the_plan_meets_the_green_loans_level_only_when_the_lower_rate_pays_for_it(
    gec_price: float, green_rate: bool
) -> None:
    # No target. I-6 needs certificates for the 839.5 MWh imported: 839.5 CNY at 1 CNY/MWh, less
    # than the 1,922.5 CNY the green rate saves; 2,518.5 CNY at 3 CNY/MWh, more.
    result = solve(loan_scenario(gec_price), slices=one_day(LOAD_KW, MIDDAY_YIELD))
    assert summary_dict(result)["financing"]["green_rate"] is green_rate
    assert result.errors == []
    certificates = 839.5 * gec_price
    expected = BILL_WITH_PV + (PHI_GREEN * PV_CAPEX + certificates if green_rate else PV_CAPEX)
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)
    assert result.annual["gec_mwh"].iloc[0] == pytest.approx(839.5 if green_rate else 0.0, abs=1e-6)


def test_pv_subsidies_per_kwp_and_per_kwh_over_two_years() -> None:
    # 25-year PV at 300 CNY/kWp, 100 CNY/kWp subsidised: 10,000 CNY net in 2026; ä(23)/ä(25) =
    # 0.971548 of it credited at the start of 2028; 0.05 CNY per kWh generated (36,500 kWh/yr).
    factory = tiny_factory(
        pv={"fixed_om_cny_per_kwp_year": 0.0, "life_years": 25, "degradation_per_year": 0.0}
    )
    scenario = tiny_scenario(
        factory,
        horizon={"first_year": 2026, "last_year": 2027},
        discount_rate=0.08,
        finance={"subsidies": {"pv_cny_per_kwp": 100, "pv_cny_per_kwh": 0.05}},
    )
    result = solve(scenario, slices=one_day(LOAD_KW, MIDDAY_YIELD))
    yearly = BILL_WITH_PV - 0.05 * 36_500
    net = PV_KWP * 200
    expected = net + yearly + yearly / 1.08 - net * (11.200744 / 11.528758) / 1.08**2
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-8)
    assert list(result.annual["investment_subsidy_cny"]) == pytest.approx([5000.0, 0.0])
    assert list(result.annual["output_subsidy_cny"]) == pytest.approx([1825.0, 1825.0])


def _motor_option(capex: float, **extra: object) -> dict:
    return {"name": "IE4", "efficiency_class": "IE4", "capex_cny": capex, "life_years": 1, **extra}


@pytest.mark.parametrize("capex_share, epc", [(0.6, False), (0.8, True)])
def test_energy_performance_contract_is_chosen_when_the_shared_savings_cost_less_than_the_capex(
    capex_share: float, epc: bool
) -> None:
    # The plant keeps 30 % of the savings under the contract, all of them less the capex when it
    # pays: the contract wins when the capex exceeds 70 % of a year's savings.
    value = motor_saving_mwh(MotorFleet(**MOTORS), 0.939) * 1000 * PRICE
    option = _motor_option(capex_share * value, epc={"savings_share": 0.7, "contract_years": 1})
    scenario = tiny_scenario(tiny_factory(motors=[{**MOTORS, "options": [option]}]), pv_capex_cny_per_kwp=1e6)
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert list(result.investments["option"]) == [f"fans: IE2 -> IE4{' (EPC)' if epc else ''}"]
    assert result.investments["capex_cny"].iloc[0] == pytest.approx(0.0 if epc else capex_share * value)
    assert result.annual["epc_payment_cny"].iloc[0] == pytest.approx(0.7 * value if epc else 0.0)
    kept = 0.3 * value if epc else (1 - capex_share) * value
    assert result.outcome.objective_cny == pytest.approx(LOAD_KW * 8760 * PRICE - kept, rel=1e-9)


@pytest.mark.parametrize("subsidy, built", [(2000.0, True), (0.0, False)])
def test_a_project_subsidy_makes_a_measure_pay(subsidy: float, built: bool) -> None:
    value = motor_saving_mwh(MotorFleet(**MOTORS), 0.939) * 1000 * PRICE
    factory = tiny_factory(motors=[{**MOTORS, "options": [_motor_option(value + 1000)]}])
    scenario = tiny_scenario(
        factory,
        pv_capex_cny_per_kwp=1e6,
        finance={"subsidies": {"projects": [{"measure": "fans/IE4", "cny": subsidy}]}},
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    assert (len(result.investments) == 1) is built
    expected = LOAD_KW * 8760 * PRICE - (1000.0 if built else 0.0)
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
