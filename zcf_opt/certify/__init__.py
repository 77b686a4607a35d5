"""The certifier: each requirement of each level checked on the recomputed accounting.

It reads the annual table of :mod:`zcf_opt.accounting`, the rulebooks and a few fixed inputs
(base-year emissions, production, measures' abatement costs), and shares no code with the
model's constraints (:mod:`zcf_opt.model.requirements`): each requirement type has its own
check here (:data:`CHECKS`, one module each). For every year and every standard in use it
gives the highest level met in each boundary, whether the target in force is met, and the
evidence of the target: value, threshold, unit, met, margin, source and provisional flag of
each requirement (:data:`EVIDENCE_COLUMNS`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import xarray as xr

from zcf_opt.certify import (
    absolute_reduction,
    equipment_efficiency,
    intensity,
    neutralisation,
    reduction_first,
    renewable_share,
)
from zcf_opt.certify.boundary import boundary_emissions, source_values
from zcf_opt.certify.context import Facts, YearContext
from zcf_opt.certify.evidence import EVIDENCE_COLUMNS, SHARE_TOLERANCE, Evidence
from zcf_opt.standards.library import column_key
from zcf_opt.standards.requirements import Intensity, RequirementBase
from zcf_opt.standards.rulebook import Level, Rulebook

__all__ = [
    "CHECKS",
    "EVIDENCE_COLUMNS",
    "SHARE_TOLERANCE",
    "Certification",
    "certify",
    "level_or_none",
    "shortfalls",
]

#: the certifier's check of each requirement type
CHECKS: dict[str, Callable[[RequirementBase, YearContext], list[Evidence]]] = {
    module.TYPE: module.check
    for module in (
        renewable_share,
        neutralisation,
        absolute_reduction,
        intensity,
        equipment_efficiency,
        reduction_first,
    )
}


def level_or_none(value: object) -> str | None:
    """A level as written in tables (``"I-4"``), or None for a missing value (None, NaN, "")."""
    return value if isinstance(value, str) and value else None


@dataclass
class Certification:
    """What the certifier found.

    Attributes
    ----------
    levels
        One row per year: ``target_level``, ``achieved_level``, ``achieved_level_<boundary>``,
        ``target_met``, ``target_provisional``, ``achieved_provisional`` of the main standard;
        ``target_level_<id>``, ``achieved_level_<id>``, ``target_met_<id>`` of each other
        standard; ``emissions_<boundary>_tco2e`` and ``kgco2e_per_unit_<boundary>`` of the main
        standard's boundaries (ids and boundaries with ``-`` written with ``_``).
    evidence
        The targets' requirements checked year by year (:data:`EVIDENCE_COLUMNS`).
    """

    levels: pd.DataFrame
    evidence: pd.DataFrame


def _reading(requirement: RequirementBase) -> str:
    return ", ".join(f"{k}={v}" for k, v in requirement.when.items())


def check_level(
    rulebook: Rulebook, level: Level, year: int, row: dict, sources: dict, facts: Facts
) -> list[dict]:
    """Evidence rows of every requirement of ``level`` that applies in ``year``."""
    ctx = YearContext(year, row, sources, facts, rulebook, level)
    rows = []
    for requirement in level.active():
        if requirement.from_year is not None and year < requirement.from_year:
            continue
        provisional = requirement.provisional
        if isinstance(requirement, Intensity) and requirement.benchmark:
            benchmark = requirement.benchmark_used(facts.production)
            provisional = provisional or bool(benchmark is not None and benchmark.provisional)
        for found in CHECKS[requirement.type](requirement, ctx):
            rows.append(
                {
                    "year": year,
                    "standard": rulebook.standard,
                    "level": level.name,
                    "requirement": found.requirement,
                    "type": found.type,
                    "description": found.description,
                    "boundary": rulebook.requirement_boundary_name(level, requirement),
                    "value": found.value,
                    "comparison": found.comparison,
                    "threshold": found.threshold,
                    "unit": found.unit,
                    "met": found.met,
                    "margin": found.margin,
                    "detail": found.detail,
                    "source": requirement.source.text(),
                    "provisional": provisional,
                    "reading": _reading(requirement),
                    "note": " ".join(p for p in (requirement.note, found.note) if p),
                }
            )
    return rows


def _targets(inputs: xr.Dataset) -> dict[str, dict[int, str | None]]:
    """Level in force per rulebook id and year, from the inputs."""
    levels = inputs["target_level_by_standard"]
    return {
        str(key): {
            int(y): level_or_none(str(v))
            for y, v in zip(inputs["year"].values, levels.sel(standard=key).values, strict=True)
        }
        for key in inputs["standard"].values
    }


def certify(
    annual: pd.DataFrame, inputs: xr.Dataset, rulebooks: dict[str, Rulebook], production: object | None
) -> Certification:
    """Levels reached and the targets' evidence, year by year.

    Parameters
    ----------
    annual
        Output of :func:`zcf_opt.accounting.annual_accounting`.
    inputs
        The run's inputs (for the targets in force, base-year emissions, production volume
        and the measures' abatement costs).
    rulebooks
        Rulebook id -> configured rulebook, the main standard first.
    production
        The factory's ``production`` section (benchmarks), or None.
    """
    facts = Facts.from_inputs(inputs, production)
    targets = _targets(inputs)
    main_id, main = next(iter(rulebooks.items()))
    level_rows, evidence = [], []
    for record in annual.to_dict("records"):
        year = int(record["year"])
        sources = source_values(record)
        out: dict[str, object] = {"year": year}
        for key, rulebook in rulebooks.items():
            checked = {
                lv.name: check_level(rulebook, lv, year, record, sources, facts) for lv in rulebook.levels
            }
            met = {name: all(r["met"] for r in rows) for name, rows in checked.items()}
            best = {
                b: next((lv.name for lv in reversed(rulebook.levels_of(b)) if met[lv.name]), None)
                for b in rulebook.boundaries
            }
            target = targets.get(key, {}).get(year)
            boundary = rulebook.level(target).boundary if target else next(iter(rulebook.boundaries))
            if target:
                evidence.extend(checked[target])
            if key == main_id:
                out.update(
                    {
                        "target_level": target,
                        "achieved_level": best[boundary],
                        **{f"achieved_level_{column_key(b)}": best[b] for b in rulebook.boundaries},
                        "target_met": bool(met[target]) if target else None,
                        "target_provisional": bool(target and rulebook.level(target).provisional),
                        "achieved_provisional": bool(
                            best[boundary] and rulebook.level(best[boundary]).provisional
                        ),
                    }
                )
            else:
                out[f"target_level_{column_key(key)}"] = target
                out[f"achieved_level_{column_key(key)}"] = best[boundary]
                out[f"target_met_{column_key(key)}"] = bool(met[target]) if target else None
        volume = float(record.get("production_volume", math.nan))
        for b, spec in main.boundaries.items():
            emissions = boundary_emissions(sources, spec.coefficients(facts.co2_fraction))
            out[f"emissions_{column_key(b)}_tco2e"] = emissions
            out[f"kgco2e_per_unit_{column_key(b)}"] = 1000.0 * emissions / volume if volume > 0 else math.nan
        level_rows.append(out)
    return Certification(pd.DataFrame(level_rows), pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS))


def shortfalls(certification: Certification) -> list[str]:
    """One sentence per target requirement not met in a year."""
    missed = certification.evidence[~certification.evidence["met"].astype(bool)]
    return [
        f"{row.year} {row.standard} {row.level}: {row.requirement} ({row.description}) is "
        f"{row.value:.6g} {row.unit}, the threshold {row.comparison} {row.threshold:.6g}"
        for row in missed.itertuples()
    ]
