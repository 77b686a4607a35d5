"""Why no plan meets the targets: an elastic re-solve and what binds.

When the plan is infeasible, the same built model is solved once more with every requirement
row allowed to fall short at a high price per unit (:func:`zcf_opt.model.requirements.elastic`),
so the solver finds the plan closest to the targets. Its shortfalls name each requirement
that cannot be met, by year, and by how much in the row's unit; the plan's accounting and
certification (from its flows, as for any plan) give the value each requirement reaches at
most. Then the limits that bind are read off that plan: the roof full of PV, caps on green
power, certificates and credits reached, credits not offered, equipment without an upgrade to
the grade required. A requirement that no lever of the factory or the scenario can move (every
instrument it counts not offered, no upgrade reaching the grade) is named as such.
"""

from __future__ import annotations

import math

import pandas as pd
import xarray as xr

from zcf_opt.accounting import annual_accounting
from zcf_opt.certify import certify
from zcf_opt.certify.boundary import source_values
from zcf_opt.model.requirements import elastic, shortfalls
from zcf_opt.results import extract_flows
from zcf_opt.schema import Scenario
from zcf_opt.session import ModelSession
from zcf_opt.solve import solve_model
from zcf_opt.standards.boundaries import EMISSION_SOURCES
from zcf_opt.standards.requirements import INSTRUMENT_NAMES, Intensity, RequirementBase
from zcf_opt.standards.rulebook import Rulebook

#: a quantity within this of its cap is at the cap [MWh, tCO2e, kWp]
AT_LIMIT = 0.5
#: HiGHS gap of the elastic re-solve (the penalties make the objective large)
ELASTIC_MIP_GAP = 1e-6

_CAPS = {
    "green_power": ("green_power_mwh", "green_power_cap_mwh", "MWh"),
    "certificates": ("gec_mwh", "gec_cap_mwh", "MWh"),
    "offsets": ("offsets_tco2e", "offset_cap_tco2e", "t"),
    "international_credits": ("international_credits_tco2e", "international_credit_cap_tco2e", "t"),
    "removals": ("removals_tco2e", "removal_cap_tco2e", "t"),
    "outside_reductions": ("outside_reductions_tco2e", "outside_reduction_cap_tco2e", "t"),
}


def _cap_limit(name: str, row: dict, inputs: xr.Dataset, year: int) -> tuple[str | None, bool]:
    """A sentence when instrument ``name`` is at its cap or not offered; True when not offered."""
    column, cap_name, unit = _CAPS[name]
    cap = float(inputs[cap_name].sel(year=year))
    label = INSTRUMENT_NAMES[name]
    if cap <= 0:
        return f"{label} not offered", True
    if math.isfinite(cap) and float(row[column]) >= cap - AT_LIMIT:
        return f"{label} capped at {cap:,.0f} {unit}", False
    return None, False


def _roof(row: dict, inputs: xr.Dataset) -> tuple[str | None, bool]:
    limit = float(inputs["pv_limit_kwp"])
    if limit <= 0:
        return "no roof for PV", True
    if float(row["pv_installed_kwp"]) >= limit - AT_LIMIT:
        return f"roof full at {limit:,.0f} kWp", False
    return None, False


def _measures(row: dict, inputs: xr.Dataset) -> str | None:
    measures = [str(m) for m in inputs["measure"].values]
    serving = set(str(row.get("measures_in_service") or "").split(";"))
    if measures and all(m in serving for m in measures):
        return "every retrofit measure in service"
    return None


#: how the diagnosis names the emission sources that remain
_SOURCE_NAMES = {
    "scope1_process": "process emissions",
    "scope1_other": "fuel",
    "scope2_location": "grid electricity",
    "scope2_market": "grid electricity",
    "scope2_market_without_certificates": "grid electricity",
    "scope3_transport": "transport",
    "scope3_purchased_goods": "purchased goods",
    "scope3_other": "other scope 3",
}


def remaining_emissions(weights: dict[str, float], row: dict) -> str | None:
    """What remains in a boundary in the plan, largest first: ``"remaining: transport 2,500 t, ..."``."""
    sources = source_values(row)
    parts = sorted(
        ((weights[s] * sources[s], _SOURCE_NAMES[s]) for s in EMISSION_SOURCES if weights[s]), reverse=True
    )
    shown = [f"{name} {tonnes:,.0f} t" for tonnes, name in parts if tonnes >= 1.0]
    return "remaining: " + ", ".join(shown) if shown else None


def binding_limits(
    requirement: RequirementBase, row: dict, inputs: xr.Dataset, year: int
) -> tuple[list[str], bool]:
    """The limits that bind a requirement in the elastic plan, and whether no lever can move it
    (every instrument it counts unavailable)."""
    instruments: list[tuple[str | None, bool]] = []
    others: list[str | None] = []
    if requirement.type == "renewable_share":
        for name in requirement.instruments:
            instruments.append(
                _roof(row, inputs) if name == "pv_self_consumed" else _cap_limit(name, row, inputs, year)
            )
        if float(row["green_power_mwh"] + row["gec_mwh"]) >= float(row["grid_import_mwh"]) - AT_LIMIT:
            others.append("green power and certificates cover all grid import")
    elif requirement.type == "neutralisation":
        instruments = [_cap_limit(name, row, inputs, year) for name in requirement.instruments]
    if requirement.type in ("absolute_reduction", "intensity", "reduction_first"):
        others += [_roof(row, inputs)[0], _measures(row, inputs)]
    texts = [text for text, _ in instruments if text] + [text for text in others if text]
    no_lever = bool(instruments) and all(unavailable for _, unavailable in instruments)
    return texts, no_lever


def _phrase(item: dict) -> str:
    value, threshold, unit = item["reached"], item["threshold"], item["unit"]
    limits = f" ({', '.join(item['binding'])})" if item["binding"] else ""
    amount = f"{item['shortfall']:,.0f} {item['shortfall_unit']}"
    kind = item["type"]
    if kind == "renewable_share":
        text = f"renewable share reaches at most {value:.0%}{limits}; {threshold:.0%} needs {amount} more"
    elif kind == "neutralisation":
        text = (
            f"{item['description']}: reaches at most {value:.0%}{limits}; {threshold:.0%} needs {amount} more"
        )
    elif kind == "absolute_reduction":
        text = (
            f"emissions ({item['boundary']}) fall at most {value:.0%} below the base year{limits}; "
            f"{threshold:.0%} needs {amount} less"
        )
    elif kind == "intensity":
        text = f"{item['description']}: reaches at best {value:,.2f} {unit}{limits}; needs {amount} less"
    elif kind == "equipment_efficiency":
        text = f"{item['subject']} cannot reach GB grade {threshold:.0f}: no upgrade option reaches it"
    else:
        subject = f" {item['subject']}" if item["subject"] else ""
        text = f"{item['description']}:{subject} short by {amount}{limits}"
    if item["no_lever"]:
        text += " — no lever of the factory or the scenario can meet this requirement"
    return f"{item['year']} {item['standard']} {item['level']}: {item['requirement']}: {text}"


def _requirement(rulebook: Rulebook, level: str, requirement_id: str) -> RequirementBase:
    return next(r for r in rulebook.level(level).active() if r.id == requirement_id)


def diagnose(
    session: ModelSession, inputs: xr.Dataset, scenario: Scenario, rulebooks: dict[str, Rulebook]
) -> tuple[str, list[dict]]:
    """The message of an infeasible run and one record per requirement that cannot be met.

    Returns
    -------
    tuple
        The message (the first year's requirements that cannot be met, each with the value it
        reaches, its shortfall in its unit and the limits that bind), and the records of every
        year (``year, standard, level, requirement, type, description, boundary, subject,
        reached, threshold, unit, shortfall, shortfall_unit, binding, no_lever, text``).
    """
    options = scenario.solver.model_copy(update={"mip_gap": min(scenario.solver.mip_gap, ELASTIC_MIP_GAP)})
    with elastic(session.model):
        outcome = solve_model(session.model, options, solver=session.solver)
        if not outcome.has_solution:
            if outcome.status == "infeasible":
                return (
                    "the plan is infeasible even with every requirement relaxed: check the caps and "
                    "the demand data",
                    [],
                )
            return (
                f"infeasible; no relaxed plan found within {options.time_limit_seconds:g} s to say why",
                [],
            )
        short = shortfalls(session.model, inputs)
        flows = extract_flows(session.model, inputs)
    annual = annual_accounting(inputs, flows)
    evidence = certify(annual, inputs, rulebooks, scenario.factory.production).evidence
    rows = annual.set_index("year").to_dict("index")
    items = []
    for kind, found in short:
        for r in found.rows:
            if not int(inputs["target_requirement_in_force"].sel(year=found.year).values[r]):
                continue
            key = str(inputs["requirement_standard"].values[r])
            level = str(inputs["requirement_level"].values[r])
            rid = str(inputs["requirement_id"].values[r])
            rulebook = rulebooks[key]
            requirement = _requirement(rulebook, level, rid)
            checked = evidence[
                (evidence["year"] == found.year)
                & (evidence["level"] == level)
                & (evidence["standard"] == rulebook.standard)
                & evidence["requirement"].str.startswith(rid)
            ]
            worst = checked.sort_values("margin").iloc[0] if len(checked) else None
            row = {"year": found.year, **rows[found.year]}
            binding, no_lever = binding_limits(requirement, row, inputs, found.year)
            counts_emissions = kind == "absolute_reduction" or (
                isinstance(requirement, Intensity) and requirement.quantity == "emissions"
            )
            if counts_emissions:
                co2_fraction = float(inputs["process_emissions_co2_fraction"])
                boundary = rulebook.requirement_boundary(rulebook.level(level), requirement)
                binding += [t for t in [remaining_emissions(boundary.coefficients(co2_fraction), row)] if t]
            if kind == "equipment_efficiency":
                no_lever = True
            item = {
                "year": found.year,
                "standard": rulebook.standard,
                "level": level,
                "requirement": rid,
                "type": kind,
                "description": requirement.describe(),
                "boundary": rulebook.requirement_boundary_name(rulebook.level(level), requirement),
                "subject": found.subject,
                "reached": float(worst["value"]) if worst is not None else math.nan,
                "threshold": float(worst["threshold"]) if worst is not None else math.nan,
                "unit": str(worst["unit"]) if worst is not None else "",
                "shortfall": found.amount,
                "shortfall_unit": found.unit,
                "binding": binding,
                "no_lever": no_lever,
            }
            item["text"] = _phrase(item)
            items.append(item)
    items.sort(key=lambda i: (i["year"], i["standard"], i["level"], i["requirement"]))
    if not items:
        return "the plan is infeasible, but no requirement could be singled out (numerical trouble?)", []
    first = items[0]["year"]
    message = "; ".join(i["text"] for i in items if i["year"] == first)
    later = sorted({i["year"] for i in items} - {first})
    if later:
        message += f" (and in {', '.join(str(y) for y in later)})"
    return message, items


def diagnosis_table(items: list[dict]) -> pd.DataFrame:
    """The diagnosis records as a table (for reports)."""
    return pd.DataFrame(items)
