"""Production volume and the energy conversions of intensity per unit of product.

- ``production_volume``: units made each year [unit/yr] (NaN without a production section);
- ``electricity_kgce_per_kwh``: the energy benchmark's electricity conversion (default GB/T
  2589-2020 当量值 0.1229);
- ``fuel_kgce_per_kwh``: 3.6 / 29.3076 kgce per kWh of fuel (lower heating value);
- ``gas_lhv_kwh_per_nm3``: the gas's lower heating value [kWh/Nm3].
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, scalar, yearly
from zcf_opt.schema.production import ELECTRICITY_KGCE_PER_KWH, KGCE_PER_KWH_HEAT


def production_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """Volume by year and the kgce conversions."""
    production = ctx.factory.production
    fuel = ctx.factory.fuel
    benchmark = production.energy_benchmark if production else None
    volume = ctx.per_year(production.volume_per_year) if production else np.full(len(ctx.years), math.nan)
    unit = production.unit if production else ""
    return {
        "production_volume": yearly(
            volume, unit, production.product if production else "no production given"
        ),
        "electricity_kgce_per_kwh": scalar(
            benchmark.electricity_kgce_per_kwh if benchmark else ELECTRICITY_KGCE_PER_KWH, "kgce/kWh"
        ),
        "fuel_kgce_per_kwh": scalar(KGCE_PER_KWH_HEAT, "kgce/kWh", "1 kgce = 29.3076 MJ (GB/T 2589-2020)"),
        "gas_lhv_kwh_per_nm3": scalar(fuel.lower_heating_value_kwh_per_nm3 if fuel else 0.0, "kWh/Nm3"),
    }
