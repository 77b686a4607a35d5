"""A green (target-linked) loan: the lower rate applies when the plan meets the loan's level.

Whether to meet the level is a decision of the plan. A run with a green loan solves the plan at
the standard rate with the scenario's targets and, unless those targets already put every
requirement of the loan's level in force from its year on, once more at the green rate with
those requirements in force as well; the cheaper plan is the result, and the certifier checks
that a plan financed at the green rate meets the level in every year from the loan's year.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from zcf_opt.certify import check_level
from zcf_opt.certify.boundary import source_values
from zcf_opt.certify.context import Facts
from zcf_opt.conventions import financing_factor
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario, Target
from zcf_opt.standards import Rulebook

#: inputs that say which requirements are in force each year, and their thresholds
IN_FORCE, THRESHOLD = "target_requirement_in_force", "target_requirement_threshold"


def with_green_rate(
    inputs: xr.Dataset, scenario: Scenario, rulebook: Rulebook, slices: TimeSlices
) -> xr.Dataset:
    """The inputs at the green loan rate with the loan's level in force from its year on, besides
    the scenario's targets."""
    loan = scenario.finance.loan
    green = loan.green
    others = [t for t in scenario.targets if t.standard not in (None, scenario.standard)]
    targets = [*others, Target(year=green.from_year, level=green.level)]
    condition = scenario.model_copy(update={"targets": targets})
    required = prepare_inputs(condition, rulebook, slices)
    variant = inputs.copy()
    variant["loan_rate_per_year"] = inputs["loan_rate_per_year"].copy(data=green.rate_per_year)
    variant["loan_green_rate"] = inputs["loan_green_rate"].copy(data=1)
    factor = financing_factor(loan.share, green.rate_per_year, loan.tenor_years, scenario.discount_rate)
    variant["financing_factor"] = inputs["financing_factor"].copy(data=factor)
    extra = required[IN_FORCE].values.astype(bool)
    variant[IN_FORCE] = inputs[IN_FORCE].copy(data=(inputs[IN_FORCE].values.astype(bool) | extra).astype(int))
    variant[THRESHOLD] = inputs[THRESHOLD].copy(
        data=np.where(extra, required[THRESHOLD].values, inputs[THRESHOLD].values)
    )
    return variant


def finance_variants(
    inputs: xr.Dataset, scenario: Scenario, rulebook: Rulebook, slices: TimeSlices
) -> list[xr.Dataset]:
    """The inputs to solve: the standard rate, the green rate, or both (see the module notes)."""
    loan = scenario.finance.loan
    if loan is None or loan.green is None or loan.green.from_year > scenario.horizon.last_year:
        return [inputs]
    green = with_green_rate(inputs, scenario, rulebook, slices)
    implied = np.array_equal(green[IN_FORCE].values, inputs[IN_FORCE].values)
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
    level = rulebook.level(green.level)
    facts = Facts.from_inputs(inputs, scenario.factory.production)
    errors = []
    for record in annual.to_dict("records"):
        year = int(record["year"])
        if year < green.from_year:
            continue
        rows = check_level(rulebook, level, year, record, source_values(record), facts)
        missed = [row["requirement"] for row in rows if not row["met"]]
        if missed:
            errors.append(
                f"{year}: the plan pays the green loan rate but misses {', '.join(missed)} of {green.level}"
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
