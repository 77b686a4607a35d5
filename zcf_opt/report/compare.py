"""Several runs side by side: ``compare.csv`` (one row per run) and ``compare.html`` (one page).

The view a planner uses to choose between scenarios, e.g. a high and a low certificate price
or two standards: net present cost, capex, the level reached each year, the headline plan and
the emissions of each run, read from the run folders alone. Command line:
``zcf-opt compare RUN_DIR... [--lang zh|en] [--out DIR]``.

``compare.csv`` columns: ``run`` (folder name), ``scenario``, ``factory``, ``standard``,
``status``, ``objective_npv_cny`` [CNY], ``capex_cny`` (sum of investments.csv) [CNY],
``final_re_share`` [1], the headline plan (``pv_kwp``, ``battery_kwh`` in service in the last
year; ``measures`` built; ``green_power_mwh``, ``gec_mwh``, ``offsets_tco2e``,
``removals_tco2e`` summed over the horizon), emissions summed over the horizon
(``scope1_tco2e``, ``scope2_market_tco2e``, ``scope3_tco2e``) [tCO2e], and ``level_<year>``:
the level each year reaches (empty below three-star).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from zcf_opt import __version__
from zcf_opt.files import check_destination, staged_folder
from zcf_opt.report.chart_style import COLORS, SavedChart, legend_below, new_figure, rc, save, thousands
from zcf_opt.report.data import ReportInputError, RunData, load_run
from zcf_opt.report.fonts import cjk_family
from zcf_opt.report.html import environment, investment_option
from zcf_opt.report.i18n import Text
from zcf_opt.units import chart_money

#: files a comparison folder holds (an older folder without a manifest holding anything else is
#: not written)
COMPARE_SUFFIXES = {".csv", ".html", ".png", ".svg"}


def legacy_compare_entry(path: Path) -> str | None:
    """An entry of a comparison folder written before folders had a manifest: ``"own"`` or None."""
    return "own" if path.is_file() and path.suffix in COMPARE_SUFFIXES else None


#: headline plan and emission columns of compare.csv: column -> (annual.csv column, how)
TOTALS = {
    "green_power_mwh": "green_power_mwh",
    "gec_mwh": "gec_mwh",
    "offsets_tco2e": "offsets_tco2e",
    "removals_tco2e": "removals_tco2e",
    "scope1_tco2e": "scope1_tco2e",
    "scope2_market_tco2e": "scope2_market_tco2e",
    "scope3_tco2e": "scope3_tco2e",
}


@dataclass
class Comparison:
    """Files of a comparison."""

    folder: Path
    table: Path
    page: Path
    charts: list[Path] = field(default_factory=list)


def run_row(run: RunData) -> dict[str, Any]:
    """One run as a row of compare.csv."""
    annual, investments = run.annual, run.investments
    measures = investments[~investments["lever"].isin(["pv", "battery"])]
    row: dict[str, Any] = {
        "run": run.folder.name,
        "scenario": run.summary.get("scenario"),
        "factory": run.summary.get("factory"),
        "standard": run.summary.get("standard"),
        "status": run.summary.get("status"),
        "objective_npv_cny": run.npv,
        "capex_cny": float(investments["capex_cny"].sum()),
        "final_re_share": float(annual["re_share"].iloc[-1]),
        "pv_kwp": float(annual["pv_installed_kwp"].iloc[-1]),
        "battery_kwh": float(annual["battery_energy_kwh"].iloc[-1]),
        "measures": "; ".join(f"{m.option} ({m.year})" for m in measures.itertuples()),
    }
    row.update({name: float(annual[column].sum()) for name, column in TOTALS.items()})
    row.update({f"level_{year}": level or "" for year, level in run.achieved_levels().items()})
    return row


def comparison_table(runs: list[RunData]) -> pd.DataFrame:
    """compare.csv: one row per run (see the module notes)."""
    table = pd.DataFrame([run_row(run) for run in runs])
    levels = sorted(c for c in table.columns if c.startswith("level_"))
    others = [c for c in table.columns if not c.startswith("level_")]
    return table[others + levels]


def _money_chart(runs: list[RunData], text: Text) -> Figure:
    scale, unit = chart_money(text.lang)
    figure, (axes,) = new_figure(text("chart_compare_cost"))
    x = np.arange(len(runs))
    npv = [run.npv / scale for run in runs]
    capex = [float(run.investments["capex_cny"].sum()) / scale for run in runs]
    axes.bar(x - 0.2, npv, 0.38, color=COLORS["line"], label=text("npv_short"))
    axes.bar(x + 0.2, capex, 0.38, color=COLORS["capex"], alpha=0.55, label=text("total_capex"))
    axes.set_xticks(x, [run.folder.name for run in runs])
    axes.set_ylabel(unit)
    thousands(axes)
    legend_below(figure)
    return figure


def _emissions_chart(runs: list[RunData], text: Text) -> Figure:
    figure, (axes,) = new_figure(text("chart_compare_emissions"))
    palette = [COLORS[k] for k in ("line", "pv", "battery", "waste_heat", "removals", "motors", "gec")]
    for index, run in enumerate(runs):
        annual = run.annual
        net = (
            annual["scope1_tco2e"]
            + annual["scope2_market_tco2e"]
            + annual["scope3_tco2e"]
            - annual["offsets_tco2e"]
            - annual["removals_tco2e"]
        )
        axes.plot(
            annual["year"],
            net,
            marker="o",
            markersize=3,
            color=palette[index % len(palette)],
            label=run.folder.name,
        )
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_ylabel(text.unit("tCO2e/yr"))
    thousands(axes)
    legend_below(figure)
    return figure


def _rows(runs: list[RunData], table: pd.DataFrame, text: Text) -> list[dict[str, Any]]:
    """The page's rows: one figure per run in each, worded and formatted for the reader."""
    rows: list[dict[str, Any]] = []

    def add(label: str, values: list[str], section: str | None = None) -> None:
        rows.append({"label": label, "cells": values, "section": section})

    add(text("scenario"), [str(v) for v in table["scenario"]], text("sec_compare_summary"))
    add(text("factory"), [str(v) for v in table["factory"]])
    add(text("status"), [text.solver_status(str(v)) for v in table["status"]])
    add(
        text.with_unit("npv", text.money_unit),
        [text.money(v, unit=False) for v in table["objective_npv_cny"]],
    )
    add(
        text.with_unit("total_capex", text.money_unit),
        [text.money(v, unit=False) for v in table["capex_cny"]],
    )
    add(text("final_re_share"), [text.percent(v) for v in table["final_re_share"]])
    years = sorted(int(c.removeprefix("level_")) for c in table.columns if c.startswith("level_"))
    for i, year in enumerate(years):
        values = [
            text.level(str(v)) if isinstance(v, str) and v else "–" for v in table.get(f"level_{year}", [])
        ]
        add(str(year), values, text("sec_levels") if i == 0 else None)
    add(text.with_unit("pv_kwp", "kWp"), [text.number(v) for v in table["pv_kwp"]], text("sec_investments"))
    add(text.with_unit("battery_kwh", "kWh"), [text.number(v) for v in table["battery_kwh"]])
    add(text("measures"), [_measures(run, text) for run in runs])
    for key, column, unit in (
        ("green_power_mwh", "green_power_mwh", "MWh"),
        ("gec_mwh", "gec_mwh", "MWh"),
        ("offsets_tco2e", "offsets_tco2e", "tCO2e"),
        ("removals_tco2e", "removals_tco2e", "tCO2e"),
    ):
        add(text.with_unit(key, text.unit(unit)), [text.number(v) for v in table[column]])
    first = True
    for column in ("scope1_tco2e", "scope2_market_tco2e", "scope3_tco2e"):
        label = text.with_unit(f"total_{column.removesuffix('_tco2e')}", text.unit("tCO2e"))
        add(label, [text.number(v) for v in table[column]], text("sec_compare_emissions") if first else None)
        first = False
    return rows


def _measures(run: RunData, text: Text) -> str:
    items = run.investments[~run.investments["lever"].isin(["pv", "battery"])]
    if items.empty:
        return text("none")
    separator = "；" if text.lang == "zh" else "; "
    return separator.join(
        f"{investment_option(run, int(i.year), str(i.lever), str(i.option), text)} ({i.year})"
        for i in items.itertuples()
    )


def compare_runs(
    folders: list[str | Path], lang: str = "zh", out_dir: str | Path = Path("results") / "compare"
) -> Comparison:
    """Write ``compare.csv``, ``compare.html`` and its charts for the run folders ``folders``.

    Raises
    ------
    ReportInputError
        When fewer than two folders are given, or a folder cannot be read as a run with a plan.
    zcf_opt.errors.OutputError
        When ``out_dir`` holds files zcf-opt did not write, or cannot be written.
    """
    if len(folders) < 2:
        raise ReportInputError("compare needs at least two run folders")
    text = Text(lang)
    runs = [load_run(folder) for folder in folders]
    names = [run.folder.name for run in runs]
    if len(set(names)) != len(names):
        raise ReportInputError(f"run folders must have different names to be told apart: {', '.join(names)}")
    folder = Path(out_dir)
    check_destination(folder, "compare", legacy_compare_entry)
    table = comparison_table(runs)
    family = cjk_family() if lang == "zh" else None
    chart_text = text if lang == "en" or family is not None else Text("en")
    with staged_folder(folder, "compare", legacy_compare_entry) as staging:
        table.to_csv(staging / "compare.csv", index=False)
        charts: list[SavedChart] = []
        with matplotlib.rc_context(rc(family)):
            for name, draw in (("compare_cost", _money_chart), ("compare_emissions", _emissions_chart)):
                charts.append(save(draw(runs, chart_text), staging, name))
        page = (
            environment()
            .get_template("compare.html.j2")
            .render(
                lang="zh-CN" if lang == "zh" else "en",
                t=text,
                runs=names,
                rows=_rows(runs, table, text),
                charts=[
                    {
                        "title": c.title,
                        "src": "data:image/svg+xml;base64," + base64.b64encode(c.svg.encode()).decode(),
                    }
                    for c in charts
                ],
                version=__version__,
            )
        )
        (staging / "compare.html").write_text(page, encoding="utf-8")
    return Comparison(
        folder,
        folder / "compare.csv",
        folder / "compare.html",
        [folder / c.png_path.name for c in charts] + [folder / c.svg_path.name for c in charts],
    )
