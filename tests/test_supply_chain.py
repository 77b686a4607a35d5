"""Supply-chain options against hand-computed optima: a supplier switch or a rail shift is taken
exactly when its cost per tonne avoided is below the removal price it saves."""

from __future__ import annotations

import pytest

from tests.conftest import one_day, tiny_factory, tiny_scenario
from zcf_opt.run import solve
from zcf_opt.schema import Scenario

LOAD_KW = 100.0
BILL = LOAD_KW * 8760 * 0.6  # 525,600 CNY
REMOVAL = 500.0  # CNY/tCO2e (tiny scenario)


def steel(premium: float) -> dict:
    """1000 t/yr of steel at 2.0 tCO2e/t; an EAF supplier at 0.7 t/t for half of it."""
    option = {"name": "EAF steel", "factor_tco2e_per_t": 0.7, "premium_cny_per_t": premium, "max_share": 0.5}
    return {"category": "steel", "t_per_year": 1000, "factor_tco2e_per_t": 2.0, "options": [option]}


def type2_six_star(scope3: dict, **changes: object) -> Scenario:
    # free certificates: the Type I residual is zero, so removals cover exactly scope 3
    return tiny_scenario(
        tiny_factory(scope3=scope3),
        pv_capex_cny_per_kwp=1e6,
        certificates={"price_cny_per_mwh": 0.0},
        targets=[{"year": 2026, "level": "II-6"}],
        **changes,
    )


@pytest.mark.parametrize("premium, switched", [(600.0, 500.0), (700.0, 0.0)])
def test_supplier_switch_is_chosen_exactly_when_its_premium_per_tonne_avoided_is_below_removals(
    premium: float, switched: float
) -> None:
    # 1.3 t avoided per t switched: 600 / 1.3 = 462 < 500 CNY/t of removals; 700 / 1.3 = 538 > 500
    result = solve(type2_six_star({"purchased_goods": [steel(premium)]}), slices=one_day(LOAD_KW))
    row = result.annual.iloc[0]
    assert result.status == "optimal" and result.errors == []
    scope3 = 2000 - 1.3 * switched
    assert row["scope3_tco2e"] == pytest.approx(scope3, rel=1e-9)
    assert row["scope3_baseline_tco2e"] == pytest.approx(2000, rel=1e-9)
    assert row["scope3_avoided_tco2e"] == pytest.approx(1.3 * switched, abs=1e-6)
    assert row["removals_tco2e"] == pytest.approx(scope3, rel=1e-9)  # removals fall by the same tonnes
    assert row["supply_chain_cost_cny"] == pytest.approx(premium * switched, abs=1e-6)
    assert result.outcome.objective_cny == pytest.approx(
        BILL + scope3 * REMOVAL + premium * switched, rel=1e-9
    )


def test_rail_shift_within_its_share_and_not_before_its_first_year() -> None:
    # 2,000,000 t·km by road at 0.1 kg/t·km = 200 t; rail at 0.01 kg/t·km costs 0.02 CNY/t·km more:
    # 0.02 / 0.00009 = 222 CNY/t < 500, so 60 % moves to rail from 2027 (none in 2026).
    rail = {
        "name": "rail",
        "kind": "rail_shift",
        "factor_kgco2e_per_tkm": 0.01,
        "cost_cny_per_tkm": 0.02,
        "max_share": 0.6,
        "earliest_year": 2027,
    }
    logistics = [{"mode": "road", "tkm_per_year": 2_000_000, "factor_kgco2e_per_tkm": 0.1, "options": [rail]}]
    scenario = type2_six_star({"logistics": logistics}, horizon={"first_year": 2026, "last_year": 2027})
    annual = solve(scenario, slices=one_day(LOAD_KW)).annual
    assert list(annual["scope3_logistics_tco2e"]) == pytest.approx([200.0, 200.0 - 1_200_000 * 0.09e-3])
    assert list(annual["supply_chain_cost_cny"]) == pytest.approx([0.0, 1_200_000 * 0.02], abs=1e-6)
    assert list(annual["removals_tco2e"]) == pytest.approx(list(annual["scope3_tco2e"]), rel=1e-9)
