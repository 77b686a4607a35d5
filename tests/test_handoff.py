"""The array hand-off to HiGHS and the re-solve after Params change or variables are fixed.

A tiny model whose optimum is worked out by hand after each change:

    min  c·x + 2·y + 3·b
    s.t. x + y ≥ d                  (demand: a Param in the bound)
         y ≥ s·(x + y)              (share: a Param in the coefficients, 0 at first)
         x ≤ 10·b                   (link)
         0 ≤ x ≤ 10, y ≥ 0, b binary
"""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo
import pytest
from conftest import one_day
from pyomo.contrib.solver.common.factory import SolverFactory

from zcf_opt.handoff import HighsModel
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.load import load_scenario
from zcf_opt.model import build_model
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.solve import DUAL_SIMPLEX, PRIMAL_SIMPLEX, HighsMonitor, solve_model
from zcf_opt.standards import load_rulebook

ROOT = Path(__file__).resolve().parents[1]

OPTIONS = SolverOptions(mip_gap=0.0)


def tiny_model() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.c = pyo.Param(mutable=True, initialize=1.0)
    m.d = pyo.Param(mutable=True, initialize=4.0)
    m.s = pyo.Param(mutable=True, initialize=0.0)
    m.x = pyo.Var(bounds=(0, 10))
    m.y = pyo.Var(domain=pyo.NonNegativeReals)
    m.b = pyo.Var(domain=pyo.Binary)
    m.demand = pyo.Constraint(expr=m.x + m.y >= m.d)
    m.share = pyo.Constraint(expr=m.y >= m.s * (m.x + m.y))
    m.link = pyo.Constraint(expr=m.x <= 10 * m.b)
    m.cost = pyo.Objective(expr=m.c * m.x + 2 * m.y + 3 * m.b)
    return m


def test_the_model_reaches_highs_as_written() -> None:
    m = tiny_model()
    handoff = HighsModel(m)
    handoff.sync()
    lp = handoff.highs.getLp()
    assert [v.name for v in handoff.columns] == ["x", "y", "b"]
    np.testing.assert_array_equal(lp.col_cost_, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(lp.col_lower_, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(lp.col_upper_, [10.0, np.inf, 1.0])
    assert [int(kind) for kind in lp.integrality_] == [0, 0, 1]
    # rows as Pyomo writes them: x + y >= 4; s·(x + y) - y <= 0 (s = 0 leaves -y); x - 10 b <= 0
    np.testing.assert_array_equal(lp.row_lower_, [4.0, -np.inf, -np.inf])
    np.testing.assert_array_equal(lp.row_upper_, [np.inf, 0.0, 0.0])
    matrix = np.zeros((3, 3))
    start, index, value = lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_
    for column in range(3):
        for k in range(start[column], start[column + 1]):
            matrix[index[k], column] = value[k]
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, -1, 0], [1, 0, -10]])


@pytest.mark.parametrize("name", ["baseline", "type2_6star_2030"])
def test_rows_between_two_variables_read_directly_are_the_visitors_rows(name: str) -> None:
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    slices = one_day(load_kw=np.linspace(800, 1600, 24), pv_yield=np.linspace(0, 0.6, 24))
    model = build_model(prepare_inputs(scenario, load_rulebook(scenario.standard), slices))
    direct, visited = HighsModel(model), HighsModel(model)
    visited.shortcut = False
    direct.sync()
    visited.sync()
    a, b = direct.highs.getLp(), visited.highs.getLp()
    for field in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    for field in ("start_", "index_", "value_"):
        np.testing.assert_array_equal(getattr(a.a_matrix_, field), getattr(b.a_matrix_, field))
    assert [id(v) for v in direct.columns] == [id(v) for v in visited.columns]


@pytest.mark.parametrize("name", ["type1_4star_2028_6star_2030", "type2_6star_2030"])
def test_an_example_solved_through_the_hand_off_and_through_pyomo_has_one_optimum(name: str) -> None:
    # Pyomo's own HiGHS interface (the writer the hand-off replaces) on a second build of the
    # same inputs: the two optima agree (gap 0: both are the model's optimum, not a plan within a gap)
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    slices = one_day(load_kw=np.linspace(800, 1600, 24), pv_yield=np.linspace(0, 0.6, 24))
    inputs = prepare_inputs(scenario, load_rulebook(scenario.standard), slices)
    ours = solve_model(build_model(inputs), OPTIONS)
    theirs = SolverFactory("highs").solve(build_model(inputs), rel_gap=0.0, load_solutions=False)
    assert ours.status == "optimal"
    assert ours.objective_cny == pytest.approx(float(theirs.incumbent_objective), rel=1e-9)


def _solve(m: pyo.ConcreteModel, handoff: HighsModel) -> float:
    outcome = solve_model(m, OPTIONS, solver=handoff)
    assert outcome.status == "optimal"
    fresh = solve_model(m, OPTIONS)  # the same model handed over from scratch
    assert fresh.objective_cny == pytest.approx(outcome.objective_cny, abs=1e-9)
    return outcome.objective_cny


def test_a_held_model_follows_params_and_fixed_variables() -> None:
    m = tiny_model()
    handoff = HighsModel(m)
    # x = 4 with its fixed cost (4 + 3) beats y = 4 (8)
    assert _solve(m, handoff) == pytest.approx(7.0)
    assert (m.x.value, m.y.value, m.b.value) == pytest.approx((4.0, 0.0, 1.0))
    m.s = 0.5  # y >= x: x = y = 2 costs 2 + 4 + 3 = 9, y = 4 alone 8
    assert _solve(m, handoff) == pytest.approx(8.0)
    m.c = 0.25  # objective coefficient: x = y = 2 now costs 0.5 + 4 + 3 = 7.5
    assert _solve(m, handoff) == pytest.approx(7.5)
    m.d = 10.0  # bound: x = y = 5 costs 1.25 + 10 + 3
    assert _solve(m, handoff) == pytest.approx(14.25)
    m.b.fix(0)  # no project: y = 10 alone
    assert _solve(m, handoff) == pytest.approx(20.0)
    m.b.unfix()
    assert _solve(m, handoff) == pytest.approx(14.25)
    m.x.fix(3.0)  # y >= 7 (demand) and y >= 3 (share): 0.75 + 14 + 3
    assert _solve(m, handoff) == pytest.approx(17.75)
    assert m.x.value == 3.0 and m.x.fixed
    m.x.unfix()
    m.x.setub(4.0)  # a changed bound: x = 4, y = 6 costs 1 + 12 + 3 = 16
    assert _solve(m, handoff) == pytest.approx(16.0)


def test_a_deactivated_constraint_hands_the_model_over_again() -> None:
    m = tiny_model()
    handoff = HighsModel(m)
    assert _solve(m, handoff) == pytest.approx(7.0)
    m.s = 0.5
    m.share.deactivate()  # without the share row the cheaper x = 4 is back
    assert _solve(m, handoff) == pytest.approx(7.0)
    assert handoff.highs.getNumRow() == 2


def test_params_in_named_expressions_and_variable_bounds_are_followed() -> None:
    m = tiny_model()
    m.cap = pyo.Param(mutable=True, initialize=10.0)
    m.x.setub(m.cap)  # a bound that is a Param
    m.extra = pyo.Param(mutable=True, initialize=0.0)
    m.need = pyo.Expression(expr=m.d + m.extra)  # a Param inside a named expression
    m.demand.set_value(m.x + m.y >= m.need)
    handoff = HighsModel(m)
    assert _solve(m, handoff) == pytest.approx(7.0)
    m.extra = 2.0  # need 6: x = 6 costs 6 + 3
    assert _solve(m, handoff) == pytest.approx(9.0)
    m.cap = 5.0  # x <= 5: x = 5, y = 1 costs 5 + 2 + 3
    assert _solve(m, handoff) == pytest.approx(10.0)


def test_a_new_constraint_expression_hands_the_model_over_again() -> None:
    m = tiny_model()
    handoff = HighsModel(m)
    assert _solve(m, handoff) == pytest.approx(7.0)
    m.demand.set_value(m.x + m.y >= 6)  # x = 6 costs 6 + 3
    assert _solve(m, handoff) == pytest.approx(9.0)
    m.cost.set_value(m.c * m.x + 1 * m.y + 3 * m.b)  # y = 6 now costs 6
    assert _solve(m, handoff) == pytest.approx(6.0)


def test_a_model_fixed_before_the_hand_off_can_be_unfixed() -> None:
    m = tiny_model()
    m.x.fix(0.0)
    handoff = HighsModel(m)
    assert _solve(m, handoff) == pytest.approx(8.0)  # y = 4
    m.x.unfix()
    assert _solve(m, handoff) == pytest.approx(7.0)


def test_a_held_model_refuses_another_pyomo_model() -> None:
    handoff = HighsModel(tiny_model())
    with pytest.raises(ValueError, match="another Pyomo model"):
        solve_model(tiny_model(), OPTIONS, solver=handoff)


def test_the_outcome_times_the_hand_off_and_highs_apart() -> None:
    outcome = solve_model(tiny_model(), OPTIONS)
    assert outcome.objective_cny == pytest.approx(7.0)
    assert outcome.highs_seconds > 0 and outcome.handoff_seconds > 0
    assert outcome.solve_seconds >= outcome.highs_seconds + outcome.handoff_seconds


def test_a_progress_line_gives_the_best_plan_the_bound_and_their_gap() -> None:
    monitor = HighsMonitor(highspy.Highs())
    assert monitor.line(3.4, 600) == "HiGHS 3 s of 600 s: no feasible plan yet"
    monitor.incumbent = 1_250_000.0
    assert monitor.line(7.0, 600) == "HiGHS 7 s of 600 s: best plan 1,250,000 CNY"
    monitor.bound = 1_000_000.0
    assert monitor.line(12.2, 600) == (
        "HiGHS 12 s of 600 s: best plan 1,250,000 CNY, bound 1,000,000 CNY, gap 20.00%"
    )


def test_a_model_of_the_same_shape_starts_from_the_basis_of_another() -> None:
    first = tiny_model()
    first.s = 0.5
    held = HighsModel(first)
    # as in a sweep: the LP relaxation first (b = 0.2, x = y = 2, fractional), then the MIP
    assert solve_model(first, OPTIONS, solver=held, relaxation_first=True).objective_cny == pytest.approx(8.0)
    highs = held.highs
    second = tiny_model()  # the same values, rows, columns and nonzero pattern
    second.s = 0.5
    taker = HighsModel(second)
    taker.offer(held)
    taker.sync()  # handed over: HiGHS holds the basis of the first model's relaxation
    given, kept = taker.highs.getBasis(), held.relaxation_basis
    assert given.valid and list(given.col_status) == list(kept.col_status)
    assert list(given.row_status) == list(kept.row_status)
    assert held.highs is highs and taker.highs is not highs and taker.runs == held.runs == 1
    assert _solve(second, taker) == pytest.approx(8.0)  # solved as a re-solve from there
    third = tiny_model()  # other values, the same shape: its own optimum from that basis
    third.s, third.c, third.d = 0.5, 0.25, 10.0
    other = HighsModel(third)
    other.offer(taker)
    assert _solve(third, other) == pytest.approx(14.25)  # x = y = 5
    fourth = tiny_model()  # s = 0 leaves out two coefficients: the same rows and columns
    same = HighsModel(fourth)
    same.offer(taker)
    assert _solve(fourth, same) == pytest.approx(7.0)
    assert same.runs == taker.runs + 1  # started from the basis: solved as a re-solve
    fifth = tiny_model()
    fifth.cap = pyo.Constraint(expr=fifth.x <= 8)  # another row: another shape, the basis unused
    last = HighsModel(fifth)
    last.offer(taker)
    assert _solve(fifth, last) == pytest.approx(7.0)
    assert last.runs == 1  # a first solve of its own


def _dense(lp: highspy.HighsLp) -> np.ndarray:
    matrix = np.zeros((lp.num_row_, lp.num_col_))
    start, index, value = lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_
    rowwise = lp.a_matrix_.format_ == highspy.MatrixFormat.kRowwise
    for outer in range(len(start) - 1):
        for k in range(start[outer], start[outer + 1]):
            row, column = (outer, index[k]) if rowwise else (index[k], outer)
            matrix[row, column] = value[k]
    return matrix


def test_many_changed_coefficients_pass_the_model_again_from_its_basis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the same change passed coefficient by coefficient and as a new model: the same model in
    # HiGHS, the second one holding the basis of the last solve
    held = []
    for limit in (100, 0):
        monkeypatch.setattr("zcf_opt.handoff.REPASS_COEFFICIENTS", limit)
        m = tiny_model()
        handoff = HighsModel(m)
        outcome = solve_model(m, OPTIONS, solver=handoff, relaxation_first=True)
        assert outcome.objective_cny == pytest.approx(7.0)
        basis = handoff.highs.getBasis()
        m.s = 0.5  # share row: -y becomes 0.5 x - 0.5 y (two coefficients change)
        m.d = 6.0  # demand row bound
        handoff.sync()
        held.append((handoff, basis))
    (incremental, _), (passed, basis) = held
    a, b = incremental.highs.getLp(), passed.highs.getLp()
    np.testing.assert_array_equal(_dense(a), _dense(b))
    np.testing.assert_array_equal(_dense(b)[1], [0.5, -0.5, 0.0])
    for field in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert list(passed.highs.getBasis().col_status) == list(basis.col_status)
    # x = y = 3 costs 3 + 6 + 3 = 12 (y = 6 alone costs 12 too)
    assert _solve(passed.model, passed) == pytest.approx(12.0)


def test_a_held_model_knows_what_changed_and_picks_the_simplex_for_it() -> None:
    # LP relaxation: b = x/10, so x costs c + 0.3 per unit against 2 for y
    m = tiny_model()
    m.c = 3.0
    held = HighsModel(m)
    assert held.changed == {"model"}
    assert solve_model(m, OPTIONS, solver=held, relaxation_first=True).objective_cny == pytest.approx(8.0)
    assert held.changed == set() and held.last_simplex == DUAL_SIMPLEX  # y = 4: integral
    m.c = 1.0  # prices only: the basis stays feasible, the primal simplex goes on from it
    held.sync()
    assert held.changed == {"cost"}
    # the relaxation (x = 4, b = 0.4) is fractional: the MIP gives x = 4, b = 1
    assert solve_model(m, OPTIONS, solver=held).objective_cny == pytest.approx(7.0)
    assert held.last_simplex == PRIMAL_SIMPLEX
    m.d = 6.0  # a bound of a row: the dual simplex
    held.sync()
    assert held.changed == {"rows"}
    assert solve_model(m, OPTIONS, solver=held).objective_cny == pytest.approx(9.0)  # x = 6, b = 1
    assert held.last_simplex == DUAL_SIMPLEX
    m.x.fix(0.0)  # a fixed variable: column bounds, the dual simplex
    held.sync()
    assert held.changed == set()
    assert solve_model(m, OPTIONS, solver=held).objective_cny == pytest.approx(12.0)  # y = 6
    assert held.last_simplex == DUAL_SIMPLEX
    m.x.unfix()
    # a new model of the same shape with other prices, offered this basis: costs changed only
    other = tiny_model()
    other.c, other.d = 3.0, 6.0  # y = 6
    taker = HighsModel(other)
    taker.offer(held)
    taker.sync()
    assert taker.changed == {"cost"}  # the same rows; x, fixed at the donor's last run, is free
    assert solve_model(other, OPTIONS, solver=taker).objective_cny == pytest.approx(12.0)
    assert taker.last_simplex == PRIMAL_SIMPLEX
