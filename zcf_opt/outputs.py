"""Write a run's files: summary.json, annual.csv, investments.csv, evidence.csv, dispatch.nc, inputs.nc.

Files are written to a temporary folder beside the destination and moved into place at the
end, so a run folder is either complete or absent: never half-written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from zcf_opt import __version__
from zcf_opt.accounting.assets import battery_vintages
from zcf_opt.certify import EVIDENCE_COLUMNS, level_or_none
from zcf_opt.files import staged_folder
from zcf_opt.finance import financing_summary
from zcf_opt.netcdf import write_netcdf
from zcf_opt.notices import as_notice
from zcf_opt.result import RunResult
from zcf_opt.standards.library import column_key, readings

#: files of a run folder (``run.json`` in a sweep's runs); an older folder holding only these
#: and the folders of :data:`RUN_COMPANIONS` was written by zcf-opt
RUN_FILES = (
    "summary.json",
    "scenario.json",
    "annual.csv",
    "investments.csv",
    "evidence.csv",
    "dispatch.nc",
    "inputs.nc",
    "run.json",
    "error.log",
    "full_year_check.csv",
)

#: folders other commands keep inside a run folder; re-solving leaves them as they are
RUN_COMPANIONS = ("sweep", "report", "macc")


def default_out_dir(result: RunResult) -> Path:
    return Path("results") / result.scenario.name


def _number(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _clean(value: Any) -> Any:
    """A table value as JSON data: NaN -> None, numpy scalars -> Python."""
    if hasattr(value, "item"):
        value = value.item()
    return _number(value) if isinstance(value, float) else value


def _targets_of_year(result: RunResult, row: Any) -> list[dict[str, Any]]:
    """The target of each standard in force in one year of the annual table, and whether it is met."""
    targets = []
    for n, (key, rulebook) in enumerate(result.rulebooks.items()):
        suffix = "" if n == 0 else f"_{column_key(key)}"
        level = level_or_none(row.get(f"target_level{suffix}"))
        if level:
            met = row.get(f"target_met{suffix}")
            targets.append(
                {
                    "standard": rulebook.standard,
                    "level": level,
                    "achieved_level": level_or_none(row.get(f"achieved_level{suffix}")),
                    "met": None if met is None or (isinstance(met, float) and math.isnan(met)) else bool(met),
                }
            )
    return targets


def intensity_records(result: RunResult) -> list[dict[str, Any]]:
    """Per-unit figures of each year (empty without a production volume)."""
    production = result.scenario.factory.production
    if result.annual is None or production is None:
        return []
    boundaries = result.rulebook.boundaries
    return [
        {
            "year": int(row["year"]),
            "production_volume": _clean(row["production_volume"]),
            "unit": production.unit,
            "energy_kgce_per_unit": _clean(row["energy_kgce_per_unit"]),
            "electricity_kwh_per_unit": _clean(row["electricity_kwh_per_unit"]),
            "kgco2e_per_unit": {b: _clean(row[f"kgco2e_per_unit_{column_key(b)}"]) for b in boundaries},
            "boundaries": {b: spec.description for b, spec in boundaries.items()},
        }
        for row in result.annual.to_dict("records")
    ]


def evidence_records(result: RunResult) -> list[dict[str, Any]]:
    """``evidence.csv`` as JSON records."""
    if result.evidence is None:
        return []
    return [{k: _clean(v) for k, v in row.items()} for row in result.evidence.to_dict("records")]


def summary_dict(result: RunResult) -> dict[str, Any]:
    """The content of ``summary.json``."""
    outcome = result.outcome
    levels = []
    if result.annual is not None:
        for row in result.annual.to_dict("records"):
            levels.append(
                {
                    "year": int(row["year"]),
                    "target_level": level_or_none(row["target_level"]),
                    "achieved_level": level_or_none(row["achieved_level"]),
                    "provisional": bool(row["target_provisional"] or row["achieved_provisional"]),
                    "targets": _targets_of_year(result, row),
                }
            )
    else:
        for year, target in zip(
            result.inputs["year"].values, result.inputs["target_level"].values, strict=True
        ):
            levels.append({"year": int(year), "target_level": str(target) or None, "achieved_level": None})
    notices = [as_notice(item) for item in result.warnings]
    return {
        "scenario": result.scenario.name,
        "factory": result.scenario.factory.name,
        "status": outcome.status,
        "message": result.message,
        "objective_npv_cny": _number(outcome.objective_cny),
        "accounting_npv_cny": (
            float(result.annual["discounted_cost_cny"].sum()) if result.annual is not None else None
        ),
        "mip_gap": _number(outcome.mip_gap),
        "build_seconds": round(result.build_seconds, 3),
        "solve_seconds": round(outcome.solve_seconds, 3),
        "handoff_seconds": round(outcome.handoff_seconds, 3),
        "highs_seconds": round(outcome.highs_seconds, 3),
        "model_size": result.model_size.as_dict(),
        "standard": result.rulebook.standard,
        "standards": [
            {"id": key, "standard": rb.standard, "title": rb.title, "options": rb.choices}
            for key, rb in result.rulebooks.items()
        ],
        "readings": readings(result.rulebooks),
        "time_resolution": result.inputs.attrs.get("time_resolution"),
        "typical_periods": int(result.inputs.sizes["period"]),
        "discount_rate": float(result.inputs["discount_rate"]),
        "financing": financing_summary(result.inputs),
        **data_file_summary(result),
        "years": levels,
        "warnings": [str(n) for n in notices if n.severity == "warning"],
        "notes": [str(n) for n in notices if n.severity == "note"],
        "notices": [n.as_dict() for n in notices],
        "errors": list(result.errors),
        "defaults_used": [use.as_dict() for use in result.defaults],
        "battery_vintages": battery_vintage_list(result),
        "full_year_check": full_year_summary(result),
        "evidence": evidence_records(result),
        "intensity": intensity_records(result),
        "diagnosis": [{k: _clean(v) for k, v in item.items()} for item in result.diagnosis],
        "zcf_opt_version": __version__,
    }


def full_year_summary(result: RunResult) -> dict[str, Any] | None:
    """The full-year re-check, when the run has one (:mod:`zcf_opt.full_year`)."""
    if result.full_year is None:
        return None
    from zcf_opt.full_year.check import summary_of

    return summary_of(result.full_year)


def battery_vintage_list(result: RunResult) -> list[dict[str, Any]]:
    """Each battery vintage built: size, cycles per year and end-of-life capacity."""
    if result.annual is None:
        return []
    return battery_vintages(result.inputs, result.flows).to_dict("records")


def data_file_summary(result: RunResult) -> dict[str, Any]:
    """The data files the run read and what they gave: PV yield [kWh/kWp/yr], load peaks [kW]."""
    factory = result.scenario.factory
    inputs = result.inputs
    first = {"year": inputs["year"].values[0]}
    demand = inputs["demand_kw"].sel(first)
    weather = factory.solar.weather_file
    return {
        "weather_file": str(weather) if weather is not None else None,
        "load_files": [str(path) for path in factory.electricity_load.meter_files],
        "pv_annual_yield_kwh_per_kwp": round(float(inputs["pv_annual_yield_kwh_per_kwp"]), 3),
        "first_year_peak_demand_kw": round(float(demand.max()), 3),
        "first_year_peak_15min_demand_kw": round(
            float((demand + inputs["demand_peak_excess_kw"].sel(first)).max()), 3
        ),
    }


def legacy_run_entry(path: Path) -> str | None:
    """An entry of a run folder written before folders had a manifest: ``"own"``, ``"keep"`` or None."""
    if path.is_file() and path.name in RUN_FILES:
        return "own"
    if path.is_dir() and path.name in RUN_COMPANIONS:
        return "keep"
    return None


def write_run_files(result: RunResult, folder: Path) -> None:
    """Write the run's files into ``folder`` (an empty folder; see :func:`write_results`)."""
    (folder / "summary.json").write_text(
        json.dumps(summary_dict(result), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "scenario.json").write_text(result.scenario.model_dump_json(indent=2), encoding="utf-8")
    if result.annual is not None:
        result.annual.to_csv(folder / "annual.csv", index=False)
        result.investments.to_csv(folder / "investments.csv", index=False)
        evidence = result.evidence if result.evidence is not None else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        evidence.to_csv(folder / "evidence.csv", index=False)
        write_netcdf(result.flows, folder / "dispatch.nc")
        write_netcdf(result.inputs, folder / "inputs.nc")
        if result.full_year is not None:
            result.full_year.table.to_csv(folder / "full_year_check.csv", index=False)


def write_results(result: RunResult, out_dir: str | Path | None = None, beside_foreign: bool = False) -> Path:
    """Write the run's files into ``out_dir``, replacing only an earlier run's own files there.

    Parameters
    ----------
    result
        The run.
    out_dir
        The run folder; default ``results/<scenario name>``. Refused when it holds files
        zcf-opt did not write (see :mod:`zcf_opt.files`).
    beside_foreign
        Write into a folder that holds other files, leaving them untouched.

    Returns
    -------
    pathlib.Path
        The run folder.

    Raises
    ------
    zcf_opt.errors.OutputError
        When the folder may not or cannot be written; nothing is changed then.
    """
    target = Path(out_dir) if out_dir is not None else default_out_dir(result)
    with staged_folder(target, "run", legacy_run_entry, beside_foreign) as staging:
        write_run_files(result, staging)
    return target
