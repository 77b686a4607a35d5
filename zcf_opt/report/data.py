"""Load a run folder (``zcf-opt solve`` output, optionally with a sweep) into plain objects.

A folder that cannot make a report (missing, no ``summary.json``, a run without a plan) raises
:class:`ReportInputError` with one line naming the folder or file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xarray as xr

from zcf_opt.certify import EVIDENCE_COLUMNS, level_or_none
from zcf_opt.errors import InputError
from zcf_opt.netcdf import open_netcdf
from zcf_opt.notices import Notice, as_notice
from zcf_opt.report.i18n import Text
from zcf_opt.standards import LevelRule, Rulebook, load_rulebook
from zcf_opt.standards.library import find_shipped

#: files of a run folder with a plan
PLAN_FILES = ("annual.csv", "investments.csv", "dispatch.nc", "inputs.nc", "scenario.json")

#: columns a sweep's files must have to be shown
COST_CURVE_COLUMNS = ("level", "status", "objective_npv_cny")
MACC_COLUMNS = ("lever", "option", "abatement_cost_cny_per_tco2e", "abatement_potential_tco2e_per_year")


class ReportInputError(Exception):
    """A run folder that cannot make a report; the message is one line for the user."""


@dataclass
class Sweep:
    """A sweep's tables (``<run folder>/sweep/``); either may be missing."""

    cost_curve: pd.DataFrame | None = None
    macc: pd.DataFrame | None = None

    @property
    def empty(self) -> bool:
        return self.cost_curve is None and self.macc is None


@dataclass
class RunData:
    """Everything a report needs from one run folder."""

    folder: Path
    summary: dict[str, Any]
    scenario: dict[str, Any]
    annual: pd.DataFrame
    investments: pd.DataFrame
    inputs: xr.Dataset
    dispatch: xr.Dataset
    rulebook: Rulebook
    sweep: Sweep = field(default_factory=Sweep)
    notes: list[Notice] = field(default_factory=list)
    #: every rulebook the run used (id -> rulebook with the run's option choices), main first
    rulebooks: dict[str, Rulebook] = field(default_factory=dict)
    #: the targets' requirements checked year by year (evidence.csv; empty for older run folders)
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVIDENCE_COLUMNS))
    #: the plan re-checked on the full year (full_year_check.csv; None when the run has none)
    full_year: pd.DataFrame | None = None

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.annual["year"]]

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def n_years(self) -> int:
        """Number of years of the horizon, N in (1+r)^-N of the residual value [1]."""
        return len(self.years)

    @property
    def discount_rate(self) -> float:
        """The scenario's discount rate [1/yr]."""
        return float(self.scenario.get("discount_rate", self.summary.get("discount_rate")))

    @property
    def npv(self) -> float:
        """The solver's net present cost [CNY]."""
        return float(self.summary["objective_npv_cny"])

    def notices(self) -> list[Notice]:
        """The run's warnings and notes, structured when ``summary.json`` has them, then the
        remarks on reading the folder."""
        structured = self.summary.get("notices")
        if isinstance(structured, list):
            found = [Notice.from_dict(item) for item in structured if isinstance(item, dict)]
        else:
            found = [as_notice(w) for w in self.summary.get("warnings") or []]
        return found + list(self.notes)

    def target_levels(self) -> dict[int, str | None]:
        """Target level in force each year (None before the first target)."""
        return {int(y["year"]): level_or_none(y["target_level"]) for y in self.summary["years"]}

    def achieved_levels(self) -> dict[int, str | None]:
        """Level the plan reaches each year (None when below three-star or no target)."""
        return {int(y["year"]): level_or_none(y["achieved_level"]) for y in self.summary["years"]}

    def provisional_flag(self, column: str, index: int) -> bool:
        """A ``*_provisional`` column of annual.csv in row ``index``; False when the column is absent."""
        if column not in self.annual.columns:
            return False
        return str(self.annual[column].iloc[index]).strip().lower() in ("true", "1", "1.0")

    def target_boundaries(self) -> list[str]:
        """Boundary types the targets use ("I", "II"), in rulebook order; ["I"] without target."""
        used = {self.rulebook.level(level).boundary for level in self.target_levels().values() if level}
        ordered = [b for b in self.rulebook.boundaries if b in used]
        return ordered or [next(iter(self.rulebook.boundaries))]

    def includes_scope3(self) -> bool:
        """True when a target's boundary counts scope 3 (Type II)."""
        return any(self.rulebook.boundaries[b].includes_scope3 for b in self.target_boundaries())

    def level_text(self, level: str | None, text: Text, rulebook: Rulebook | None = None) -> str:
        """A level in the reader's language: a star code with its name (``"I-4（Ⅰ型四星级）"``), else
        the rulebook's name of the level (``"零碳工厂"`` / ``"zero-carbon factory"``)."""
        rulebook = rulebook or self.rulebook
        if level and level in rulebook.level_names():
            named = rulebook.level(level)
            if text.level(level) == level:  # not a star code
                return named.label_in(text.lang)
        return text.level(level)

    def rulebook_named(self, standard: str) -> Rulebook | None:
        """The rulebook whose reference (as ``evidence.csv`` writes it) is ``standard``."""
        return next((rb for rb in self.rulebooks.values() if rb.standard == standard), None)

    def provisional_rules(self) -> list[LevelRule]:
        """Levels of the boundaries the plan targets that hold a provisional requirement."""
        return [
            rule
            for boundary in self.target_boundaries()
            for rule in self.rulebook.levels_of(boundary)
            if rule.provisional
        ]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"{path}: cannot be read as JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ReportInputError(f"{path}: expected a JSON object")
    return data


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"{path}: cannot be read as CSV ({exc})") from None
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ReportInputError(f"{path}: missing column(s) {', '.join(missing)}")
    return table


def _read_netcdf(path: Path) -> xr.Dataset:
    try:
        return open_netcdf(path)
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"{path}: cannot be read as NetCDF ({exc})") from None


def _read_sweep(folder: Path, notes: list[Notice]) -> Sweep:
    """``sweep/cost_curve.csv`` and ``sweep/macc.csv`` (or ``macc/macc.csv``) when present."""
    sweep = Sweep()
    for paths, required, attribute in (
        ([folder / "sweep" / "cost_curve.csv"], COST_CURVE_COLUMNS, "cost_curve"),
        ([folder / "sweep" / "macc.csv", folder / "macc" / "macc.csv"], MACC_COLUMNS, "macc"),
    ):
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            continue
        try:
            setattr(sweep, attribute, _read_csv(path, required))
        except ReportInputError:
            notes.append(Notice("sweep_file_unreadable", {"path": str(path)}))
    return sweep


def _rulebooks(scenario: dict[str, Any], summary: dict[str, Any], folder: Path) -> dict[str, Rulebook]:
    """The run's rulebooks with its option choices (``summary.json`` → ``standards``), main first."""
    standard = str(summary.get("standard") or scenario.get("standard"))
    rulebook_file = scenario.get("rulebook_file")
    try:
        main = load_rulebook(standard, Path(rulebook_file) if rulebook_file else None)
        used = summary.get("standards") or [{"id": main.id, "options": {}}]
        found: dict[str, Rulebook] = {}
        for n, entry in enumerate(used):
            rulebook = main if n == 0 else find_shipped(str(entry.get("id")))
            if rulebook is not None:
                found[rulebook.id] = rulebook.configured(dict(entry.get("options") or {}))
        return found or {main.id: main}
    except (InputError, OSError, KeyError) as exc:
        raise ReportInputError(f"{folder / 'scenario.json'}: rulebook cannot be loaded ({exc})") from None


def _read_evidence(folder: Path) -> pd.DataFrame:
    """``evidence.csv`` of the run, or an empty table for a folder written before it existed."""
    path = folder / "evidence.csv"
    if not path.is_file():
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return _read_csv(path, ("year", "standard", "level", "requirement", "value", "threshold", "met"))


def _read_full_year(folder: Path) -> pd.DataFrame | None:
    """The full-year re-check of a run (``full_year_check.csv``), None when it has none."""
    path = folder / "full_year_check.csv"
    return pd.read_csv(path) if path.is_file() else None


def load_run(folder: str | Path) -> RunData:
    """Read a run folder.

    Parameters
    ----------
    folder
        A folder written by ``zcf-opt solve`` (``results/<name>``).

    Raises
    ------
    ReportInputError
        When the folder is missing, has no ``summary.json``, holds a run without a plan
        (infeasible, or time limit without a feasible plan), or a plan file is missing.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportInputError(f"{folder}: no such run folder")
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise ReportInputError(f"{summary_path}: not found (is {folder} a zcf-opt run folder?)")
    summary = _read_json(summary_path)
    status = summary.get("status")
    if not (folder / "annual.csv").is_file():
        message = summary.get("message") or "no plan"
        raise ReportInputError(
            f"{folder / 'annual.csv'}: not found; the run's status is '{status}' ({message}), "
            "so there is no plan to report"
        )
    for name in PLAN_FILES:
        if not (folder / name).is_file():
            raise ReportInputError(f"{folder / name}: not found (incomplete run folder)")
    for key in ("objective_npv_cny", "years", "defaults_used"):
        if summary.get(key) is None:
            raise ReportInputError(f"{summary_path}: '{key}' missing; the run has no plan to report")
    scenario = _read_json(folder / "scenario.json")
    annual = _read_csv(folder / "annual.csv", ("year", "total_cost_cny", "discounted_cost_cny", "re_share"))
    investments = _read_csv(
        folder / "investments.csv", ("year", "lever", "option", "size", "unit", "capex_cny")
    )
    notes: list[Notice] = []
    rulebooks = _rulebooks(scenario, summary, folder)
    return RunData(
        folder=folder,
        summary=summary,
        scenario=scenario,
        annual=annual,
        investments=investments,
        inputs=_read_netcdf(folder / "inputs.nc"),
        dispatch=_read_netcdf(folder / "dispatch.nc"),
        rulebook=next(iter(rulebooks.values())),
        sweep=_read_sweep(folder, notes),
        notes=notes,
        rulebooks=rulebooks,
        evidence=_read_evidence(folder),
        full_year=_read_full_year(folder),
    )
