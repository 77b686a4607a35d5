"""The sweep's charts: the cost curve across levels and the MACC, in either language.

``zcf-opt sweep`` and ``zcf-opt macc`` write them with English labels; the proposal draws
the same figures in its own language. Both take the tables as the sweep writes them
(``cost_curve.csv``, ``macc.csv``).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from zcf_opt.notices import Notice
from zcf_opt.report.chart_style import (
    COLORS,
    FALLBACK_COLOR,
    NOTE_SIZE,
    SMALL_SIZE,
    legend_below,
    new_figure,
    thousands,
)
from zcf_opt.report.i18n import Text
from zcf_opt.sweep.levels import BASELINE
from zcf_opt.units import chart_money


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "1.0")


def _number(value: object) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if pd.notna(number) and math.isfinite(float(number)) else None


def _boundary(level: str) -> str:
    return str(level).split("-")[0]


def cost_curve_figure(table: pd.DataFrame | None, text: Text, title: str | None = None) -> Figure | None:
    """Extra net present cost over the baseline and average abatement cost of each level.

    Bars are coloured by boundary type and hatched where the level's threshold is provisional;
    an infeasible level is marked instead of drawn. None for an empty table.
    """
    if table is None or table.empty or "level" not in table:
        return None
    levels = table[table["level"] != BASELINE].reset_index(drop=True)
    if levels.empty:
        return None
    scale, money = chart_money(text.lang)
    base = table[table["level"] == BASELINE]
    base_npv = _number(base["objective_npv_cny"].iloc[0]) if len(base) else None
    note = text("chart_cost_curve_note")
    if base_npv is not None:
        note = text("baseline_npv", npv=text.money(base_npv)) + ("。" if text.lang == "zh" else ". ") + note
    figure, (top, bottom) = new_figure(title or text("chart_cost_curve"), (8.0, 5.6), 2, [3, 2], note)
    boundaries: list[str] = []
    any_provisional = False
    for i, row in levels.iterrows():
        boundary = _boundary(row["level"])
        colour = COLORS.get(f"type_{boundary}", FALLBACK_COLOR)
        boundaries += [boundary] if boundary not in boundaries else []
        provisional = _flag(row.get("provisional"))
        any_provisional |= provisional
        hatch = "///" if provisional else None
        increment = _number(row.get("incremental_npv_cny"))
        if increment is None and base_npv is not None and _number(row.get("objective_npv_cny")) is not None:
            increment = _number(row["objective_npv_cny"]) - base_npv
        if increment is None:
            top.annotate(
                text.solver_status(str(row.get("status", "infeasible"))),
                (i, 0),
                ha="center",
                va="bottom",
                fontsize=SMALL_SIZE,
                color=COLORS["target"],
                rotation=90,
                xytext=(0, 3),
                textcoords="offset points",
            )
        else:
            top.bar(i, increment / scale, 0.7, color=colour, hatch=hatch, edgecolor="white", linewidth=0.5)
            top.annotate(
                f"{increment / scale:,.0f}",
                (i, increment / scale),
                ha="center",
                va="bottom" if increment >= 0 else "top",
                fontsize=SMALL_SIZE,
                xytext=(0, 2),
                textcoords="offset points",
            )
        cost = _number(row.get("average_abatement_cost_cny_per_tco2e"))
        if cost is not None:
            bottom.bar(i, cost, 0.7, color=colour, hatch=hatch, edgecolor="white", linewidth=0.5)
            bottom.annotate(
                f"{cost:,.0f}",
                (i, cost),
                ha="center",
                va="bottom" if cost >= 0 else "top",
                fontsize=SMALL_SIZE,
                xytext=(0, 2),
                textcoords="offset points",
            )
    for panel in (top, bottom):
        panel.axhline(0, color="#333333", linewidth=0.8)
        panel.margins(y=0.18)
        thousands(panel)
    top.set_ylabel(f"{text('chart_increment')}\n[{money}]", linespacing=1.4)
    bottom.set_ylabel(f"{text('avg_abatement_cost')}\n[{text.cny_per_tco2e}]", linespacing=1.4)
    bottom.set_xticks(np.arange(len(levels)), [str(level) for level in levels["level"]])
    bottom.set_xlim(-0.6, len(levels) - 0.4)
    handles = [
        Patch(color=COLORS.get(f"type_{b}", FALLBACK_COLOR), label=text.boundary(b)) for b in boundaries
    ]
    if any_provisional:
        handles.append(
            Patch(
                facecolor="white", edgecolor=COLORS["muted"], hatch="///", label=text("provisional_threshold")
            )
        )
    legend_below(figure, handles)
    return figure


def _wording(row: pd.Series) -> dict:
    raw = row.get("wording")
    if isinstance(raw, str) and raw.strip():
        try:
            return json.loads(raw)
        except ValueError:
            return {}
    return {}


def macc_option(row: pd.Series, text: Text) -> str:
    """The option of a MACC row in the reader's language (retrofits keep the user's name)."""
    option = _wording(row).get("option")
    return Notice.from_dict(option).text(text.lang) if option else str(row.get("option", ""))


def macc_note(row: pd.Series, text: Text) -> str:
    """The note of a MACC row in the reader's language (the file's English note without wording)."""
    note = _wording(row).get("note")
    if note:
        return Notice.from_dict(note).text(text.lang)
    value = row.get("note")
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _is_alternative(row: pd.Series) -> bool:
    note = _wording(row).get("note")
    if note:
        return bool(note.get("params", {}).get("alternatives"))
    return "alternative to" in str(row.get("note", ""))


def macc_figure(table: pd.DataFrame | None, text: Text, title: str | None = None) -> Figure | None:
    """Stepped MACC of the physical levers: bar width = abatement potential, height = cost per
    tonne, numbered bars in stacking order; market instruments (green power, certificates,
    offsets, removals) as dashed lines at their cost per tonne.

    Rows without a cost or a positive potential (e.g. the battery) are listed under the
    chart instead of drawn. None when nothing can be drawn.
    """
    if table is None or table.empty:
        return None
    table = table.copy()
    table["cost"] = pd.to_numeric(table["abatement_cost_cny_per_tco2e"], errors="coerce")
    table["potential"] = pd.to_numeric(table["abatement_potential_tco2e_per_year"], errors="coerce")
    curve = table["curve"] if "curve" in table else pd.Series("abatement", index=table.index)
    market = table[curve == "market"]
    drawable = (curve == "abatement") & np.isfinite(table["cost"]) & (table["potential"] > 0)
    drawn = table[drawable].reset_index(drop=True)
    if "curve" not in table:
        drawn = drawn.sort_values("cost", kind="stable").reset_index(drop=True)
    if drawn.empty:
        return None
    key = [f"{n + 1} {macc_option(row, text)}" for n, row in drawn.iterrows()]
    notes = [("；" if text.lang == "zh" else "; ").join(key), text("macc_note")]
    notes += [
        text("not_drawn", option=macc_option(row, text), note=macc_note(row, text))
        for _, row in table[~drawable & (curve != "market")].iterrows()
    ]
    figure, (axes,) = new_figure(title or text("chart_macc"), (8.0, 4.6), note="\n".join(notes))
    start = 0.0
    levers: list[str] = []
    any_alternative = False
    total = float(drawn["potential"].sum())
    last_label, stack = -1.0, 0
    for n, row in drawn.iterrows():
        width = float(row["potential"])
        lever = str(row["lever"])
        levers += [lever] if lever not in levers else []
        alternative = _is_alternative(row)
        any_alternative |= alternative
        axes.bar(
            start,
            row["cost"],
            width,
            align="edge",
            color=COLORS.get(lever, FALLBACK_COLOR),
            edgecolor="white",
            linewidth=0.6,
            hatch="..." if alternative else None,
        )
        centre = start + width / 2
        stack = stack + 1 if total > 0 and centre - last_label < 0.025 * total else 0
        last_label = centre
        offset = 2 + 9 * (stack % 4)
        axes.annotate(
            str(n + 1),
            (centre, row["cost"]),
            fontsize=NOTE_SIZE,
            ha="center",
            va="bottom" if row["cost"] >= 0 else "top",
            xytext=(0, offset if row["cost"] >= 0 else -offset),
            textcoords="offset points",
        )
        start += width
    axes.axhline(0, color="#333333", linewidth=0.8)
    for _, row in market.iterrows():
        if not np.isfinite(row["cost"]):
            continue
        colour = COLORS.get(str(row["lever"]), FALLBACK_COLOR)
        axes.axhline(row["cost"], color=colour, linewidth=1.0, linestyle="--")
        axes.annotate(
            f"{text.lever(str(row['lever']))} {row['cost']:,.0f}",
            (1.0, row["cost"]),
            xycoords=("axes fraction", "data"),
            fontsize=NOTE_SIZE,
            color=colour,
            ha="right",
            va="bottom",
        )
    axes.set_xlim(0, max(start, 1e-3) * 1.02)
    axes.margins(y=0.2)
    axes.set_xlabel(f"{text('abatement_potential')} [{text.unit('tCO2e/yr')}]")
    axes.set_ylabel(f"{text('abatement_cost')} [{text.cny_per_tco2e}]")
    thousands(axes)
    thousands(axes, "x")
    handles = [Patch(color=COLORS.get(lv, FALLBACK_COLOR), label=text.lever(lv)) for lv in levers]
    if any_alternative:
        handles.append(
            Patch(facecolor="white", edgecolor=COLORS["muted"], hatch="...", label=text("alternatives"))
        )
    legend_below(figure, handles)
    return figure
