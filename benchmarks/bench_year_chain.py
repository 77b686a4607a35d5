"""The full-year re-check's yearly LPs: each cold with the interior point method, against chains of
years warm-started from one another (:func:`zcf_opt.full_year.year_lp.solve_year_chain`).

Usage: ``python benchmarks/bench_year_chain.py [SCENARIO]`` (default: the Type II example). Solves
the scenario on typical days, builds its yearly LPs on all 8,760 hours and prints, per method, the
wall seconds, the HiGHS seconds per year and the largest objective difference from the cold
solves. Timings, not a test: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import highspy

from zcf_opt.full_year.check import same_terms, solve_years, year_problems
from zcf_opt.full_year.year_lp import YearSolution, build_year_lp
from zcf_opt.inputs.prepare import prepare_inputs, time_slices
from zcf_opt.load import load_scenario
from zcf_opt.run import solve

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "type2_6star_2030.yaml"


def cold_ipm(problem: object) -> YearSolution:
    """One year by interior point without crossover in a fresh HiGHS (the method before chains)."""
    lp, _ = build_year_lp(problem)
    h = highspy.Highs()
    for name, value in (("output_flag", False), ("threads", 1), ("solver", "ipm"), ("run_crossover", "off")):
        h.setOptionValue(name, value)
    h.passModel(lp)
    started = time.perf_counter()
    h.run()
    return YearSolution("optimal", h.getInfo().objective_function_value, {}, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    result = solve(scenario)
    full_scenario = scenario.model_copy(update={"time_resolution": "full_year"})
    full = same_terms(
        prepare_inputs(full_scenario, result.rulebook, time_slices(full_scenario)), result.inputs
    )
    problems = year_problems(result, full)
    started = time.perf_counter()
    cold = [cold_ipm(p) for p in problems]
    rows = [("interior point, cold, 1 process", time.perf_counter() - started, cold)]
    for workers in (1, 2):
        started = time.perf_counter()
        solutions = solve_years(problems, workers)
        rows.append((f"warm chains, {workers} process(es)", time.perf_counter() - started, solutions))
    print(f"{'method':<34} {'wall s':>7} {'max obj diff':>13}  HiGHS s per year")
    for name, wall, solutions in rows:
        diff = max(
            abs(s.objective_cny - c.objective_cny) / abs(c.objective_cny)
            for s, c in zip(solutions, cold, strict=True)
        )
        print(f"{name:<34} {wall:7.2f} {diff:13.1e}  " + " ".join(f"{s.seconds:.2f}" for s in solutions))


if __name__ == "__main__":
    main()
