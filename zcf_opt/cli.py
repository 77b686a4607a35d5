"""The ``zcf-opt`` command line.

Exit codes: 0 optimal; 1 internal error (the independent check disagrees with the solver, or
an unexpected error: one line, the traceback in ``error.log``); 2 bad input (including an
unbounded model, which names the fields that let a cost fall without limit) or an output
folder that may not or cannot be written; 3 infeasible; 4 time limit without a feasible plan;
5 time limit with a feasible plan (results written, not proven optimal). Errors are handled
in one place, :mod:`zcf_opt.cli_errors`.

The ``zcf-opt`` script enters through :func:`entry_point`, which ends the process as soon as
the command is done (see there); the click group :func:`main` is the command itself.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from pathlib import Path

import click

from zcf_opt import __version__
from zcf_opt.cli_errors import DEBUG_KEY, HandledGroup, log_into
from zcf_opt.errors import InputError
from zcf_opt.lazy_commands import LazyCommandGroup

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN, EXIT_NOT_PROVEN = 0, 1, 2, 3, 4, 5

#: garbage-collector thresholds of ``solve`` (Python's default is 700, 10, 10)
ONE_RUN_GC_THRESHOLDS = (50_000, 10, 10)


def _fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def summary_table(result) -> str:
    """A short per-year table of the plan for the terminal."""
    from zcf_opt.certify import level_or_none
    from zcf_opt.standards.library import column_key

    annual, investments = result.annual, result.investments

    def level(value: object, provisional: object) -> str:
        return (level_or_none(value) or "-") + ("*" if provisional else "")

    targets = [level(r["target_level"], r["target_provisional"]) for r in annual.to_dict("records")]
    achieved = [level(r["achieved_level"], r["achieved_provisional"]) for r in annual.to_dict("records")]
    width = max(8, *(len(t) for t in targets + achieved))
    header = (
        f"{'year':>4}  {'target':>{width}}  {'achieved':>{width}}  {'RE share':>8}  {'PV kWp':>8}  "
        f"{'battery kWh':>11}  {'GEC MWh':>9}  {'green MWh':>9}  {'offsets t':>9}  "
        f"{'removals t':>10}  {'total cost CNY':>15}"
    )
    lines = [header, "-" * len(header)]
    for (_, row), target, reached in zip(annual.iterrows(), targets, achieved, strict=True):
        lines.append(
            f"{int(row['year']):>4}  {target:>{width}}  {reached:>{width}}  "
            f"{row['re_share']:>8.1%}  {_fmt(row['pv_installed_kwp']):>8}  "
            f"{_fmt(row['battery_energy_kwh']):>11}  {_fmt(row['gec_mwh']):>9}  "
            f"{_fmt(row['green_power_mwh']):>9}  {_fmt(row['offsets_tco2e']):>9}  "
            f"{_fmt(row['removals_tco2e']):>10}  {_fmt(row['total_cost_cny']):>15}"
        )
    if annual["target_provisional"].any() or annual["achieved_provisional"].any():
        lines.append("* provisional threshold (see warnings)")
    measures = investments[~investments["lever"].isin(["pv", "battery"])]
    if len(measures):
        lines.append("measures: " + "; ".join(f"{r.option} ({r.year})" for r in measures.itertuples()))
    if len(result.rulebooks) > 1:
        for n, (key, rulebook) in enumerate(result.rulebooks.items()):
            if n == 0:
                continue
            key = column_key(key)
            met = [
                f"{int(r['year'])} {r[f'target_level_{key}']}: "
                + ("met" if r[f"target_met_{key}"] else "NOT met")
                for r in annual.to_dict("records")
                if level_or_none(r[f"target_level_{key}"])
            ]
            if met:
                lines.append(f"{rulebook.standard}: " + "; ".join(met))
    return "\n".join(lines)


#: commands of their own packages, imported only when run
LAZY_COMMANDS = {
    "sweep": "zcf_opt.sweep.commands:sweep_command",
    "macc": "zcf_opt.sweep.commands:macc_command",
    "report": "zcf_opt.report.commands:report_command",
    "compare": "zcf_opt.report.commands:compare_command",
    "standards": "zcf_opt.standards.commands:standards_command",
}


class MainGroup(LazyCommandGroup, HandledGroup):
    """The ``zcf-opt`` group: commands imported when run, errors handled in one place."""


@click.group(cls=MainGroup, lazy_commands=LAZY_COMMANDS)
@click.version_option(__version__, package_name="zcf-opt")
@click.option("--debug", is_flag=True, help="Print the traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Least-cost decarbonisation pathways to zero-carbon-factory star levels."""
    ctx.meta[DEBUG_KEY] = debug


@main.command("solve")
@click.argument("scenario_file", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Run folder (default: results/<scenario name>).",
)
@click.option(
    "--beside-other-files",
    is_flag=True,
    help="Write into a folder that holds files zcf-opt did not write (they are left untouched).",
)
@click.option(
    "--quiet", is_flag=True, help="Print only the result table and errors (no progress, warnings or notes)."
)
@click.option("--solver-log", is_flag=True, help="Show the HiGHS log.")
@click.option(
    "--progress-every",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds between progress lines (best plan, bound, gap) while HiGHS runs.",
)
@click.option(
    "--full-year-check/--no-full-year-check",
    default=True,
    show_default=True,
    help="Re-dispatch the plan on all 8,760 hours of each year and report the typical-day error.",
)
@click.option(
    "--repair/--no-repair",
    default=True,
    show_default=True,
    help="In the full-year re-check, buy more certificates, green power, offsets or removals (within "
    "their caps) where a year misses its target with the plan's purchases, and report what was added.",
)
def solve_command(
    scenario_file: Path,
    out_dir: Path | None,
    beside_other_files: bool,
    quiet: bool,
    solver_log: bool,
    progress_every: float,
    full_year_check: bool,
    repair: bool,
) -> None:
    """Find the least-cost plan for SCENARIO_FILE and write its results."""
    from zcf_opt.lean_imports import skip_unused_imports

    skip_unused_imports()
    # one run builds one model: collect cyclic garbage every 50,000 allocations, not every 700
    # (the imports alone set off hundreds of collections over a growing heap)
    gc.set_threshold(*ONE_RUN_GC_THRESHOLDS)
    from zcf_opt.files import check_destination, protect_inputs
    from zcf_opt.load import load_scenario
    from zcf_opt.netcdf import prepare_writers
    from zcf_opt.outputs import legacy_run_entry, write_results
    from zcf_opt.run import solve
    from zcf_opt.unbounded import unbounded_problems

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"[zcf-opt] {message}", err=True)

    scenario = load_scenario(scenario_file)
    out_dir = out_dir if out_dir is not None else Path("results") / scenario.name
    protect_inputs(out_dir, [scenario_file, *input_files(scenario)])
    check_destination(out_dir, "run", legacy_run_entry, beside_other_files)
    log_into(out_dir, "run")
    result = solve(
        scenario,
        progress=progress,
        tee=solver_log,
        progress_seconds=progress_every,
        while_solving=prepare_writers,
        full_year=full_year_check,
        repair=repair,
    )
    if result.status == "unbounded":
        raise InputError.several(unbounded_problems(result.inputs, scenario_file))
    folder = write_results(result, out_dir, beside_other_files)
    outcome = result.outcome
    if not result.has_plan:
        click.echo(f"{outcome.status}: {result.message}", err=True)
        click.echo(f"summary written to {folder / 'summary.json'}", err=True)
        sys.exit(EXIT_INFEASIBLE if outcome.status == "infeasible" else EXIT_NO_PLAN)
    click.echo(summary_table(result))
    click.echo(
        f"net present cost {outcome.objective_cny:,.0f} CNY  (gap {outcome.mip_gap:.2%}, "
        f"build {result.build_seconds:.1f} s, solve {outcome.solve_seconds:.1f} s)"
    )
    click.echo(f"PV yield {float(result.inputs['pv_annual_yield_kwh_per_kwp']):,.0f} kWh/kWp/yr (first year)")
    if result.full_year is not None:
        check = result.full_year
        certified = (
            "every target year certified" if not check.failed_years else f"FAILS in {check.failed_years}"
        )
        click.echo(
            f"full-year re-check ({check.workers} {'process' if check.workers == 1 else 'processes'}, "
            f"{check.seconds:.1f} s): typical-day cost error "
            f"at most {check.max_cost_error:.2%}, renewable share at most "
            f"{check.max_re_share_error * 100:.2f} points; {certified}"
        )
    for line in reading_lines(result.rulebooks):  # the reading qualifies the table: always shown
        click.echo(line)
    if not quiet:
        for notice in result.warnings:
            click.echo(f"{getattr(notice, 'severity', 'warning')}: {notice}", err=True)
    click.echo(f"results in {folder}")
    if result.errors:
        for error in result.errors:
            click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK if outcome.status == "optimal" else EXIT_NOT_PROVEN)


def reading_lines(rulebooks: dict) -> list[str]:
    """One line per rulebook option in use: which reading of the text the run applies."""
    from zcf_opt.standards.library import readings

    return [
        f"reading: {r['standard']} {r['option']} = {r['choice']} ({r['meaning']})"
        for r in readings(rulebooks)
    ]


def input_files(scenario) -> list[Path]:
    """The files a scenario reads besides itself (their folders are no place for results)."""
    factory = scenario.factory
    named = [scenario.rulebook_file, factory.solar.weather_file, factory.electricity_load.profile_csv]
    flat = [q for p in named for q in (p if isinstance(p, list | tuple) else [p])]
    return [Path(p) for p in flat if isinstance(p, str | Path)]


@main.command("schema")
@click.argument("kind", type=click.Choice(["scenario", "factory", "rulebook"]), default="scenario")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a KIND of input file (scenario, factory or rulebook) for editors."""
    import json

    from zcf_opt.schema.jsonschema import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))


def _exit_status(code: object) -> int:
    """The process exit status of ``SystemExit(code)``, as the interpreter would give it."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_INTERNAL


def _nothing_left_running() -> bool:
    """No other thread of this process and no child process still at work."""
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    multiprocessing = sys.modules.get("multiprocessing")
    children = multiprocessing.active_children() if multiprocessing is not None else []
    return not others and not children


def entry_point() -> None:
    """Run the command line, then end the process without the interpreter's teardown.

    Tearing down the interpreter frees, one by one, every object the command created (the
    Pyomo model, the HiGHS instance, the imported libraries): about a second after a solve,
    for nothing a finished command needs. Every file the commands write is closed when they
    return, so once the standard streams and log handlers are flushed the process ends with
    ``os._exit`` and the command's exit status. Where a thread or child process is still at
    work, the process exits the ordinary way instead.
    """
    try:
        main()
        status = EXIT_OK
    except SystemExit as exc:
        status = _exit_status(exc.code)
    if not _nothing_left_running():
        sys.exit(status)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing more can be written
            pass
    os._exit(status)
