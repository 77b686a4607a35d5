"""The Pyomo MILP: one block per lever, assembled by :mod:`zcf_opt.model.core`.

Blocks import the modelling components as ``import pyomo.core as pyo``: ``pyomo.environ`` also
loads every solver, writer and transformation plugin, which a run never uses (the model goes
to HiGHS through :mod:`zcf_opt.handoff`), and costs a fifth of a second or more of every run.
"""

from zcf_opt.model.core import build_model

__all__ = ["build_model"]
