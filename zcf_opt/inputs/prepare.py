"""Assemble everything the model needs into one xarray Dataset.

The Dataset is built by a list of named steps (:data:`INPUT_STEPS`), each a pure function of an
:class:`~zcf_opt.inputs.context.InputContext` (scenario, rulebook, time slices) returning the
variables of one concern; a new lever adds its own step. :func:`time_slices` does the expensive
part (pvlib yield, load shape, typical days) and is cached per content, so sweeps compute it
once. The Dataset has dimensions ``year``, ``period`` (typical or real days), ``hour`` (0-23),
``day`` (0-364), ``measure``, ``saving_profile``, ``heat_demand``, ``heat_option``, ``heat_store``,
``supply_item`` and ``supply_option``; every variable carries its unit in ``attrs["units"]``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

from zcf_opt.inputs.abatement import measure_abatement_variables
from zcf_opt.inputs.base_year import base_year_variables
from zcf_opt.inputs.context import InputContext
from zcf_opt.inputs.emission_factors import emission_variables
from zcf_opt.inputs.equipment import equipment_variables
from zcf_opt.inputs.finance import finance_variables
from zcf_opt.inputs.fuel import fuel_variables
from zcf_opt.inputs.heat import heat_variables
from zcf_opt.inputs.market import market_variables
from zcf_opt.inputs.measures import epc_payment_variables, measure_variables
from zcf_opt.inputs.periods import period_variables
from zcf_opt.inputs.production import production_variables
from zcf_opt.inputs.renewal import renewal_variables
from zcf_opt.inputs.slices import time_slices
from zcf_opt.inputs.supply_chain import supply_chain_variables
from zcf_opt.inputs.targets import target_variables
from zcf_opt.inputs.tariff import tariff_variables
from zcf_opt.inputs.technology import battery_variables, pv_variables
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook, scenario_rulebooks

__all__ = ["DERIVED_STEPS", "INPUT_STEPS", "assemble_inputs", "prepare_inputs", "time_slices"]

InputStep = Callable[[InputContext], dict[str, xr.Variable]]
DerivedStep = Callable[[xr.Dataset], dict[str, xr.Variable]]

#: the steps that make the input Dataset, in order; each owns the variables it returns
INPUT_STEPS: list[InputStep] = [
    period_variables,
    tariff_variables,
    market_variables,
    emission_variables,
    fuel_variables,
    heat_variables,
    pv_variables,
    battery_variables,
    measure_variables,
    renewal_variables,
    supply_chain_variables,
    equipment_variables,
    base_year_variables,
    production_variables,
    target_variables,
    finance_variables,
]

#: steps on the assembled Dataset (figures that need several concerns' inputs), in order
DERIVED_STEPS: list[DerivedStep] = [
    epc_payment_variables,
    measure_abatement_variables,
]


def assemble_inputs(scenario: Scenario, slices: TimeSlices, rulebook: Rulebook) -> xr.Dataset:
    """The model's input Dataset for ``scenario``.

    Parameters
    ----------
    scenario
        Validated scenario (with its factory).
    slices
        Output of :func:`time_slices` for this scenario.
    rulebook
        Rulebook of the scenario's standard (the targets may name other standards too).
    """
    rulebooks = scenario_rulebooks(scenario, rulebook)
    ctx = InputContext(scenario, next(iter(rulebooks.values())), slices, rulebooks)
    data_vars: dict[str, xr.Variable] = {}
    for step in INPUT_STEPS:
        produced = step(ctx)
        clash = sorted(set(produced) & set(data_vars))
        if clash:
            raise RuntimeError(f"input step {step.__name__} redefines {clash}")
        data_vars.update(produced)
    coords = {
        "year": ctx.years,
        "period": np.arange(slices.n_periods),
        "hour": np.arange(24),
        "day": np.arange(len(slices.day_to_period)),
    }
    # a variable named after its own dimension (e.g. ``measure``) is that dimension's coordinate
    for name in [n for n, v in data_vars.items() if v.dims == (n,)]:
        coords[name] = data_vars.pop(name)
    inputs = xr.Dataset(
        data_vars,
        coords=coords,
        attrs={
            "scenario": scenario.name,
            "factory": scenario.factory.name,
            "standard": rulebook.standard,
            "time_resolution": slices.method,
        },
    )
    for derive in DERIVED_STEPS:
        produced = derive(inputs)
        clash = sorted(set(produced) & set(inputs.variables))
        if clash:
            raise RuntimeError(f"input step {derive.__name__} redefines {clash}")
        inputs = inputs.assign(produced)
    return inputs


def prepare_inputs(scenario: Scenario, rulebook: Rulebook, slices: TimeSlices | None = None) -> xr.Dataset:
    """Time slices (computed unless given) and per-year data for ``scenario`` in one Dataset."""
    return assemble_inputs(scenario, slices if slices is not None else time_slices(scenario), rulebook)
