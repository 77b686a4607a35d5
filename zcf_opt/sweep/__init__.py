"""Sweeps over one scenario: the cost of each star level, sensitivity studies and the MACC.

- :func:`plan_level_sweep` / :func:`plan_sensitivity` validate a sweep and list its runs;
  :func:`run_sweep` solves them (in parallel, resumable) and writes the tables and charts.
- :func:`macc_table` ranks the factory's levers by abatement cost.

See ``docs/sweep.md`` for the definitions and a worked example.
"""

from zcf_opt.sweep.macc import macc_table
from zcf_opt.sweep.runner import SweepPlan, SweepReport, plan_level_sweep, plan_sensitivity, run_sweep

__all__ = ["SweepPlan", "SweepReport", "macc_table", "plan_level_sweep", "plan_sensitivity", "run_sweep"]
