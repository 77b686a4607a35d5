"""Energy use and intensity per unit of product.

- ``electricity_consumed_mwh`` = grid import + PV self-consumed (the renewable-share denominator)
- ``fuel_energy_mwh``          = gas use × lower heating value / 1000
- ``energy_tce``               = c_el · electricity_consumed + c_fuel · fuel_energy
                                 (c in kgce/kWh, which is tce/MWh)
- ``production_volume``        = units made [unit/yr]
- ``energy_kgce_per_unit``     = 1000 · energy_tce / production_volume
- ``electricity_kwh_per_unit`` = 1000 · electricity_consumed / production_volume

c_el is the energy benchmark's electricity conversion (GB/T 2589-2020 当量值 0.1229 kgce/kWh by
default), c_fuel = 3.6 / 29.3076 kgce per kWh of heat. Per-unit columns are empty (NaN) where
the factory gives no production volume; emissions per unit of each boundary are added by the
certifier, which knows the boundaries.
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.ledger import Ledger


def intensity_columns(ledger: Ledger) -> None:
    """Energy [MWh, tce] and energy per unit of product [kgce/unit, kWh/unit]."""
    inputs, out = ledger.inputs, ledger.table
    out["electricity_consumed_mwh"] = out["grid_import_mwh"] + out["pv_self_consumed_mwh"]
    out["fuel_energy_mwh"] = out["gas_use_nm3"] * float(inputs["gas_lhv_kwh_per_nm3"]) / 1000.0
    out["energy_tce"] = (
        float(inputs["electricity_kgce_per_kwh"]) * out["electricity_consumed_mwh"]
        + float(inputs["fuel_kgce_per_kwh"]) * out["fuel_energy_mwh"]
    )
    volume = inputs["production_volume"].values.astype(float)
    out["production_volume"] = volume
    with np.errstate(invalid="ignore", divide="ignore"):
        out["energy_kgce_per_unit"] = 1000.0 * out["energy_tce"].to_numpy() / volume
        out["electricity_kwh_per_unit"] = 1000.0 * out["electricity_consumed_mwh"].to_numpy() / volume
