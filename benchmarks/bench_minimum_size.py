"""What the minimum project sizes cost: solve seconds and NPV of each example with and without.

Usage: ``python benchmarks/bench_minimum_size.py [--repeat N]``. For each example scenario the
plan is solved with the shipped minimum sizes (dropped additions re-solved) and with none
(``min_project_kwp`` and ``min_project_kwh`` set to 0), each on a freshly built model. Timings,
not a test: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from zcf_opt.load import load_scenario
from zcf_opt.run import solve

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
NO_MINIMUM = {"factory": {"pv": {"min_project_kwp": 0.0}, "battery": {"min_project_kwh": 0.0}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'scenario':<30} {'minimums':>9} {'solve s':>8} {'NPV CNY':>14} {'dropped':>8}")
    for path in SCENARIOS:
        for label, overrides in (("none", NO_MINIMUM), ("shipped", {})):
            scenario = load_scenario(path, overrides)
            seconds, result = [], None
            for _ in range(args.repeat):
                result = solve(scenario, reuse_model=False)
                seconds.append(result.outcome.solve_seconds)
            dropped = sum(
                len(n.params["items"]) for n in result.warnings if n.code == "small_projects_dropped"
            )
            print(
                f"{path.stem:<30} {label:>9} {statistics.median(seconds):>8.2f} "
                f"{result.outcome.objective_cny:>14,.0f} {dropped:>8}"
            )


if __name__ == "__main__":
    main()
