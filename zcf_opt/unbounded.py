"""Say which input makes a model unbounded: a cost that can fall without limit.

The schema refuses negative prices, costs and caps, so an unbounded model means such a figure
reached the model another way (an API caller, a future field). :func:`unbounded_problems`
names every cost input of the run that holds a negative value, by its scenario field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from zcf_opt.errors import InputError

#: cost inputs of the model (Dataset variable -> scenario field)
COST_FIELDS = {
    "energy_price_cny_per_kwh": "tariff.energy_price_cny_per_kwh",
    "demand_charge_cny_per_kw_month": "tariff.demand_charge_cny_per_kw_month",
    "export_price_cny_per_kwh": "export_price_cny_per_kwh",
    "green_power_premium_cny_per_mwh": "green_power.premium_cny_per_mwh",
    "gec_price_cny_per_mwh": "certificates.price_cny_per_mwh",
    "offset_price_cny_per_tco2e": "offsets.price_cny_per_tco2e",
    "removal_price_cny_per_tco2e": "removals.price_cny_per_tco2e",
    "gas_price_cny_per_nm3": "gas_price_cny_per_nm3",
    "pv_capex_cny_per_kwp": "pv_capex_cny_per_kwp",
    "battery_energy_capex_cny_per_kwh": "battery_energy_capex_cny_per_kwh",
    "battery_power_capex_cny_per_kw": "battery_power_capex_cny_per_kw",
    "pv_fixed_om_cny_per_kwp_year": "factory.pv.fixed_om_cny_per_kwp_year",
    "pv_fixed_project_cost_cny": "factory.pv.fixed_project_cost_cny",
    "battery_fixed_om_cny_per_kwh_year": "factory.battery.fixed_om_cny_per_kwh_year",
    "measure_capex_cny": "factory: capex_cny of a measure",
    "measure_fixed_om_cny_per_year": "factory: fixed_om_cny_per_year of a measure",
}


def unbounded_problems(inputs: xr.Dataset, file: str | Path | None = None) -> list[InputError]:
    """One problem per cost input with a negative value (a generic one when there is none).

    Parameters
    ----------
    inputs
        The run's input Dataset.
    file
        The scenario file, named in each problem.
    """
    problems = []
    names = list(COST_FIELDS) + [
        str(n)
        for n in inputs.data_vars
        if str(n) not in COST_FIELDS and str(inputs[n].attrs.get("units", "")).startswith("CNY")
    ]
    for name in names:
        if name not in inputs or inputs[name].size == 0:
            continue
        values = np.asarray(inputs[name].values, dtype=float)
        lowest = float(np.min(values))
        if lowest < 0:
            units = inputs[name].attrs.get("units", "")
            problems.append(
                InputError(
                    file,
                    COST_FIELDS.get(name, name),
                    f"expected a value >= 0, got {lowest:g} {units}: with it a cost falls without "
                    "limit and the plan is unbounded",
                )
            )
    if not problems:
        problems.append(
            InputError(
                file,
                None,
                "the plan is unbounded (a cost falls without limit), but no negative price or cost "
                "was found; check the caps and prices",
            )
        )
    return problems
