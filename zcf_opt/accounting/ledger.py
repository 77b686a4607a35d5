"""The ledger the accounting steps fill: the annual table and each lever's money by year."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.conventions import residual_fraction, service_matrix


@dataclass
class Ledger:
    """What the accounting steps share.

    Attributes
    ----------
    inputs, flows
        The run's input Dataset and the solution's flows (:func:`zcf_opt.results.extract_flows`).
    table
        The annual table; steps add columns in order (one row per year).
    capex_cny, subsidy_cny, opex_cny, residual_value_cny
        Per lever: capex, investment subsidies and fixed O&M of each year [CNY/yr], and the
        residual share of its investments after subsidies (before financing) credited after the
        horizon [CNY]. The costs step sums them.
    """

    inputs: xr.Dataset
    flows: xr.Dataset
    table: pd.DataFrame
    capex_cny: dict[str, np.ndarray] = field(default_factory=dict)
    subsidy_cny: dict[str, np.ndarray] = field(default_factory=dict)
    opex_cny: dict[str, np.ndarray] = field(default_factory=dict)
    residual_value_cny: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> np.ndarray:
        return self.inputs["year"].values.astype(int)

    def annual_mwh(self, hourly: xr.DataArray) -> np.ndarray:
        """Σ_p w_p Σ_h hourly / 1000 per year [MWh] of an hourly flow [kW = kWh in the hour]."""
        return (hourly * self.flows["period_weight_days"]).sum(("period", "hour")).values / 1000.0

    def in_service(self, added: np.ndarray, life_years: float) -> np.ndarray:
        """Capacity in service each year from yearly additions."""
        return service_matrix(self.years, life_years) @ added

    def add_asset(
        self,
        lever: str,
        capex_cny: np.ndarray,
        life_years: float | np.ndarray,
        subsidy_cny: np.ndarray | None = None,
    ) -> None:
        """Book a lever's capex and subsidies by install year and its residual value after the horizon.

        ``capex_cny`` has one value per install year; with one life per row (shape
        ``(n, year)`` capex and ``(n,)`` lives) several assets are booked at once. The residual
        value is that of the capex less the subsidies (``subsidy_cny``, same shape).
        """
        capex = np.asarray(capex_cny, dtype=float)
        subsidy = np.zeros_like(capex) if subsidy_cny is None else np.asarray(subsidy_cny, dtype=float)
        life = np.asarray(life_years, dtype=float)
        install_years = self.years if capex.ndim == 1 else self.years[None, :]
        lives = life if capex.ndim == 1 else life[:, None]
        rate = float(self.inputs["discount_rate"])
        fraction = residual_fraction(install_years, lives, int(self.years[-1]), rate)
        yearly = capex if capex.ndim == 1 else capex.sum(axis=0)
        yearly_subsidy = subsidy if subsidy.ndim == 1 else subsidy.sum(axis=0)
        self.capex_cny[lever] = self.capex_cny.get(lever, 0.0) + yearly
        self.subsidy_cny[lever] = self.subsidy_cny.get(lever, 0.0) + yearly_subsidy
        self.residual_value_cny[lever] = self.residual_value_cny.get(lever, 0.0) + float(
            np.sum((capex - subsidy) * fraction)
        )

    def add_opex(self, lever: str, opex_cny: np.ndarray) -> None:
        """Book a lever's fixed O&M of each year [CNY/yr]."""
        self.opex_cny[lever] = self.opex_cny.get(lever, 0.0) + np.asarray(opex_cny, dtype=float)
