"""Benchmark a level sweep against its slowest single level.

Usage: ``python benchmarks/bench_sweep.py [SCENARIO] [--workers N] [--solve-all] [--no-commands]``
(default: the Type II six-star example at its default resolution). Timings, not a test.

1. In one warmed-up process, from empty caches: each level alone, as ``zcf-opt solve`` does
   it (time slices, solve, checks, run folder), to find the slowest; then the whole sweep
   (baseline + every level, tables, charts, MACC) into a fresh folder.
2. As commands, in fresh interpreters (start-up and imports included): ``zcf-opt solve`` of a
   copy of the scenario holding the slowest level, and the sweep command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from zcf_opt.inputs.slices import clear_slice_cache, time_slices
from zcf_opt.load import load_scenario
from zcf_opt.outputs import write_results
from zcf_opt.run import solve
from zcf_opt.session import clear_sessions
from zcf_opt.standards import load_rulebook
from zcf_opt.sweep import plan_level_sweep, run_sweep
from zcf_opt.sweep.levels import all_levels, level_targets, sweep_target_year

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "type2_6star_2030.yaml"


def single_level_seconds(scenario_file: Path, level: str, out: Path) -> tuple[float, str]:
    """Wall time of one level alone: time slices, solve, checks and run folder [s]."""
    base = load_scenario(scenario_file)
    scenario = load_scenario(scenario_file, {"targets": level_targets(level, sweep_target_year(base))})
    clear_slice_cache()
    clear_sessions()  # a level alone builds its own model
    started = time.perf_counter()
    result = solve(scenario, slices=time_slices(scenario))
    write_results(result, out / level)
    return time.perf_counter() - started, result.status


def command_seconds(arguments: list[str]) -> float:
    """Wall time of a zcf-opt command in a fresh interpreter [s]."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", *arguments], check=True, capture_output=True)
    return time.perf_counter() - started


def level_file(scenario_file: Path, level: str, year: int, folder: Path) -> Path:
    """A copy of the scenario file holding only ``level`` from ``year`` on."""
    data = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
    data["factory"] = str((scenario_file.parent / data["factory"]).resolve())
    if data.get("rulebook_file"):
        data["rulebook_file"] = str((scenario_file.parent / data["rulebook_file"]).resolve())
    data["targets"] = level_targets(level, year)
    path = folder / f"{scenario_file.stem}_{level}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--solve-all", action="store_true", help="solve every level (no derived levels)")
    parser.add_argument("--no-commands", action="store_true", help="skip the timings of the commands")
    args = parser.parse_args()
    scenario_file = Path(args.scenario)
    scenario = load_scenario(scenario_file)
    levels = all_levels(load_rulebook(scenario.standard, scenario.rulebook_file))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"{scenario_file.name}: {len(levels)} levels from {sweep_target_year(scenario)}")
        single_level_seconds(scenario_file, levels[0], out / "warm-up")
        alone = {}
        for level in levels:
            seconds, status = single_level_seconds(scenario_file, level, out / "single")
            alone[level] = seconds
            print(f"  {level:<5} alone  {seconds:6.2f} s  ({status})")
        slowest = max(alone, key=alone.get)
        clear_slice_cache()
        clear_sessions()  # forked workers must not inherit a model built above
        started = time.perf_counter()
        plan = plan_level_sweep(scenario_file, out_dir=out / "sweep")
        report = run_sweep(plan, workers=args.workers, solve_all=args.solve_all)
        sweep_seconds = time.perf_counter() - started
        counts = ", ".join(f"{len(report.names(s))} {s}" for s in ("solved", "derived", "reused"))
        print(f"sweep ({len(plan.tasks)} runs: {counts}; {report.backend})")
        print(f"  sweep wall time         {sweep_seconds:6.2f} s")
        print(f"  slowest level alone     {alone[slowest]:6.2f} s  ({slowest})")
        print(f"  ratio                   {sweep_seconds / alone[slowest]:6.2f}  (target <= 2.5)")
        print(f"  sum of levels alone     {sum(alone.values()):6.2f} s")
        if args.no_commands:
            return
        single = level_file(scenario_file, slowest, sweep_target_year(scenario), out)
        solve_cmd = [
            "from zcf_opt.cli import main; main()",
            "solve",
            str(single),
            "--out",
            str(out / "cmd1"),
            "--quiet",
        ]
        sweep_cmd = ["from zcf_opt.sweep.commands import sweep_command; sweep_command()", str(scenario_file)]
        sweep_cmd += ["--out", str(out / "cmd2"), "--quiet"]
        if args.workers:
            sweep_cmd += ["--workers", str(args.workers)]
        solve_seconds = command_seconds(solve_cmd)
        sweep_seconds = command_seconds(sweep_cmd + (["--solve-all"] if args.solve_all else []))
        print("as commands (fresh interpreter, imports included)")
        print(f"  zcf-opt sweep           {sweep_seconds:6.2f} s")
        print(f"  zcf-opt solve, {slowest:<8} {solve_seconds:6.2f} s")
        print(f"  ratio                   {sweep_seconds / solve_seconds:6.2f}  (target <= 2.5)")


if __name__ == "__main__":
    main()
