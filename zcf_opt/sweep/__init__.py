"""Sweeps over one scenario: the cost of each star level, sensitivity studies and the MACC.

- :func:`plan_level_sweep` / :func:`plan_sensitivity` validate a sweep and list its runs;
  :func:`run_sweep` solves them (in parallel, resumable) and writes the tables and charts.
- :func:`macc_table` ranks the factory's levers by abatement cost.

See ``docs/sweep.md`` for the definitions and a worked example.

The names are imported on first use, so that ``zcf-opt sweep`` shows its progress bar before
it loads the sweep machinery.
"""

from __future__ import annotations

from zcf_opt import lazy_attributes

#: the Python API: name -> module that defines it
API = {
    "SweepPlan": "zcf_opt.sweep.runner",
    "SweepReport": "zcf_opt.sweep.runner",
    "macc_table": "zcf_opt.sweep.macc",
    "plan_level_sweep": "zcf_opt.sweep.runner",
    "plan_sensitivity": "zcf_opt.sweep.runner",
    "run_sweep": "zcf_opt.sweep.runner",
}

__all__ = sorted(API)

__getattr__ = lazy_attributes(__name__, API)
