"""Benchmark one scenario end to end: model size, input, build and solve seconds.

Usage: ``python benchmarks/bench_solve.py [SCENARIO] [--repeat N]`` (default: the Type II
six-star example at its default resolution). Timings, not a test: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.load import load_scenario
from zcf_opt.model import build_model
from zcf_opt.outputs import write_results
from zcf_opt.run import solve
from zcf_opt.session import model_size
from zcf_opt.solve import solve_model
from zcf_opt.standards import load_rulebook

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "type2_6star_2030.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for run in range(args.repeat):
        started = time.perf_counter()
        scenario = load_scenario(args.scenario)
        rulebook = load_rulebook(scenario.standard, scenario.rulebook_file)
        loaded = time.perf_counter()
        inputs = prepare_inputs(scenario, rulebook)
        prepared = time.perf_counter()
        model = build_model(inputs)
        built = time.perf_counter()
        outcome = solve_model(model, scenario.solver)
        solved = time.perf_counter()
        size = model_size(model)
        print(
            f"run {run + 1}: {Path(args.scenario).name}, {len(scenario.horizon.years)} years, "
            f"{inputs.sizes['period']} periods"
        )
        print(
            f"  model size   {size.variables} variables ({size.binaries} binary), "
            f"{size.constraints} constraints"
        )
        print(f"  load         {loaded - started:7.2f} s")
        print(f"  inputs       {prepared - loaded:7.2f} s   (pvlib, load shape, typical days)")
        print(f"  build        {built - prepared:7.2f} s")
        print(f"  solve        {solved - built:7.2f} s   ({outcome.status}, gap {outcome.mip_gap:.2e})")
        print(f"  model total  {solved - started:7.2f} s")
        started = time.perf_counter()
        result = solve(scenario)
        write_results(result, Path("results") / f"bench_{scenario.name}")
        print(
            f"  end to end   {time.perf_counter() - started:7.2f} s   "
            "(solve + accounting + files, inputs cached)"
        )


if __name__ == "__main__":
    main()
