"""Which levels a sweep solves, from which year, and which levels imply which.

A level sweep solves the scenario once per star level, the level holding from one *target
year* on (earlier targets of the scenario are dropped), plus the no-target baseline. The
target year is the year of the scenario's last target; a scenario without targets uses the
middle year of its horizon (rounded down); ``--from-year`` overrides both.

Level B *implies* level A when every plan that meets B also meets A: each requirement of A is
implied by a requirement of B (same type, at least as strict, counting no more instruments, on
a boundary that counts at least A's emissions: :mod:`zcf_opt.standards.implication`). The
baseline (no target) is implied by every level. A standard whose levels are not star levels
(one level, or levels on different boundaries) sweeps the same way: every level from the
target year, each against the baseline.
"""

from __future__ import annotations

from zcf_opt.errors import InputError
from zcf_opt.schema import Scenario
from zcf_opt.standards import Level, Rulebook
from zcf_opt.standards.implication import requirement_implies

#: name of the no-target run of a level sweep (also its run folder)
BASELINE = "baseline"


def sweep_target_year(scenario: Scenario, from_year: int | None = None) -> int:
    """The first year the swept level holds [yr].

    Parameters
    ----------
    scenario
        The scenario swept.
    from_year
        Explicit choice (``--from-year``); must lie in the horizon.

    Returns
    -------
    int
        ``from_year`` if given, else the year of the scenario's last target, else the middle
        of the horizon, ``first_year + (last_year - first_year) // 2``.
    """
    horizon = scenario.horizon
    if from_year is not None:
        if not horizon.first_year <= from_year <= horizon.last_year:
            raise InputError(
                None,
                "--from-year",
                f"{from_year} lies outside the horizon {horizon.first_year}-{horizon.last_year}",
            )
        return from_year
    if scenario.targets:
        return max(target.year for target in scenario.targets)
    return horizon.first_year + (horizon.last_year - horizon.first_year) // 2


def all_levels(rulebook: Rulebook) -> list[str]:
    """Every level of a rulebook, by boundary (in the rulebook's order), lowest rank first."""
    return rulebook.level_names()


def parse_levels(text: str | None, rulebook: Rulebook) -> list[str]:
    """Levels named on the command line (``"I-3,I-4,II-6"``), or all levels of the rulebook.

    Raises
    ------
    InputError
        For an empty list, a repeated level or a level the rulebook does not define.
    """
    if text is None:
        return all_levels(rulebook)
    levels = [part.strip() for part in text.split(",") if part.strip()]
    known = all_levels(rulebook)
    if not levels:
        raise InputError(None, "--levels", f"give at least one level, e.g. {known[0]}")
    for level in levels:
        if level not in known:
            raise InputError(
                None,
                "--levels",
                f"unknown level '{level}'; levels of {rulebook.standard}: {', '.join(known)}",
            )
    repeated = sorted({level for level in levels if levels.count(level) > 1})
    if repeated:
        raise InputError(None, "--levels", f"level(s) named twice: {', '.join(repeated)}")
    return levels


def rule_implies(stricter: Level, weaker: Level, rulebook: Rulebook) -> bool:
    """Whether every plan meeting ``stricter`` in a year also meets ``weaker`` in that year."""
    return all(
        any(
            requirement_implies(
                have,
                rulebook.requirement_boundary(stricter, have),
                need,
                rulebook.requirement_boundary(weaker, need),
            )
            for have in stricter.active()
        )
        for need in weaker.active()
    )


def targets_imply(stricter: dict[int, str | None], weaker: dict[int, str | None], rulebook: Rulebook) -> bool:
    """Whether the per-year targets ``stricter`` imply ``weaker`` in every year.

    Parameters
    ----------
    stricter, weaker
        Target level in force each year (``"II-6"``) or None, over the same years.
    """
    for year, weak in weaker.items():
        if weak is None:
            continue
        strict = stricter.get(year)
        if strict is None or not rule_implies(rulebook.rule(strict), rulebook.rule(weak), rulebook):
            return False
    return True


def level_targets(level: str | None, target_year: int) -> list[dict[str, object]]:
    """The ``targets`` field of a level run: the level from ``target_year`` on, or none."""
    return [] if level is None else [{"year": target_year, "level": level}]
