"""The runs of a sweep: one validated scenario per level and/or parameter point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zcf_opt.inputs.prepare import time_slices
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.load import load_scenario
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook
from zcf_opt.sweep.cache import run_key, slices_digest
from zcf_opt.sweep.levels import level_targets
from zcf_opt.sweep.params import overrides_for


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep.

    Attributes
    ----------
    name
        Run name and folder name under ``runs/`` (``"II-4"``, ``"baseline"``, ``"p003"``).
    scenario
        The fully resolved scenario of the run (level and parameter values applied).
    key
        sha256 of the run's inputs (:func:`zcf_opt.sweep.cache.run_key`).
    family
        Key of the same scenario without targets: runs of one family differ only by their
        targets, so one's plan can serve another (:mod:`zcf_opt.sweep.derive`).
    slices_sha
        Digest of the run's time slices (shared by every run with the same factory and time
        resolution).
    level
        The swept level, or None for the baseline and for runs with the scenario's own targets.
    point
        Varied parameter name -> value (empty in a level sweep).
    """

    name: str
    scenario: Scenario
    key: str
    family: str
    slices_sha: str
    level: str | None = None
    point: dict[str, Any] = field(default_factory=dict)

    @property
    def targets(self) -> dict[int, str | None]:
        """Target level in force each year, or None."""
        return {y: (t.level if t else None) for y, t in self.scenario.target_by_year().items()}


def make_task(
    scenario_file: Path,
    base: Scenario,
    rulebook: Rulebook,
    slices: dict[str, TimeSlices],
    name: str,
    level: str | None = None,
    target_year: int | None = None,
    point: dict[str, Any] | None = None,
    own_targets: bool = False,
) -> RunTask:
    """Validate the scenario of one run and key it.

    Parameters
    ----------
    scenario_file
        The swept scenario's file (overrides are validated against it).
    base
        The swept scenario, as loaded.
    rulebook
        Its rulebook.
    slices
        Time slices by digest; the run's slices are added when its factory or time
        resolution differs from those seen so far (a varied ``factory.*`` field).
    name
        Run name (and folder name).
    level, target_year
        Level holding from ``target_year`` on; ``level=None`` without ``own_targets`` is the
        no-target baseline.
    point
        Parameter values to apply (constant trajectories).
    own_targets
        Keep the scenario's own targets instead of a swept level.

    Raises
    ------
    zcf_opt.errors.InputError
        When a varied value is not valid for its field.
    """
    point = dict(point or {})
    overrides = overrides_for(base, point)
    overrides["name"] = f"{base.name}-{name}"
    if not own_targets:
        overrides["targets"] = level_targets(level, target_year) if level else []
    scenario = load_scenario(scenario_file, overrides)
    own = time_slices(scenario)
    sha = next((sha for sha, known in slices.items() if known is own), None) or slices_digest(own)
    slices.setdefault(sha, own)
    key = run_key(scenario, rulebook, sha)
    family = run_key(scenario.model_copy(update={"targets": [], "name": ""}), rulebook, sha)
    return RunTask(name, scenario, key, family, sha, level, point)
