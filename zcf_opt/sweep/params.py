"""Sensitivity parameters: short names, scenario field paths and how values are applied.

A parameter is a short name from :data:`PARAMETERS` or a dotted field path of the scenario
(``tariff.demand_charge_cny_per_kw_month``, ``factory.roof.max_kwp``). A varied value replaces
the whole field, so a trajectory becomes a constant: the same value in every year.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from zcf_opt.errors import InputError
from zcf_opt.schema import Scenario

#: short name -> (scenario field path, unit)
PARAMETERS: dict[str, tuple[str, str]] = {
    "gec_price": ("certificates.price_cny_per_mwh", "CNY/MWh"),
    "pv_capex": ("pv_capex_cny_per_kwp", "CNY/kWp"),
    "battery_capex": ("battery_energy_capex_cny_per_kwh", "CNY/kWh"),
    "green_premium": ("green_power.premium_cny_per_mwh", "CNY/MWh"),
    "green_cap": ("green_power.cap_mwh", "MWh/yr"),
    "gec_cap": ("certificates.cap_mwh", "MWh/yr"),
    "offset_price": ("offsets.price_cny_per_tco2e", "CNY/tCO2e"),
    "offset_cap": ("offsets.cap_tco2e", "tCO2e/yr"),
    "removal_price": ("removals.price_cny_per_tco2e", "CNY/tCO2e"),
    "removal_cap": ("removals.cap_tco2e", "tCO2e/yr"),
    "grid_factor": ("grid_emission_factor_tco2_per_mwh", "tCO2/MWh"),
    "market_factor": ("market_residual_factor_tco2_per_mwh", "tCO2/MWh"),
    "discount_rate": ("discount_rate", "1/yr"),
    "gas_price": ("gas_price_cny_per_nm3", "CNY/Nm3"),
    "export_price": ("export_price_cny_per_kwh", "CNY/kWh"),
    "demand_charge": ("tariff.demand_charge_cny_per_kw_month", "CNY/kW/month"),
    "demand_growth": ("electricity_demand_growth_per_year", "1/yr"),
}


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """Schema sections an annotation holds directly (not inside lists or mappings)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (list, dict):
        return []
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def is_field_path(path: str) -> bool:
    """Whether ``path`` (``"a.b.c"``) names a field of the scenario schema."""
    model: type[BaseModel] | None = Scenario
    parts = path.split(".")
    for i, part in enumerate(parts):
        if model is None or part not in model.model_fields:
            return False
        nested = _models_in(model.model_fields[part].annotation)
        model = nested[0] if len(nested) == 1 and i < len(parts) - 1 else None
        if i < len(parts) - 1 and model is None:
            return False
    return True


def field_path(name: str, option: str = "--vary") -> str:
    """The scenario field path of a parameter name or dotted path.

    Raises
    ------
    InputError
        When ``name`` is neither a known parameter nor a field of the scenario.
    """
    if name in PARAMETERS:
        return PARAMETERS[name][0]
    if is_field_path(name):
        return name
    raise InputError(
        None,
        option,
        f"unknown parameter '{name}': use one of {', '.join(PARAMETERS)} or a dotted field path "
        "of the scenario (e.g. tariff.demand_charge_cny_per_kw_month)",
    )


def parse_value(name: str, text: str, option: str = "--vary") -> Any:
    """One value of a parameter: a number for a named parameter, a YAML scalar for a path."""
    text = text.strip()
    if name in PARAMETERS:
        try:
            return float(text)
        except ValueError:
            raise InputError(None, option, f"'{name}': expected a number, got '{text}'") from None
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = None
    if value is None or isinstance(value, dict | list):
        raise InputError(None, option, f"'{name}': expected a single value, got '{text}'")
    return value


def parse_vary(items: tuple[str, ...] | list[str]) -> dict[str, list[Any]]:
    """``--vary name=v1,v2`` options -> ``{name: [v1, v2]}`` in the order given."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        name = name.strip()
        if not sep or not name or not values.strip():
            raise InputError(None, "--vary", f"expected NAME=V1,V2,..., got '{item}'")
        field_path(name)
        if name in grid:
            raise InputError(None, "--vary", f"parameter '{name}' given twice")
        grid[name] = [parse_value(name, text) for text in values.split(",")]
    return grid


def overrides_for(scenario: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """Top-level scenario fields that carry ``values`` (parameter name -> value).

    Nested paths are applied to the scenario's resolved fields, so the other sub-fields keep
    their values (defaults included).
    """
    top: dict[str, Any] = {}
    for name, value in values.items():
        parts = field_path(name).split(".")
        if len(parts) == 1:
            top[parts[0]] = value
            continue
        head = parts[0]
        if head not in top:
            current = getattr(scenario, head)
            top[head] = current.model_dump() if isinstance(current, BaseModel) else current
        node = top[head]
        for part in parts[1:-1]:
            if not isinstance(node, dict) or not isinstance(node.get(part), dict):
                raise InputError(None, "--vary", f"'{name}': the scenario has no '{part}' section to vary")
            node = node[part]
        node[parts[-1]] = value
    return top


def value_label(value: Any) -> str:
    """A short, stable text for a value in folder names and tables."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Path):
        return value.name
    return str(value)
