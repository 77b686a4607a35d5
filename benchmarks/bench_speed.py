"""Where the time of one run goes, and how whole commands compare with HiGHS alone.

Usage::

    python benchmarks/bench_speed.py [SCENARIO] [--repeat N] [--no-sweeps]

(default: the Type II six-star example). Timings, not a test: the figures move with the load
of the machine, so compare ratios within one run of this script. Prints

1. each stage of one ``zcf-opt solve``, timed inside a fresh interpreter: interpreter start,
   imports, inputs (time slices from the cache or pvlib + tsam, then the input Dataset), Pyomo
   build, hand-off to HiGHS, HiGHS (its own clock), results (extraction, accounting,
   certification), the full-year re-check, files, and the teardown after the command returns
   (with the ordinary interpreter exit, and with the ``zcf-opt`` script's exit);
2. the whole ``zcf-opt solve`` process (median of ``--repeat`` runs, with and without the
   full-year re-check) against HiGHS alone on the same model: HiGHS's own clock in
   ``summary.json``, and fresh processes that read the models' MPS files (one per loan rate
   solved) and solve them with highspy;
3. ``zcf-opt --version`` and ``--help``;
4. the one-year, 8,760-hour model (the scenario's first year, its last target from then on,
   ``time_resolution: full_year``): hand-off against HiGHS;
5. the 8-level sweep through the command line against its slowest level, and a 16-sample
   sensitivity study in runs per minute (skip with ``--no-sweeps``).

The time-slice cache (``ZCF_OPT_CACHE_DIR``) is pointed at a fresh folder: the first run of
each kind computes the slices (``cold``), the others read them (``warm``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "type2_6star_2030.yaml"
SCRIPT = Path(sys.executable).with_name("zcf-opt")

#: one run in stages, in a fresh interpreter; prints one JSON line of stage times [s]
STAGES = r"""
import time
started = time.perf_counter()
import gc, json, sys
import zcf_opt.cli
from zcf_opt.lean_imports import skip_unused_imports
skip_unused_imports()
gc.set_threshold(*zcf_opt.cli.ONE_RUN_GC_THRESHOLDS)
from zcf_opt.load import load_scenario
from zcf_opt.netcdf import prepare_writers
from zcf_opt.outputs import write_results
from zcf_opt.run import solve
stamps = {"imports": time.perf_counter()}

def stamp(message):
    stamps.setdefault(message.split()[0], time.perf_counter())

result = solve(
    load_scenario(sys.argv[1]), progress=stamp, while_solving=prepare_writers, full_year=True, repair=True
)
solved = time.perf_counter()
check = result.full_year.seconds if result.full_year is not None else 0.0
write_results(result, sys.argv[2])
written = time.perf_counter()
outcome = result.outcome
stages = {
    "imports": stamps["imports"] - started,
    "inputs": stamps["model"] - stamps["imports"] - result.build_seconds,
    "build": result.build_seconds,
    "hand-off": outcome.handoff_seconds,
    "HiGHS": outcome.highs_seconds,
    "plans loaded, minimum sizes": stamps["checking"] - stamps["solving"] - outcome.handoff_seconds
    - outcome.highs_seconds,
    "results": solved - stamps["checking"] - check,
    "full-year re-check": check,
    "files": written - solved,
}
print(json.dumps({"stages": stages, "done_at": time.time()}), flush=True)
if sys.argv[3] == "fast":
    import os
    os._exit(0)
"""


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "ZCF_OPT_CACHE_DIR": str(cache)}


def interpreter_start_seconds() -> float:
    """A bare ``python -c pass`` [s], median of five."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def staged_run(scenario: Path, out: Path, cache: Path, exit_kind: str) -> tuple[dict[str, float], float]:
    """Stage times of one run and its teardown (process end after the work is done) [s]."""
    process = subprocess.run(
        [sys.executable, "-c", STAGES, str(scenario), str(out), exit_kind],
        check=True,
        capture_output=True,
        text=True,
        env=_env(cache),
    )
    ended = time.time()
    data = json.loads(process.stdout.strip().splitlines()[-1])
    return data["stages"], ended - data["done_at"]


def command_seconds(arguments: list[str], cache: Path) -> float:
    """Wall time of ``zcf-opt ARGUMENTS`` as a user runs it [s]."""
    started = time.perf_counter()
    subprocess.run([str(SCRIPT), *arguments], check=False, capture_output=True, env=_env(cache))
    return time.perf_counter() - started


#: writes the MPS file of each model a run solves; prints the gap and the number of models
WRITE_MODELS = r"""
import sys
from zcf_opt.finance import finance_variants
from zcf_opt.handoff import HighsModel
from zcf_opt.inputs.prepare import prepare_inputs, time_slices
from zcf_opt.load import load_scenario
from zcf_opt.model import build_model
from zcf_opt.standards import load_rulebook
scenario = load_scenario(sys.argv[1])
rulebook = load_rulebook(scenario.standard, scenario.rulebook_file)
slices = time_slices(scenario)
variants = finance_variants(prepare_inputs(scenario, rulebook, slices), scenario, rulebook, slices)
for k, inputs in enumerate(variants):
    held = HighsModel(build_model(inputs))
    held.sync()
    held.highs.writeModel(f"{sys.argv[2]}_{k}.mps")
print(scenario.solver.mip_gap, len(variants))
"""


def highs_alone_seconds(scenario: Path, folder: Path, cache: Path) -> tuple[float, float]:
    """HiGHS on the run's models, each in a fresh process: (whole processes, HiGHS's clock) [s].

    A run solves one model per loan rate it weighs (:func:`zcf_opt.finance.finance_variants`);
    each is written as an MPS file and solved with the scenario's gap.
    """
    written = subprocess.run(
        [sys.executable, "-c", WRITE_MODELS, str(scenario), str(folder / "model")],
        check=True,
        capture_output=True,
        text=True,
        env=_env(cache),
    )
    gap, count = written.stdout.strip().splitlines()[-1].split()
    solve = (
        "import sys, highspy; h = highspy.Highs(); h.setOptionValue('output_flag', False);"
        "h.readModel(sys.argv[1]); h.setOptionValue('mip_rel_gap', float(sys.argv[2])); h.run();"
        "print(h.getRunTime())"
    )
    wall = highs = 0.0
    for k in range(int(count)):
        started = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "-c", solve, str(folder / f"model_{k}.mps"), gap],
            check=True,
            capture_output=True,
            text=True,
        )
        wall += time.perf_counter() - started
        highs += float(process.stdout.strip())
    return wall, highs


def report_stages(scenario: Path, tmp: Path, cache: Path) -> None:
    start = interpreter_start_seconds()
    print(f"stages of one run ({scenario.name}); interpreter start {start:.3f} s")
    for label, exit_kind in (("cold", "normal"), ("warm", "normal"), ("warm", "fast")):
        stages, teardown = staged_run(scenario, tmp / f"stages_{label}_{exit_kind}", cache, exit_kind)
        total = start + sum(v for k, v in stages.items()) + teardown
        print(f"  {label} slices, {'os._exit' if exit_kind == 'fast' else 'ordinary exit'}:")
        print(f"    {'interpreter start':<28} {start:6.3f} s")
        for name, seconds in stages.items():
            print(f"    {name:<28} {seconds:6.3f} s")
        print(f"    {'teardown':<28} {teardown:6.3f} s")
        print(f"    {'total':<28} {total:6.3f} s")


def report_solve(scenario: Path, tmp: Path, cache: Path, repeat: int) -> None:
    """The whole ``solve`` process against HiGHS, with the full-year re-check (the default) and
    without it (``--no-full-year-check``), runs of the two kinds taken in turn."""
    runs: dict[str, dict[str, list[float]]] = {}
    kinds = {"with the full-year re-check": [], "without it (--no-full-year-check)": ["--no-full-year-check"]}
    out = tmp / "solve"
    for _ in range(repeat):
        for kind, extra in kinds.items():
            seconds = command_seconds(["solve", str(scenario), "--out", str(out), "--quiet", *extra], cache)
            summary = json.loads((out / "summary.json").read_text())
            figures = runs.setdefault(kind, {"wall": [], "highs": [], "check": [], "check_lp": []})
            figures["wall"].append(seconds)
            figures["highs"].append(summary["highs_seconds"])
            figures["check"].append(summary["full_year_check_seconds"] or 0.0)
            figures["check_lp"].append((summary.get("full_year_check") or {}).get("lp_seconds", 0.0))
    print(f"zcf-opt solve {scenario.name}, whole process, {repeat} runs of each (slices cached)")
    for kind, figures in runs.items():
        wall, highs = figures["wall"], figures["highs"]
        ratios = [w / h for w, h in zip(wall, highs, strict=True)]
        print(f"  {kind}")
        print(f"    whole process          median {statistics.median(wall):6.2f} s   runs {_list(wall)}")
        print(f"    HiGHS (highs_seconds)  median {statistics.median(highs):6.2f} s   runs {_list(highs)}")
        print(f"    ratio                  median {statistics.median(ratios):6.2f}     (target <= 2)")
        if any(figures["check"]):
            lp = figures["check_lp"]
            print(
                f"    full-year re-check     median {statistics.median(figures['check']):6.2f} s, "
                f"of which HiGHS on its LPs {statistics.median(lp):.2f} s"
            )
            every = [w / (h + c) for w, h, c in zip(wall, highs, lp, strict=True)]
            print(
                f"    ratio to all HiGHS time (the MILP's and the re-check's LPs) median "
                f"{statistics.median(every):6.2f}"
            )
    alone_wall, alone_highs = highs_alone_seconds(scenario, tmp, cache)
    print(f"  HiGHS alone on the models' MPS files: processes {alone_wall:.2f} s, HiGHS {alone_highs:.2f} s")


def report_startup(cache: Path) -> None:
    for argument in ("--version", "--help"):
        times = [command_seconds([argument], cache) for _ in range(5)]
        print(f"zcf-opt {argument:<10} median {statistics.median(times):.3f} s  (target < 0.5)")


#: the one-year, 8,760-hour model of a scenario, solved once; prints one JSON line of times [s]
FULL_YEAR = r"""
import json, sys, time
from zcf_opt.load import load_scenario
from zcf_opt.run import solve
base = load_scenario(sys.argv[1])
first = base.horizon.first_year
targets = [{"year": first, "level": t.level} for t in base.targets][-1:]
changes = {"horizon": {"first_year": first, "last_year": first}, "targets": targets,
           "time_resolution": "full_year"}
result = solve(load_scenario(sys.argv[1], changes))
outcome = result.outcome
print(json.dumps({"status": result.status, "rows": result.model_size.constraints,
                  "build": result.build_seconds, "handoff": outcome.handoff_seconds,
                  "highs": outcome.highs_seconds, "solve": outcome.solve_seconds}))
"""


def report_full_year(scenario: Path, cache: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-c", FULL_YEAR, str(scenario)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(cache),
    )
    data = json.loads(process.stdout.strip().splitlines()[-1])
    print(f"one-year full_year model of {scenario.name} ({data['rows']} constraints, {data['status']})")
    print(f"  build {data['build']:.2f} s, hand-off {data['handoff']:.2f} s, HiGHS {data['highs']:.2f} s")
    print(f"  hand-off / HiGHS      {data['handoff'] / data['highs']:6.3f}     (target < 0.25)")


#: ranges of the 16-sample sensitivity study, in the parameters' units
SENSITIVITY = {
    "gec_price": {"low": 5, "high": 50},
    "pv_capex": {"low": 2200, "high": 3600},
    "battery_capex": {"low": 600, "high": 1200},
    "removal_price": {"low": 300, "high": 900},
}


def sensitivity_file(scenario: Path, folder: Path) -> Path:
    """A copy of the scenario with the ``sensitivity`` ranges of :data:`SENSITIVITY`."""
    import yaml

    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    data["factory"] = str((scenario.parent / data["factory"]).resolve())
    data["sensitivity"] = SENSITIVITY
    path = folder / f"{scenario.stem}_sensitivity.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def report_sweeps(scenario: Path, tmp: Path, cache: Path, repeat: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_sweep import level_file

    from zcf_opt.load import load_scenario
    from zcf_opt.standards import load_rulebook
    from zcf_opt.sweep.levels import all_levels, sweep_target_year

    base = load_scenario(scenario)
    levels = all_levels(load_rulebook(base.standard, base.rulebook_file))
    year = sweep_target_year(base)
    alone = {}
    for level in levels:  # as the sweep solves its runs: without the full-year re-check
        single = level_file(scenario, level, year, tmp)
        arguments = ["solve", str(single), "--out", str(tmp / "level"), "--quiet", "--no-full-year-check"]
        alone[level] = statistics.median([command_seconds(arguments, cache) for _ in range(repeat)])
    slowest = max(alone, key=alone.get)
    single = level_file(scenario, slowest, year, tmp)
    arguments = ["solve", str(single), "--out", str(tmp / "level"), "--quiet"]
    checked = statistics.median([command_seconds(arguments, cache) for _ in range(repeat)])
    sweeps = []
    for _ in range(repeat):
        shutil.rmtree(tmp / "sweep", ignore_errors=True)
        sweeps.append(
            command_seconds(["sweep", str(scenario), "--out", str(tmp / "sweep"), "--quiet"], cache)
        )
    sweep = statistics.median(sweeps)
    print(f"level sweep through the command line ({len(levels)} levels + baseline), medians of {repeat}")
    print("  levels alone (--no-full-year-check, as in the sweep): ")
    print("    " + ", ".join(f"{lvl} {s:.2f} s" for lvl, s in alone.items()))
    print(f"  zcf-opt sweep          {sweep:6.2f} s   runs {_list(sweeps)}")
    print(f"  slowest level alone    {alone[slowest]:6.2f} s   ({slowest}; {checked:.2f} s re-checked)")
    print(f"  ratio                  {sweep / alone[slowest]:6.2f}     (target <= 1.5)")
    print(f"  ratio to the level with its re-check {sweep / checked:6.2f}")
    sampled = sensitivity_file(scenario, tmp)
    studies = []
    for _ in range(repeat):
        shutil.rmtree(tmp / "samples", ignore_errors=True)
        arguments = ["sweep", str(sampled), "--samples", "16", "--out", str(tmp / "samples"), "--quiet"]
        studies.append(command_seconds(arguments, cache))
    study = statistics.median(studies)
    print(f"16-sample sensitivity study ({', '.join(SENSITIVITY)}), medians of {repeat}")
    print(f"  zcf-opt sweep --samples 16  {study:6.2f} s   runs {_list(studies)}")
    print(f"  runs a minute               {16 * 60 / study:6.1f}     (target >= 60)")


def _list(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--no-sweeps", action="store_true", help="skip the sweep and sensitivity figures")
    args = parser.parse_args()
    scenario = Path(args.scenario).resolve()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cache = tmp / "cache"
        report_stages(scenario, tmp, cache)
        report_solve(scenario, tmp, cache, args.repeat)
        report_startup(cache)
        report_full_year(scenario, cache)
        if not args.no_sweeps:
            report_sweeps(scenario, tmp, cache, args.repeat)


if __name__ == "__main__":
    main()
