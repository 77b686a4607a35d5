"""The sweep's charts as files: the level cost curve and the MACC, PNG and SVG, in English.

The figures are those of the proposal (:mod:`zcf_opt.report.sweep_charts`), in the one chart
design of :mod:`zcf_opt.report.chart_style`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _write(kind: str, table: pd.DataFrame, stem: Path, title: str) -> list[Path]:
    # imported here: the report package imports the sweep's names (no import cycle)
    import matplotlib

    from zcf_opt.report.chart_style import rc, save
    from zcf_opt.report.i18n import Text
    from zcf_opt.report.sweep_charts import cost_curve_figure, macc_figure

    draw = cost_curve_figure if kind == "cost_curve" else macc_figure
    with matplotlib.rc_context(rc()):
        figure = draw(table, Text("en"), title)
        if figure is None:
            return []
        chart = save(figure, stem.parent, stem.name)
    return [chart.png_path, chart.svg_path]


def plot_cost_curve(table: pd.DataFrame, stem: Path, title: str, standard: str = "") -> list[Path]:
    """Extra net present cost and average abatement cost of each level.

    Parameters
    ----------
    table
        The cost curve (:func:`zcf_opt.sweep.tables.cost_curve_table`).
    stem
        Output path without suffix; ``.png`` and ``.svg`` are written.
    title
        Chart title (scenario and target year).
    standard
        Name of the standard (kept for callers; the levels name their boundary type).

    Returns
    -------
    list of pathlib.Path
        The files written (none when the table has no level).
    """
    return _write("cost_curve", table, stem, title)


def plot_macc(table: pd.DataFrame, stem: Path, title: str) -> list[Path]:
    """Stepped MACC: bar width = abatement potential, height = abatement cost.

    Returns the files written (``.png`` and ``.svg``; none when no row can be drawn).
    """
    return _write("macc", table, stem, title)
