"""Prices the model holds as mutable parameters, so a built model can be re-priced.

Block ``m.prices`` holds one mutable Param per input of :data:`PRICE_INPUTS`, indexed by year.
Each of these inputs is a per-year price that the model uses only as the objective coefficient
of one variable of one block (``capex_y · added_y``, ``price_y · purchased_y``), and only
through :func:`price`. A model built for one set of prices therefore becomes, after
:func:`set_prices`, the very model a fresh build at the other prices would give: a sensitivity
study re-prices one built model sample after sample (:mod:`zcf_opt.session`) instead of
building and handing a new one to HiGHS, and HiGHS goes on from the last sample's basis.

An input derived from one of these prices elsewhere (not in the model) is an input like any
other: two runs that differ in it differ in structure and get models of their own.
"""

from __future__ import annotations

import pyomo.core as pyo
import xarray as xr

from zcf_opt.model.data import ModelData

#: per-year prices used only as objective coefficients [their units in the input Dataset]
PRICE_INPUTS: tuple[str, ...] = (
    "pv_capex_cny_per_kwp",
    "battery_energy_capex_cny_per_kwh",
    "battery_power_capex_cny_per_kw",
    "gas_price_cny_per_nm3",
    "green_power_premium_cny_per_mwh",
    "gec_price_cny_per_mwh",
    "offset_price_cny_per_tco2e",
    "removal_price_cny_per_tco2e",
    "international_credit_price_cny_per_tco2e",
    "outside_reduction_price_cny_per_tco2e",
)


def add_prices(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Add block ``m.prices``: one mutable Param per price input, indexed by year."""
    b = m.prices = pyo.Block()
    for name in PRICE_INPUTS:
        b.add_component(name, pyo.Param(m.Y, mutable=True, initialize=d.per_year(name)))


def price(m: pyo.ConcreteModel, name: str) -> pyo.Param:
    """The mutable Param of price input ``name`` (one of :data:`PRICE_INPUTS`), by year."""
    return m.prices.component(name)


def set_prices(m: pyo.ConcreteModel, inputs: xr.Dataset) -> None:
    """Give a built model the prices of ``inputs`` (same structure, other prices)."""
    d = ModelData.from_dataset(inputs)
    for name in PRICE_INPUTS:
        param = price(m, name)
        for year, value in d.per_year(name).items():
            param[year] = value
