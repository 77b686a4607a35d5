"""The certifier: which star level each year of a plan reaches, from the accounting alone.

It reads the annual table of :mod:`zcf_opt.accounting` and the rulebook, and shares no code
with the MILP's target constraints. A year whose level falls short of its target is reported
as a :class:`CertificationError`, never as a silent result.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zcf_opt.standards import LevelRule, Rulebook

#: slack for solver round-off: on shares [1] and, relative to the residual, on tonnes [1]
SHARE_TOLERANCE = 1e-6


class CertificationError(Exception):
    """A year's achieved level is below its target."""


@dataclass(frozen=True)
class YearCheck:
    """The evidence for one year and one level."""

    re_share: float
    residual_tco2e: float
    neutralised_tco2e: float
    removals_tco2e: float


def _evidence(row: pd.Series, includes_scope3: bool) -> YearCheck:
    residual = row["residual_type_ii_tco2e"] if includes_scope3 else row["residual_type_i_tco2e"]
    return YearCheck(
        re_share=float(row["re_share"]),
        residual_tco2e=max(0.0, float(residual)),
        neutralised_tco2e=float(row["offsets_tco2e"] + row["removals_tco2e"]),
        removals_tco2e=float(row["removals_tco2e"]),
    )


def meets(evidence: YearCheck, rule: LevelRule) -> bool:
    """Whether a year's evidence satisfies a level's thresholds."""
    slack = SHARE_TOLERANCE * max(1.0, evidence.residual_tco2e)
    return (
        evidence.re_share >= rule.min_re_share - SHARE_TOLERANCE
        and evidence.neutralised_tco2e >= rule.min_neutralised_share * evidence.residual_tco2e - slack
        and evidence.removals_tco2e >= rule.min_removal_share * evidence.residual_tco2e - slack
    )


def highest_level(row: pd.Series, rulebook: Rulebook, boundary: str) -> str | None:
    """The highest level of ``boundary`` that a year meets, e.g. ``"I-4"``, or None."""
    includes_scope3 = rulebook.boundaries[boundary].includes_scope3
    evidence = _evidence(row, includes_scope3)
    met = [rule for rule in rulebook.levels_of(boundary) if meets(evidence, rule)]
    return met[-1].level if met else None


def level_or_none(value: object) -> str | None:
    """A level as written in tables (``"I-4"``), or None for a missing value (None, NaN, "")."""
    return value if isinstance(value, str) and value else None


def _stars(level: object) -> int:
    level = level_or_none(level)
    return int(level.split("-")[1]) if level else 0


def certify(annual: pd.DataFrame, targets: dict[int, str | None], rulebook: Rulebook) -> pd.DataFrame:
    """Achieved level of every year.

    Parameters
    ----------
    annual
        Output of :func:`zcf_opt.accounting.annual_accounting`.
    targets
        Target level in force each year (``"II-6"``) or None.
    rulebook
        The standard's rulebook.

    Returns
    -------
    pandas.DataFrame
        ``year, target_level, achieved_level, achieved_level_<boundary>…, target_provisional,
        achieved_provisional`` (True where that level's threshold is provisional).
        ``achieved_level`` is the highest level met in the target's boundary type, or in the
        first boundary type of the rulebook (Type I) for a year without a target.
    """
    boundaries = list(rulebook.boundaries)
    rows = []
    for _, row in annual.iterrows():
        year = int(row["year"])
        target = targets.get(year)
        by_boundary = {b: highest_level(row, rulebook, b) for b in boundaries}
        main = target.split("-")[0] if target else boundaries[0]
        rows.append(
            {
                "year": year,
                "target_level": target,
                "achieved_level": by_boundary[main],
                **{f"achieved_level_{b}": by_boundary[b] for b in boundaries},
                "target_provisional": bool(target and rulebook.rule(target).provisional),
                "achieved_provisional": bool(
                    by_boundary[main] and rulebook.rule(by_boundary[main]).provisional
                ),
            }
        )
    return pd.DataFrame(rows)


def shortfalls(levels: pd.DataFrame) -> list[str]:
    """One sentence per year whose achieved level is below its target."""
    problems = []
    for _, row in levels.iterrows():
        if level_or_none(row["target_level"]) and _stars(row["achieved_level"]) < _stars(row["target_level"]):
            problems.append(
                f"{row['year']}: target {row['target_level']} but the plan certifies at "
                f"{level_or_none(row['achieved_level']) or 'no level'}"
            )
    return problems
