"""A built model re-priced (sensitivity samples) is the model a fresh build at those prices gives.

Prices enter the model as mutable Params (:mod:`zcf_opt.model.prices`); a kept session re-prices
its model instead of building a new one (:mod:`zcf_opt.session`). Checked here: the model HiGHS
holds after re-pricing equals, array for array, the one handed over from a fresh build; the
re-solved optimum equals the fresh optimum; and the re-solve goes on from the last basis with
the primal simplex, as only objective coefficients changed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import one_day

from zcf_opt.handoff import HighsModel
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.load import load_scenario
from zcf_opt.model import build_model
from zcf_opt.model.prices import PRICE_INPUTS, set_prices
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.session import acquire_session, clear_sessions, structure_key
from zcf_opt.solve import PRIMAL_SIMPLEX, solve_model
from zcf_opt.standards import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "type2_6star_2030.yaml"
SLICES = one_day(load_kw=np.linspace(800, 1600, 24), pv_yield=np.linspace(0, 0.6, 24))
OPTIONS = SolverOptions(mip_gap=0.0)

#: other prices for the named sensitivity parameters the model holds as Params (the gas price
#: also moves the measures' abatement costs, an input of the reduction-first rows: another model)
OTHER_PRICES = {
    "pv_capex_cny_per_kwp": 2200.0,
    "battery_energy_capex_cny_per_kwh": 600.0,
    "certificates": {"price_cny_per_mwh": 45.0},
    "removals": {"price_cny_per_tco2e": 300.0},
    "offsets": {"price_cny_per_tco2e": 90.0},
    "green_power": {"premium_cny_per_mwh": 12.0, "cap_mwh": 8000},
}


def _inputs(changes: dict | None = None):
    scenario = load_scenario(SCENARIO, changes or {})
    return prepare_inputs(scenario, load_rulebook(scenario.standard), SLICES)


def _arrays(held: HighsModel) -> dict[str, np.ndarray]:
    lp = held.highs.getLp()
    names = ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_")
    arrays = {name: np.asarray(getattr(lp, name)) for name in names}
    matrix = lp.a_matrix_
    arrays.update({f"a_{n}": np.asarray(getattr(matrix, f"{n}_")) for n in ("start", "index", "value")})
    arrays["offset"] = np.array([lp.offset_])
    return arrays


def test_other_prices_change_only_the_price_inputs_not_the_structure() -> None:
    base, other = _inputs(), _inputs(OTHER_PRICES)
    changed = [n for n in base.data_vars if not base[n].equals(other[n])]  # NaN equals NaN
    # every changed input is a price the model holds as a Param, so both share one model
    assert changed and set(changed) <= set(PRICE_INPUTS)
    assert structure_key(base) == structure_key(other)


def test_a_re_priced_model_is_the_freshly_built_model_at_those_prices() -> None:
    base, other = _inputs(), _inputs(OTHER_PRICES)
    model = build_model(base)
    held = HighsModel(model)
    assert solve_model(model, OPTIONS, solver=held, relaxation_first=True).status == "optimal"
    before = _arrays(held)
    set_prices(model, other)
    held.sync()
    fresh = HighsModel(build_model(other))
    fresh.sync()
    after, expected = _arrays(held), _arrays(fresh)
    for name, values in expected.items():
        np.testing.assert_array_equal(after[name], values, err_msg=name)
    # only objective coefficients moved (the green-power cap is unchanged: 8,000 MWh)
    assert not np.array_equal(before["col_cost_"], after["col_cost_"])
    for name in expected:
        if name not in ("col_cost_", "offset"):
            np.testing.assert_array_equal(before[name], after[name], err_msg=name)
    assert held.changed == {"cost"}


def test_a_re_priced_model_re_solves_to_the_fresh_optimum_with_the_primal_simplex() -> None:
    base, other = _inputs(), _inputs(OTHER_PRICES)
    model = build_model(base)
    held = HighsModel(model)
    first = solve_model(model, OPTIONS, solver=held, relaxation_first=True)  # as a sweep's worker
    set_prices(model, other)
    again = solve_model(model, OPTIONS, solver=held)  # a re-solve: the relaxation from the basis
    assert held.last_simplex == PRIMAL_SIMPLEX
    fresh = solve_model(build_model(other), OPTIONS)
    assert again.status == fresh.status == "optimal"
    assert again.objective_cny == pytest.approx(fresh.objective_cny, rel=1e-9)
    assert again.objective_cny != pytest.approx(first.objective_cny, rel=1e-3)


def test_a_session_is_re_priced_instead_of_rebuilt() -> None:
    clear_sessions()
    try:
        base, other = _inputs(), _inputs(OTHER_PRICES)
        session, reused = acquire_session(base)
        session.lock.release()
        assert not reused
        again, reused = acquire_session(other)
        again.lock.release()
        assert reused and again is session
        # the kept model now holds the other prices: its objective is the other model's
        fresh = solve_model(build_model(other), OPTIONS)
        assert solve_model(session.model, OPTIONS, solver=session.solver).objective_cny == pytest.approx(
            fresh.objective_cny, rel=1e-9
        )
    finally:
        clear_sessions()
