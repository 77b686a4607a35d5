"""The economic and timing conventions every part of zcf-opt uses, defined once.

- **Timing.** Every cash flow of a year is paid at the start of that year. Year ``k`` after the
  first planning year (``k = 0``) is discounted by ``(1 + r)^-k``; the first year is not
  discounted.
- **Service life.** An asset installed in year ``v`` (commissioned on 1 January) serves in the
  years ``v ≤ y < v + L``.
- **Annuity.** Capex ``C`` of an asset with life ``L`` is equivalent to a level payment at the
  start of each year of its life, ``A = C / ä(r, L)`` with the annuity-due factor
  ``ä(r, n) = Σ_{k=0}^{n−1} (1 + r)^-k = (1 − (1 + r)^-n) / (1 − (1 + r)^-1)`` (``n`` at r = 0).
- **Residual value.** An asset still in service after the horizon is credited, at the start of
  the year after the horizon, with the annuities of the years it still serves:
  ``capex · ä(r, n) / ä(r, L)`` with ``n = clip(v + L − (y_N + 1), 0, L)`` years left (the
  straight-line ``n / L`` at r = 0). So an asset costs the plan exactly the discounted annuities
  of its years in service within the horizon, and a measure whose annuity plus O&M is below its
  yearly saving lowers the plan's net present cost whenever it is built: the plan, the MACC
  and the proposal's per-measure figures agree on what pays.

- **Loans.** A share ``s`` of an investment (after subsidies) is borrowed at rate ``i`` and repaid
  in ``T`` equal payments ``s · C · crf(i, T)``, the first at the start of the year after the
  investment, with ``crf(i, T) = i / (1 − (1 + i)^-T)`` (``1/T`` at i = 0). Valued at the
  discount rate, the investment then costs ``φ · C`` when it is made, with the financing factor
  ``φ = 1 − s + s · crf(i, T) / crf(r, T)`` (1 when i = r). The plan, the MACC and the
  per-measure figures all use the financed cost ``φ · (capex − subsidy)``, and the residual value
  is the share above of that financed cost.

The model (:mod:`zcf_opt.model`), the independent accounting (:mod:`zcf_opt.accounting`), the
project economics of the MACC and the proposal (:mod:`zcf_opt.economics`) import these
functions instead of writing their own.
"""

from __future__ import annotations

import numpy as np


def discount_factor(years_after_first: float | np.ndarray, rate: float) -> float | np.ndarray:
    """``(1 + r)^-k`` for ``k`` years after the first planning year [1].

    Parameters
    ----------
    years_after_first
        ``k`` [yr]; 0 for the first year, the horizon's length for the year after it.
    rate
        Real discount rate [1/yr].
    """
    if np.ndim(years_after_first):
        return (1.0 + rate) ** -np.asarray(years_after_first, dtype=float)
    return (1.0 + rate) ** -float(years_after_first)


def in_service(install_year: int, year: int, life_years: float) -> bool:
    """Whether an asset installed in ``install_year`` serves in ``year``."""
    return install_year <= year < install_year + life_years


def service_matrix(years: np.ndarray, life_years: float | np.ndarray) -> np.ndarray:
    """``S[y, v] = 1`` where an asset installed in year ``v`` serves in year ``y`` [0/1].

    With ``life_years`` an array of one life per asset (shape ``(n,)``), the result has shape
    ``(n, year, install year)``.
    """
    age = np.asarray(years)[:, None] - np.asarray(years)[None, :]
    life = np.asarray(life_years, dtype=float)
    if life.ndim == 0:
        return ((age >= 0) & (age < life)).astype(float)
    return ((age[None] >= 0) & (age[None] < life[:, None, None])).astype(float)


def annuity_due_factor(rate: float, years: float | np.ndarray) -> float | np.ndarray:
    """``ä(r, n) = Σ_{k=0}^{n−1} (1 + r)^-k``: present value of 1 paid at the start of each of
    ``n`` years [yr]; ``n`` at r = 0.

    Parameters
    ----------
    rate
        Discount rate [1/yr].
    years
        Number of payments ``n`` [yr] (0 gives 0).
    """
    n = np.asarray(years, dtype=float)
    if rate == 0:
        factor = n
    else:
        factor = (1.0 - (1.0 + rate) ** -n) / (1.0 - 1.0 / (1.0 + rate))
    return float(factor) if np.ndim(factor) == 0 else factor


def capital_recovery_factor(rate: float, years: float) -> float:
    """Level payment at the end of each of ``years`` years per unit borrowed [1/yr].

    ``r / (1 − (1 + r)^-n)``; ``1/n`` at r = 0.
    """
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


def financing_factor(loan_share: float, loan_rate: float, tenor_years: float, rate: float) -> float:
    """Present value at the discount rate of what 1 CNY of investment costs with a loan [1].

    ``φ = 1 − s + s · crf(i, T) / crf(r, T)``: the equity share paid at once, the loan repaid in
    ``T`` level payments from the year after (see the module notes).

    Parameters
    ----------
    loan_share
        Share ``s`` of the investment borrowed [1].
    loan_rate
        Loan interest rate ``i`` [1/yr].
    tenor_years
        Number of repayments ``T`` [yr].
    rate
        Discount rate ``r`` [1/yr].
    """
    if loan_share == 0:
        return 1.0
    return (
        1.0
        - loan_share
        + loan_share
        * capital_recovery_factor(loan_rate, tenor_years)
        / (capital_recovery_factor(rate, tenor_years))
    )


def equivalent_annual_cost(capex_cny: float, rate: float, life_years: float) -> float:
    """Capex as a level payment at the start of each year of the life [CNY/yr].

    ``capex / ä(r, L)``, so that ``Σ_{k=0}^{L−1} EAC · (1 + r)^-k = capex``.
    """
    return capex_cny / annuity_due_factor(rate, life_years)


def residual_fraction(
    install_year: int | np.ndarray, life_years: float | np.ndarray, last_year: int, rate: float
) -> float | np.ndarray:
    """Share of an asset's capex credited after the horizon ending in ``last_year`` [1].

    ``ä(r, n) / ä(r, L)`` with ``n`` the years it still serves after the horizon (see the module
    notes).

    Parameters
    ----------
    install_year
        Year the asset enters service [calendar year].
    life_years
        Service life ``L`` [yr].
    last_year
        Last year of the horizon [calendar year].
    rate
        Discount rate [1/yr].
    """
    life = np.asarray(life_years, dtype=float)
    remaining = np.clip(np.asarray(install_year, dtype=float) + life - (last_year + 1), 0.0, life)
    fraction = annuity_due_factor(rate, remaining) / annuity_due_factor(rate, life)
    return float(fraction) if np.ndim(fraction) == 0 else fraction
