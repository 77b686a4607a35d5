"""Make the proposal of a run folder: charts, ``proposal.html`` and ``proposal.xlsx``.

Everything is written into a temporary folder beside the destination and moved into place at
the end, so the report folder is complete or untouched: never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zcf_opt.economics import Economics, evaluate
from zcf_opt.files import check_destination, staged_folder
from zcf_opt.report.charts import render_charts
from zcf_opt.report.data import ReportInputError, RunData, load_run
from zcf_opt.report.fonts import cjk_family
from zcf_opt.report.html import render_html
from zcf_opt.report.i18n import Text
from zcf_opt.report.projects import all_projects
from zcf_opt.report.xlsx import write_workbook

FORMATS = ("html", "xlsx")

#: suffixes of the files a report folder holds (an older folder without a manifest holding
#: anything else is not written)
REPORT_SUFFIXES = {".html", ".xlsx", ".png", ".svg"}


@dataclass
class Report:
    """Files of a report and remarks on it."""

    folder: Path
    html: Path | None = None
    xlsx: Path | None = None
    charts: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_formats(value: str) -> tuple[str, ...]:
    """``"html,xlsx"`` -> ``("html", "xlsx")``; raises ``ValueError`` on an unknown format."""
    formats = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be a comma-separated list of {', '.join(FORMATS)}, not '{value}'")
    return formats


def measure_economics(run: RunData) -> list[Economics]:
    """Economics of PV, battery and every retrofit option of the run."""
    return [evaluate(project, run.discount_rate) for project in all_projects(run)]


def legacy_report_entry(path: Path) -> str | None:
    """An entry of a report folder written before folders had a manifest: ``"own"`` or None."""
    return "own" if path.is_file() and path.suffix in REPORT_SUFFIXES else None


def build_report(
    results_dir: str | Path,
    lang: str = "zh",
    formats: tuple[str, ...] = FORMATS,
    out_dir: str | Path | None = None,
    dispatch_year: int | None = None,
) -> Report:
    """Write the proposal of a run folder.

    Parameters
    ----------
    results_dir
        Run folder written by ``zcf-opt solve``.
    lang
        ``"zh"`` (default) or ``"en"``.
    formats
        Any of ``"html"`` and ``"xlsx"``; the charts (PNG and SVG) are always written.
    out_dir
        Report folder (default ``<results_dir>/report``); an earlier report's files there are
        replaced, nothing else.
    dispatch_year
        Year of the typical-day chart (default: the first year with a target, else the last).

    Raises
    ------
    ReportInputError
        When the run folder cannot make a report.
    zcf_opt.errors.OutputError
        When ``out_dir`` holds files zcf-opt did not write, or cannot be written.
    """
    text = Text(lang)
    run = load_run(results_dir)
    if dispatch_year is not None and dispatch_year not in run.years:
        raise ReportInputError(
            f"dispatch year {dispatch_year} is outside the run's horizon {run.first_year}–{run.years[-1]}"
        )
    folder = Path(out_dir) if out_dir is not None else run.folder / "report"
    check_destination(folder, "report", legacy_report_entry)
    report = Report(folder=folder)
    family = cjk_family() if lang == "zh" else None
    chart_text = text
    if lang == "zh" and family is None:
        chart_text = Text("en")
        report.notes.append(text("font_fallback"))
    economics = measure_economics(run)
    with staged_folder(folder, "report", legacy_report_entry) as staging:
        charts = render_charts(run, chart_text, staging, family, dispatch_year)
        if "html" in formats:
            page = render_html(run, text, charts, economics, report.notes)
            (staging / "proposal.html").write_text(page, encoding="utf-8")
        if "xlsx" in formats:
            write_workbook(run, text, economics, staging / "proposal.xlsx", report.notes)
    report.html = folder / "proposal.html" if "html" in formats else None
    report.xlsx = folder / "proposal.xlsx" if "xlsx" in formats else None
    report.charts = [folder / chart.png_path.name for chart in charts] + [
        folder / chart.svg_path.name for chart in charts
    ]
    return report
