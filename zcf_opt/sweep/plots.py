"""Charts for proposals: the level cost curve and the MACC, as PNG and SVG.

Figures are drawn on matplotlib's Agg canvas directly (no pyplot), so the charts need no
display and leave the caller's matplotlib state alone.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from zcf_opt.sweep.levels import BASELINE

MILLION = 1e6
LEVER_COLOURS = {
    "motors": "#4C72B0",
    "waste_heat": "#DD8452",
    "efficiency": "#64B5CD",
    "heat": "#DA8BC3",
    "supply_chain": "#A6761D",
    "pv": "#F2C14E",
    "battery": "#8C8C8C",
    "green_power": "#55A868",
    "certificates": "#8DC9A0",
    "offsets": "#937860",
    "removals": "#C44E52",
}
LEVER_NAMES = {
    "motors": "efficient motors",
    "waste_heat": "waste-heat recovery",
    "efficiency": "efficiency programmes",
    "heat": "electric heat",
    "supply_chain": "supply chain",
    "pv": "rooftop PV",
    "battery": "battery",
    "green_power": "green power",
    "certificates": "green certificates (GEC)",
    "offsets": "offsets",
    "removals": "removals",
}
TYPE_COLOURS = {"I": "#4C72B0", "II": "#55A868"}


def _figure(width_in: float, height_in: float) -> Figure:
    fig = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, stem: Path) -> list[Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=200, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    return paths


def _flag(value: object) -> bool:
    return isinstance(value, bool | np.bool_) and bool(value)


def _is_number(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def plot_cost_curve(table: pd.DataFrame, stem: Path, title: str, standard: str) -> list[Path]:
    """Incremental net present cost and average abatement cost of each level.

    Parameters
    ----------
    table
        The cost curve (:func:`zcf_opt.sweep.tables.cost_curve_table`).
    stem
        Output path without suffix; ``.png`` and ``.svg`` are written.
    title
        Chart title (scenario and target year).
    standard
        Name of the standard, for the axis label.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    levels = table[table["level"] != BASELINE].reset_index(drop=True)
    x = np.arange(len(levels))
    fig = _figure(8, 6.5)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    for i, row in levels.iterrows():
        colour = TYPE_COLOURS.get(str(row["level"]).split("-")[0], "#777777")
        hatch = "///" if _flag(row["provisional"]) else None
        npv = row["incremental_npv_cny"]
        if _is_number(npv):
            top.bar(i, npv / MILLION, width=0.7, color=colour, hatch=hatch, edgecolor="white", linewidth=0.5)
            top.annotate(
                f"{npv / MILLION:,.1f}",
                (i, npv / MILLION),
                ha="center",
                va="bottom" if npv >= 0 else "top",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
        else:
            top.annotate(
                str(row["status"]),
                (i, 0),
                ha="center",
                va="bottom",
                fontsize=8,
                color="#C44E52",
                rotation=90,
                xytext=(0, 3),
                textcoords="offset points",
            )
        cost = row["average_abatement_cost_cny_per_tco2e"]
        if _is_number(cost):
            bottom.bar(i, cost, width=0.7, color=colour, hatch=hatch, edgecolor="white", linewidth=0.5)
            bottom.annotate(
                f"{cost:,.0f}",
                (i, cost),
                ha="center",
                va="bottom" if cost >= 0 else "top",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
    top.axhline(0, color="black", linewidth=0.8)
    bottom.axhline(0, color="black", linewidth=0.8)
    top.set_ylabel("extra net present cost\nvs. no target [million CNY]")
    bottom.set_ylabel("average abatement cost\n[CNY/tCO$_2$e]")
    bottom.set_xticks(x, [str(level) for level in levels["level"]])
    bottom.set_xlim(-0.6, len(levels) - 0.4)
    bottom.set_xlabel(f"target level ({standard} boundary type - stars), held from the target year on")
    for axis in (top, bottom):
        axis.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        axis.set_axisbelow(True)
        axis.margins(y=0.15)
    base = table[table["level"] == BASELINE]
    base_npv = base["objective_npv_cny"].iloc[0] if len(base) else None
    subtitle = (
        f"baseline (no target) net present cost {base_npv / MILLION:,.1f} million CNY"
        if _is_number(base_npv)
        else "baseline: no plan"
    )
    top.set_title(f"{title}\n{subtitle}", fontsize=10, pad=24)
    handles = [Patch(color=c, label=f"Type {t}") for t, c in TYPE_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///", label="provisional threshold"))
    top.legend(
        handles=handles,
        fontsize=8,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=3,
        frameon=False,
        borderpad=0,
    )
    fig.text(
        0.01,
        -0.02,
        "Abatement: cumulative boundary residual emissions (before offsets and removals) avoided vs. the "
        "baseline.\nHatched levels use provisional thresholds (not from the standard's text).",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout()
    return _save(fig, stem)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plot_macc(table: pd.DataFrame, stem: Path, title: str) -> list[Path]:
    """Stepped MACC of the physical levers, market instruments as price lines.

    Bars (the ``abatement`` curve, stacked in order): width = abatement potential, height =
    abatement cost, numbered and keyed to a list beside the chart. Green power, certificates,
    offsets and removals (the ``market`` rows) are dashed lines at their cost per tonne. Rows
    without abatement of their own (e.g. the battery) are listed under the chart. Returns the
    files written (``.png`` and ``.svg``).
    """
    drawable = (
        (table["curve"] == "abatement")
        & table["abatement_cost_cny_per_tco2e"].notna()
        & (table["abatement_potential_tco2e_per_year"] > 0)
    )
    drawn = table[drawable].reset_index(drop=True)
    market = table[table["curve"] == "market"]
    left_out = table[(table["curve"] != "market") & ~drawable]
    fig = _figure(12, 6)
    axis, key = fig.subplots(1, 2, width_ratios=[2.3, 1])
    total = float(drawn["abatement_potential_tco2e_per_year"].sum()) / 1000.0
    start, last_label, level = 0.0, -1.0, 0
    lines = []
    for n, row in enumerate(drawn.itertuples(), start=1):
        width = row.abatement_potential_tco2e_per_year / 1000.0
        cost = row.abatement_cost_cny_per_tco2e
        alternative = "alternative to" in str(row.note)
        axis.bar(
            start,
            cost,
            width=width,
            align="edge",
            color=LEVER_COLOURS.get(row.lever, "#777777"),
            edgecolor="white",
            linewidth=0.6,
            hatch="..." if alternative else None,
        )
        centre = start + width / 2
        level = level + 1 if total > 0 and (centre - last_label) < 0.025 * total else 0
        last_label = centre
        offset = 2 + 9 * (level % 4)
        axis.annotate(
            str(n),
            (centre, cost),
            fontsize=7,
            ha="center",
            va="bottom" if cost >= 0 else "top",
            xytext=(0, offset if cost >= 0 else -offset),
            textcoords="offset points",
        )
        name = str(row.option) if row.lever != "pv" else LEVER_NAMES["pv"]
        lines.append(
            f"{n:>2}  {_short(name, 34):<34} {cost:>7,.0f}  {row.abatement_potential_tco2e_per_year:>8,.0f}"
        )
        start += width
    axis.axhline(0, color="black", linewidth=0.8)
    for row in market.itertuples():
        colour = LEVER_COLOURS.get(row.lever, "#777777")
        axis.axhline(row.abatement_cost_cny_per_tco2e, color=colour, linewidth=1.0, linestyle="--")
        axis.annotate(
            f"{LEVER_NAMES.get(row.lever, row.lever)} {row.abatement_cost_cny_per_tco2e:,.0f}",
            (1.0, row.abatement_cost_cny_per_tco2e),
            xycoords=("axes fraction", "data"),
            fontsize=7,
            color=colour,
            ha="right",
            va="bottom",
        )
    axis.set_xlim(0, max(start, 1e-3) * 1.02)
    axis.set_xlabel(
        "abatement potential [thousand tCO$_2$e/yr] (each lever's increment with the cheaper ones in place)"
    )
    axis.set_ylabel("abatement cost [CNY/tCO$_2$e]")
    axis.set_title(title, fontsize=10, loc="left")
    axis.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    axis.set_axisbelow(True)
    axis.margins(y=0.2)
    levers = list(dict.fromkeys(drawn["lever"]))
    handles = [Patch(color=LEVER_COLOURS.get(lv, "#777777"), label=LEVER_NAMES.get(lv, lv)) for lv in levers]
    if drawn["note"].str.contains("alternative to").any():
        handles.append(
            Patch(facecolor="white", edgecolor="#555555", hatch="...", label="alternative options")
        )
    axis.legend(handles=handles, fontsize=8, loc="upper left", frameon=False)
    key.axis("off")
    header = f"{'#':>2}  {'lever / option':<34} {'CNY/t':>7}  {'t/yr':>8}"
    key.text(
        0, 1, "\n".join([header, *lines]), family="monospace", fontsize=7, va="top", transform=key.transAxes
    )
    notes = [
        "First-year prices; capex after subsidies, with its financing, annuitised at the discount rate. "
        "Dashed lines: market instruments (green power, certificates, offsets, removals) per tonne."
    ]
    notes += [f"Not drawn: {row.option}: {row.note}." for row in left_out.itertuples()]
    fig.text(0.01, 0.0, "\n".join(notes), fontsize=7, color="#555555", va="top")
    fig.tight_layout()
    return _save(fig, stem)
