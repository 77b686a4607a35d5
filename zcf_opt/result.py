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

    @property
    def status(self) -> str:
        return self.outcome.status

    @property
    def has_plan(self) -> bool:
        return self.annual is not None
