"""Read a solved model into plain data: an xarray Dataset of flows and an investment table.

Nothing here computes emissions, shares or costs: that is the job of
:mod:`zcf_opt.accounting`, which works from these flows alone.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyomo.core as pyo
import xarray as xr
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.expr.numeric_expr import MonomialTermExpression

#: hourly flows: output name -> (block, component, description)
HOURLY = {
    "grid_import_kw": ("grid", "import_kw", "electricity bought from the grid"),
    "pv_generation_kw": ("pv", "generation_kw", "PV AC output"),
    "pv_export_kw": ("pv", "export_kw", "PV fed into the grid"),
    "pv_curtailed_kw": ("pv", "curtailed_kw", "PV output not used"),
    "battery_charge_kw": ("battery", "charge_kw", "battery charging (from the AC bus)"),
    "battery_discharge_kw": ("battery", "discharge_kw", "battery discharging (to the AC bus)"),
    "battery_soc_kwh": (
        "battery",
        "soc_kwh",
        "energy stored within the usable window at the end of the hour",
    ),
    "battery_auxiliary_kw": ("battery", "auxiliary_kw", "battery auxiliary consumption (from the AC bus)"),
    "measure_saving_kw": ("measures", "saving_kw", "electricity the retrofits save"),
    "heat_electricity_kw": ("heat", "electricity_use_kw", "electricity the electric heat options use"),
}

#: hourly flows of one item of a named dimension: name -> (dimension, block, component, unit, description)
HOURLY_BY_ITEM = {
    "heat_output_kw_th": (
        "heat_option",
        "heat",
        "output_kw_th",
        "kW_th",
        "heat supplied by an electric option",
    ),
    "heat_store_charge_kw_th": ("heat_store", "heat", "charge_kw_th", "kW_th", "heat put into storage"),
    "heat_store_discharge_kw_th": (
        "heat_store",
        "heat",
        "discharge_kw_th",
        "kW_th",
        "heat taken from storage",
    ),
    "heat_store_soc_kwh_th": (
        "heat_store",
        "heat",
        "soc_kwh_th",
        "kWh_th",
        "heat stored at the end of the hour",
    ),
}

#: yearly decisions of one item of a named dimension: name -> (dimension, block, component, unit, description)
ANNUAL_BY_ITEM = {
    "heat_option_added_kw_th": (
        "heat_option",
        "heat",
        "added_kw_th",
        "kW_th",
        "electric heat capacity installed",
    ),
    "heat_store_added_kwh_th": (
        "heat_store",
        "heat",
        "store_added_kwh_th",
        "kWh_th",
        "thermal storage installed",
    ),
    "supply_option_units": (
        "supply_option",
        "supply_chain",
        "switched",
        "t or t·km",
        "tonnes bought or t·km moved by the lower-carbon option",
    ),
    "measure_saving_by_profile_mwh": (
        "saving_profile",
        "measures",
        "annual_saving_mwh",
        "MWh/yr",
        "electricity the measures save, by hourly profile",
    ),
}

#: per-year decisions: output name -> (block, component, unit, description)
ANNUAL = {
    "pv_added_kwp": ("pv", "added_kwp", "kWp", "PV installed in the year"),
    "battery_energy_added_kwh": ("battery", "energy_added_kwh", "kWh", "battery energy installed"),
    "battery_power_added_kw": ("battery", "power_added_kw", "kW", "battery power installed"),
    "battery_usable_kwh": ("battery", "usable_capacity_kwh", "kWh", "battery energy usable after fade"),
    "green_power_mwh": ("market", "green_power_mwh", "MWh", "green power bought"),
    "gec_mwh": ("market", "gec_mwh", "MWh", "green certificates retired"),
    "offsets_tco2e": ("market", "offsets_tco2e", "tCO2e", "offset credits retired"),
    "removals_tco2e": ("market", "removals_tco2e", "tCO2e", "removal credits retired"),
    "international_credits_tco2e": (
        "market",
        "international_credits_tco2e",
        "tCO2e",
        "international credits retired",
    ),
    "outside_reductions_tco2e": (
        "market",
        "outside_reductions_tco2e",
        "tCO2e",
        "reductions outside the boundary bought",
    ),
}


def _expression_value(item: pyo.Expression) -> float | None:
    """Value of a named expression; ``c · x`` (the hourly PV output, a saving's hourly share)
    is multiplied out directly, as Pyomo's evaluation does, without its expression walker."""
    expr = item.expr
    if expr.__class__ is MonomialTermExpression:
        coefficient, variable = expr.args
        if coefficient.__class__ in native_numeric_types and variable.value is not None:
            return coefficient * variable.value
    return pyo.value(item)


def _array(component: pyo.Component, shape: tuple[int, ...], index_lists: list[list]) -> np.ndarray:
    """Values of an indexed Var or Expression in the order of ``index_lists``."""
    # indices in row-major order, as np.ndindex(*shape) walks them
    keys = itertools.product(*index_lists) if len(index_lists) > 1 else index_lists[0]
    items = [component[key] for key in keys]
    if component.ctype is pyo.Var:  # a variable's value is read directly, much faster
        found = [item.value for item in items]
    else:
        found = [_expression_value(item) for item in items]
    if None in found:
        raise ValueError(f"{items[found.index(None)].name} has no value: the model was not solved")
    values = np.array(found, dtype=np.float64).reshape(shape)
    values[np.abs(values) < 1e-9] = 0.0  # solver round-off around zero
    return values


def calendar_days(year: int, n_days: int = 365) -> np.ndarray:
    """Dates of the days of ``year`` in the order of the model's days, 29 February left out.

    The profiles describe a non-leap reference year of 365 days; in a leap year its day 59
    is 1 March (as in typical-meteorological-year files).
    """
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    return days[~((days.month == 2) & (days.day == 29))][:n_days].to_numpy().astype("datetime64[D]")


def calendar_coordinates(inputs: xr.Dataset) -> dict[str, xr.Variable]:
    """Dates for the flows: ``date`` of each day, and ``time`` of each hour of a full year.

    ``date`` (along ``day``) dates the day-to-period map in the first year of the horizon, so
    each typical day's members are ``day_to_period == p``; with ``time_resolution: full_year``
    (periods are the real days), ``time`` (year, period, hour) is the timestamp of each hour.
    Local time of the site.
    """
    years = [int(y) for y in inputs["year"].values]
    n_days = inputs.sizes["day"]
    attrs = {"description": "calendar date of the day (local time); 29 February left out"}
    coords = {"date": xr.Variable(("day",), calendar_days(years[0], n_days).astype("datetime64[ns]"), attrs)}
    if inputs.attrs.get("time_resolution") == "full_year" and inputs.sizes["period"] == n_days:
        hours = np.arange(inputs.sizes["hour"]).astype("timedelta64[h]")
        stamps = np.stack([calendar_days(y, n_days)[:, None] + hours[None, :] for y in years])
        coords["time"] = xr.Variable(
            ("year", "period", "hour"),
            stamps.astype("datetime64[ns]"),
            {"description": "start of the hour (local time); 29 February left out"},
        )
    return coords


def extract_flows(model: pyo.ConcreteModel, inputs: xr.Dataset) -> xr.Dataset:
    """Hourly flows and yearly decisions of a solved model.

    Returns
    -------
    xarray.Dataset
        Dimensions ``year``, ``period``, ``hour``, ``measure``; units in ``attrs``. Also holds
        ``demand_kw`` and ``period_weight_days`` from the inputs so the file stands alone.
    """
    years = [int(y) for y in inputs["year"].values]
    periods = [int(p) for p in inputs["period"].values]
    hours = list(range(24))
    measures = [str(k) for k in inputs["measure"].values]
    shape = (len(years), len(periods), len(hours))
    data: dict[str, xr.Variable] = {}
    for name, (block, component, doc) in HOURLY.items():
        values = _array(model.component(block).component(component), shape, [years, periods, hours])
        unit = "kWh" if name.endswith("_kwh") else "kW"
        data[name] = xr.Variable(("year", "period", "hour"), values, {"units": unit, "description": doc})
    for name, (block, component, unit, doc) in ANNUAL.items():
        values = _array(model.component(block).component(component), (len(years),), [years])
        data[name] = xr.Variable(("year",), values, {"units": unit, "description": doc})
    for name, (dim, block, component, unit, doc) in HOURLY_BY_ITEM.items():
        items = [str(i) for i in inputs[dim].values]
        values = _array(
            model.component(block).component(component), (len(items), *shape), [items, years, periods, hours]
        )
        data[name] = xr.Variable((dim, "year", "period", "hour"), values, {"units": unit, "description": doc})
    for name, (dim, block, component, unit, doc) in ANNUAL_BY_ITEM.items():
        items = [str(i) for i in inputs[dim].values]
        values = _array(model.component(block).component(component), (len(items), len(years)), [items, years])
        data[name] = xr.Variable((dim, "year"), values, {"units": unit, "description": doc})
    built = np.zeros((len(measures), len(years)))
    if measures:
        built = _array(model.measures.build, built.shape, [measures, years]).round()
    data["measure_built"] = xr.Variable(
        ("measure", "year"), built, {"units": "1", "description": "1 in the year a measure is installed"}
    )
    for name in ("demand_kw", "period_weight_days", "day_to_period"):
        data[name] = inputs[name].variable
    dims = (
        "year",
        "period",
        "hour",
        "measure",
        "day",
        "heat_option",
        "heat_store",
        "supply_option",
        "saving_profile",
    )
    coords = {name: inputs[name] for name in dims}
    coords.update(calendar_coordinates(inputs))
    return xr.Dataset(data, coords=coords, attrs=dict(inputs.attrs))


def investments_table(flows: xr.Dataset, inputs: xr.Dataset) -> pd.DataFrame:
    """What is built, when, how much and its capex: ``year, lever, option, size, unit, capex_cny``."""
    rows = []
    for i, year in enumerate(int(y) for y in flows["year"].values):
        pv_kwp = float(flows["pv_added_kwp"][i])
        if pv_kwp > 1e-6:
            capex = pv_kwp * float(inputs["pv_capex_cny_per_kwp"][i])
            capex += float(inputs["pv_fixed_project_cost_cny"])
            rows.append((year, "pv", "rooftop PV", pv_kwp, "kWp", capex))
        energy = float(flows["battery_energy_added_kwh"][i])
        if energy > 1e-6:
            power = float(flows["battery_power_added_kw"][i])
            capex = energy * float(inputs["battery_energy_capex_cny_per_kwh"][i]) + power * float(
                inputs["battery_power_capex_cny_per_kw"][i]
            )
            rows.append((year, "battery", f"battery storage ({power:.0f} kW)", energy, "kWh", capex))
        for o, option in enumerate(str(n) for n in inputs["heat_option"].values):
            kw = float(flows["heat_option_added_kw_th"].values[o, i])
            if kw > 1e-6:
                capex = kw * float(inputs["heat_option_capex_cny_per_kw_th"].values[o])
                rows.append((year, "heat", option, kw, "kW_th", capex))
        for s, store in enumerate(str(n) for n in inputs["heat_store"].values):
            kwh = float(flows["heat_store_added_kwh_th"].values[s, i])
            if kwh > 1e-6:
                capex = kwh * float(inputs["heat_store_capex_cny_per_kwh_th"].values[s])
                rows.append((year, "heat", store, kwh, "kWh_th", capex))
        for k in np.flatnonzero(flows["measure_built"].values[:, i] > 0.5):
            rows.append(
                (
                    year,
                    str(inputs["measure_lever"].values[k]),
                    str(inputs["measure_option"].values[k]),
                    float(inputs["measure_size"].values[k]),
                    str(inputs["measure_size_unit"].values[k]),
                    float(inputs["measure_capex_cny"].values[k]),
                )
            )
    return pd.DataFrame(rows, columns=["year", "lever", "option", "size", "unit", "capex_cny"])
