"""Formulations of "storage never feeds the grid", compared on one scenario.

Usage: ``python benchmarks/bench_feed_in.py [SCENARIO]`` (default: the Type II six-star
example). Prints, for each formulation, the solve seconds, the net present cost, the binaries it
needs and the hours in which the battery still discharges while the site exports:

- ``none``: no rule (the battery may push grid energy out as "PV export");
- ``surplus hours`` (``zcf_opt/model/feed_in.py`` with every row active): a binary only where a
  PV surplus is possible, export fixed at zero elsewhere;
- ``lazy`` (shipped, ``zcf_opt/lazy_feed_in.py``): the surplus-hour rows inactive, activated in
  the hours where discharge and export meet, solved again until none is left;
- ``fix and re-dispatch``: the investments of ``none`` fixed, the dispatch solved again with the
  rule (fast, but the plan was sized with the forbidden arbitrage).

Timings, not a test: the machine is shared, compare ratios within one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyomo.environ as pyo

from zcf_opt.finance import finance_variants
from zcf_opt.inputs.prepare import prepare_inputs, time_slices
from zcf_opt.lazy_feed_in import solve_with_feed_in
from zcf_opt.load import load_scenario
from zcf_opt.model import build_model
from zcf_opt.model.data import ModelData
from zcf_opt.model.feed_in import enforce_feed_in
from zcf_opt.solve import solve_model
from zcf_opt.standards import load_rulebook

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "type2_6star_2030.yaml"
TOLERANCE_KW = 1e-3


def conflicts(m: pyo.ConcreteModel, d: ModelData) -> list[tuple[int, int, int]]:
    """Hours with battery discharge and export both above 1 W."""
    return [
        (y, p, h)
        for y in d.years
        for p in d.periods
        for h in d.hours
        if pyo.value(m.pv.export_kw[y, p, h]) > TOLERANCE_KW
        and pyo.value(m.battery.discharge_kw[y, p, h]) > TOLERANCE_KW
    ]


def without_rule(m: pyo.ConcreteModel) -> None:
    """Switch the shipped rule off: its rows and its fixed exports."""
    m.feed_in.deactivate()
    for var in m.pv.export_kw.values():
        var.unfix()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    rulebook = load_rulebook(scenario.standard, scenario.rulebook_file)
    slices = time_slices(scenario)
    # the inputs of the plan's financing (the green loan rate where the targets imply it)
    inputs = finance_variants(prepare_inputs(scenario, rulebook, slices), scenario, rulebook, slices)[-1]
    d = ModelData.from_dataset(inputs)
    rows = []

    m = build_model(inputs)
    without_rule(m)
    outcome = solve_model(m, scenario.solver)
    relaxed = m
    rows.append(("none", outcome.solve_seconds, outcome.objective_cny, 0, len(conflicts(m, d)), 1))

    m = build_model(inputs)
    enforce_feed_in(m, list(m.feed_in.K))
    outcome = solve_model(m, scenario.solver)
    rows.append(
        (
            "surplus hours",
            outcome.solve_seconds,
            outcome.objective_cny,
            len(m.feed_in.K),
            len(conflicts(m, d)),
            1,
        )
    )

    m = build_model(inputs)
    outcome, rounds = solve_with_feed_in(m, scenario.solver)
    binaries = sum(1 for k in m.feed_in.K if m.feed_in.no_discharge_while_exporting[k].active)
    rows.append(
        ("lazy", outcome.solve_seconds, outcome.objective_cny, binaries, len(conflicts(m, d)), rounds)
    )

    m = build_model(inputs)
    enforce_feed_in(m, list(m.feed_in.K))
    for component in ("added_kwp", "energy_added_kwh", "power_added_kw"):
        for block in ("pv", "battery"):
            var = m.component(block).component(component)
            if var is not None:
                for key, v in var.items():
                    v.fix(pyo.value(relaxed.component(block).component(component)[key]))
    for key, v in m.measures.build.items():
        v.fix(round(pyo.value(relaxed.measures.build[key])))
    started = time.perf_counter()
    outcome = solve_model(m, scenario.solver)
    rows.append(
        (
            "fix and re-dispatch",
            time.perf_counter() - started,
            outcome.objective_cny,
            len(m.feed_in.K),
            len(conflicts(m, d)),
            2,
        )
    )

    print(f"{Path(args.scenario).name}: {len(d.years)} years, {len(d.periods)} periods")
    print(
        f"{'formulation':<22} {'solve s':>8} {'NPV CNY':>16} {'binaries':>9} {'conflicts':>10} {'solves':>7}"
    )
    for name, secs, npv, n_bin, n_conf, solves in rows:
        print(f"{name:<22} {secs:>8.2f} {npv:>16,.0f} {n_bin:>9} {n_conf:>10} {solves:>7}")


if __name__ == "__main__":
    main()
