"""The proposal as one self-contained HTML page (inline CSS, charts as inline SVG data).

The page loads nothing from the network and runs no script: open ``proposal.html`` from the
disk and it shows everything. Figures are formatted here; the jinja2 template only lays them
out.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from typing import Any

import jinja2
import pandas as pd

from zcf_opt import __version__
from zcf_opt.defaults import catalogue
from zcf_opt.economics import Economics
from zcf_opt.notices import heat_kind_name, value_text
from zcf_opt.report.cashflow import cash_flow
from zcf_opt.report.charts import Chart
from zcf_opt.report.data import RunData
from zcf_opt.report.electricity import battery_table, full_year_table
from zcf_opt.report.evidence import evidence_rows, intensity_table, reading_lines
from zcf_opt.report.i18n import Text
from zcf_opt.report.sweep_charts import macc_note, macc_option


def environment() -> jinja2.Environment:
    """The templates of the proposal and the comparison."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("zcf_opt.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def option_name(row: Economics, text: Text) -> str:
    """Display name of a project: the lever's name and size for PV and battery, else the option."""
    if row.lever in ("pv", "battery"):
        return f"{text.lever(row.lever)} {row.option}"
    if row.lever == "equipment":
        return equipment_option(row.option, text)
    return row.option


def investment_option(run: RunData, year: int, lever: str, option: str, text: Text) -> str:
    """The option of an investment row in the reader's language (retrofits keep the user's name;
    an equipment upgrade names its group and the GB grades before and after)."""
    if lever == "pv":
        return text("option_pv")
    if lever == "battery":
        power = float(run.dispatch["battery_power_added_kw"].sel(year=year))
        return text("option_battery", power=text.number(power))
    if lever == "heat":
        kinds = dict(
            zip(run.inputs["heat_option"].values, run.inputs["heat_option_kind"].values, strict=True)
        )
        kind = heat_kind_name(str(kinds[option]), text.lang) if option in kinds else text("thermal_storage")
        return text("option_heat", name=option, kind=kind)
    if lever == "equipment":
        return equipment_option(option, text)
    return option


#: an equipment upgrade's option as inputs/equipment.py writes it: "<group>: grade 3 -> grade 1"
_EQUIPMENT_OPTION = re.compile(r"^(?P<group>.+): grade (?P<before>\d) -> grade (?P<after>\d)$")


def equipment_option(option: str, text: Text) -> str:
    """An equipment upgrade in the reader's language: the group and the GB grades before and after."""
    match = _EQUIPMENT_OPTION.match(option)
    if match is None or text.lang == "en":  # the English label is the one of investments.csv
        return option
    grades = [text("grade_value", grade=match[g]) for g in ("before", "after")]
    return f"{match['group']}：{grades[0]} → {grades[1]}"


def _levels(run: RunData, text: Text) -> list[dict[str, Any]]:
    targets, achieved = run.target_levels(), run.achieved_levels()
    rows = []
    for index, year in enumerate(run.years):
        target = targets[year]
        rows.append(
            {
                "year": year,
                "target": run.level_text(target, text) if target else "–",
                "achieved": run.level_text(achieved[year], text) if (achieved[year] or target) else "–",
                "re_share": text.percent(float(run.annual["re_share"].iloc[index])),
                "provisional": target is not None and run.provisional_flag("target_provisional", index),
                "achieved_provisional": achieved[year] is not None
                and run.provisional_flag("achieved_provisional", index),
                "met": target is None or run.rulebook.rank(achieved[year]) >= run.rulebook.rank(target),
            }
        )
    return rows


def _investments(run: RunData, text: Text) -> list[dict[str, str]]:
    rows = []
    for item in run.investments.sort_values(["year", "capex_cny"], ascending=[True, False]).itertuples():
        rows.append(
            {
                "year": str(item.year),
                "lever": text.lever(str(item.lever)),
                "option": investment_option(run, int(item.year), str(item.lever), str(item.option), text),
                "size": f"{text.number(float(item.size), 0)} {text.unit(str(item.unit))}",
                "capex": text.money(float(item.capex_cny), unit=False),
            }
        )
    return rows


def _cash_flow(run: RunData, text: Text) -> dict[str, Any]:
    table = cash_flow(run)
    # financing, subsidies and supply-chain options show where the plan has them
    optional = {
        "investment_subsidy_cny",
        "output_subsidy_cny",
        "loan_drawn_cny",
        "loan_repayment_cny",
        "supply_chain_cost_cny",
        "loan_outstanding_cny",
    }
    money = [
        (key, column)
        for key, column in (
            ("capex", "capex_cny"),
            ("investment_subsidy", "investment_subsidy_cny"),
            ("output_subsidy", "output_subsidy_cny"),
            ("loan_drawn", "loan_drawn_cny"),
            ("loan_repayment", "loan_repayment_cny"),
            ("opex", "opex_cny"),
            ("energy_cost", "energy_cost_cny"),
            ("market_cost", "market_cost_cny"),
            ("supply_chain_cost", "supply_chain_cost_cny"),
            ("total_cost", "total_cost_cny"),
            ("residual_value", "residual_value_cny"),
            ("loan_outstanding", "loan_outstanding_cny"),
        )
        if column not in optional or bool(table[column].abs().gt(1e-9).any())
    ]
    headers = [text("year")] + [text.with_unit(key, text.money_unit) for key, _ in money]
    headers += [text("discount_factor"), text.with_unit("net_discounted", text.money_unit)]
    rows = []
    for _, row in table.iterrows():
        cells = [str(int(row["year"]))] + [text.money(row[column], unit=False) for _, column in money]
        cells += [f"{row['discount_factor']:.4f}", text.money(row["net_discounted_cny"], unit=False)]
        rows.append(cells)
    total = (
        [text("npv_row")]
        + [""] * (len(headers) - 2)
        + [text.money(table["net_discounted_cny"].sum(), unit=False)]
    )
    return {"headers": headers, "rows": rows, "total": total}


def _measures(rows: list[Economics], text: Text) -> dict[str, Any]:
    unit = text.money_unit
    headers = [
        text("option"),
        text("lever"),
        text("built_year"),
        text.with_unit("capex", unit),
        text.with_unit("life", text.unit("yr")),
        text.with_unit("elec_saving", text.unit("MWh/yr")),
        text.with_unit("gas_saving", text.unit("Nm3/yr")),
        text.with_unit("annual_saving", text.money_per_year),
        text.with_unit("payback", text.unit("yr")),
        text.with_unit("npv_short", unit),
        text("irr"),
        text.with_unit("abatement", text.unit("tCO2e/yr")),
        text.with_unit("abatement_cost", text.cny_per_tco2e),
    ]
    body = []
    for row in rows:
        body.append(
            {
                "built": row.built_year is not None,
                "cells": [
                    option_name(row, text),
                    text.lever(row.lever),
                    str(row.built_year) if row.built_year is not None else text("not_built"),
                    text.money(row.capex_cny, unit=False),
                    str(row.life_years),
                    text.number(row.electricity_saving_mwh, 1),
                    text.number(row.gas_saving_nm3, 0),
                    text.money(row.annual_saving_cny, unit=False),
                    text.number(row.simple_payback_years, 1),
                    text.money(row.npv_cny, unit=False),
                    text.percent(row.irr),
                    text.number(row.abatement_tco2e, 1),
                    text.number(row.abatement_cost_cny_per_tco2e, 0),
                ],
            }
        )
    return {"headers": headers, "rows": body}


def _number_or_text(value: object, digits: int = 0) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Text.number(float(value), digits) if math.isfinite(float(value)) else "–"
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _sweep(run: RunData, text: Text) -> dict[str, Any] | None:
    if run.sweep.empty:
        return None
    out: dict[str, Any] = {}
    curve = run.sweep.cost_curve
    if curve is not None:
        curve = sweep_messages(curve, text)
        columns = [
            ("level", text("level"), "level"),
            ("status", text("status"), "status"),
            ("objective_npv_cny", text.with_unit("objective", text.money_unit), "money"),
            ("incremental_npv_cny", text.with_unit("incremental_npv", text.money_unit), "money"),
            ("abatement_tco2e", text.with_unit("abatement_potential", text.unit("tCO2e")), 0),
            (
                "average_abatement_cost_cny_per_tco2e",
                text.with_unit("avg_abatement_cost", text.cny_per_tco2e),
                0,
            ),
            ("message", text("message"), None),
        ]
        out["curve"] = _sweep_table(curve, columns, text, lambda lvl: run.level_text(lvl, text))
    macc = run.sweep.macc
    if macc is not None:
        macc = macc_wording(macc, text)
        columns = [
            ("lever", text("lever"), "lever"),
            ("option", text("option"), None),
            ("abatement_cost_cny_per_tco2e", text.with_unit("abatement_cost", text.cny_per_tco2e), 0),
            (
                "abatement_potential_tco2e_per_year",
                text.with_unit("abatement_potential", text.unit("tCO2e/yr")),
                0,
            ),
            ("equivalent_annual_cost_cny", text.with_unit("eac", text.money_per_year), "money"),
            ("capex_cny", text.with_unit("capex", text.money_unit), "money"),
            ("life_years", text.with_unit("life", text.unit("yr")), 0),
            ("note", text("note"), None),
        ]
        out["macc"] = _sweep_table(macc, columns, text)
    return out


def sweep_messages(curve: pd.DataFrame, text: Text) -> pd.DataFrame:
    """The cost curve with its messages in the reader's language.

    A level that took a weaker level's plan is explained; an infeasible level gets the
    infeasibility in Chinese, the run's own diagnosis in English.
    """
    curve = curve.copy()
    if "message" not in curve.columns:
        curve["message"] = ""
    if "plan_from" in curve.columns:
        derived = curve["plan_from"].notna() & (curve["plan_from"].astype(str) != curve["level"].astype(str))
        derived &= curve["plan_from"].astype(str).str.strip() != ""
        curve.loc[derived, "message"] = [text("plan_from", donor=d) for d in curve.loc[derived, "plan_from"]]
    else:
        derived = pd.Series(False, index=curve.index)
    if text.lang == "zh":
        status = (
            curve["status"].astype(str) if "status" in curve.columns else pd.Series("", index=curve.index)
        )
        curve.loc[~derived & (status == "infeasible"), "message"] = text("infeasible_message")
        curve.loc[~derived & ~status.isin(["infeasible"]), "message"] = ""
    return curve


def macc_wording(macc: pd.DataFrame, text: Text) -> pd.DataFrame:
    """The MACC with its options and notes in the reader's language."""
    macc = macc.copy()
    macc["option"] = [macc_option(row, text) for _, row in macc.iterrows()]
    macc["note"] = [macc_note(row, text) for _, row in macc.iterrows()]
    return macc


def _sweep_table(
    table: pd.DataFrame,
    columns: list[tuple[str, str, object]],
    text: Text,
    level_name: Callable[[str], str] = str,
) -> dict[str, Any]:
    present = [c for c in columns if c[0] in table.columns]
    rows = []
    for _, row in table.iterrows():
        cells = []
        for name, _, kind in present:
            value = row[name]
            if kind == "money":
                number = pd.to_numeric(value, errors="coerce")
                cells.append(text.money(float(number), unit=False) if pd.notna(number) else "–")
            elif kind == "lever":
                cells.append(text.lever(str(value)))
            elif kind == "level":
                cells.append(level_name(str(value)))
            elif kind == "status":
                cells.append(text.solver_status(str(value)))
            elif isinstance(kind, int):
                number = pd.to_numeric(value, errors="coerce")
                cells.append(_number_or_text(float(number) if pd.notna(number) else None, kind))
            else:
                cells.append(_number_or_text(value))
        rows.append(cells)
    return {
        "headers": [c[1] for c in present],
        "rows": rows,
        "text": [kind in (None, "lever", "level", "status") for _, _, kind in present],
    }


def default_rows(run: RunData, text: Text) -> list[dict[str, Any]]:
    """The catalogue defaults the run used, worded in the reader's language.

    ``field`` is the YAML field name (shown on hover in the page, as a note in the workbook).
    """
    rows = []
    for use in run.summary.get("defaults_used", []):
        entry = catalogue().get(str(use.get("key", "")))
        rows.append(
            {
                "label": entry.label(text.lang) if entry else str(use.get("field", "")),
                "field": str(use.get("field", "")),
                "value": value_text(use.get("value"), "", text.lang),
                "raw_value": use.get("value"),
                "unit": text.unit(str(use.get("unit", ""))),
                "source": entry.source_in(text.lang) if entry else str(use.get("source", "")),
                "year": use.get("year", ""),
                "status": text.figure_status(str(use.get("status", ""))),
                "placeholder": use.get("status") == "placeholder",
            }
        )
    return rows


def _provisional(run: RunData, text: Text) -> list[dict[str, Any]]:
    """Each provisional requirement of the levels of the targeted boundaries, with its source."""
    targets = {level for level in run.target_levels().values() if level}
    return [
        {
            "level": run.level_text(rule.level, text),
            "requirement": requirement.describe(text.lang),
            "source": requirement.source.text(text.lang),
            "target": text.yes_no(rule.level in targets),
            "is_target": rule.level in targets,
        }
        for rule in run.provisional_rules()
        for requirement in rule.active()
        if requirement.provisional
    ]


def context(
    run: RunData, text: Text, charts: list[Chart], economics: list[Economics], notes: list[str]
) -> dict[str, Any]:
    """Everything the template shows, formatted in the report's language."""
    summary = run.summary
    achieved = run.achieved_levels()
    last_year = run.years[-1]
    first_target = next(((y, lvl) for y, lvl in run.target_levels().items() if lvl), None)
    capex = float(run.investments["capex_cny"].sum())
    status = str(summary.get("status", ""))
    meta = [
        (text("scenario"), str(summary.get("scenario", ""))),
        (text("factory"), str(summary.get("factory", ""))),
        (text("standard"), f"{run.rulebook.standard_in(text.lang)} {run.rulebook.title_in(text.lang)}"),
        (text("horizon"), f"{run.first_year}–{last_year}"),
        (text("discount_rate"), text.percent(run.discount_rate, 1)),
        (text("status"), text.solver_status(status)),
    ]
    if summary.get("mip_gap") is not None and status != "optimal":
        meta.append((text("mip_gap"), text.percent(float(summary["mip_gap"]), 2)))
    meta += reading_lines(run, text)
    key_figures = [
        (text("npv"), text.money(run.npv)),
        (text("total_capex"), text.money(capex)),
        (text("final_level"), run.level_text(achieved[last_year], text)),
        (text("final_re_share"), text.percent(float(run.annual["re_share"].iloc[-1]))),
    ]
    if first_target:
        key_figures.append(
            (text("first_target"), f"{first_target[0]}: {run.level_text(first_target[1], text)}")
        )
    return {
        "lang": "zh-CN" if text.lang == "zh" else "en",
        "t": text,
        "meta": meta,
        "key_figures": key_figures,
        "errors": list(summary.get("errors") or []),
        "warnings": [text.notice(n) for n in run.notices() if n.severity == "warning"],
        "run_notes": [text.notice(n) for n in run.notices() if n.severity != "warning"],
        "notes": notes,
        "levels": _levels(run, text),
        "investments": _investments(run, text),
        "charts": {c.name: {"title": c.title, "src": _data_uri(c.svg)} for c in charts},
        "cash_flow": _cash_flow(run, text),
        "measures": _measures(economics, text),
        "sweep": _sweep(run, text),
        "defaults": default_rows(run, text),
        "provisional": _provisional(run, text),
        "evidence": evidence_rows(run, text),
        "intensity": intensity_table(run, text),
        "full_year": full_year_table(run, text),
        "battery": battery_table(run, text),
        "npv_value": text.money(run.npv),
        "accounting_npv": text.money(summary.get("accounting_npv_cny")),
        "version": __version__,
        "money_unit": text.money_unit,
    }


def render_html(
    run: RunData, text: Text, charts: list[Chart], economics: list[Economics], notes: list[str]
) -> str:
    """The proposal page.

    Parameters
    ----------
    run
        The run folder's contents.
    text
        Wording of the page.
    charts
        Rendered charts (embedded as SVG data).
    economics
        Per-measure economics, in display order.
    notes
        Remarks on the report itself (e.g. chart labels in English for lack of a CJK font).
    """
    template = environment().get_template("proposal.html.j2")
    return template.render(**context(run, text, charts, economics, notes))
