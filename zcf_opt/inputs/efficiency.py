"""Efficiency programmes as rows of the measure table, their figures resolved from the catalogue.

The saving of a programme is, in the first year:

- a share s of a named load L: ``s · L``, with L the plant's electricity [MWh/yr], an end use
  (its share of it), a motor fleet (rated kW × count × full-load hours ÷ efficiency) or a heat
  demand [MWh_th/yr];
- or a stated electricity saving [MWh/yr];
- or a stated gas saving [Nm3/yr] on a heat demand, as heat: gas ÷ (Nm3 per MWh_th of today's supply).

Capex defaults to the catalogue's cost per MWh/yr saved × the saving, O&M to its share of capex
per year, life to the catalogue's. Figures taken from the catalogue are listed in the row's
``typical`` column, and every run using one says so.
"""

from __future__ import annotations

from zcf_opt.inputs.heat import gas_nm3_per_mwh_th, heat_section
from zcf_opt.notices import Notice
from zcf_opt.programmes import programmes
from zcf_opt.schema.efficiency import EfficiencyProgramme
from zcf_opt.schema.factory import FactoryModel, MotorFleet


def fleet_electricity_mwh(fleet: MotorFleet) -> float:
    """Electricity a motor fleet uses per year [MWh/yr]: shaft energy ÷ efficiency."""
    from zcf_opt.inputs.measures import motor_efficiency

    efficiency = fleet.efficiency or motor_efficiency(fleet.efficiency_class, fleet.rated_kw)
    return fleet.rated_kw * fleet.count * fleet.full_load_hours_per_year / 1000.0 / efficiency


def base_load(factory: FactoryModel, of: str, annual_electricity_mwh: float) -> tuple[float, bool]:
    """The first-year load a programme acts on [MWh/yr or MWh_th/yr], and whether it is heat."""
    if of == "electricity":
        return annual_electricity_mwh, False
    for use in factory.electricity_end_uses:
        if use.name == of:
            return use.share * annual_electricity_mwh, False
    for fleet in factory.motors:
        if fleet.name == of:
            return fleet_electricity_mwh(fleet), False
    demand = next(d for d in heat_section(factory).demands if d.name == of)
    return demand.annual_mwh_th, True


def efficiency_row(
    factory: FactoryModel, measure: EfficiencyProgramme, annual_electricity_mwh: float
) -> dict:
    """One measure-table row (see :func:`zcf_opt.inputs.measures.measure_table`) for a programme."""
    entry = programmes()[measure.programme] if measure.programme else None
    load, is_heat = base_load(factory, measure.of, annual_electricity_mwh)
    if measure.saving_mwh_per_year is not None:
        saved = measure.saving_mwh_per_year
    elif measure.saving_gas_nm3_per_year is not None:
        demand = next(d for d in heat_section(factory).demands if d.name == measure.of)
        saved = measure.saving_gas_nm3_per_year / gas_nm3_per_mwh_th(factory, demand)
    else:
        share = measure.saving_share if measure.saving_share is not None else entry.saving_share
        saved = share * load
    capex = measure.capex_cny if measure.capex_cny is not None else entry.capex_cny_per_mwh_saved * saved
    om = measure.fixed_om_cny_per_year
    if om is None:
        om = entry.fixed_om_share_of_capex * capex if entry else 0.0
    return {
        "measure": measure.name,
        "lever": "efficiency",
        "option": f"{measure.name} ({measure.of})",
        "group": f"efficiency/{measure.exclusive_group or measure.name}",
        "capex_cny": capex,
        "life_years": measure.life_years or entry.life_years,
        "fixed_om_cny_per_year": om,
        "electricity_saving_mwh_per_year": 0.0 if is_heat else saved,
        "heat_saving_mwh_th_per_year": saved if is_heat else 0.0,
        "heat_demand": measure.of if is_heat else "",
        "profile": measure.profile,
        "size": saved,
        "size_unit": "MWh_th/yr" if is_heat else "MWh/yr",
        "typical": ",".join(measure.typical_fields),
        "equipment": "",
        "grade": 0,
    }


def typical_figure_notice(factory: FactoryModel) -> Notice | None:
    """A warning naming every efficiency programme that relies on catalogue (typical) figures."""
    measures = [
        {"name": m.name, "programme": m.programme, "fields": m.typical_fields}
        for m in factory.efficiency
        if m.typical_fields
    ]
    return Notice("typical_efficiency_figures", {"measures": measures}) if measures else None
