"""Every example solved twice: through zcf-opt's array hand-off and through Pyomo's own HiGHS path.

Usage::

    python benchmarks/check_pyomo_path.py [SCENARIO ...] [--mip-gap GAP]

(default: every scenario in ``scenarios/``). A check run on demand, not a test (a few minutes).
For each loan-rate variant of a scenario (:func:`zcf_opt.finance.finance_variants`) it builds the
model twice from the same inputs and solves

- one through :func:`zcf_opt.solve.solve_model` (the model passed to HiGHS as arrays), then the
  minimum-size step (:func:`zcf_opt.minimum_size.apply_minimum_sizes`: variables fixed at zero
  and the model re-solved through the same HiGHS instance);
- the other through Pyomo's persistent HiGHS interface (``pyomo.contrib.solver``), then the same
  minimum-size rounds (:func:`zcf_opt.minimum_size.small_additions`, ``Var.fix(0)``, solved
  again by Pyomo),

both under the scenario's solver options (``--mip-gap`` overrides the gap), and prints both
objectives and their relative difference (the examples agree within 1e-9).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyomo.environ  # noqa: F401  (registers Pyomo's solver plugins)
from pyomo.contrib.solver.common.factory import SolverFactory

from zcf_opt.finance import finance_variants
from zcf_opt.inputs.prepare import prepare_inputs, time_slices
from zcf_opt.load import load_scenario
from zcf_opt.minimum_size import MAX_ROUNDS, _variables, apply_minimum_sizes, small_additions
from zcf_opt.model import build_model
from zcf_opt.schema.scenario import SolverOptions
from zcf_opt.solve import solve_model
from zcf_opt.standards import load_rulebook

ROOT = Path(__file__).resolve().parents[1]


def through_pyomo(model, inputs, options: SolverOptions) -> tuple[float, float]:
    """First and final (minimum sizes applied) objective through Pyomo's HiGHS interface [CNY]."""
    solver = SolverFactory("highs")

    def run() -> float:
        result = solver.solve(
            model,
            time_limit=options.time_limit_seconds,
            rel_gap=options.mip_gap,
            threads=options.threads,
            load_solutions=True,
        )
        return float(result.incumbent_objective)

    first = final = run()
    fixed = []
    for _ in range(MAX_ROUNDS):
        small = small_additions(model, inputs)
        if not small:
            break
        for rule, year, _size in small:
            for variable in _variables(model, rule, year):
                if not variable.fixed:
                    variable.fix(0.0)
                    fixed.append(variable)
        final = run()
    return first, final


def through_handoff(model, inputs, options: SolverOptions) -> tuple[float, float]:
    """First and final objective through the array hand-off and the minimum-size step [CNY]."""
    from zcf_opt.handoff import HighsModel

    solver = HighsModel(model)
    first = solve_model(model, options, solver=solver)
    sized = apply_minimum_sizes(model, inputs, first, options, solver)
    return float(first.objective_cny), float(sized.outcome.objective_cny)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--mip-gap", type=float, default=None)
    args = parser.parse_args()
    paths = [Path(p) for p in args.scenarios] or sorted((ROOT / "scenarios").glob("*.yaml"))
    worst = 0.0
    for path in paths:
        scenario = load_scenario(path)
        options = scenario.solver
        if args.mip_gap is not None:
            options = options.model_copy(update={"mip_gap": args.mip_gap})
        rulebook = load_rulebook(scenario.standard, scenario.rulebook_file)
        slices = time_slices(scenario)
        variants = finance_variants(prepare_inputs(scenario, rulebook, slices), scenario, rulebook, slices)
        for n, inputs in enumerate(variants):
            started = time.perf_counter()
            ours = through_handoff(build_model(inputs), inputs, options)
            middle = time.perf_counter()
            theirs = through_pyomo(build_model(inputs), inputs, options)
            ended = time.perf_counter()
            label = path.stem + (f" (loan variant {n + 1} of {len(variants)})" if len(variants) > 1 else "")
            print(label)
            for name, a, b in (("first solve", ours[0], theirs[0]), ("minimum sizes", ours[1], theirs[1])):
                difference = abs(a - b) / max(abs(b), 1.0)
                worst = max(worst, difference)
                print(f"  {name:<14} hand-off {a:18,.4f}  Pyomo {b:18,.4f}  relative {difference:.1e}")
            print(f"  seconds        hand-off {middle - started:6.2f}  Pyomo {ended - middle:6.2f}")
    print(f"largest relative difference {worst:.1e}")


if __name__ == "__main__":
    main()
