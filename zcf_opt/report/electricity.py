"""The electricity part of the proposal: the plan re-checked on the full year, and the battery's
cycles and end-of-life capacity.

Everything is read from the run's files (``full_year_check.csv``, ``summary.json`` →
``battery_vintages``) and worded in the report's language; nothing is recomputed here.
"""

from __future__ import annotations

import math
from typing import Any

from zcf_opt.certify import level_or_none
from zcf_opt.report.data import RunData
from zcf_opt.report.i18n import Text

#: purchases a repair may add, in the order shown
ADDED = (
    "green_power_mwh",
    "gec_mwh",
    "offsets_tco2e",
    "removals_tco2e",
    "international_credits_tco2e",
    "outside_reductions_tco2e",
)


def _level(run: RunData, value: object, text: Text) -> str:
    level = level_or_none(value)
    return run.level_text(level, text) if level else "–"


def _added(record: dict[str, Any], text: Text) -> str:
    parts = []
    for name in ADDED:
        amount = float(record.get(f"{name}_added", 0.0) or 0.0)
        if amount > 1e-6:
            unit = "MWh" if name.endswith("_mwh") else "tCO2e"
            parts.append(f"{text.column(name, with_unit=False)} +{text.number(amount, 1)} {text.unit(unit)}")
    return ("、" if text.lang == "zh" else ", ").join(parts) or "–"


def full_year_table(run: RunData, text: Text) -> dict[str, Any] | None:
    """Headers and rows of the full-year re-check, or None when the run has none."""
    if run.full_year is None or not len(run.full_year):
        return None
    headers = [
        text("year"),
        text("target_level"),
        text("full_year_level"),
        text.column("typical_total_cost_cny"),
        text.column("full_year_total_cost_cny"),
        text("cost_error"),
        text("typical_re_share"),
        text("full_year_re_share"),
        text("purchases_added"),
    ]
    rows = []
    for record in run.full_year.to_dict("records"):
        certified = str(record["certified"]).strip().lower() in ("true", "1", "1.0")
        rows.append(
            {
                "certified": certified,
                "cells": [
                    str(int(record["year"])),
                    _level(run, record["target_level"], text),
                    _level(run, record["full_year_level"], text),
                    text.money(float(record["typical_total_cost_cny"]), unit=False),
                    text.money(float(record["full_year_total_cost_cny"]), unit=False),
                    text.percent(float(record["cost_error"]), 2),
                    text.percent(float(record["typical_re_share"]), 1),
                    text.percent(float(record["full_year_re_share"]), 1),
                    _added(record, text),
                ],
            }
        )
    check = run.summary.get("full_year_check") or {}
    note = text(
        "full_year_note",
        seconds=f"{float(check.get('seconds', math.nan)):.1f}",
        error=text.percent(float(run.full_year["cost_error"].abs().max()), 2),
    )
    return {"headers": headers, "rows": rows, "note": note}


def battery_table(run: RunData, text: Text) -> dict[str, Any] | None:
    """Headers and rows of the battery vintages (cycles per year, end-of-life capacity), or None."""
    vintages = run.summary.get("battery_vintages") or []
    if not vintages:
        return None
    headers = [
        text("install_year"),
        text.with_unit("battery_nameplate", text.unit("kWh")),
        text.with_unit("battery_power", text.unit("kW")),
        text("cycles_per_year"),
        text("end_of_life_capacity"),
        text("end_of_life_year"),
    ]
    rows = [
        [
            str(int(v["install_year"])),
            text.number(float(v["nameplate_kwh"])),
            text.number(float(v["power_kw"])),
            text.number(float(v["cycles_per_year"])),
            text.percent(float(v["end_of_life_capacity"]), 0),
            str(int(v["end_of_life_year"])),
        ]
        for v in vintages
    ]
    return {"headers": headers, "rows": rows, "note": text("battery_note")}
