"""The ``zcf-opt sweep`` and ``zcf-opt macc`` commands (registered by :mod:`zcf_opt.cli`).

Exit codes: 0 done (infeasible levels are rows of the table, not failures); 1 a run failed
or its independent check disagrees with the solver (everything else is written); 2 bad input
or an output folder that may not be written (one line per problem on stderr, nothing
written; see :mod:`zcf_opt.cli_errors`); 130 interrupted (finished runs are kept; run the same
command again to resume).
"""

from __future__ import annotations

import math
import sys
import threading
from pathlib import Path

import click
from tqdm import tqdm

from zcf_opt.cli_errors import HandledCommand, log_into
from zcf_opt.errors import InputError
from zcf_opt.sweep.params import PARAMETERS

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

#: seconds before the progress bar appears, and between its redraws while the sweep is planned
SHOW_AFTER_SECONDS = 0.5


class _Bar(tqdm):
    """tqdm without its monitor thread (worker processes are forked after the bar exists)."""

    monitor_interval = 0


class _Progress:
    """Progress bar on stderr from the first second: preparing, then one step per run.

    The bar appears after :data:`SHOW_AFTER_SECONDS` (a command that stops at once on bad input
    prints only its error), redrawn by a thread while the sweep is planned (time slices, imports)
    and by :meth:`tick` while runs solve. The thread ends before the sweep starts its worker
    processes, so none is forked while it writes.
    """

    def __init__(self, quiet: bool) -> None:
        self.bar = _Bar(
            total=None,
            desc="sweep: preparing",
            unit="run",
            file=sys.stderr,
            disable=quiet,
            dynamic_ncols=True,
            delay=SHOW_AFTER_SECONDS,
        )
        self._planned = threading.Event()
        self._ticker = threading.Thread(target=self._tick_while_planning, daemon=True)
        self._ticker.start()

    def _tick_while_planning(self) -> None:
        while not self._planned.wait(SHOW_AFTER_SECONDS):
            self.bar.refresh()

    def _stop_ticker(self) -> None:
        self._planned.set()
        self._ticker.join()

    def start(self, total: int) -> None:
        """The sweep is planned: ``total`` runs."""
        self._stop_ticker()
        self.bar.total = total
        self.bar.set_description("sweep", refresh=True)

    def __call__(self, name: str, source: str) -> None:
        self.bar.set_postfix_str(f"{name}: {source}", refresh=False)
        self.bar.update(1)

    def tick(self) -> None:
        self.bar.refresh()

    def close(self) -> None:
        self._stop_ticker()
        self.bar.close()


def _fmt(value: object, scale: float = 1.0, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value) / scale:,.{digits}f}"


def cost_curve_text(table) -> str:
    """The cost curve as a terminal table."""
    header = (
        f"{'level':<8}  {'status':<10}  {'NPV M CNY':>10}  {'extra M CNY':>11}  {'abated kt':>9}  "
        f"{'CNY/t':>7}  {'PV kWp':>7}  {'GEC MWh':>8}  {'offsets t':>9}  {'removals t':>10}"
    )
    lines = [header, "-" * len(header)]
    for _, row in table.iterrows():
        level = str(row["level"]) + ("*" if row["provisional"] is True else "")
        lines.append(
            f"{level:<8}  {row['status']:<10}  {_fmt(row['objective_npv_cny'], 1e6, 2):>10}  "
            f"{_fmt(row['incremental_npv_cny'], 1e6, 2):>11}  {_fmt(row['abatement_tco2e'], 1e3, 1):>9}  "
            f"{_fmt(row['average_abatement_cost_cny_per_tco2e']):>7}  {_fmt(row['pv_kwp']):>7}  "
            f"{_fmt(row['gec_mwh']):>8}  {_fmt(row['offsets_tco2e']):>9}  {_fmt(row['removals_tco2e']):>10}"
        )
    if (table["provisional"] == True).any():  # noqa: E712
        lines.append("* provisional threshold")
    return "\n".join(lines)


def _value(value: object) -> str:
    """A varied value for the terminal: numbers to four significant digits, text as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "-" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def sensitivity_text(table, parameters: list[str]) -> str:
    """The sensitivity table as a terminal table: one row per run, varied values first."""
    columns = [("run", 8), *((name, max(10, len(name))) for name in parameters)]
    header = "  ".join(f"{name:<{width}}" for name, width in columns) + (
        f"  {'level':<6}  {'status':<10}  {'NPV M CNY':>10}  {'reached':>7}  {'PV kWp':>7}  "
        f"{'GEC MWh':>8}  {'offsets t':>9}  {'removals t':>10}"
    )
    lines = [header, "-" * len(header)]
    for _, row in table.iterrows():
        cells = [f"{row['run']:<8}", *(f"{_value(row[name]):<{width}}" for name, width in columns[1:])]
        lines.append(
            "  ".join(cells)
            + f"  {row['level'] or '-':<6}  {row['status']:<10}  {_fmt(row['objective_npv_cny'], 1e6, 2):>10}"
            f"  {row['level_reached'] or '-':>7}  {_fmt(row['pv_kwp']):>7}  {_fmt(row['gec_mwh']):>8}"
            f"  {_fmt(row['offsets_tco2e']):>9}  {_fmt(row['removals_tco2e']):>10}"
        )
    return "\n".join(lines)


_PARAMETER_HELP = "; ".join(f"{name} = {path} [{unit}]" for name, (path, unit) in PARAMETERS.items())


@click.command("sweep", cls=HandledCommand)
@click.argument("scenario_file", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--levels",
    default=None,
    help="Comma-separated levels, e.g. I-3,I-4,II-6 (default: every level "
    "of the standard; with --vary/--samples: the scenario's own targets).",
)
@click.option(
    "--from-year",
    type=int,
    default=None,
    help="First year the swept level holds (default: the year "
    "of the scenario's last target, else the middle of the horizon).",
)
@click.option(
    "--vary",
    multiple=True,
    metavar="NAME=V1,V2,...",
    help="Vary a parameter over values (repeat "
    f"for a grid). Names: {_PARAMETER_HELP}; or any dotted scenario field path.",
)
@click.option(
    "--samples",
    type=int,
    default=None,
    help="Draw N Latin-hypercube points from the scenario's 'sensitivity' ranges.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --samples.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Sweep folder (default: results/<scenario name>/sweep).",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Local worker processes (default: number of cores, at most one per group of runs that "
    "differ only in their targets, as they re-solve one model).",
)
@click.option("--threads", type=int, default=None, help="HiGHS threads per run (default: cores / workers).")
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run on an existing dask.distributed cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option("--solve-all", is_flag=True, help="Solve every level, even those a weaker level's plan meets.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def sweep_command(
    scenario_file: Path,
    levels: str | None,
    from_year: int | None,
    vary: tuple[str, ...],
    samples: int | None,
    seed: int,
    out_dir: Path | None,
    workers: int | None,
    threads: int | None,
    scheduler: str | None,
    solve_all: bool,
    quiet: bool,
) -> None:
    """Solve SCENARIO_FILE once per star level (cost curve) or over parameter values (sensitivity).

    Results go to results/<name>/sweep/: cost_curve.csv and .png/.svg (or sensitivity.csv),
    macc.csv and .png/.svg, sweep.json, and runs/<run>/ with each run's files. Finished runs
    are kept and not solved again when the same sweep is rerun.
    """
    progress = _Progress(quiet)
    from zcf_opt.lean_imports import skip_unused_imports

    skip_unused_imports()
    from zcf_opt.files import protect_inputs
    from zcf_opt.sweep.runner import plan_level_sweep, plan_sensitivity, run_sweep

    try:
        if workers is not None and workers < 1:
            raise InputError(scenario_file, "--workers", f"expected at least 1, got {workers}")
        if threads is not None and threads < 1:
            raise InputError(scenario_file, "--threads", f"expected at least 1, got {threads}")
        if vary or samples is not None:
            plan = plan_sensitivity(scenario_file, vary, samples, seed, levels, from_year, out_dir)
        else:
            plan = plan_level_sweep(scenario_file, levels, from_year, out_dir)
        protect_inputs(plan.out_dir, [scenario_file])
    except BaseException:
        progress.close()
        raise
    log_into(plan.out_dir, "sweep")
    progress.start(len(plan.tasks))
    try:
        report = run_sweep(
            plan, workers, threads, scheduler, solve_all, on_finished=progress, on_wait=progress.tick
        )
    except KeyboardInterrupt:
        progress.close()
        click.echo(
            f"interrupted: finished runs are kept in {plan.out_dir / 'runs'}; run the same command "
            "again to resume",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    progress.close()
    if plan.kind == "levels":
        click.echo(cost_curve_text(report.table))
    else:
        click.echo(sensitivity_text(report.table, plan.parameters))
        click.echo(
            f"{len(report.table)} runs: "
            + ", ".join(
                f"{count} {status}" for status, count in report.table["status"].value_counts().items()
            )
        )
    counts = ", ".join(f"{len(report.names(s))} {s}" for s in ("solved", "derived", "reused", "failed"))
    if not quiet:
        click.echo(
            f"{len(plan.tasks)} runs ({counts}) in {report.seconds:.1f} s on {report.backend}", err=True
        )
    click.echo(f"results in {report.out_dir}")
    for name in report.failed + report.with_errors:
        click.echo(
            f"error: run {name}: {report.table.set_index(report.table.columns[0]).loc[name, 'message']}",
            err=True,
        )
    sys.exit(EXIT_INTERNAL if report.failed or report.with_errors else EXIT_OK)


@click.command("macc", cls=HandledCommand)
@click.argument("scenario_file", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for macc.csv/.png/.svg (default: results/<scenario name>/macc).",
)
@click.option(
    "--electricity-factor",
    type=click.Choice(["market", "location"]),
    default="market",
    show_default=True,
    help="Emission factor of electricity that measures and PV avoid.",
)
@click.option("--quiet", is_flag=True, help="Print only where the files are.")
def macc_command(scenario_file: Path, out_dir: Path | None, electricity_factor: str, quiet: bool) -> None:
    """Rank every lever of SCENARIO_FILE's factory by abatement cost [CNY/tCO2e] and potential [tCO2e/yr]."""
    from zcf_opt.lean_imports import skip_unused_imports

    skip_unused_imports()
    from zcf_opt.files import check_destination, protect_inputs
    from zcf_opt.load import load_scenario
    from zcf_opt.standards import load_rulebook
    from zcf_opt.sweep.macc import macc_table
    from zcf_opt.sweep.runner import legacy_macc_entry, write_macc

    scenario = load_scenario(scenario_file)
    rulebook = load_rulebook(scenario.standard, scenario.rulebook_file)
    macc_table(scenario, rulebook, None, electricity_factor)
    folder = out_dir if out_dir is not None else Path("results") / scenario.name / "macc"
    protect_inputs(folder, [scenario_file])
    check_destination(folder, "macc", legacy_macc_entry)
    log_into(folder, "macc")
    files = write_macc(scenario, rulebook, None, folder, electricity_factor)
    if not quiet:
        import pandas as pd

        table = pd.read_csv(files[0])
        for _, row in table.iterrows():
            click.echo(
                f"{_fmt(row['abatement_cost_cny_per_tco2e']):>8} CNY/t  "
                f"{_fmt(row['abatement_potential_tco2e_per_year']):>8} t/yr  "
                f"{row['lever']:<12}  {row['option']}"
            )
    click.echo(f"results in {folder}")
