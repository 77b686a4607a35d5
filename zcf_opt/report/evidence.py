"""The standards part of the proposal: the auditor's evidence table, intensity per unit of
product, and the readings of the standards the run used, in the report's language.

Everything is worded from the rulebooks (requirement and source in the reader's language) and
read from the run's files (``evidence.csv``, ``annual.csv``); nothing is recomputed here.
"""

from __future__ import annotations

import math
from typing import Any

from zcf_opt.report.data import RunData
from zcf_opt.report.i18n import Text
from zcf_opt.standards.boundaries import Boundary
from zcf_opt.standards.library import column_key
from zcf_opt.standards.requirements import RequirementBase
from zcf_opt.standards.rulebook import Rulebook
from zcf_opt.standards.wording import CLASS_WORDS


def boundary_label(boundary: Boundary, text: Text) -> str:
    """What a boundary counts, e.g. ``"scope 1 + scope 2 (market-based)"``."""
    parts = []
    if boundary.scope1:
        parts.append(text("scope1_part"))
    if boundary.scope2 != "none":
        parts.append(text(f"scope2_{boundary.scope2}_part"))
    if boundary.scope3:
        categories = ("、" if text.lang == "zh" else ", ").join(
            text(f"category_{c}") for c in boundary.scope3
        )
        parts.append(text("scope3_part", categories=categories))
    label = " + ".join(parts)
    return label + (text("co2_only") if boundary.gases == "co2" else "")


def _requirement(
    rulebook: Rulebook | None, level: str, name: str
) -> tuple[RequirementBase | None, str | None]:
    """The requirement an evidence row checks, and the part in brackets (``motor``, ``measures``)."""
    base, _, part = name.partition("[")
    if rulebook is None or level not in rulebook.level_names():
        return None, None
    found = next((r for r in rulebook.level(level).active() if r.id == base), None)
    return found, (part.rstrip("]") or None)


def unit_text(unit: str, text: Text) -> str:
    """The unit of an evidence row for reading (``""`` for shares)."""
    if unit == "1":
        return ""
    if unit == "measure groups missing":
        return text("measure_groups_missing")
    if "/" in unit and unit.startswith(("kgce", "kgCO2e")):
        return text.unit(unit.split("/")[0] + "/unit")  # the product's unit is the user's word
    return text.unit(unit)


def figure(value: float, unit: str, text: Text) -> str:
    """An evidence value or threshold in its unit, for reading."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("not_applicable")
    if unit == "1":
        return text.percent(float(value), 1)
    if unit == "GB grade":
        return text("grade_value", grade=f"{float(value):.0f}")
    if unit == "measure groups missing":
        return f"{float(value):.0f}"
    return f"{text.number(float(value), 2)} {unit_text(unit, text)}"


def evidence_rows(run: RunData, text: Text) -> list[dict[str, Any]]:
    """One row per evidence line, worded in the report's language."""
    rows = []
    for record in run.evidence.to_dict("records"):
        rulebook = run.rulebook_named(str(record["standard"]))
        requirement, part = _requirement(rulebook, str(record["level"]), str(record["requirement"]))
        unit = str(record["unit"])
        met = str(record["met"]).strip().lower() in ("true", "1", "1.0")
        reading = ""
        if requirement is not None and requirement.when and rulebook is not None:
            reading = "；".join(
                rulebook.options[name].choice_in(choice, text.lang)
                for name, choice in requirement.when.items()
            )
        rows.append(
            {
                "year": int(record["year"]),
                "standard": rulebook.standard_in(text.lang) if rulebook else str(record["standard"]),
                "level": run.level_text(str(record["level"]), text, rulebook),
                "requirement": requirement.describe(text.lang, part)
                if requirement
                else str(record["requirement"]),
                "value": figure(record["value"], unit, text),
                "comparison": "≥" if record["comparison"] == ">=" else "≤",
                "threshold": figure(record["threshold"], unit, text),
                "met": met,
                "source": requirement.source.text(text.lang) if requirement else str(record["source"]),
                "provisional": str(record["provisional"]).strip().lower() in ("true", "1", "1.0"),
                "reading": reading,
                "raw": record,
            }
        )
    return rows


def intensity_table(run: RunData, text: Text) -> dict[str, Any] | None:
    """Per-unit figures by year (None without a production volume)."""
    annual = run.annual
    if "production_volume" not in annual.columns or annual["production_volume"].isna().all():
        return None
    boundaries = run.rulebook.boundaries
    headers = [
        text("year"),
        text.column("production_volume"),
        text.column("energy_kgce_per_unit"),
        text.column("electricity_kwh_per_unit"),
    ]
    headers += [
        f"{text('emissions_per_unit', boundary=boundary_label(spec, text))} [{text.unit('kgCO2e/unit')}]"
        for spec in boundaries.values()
    ]
    rows = []
    for record in annual.to_dict("records"):
        row = [
            str(int(record["year"])),
            text.number(float(record["production_volume"]), 0),
            text.number(float(record["energy_kgce_per_unit"]), 2),
            text.number(float(record["electricity_kwh_per_unit"]), 1),
        ]
        row += [text.number(float(record[f"kgco2e_per_unit_{column_key(b)}"]), 2) for b in boundaries]
        rows.append(row)
    return {"headers": headers, "rows": rows}


def reading_lines(run: RunData, text: Text) -> list[tuple[str, str]]:
    """``(label, reading)`` of every option of the rulebooks the run used."""
    lines = []
    for rulebook in run.rulebooks.values():
        for name, choice in rulebook.choices.items():
            option = rulebook.options[name]
            label = (
                f"{text('reading')}（{rulebook.standard_in(text.lang)}）"
                if text.lang == "zh"
                else (f"{text('reading')} ({rulebook.standard_in(text.lang)})")
            )
            separator = "：" if text.lang == "zh" else ": "
            lines.append(
                (label, f"{option.description_in(text.lang)}{separator}{option.choice_in(choice, text.lang)}")
            )
    return lines


def annual_column_label(run: RunData, name: str, text: Text) -> str | None:
    """Label (with unit) of an annual.csv column named after a boundary, an equipment class or
    a standard; None for the others (:meth:`Text.column` labels them)."""
    boundaries = {column_key(b): spec for b, spec in run.rulebook.boundaries.items()}
    standards = {column_key(key): rb for key, rb in run.rulebooks.items()}
    for prefix, suffix, key, unit in (
        ("emissions_", "_tco2e", "col_emissions", "tCO2e"),
        ("kgco2e_per_unit_", "", "col_kgco2e_per_unit", "kgCO2e/unit"),
    ):
        part = name.removeprefix(prefix).removesuffix(suffix) if name.startswith(prefix) else None
        if part in boundaries:
            return f"{text(key, boundary=boundary_label(boundaries[part], text))} [{text.unit(unit)}]"
    if name.startswith("equipment_grade_"):
        cls = name.removeprefix("equipment_grade_")
        words = CLASS_WORDS.get(cls)
        label = text(
            "col_equipment_grade", cls=(words[0] if text.lang == "zh" else words[1]) if words else cls
        )
        return f"{label} [{text.unit('1 = best')}]"
    for prefix, key in (
        ("target_level_", "col_target_level"),
        ("achieved_level_", "col_achieved_level"),
        ("target_met_", "col_target_met"),
    ):
        part = name.removeprefix(prefix) if name.startswith(prefix) else None
        if part in standards:
            return text(key, standard=standards[part].standard_in(text.lang))
        fixed = name in ("achieved_level_I", "achieved_level_II")
        if prefix == "achieved_level_" and part in boundaries and not fixed:
            return text("col_achieved_boundary", boundary=boundary_label(boundaries[part], text))
    return None
