"""The economic and timing conventions every part of zcf-opt uses, defined once.

- **Timing.** Every cash flow of a year is paid at the start of that year. Year ``k`` after the
  first planning year (``k = 0``) is discounted by ``(1 + r)^-k``; the first year is not
  discounted.
- **Service life.** An asset installed in year ``v`` (commissioned on 1 January) serves in the
  years ``v ≤ y < v + L``.
- **Residual value.** An asset still in service after the horizon is credited, at the start of
  the year after the horizon, with the straight-line share of its capex for the years left:
  ``capex · clip((v + L − (y_N + 1)) / L, 0, 1)``.

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


def residual_fraction(
    install_year: int | np.ndarray, life_years: float | np.ndarray, last_year: int
) -> float | np.ndarray:
    """Share of an asset's capex credited after the horizon ending in ``last_year`` [1]."""
    remaining = np.asarray(install_year, dtype=float) + np.asarray(life_years, dtype=float) - (last_year + 1)
    fraction = np.clip(remaining / np.asarray(life_years, dtype=float), 0.0, 1.0)
    return float(fraction) if np.ndim(fraction) == 0 else fraction
