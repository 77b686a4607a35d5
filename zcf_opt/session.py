"""Built models kept for re-use: a run that differs from an earlier one only in its targets
or in its prices changes the target thresholds (:func:`zcf_opt.model.requirements.set_targets`)
and prices (:func:`zcf_opt.model.prices.set_prices`) of the built model and re-solves it,
instead of building and handing a new model to HiGHS.

Sessions are kept per process (the last :data:`MAX_SESSIONS`), keyed by a digest of every
input except the ``target_*`` variables and the prices the model holds as parameters
(:data:`zcf_opt.model.prices.PRICE_INPUTS`), so a re-used model is the very model a fresh
build would give. A session is used by one run at a time; a concurrent run in another thread builds
a model of its own.

A session's ``solver`` (:class:`zcf_opt.handoff.HighsModel`) hands the model to HiGHS at its
first solve and afterwards passes on only what changed. A new model starts from the last basis
of the most recently used kept session that no run holds, when both models have the same shape
(same rows, columns and integrality: the next sample of a sensitivity study, the other loan
rate of a scenario solved at both), so HiGHS starts near the optimum instead of from scratch.
A caller holding a session may change
mutable Params or fix, unfix or re-bound variables of ``session.model`` and solve again with
``solve_model(session.model, options, solver=session.solver)`` (see :mod:`zcf_opt.handoff`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pyomo.core as pyo
import xarray as xr

from zcf_opt.handoff import HighsModel
from zcf_opt.model import build_model
from zcf_opt.model.prices import PRICE_INPUTS, set_prices
from zcf_opt.model.requirements import set_targets

#: built models kept per process
MAX_SESSIONS = 2

_SESSIONS: OrderedDict[str, ModelSession] = OrderedDict()
_SESSIONS_LOCK = threading.Lock()


@dataclass
class ModelSize:
    """Size of the built MILP."""

    variables: int
    binaries: int
    constraints: int

    def as_dict(self) -> dict[str, int]:
        return {"variables": self.variables, "binaries": self.binaries, "constraints": self.constraints}


def model_size(model: pyo.ConcreteModel) -> ModelSize:
    """Count variables, binaries and constraints of a built model."""
    variables = list(model.component_data_objects(pyo.Var, descend_into=True))
    binaries = sum(1 for v in variables if v.is_binary())
    constraints = sum(1 for _ in model.component_data_objects(pyo.Constraint, active=True, descend_into=True))
    return ModelSize(len(variables), binaries, constraints)


@dataclass
class ModelSession:
    """A built model, the HiGHS model that holds it (handed over at its first solve), and its size."""

    model: pyo.ConcreteModel
    solver: HighsModel
    size: ModelSize
    lock: threading.Lock = field(default_factory=threading.Lock)


def structure_key(inputs: xr.Dataset) -> str:
    """Digest of every input except the targets and the prices the model holds as Params [hex]."""
    digest = hashlib.sha256()
    for name in sorted(inputs.variables):
        if str(name).startswith("target_") or name in PRICE_INPUTS:
            continue
        values = np.asarray(inputs[name].values)
        digest.update(f"{name}|{values.dtype}|{values.shape}|".encode())
        digest.update(np.ascontiguousarray(values).tobytes())
    return digest.hexdigest()


def new_session(inputs: xr.Dataset) -> ModelSession:
    """Build the model of ``inputs`` with a HiGHS model of its own."""
    model = build_model(inputs)
    return ModelSession(model, HighsModel(model), model_size(model))


def acquire_session(inputs: xr.Dataset, reuse: bool = True) -> tuple[ModelSession, bool]:
    """A locked session for ``inputs`` and whether it was re-used; release its ``lock`` after use.

    Parameters
    ----------
    inputs
        The run's input Dataset.
    reuse
        False to always build a new model (it is not kept).
    """
    key = structure_key(inputs)
    if reuse:
        with _SESSIONS_LOCK:
            session = _SESSIONS.get(key)
            if session is not None and session.lock.acquire(blocking=False):
                _SESSIONS.move_to_end(key)
                set_targets(session.model, inputs)
                set_prices(session.model, inputs)
                return session, True
    session = new_session(inputs)
    session.lock.acquire()
    if reuse:
        with _SESSIONS_LOCK:
            _offer_last_basis(session)
            if key not in _SESSIONS:
                _SESSIONS[key] = session
                while len(_SESSIONS) > MAX_SESSIONS:
                    _SESSIONS.popitem(last=False)
    return session, False


def _offer_last_basis(session: ModelSession) -> None:
    """Offer ``session``'s model the last basis of the most recently used kept session no run holds.

    A model of the same shape (the next sample of a sensitivity study, the other loan rate) is
    then solved from that basis (:meth:`zcf_opt.handoff.HighsModel.offer`); the kept session
    stays as it is. Call with ``_SESSIONS_LOCK`` held.
    """
    for kept in reversed(_SESSIONS.values()):
        if kept.lock.acquire(blocking=False):
            try:
                session.solver.offer(kept.solver)
            finally:
                kept.lock.release()
            return


def clear_sessions() -> None:
    """Forget every kept model."""
    with _SESSIONS_LOCK:
        _SESSIONS.clear()
