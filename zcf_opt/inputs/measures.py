"""Retrofit measures (motor fleets, waste-heat recovery, efficiency programmes) as one table.

Each option becomes a row of the ``measure`` dimension of the inputs: its lever, exclusive
group, capex, life, O&M, the electricity it saves per year (with the hourly profile of that
saving) and the heat it saves per year on a heat demand (waste heat recovered, or heat a
programme saves), which replaces gas there. An option offered under an energy-performance
contract (合同能源管理) gets a second row, ``<name> (EPC)``, in the same exclusive group: no capex,
and a share of its savings paid for the contract years. The model treats all rows alike: one
binary per option and install year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.inputs.context import InputContext, variable
from zcf_opt.inputs.efficiency import efficiency_row
from zcf_opt.inputs.equipment import equipment_measure_rows
from zcf_opt.inputs.heat import gas_nm3_per_mwh_th, heat_section
from zcf_opt.inputs.shapes import hourly_shape
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


#: columns of the measure table
COLUMNS = [
    "measure",
    "lever",
    "option",
    "group",
    "capex_cny",
    "life_years",
    "fixed_om_cny_per_year",
    "electricity_saving_mwh_per_year",
    "heat_saving_mwh_th_per_year",
    "heat_demand",
    "profile",
    "size",
    "size_unit",
    "typical",
    "equipment",
    "grade",
    "epc_savings_share",
    "epc_contract_years",
]

#: suffix of the row of an option under an energy-performance contract
EPC_SUFFIX = " (EPC)"


def _motor_rows(factory: FactoryModel) -> list[tuple[dict, object]]:
    rows = []
    for fleet in factory.motors:
        for option in fleet.options:
            after = option.efficiency or motor_efficiency(option.efficiency_class, fleet.rated_kw)
            row = {
                "measure": f"{fleet.name}/{option.name}",
                "lever": "motors",
                "option": f"{fleet.name}: {fleet.efficiency_class} -> {option.efficiency_class}",
                "group": f"motors/{fleet.name}",
                "capex_cny": option.capex_cny,
                "life_years": option.life_years,
                "fixed_om_cny_per_year": option.fixed_om_cny_per_year,
                "electricity_saving_mwh_per_year": motor_saving_mwh(fleet, after),
                "heat_saving_mwh_th_per_year": 0.0,
                "heat_demand": "",
                "profile": "electricity_load",
                "size": fleet.rated_kw * fleet.count,
                "size_unit": "kW",
                "typical": "",
                "equipment": fleet.name,
                "grade": GB18613_GRADE[option.efficiency_class],
            }
            rows.append((row, option.epc))
    return rows


def _waste_heat_rows(factory: FactoryModel) -> list[tuple[dict, object]]:
    demands = [d.name for d in heat_section(factory).demands]
    rows = []
    for project in factory.waste_heat:
        row = {
            "measure": project.name,
            "lever": "waste_heat",
            "option": project.name,
            "group": f"waste_heat/{project.exclusive_group or project.name}",
            "capex_cny": project.capex_cny,
            "life_years": project.life_years,
            "fixed_om_cny_per_year": project.fixed_om_cny_per_year,
            "electricity_saving_mwh_per_year": -project.auxiliary_electricity_mwh_per_year,
            "heat_saving_mwh_th_per_year": project.recoverable_mwh_th_per_year,
            "heat_demand": project.serves or demands[0],
            "profile": "electricity_load",
            "size": project.recoverable_mwh_th_per_year,
            "size_unit": "MWh_th/yr",
            "typical": "",
            "equipment": "",
            "grade": 0,
        }
        rows.append((row, project.epc))
    return rows


def measure_names(factory: FactoryModel) -> list[str]:
    """Names of the measures a factory offers (without their EPC variants)."""
    names = [f"{fleet.name}/{option.name}" for fleet in factory.motors for option in fleet.options]
    names += [f"{group.name}/{option.name}" for group in factory.equipment for option in group.options]
    return names + [p.name for p in factory.waste_heat] + [e.name for e in factory.efficiency]


def measure_table(factory: FactoryModel, annual_electricity_mwh: float) -> dict[str, list]:
    """One row per retrofit option, as lists of equal length (columns :data:`COLUMNS`).

    Parameters
    ----------
    factory
        The factory model.
    annual_electricity_mwh
        The plant's first-year electricity use [MWh/yr], for programmes saving a share of it.

    Returns
    -------
    dict
        ``measure`` (id), ``lever``, ``option``, ``group``, ``capex_cny``, ``life_years``,
        ``fixed_om_cny_per_year``, ``electricity_saving_mwh_per_year`` (negative where the
        option adds load), ``heat_saving_mwh_th_per_year`` and the ``heat_demand`` it saves
        on, the ``profile`` of the electricity saving, ``size`` and ``size_unit``,
        ``typical`` (catalogue fields used), ``epc_savings_share`` and ``epc_contract_years``
        (0 for an option paid by the plant).
    """
    rows = _motor_rows(factory) + _waste_heat_rows(factory)
    rows += [(row, None) for row in equipment_measure_rows(factory)]
    rows += [(efficiency_row(factory, m, annual_electricity_mwh), m.epc) for m in factory.efficiency]
    table = []
    for row, epc in rows:
        table.append({**row, "epc_savings_share": 0.0, "epc_contract_years": 0})
        if epc is not None:
            table.append(
                {
                    **row,
                    "measure": row["measure"] + EPC_SUFFIX,
                    "option": row["option"] + EPC_SUFFIX,
                    "capex_cny": 0.0,
                    "epc_savings_share": epc.savings_share,
                    "epc_contract_years": epc.contract_years,
                }
            )
    return {column: [row[column] for row in table] for column in COLUMNS}


def measure_variables(ctx: InputContext) -> dict[str, xr.Variable]:
    """The ``measure`` dimension: one row per option, and the hourly shapes of savings.

    An electricity saving follows its profile (by default the plant's first-year load shape):
    ``shape[profile, p, h]`` is the kW saved in hour h of period p per MWh/yr saved, so that
    Σ_p w_p Σ_h shape · S / 1000 = S.
    """
    factory = ctx.factory
    weight = ctx.slices.weight_days
    annual_mwh = float(np.sum(weight[:, None] * ctx.slices.values["load_kw"])) / 1000.0
    table = measure_table(factory, annual_mwh)
    profiles = sorted({"electricity_load", *table["profile"]}, key=lambda p: p != "electricity_load")
    demands = heat_section(factory).demands
    gas_per_heat = {d.name: gas_nm3_per_mwh_th(factory, d) for d in demands}
    subsidies: dict[str, float] = {}
    for subsidy in ctx.scenario.finance.subsidies.projects:
        subsidies[subsidy.measure] = subsidies.get(subsidy.measure, 0.0) + subsidy.cny
    out = {
        "measure": variable(np.array(table["measure"], dtype=str), ("measure",), ""),
        "saving_profile": variable(np.array(profiles, dtype=str), ("saving_profile",), ""),
        "measure_saving_shape_kw_per_mwh": variable(
            np.array([hourly_shape(ctx.slices, p) for p in profiles]),
            ("saving_profile", "period", "hour"),
            "kW per MWh/yr",
            "hourly spread of an annual electricity saving, by profile",
        ),
    }
    for column in ("lever", "option", "group", "size_unit", "heat_demand", "profile", "typical", "equipment"):
        name = "measure_saving_profile" if column == "profile" else f"measure_{column}"
        out[name] = variable(np.array(table[column], dtype=str), ("measure",), "")
    for column, units in (
        ("capex_cny", "CNY"),
        ("life_years", "yr"),
        ("fixed_om_cny_per_year", "CNY/yr"),
        ("electricity_saving_mwh_per_year", "MWh/yr"),
        ("heat_saving_mwh_th_per_year", "MWh_th/yr"),
        ("size", ""),
        ("grade", "GB grade"),
        ("epc_savings_share", "1"),
        ("epc_contract_years", "yr"),
    ):
        out[f"measure_{column}"] = variable(np.array(table[column], dtype=float), ("measure",), units)
    out["measure_gas_saving_nm3_per_year"] = variable(
        np.array(
            [
                h * gas_per_heat.get(d, 0.0)
                for h, d in zip(table["heat_saving_mwh_th_per_year"], table["heat_demand"], strict=True)
            ],
            dtype=float,
        ),
        ("measure",),
        "Nm3/yr",
        "gas the heat saved displaces where it replaces today's gas supply",
    )
    out["measure_subsidy_cny"] = variable(
        np.array([subsidies.get(m, 0.0) for m in table["measure"]], dtype=float),
        ("measure",),
        "CNY",
        "subsidy received when the measure is built",
    )
    return out


def epc_payment_variables(inputs: xr.Dataset) -> dict[str, xr.Variable]:
    """What an option under an energy-performance contract pays in each year of its contract:
    its savings share × the value of its savings that year
    (:func:`zcf_opt.economics.measure_saving_value_cny`) [CNY/yr]; zero for other rows."""
    from zcf_opt.economics import measure_saving_value_cny

    years = [int(y) for y in inputs["year"].values]
    share = inputs["measure_epc_savings_share"].values
    payment = np.array(
        [
            [share[k] * measure_saving_value_cny(inputs, k, y) if share[k] > 0 else 0.0 for y in years]
            for k in range(len(share))
        ]
    ).reshape(len(share), len(years))
    return {
        "measure_epc_payment_cny_per_year": variable(
            payment, ("measure", "year"), "CNY/yr", "paid to the service company in a contract year"
        )
    }
