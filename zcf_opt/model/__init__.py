"""The Pyomo MILP: one block per lever, assembled by :mod:`zcf_opt.model.core`."""

from zcf_opt.model.core import build_model

__all__ = ["build_model"]
