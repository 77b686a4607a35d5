"""Every requirement type on tiny cases whose optimum and evidence are worked out by hand.

The plant: 100 kW flat load (876 MWh/yr) at 0.6 CNY/kWh and 0.6 tCO2/MWh (location and
market), no demand charge, certificates 50 CNY/MWh, offsets 70 CNY/t, removals 500 CNY/t,
green power premium 1000 CNY/MWh; without measures the bill is 525,600 CNY/yr (``BASE``).
Each test registers the requirement type it checks; the last test fails when a type of the
rulebook format has no test here.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import certify_years, one_day, requirement, tiny_factory, tiny_scenario, write_rulebook
from zcf_opt import certify as certify_package
from zcf_opt.certify import CHECKS, shortfalls
from zcf_opt.conventions import discount_factor, residual_fraction
from zcf_opt.inputs.measures import motor_efficiency, motor_saving_mwh
from zcf_opt.model.requirements import REQUIREMENT_MODELS
from zcf_opt.run import solve
from zcf_opt.schema.factory import MotorFleet
from zcf_opt.session import clear_sessions
from zcf_opt.standards import REQUIREMENT_TYPES, read_rulebook_file

BASE = 100.0 * 8760 * 0.6
#: 0.25 kWh/kWp in each of 8 hours (8-15): 2 kWh/kWp a day, 730 kWh/kWp a year, never above the load
SPREAD_YIELD = np.where((np.arange(24) >= 8) & (np.arange(24) < 16), 0.25, 0.0)
BIG_ROOF = {"usable_area_m2": 10_000, "max_kwp": 1000, "tilt_deg": 10, "azimuth_deg": 180}

TESTED: set[str] = set()


def checks(type_name: str) -> Callable:
    """Mark a test as a hand-computed case of requirement type ``type_name``."""
    TESTED.add(type_name)
    return lambda test: test


def _solve(
    tmp_path: Path,
    levels: list[dict],
    targets: list[dict],
    factory: dict | None = None,
    slices: object = None,
    **changes: object,
):
    rules = write_rulebook(tmp_path, levels)
    scenario = tiny_scenario(
        factory or tiny_factory(), rulebook_file=str(rules), standard="test-rules", targets=targets, **changes
    )
    return solve(scenario, slices=slices or one_day(100.0), reuse_model=False)


def _evidence(result, year: int = 2026) -> pd.DataFrame:
    evidence = result.evidence
    return evidence[evidence["year"] == year].set_index("requirement")


@checks("renewable_share")
def test_only_the_instruments_a_share_counts_close_it(tmp_path: Path) -> None:
    # 50 % counting green power only: certificates (50 CNY/MWh) do not count, so 438 MWh of green
    # power at a 1,000 CNY/MWh premium are bought
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [requirement("renewable_share", min_share=0.5, instruments=["green_power"])],
    }
    result = _solve(tmp_path, [level], [{"year": 2026, "level": "L"}], pv_capex_cny_per_kwp=1e6)
    row = result.annual.iloc[0]
    assert row["green_power_mwh"] == pytest.approx(438.0, rel=1e-7)
    assert row["gec_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert result.outcome.objective_cny == pytest.approx(BASE + 438.0 * 1000, rel=1e-9)
    evidence = _evidence(result)
    assert evidence.loc["renewable_share", "value"] == pytest.approx(0.5, rel=1e-7)
    assert bool(evidence.loc["renewable_share", "met"])


@checks("neutralisation")
@pytest.mark.parametrize(
    "reading, cost", [("removal_credits", 50 * 500.0), ("outside_reductions", 50 * 90.0)]
)
def test_the_two_readings_of_qingchu_give_their_hand_computed_costs(
    tmp_path: Path, reading: str, cost: float
) -> None:
    # Type II six-star: 876 MWh of certificates make electricity renewable and market-based scope 2
    # zero; 50 t of transport remain. Read as removal credits they cost 500 CNY/t; read as
    # reduction projects outside the boundary (offered at 90 CNY/t) 90 CNY/t.
    import yaml
    from click.testing import CliRunner

    from zcf_opt.cli import main

    factory = tiny_factory(scope3={"transport_tco2e_per_year": 50})
    data = tiny_scenario(factory).model_dump(mode="json")
    data.update(
        targets=[{"year": 2026, "level": "II-6"}],
        rulebook_options={"qingchu": reading},
        outside_reductions={"price_cny_per_tco2e": 90},
        pv_capex_cny_per_kwp=1e6,
    )
    data["factory"].update(electricity_load={"annual_mwh": 876, "shift_pattern": "three_shift"})
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"reading: T/CECA-G 0171-2022 qingchu = {reading}" in result.output
    summary = pd.read_json(out / "summary.json", typ="series")
    assert summary["objective_npv_cny"] == pytest.approx(BASE + 876 * 50 + cost, rel=1e-7)
    assert summary["readings"][0]["choice"] == reading
    evidence = pd.read_csv(out / "evidence.csv").set_index("requirement")
    assert evidence.loc["qingchu", "reading"] == f"qingchu={reading}"
    assert evidence["met"].all()
    annual = pd.read_csv(out / "annual.csv").iloc[0]
    kind = "removals_tco2e" if reading == "removal_credits" else "outside_reductions_tco2e"
    assert annual[kind] == pytest.approx(50.0, rel=1e-7)


@checks("absolute_reduction")
def test_a_physical_reduction_buys_exactly_the_pv_that_meets_it(tmp_path: Path) -> None:
    # 20 % below the base year's 525.6 t (location-based): at most 700.8 MWh imported, so
    # 175.2 MWh of PV, 240 kWp at 730 kWh/kWp; each kWp costs 500 and saves 438 CNY
    level = {
        "name": "L",
        "boundary": "physical",
        "rank": 1,
        "requirements": [requirement("absolute_reduction", min_reduction=0.2)],
    }
    result = _solve(
        tmp_path,
        [level],
        [{"year": 2026, "level": "L"}],
        factory=tiny_factory(roof=BIG_ROOF),
        pv_capex_cny_per_kwp=500.0,
        slices=one_day(100.0, SPREAD_YIELD),
    )
    assert result.annual["pv_installed_kwp"].iloc[0] == pytest.approx(240.0, rel=1e-7)
    assert result.outcome.objective_cny == pytest.approx(BASE + 240 * (500 - 438), rel=1e-9)
    evidence = _evidence(result)
    assert evidence.loc["absolute_reduction", "value"] == pytest.approx(0.2, rel=1e-6)
    assert "against 526 tCO2e in 2026" in evidence.loc["absolute_reduction", "detail"]


@checks("absolute_reduction")
def test_shares_met_without_physical_reduction_do_not_certify(tmp_path: Path) -> None:
    # certificates make the share 100 % and market-based scope 2 zero, but location-based
    # emissions equal the base year's: the level that asks a 20 % physical cut is not reached
    shares = [
        requirement("renewable_share", min_share=1.0),
        requirement("neutralisation", min_share=1.0, instruments=["offsets"]),
    ]
    levels = [
        {"name": "shares", "boundary": "plant", "rank": 1, "requirements": shares},
        {
            "name": "physical",
            "boundary": "plant",
            "rank": 2,
            "requirements": [
                *shares,
                requirement("absolute_reduction", min_reduction=0.2, boundary="physical"),
            ],
        },
    ]
    rulebook = read_rulebook_file(write_rulebook(tmp_path, levels))
    year = {"year": 2026, "gec_mwh": 100.0, "scope2_location_tco2e": 60.0}
    found = certify_years(
        [year], {"test-rules": rulebook}, {"test-rules": {2026: "physical"}}, base={"scope2_location": 60.0}
    )
    assert found.levels.iloc[0]["achieved_level"] == "shares"
    assert not found.levels.iloc[0]["target_met"]
    evidence = found.evidence.set_index("requirement")
    assert evidence.loc["absolute_reduction", "value"] == pytest.approx(0.0)
    assert evidence.loc["absolute_reduction", "threshold"] == pytest.approx(0.2)
    assert bool(evidence.loc["renewable_share", "met"]) and bool(evidence.loc["neutralisation", "met"])
    assert [line.split(":")[0] for line in shortfalls(found)] == ["2026 TEST 1 physical"]


@checks("absolute_reduction")
def test_a_linear_rate_asks_more_each_year() -> None:
    # SBTi near-term, 4.2 %/yr from the base year 2026: 0 % in 2026, 16.8 % in 2030, 21 % in 2031;
    # 83 t against 100 t is a 17 % cut: enough in 2030, not in 2031
    from zcf_opt.standards import find_rulebook

    sbti = find_rulebook("sbti-corporate-net-zero")
    rows = [
        {"year": 2026, "scope2_market_tco2e": 100.0},
        {"year": 2030, "scope2_market_tco2e": 83.0},
        {"year": 2031, "scope2_market_tco2e": 83.0},
    ]
    found = certify_years(
        rows,
        {"sbti-corporate-net-zero": sbti},
        {"sbti-corporate-net-zero": dict.fromkeys((2026, 2030, 2031), "near-term")},
        base={"scope2_market": 100.0},
    )
    evidence = found.evidence.set_index("year")
    np.testing.assert_allclose(evidence["threshold"], [0.0, 0.168, 0.21])
    np.testing.assert_allclose(evidence["value"], [0.0, 0.17, 0.17])
    assert list(evidence["met"]) == [True, True, False]


@checks("intensity")
def test_an_intensity_cap_forces_exactly_the_cheapest_upgrade_that_meets_it(tmp_path: Path) -> None:
    # 1,000 units a year; 876 MWh × 0.1229 kgce/kWh = 107.7 kgce/unit. At most 100 kgce/unit needs
    # 62.3 MWh saved: option A (50 MWh, 100,000 CNY) is too small, B (100 MWh, 150,000) and C
    # (200 MWh, 400,000) meet it; B is cheaper. Without the cap none pays (0.6 CNY/kWh saved).
    pumps = {
        "name": "pumps",
        "equipment_class": "pump",
        "grade": 3,
        "annual_electricity_mwh": 400,
        "options": [
            {"name": "A", "grade": 2, "saving_fraction": 0.125, "capex_cny": 100_000, "life_years": 1},
            {"name": "B", "grade": 2, "saving_fraction": 0.25, "capex_cny": 150_000, "life_years": 1},
            {"name": "C", "grade": 1, "saving_fraction": 0.5, "capex_cny": 400_000, "life_years": 1},
        ],
    }
    factory = tiny_factory(
        equipment=[pumps], production={"product": "widgets", "unit": "widgets", "volume_per_year": 1000}
    )
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [requirement("intensity", quantity="energy", max_per_unit=100.0)],
    }
    result = _solve(
        tmp_path, [level], [{"year": 2026, "level": "L"}], factory=factory, pv_capex_cny_per_kwp=1e6
    )
    assert list(result.investments["option"]) == ["pumps: grade 3 -> grade 2"]
    assert result.investments["capex_cny"].iloc[0] == pytest.approx(150_000)
    assert result.outcome.objective_cny == pytest.approx(BASE + 150_000 - 100 * 600, rel=1e-9)
    evidence = _evidence(result)
    assert evidence.loc["intensity", "value"] == pytest.approx(776 * 0.1229, rel=1e-9)
    assert evidence.loc["intensity", "unit"] == "kgce/widgets"
    assert result.annual["energy_kgce_per_unit"].iloc[0] == pytest.approx(776 * 0.1229, rel=1e-9)
    baseline = _solve(tmp_path, [level], [], factory=factory, pv_capex_cny_per_kwp=1e6)
    assert baseline.investments.empty
    assert baseline.annual["energy_kgce_per_unit"].iloc[0] == pytest.approx(876 * 0.1229, rel=1e-9)


@checks("intensity")
def test_a_benchmark_the_factory_does_not_give_does_not_apply(tmp_path: Path) -> None:
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [requirement("intensity", quantity="energy", benchmark=["advanced"])],
    }
    rulebook = read_rulebook_file(write_rulebook(tmp_path, [level]))
    found = certify_years([{"year": 2026}], {"test-rules": rulebook}, {"test-rules": {2026: "L"}})
    row = found.evidence.iloc[0]
    assert bool(row["met"]) and math.isnan(row["value"]) and "not applicable" in row["note"]


@checks("equipment_efficiency")
def test_an_ie2_fleet_blocks_the_grade_rule_until_it_is_retrofitted_exactly_then(tmp_path: Path) -> None:
    # 10 × 15 kW IE2 motors (grade 4) must be at GB grade 1 (IE5) from 2028; the upgrade does not
    # pay for itself, so it is bought in 2028, no earlier (discounting) and no later (the rule)
    fleet = {
        "name": "fans",
        "rated_kw": 15,
        "count": 10,
        "full_load_hours_per_year": 4000,
        "efficiency_class": "IE2",
    }
    option = {"name": "IE5", "efficiency_class": "IE5", "capex_cny": 300_000, "life_years": 15}
    factory = tiny_factory(motors=[{**fleet, "options": [option]}])
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [requirement("equipment_efficiency", classes=["motor"], max_grade=1)],
    }
    horizon = {"first_year": 2026, "last_year": 2029}
    result = _solve(
        tmp_path,
        [level],
        [{"year": 2028, "level": "L"}],
        factory=factory,
        horizon=horizon,
        discount_rate=0.08,
        pv_capex_cny_per_kwp=1e6,
    )
    assert list(zip(result.investments["year"], result.investments["option"], strict=True)) == [
        (2028, "fans: IE2 -> IE5")
    ]
    assert list(result.annual["equipment_grade_motor"]) == [4, 4, 1, 1]
    assert list(result.annual["achieved_level"].fillna("")) == ["", "", "L", "L"]
    saving = motor_saving_mwh(MotorFleet(**fleet), motor_efficiency("IE5", 15))
    years = np.arange(2026, 2030)
    factors = discount_factor(years - 2026, 0.08)
    bills = (876 - saving * (years >= 2028)) * 600
    expected = float(np.sum(factors * bills)) + factors[2] * 300_000
    expected -= discount_factor(4, 0.08) * 300_000 * residual_fraction(2028, 15, 2029, 0.08)
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
    evidence = result.evidence.set_index(["year", "requirement"])
    assert evidence.loc[(2028, "equipment_efficiency[motor]"), "value"] == 1
    assert bool(evidence.loc[(2029, "equipment_efficiency[motor]"), "met"])


@checks("reduction_first")
def test_reduction_first_puts_in_place_exactly_the_measures_below_the_cost_limit(tmp_path: Path) -> None:
    # Fans: 100 MWh saved for 100,000 CNY (one year) abate 60 t for 40,000 CNY net: 666.7 CNY/t.
    # Pumps: the same saving for 200,000 CNY: 2,333.3 CNY/t. Below 1,000 CNY/t only the fans.
    def group(name: str, cls: str, capex: float) -> dict:
        return {
            "name": name,
            "equipment_class": cls,
            "grade": 3,
            "annual_electricity_mwh": 400,
            "options": [
                {"name": "up", "grade": 1, "saving_fraction": 0.25, "capex_cny": capex, "life_years": 1}
            ],
        }

    factory = tiny_factory(equipment=[group("fans", "fan", 100_000), group("pumps", "pump", 200_000)])
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [requirement("reduction_first", max_abatement_cost_cny_per_tco2e=1000.0)],
    }
    result = _solve(
        tmp_path, [level], [{"year": 2026, "level": "L"}], factory=factory, pv_capex_cny_per_kwp=1e6
    )
    costs = result.inputs["measure_abatement_cost_cny_per_tco2e"].values
    np.testing.assert_allclose(costs, [40_000 / 60, 140_000 / 60], rtol=1e-9)
    assert list(result.investments["option"]) == ["fans: grade 3 -> grade 1"]
    assert result.outcome.objective_cny == pytest.approx(BASE + 100_000 - 100 * 600, rel=1e-9)
    evidence = _evidence(result)
    assert evidence.loc["reduction_first[measures]", "value"] == 0
    assert evidence.loc["reduction_first[measures]", "detail"] == "1 of 1 in place"


@checks("reduction_first")
def test_a_credit_cap_makes_certificates_cut_emissions_before_offsets(tmp_path: Path) -> None:
    # Full neutralisation of market-based emissions (525.6 t): offsets (42 CNY per MWh of
    # emissions) are cheaper than certificates (50 CNY/MWh), but credits may cover at most 10 % of
    # the base year (52.56 t), so certificates cover 788.4 MWh and offsets the last 52.56 t
    level = {
        "name": "L",
        "boundary": "plant",
        "rank": 1,
        "requirements": [
            requirement("neutralisation", min_share=1.0, instruments=["offsets", "removals"]),
            requirement("reduction_first", max_credit_share_of_base=0.1, instruments=["offsets", "removals"]),
        ],
    }
    result = _solve(tmp_path, [level], [{"year": 2026, "level": "L"}], pv_capex_cny_per_kwp=1e6)
    row = result.annual.iloc[0]
    assert row["gec_mwh"] == pytest.approx(788.4, rel=1e-7)
    assert row["offsets_tco2e"] == pytest.approx(52.56, rel=1e-7)
    assert result.outcome.objective_cny == pytest.approx(BASE + 788.4 * 50 + 52.56 * 70, rel=1e-9)
    assert _evidence(result).loc["reduction_first[credits]", "value"] == pytest.approx(0.1, rel=1e-7)


def test_targets_of_two_standards_are_met_together() -> None:
    # T/CECA-G 0171-2022 I-4 (renewable share 50 %, full neutralisation) and the national guidance
    # (among others, physical CO2 20 % below the base year): the cut needs 240 kWp of PV (each
    # costs 62 CNY net), the share 262.8 MWh of certificates more, and 262.8 t are offset.
    scenario = tiny_scenario(
        tiny_factory(roof=BIG_ROOF),
        targets=[
            {"year": 2026, "level": "I-4"},
            {"year": 2026, "level": "zero-carbon", "standard": "miit-zero-carbon-factory-2026"},
        ],
        pv_capex_cny_per_kwp=500.0,
    )
    result = solve(scenario, slices=one_day(100.0, SPREAD_YIELD), reuse_model=False)
    assert result.errors == []
    row = result.annual.iloc[0]
    assert row["pv_installed_kwp"] == pytest.approx(240.0, rel=1e-7)
    assert row["gec_mwh"] == pytest.approx(262.8, rel=1e-7)
    assert row["offsets_tco2e"] == pytest.approx(262.8, rel=1e-7)
    expected = BASE + 240 * (500 - 438) + 262.8 * 50 + 262.8 * 70
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
    assert row["target_level"] == "I-4" and row["target_level_miit_zero_carbon_factory_2026"] == "zero-carbon"
    assert bool(row["target_met"]) and bool(row["target_met_miit_zero_carbon_factory_2026"])
    standards = set(result.evidence["standard"])
    assert standards == {"T/CECA-G 0171-2022", "工信部联节〔2026〕13号"}
    assert result.evidence["met"].all()


def test_a_reused_model_re_targets_every_requirement_type() -> None:
    # the same inputs with other targets (other standards' levels) re-solve the first model;
    # each must give what a new model gives
    factory = tiny_factory(roof=BIG_ROOF, scope3={"transport_tco2e_per_year": 50})
    target_sets = [
        [{"year": 2027, "level": "I-4"}],
        [{"year": 2026, "level": "II-6"}],
        [],
        [{"year": 2027, "level": "I-3"}],
    ]
    clear_sessions()
    for targets in target_sets:
        scenario = tiny_scenario(
            factory,
            targets=[
                *targets,
                {"year": 2027, "level": "zero-carbon", "standard": "miit-zero-carbon-factory-2026"},
            ],
            horizon={"first_year": 2026, "last_year": 2027},
            pv_capex_cny_per_kwp=500.0,
        )
        slices = one_day(100.0, SPREAD_YIELD)
        reused = solve(scenario, slices=slices)
        fresh = solve(scenario, slices=slices, reuse_model=False)
        assert reused.outcome.objective_cny == pytest.approx(fresh.outcome.objective_cny, rel=1e-9)
        assert reused.evidence["met"].all()


def test_the_certifier_never_reads_the_model() -> None:
    # no module of the certifier imports Pyomo or the model package
    folder = Path(certify_package.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        ]
        imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.startswith(("pyomo", "zcf_opt.model", "zcf_opt.session"))], path


def test_every_requirement_type_has_a_model_face_a_check_and_a_test() -> None:
    types = set(REQUIREMENT_TYPES)
    assert set(REQUIREMENT_MODELS) == types, "a requirement type without model constraints"
    assert set(CHECKS) == types, "a requirement type without a certifier check"
    assert types <= TESTED, f"requirement types without a hand-computed test: {sorted(types - TESTED)}"
