"""Error of the typical-day aggregation against the full year, on a short horizon.

Usage: ``python benchmarks/bench_aggregation.py [SCENARIO] [--years N] [--days 4,8,12,24]``.
Solves the scenario's first N years (default 2) with each number of typical days and with all
365 days, and prints the net present cost, PV, battery and solve time of each. A check of the
method, run on demand (the full-year solve takes about a minute).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from zcf_opt.load import load_scenario
from zcf_opt.run import solve

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "type2_6star_2030.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--days", default="4,8,12,24")
    args = parser.parse_args()
    base = load_scenario(args.scenario)
    first = base.horizon.first_year
    horizon = {"first_year": first, "last_year": first + args.years - 1}
    targets = [
        {"year": min(t.year, horizon["last_year"]), "level": t.level}
        for t in sorted(base.targets, key=lambda t: t.year)
    ]
    targets = list({t["year"]: t for t in targets}.values())
    resolutions: list[object] = [{"typical_days": int(n)} for n in args.days.split(",")] + ["full_year"]
    rows = []
    for resolution in resolutions:
        scenario = load_scenario(
            args.scenario, {"horizon": horizon, "targets": targets, "time_resolution": resolution}
        )
        started = time.perf_counter()
        result = solve(scenario)
        seconds = time.perf_counter() - started
        annual = result.annual
        rows.append(
            (
                str(resolution),
                result.outcome.objective_cny,
                annual["pv_installed_kwp"].iloc[-1],
                annual["battery_energy_kwh"].iloc[-1],
                annual["grid_import_mwh"].sum(),
                seconds,
            )
        )
    reference = rows[-1][1]
    print(
        f"{'resolution':<22} {'NPV CNY':>14} {'vs full':>8} {'PV kWp':>8} {'battery kWh':>12} "
        f"{'import MWh':>11} {'seconds':>8}"
    )
    for name, npv, pv, battery, grid, seconds in rows:
        print(
            f"{name:<22} {npv:>14,.0f} {npv / reference - 1:>8.2%} {pv:>8,.0f} {battery:>12,.0f} "
            f"{grid:>11,.0f} {seconds:>8.1f}"
        )


if __name__ == "__main__":
    main()
