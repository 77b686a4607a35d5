"""The result of one run: inputs, solver outcome, the plan's flows and its checked accounting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import xarray as xr

from zcf_opt.defaults import DefaultUse
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario
from zcf_opt.session import ModelSize
from zcf_opt.solve import SolveOutcome
from zcf_opt.standards import Rulebook


@dataclass
class RunResult:
    """Everything a run produced; :func:`zcf_opt.outputs.write_results` puts it on disk."""

    scenario: Scenario
    rulebook: Rulebook
    inputs: xr.Dataset
    outcome: SolveOutcome
    build_seconds: float
    model_size: ModelSize
    defaults: list[DefaultUse]
    warnings: list[Notice] = field(default_factory=list)  # warnings and notes
    errors: list[str] = field(default_factory=list)
    flows: xr.Dataset | None = None
    annual: pd.DataFrame | None = None
    investments: pd.DataFrame | None = None
    message: str = ""
    #: the plan re-dispatched on the full year (:mod:`zcf_opt.full_year`), when asked for
    full_year: Any = None
    #: every rulebook the run uses (id -> configured rulebook), the main one (``rulebook``) first
    rulebooks: dict[str, Rulebook] = field(default_factory=dict)
    #: the targets' requirements checked year by year (zcf_opt.certify.EVIDENCE_COLUMNS)
    evidence: pd.DataFrame | None = None
    #: for an infeasible plan: each requirement that cannot be met, how far, and what binds
    diagnosis: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.outcome.status

    def __post_init__(self) -> None:
        if not self.rulebooks:
            self.rulebooks = {self.rulebook.id: self.rulebook}

    @property
    def has_plan(self) -> bool:
        return self.annual is not None
