"""Sweep tables from run records: the cost curve of a level sweep and the sensitivity table.

Abatement
---------
``abatement_tco2e`` of a level is the cumulative reduction over the horizon, against the
no-target baseline, of the *emissions of the level's boundary before neutralisation*
(``emissions_<boundary>_tco2e`` of the certifier): for T/CECA-G 0171-2022 scope 1 +
market-based scope 2 for Type I levels, plus transport and purchased goods for Type II. Offsets
and removals neutralise emissions, they do not abate them, so they are not counted (they are
reported in ``offsets_tco2e`` and ``removals_tco2e``). Scope 3 is an input no lever changes, so
both boundary types give the same tonnes; green power and certificates lower market-based
scope 2 and therefore count. ``average_abatement_cost_cny_per_tco2e`` is
``incremental_npv_cny / abatement_tco2e``: the whole extra net present cost of the level
(offsets and removals bought included) per tonne abated, with undiscounted tonnes; empty when
the abatement is not positive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from zcf_opt.standards import Rulebook
from zcf_opt.standards.library import column_key
from zcf_opt.sweep.levels import BASELINE
from zcf_opt.sweep.params import value_label
from zcf_opt.sweep.record import PLAN_FIELDS

#: columns of cost_curve.csv, in order
COST_CURVE_COLUMNS = [
    "level",
    "target_year",
    "status",
    "objective_npv_cny",
    "incremental_npv_cny",
    "abatement_tco2e",
    "average_abatement_cost_cny_per_tco2e",
    *PLAN_FIELDS,
    "certified",
    "provisional",
    "plan_from",
    "message",
]

#: abatement below this is treated as none [tCO2e]
MIN_ABATEMENT_TCO2E = 1e-6


def residual_column(level: str, rulebook: Rulebook) -> str:
    """The boundary emissions column a level's abatement is measured on (before neutralisation)."""
    return f"emissions_{column_key(rulebook.level(level).boundary)}_tco2e"


def certified_from(record: dict[str, Any], level: str, rulebook: Rulebook, target_year: int) -> bool:
    """Whether the run's plan reaches ``level`` (its boundary type) in every year from ``target_year``."""
    column = f"achieved_level_{column_key(rulebook.rule(level).boundary)}"
    if record.get("status") not in ("optimal", "time_limit") or column not in record:
        return False
    achieved = record[column]
    return all(
        rulebook.rank(got) >= rulebook.rank(level)
        for year, got in zip(record["years"], achieved, strict=True)
        if year >= target_year
    )


def _plan_from(run_json: dict[str, Any]) -> str:
    return run_json.get("derived_from") or run_json["name"]


def cost_curve_table(
    runs: dict[str, dict[str, Any]], levels: list[str], rulebook: Rulebook, target_year: int
) -> pd.DataFrame:
    """One row for the baseline, then one per level (see :data:`COST_CURVE_COLUMNS`).

    Parameters
    ----------
    runs
        Run name -> ``run.json`` content, holding ``"baseline"`` and every level.
    levels
        The swept levels, in table order.
    rulebook
        Rulebook of the levels.
    target_year
        First year the levels hold [yr].
    """
    base = runs[BASELINE]["record"]
    base_npv = base["objective_npv_cny"]
    rows = []
    for name in [BASELINE, *levels]:
        run_json = runs[name]
        record = run_json["record"]
        npv = record["objective_npv_cny"]
        row: dict[str, Any] = {
            "level": name,
            "target_year": target_year,
            "status": record["status"],
            "objective_npv_cny": npv,
            "incremental_npv_cny": None,
            "abatement_tco2e": None,
            "average_abatement_cost_cny_per_tco2e": None,
            **{field: record.get("plan", {}).get(field) for field in PLAN_FIELDS},
            "certified": None,
            "provisional": None,
            "plan_from": _plan_from(run_json) if record["status"] != "error" else "",
            "message": record["message"],
        }
        if name != BASELINE:
            row["provisional"] = rulebook.rule(name).provisional
            row["certified"] = certified_from(record, name, rulebook, target_year)
        has_plan = npv is not None and "residual_type_i_tco2e" in record
        if has_plan and base_npv is not None and "residual_type_i_tco2e" in base:
            row["incremental_npv_cny"] = npv - base_npv
            if name == BASELINE:
                row["abatement_tco2e"] = 0.0
            else:
                column = residual_column(name, rulebook)
                abatement = float(np.sum(np.array(base[column]) - np.array(record[column])))
                row["abatement_tco2e"] = abatement
                if abatement > MIN_ABATEMENT_TCO2E:
                    row["average_abatement_cost_cny_per_tco2e"] = row["incremental_npv_cny"] / abatement
        rows.append(row)
    return pd.DataFrame(rows, columns=COST_CURVE_COLUMNS)


def targets_label(targets: list[str | None], years: list[int]) -> str:
    """``"2028:I-4;2030:I-6"``: each year a new target comes into force."""
    items, previous = [], None
    for year, level in zip(years, targets, strict=True):
        if level != previous and level is not None:
            items.append(f"{year}:{level}")
        previous = level
    return ";".join(items)


def level_reached(record: dict[str, Any], from_year: int | None, rulebook: Rulebook) -> str | None:
    """The level every year from ``from_year`` on reaches (their lowest achieved level), or None."""
    if "achieved_level" not in record:
        return None
    achieved = [
        level
        for year, level in zip(record["years"], record["achieved_level"], strict=True)
        if from_year is None or year >= from_year
    ]
    if not achieved or any(level is None for level in achieved):
        return None
    return min(achieved, key=rulebook.rank)


def sensitivity_table(
    runs: list[dict[str, Any]], parameters: list[str], rulebook: Rulebook, target_year: int | None
) -> pd.DataFrame:
    """One row per run: varied inputs, then status, NPV, levels reached and the headline plan.

    Parameters
    ----------
    runs
        ``run.json`` contents, in table order.
    parameters
        Names of the varied parameters (one column each, in their units).
    rulebook
        Rulebook of the targets.
    target_year
        Year from which ``level_reached`` is taken; None: the year of each run's last target
        (every year for a run without targets).
    """
    rows = []
    for run_json in runs:
        record = run_json["record"]
        years, targets = record["years"], record["targets"]
        first_target = target_year
        if first_target is None:
            changes = [
                y for y, t, p in zip(years, targets, [None, *targets[:-1]], strict=True) if t and t != p
            ]
            first_target = changes[-1] if changes else None
        row: dict[str, Any] = {"run": run_json["name"], "level": run_json.get("level") or ""}
        row["targets"] = targets_label(targets, years)
        row.update({name: run_json["point"].get(name) for name in parameters})
        row["status"] = record["status"]
        row["objective_npv_cny"] = record["objective_npv_cny"]
        row["target_year"] = first_target
        row["level_reached"] = level_reached(record, first_target, rulebook)
        achieved = record.get("achieved_level") or [None] * len(years)
        row.update({f"level_{year}": level for year, level in zip(years, achieved, strict=True)})
        row.update({field: record.get("plan", {}).get(field) for field in PLAN_FIELDS})
        levels_in_force = {t for t in targets if t}
        row["provisional"] = any(rulebook.rule(t).provisional for t in levels_in_force)
        row["plan_from"] = _plan_from(run_json) if record["status"] != "error" else ""
        row["message"] = record["message"]
        rows.append(row)
    table = pd.DataFrame(rows)
    for name in parameters:
        if table[name].map(lambda v: isinstance(v, str)).any():
            table[name] = table[name].map(value_label)
    return table
