"""Per-year target thresholds from the scenario's targets and the rulebook."""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, yearly


def target_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The level in force each year and its thresholds (zero in a year without a target)."""
    rulebook = ctx.rulebook
    columns: dict[str, list] = {
        "target_level": [],
        "target_min_re_share": [],
        "target_min_neutralised_share": [],
        "target_min_removal_share": [],
        "target_includes_scope3": [],
    }
    for target in ctx.scenario.target_by_year().values():
        rule = rulebook.rule(target.level) if target else None
        columns["target_level"].append(target.level if target else "")
        columns["target_min_re_share"].append(rule.min_re_share if rule else 0.0)
        columns["target_min_neutralised_share"].append(rule.min_neutralised_share if rule else 0.0)
        columns["target_min_removal_share"].append(rule.min_removal_share if rule else 0.0)
        columns["target_includes_scope3"].append(
            bool(rule and rulebook.boundaries[rule.boundary].includes_scope3)
        )
    return {name: yearly(np.array(values), "1") for name, values in columns.items()}
