"""The economics convention: annuity, residual value and discounting agree with each other."""

from __future__ import annotations

import pytest

from zcf_opt.conventions import (
    annuity_due_factor,
    discount_factor,
    equivalent_annual_cost,
    residual_fraction,
)


def test_annuity_due_factor_by_hand() -> None:
    # 1 + 1/1.08 + 1/1.08^2 = 2.783265
    assert annuity_due_factor(0.08, 3) == pytest.approx(2.783265, abs=1e-6)
    assert annuity_due_factor(0.0, 7) == 7
    assert annuity_due_factor(0.08, 0) == 0
    # 1,000,000 CNY over 3 years: 359,290 CNY at the start of each year
    assert equivalent_annual_cost(1_000_000, 0.08, 3) == pytest.approx(1_000_000 / 2.783265, rel=1e-6)


@pytest.mark.parametrize("rate", [0.0, 0.05, 0.08])
@pytest.mark.parametrize("install, life", [(2026, 15), (2030, 4), (2033, 25), (2026, 10), (2026, 3)])
def test_an_asset_costs_the_plan_its_annuities_in_the_horizon(rate: float, install: int, life: int) -> None:
    # horizon 2026-2035: capex at install, residual credited at the start of 2036
    first, last, capex = 2026, 2035, 1_000_000.0
    plan = capex * discount_factor(install - first, rate) - capex * residual_fraction(
        install, life, last, rate
    ) * discount_factor(last + 1 - first, rate)
    annuity = equivalent_annual_cost(capex, rate, life)
    served = range(install, min(install + life, last + 1))
    assert plan == pytest.approx(sum(annuity * discount_factor(y - first, rate) for y in served), rel=1e-12)


def test_residual_fraction_is_straight_line_without_discounting() -> None:
    assert residual_fraction(2026, 25, 2027, 0.0) == pytest.approx(23 / 25)
    assert residual_fraction(2020, 5, 2027, 0.08) == 0.0
