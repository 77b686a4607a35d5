"""The facts of one run that sweep tables need, as plain JSON-ready data.

A record is computed once from a :class:`~zcf_opt.result.RunResult` and stored in the run
folder's ``run.json``; tables are always built from records (fresh or read back), so a
resumed sweep gives the same table as an uninterrupted one.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from zcf_opt.certify import level_or_none
from zcf_opt.result import RunResult
from zcf_opt.solve import SolveOutcome

#: headline-plan fields of a record (and of the sweep tables), with units
PLAN_FIELDS = {
    "pv_kwp": "kWp, installed in the last year",
    "battery_kwh": "kWh, in service in the last year",
    "measures": "retrofits built, 'measure (install year)', '; '-separated",
    "green_power_mwh": "MWh, sum over the horizon",
    "gec_mwh": "MWh, sum over the horizon",
    "offsets_tco2e": "tCO2e, sum over the horizon",
    "removals_tco2e": "tCO2e, sum over the horizon",
}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def outcome_dict(outcome: SolveOutcome) -> dict[str, Any]:
    """A solve outcome as JSON-ready data."""
    return {k: (_number(v) if isinstance(v, float) else v) for k, v in dataclasses.asdict(outcome).items()}


def outcome_from_dict(data: dict[str, Any]) -> SolveOutcome:
    """Inverse of :func:`outcome_dict`."""
    return SolveOutcome(**data)


def measures_built(result: RunResult) -> str:
    """Retrofits the plan builds: ``"measure (year)"`` items joined by ``"; "``."""
    if result.flows is None:
        return ""
    built = result.flows["measure_built"].values
    measures = [str(m) for m in result.flows["measure"].values]
    years = [int(y) for y in result.flows["year"].values]
    chosen = sorted((years[i], measures[k]) for k, i in zip(*np.nonzero(built > 0.5), strict=True))
    return "; ".join(f"{measure} ({year})" for year, measure in chosen)


def plan_headline(result: RunResult) -> dict[str, Any]:
    """The headline plan of a run (see :data:`PLAN_FIELDS`); empty values without a plan."""
    if result.annual is None:
        return {name: ("" if name == "measures" else None) for name in PLAN_FIELDS}
    annual = result.annual
    return {
        "pv_kwp": float(annual["pv_installed_kwp"].iloc[-1]),
        "battery_kwh": float(annual["battery_energy_kwh"].iloc[-1]),
        "measures": measures_built(result),
        "green_power_mwh": float(annual["green_power_mwh"].sum()),
        "gec_mwh": float(annual["gec_mwh"].sum()),
        "offsets_tco2e": float(annual["offsets_tco2e"].sum()),
        "removals_tco2e": float(annual["removals_tco2e"].sum()),
    }


def run_record(result: RunResult) -> dict[str, Any]:
    """The facts of a run: status, message, NPV, per-year residuals and levels, headline plan.

    Returns
    -------
    dict
        ``status``, ``message`` (the run's message, then its errors), ``errors``,
        ``objective_npv_cny`` [CNY] or None, ``outcome``, ``years`` [yr], ``targets`` (level
        in force each year or None), ``residual_type_i_tco2e`` and ``residual_type_ii_tco2e``
        [tCO2e per year] and ``achieved_level*`` (levels per year) when there is a plan, and
        ``plan`` (see :data:`PLAN_FIELDS`).
    """
    years = [int(y) for y in result.inputs["year"].values]
    targets = [level_or_none(str(t)) for t in result.inputs["target_level"].values]
    record: dict[str, Any] = {
        "status": result.status,
        "message": " ".join([result.message, *result.errors]).strip(),
        "errors": list(result.errors),
        "objective_npv_cny": _number(result.outcome.objective_cny),
        "outcome": outcome_dict(result.outcome),
        "years": years,
        "targets": targets,
        "plan": plan_headline(result),
    }
    if result.annual is not None:
        annual = result.annual
        columns = ["residual_type_i_tco2e", "residual_type_ii_tco2e"]
        columns += [c for c in annual.columns if c.startswith("emissions_") and c.endswith("_tco2e")]
        for column in columns:
            record[column] = [float(v) for v in annual[column]]
        for column in [c for c in annual.columns if c.startswith("achieved_level")]:
            record[column] = [level_or_none(v) for v in annual[column]]
    return record
