"""The ``zcf-opt report`` and ``zcf-opt compare`` commands.

Exit codes: 0 written; 2 a run folder cannot make a report (missing, no ``summary.json``, a
run without a plan), a bad option, or an output folder that holds files zcf-opt did not write,
with one line naming the folder or file and nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zcf_opt.cli_errors import HandledCommand, log_into
from zcf_opt.files import protect_inputs
from zcf_opt.report.build import FORMATS, build_report, parse_formats
from zcf_opt.report.compare import compare_runs
from zcf_opt.report.data import ReportInputError
from zcf_opt.report.i18n import LANGUAGES

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("report", cls=HandledCommand)
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default="zh", show_default=True, help="Language.")
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_formats,
    help="Comma-separated outputs: html, xlsx (charts are always written).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Report folder (default: RESULTS_DIR/report).",
)
@click.option("--dispatch-year", type=int, default=None, help="Year of the typical-day chart.")
def report_command(
    results_dir: Path, lang: str, formats: tuple[str, ...], out_dir: Path | None, dispatch_year: int | None
) -> None:
    """Write the proposal (HTML page, Excel workbook, charts) of the run in RESULTS_DIR."""
    if out_dir is not None:
        protect_inputs(out_dir, [])
    log_into(out_dir if out_dir is not None else results_dir / "report", "report")
    try:
        report = build_report(results_dir, lang, formats, out_dir, dispatch_year)
    except ReportInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for note in report.notes:
        click.echo(f"warning: {note}", err=True)
    written = [p.name for p in (report.html, report.xlsx) if p is not None]
    written.append(f"{len(report.charts) // 2} charts (PNG and SVG)")
    click.echo(f"report in {report.folder}: {', '.join(written)}")


@click.command("compare", cls=HandledCommand)
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default="zh", show_default=True, help="Language.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("results") / "compare",
    show_default=True,
    help="Folder of compare.csv and compare.html.",
)
def compare_command(run_dirs: tuple[Path, ...], lang: str, out_dir: Path) -> None:
    """Put the runs in RUN_DIRS side by side: compare.csv (one row per run) and compare.html."""
    protect_inputs(out_dir, [])
    log_into(out_dir, "compare")
    try:
        comparison = compare_runs(list(run_dirs), lang, out_dir)
    except ReportInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"comparison in {comparison.folder}: compare.csv, compare.html")
