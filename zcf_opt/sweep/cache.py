"""Run folders of a sweep: the key of a run, finished-run look-up and atomic writing.

Every run of a sweep lives in ``<sweep>/runs/<name>/``: the files of
:func:`zcf_opt.outputs.write_results` plus ``run.json`` (the key, the run's record and where
its plan came from). A run whose folder holds a ``run.json`` with the same key is finished
and is not solved again, provided every file still has the sha256 its folder's manifest
recorded (:func:`zcf_opt.files.intact`): a truncated ``summary.json`` or ``dispatch.nc`` makes
the run solved again, never reused. Folders appear complete or not at all, so an interrupted
sweep leaves only finished runs behind (and hidden staging folders, removed by the next sweep).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from zcf_opt import __version__
from zcf_opt.files import intact, staged_folder
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.outputs import legacy_run_entry, write_run_files
from zcf_opt.result import RunResult
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook

RUN_FILE = "run.json"

#: scenario fields that do not change a run's result and stay out of its key
NOT_IN_KEY = ("description", "sensitivity")


def slices_digest(slices: TimeSlices) -> str:
    """sha256 of the time slices (load and PV yield per period, weights, day mapping)."""
    digest = hashlib.sha256(slices.method.encode())
    for name in sorted(slices.values):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(slices.values[name], dtype=float).tobytes())
    digest.update(np.ascontiguousarray(slices.weight_days, dtype=float).tobytes())
    digest.update(np.ascontiguousarray(slices.day_to_period, dtype=np.int64).tobytes())
    return digest.hexdigest()


def resolved_inputs(scenario: Scenario) -> dict[str, Any]:
    """The scenario as JSON data for the key: defaults filled in, HiGHS threads left out."""
    data = scenario.model_dump(mode="json", exclude=set(NOT_IN_KEY))
    data["solver"].pop("threads", None)
    return data


def run_key(scenario: Scenario, rulebook: Rulebook, slices_sha: str) -> str:
    """sha256 of everything that determines a run's result.

    The fully resolved scenario (level applied, defaults filled in; without ``description``,
    ``sensitivity`` and ``solver.threads``), the rulebook's thresholds, the digest of the
    time slices (so an edited load profile or weather file counts) and the zcf-opt version.
    """
    payload = {
        "scenario": resolved_inputs(scenario),
        "rulebook": rulebook.model_dump(mode="json"),
        "time_slices_sha256": slices_sha,
        "zcf_opt_version": __version__,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def read_finished(folder: Path, key: str) -> dict[str, Any] | None:
    """The ``run.json`` content of a finished, undamaged run with this key, else None."""
    if not intact(folder, "run"):
        return None
    try:
        data = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def write_run(folder: Path, result: RunResult, run_json: dict[str, Any]) -> Path:
    """Write a run folder (result files and ``run.json``) so that it appears complete or not at all.

    Parameters
    ----------
    folder
        The run folder, ``<sweep>/runs/<name>``; an older run there is replaced.
    result
        The run's result.
    run_json
        Content of ``run.json`` (must hold ``key``).
    """
    with staged_folder(folder, "run", legacy_run_entry) as staging:
        write_run_files(result, staging)
        (staging / RUN_FILE).write_text(json.dumps(run_json, indent=2, ensure_ascii=False), encoding="utf-8")
    return folder
