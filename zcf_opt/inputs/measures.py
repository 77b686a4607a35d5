"""Retrofit measures (motor fleets, waste-heat recovery) as one table of options.

Each option becomes a row of the ``measure`` dimension of the inputs: its lever, exclusive
group, capex, life, O&M, the electricity it saves per year and the gas it saves per year. The
model treats all rows alike: one binary per option and install year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable
from zcf_opt.inputs.equipment import equipment_measure_rows
from zcf_opt.schema.equipment import GB18613_GRADE
from zcf_opt.schema.factory import FactoryModel, MotorFleet

#: Nominal full-load efficiency [1] of 50 Hz four-pole motors by rated output [kW].
#: IE1-IE4: IEC 60034-30-1:2014, Table of nominal efficiency limits (50 Hz, 4 poles).
#: IE5: derived, losses 20 % below IE4 (the IE5 definition of IEC TS 60034-30-2:2016).
#: Classes map to GB 18613-2020 grades: IE3 = grade 3, IE4 = grade 2, IE5 = grade 1.
MOTOR_EFFICIENCY_SOURCE = "IEC 60034-30-1:2014 (IE1-IE4, 50 Hz 4-pole); IE5 = IE4 losses - 20 %"
_MOTOR_KW = np.array(
    [0.75, 1.1, 1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15, 18.5, 22, 30, 37, 45, 55, 75, 90, 110, 132, 160, 200]
)
_MOTOR_EFFICIENCY_PERCENT = {
    "IE1": [
        72.1,
        75.0,
        77.2,
        79.7,
        81.5,
        83.1,
        84.7,
        86.0,
        87.6,
        88.7,
        89.3,
        89.9,
        90.7,
        91.2,
        91.7,
        92.1,
        92.7,
        93.0,
        93.3,
        93.5,
        93.8,
        94.0,
    ],
    "IE2": [
        79.6,
        81.4,
        82.8,
        84.3,
        85.5,
        86.6,
        87.7,
        88.7,
        89.8,
        90.6,
        91.2,
        91.6,
        92.3,
        92.7,
        93.1,
        93.5,
        94.0,
        94.2,
        94.5,
        94.7,
        94.9,
        95.1,
    ],
    "IE3": [
        82.5,
        84.1,
        85.3,
        86.7,
        87.7,
        88.6,
        89.6,
        90.4,
        91.4,
        92.1,
        92.6,
        93.0,
        93.6,
        93.9,
        94.2,
        94.6,
        95.0,
        95.2,
        95.4,
        95.6,
        95.8,
        96.0,
    ],
    "IE4": [
        85.7,
        87.2,
        88.2,
        89.5,
        90.4,
        91.1,
        91.9,
        92.6,
        93.3,
        93.9,
        94.2,
        94.5,
        94.9,
        95.2,
        95.4,
        95.7,
        96.0,
        96.1,
        96.3,
        96.4,
        96.6,
        96.7,
    ],
}


def motor_efficiency(efficiency_class: str, rated_kw: float) -> float:
    """Nominal efficiency of a class at a rated output [1].

    Interpolated on log(kW) between table sizes; held flat above 200 kW and below 0.75 kW.

    Parameters
    ----------
    efficiency_class
        ``"IE1"`` to ``"IE5"``.
    rated_kw
        Rated output [kW].
    """
    if efficiency_class == "IE5":
        return 1.0 - 0.8 * (1.0 - motor_efficiency("IE4", rated_kw))
    table = np.array(_MOTOR_EFFICIENCY_PERCENT[efficiency_class]) / 100.0
    return float(np.interp(np.log(rated_kw), np.log(_MOTOR_KW), table))


def motor_saving_mwh(fleet: MotorFleet, efficiency_after: float) -> float:
    """Electricity a fleet retrofit saves per year [MWh/yr].

    ``saving = shaft energy × (1/η_before − 1/η_after)``, with shaft energy = rated kW × count
    × full-load hours.
    """
    before = fleet.efficiency or motor_efficiency(fleet.efficiency_class, fleet.rated_kw)
    shaft_mwh = fleet.rated_kw * fleet.count * fleet.full_load_hours_per_year / 1000.0
    return shaft_mwh * (1.0 / before - 1.0 / efficiency_after)


def measure_table(factory: FactoryModel) -> dict[str, list]:
    """One row per retrofit option, as lists of equal length.

    Returns
    -------
    dict
        ``measure`` (id), ``lever``, ``option``, ``group``, ``capex_cny``, ``life_years``,
        ``fixed_om_cny_per_year``, ``electricity_saving_mwh_per_year`` (negative where the
        option adds load), ``heat_recovered_mwh_th_per_year``, ``size`` and ``size_unit``.
    """
    rows: list[dict] = []
    for fleet in factory.motors:
        for option in fleet.options:
            after = option.efficiency or motor_efficiency(option.efficiency_class, fleet.rated_kw)
            rows.append(
                {
                    "measure": f"{fleet.name}/{option.name}",
                    "lever": "motors",
                    "option": f"{fleet.name}: {fleet.efficiency_class} -> {option.efficiency_class}",
                    "group": f"motors/{fleet.name}",
                    "capex_cny": option.capex_cny,
                    "life_years": option.life_years,
                    "fixed_om_cny_per_year": option.fixed_om_cny_per_year,
                    "electricity_saving_mwh_per_year": motor_saving_mwh(fleet, after),
                    "heat_recovered_mwh_th_per_year": 0.0,
                    "size": fleet.rated_kw * fleet.count,
                    "size_unit": "kW",
                    "equipment": fleet.name,
                    "grade": GB18613_GRADE[option.efficiency_class],
                }
            )
    for project in factory.waste_heat:
        rows.append(
            {
                "measure": project.name,
                "lever": "waste_heat",
                "option": project.name,
                "group": f"waste_heat/{project.exclusive_group or project.name}",
                "capex_cny": project.capex_cny,
                "life_years": project.life_years,
                "fixed_om_cny_per_year": project.fixed_om_cny_per_year,
                "electricity_saving_mwh_per_year": -project.auxiliary_electricity_mwh_per_year,
                "heat_recovered_mwh_th_per_year": project.recoverable_mwh_th_per_year,
                "size": project.recoverable_mwh_th_per_year,
                "size_unit": "MWh_th/yr",
                "equipment": "",
                "grade": 0,
            }
        )
    rows += equipment_measure_rows(factory)
    columns = [
        "measure",
        "lever",
        "option",
        "group",
        "capex_cny",
        "life_years",
        "fixed_om_cny_per_year",
        "electricity_saving_mwh_per_year",
        "heat_recovered_mwh_th_per_year",
        "size",
        "size_unit",
        "equipment",
        "grade",
    ]
    return {column: [row[column] for row in rows] for column in columns}


def measure_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The ``measure`` dimension: one row per option, and the hourly shape of a saving.

    An electricity saving follows the plant's first-year load shape: ``shape[p, h]`` is the kW
    saved in hour h of period p per MWh/yr saved, so that Σ_p w_p Σ_h shape · S / 1000 = S.
    """
    factory = ctx.factory
    table = measure_table(factory)
    weight = ctx.slices.weight_days
    load_first_year = ctx.slices.values["load_kw"]
    annual_kwh = float(np.sum(weight[:, None] * load_first_year))
    shape = load_first_year / annual_kwh * 1000.0 if annual_kwh > 0 else load_first_year * 0
    fuel = factory.fuel
    gas_per_heat = 1000.0 / (fuel.boiler_efficiency * fuel.lower_heating_value_kwh_per_nm3) if fuel else 0.0
    out = {
        "measure": variable(np.array(table["measure"], dtype=str), ("measure",), ""),
        "measure_saving_shape_kw_per_mwh": variable(
            shape, ("period", "hour"), "kW per MWh/yr", "hourly spread of an annual saving"
        ),
    }
    for column in ("lever", "option", "group", "size_unit", "equipment"):
        out[f"measure_{column}"] = variable(np.array(table[column], dtype=str), ("measure",), "")
    for column, units in (
        ("capex_cny", "CNY"),
        ("life_years", "yr"),
        ("fixed_om_cny_per_year", "CNY/yr"),
        ("electricity_saving_mwh_per_year", "MWh/yr"),
        ("size", ""),
        ("grade", "GB grade"),
    ):
        out[f"measure_{column}"] = variable(np.array(table[column], dtype=float), ("measure",), units)
    out["measure_gas_saving_nm3_per_year"] = variable(
        np.array(table["heat_recovered_mwh_th_per_year"], dtype=float) * gas_per_heat,
        ("measure",),
        "Nm3/yr",
        "gas the recovered heat displaces",
    )
    return out
