"""Marginal abatement cost curve (MACC) of one factory, computed from the model inputs.

Two parts, kept apart:

- **Abatement** (``curve = "abatement"``): the physical levers (retrofit and efficiency measures,
  rooftop PV on the free roof, electric heat options, and in a Type II boundary the supply-chain
  options) on one stepped curve. Potentials do not overlap: the levers are put in place one at
  a time, cheapest increment first, and each one's potential and cost are its *increment* on the
  first-year plant with every cheaper lever already in place (:mod:`zcf_opt.sweep.plant`):

      cost_k = ΔC / ΔE,   potential_k = −ΔE,   with C, E the plant's yearly cost and boundary
      emissions with levers 1…k versus 1…k−1 in place.

  Options of one exclusive group (IE4 or IE5 of a motor fleet) enter as the increment from the
  option in place ("instead of"). The potentials therefore add up to the fall in the plant's
  first-year emissions, never more than the emissions themselves.
- **Market instruments** (``curve = "market"``): green power and certificates (price / market
  factor, potential = the grid import left after the physical levers, capped), offsets and
  removals (their price, potential = the residual left after the physical levers, capped). They
  are alternatives to each other and are drawn as price lines, not bars.

Storage abates nothing by itself (``curve = "no_abatement"``): the battery is listed with its
arbitrage value.

Every cost uses the plan's economics (:mod:`zcf_opt.conventions`): first-year prices and
factors, capex after subsidies times the financing factor, annuitised at the discount rate
over the life, paid at the start of each year; so a measure with a negative cost on its own
lowers the plan's net present cost when it stands alone. Energy-performance-contract variants
are a way to pay, not another measure, and are left out.

f_e is the market-based residual factor (default, as the standard's residual counts) or the
location-based grid factor (``electricity_factor="location"``); green power and certificates
always use the market factor. Supply-chain options count only where the boundary of the
scenario's last target includes scope 3.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.conventions import equivalent_annual_cost
from zcf_opt.inputs.measures import EPC_SUFFIX
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario
from zcf_opt.standards import Rulebook
from zcf_opt.standards.library import target_rulebook
from zcf_opt.sweep.plant import FirstYearPlant, Lever, annualised

MACC_COLUMNS = [
    "curve",
    "rank",
    "lever",
    "option",
    "abatement_cost_cny_per_tco2e",
    "abatement_potential_tco2e_per_year",
    "equivalent_annual_cost_cny",
    "capex_cny",
    "life_years",
    "note",
    "wording",
]

#: reference battery size [kWh]
BATTERY_REFERENCE_KWH = 1000.0

#: smallest abatement counted as one [tCO2e/yr]
MIN_ABATEMENT = 1e-6


def _first(inputs: xr.Dataset, name: str) -> float:
    return float(inputs[name].isel(year=0))


def electricity_factor(inputs: xr.Dataset, which: str = "market") -> float:
    """First-year emission factor of grid electricity avoided [tCO2/MWh]."""
    if which not in ("market", "location"):
        raise ValueError(f"electricity factor must be 'market' or 'location', got '{which}'")
    return _first(inputs, f"grid_factor_{which}_tco2_per_mwh")


def _notice(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def _wording(option: dict[str, Any] | None, note: dict[str, Any]) -> dict[str, str]:
    """The ``note`` (English) and ``wording`` columns: option and note as notices, in JSON;
    the proposal words a row in its own language from ``wording``. With ``option`` also its
    English text (``option``)."""
    row = {
        "note": Notice.from_dict(note).text("en"),
        "wording": json.dumps({"option": option, "note": note}, ensure_ascii=False),
    }
    if option is not None:
        row["option"] = Notice.from_dict(option).text("en")
    return row


def measure_levers(inputs: xr.Dataset) -> list[Lever]:
    """One lever per retrofit or efficiency option paid by the plant."""
    shapes = {
        str(p): inputs["measure_saving_shape_kw_per_mwh"].sel(saving_profile=p).values
        for p in inputs["saving_profile"].values
    }
    demands = [str(d) for d in inputs["heat_demand"].values]
    levers = []
    for k, measure in enumerate(str(m) for m in inputs["measure"].values):
        if measure.endswith(EPC_SUFFIX):
            continue
        capex = float(inputs["measure_capex_cny"][k])
        life = float(inputs["measure_life_years"][k])
        saving = float(inputs["measure_electricity_saving_mwh_per_year"][k])
        heat = float(inputs["measure_heat_saving_mwh_th_per_year"][k])
        profile = str(inputs["measure_saving_profile"].values[k])
        demand = str(inputs["measure_heat_demand"].values[k])
        note = _notice("macc_note_measure", saving_mwh=saving, heat_mwh_th=heat, heat_demand=demand)
        levers.append(
            Lever(
                key=f"measure:{measure}",
                lever=str(inputs["measure_lever"].values[k]),
                option=measure,
                group=str(inputs["measure_group"].values[k]),
                capex_cny=capex,
                life_years=life,
                annual_cost_cny=annualised(capex, float(inputs["measure_subsidy_cny"][k]), life, inputs)
                + float(inputs["measure_fixed_om_cny_per_year"][k]),
                note=note,
                electricity_saving_kw=saving * shapes[profile],
                heat_saving=(demands.index(str(inputs["measure_heat_demand"].values[k])), heat)
                if heat
                else None,
            )
        )
    return levers


def pv_lever(inputs: xr.Dataset) -> Lever | None:
    """Rooftop PV on the whole free roof, or None without free roof."""
    free_kwp = float(inputs["pv_limit_kwp"]) - float(inputs["existing_pv_kwp"])
    if free_kwp <= 0:
        return None
    life = float(inputs["pv_life_years"])
    capex = free_kwp * _first(inputs, "pv_capex_cny_per_kwp") + float(inputs["pv_fixed_project_cost_cny"])
    subsidy = free_kwp * _first(inputs, "pv_subsidy_cny_per_kwp")
    return Lever(
        key="pv",
        lever="pv",
        option="pv",
        option_wording=_notice("macc_option_pv", kwp=free_kwp),
        group="pv",
        capex_cny=capex,
        life_years=life,
        annual_cost_cny=annualised(capex, subsidy, life, inputs)
        + free_kwp * float(inputs["pv_fixed_om_cny_per_kwp_year"]),
        note=_notice("macc_note_pv", self_mwh=0.0, share=0.0),  # filled in when it is stacked
    )


def heat_levers(inputs: xr.Dataset, plant: FirstYearPlant) -> list[Lever]:
    """One lever per electric heat option, sized to its demand's first-year peak."""
    levers = []
    for o, option in enumerate(str(n) for n in inputs["heat_option"].values):
        size = float(plant.option_size_kw[o])
        life = float(inputs["heat_option_life_years"][o])
        capex = size * float(inputs["heat_option_capex_cny_per_kw_th"][o])
        subsidy = size * _first(inputs, "heat_option_subsidy_cny_per_kw_th")
        cop = float(inputs["heat_option_cop"][o])
        levers.append(
            Lever(
                key=f"heat:{option}",
                lever="heat",
                option=option,
                option_wording=_notice("macc_option_heat", name=option, kw_th=size),
                group=f"heat:{option}",
                capex_cny=capex,
                life_years=life,
                annual_cost_cny=annualised(capex, subsidy, life, inputs)
                + size * float(inputs["heat_option_fixed_om_cny_per_kw_th_year"][o]),
                note=_notice(
                    "macc_note_heat",
                    kind=str(inputs["heat_option_kind"].values[o]),
                    cop=cop,
                    demand=str(inputs["heat_option_demand"].values[o]),
                ),
                heat_option=o,
            )
        )
    return levers


def supply_levers(inputs: xr.Dataset, plant: FirstYearPlant) -> list[Lever]:
    """One lever per supply-chain option at its cap (in its first year of availability)."""
    levers = []
    units = inputs["supply_item_unit"].values
    items = list(inputs["supply_item"].values)
    for o, option in enumerate(str(n) for n in inputs["supply_option"].values):
        item = items.index(inputs["supply_option_item"].values[o])
        levers.append(
            Lever(
                key=f"supply:{option}",
                lever="supply_chain",
                option=option,
                group=f"supply:{option}",
                capex_cny=0.0,
                life_years=None,
                annual_cost_cny=0.0,
                note=_notice(
                    "macc_note_supply",
                    cap=float(plant.supply_cap[o]),
                    unit=str(units[item]),
                    item=str(items[item]),
                    price=float(plant.supply_cost[o]),
                ),
                supply_option=o,
            )
        )
    return levers


def stack(plant: FirstYearPlant, levers: list[Lever]) -> tuple[list[dict], tuple[Lever, ...], list[Lever]]:
    """Put the levers in place cheapest increment first: their rows, the final set, and the
    levers left out (no abatement once the others are in place)."""
    in_place: tuple[Lever, ...] = ()
    left = list(levers)
    rows = []
    while left:
        current = plant.evaluate(in_place)
        best = None
        for lever in left:
            replaced = next((lv for lv in in_place if lv.group == lever.group), None)
            trial = (*(lv for lv in in_place if lv is not replaced), lever)
            after = plant.evaluate(trial)
            abated = current.emissions_tco2e - after.emissions_tco2e
            if abated > MIN_ABATEMENT:
                cost = after.cost_cny - current.cost_cny
                if best is None or cost / abated < best[0]:
                    best = (cost / abated, lever, replaced, trial, cost, abated)
        if best is None:
            break
        ratio, lever, replaced, trial, cost, abated = best
        note = {"code": lever.note["code"], "params": dict(lever.note["params"])}
        if replaced is not None:
            note["params"]["instead_of"] = replaced.option
        if lever.lever == "pv":  # what the roof's output serves with the cheaper levers in place
            self_mwh = current.grid_import_mwh - plant.evaluate(trial).grid_import_mwh
            note["params"].update(self_mwh=self_mwh, share=self_mwh / max(plant.pv_mwh, 1e-12))
        rows.append(
            {
                "curve": "abatement",
                "rank": len(rows) + 1,
                "lever": lever.lever,
                "option": lever.option,
                "abatement_cost_cny_per_tco2e": ratio,
                "abatement_potential_tco2e_per_year": abated,
                "equivalent_annual_cost_cny": cost,
                "capex_cny": lever.capex_cny - (replaced.capex_cny if replaced else 0.0),
                "life_years": lever.life_years,
                **_wording(lever.option_wording, note),
            }
        )
        in_place = trial
        left.remove(lever)
    return rows, in_place, left


def battery_row(inputs: xr.Dataset, factor: float) -> dict | None:
    """The MACC row of a 1 MWh battery doing one valley-to-peak cycle a day, or None if not allowed."""
    if not int(inputs["battery_allowed"]):
        return None
    energy = BATTERY_REFERENCE_KWH
    power = energy * float(inputs["battery_max_c_rate_per_hour"])
    eta_c = float(inputs["battery_charge_efficiency"])
    eta_d = float(inputs["battery_discharge_efficiency"])
    weight = inputs["period_weight_days"].values
    # the day's price profile, averaged over the year's days
    price = weight @ inputs["energy_price_cny_per_kwh"].isel(year=0).values / weight.sum()
    low, high = float(price.min()), float(price.max())
    hours_low = int(np.sum(np.isclose(price, low)))
    hours_high = int(np.sum(np.isclose(price, high)))
    stored = min(energy, power * hours_low * eta_c, power * hours_high / eta_d)  # [kWh] per cycle
    bought, delivered = stored / eta_c, stored * eta_d
    margin = high * delivered - low * bought  # [CNY] per cycle
    cycles = 365.0 if margin > 0 else 0.0
    value = cycles * margin
    losses_mwh = cycles * (bought - delivered) / 1000.0
    rate = float(inputs["discount_rate"])
    life = float(inputs["battery_life_years"])
    capex = energy * _first(inputs, "battery_energy_capex_cny_per_kwh") + power * _first(
        inputs, "battery_power_capex_cny_per_kw"
    )
    eac = (
        equivalent_annual_cost(capex, rate, life)
        + energy * float(inputs["battery_fixed_om_cny_per_kwh_year"])
        - value
    )
    return {
        "curve": "no_abatement",
        "lever": "battery",
        "equivalent_annual_cost_cny": eac,
        "abatement_potential_tco2e_per_year": -losses_mwh * factor,
        "capex_cny": capex,
        "life_years": life,
        **_wording(
            _notice("macc_option_battery", energy_mwh=energy / 1000, power_mw=power / 1000),
            _notice("macc_note_battery", value_cny=value, low=low, high=high, losses_mwh=losses_mwh),
        ),
    }


def _cap(inputs: xr.Dataset, name: str, default: float) -> tuple[float, bool]:
    cap = _first(inputs, name)
    return (default, False) if math.isinf(cap) else (min(cap, default), True)


def market_rows(inputs: xr.Dataset, grid_mwh: float, residual_tco2e: float, boundary: str) -> list[dict]:
    """Green power, certificates, offsets and removals after the physical levers."""
    market = _first(inputs, "grid_factor_market_tco2_per_mwh")
    rows = []
    for lever, price_name, cap_name in (
        ("green_power", "green_power_premium_cny_per_mwh", "green_power_cap_mwh"),
        ("certificates", "gec_price_cny_per_mwh", "gec_cap_mwh"),
    ):
        price = _first(inputs, price_name)
        mwh, capped = _cap(inputs, cap_name, grid_mwh)
        basis = _notice("macc_basis_cap" if capped else "macc_basis_import_left")
        rows.append(
            {
                "curve": "market",
                "lever": lever,
                "abatement_cost_cny_per_tco2e": price / market if market > 0 else np.nan,
                "abatement_potential_tco2e_per_year": mwh * market,
                "equivalent_annual_cost_cny": price * mwh,
                "capex_cny": 0.0,
                "life_years": None,
                **_wording(
                    _notice(f"macc_option_{lever}"),
                    _notice("macc_note_market", price=price, factor=market, mwh=mwh, basis=basis),
                ),
            }
        )
    for lever, price_name, cap_name in (
        ("offsets", "offset_price_cny_per_tco2e", "offset_cap_tco2e"),
        ("removals", "removal_price_cny_per_tco2e", "removal_cap_tco2e"),
    ):
        price = _first(inputs, price_name)
        tonnes, capped = _cap(inputs, cap_name, residual_tco2e)
        basis = (
            _notice("macc_basis_cap") if capped else _notice("macc_basis_residual_left", boundary=boundary)
        )
        rows.append(
            {
                "curve": "market",
                "lever": lever,
                "abatement_cost_cny_per_tco2e": price,
                "abatement_potential_tco2e_per_year": tonnes,
                "equivalent_annual_cost_cny": price * tonnes,
                "capex_cny": 0.0,
                "life_years": None,
                **_wording(_notice(f"macc_option_{lever}"), _notice("macc_note_neutralise", basis=basis)),
            }
        )
    return rows


def macc_table(
    scenario: Scenario,
    rulebook: Rulebook,
    slices: TimeSlices | None = None,
    electricity_factor_kind: str = "market",
) -> pd.DataFrame:
    """The MACC of a scenario's factory (see the module notes).

    Parameters
    ----------
    scenario
        The scenario (prices, factors, capex, finance, factory).
    rulebook
        Its rulebook (the boundary of the last target decides whether scope 3 counts).
    slices
        Time slices; computed from the scenario when not given.
    electricity_factor_kind
        ``"market"`` (market-based residual factor) or ``"location"`` (grid factor) for
        electricity that the physical levers avoid.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MACC_COLUMNS`: the abatement curve in stacking order, then the market
        instruments by price, then levers without abatement of their own.
    """
    inputs = prepare_inputs(scenario.model_copy(update={"targets": []}), rulebook, slices)
    factor = electricity_factor(inputs, electricity_factor_kind)
    last = max(scenario.targets, key=lambda t: t.year) if scenario.targets else None
    standard = target_rulebook(last.standard, rulebook) if last else rulebook
    scope3 = bool(last and standard.boundaries[standard.level(last.level).boundary].includes_scope3)
    plant = FirstYearPlant.from_inputs(inputs, factor, scope3)
    levers = measure_levers(inputs) + [lv for lv in [pv_lever(inputs)] if lv is not None]
    levers += heat_levers(inputs, plant) + (supply_levers(inputs, plant) if scope3 else [])
    rows, in_place, left_out = stack(plant, levers)
    final = plant.evaluate(in_place)
    rows += sorted(
        market_rows(inputs, final.grid_import_mwh, final.emissions_tco2e, "II" if scope3 else "I"),
        key=lambda r: r["abatement_cost_cny_per_tco2e"],
    )
    rows += [
        {
            "curve": "no_abatement",
            "lever": lever.lever,
            "option": lever.option,
            "equivalent_annual_cost_cny": lever.annual_cost_cny,
            "capex_cny": lever.capex_cny,
            "life_years": lever.life_years,
            **_wording(lever.option_wording, _notice("macc_note_left_out", note=lever.note)),
        }
        for lever in left_out
    ]
    battery = battery_row(inputs, factor)
    if battery is not None:
        rows.append(battery)
    table = pd.DataFrame(rows, columns=MACC_COLUMNS)
    return table
