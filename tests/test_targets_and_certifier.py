"""Stricter targets never cost less; the certifier judges from the accounting alone."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.conftest import certify_years, one_day, tiny_factory, tiny_scenario
from zcf_opt.certify import shortfalls
from zcf_opt.run import solve
from zcf_opt.session import clear_sessions
from zcf_opt.standards import load_rulebook

RULEBOOK = load_rulebook("T/CECA-G 0171-2022")
MIDDAY_YIELD = np.where((np.arange(24) >= 9) & (np.arange(24) < 15), 0.6, 0.0)


def _npv(level: str | None) -> float:
    factory = tiny_factory(
        fuel={"natural_gas_nm3_per_year": 20_000, "boiler_efficiency": 0.9},
        scope3={"transport_tco2e_per_year": 50},
    )
    targets = [{"year": 2026, "level": level}] if level else []
    result = solve(
        tiny_scenario(factory, targets=targets, horizon={"first_year": 2026, "last_year": 2027}),
        slices=one_day(100.0, MIDDAY_YIELD),
    )
    assert result.status == "optimal"
    assert not result.errors
    return result.outcome.objective_cny


def test_stricter_levels_never_cost_less() -> None:
    for boundary in ("I", "II"):
        costs = [_npv(None)] + [_npv(f"{boundary}-{stars}") for stars in (3, 4, 5, 6)]
        assert all(b >= a - 1e-6 * abs(a) for a, b in itertools.pairwise(costs)), costs
        assert costs[-1] > costs[0]


T_CECA = {"t-ceca-g-0171-2022": RULEBOOK}


def _year(re_share: float = 1.0, offsets: float = 0.0, removals: float = 0.0) -> dict:
    """2030: 100 MWh bought, renewable share by certificates; Type I residual 100 t (scope 1
    40 t + market-based scope 2 60 t), Type II adds 900 t of transport."""
    return {
        "year": 2030,
        "gec_mwh": 100.0 * re_share,
        "scope1_tco2e": 40.0,
        "scope2_market_tco2e": 60.0,
        "scope3_tco2e": 900.0,
        "scope3_transport_tco2e": 900.0,
        "offsets_tco2e": offsets,
        "removals_tco2e": removals,
    }


@pytest.mark.parametrize(
    "values, level_i, level_ii",
    [
        ({"offsets": 100.0}, "I-6", None),  # offsets cover Type I only
        ({"removals": 1000.0}, "I-6", "II-6"),  # removals cover everything
        ({"re_share": 0.55, "offsets": 100.0}, "I-4", None),
        ({"re_share": 0.55, "offsets": 700.0, "removals": 300.0}, "I-4", "II-4"),
        ({"re_share": 0.2, "offsets": 1e6}, None, None),  # too little renewable power
        ({"re_share": 1.0, "offsets": 99.0}, None, None),  # 1 t short of neutral
    ],
)
def test_certifier_levels_from_hand_built_years(
    values: dict, level_i: str | None, level_ii: str | None
) -> None:
    levels = certify_years([_year(**values)], T_CECA).levels.iloc[0]
    assert levels["achieved_level_I"] == level_i
    assert levels["achieved_level_II"] == level_ii


def test_a_year_below_its_target_is_reported() -> None:
    found = certify_years(
        [_year(re_share=0.55, offsets=100.0)], T_CECA, {"t-ceca-g-0171-2022": {2030: "I-6"}}
    )
    assert found.levels.iloc[0]["achieved_level"] == "I-4"
    assert shortfalls(found) == [
        "2030 T/CECA-G 0171-2022 I-6: renewable_share (renewable electricity share ≥ 100 % (PV "
        "self-consumed + green power + certificates)) is 0.55 1, the threshold >= 1"
    ]
    assert bool(found.levels.iloc[0]["target_provisional"]) is False
    evidence = found.evidence.set_index("requirement")
    assert evidence.loc["renewable_share", "value"] == pytest.approx(0.55)
    assert evidence.loc["renewable_share", "margin"] == pytest.approx(-0.45)
    assert bool(evidence.loc["neutralisation", "met"]) and not bool(evidence.loc["renewable_share", "met"])


def test_provisional_thresholds_are_flagged() -> None:
    found = certify_years(
        [_year(re_share=0.55, offsets=100.0)], T_CECA, {"t-ceca-g-0171-2022": {2030: "I-4"}}
    )
    assert bool(found.levels.iloc[0]["target_provisional"]) is True
    assert found.evidence["provisional"].all()
    assert all(RULEBOOK.rule(f"{b}-{s}").provisional for b in ("I", "II") for s in (3, 4, 5))
    assert not RULEBOOK.rule("I-6").provisional and not RULEBOOK.rule("II-6").provisional


def test_infeasible_target_names_the_year() -> None:
    scenario = tiny_scenario(
        tiny_factory(scope3={"transport_tco2e_per_year": 50}),
        horizon={"first_year": 2026, "last_year": 2028},
        targets=[{"year": 2027, "level": "II-6"}],
        removals={"price_cny_per_tco2e": 500.0, "cap_tco2e": {2026: 1000, 2027: 1000, 2028: 0}},
    )
    result = solve(scenario, slices=one_day(100.0))
    assert result.status == "infeasible"
    assert "2028" in result.message and "II-6" in result.message


def test_achieved_levels_resting_on_provisional_thresholds_are_flagged() -> None:
    levels = certify_years([_year(re_share=0.55, offsets=100.0)], T_CECA).levels.iloc[0]
    assert levels["achieved_level"] == "I-4" and bool(levels["achieved_provisional"]) is True
    targets = {"t-ceca-g-0171-2022": {2030: "I-6"}}
    levels = certify_years([_year(offsets=100.0)], T_CECA, targets).levels.iloc[0]
    assert bool(levels["achieved_provisional"]) is False


def test_a_reused_model_gives_the_same_plan_as_a_fresh_one() -> None:
    # the same inputs with other targets re-solve the model built first; every level must give
    # what a newly built model gives, in any order
    factory = tiny_factory(
        fuel={"natural_gas_nm3_per_year": 20_000, "boiler_efficiency": 0.9},
        scope3={"transport_tco2e_per_year": 50},
    )
    horizon = {"first_year": 2026, "last_year": 2027}
    slices = one_day(100.0, MIDDAY_YIELD)
    clear_sessions()
    for level in ("II-6", "I-3", None, "II-4", "I-6"):
        targets = [{"year": 2027, "level": level}] if level else []
        scenario = tiny_scenario(factory, targets=targets, horizon=horizon)
        reused = solve(scenario, slices=slices)
        fresh = solve(scenario, slices=slices, reuse_model=False)
        assert reused.outcome.objective_cny == pytest.approx(fresh.outcome.objective_cny, rel=1e-9)
        pd.testing.assert_frame_equal(reused.annual, fresh.annual, rtol=1e-6, atol=1e-6)
