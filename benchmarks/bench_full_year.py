"""The full-year re-check of every shipped example: its time against the solve, and its errors.

Usage: ``python benchmarks/bench_full_year.py [SCENARIO ...]`` (default: every scenario in
``scenarios/``). For each: the typical-day solve (HiGHS seconds, whole ``solve`` call), the
re-check (wall seconds, HiGHS seconds of the yearly LPs summed, processes), the largest
typical-day error of a year's total cost, electricity cost and renewable share, the error of the
net present cost, the years that miss their target on the full year with the plan's purchases,
and what the repair bought. Timings, not a test: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from zcf_opt.full_year import check_full_year
from zcf_opt.load import load_scenario
from zcf_opt.run import solve

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*", default=[str(p) for p in SCENARIOS])
    args = parser.parse_args()
    print(
        f"{'scenario':<34} {'HiGHS s':>8} {'solve s':>8} {'check s':>8} {'LPs s':>7} {'proc':>5} "
        f"{'cost err':>9} {'elec err':>9} {'RE pts':>7} {'NPV err':>8}  as bought / repaired"
    )
    for path in args.scenarios:
        scenario = load_scenario(path)
        started = time.perf_counter()
        result = solve(scenario)
        solve_seconds = time.perf_counter() - started
        check = check_full_year(result, repair=True)
        table = check.table
        short = [int(y) for y, ok in zip(table["year"], table["target_met_as_bought"], strict=True) if not ok]
        added = {
            column.removesuffix("_added"): round(float(table[column].sum()), 1)
            for column in table.columns
            if column.endswith("_added") and table[column].sum() > 1e-6
        }
        npv_gap = check.npv_typical_cny / check.npv_full_year_cny - 1
        print(
            f"{Path(path).stem:<34} {result.outcome.solve_seconds:>8.2f} {solve_seconds:>8.2f} "
            f"{check.seconds:>8.2f} {check.lp_seconds:>7.2f} {check.workers:>5} "
            f"{check.max_cost_error:>9.3%} {table['electricity_cost_error'].abs().max():>9.3%} "
            f"{check.max_re_share_error * 100:>7.2f} {npv_gap:>8.3%}  "
            f"{short or '-'} / {added or '-'}; failed after repair: {check.failed_years or '-'}"
        )


if __name__ == "__main__":
    main()
