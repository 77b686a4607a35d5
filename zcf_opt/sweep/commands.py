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
from pathlib import Path

import click
from tqdm import tqdm

from zcf_opt.cli_errors import HandledCommand, log_into
from zcf_opt.errors import InputError
from zcf_opt.sweep.params import PARAMETERS

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Bar(tqdm):
    """tqdm without its monitor thread (worker processes are forked after the bar exists)."""

    monitor_interval = 0


class _Progress:
    """Progress bar on stderr, created at the first finished run."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.quiet, self.bar = total, quiet, None

    def __call__(self, name: str, source: str) -> None:
        if self.bar is None:
            self.bar = _Bar(
                total=self.total,
                desc="sweep",
                unit="run",
                file=sys.stderr,
                disable=self.quiet,
                dynamic_ncols=True,
            )
        self.bar.set_postfix_str(f"{name}: {source}", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
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
@click.option("--workers", type=int, default=None, help="Local worker processes (default: number of cores).")
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
    from zcf_opt.files import protect_inputs
    from zcf_opt.sweep.runner import plan_level_sweep, plan_sensitivity, run_sweep

    if workers is not None and workers < 1:
        raise InputError(scenario_file, "--workers", f"expected at least 1, got {workers}")
    if threads is not None and threads < 1:
        raise InputError(scenario_file, "--threads", f"expected at least 1, got {threads}")
    if vary or samples is not None:
        plan = plan_sensitivity(scenario_file, vary, samples, seed, levels, from_year, out_dir)
    else:
        plan = plan_level_sweep(scenario_file, levels, from_year, out_dir)
    protect_inputs(plan.out_dir, [scenario_file])
    log_into(plan.out_dir, "sweep")
    progress = _Progress(len(plan.tasks), quiet)
    try:
        report = run_sweep(plan, workers, threads, scheduler, solve_all, on_finished=progress)
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
