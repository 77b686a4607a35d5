"""Time and memory of `zcf-opt solve` on every bad input of the corpus (tests/bad_inputs).

Each case runs as its own process, as a user would run it; the figures include starting
Python and importing zcf-opt. The bar: every case answered within 2 s and 300 MB (the YAML
alias bombs within 1 s and 200 MB). Also times the strict reader alone on the alias bombs.

Usage: ``python benchmarks/bench_bad_inputs.py [--limit N] [--match TEXT]``. Timings, not a
test: the machine's load moves them; compare cases within one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs.corpus import all_cases, materialize  # noqa: E402

COMMAND = [sys.executable, "-c", "from zcf_opt.cli import main; main()", "solve"]


def run_case(scenario: Path, out: Path) -> tuple[int, float, float, float, str]:
    """Exit code, wall seconds, CPU seconds, peak resident memory [MB] and stderr of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*COMMAND, str(scenario), "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=scenario.parent,
    )
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def reader_alone(cases: list, folder: Path) -> None:
    """The strict YAML reader on its own, in this process, on the alias-bomb cases."""
    from zcf_opt.errors import InputError
    from zcf_opt.yamlio import read_yaml

    for case in cases:
        if "alias" not in case.id:
            continue
        scenario = materialize(case, folder / f"reader-{case.id}")
        started = time.perf_counter()
        try:
            read_yaml(scenario)
        except InputError:
            pass
        print(f"reader alone  {case.id:<50} {1000 * (time.perf_counter() - started):8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="Run the first N cases only.")
    parser.add_argument("--match", default="", help="Run the cases whose id contains this text.")
    args = parser.parse_args()
    cases = [case for case in all_cases() if args.match in case.id][: args.limit]
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        reader_alone(cases, folder)
        for number, case in enumerate(cases):
            scenario = materialize(case, folder / f"case{number}")
            code, seconds, cpu, megabytes, stderr = run_case(scenario, folder / f"out{number}")
            ok = code == 2 and "Traceback" not in stderr and not (folder / f"out{number}").exists()
            rows.append((case.id, code, seconds, cpu, megabytes, ok))
    width = max(len(row[0]) for row in rows)
    print(f"{'slowest cases':<{width}}  exit   wall s   CPU s   peak MB")
    for case_id, code, seconds, cpu, megabytes, ok in sorted(rows, key=lambda row: -row[2])[:15]:
        verdict = "" if ok else "NOT OK"
        print(f"{case_id:<{width}}  {code:>4}  {seconds:7.2f}  {cpu:6.2f}  {megabytes:8.0f}  {verdict}")
    times, cpus, memory = ([row[k] for row in rows] for k in (2, 3, 4))
    bombs = [row for row in rows if "alias" in row[0]]
    print(
        f"{len(rows)} cases: wall median {statistics.median(times):.2f} s, max {max(times):.2f} s; "
        f"CPU median {statistics.median(cpus):.2f} s, max {max(cpus):.2f} s; "
        f"memory median {statistics.median(memory):.0f} MB, max {max(memory):.0f} MB; "
        f"wall over 2 s: {sum(t > 2 for t in times)}, over 300 MB: {sum(m > 300 for m in memory)}; "
        f"not exit 2 cleanly: {sum(not row[5] for row in rows)}"
    )
    if bombs:
        print(
            f"alias cases (whole process): wall max {max(row[2] for row in bombs):.2f} s, "
            f"CPU max {max(row[3] for row in bombs):.2f} s, {max(row[4] for row in bombs):.0f} MB"
        )


if __name__ == "__main__":
    main()
