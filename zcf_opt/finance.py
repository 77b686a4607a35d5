"""A green (target-linked) loan: the lower rate applies when the plan meets the loan's level.

Whether to meet the level is a decision of the plan. A run with a green loan solves the plan at
the standard rate with the scenario's targets and, unless those targets already require the
loan's level, once more at the green rate with the level required from its year on (each
threshold the stricter of the target's and the level's); the cheaper plan is the result, and the
certifier checks that a plan financed at the green rate meets the level in every year from the
loan's year.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from zcf_opt.certify import highest_level
from zcf_opt.conventions import financing_factor
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook

#: per-year target thresholds a loan's level strengthens: input variable -> level attribute
CONDITION_THRESHOLDS = {
    "target_min_re_share": "min_re_share",
    "target_min_neutralised_share": "min_neutralised_share",
    "target_min_removal_share": "min_removal_share",
}


def with_green_rate(inputs: xr.Dataset, scenario: Scenario, rulebook: Rulebook) -> xr.Dataset:
    """The inputs at the green loan rate with the loan's level required from its year on."""
    loan = scenario.finance.loan
    green = loan.green
    variant = inputs.copy()
    variant["loan_rate_per_year"] = inputs["loan_rate_per_year"].copy(data=green.rate_per_year)
    variant["loan_green_rate"] = inputs["loan_green_rate"].copy(data=1)
    factor = financing_factor(loan.share, green.rate_per_year, loan.tenor_years, scenario.discount_rate)
    variant["financing_factor"] = inputs["financing_factor"].copy(data=factor)
    rule = rulebook.rule(green.level)
    later = inputs["year"].values >= green.from_year
    strengthened = {name: getattr(rule, attribute) for name, attribute in CONDITION_THRESHOLDS.items()}
    strengthened["target_includes_scope3"] = rulebook.boundaries[rule.boundary].includes_scope3
    for name, value in strengthened.items():
        current = inputs[name].values
        variant[name] = inputs[name].copy(data=np.where(later, np.maximum(current, value), current))
    return variant


def finance_variants(inputs: xr.Dataset, scenario: Scenario, rulebook: Rulebook) -> list[xr.Dataset]:
    """The inputs to solve: the standard rate, the green rate, or both (see the module notes)."""
    loan = scenario.finance.loan
    if loan is None or loan.green is None or loan.green.from_year > scenario.horizon.last_year:
        return [inputs]
    green = with_green_rate(inputs, scenario, rulebook)
    implied = all(
        np.array_equal(green[name].values, inputs[name].values)
        for name in [*CONDITION_THRESHOLDS, "target_includes_scope3"]
    )
    return [green] if implied else [inputs, green]


def green_loan_notice(scenario: Scenario) -> Notice | None:
    """A warning when the green loan's year lies after the horizon (its rate cannot be earned)."""
    loan = scenario.finance.loan
    if loan is None or loan.green is None or loan.green.from_year <= scenario.horizon.last_year:
        return None
    params = {
        "level": loan.green.level,
        "from_year": loan.green.from_year,
        "last_year": scenario.horizon.last_year,
        "rate_per_year": loan.rate_per_year,
    }
    return Notice("green_loan_after_horizon", params)


def green_condition_errors(
    annual: Any, inputs: xr.Dataset, scenario: Scenario, rulebook: Rulebook
) -> list[str]:
    """Years from the green loan's year that do not meet its level, when the plan pays the green rate."""
    if not int(inputs["loan_green_rate"]) or scenario.finance.loan is None:
        return []
    green = scenario.finance.loan.green
    boundary, stars = green.level.split("-")
    errors = []
    for _, row in annual[annual["year"] >= green.from_year].iterrows():
        level = highest_level(row, rulebook, boundary)
        if level is None or int(level.split("-")[1]) < int(stars):
            errors.append(
                f"{int(row['year'])}: the plan pays the green loan rate but reaches {level or 'no level'}, "
                f"below the loan's {green.level}"
            )
    return errors


def financing_summary(inputs: xr.Dataset) -> dict[str, float | bool]:
    """How the run's investments are financed, for ``summary.json``."""
    return {
        "loan_share": float(inputs["loan_share"]),
        "loan_rate_per_year": float(inputs["loan_rate_per_year"]),
        "loan_tenor_years": int(inputs["loan_tenor_years"]),
        "green_rate": bool(int(inputs["loan_green_rate"])),
        "financing_factor": float(inputs["financing_factor"]),
    }
