"""Sweep building blocks: target year, level implication, parameters, sampling and run keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sweep_helpers import write_small_scenario

from zcf_opt.errors import InputError
from zcf_opt.inputs.prepare import time_slices
from zcf_opt.load import load_scenario
from zcf_opt.schema.scenario import Range
from zcf_opt.standards import load_rulebook
from zcf_opt.sweep.cache import run_key, slices_digest
from zcf_opt.sweep.execute import chained, path_order
from zcf_opt.sweep.levels import all_levels, parse_levels, rule_implies, sweep_target_year, targets_imply
from zcf_opt.sweep.params import PARAMETERS, field_path, overrides_for, parse_vary
from zcf_opt.sweep.sampling import grid_points, latin_hypercube

RULEBOOK = load_rulebook("T/CECA-G 0171-2022")


def test_target_year_is_the_last_target_else_the_middle_of_the_horizon(tmp_path: Path) -> None:
    two = load_scenario(write_small_scenario(tmp_path, targets=[{"year": 2026, "level": "I-4"},
                                                                {"year": 2028, "level": "I-6"}]))  # fmt: skip
    assert sweep_target_year(two) == 2028
    none = load_scenario(
        write_small_scenario(tmp_path, targets=[], horizon={"first_year": 2026, "last_year": 2035})
    )
    assert sweep_target_year(none) == 2030
    assert sweep_target_year(none, from_year=2027) == 2027
    with pytest.raises(InputError, match="outside the horizon"):
        sweep_target_year(none, from_year=2040)


def test_levels_default_to_every_level_by_type_and_stars() -> None:
    assert parse_levels(None, RULEBOOK) == ["I-3", "I-4", "I-5", "I-6", "II-3", "II-4", "II-5", "II-6"]
    assert parse_levels(" II-6, I-3 ", RULEBOOK) == ["II-6", "I-3"]
    assert all_levels(RULEBOOK)[0] == "I-3"
    with pytest.raises(InputError, match="unknown level 'III-3'"):
        parse_levels("III-3", RULEBOOK)


def test_level_implication_follows_thresholds_and_boundaries() -> None:
    rule = RULEBOOK.rule
    assert rule_implies(rule("I-6"), rule("I-3"), RULEBOOK)
    assert not rule_implies(rule("I-3"), rule("I-6"), RULEBOOK)
    assert rule_implies(rule("II-6"), rule("I-6"), RULEBOOK)  # Type II counts more emissions
    assert not rule_implies(rule("I-6"), rule("II-3"), RULEBOOK)  # no removals, no scope 3
    strict = {2026: None, 2027: "II-5", 2028: "II-5"}
    assert targets_imply(strict, {2026: None, 2027: "I-4", 2028: "I-4"}, RULEBOOK)
    assert targets_imply(strict, {2026: None, 2027: None, 2028: None}, RULEBOOK)
    assert not targets_imply(strict, {2026: "I-3", 2027: "I-3", 2028: "I-3"}, RULEBOOK)


def test_parameter_names_and_field_paths() -> None:
    assert field_path("gec_price") == "certificates.price_cny_per_mwh"
    assert field_path("discount_rate") == "discount_rate"
    assert PARAMETERS["removal_price"][0] == "removals.price_cny_per_tco2e"
    assert field_path("tariff.demand_charge_cny_per_kw_month") == "tariff.demand_charge_cny_per_kw_month"
    assert field_path("factory.roof.max_kwp") == "factory.roof.max_kwp"
    for bad in ("gec", "tariff.nothing", "discount_rate.x", "factory.motors.name"):
        with pytest.raises(InputError, match="unknown parameter"):
            field_path(bad)
    assert parse_vary(["gec_price=5, 20,50", "factory.grid_connection.export=none"]) == {
        "gec_price": [5.0, 20.0, 50.0],
        "factory.grid_connection.export": ["none"],
    }
    with pytest.raises(InputError, match="given twice"):
        parse_vary(["gec_price=5", "gec_price=6"])


def test_nested_overrides_keep_the_other_fields(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    overrides = overrides_for(scenario, {"gec_price": 9.0, "factory.roof.max_kwp": 1000.0})
    assert overrides["certificates"] == {"price_cny_per_mwh": 9.0, "cap_mwh": None}
    assert overrides["factory"]["roof"]["max_kwp"] == 1000.0
    assert overrides["factory"]["roof"]["usable_area_m2"] == 30000
    varied = load_scenario(write_small_scenario(tmp_path), overrides)
    assert varied.factory.roof.pv_limit_kwp == 1000.0
    assert varied.certificates.price_cny_per_mwh == 9.0


def test_grid_and_latin_hypercube() -> None:
    points = grid_points({"a": [1, 2], "b": [10, 20, 30]})
    assert len(points) == 6 and points[0] == {"a": 1, "b": 10} and points[-1] == {"a": 2, "b": 30}
    ranges = {"gec_price": Range(low=0, high=10), "pv_capex": Range(low=2000, high=3000)}
    draw = latin_hypercube(ranges, 5, seed=1)
    assert draw == latin_hypercube(ranges, 5, seed=1) != latin_hypercube(ranges, 5, seed=2)
    assert sorted(int(p["gec_price"] // 2) for p in draw) == [0, 1, 2, 3, 4]
    assert sorted(int((p["pv_capex"] - 2000) // 200) for p in draw) == [0, 1, 2, 3, 4]
    with pytest.raises(InputError, match="needs ranges"):
        latin_hypercube({}, 3, seed=0)
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        latin_hypercube({"nope": Range(low=0, high=1)}, 3, seed=0)


def test_run_key_changes_with_inputs_only(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    sha = slices_digest(time_slices(scenario))
    key = run_key(scenario, RULEBOOK, sha)
    assert len(key) == 64
    threads = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"threads": 3})})
    assert run_key(threads, RULEBOOK, sha) == key
    assert run_key(scenario.model_copy(update={"description": "other words"}), RULEBOOK, sha) == key
    dearer = load_scenario(write_small_scenario(tmp_path, gas_price_cny_per_nm3=4.0))
    assert run_key(dearer, RULEBOOK, sha) != key
    assert run_key(scenario, RULEBOOK, "0" * 64) != key
    finer = load_scenario(write_small_scenario(tmp_path, time_resolution={"typical_days": 4}))
    assert slices_digest(time_slices(finer)) != sha


def test_sample_points_are_solved_along_a_nearest_neighbour_path() -> None:
    # from the first point, always the nearest one left (each parameter scaled to [0, 1])
    line = [{"gec_price": x} for x in (0.0, 90.0, 10.0, 50.0, 100.0)]
    assert path_order(line) == [0, 2, 3, 1, 4]
    # b spans 0-900: scaled, point 3 is (0.1, 0.111), nearer to point 2 (0, 1): 0.80 than to
    # point 1 (1, 0): 0.82 in squared distance; unscaled, b's 800 would decide alone
    plane = [{"a": 0.0, "b": 0.0}, {"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 900.0}, {"a": 0.1, "b": 100.0}]
    assert path_order(plane) == [0, 3, 2, 1]
    # a value that is not a number: equal to the first point's or not
    named = [{"x": "a", "y": 0.0}, {"x": "b", "y": 0.0}, {"x": "a", "y": 1.0}, {"x": "a", "y": 2.0}]
    assert path_order(named) == [0, 2, 3, 1]
    assert path_order([{}, {}, {}]) == [0, 1, 2]  # a level sweep keeps its order


def test_each_worker_walks_its_own_stretch_of_the_path() -> None:
    solvable = set(range(8))
    # the start: two workers get runs spread over the path (0 and 4), not neighbours
    assert chained(list(range(8)), solvable, [], 2)[:2] == [0, 4]
    # the worker that finished run 4 gets run 5 (its neighbour), not the first waiting run (1)
    assert chained([1, 2, 3, 5, 6, 7], solvable, [4], 1)[0] == 5
    # from its last run, a worker goes on forward before going back
    assert chained([1, 3], solvable, [2], 1)[0] == 3
    # two workers freed at once get one neighbour each
    assert chained([1, 2, 6, 7], solvable, [0, 5], 2)[:2] == [1, 6]
    # runs that need not be solved yet come after, in their order; every run stays listed
    assert chained([3, 0, 1], {0, 1}, [], 1) == [0, 3, 1]
    assert sorted(chained([3, 0, 1], {0, 1}, [], 2)) == [0, 1, 3]
    # one worker: the order is left as it is
    assert chained([2, 0, 1], solvable, [1], 0) == [2, 0, 1]
