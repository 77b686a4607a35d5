"""The charts of the proposal, in the one design of :mod:`zcf_opt.report.chart_style`.

Each ``*_figure`` function takes the run and the chart wording and returns a figure (or None
when the run has nothing to show); :func:`render_charts` draws them all with a CJK font when
Chinese labels are asked for, and writes ``<name>.png`` and ``<name>.svg``. SVG text is
stored as glyph outlines, so the files need no font on the reader's machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from zcf_opt.report.cashflow import cash_flow
from zcf_opt.report.chart_style import (
    COLORS,
    FALLBACK_COLOR,
    SavedChart,
    legend_below,
    new_figure,
    rc,
    save,
    thousands,
)
from zcf_opt.report.data import RunData
from zcf_opt.report.i18n import Text
from zcf_opt.report.sweep_charts import cost_curve_figure as sweep_cost_curve_figure
from zcf_opt.report.sweep_charts import macc_figure as sweep_macc_figure
from zcf_opt.units import chart_money

#: a chart written to disk (see :class:`zcf_opt.report.chart_style.SavedChart`)
Chart = SavedChart


def _new(title: str) -> tuple[Figure, Axes]:
    figure, (axes,) = new_figure(title)
    return figure, axes


def _year_axis(axes: Axes, years: list[int]) -> None:
    axes.set_xticks(years)
    axes.set_xticklabels([str(y) for y in years], rotation=0)


def _stack(axes: Axes, x: np.ndarray, series: list[tuple[str, np.ndarray, str]], width: float = 0.7) -> None:
    """Stacked bars; positive values stack up from zero, negative ones down."""
    up, down = np.zeros(len(x)), np.zeros(len(x))
    for label, values, color in series:
        values = np.nan_to_num(np.asarray(values, dtype=float))
        if not np.any(np.abs(values) > 1e-9):
            continue
        base = np.where(values >= 0, up, down)
        axes.bar(x, values, width, bottom=base, label=label, color=color, edgecolor="white", linewidth=0.4)
        up = up + np.clip(values, 0, None)
        down = down + np.clip(values, None, 0)


def emissions_figure(run: RunData, text: Text) -> Figure:
    """Emissions by scope, offsets and removals, and net emissions against the target path."""
    annual = run.annual
    years = run.years
    scope3 = run.includes_scope3()
    figure, axes = _new(text("sec_emissions"))
    series = [
        (text("scope1"), annual["scope1_tco2e"].to_numpy(), COLORS["scope1"]),
        (text("scope2"), annual["scope2_market_tco2e"].to_numpy(), COLORS["scope2"]),
    ]
    if scope3:
        series.append((text("scope3"), annual["scope3_tco2e"].to_numpy(), COLORS["scope3"]))
    series += [
        (text("offsets"), -annual["offsets_tco2e"].to_numpy(), COLORS["offsets"]),
        (text("removals"), -annual["removals_tco2e"].to_numpy(), COLORS["removals"]),
    ]
    _stack(axes, np.array(years), series)
    residual = annual["residual_type_ii_tco2e" if scope3 else "residual_type_i_tco2e"].to_numpy()
    net = residual - annual["offsets_tco2e"].to_numpy() - annual["removals_tco2e"].to_numpy()
    axes.plot(years, net, color=COLORS["line"], marker="o", markersize=4, label=text("net_emissions"))
    targets = run.target_levels()
    share = run.inputs["target_min_neutralised_share"].sel(year=years).values
    allowed = np.array(
        [r * (1 - s) if targets[y] else np.nan for y, r, s in zip(years, residual, share, strict=True)]
    )
    if np.isfinite(allowed).any():
        axes.plot(
            years,
            allowed,
            color=COLORS["target"],
            linestyle="--",
            marker="D",
            markersize=4,
            label=text("target_net"),
        )
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_ylabel("tCO₂e")
    thousands(axes)
    _year_axis(axes, years)
    legend_below(figure)
    return figure


def re_share_figure(run: RunData, text: Text) -> Figure:
    """Renewable electricity share by year, each level's threshold and the target's requirement."""
    years = run.years
    figure, axes = _new(text("sec_re_share"))
    thresholds: dict[float, list[str]] = {}
    provisional: dict[float, bool] = {}
    for boundary in run.target_boundaries():
        for rule in run.rulebook.levels_of(boundary):
            thresholds.setdefault(rule.min_re_share, []).append(rule.level)
            provisional[rule.min_re_share] = provisional.get(rule.min_re_share, False) or rule.provisional
    for value, levels in sorted(thresholds.items()):
        label = f"{' / '.join(levels)} ≥ {value:.0%}"
        if provisional[value]:
            label += f" ({text('provisional')})"
        axes.axhline(value, color="#999999", linestyle=":", linewidth=0.9)
        axes.annotate(
            label,
            (years[0] - 0.4, value),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=7,
            color="#555555",
        )
    targets = run.target_levels()
    required = run.inputs["target_min_re_share"].sel(year=years).values
    required = np.array([r if targets[y] else np.nan for y, r in zip(years, required, strict=True)])
    if np.isfinite(required).any():
        axes.step(
            years, required, where="mid", color=COLORS["target"], linestyle="--", label=text("required_share")
        )
    axes.plot(
        years,
        run.annual["re_share"].to_numpy(),
        color=COLORS["green_power"],
        marker="o",
        linewidth=2,
        label=text("re_share"),
    )
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_ylim(0, 1.08)
    axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    _year_axis(axes, years)
    legend_below(figure)
    return figure


def capex_figure(run: RunData, text: Text) -> Figure:
    """Capex by year, stacked by lever."""
    scale, unit = chart_money(text.lang)
    years = run.years
    figure, axes = _new(text("chart_capex"))
    table = run.investments.groupby(["year", "lever"])["capex_cny"].sum().unstack(fill_value=0.0)
    table = table.reindex(years, fill_value=0.0)
    series = [
        (text.lever(lever), table[lever].to_numpy() / scale, COLORS.get(lever, FALLBACK_COLOR))
        for lever in table.columns
    ]
    _stack(axes, np.array(years), series)
    axes.set_ylabel(unit)
    thousands(axes)
    _year_axis(axes, years)
    legend_below(figure)
    return figure


def costs_figure(run: RunData, text: Text) -> Figure:
    """Annual cost by component (capex, O&M, electricity, gas, purchases, export revenue)."""
    scale, unit = chart_money(text.lang)
    flows = cash_flow(run)
    years = run.years
    figure, axes = _new(text("chart_costs"))
    series = [
        (text("capex"), flows["capex_cny"].to_numpy() / scale, COLORS["capex"]),
        (text("opex"), flows["opex_cny"].to_numpy() / scale, COLORS["opex"]),
        (text("electricity_cost"), flows["electricity_cost_cny"].to_numpy() / scale, COLORS["grid"]),
        (text("gas_cost"), flows["gas_cost_cny"].to_numpy() / scale, COLORS["gas"]),
        (text("market_cost"), flows["market_cost_cny"].to_numpy() / scale, COLORS["market"]),
        (text("export_revenue"), -flows["export_revenue_cny"].to_numpy() / scale, COLORS["export"]),
    ]
    _stack(axes, np.array(years), series)
    axes.plot(
        years,
        flows["total_cost_cny"].to_numpy() / scale,
        color=COLORS["line"],
        marker="o",
        markersize=4,
        label=text("total_cost"),
    )
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_ylabel(unit)
    thousands(axes)
    _year_axis(axes, years)
    legend_below(figure)
    return figure


def dispatch_year(run: RunData) -> int:
    """Year shown in the typical-day chart: the first year with a target, else the last year."""
    targets = run.target_levels()
    with_target = [y for y in run.years if targets[y]]
    return with_target[0] if with_target else run.years[-1]


def dispatch_figure(run: RunData, text: Text, year: int | None = None) -> Figure:
    """Hourly balance of the period with the most days in ``year``: load, PV, battery, grid."""
    year = dispatch_year(run) if year is None else year
    flows = run.dispatch.sel(year=year)
    weights = run.dispatch["period_weight_days"].values
    period = int(np.argmax(weights))
    day = flows.isel(period=period)
    hours = day["hour"].values

    def hourly(name: str) -> np.ndarray:
        return day[name].values.astype(float)

    pv_self = hourly("pv_generation_kw") - hourly("pv_export_kw") - hourly("pv_curtailed_kw")
    figure, axes = _new(text("chart_dispatch", year=year, days=weights[period]))
    series = [
        (text("grid_import"), hourly("grid_import_kw"), COLORS["grid"]),
        (text("pv_self"), pv_self, COLORS["pv"]),
        (text("battery_discharge"), hourly("battery_discharge_kw"), COLORS["battery"]),
        (text("battery_charge"), -hourly("battery_charge_kw"), "#9ad1c8"),
        (text("pv_export"), -hourly("pv_export_kw"), "#f6dc8b"),
    ]
    _stack(axes, hours, series, width=0.85)
    load = hourly("demand_kw") - hourly("measure_saving_kw")
    axes.step(hours, load, where="mid", color=COLORS["line"], linewidth=2, label=text("load"))
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_xlabel(text("hour"))
    axes.set_ylabel(text("power_kw"))
    axes.set_xticks(range(0, 24, 2))
    thousands(axes)
    soc = hourly("battery_soc_kwh")
    if float(np.max(soc, initial=0.0)) > 0:
        soc_axes = axes.twinx()
        soc_axes.plot(hours, soc, color="#555555", linestyle=":", linewidth=1.5, label=text("soc"))
        soc_axes.set_ylabel(text("soc"))
        soc_axes.spines["top"].set_visible(False)
        soc_axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        bottom, top = axes.get_ylim()
        soc_top = 1.05 * float(soc.max())
        soc_axes.set_ylim(soc_top * bottom / top if top > 0 else 0.0, soc_top)  # zero on both axes level
    legend_below(figure)
    return figure


def cost_curve_figure(run: RunData, text: Text) -> Figure | None:
    """The sweep's cost curve across levels (:func:`zcf_opt.report.sweep_charts.cost_curve_figure`)."""
    return sweep_cost_curve_figure(run.sweep.cost_curve, text)


def macc_figure(run: RunData, text: Text) -> Figure | None:
    """The sweep's MACC (:func:`zcf_opt.report.sweep_charts.macc_figure`)."""
    return sweep_macc_figure(run.sweep.macc, text)


#: chart name -> figure function, in the order of the proposal
FIGURES: dict[str, Callable[[RunData, Text], Figure | None]] = {
    "emissions": emissions_figure,
    "re_share": re_share_figure,
    "capex": capex_figure,
    "costs": costs_figure,
    "dispatch": dispatch_figure,
    "cost_curve": cost_curve_figure,
    "macc": macc_figure,
}


def render_charts(
    run: RunData,
    text: Text,
    out_dir: Path,
    family: str | None = None,
    dispatch_for: int | None = None,
) -> list[Chart]:
    """Draw every chart the run has data for and write ``<name>.png`` and ``<name>.svg``.

    Parameters
    ----------
    run
        The run folder's contents.
    text
        Wording of the chart labels (English when no CJK font is available).
    out_dir
        Folder of the chart files.
    family
        CJK font family for Chinese labels.
    dispatch_for
        Year of the typical-day chart (default :func:`dispatch_year`).
    """
    charts = []
    with matplotlib.rc_context(rc(family)):
        for name, function in FIGURES.items():
            if name == "dispatch":
                figure = dispatch_figure(run, text, dispatch_for)
            else:
                figure = function(run, text)
            if figure is not None:
                charts.append(save(figure, out_dir, name))
    return charts
