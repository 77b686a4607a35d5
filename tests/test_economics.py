"""Per-measure economics and number formatting, against figures worked out by hand."""

from __future__ import annotations

import math

import pytest

from zcf_opt.conventions import capital_recovery_factor
from zcf_opt.economics import (
    Project,
    evaluate,
    irr,
    levelised_abatement_cost,
    npv,
    simple_payback,
)
from zcf_opt.report.i18n import Text, keys


def test_npv_discounts_from_year_zero() -> None:
    # -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -1000 + 272.7273 + 330.5785 + 375.6574
    assert npv([-1000, 300, 400, 500], 0.10) == pytest.approx(-21.0368, abs=1e-4)
    assert npv([-1000, 300, 400, 500], 0.0) == pytest.approx(200.0)


def test_irr_of_two_equal_savings() -> None:
    # -100 + 60 x + 60 x^2 = 0, x = 1/(1+i): x = (-60 + sqrt(27600)) / 120 = 0.8844373, i = 0.1306624
    assert irr([-100, 60, 60]) == pytest.approx(0.1306624, abs=1e-6)
    assert npv([-100, 60, 60], irr([-100, 60, 60])) == pytest.approx(0.0, abs=1e-6)


def test_irr_is_none_without_a_sign_change() -> None:
    assert irr([100, 10, 10]) is None
    assert irr([-100, -10]) is None


def test_irr_of_a_project_that_never_pays_back_is_negative() -> None:
    # -100 + 90 = 0 at i = -10 %
    assert irr([-100, 90]) == pytest.approx(-0.10, abs=1e-8)


def test_simple_payback() -> None:
    assert simple_payback(1000, 250) == pytest.approx(4.0)
    assert simple_payback(1000, 0) is None
    assert simple_payback(1000, -5) is None


def test_capital_recovery_factor() -> None:
    # 0.08 / (1 - 1.08^-10) = 0.149029
    assert capital_recovery_factor(0.08, 10) == pytest.approx(0.149029, abs=1e-6)
    assert capital_recovery_factor(0.0, 4) == pytest.approx(0.25)


def test_evaluate_a_measure_by_hand() -> None:
    # capex 1000 in year 0, net saving 300 in years 0..4, 10 t abated each year, r = 8 %
    # annuity-due factor a = 1 + 1.08^-1 + ... + 1.08^-4 = 4.312127
    project = Project(
        option="pumps IE5",
        lever="motors",
        built_year=2026,
        life_years=5,
        capex_cny=[1000, 0, 0, 0, 0],
        saving_cny=[300] * 5,
        abatement_tco2e=[10] * 5,
        electricity_saving_mwh=40,
        gas_saving_nm3=0,
    )
    result = evaluate(project, 0.08)
    annuity = 4.312127
    assert result.npv_cny == pytest.approx(300 * annuity - 1000, abs=1e-3)  # 293.638
    assert result.simple_payback_years == pytest.approx(1000 / 300)
    assert result.annual_saving_cny == 300
    assert result.capex_cny == 1000
    # cost per tonne = -NPV / (10 a) = (EAC - saving) / abatement with EAC = 1000 / a
    assert result.abatement_cost_cny_per_tco2e == pytest.approx(-293.638 / (10 * annuity), abs=1e-3)
    assert result.abatement_cost_cny_per_tco2e == pytest.approx((1000 / annuity - 300) / 10, abs=1e-3)
    # IRR: -700 + 300 (x + x^2 + x^3 + x^4) = 0
    x = 1 / (1 + result.irr)
    assert -700 + 300 * (x + x**2 + x**3 + x**4) == pytest.approx(0.0, abs=1e-6)


def test_abatement_cost_is_none_without_abatement() -> None:
    assert levelised_abatement_cost(100.0, [0.0, 0.0], 0.08) is None
    assert levelised_abatement_cost(100.0, [-5.0, -5.0], 0.08) is None


def test_money_formats() -> None:
    zh, en = Text("zh"), Text("en")
    assert zh.money(172_190_798.5) == "17,219.1 万元"
    assert en.money(172_190_798.6) == "CNY 172,190,799"
    assert zh.money(-12_345.0, unit=False) == "-1.2"
    assert en.money(math.nan) == "–"
    assert en.percent(0.19390) == "19.4 %"
    assert zh.level("II-6") == "II-6（Ⅱ型六星级）"
    assert en.level("I-4") == "I-4 (Type I, four-star)"


def test_every_string_has_both_languages() -> None:
    for key in keys():
        assert Text("zh")(key) and Text("en")(key), key
    with pytest.raises(ValueError):
        Text("fr")
