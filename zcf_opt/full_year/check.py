"""The full-year re-check of a typical-day plan: fix what the plan builds, re-dispatch each year on
all 8,760 hours (one linear program per year, in parallel), and account and certify the result
with the independent accounting and certifier.

What is fixed: PV, battery and measures (capex, vintages, savings), and, first, the plan's
purchases of green power, certificates, offsets and removals. What is re-optimised: the hourly
dispatch of the battery, import, export and curtailment, at least cost, keeping the year at its
target where the dispatch can (see :mod:`zcf_opt.full_year.year_lp`). A year the dispatch
cannot keep at its target with the plan's purchases (the typical days misjudge the year's import
by a little, and a six-star year's certificates or a fully neutralised residual then fall short
by as much) is flagged; with ``repair`` its purchases may grow, from the plan's amounts up to
their caps, and the cheapest additions that restore the target are reported. A year that cannot
be restored is re-dispatched at least cost and certified at the level it reaches.

The typical-day error of a year is (typical-day figure − full-year figure) / full-year figure for
the total cost, and typical − full-year for the renewable share (percentage points).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.accounting import annual_accounting, net_present_cost_cny
from zcf_opt.accounting.assets import vintage_capacity_kwh
from zcf_opt.certify import certify, level_or_none
from zcf_opt.conventions import service_matrix
from zcf_opt.full_year.year_lp import HOURS_PER_DAY, PURCHASES, YearProblem, YearSolution, solve_year
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.slices import time_slices
from zcf_opt.inputs.tariff import day_months
from zcf_opt.notices import Notice
from zcf_opt.result import RunResult

#: input variable of each purchase's price and cap
PURCHASE_INPUTS = {
    "green_power_mwh": ("green_power_premium_cny_per_mwh", "green_power_cap_mwh"),
    "gec_mwh": ("gec_price_cny_per_mwh", "gec_cap_mwh"),
    "offsets_tco2e": ("offset_price_cny_per_tco2e", "offset_cap_tco2e"),
    "removals_tco2e": ("removal_price_cny_per_tco2e", "removal_cap_tco2e"),
}

#: hourly flow of the year LP -> flow variable of :func:`zcf_opt.results.extract_flows`
FLOW_NAMES = {
    "import": "grid_import_kw",
    "export": "pv_export_kw",
    "curtailed": "pv_curtailed_kw",
    "charge": "battery_charge_kw",
    "discharge": "battery_discharge_kw",
    "soc": "battery_soc_kwh",
}


@dataclass
class FullYearCheck:
    """The plan re-dispatched on the full year, year by year.

    Attributes
    ----------
    table
        One row per year: typical-day and full-year total cost [CNY], renewable share [1] and
        level, their errors, whether the year's target holds on the full year, and what a repair
        added.
    annual
        The full-year accounting (the columns of ``annual.csv``) with the certification.
    flows
        The full-year flows (year × 365 days × 24 hours).
    seconds, lp_seconds
        Wall time of the whole check and HiGHS time of the yearly LPs summed [s].
    workers
        Processes the years were solved in.
    repair
        Whether purchases could grow to restore a year's target.
    """

    table: pd.DataFrame
    annual: pd.DataFrame
    flows: xr.Dataset
    seconds: float
    lp_seconds: float
    workers: int
    repair: bool
    npv_typical_cny: float = 0.0
    npv_full_year_cny: float = 0.0
    failed_years: list[int] = field(default_factory=list)

    @property
    def max_cost_error(self) -> float:
        return float(self.table["cost_error"].abs().max())

    @property
    def max_re_share_error(self) -> float:
        return float(self.table["re_share_error"].abs().max())


def effective_pv_kwp(inputs: xr.Dataset, added_kwp: np.ndarray) -> np.ndarray:
    """PV capacity in service each year after degradation [kWp] (existing PV and new vintages)."""
    years = inputs["year"].values.astype(int)
    life = float(inputs["pv_life_years"])
    degradation = float(inputs["pv_degradation_per_year"])
    age = years[:, None] - years[None, :]
    alive = service_matrix(years, life)
    new = (alive * (1.0 - degradation) ** np.clip(age, 0, None)) @ added_kwp
    existing_age = float(inputs["existing_pv_age_years"]) + (years - years[0])
    existing = float(inputs["existing_pv_kwp"]) * (1.0 - degradation) ** existing_age
    return new + np.where(years - years[0] < life - float(inputs["existing_pv_age_years"]), existing, 0.0)


def _per_year(inputs: xr.Dataset, name: str, i: int) -> float:
    return float(inputs[name].values[i])


def year_problems(result: RunResult, full: xr.Dataset, repair: bool) -> list[YearProblem]:
    """One LP per year of the plan in ``result``, on the full-year inputs ``full``."""
    plan, annual = result.flows, result.annual
    n_years = full.sizes["year"]
    generation = (
        effective_pv_kwp(full, plan["pv_added_kwp"].values)[:, None, None]
        * full["pv_yield_kwh_per_kwp"].values[None]
    )
    saving = (
        annual["measure_saving_mwh"].values[:, None, None]
        * full["measure_saving_shape_kw_per_mwh"].values[None]
    )
    auxiliary = float(full["battery_auxiliary_kw_per_kwh"]) * annual["battery_energy_kwh"].values
    use = full["demand_kw"].values - saving + auxiliary[:, None, None]
    power = (
        service_matrix(full["year"].values, float(full["battery_life_years"]))
        @ plan["battery_power_added_kw"].values
    )
    window = float(full["battery_max_soc"]) - float(full["battery_min_soc"])
    usable = window * vintage_capacity_kwh(full, plan).sum(axis=0)
    month = np.repeat(day_months() - 1, HOURS_PER_DAY)
    problems = []
    for i in range(n_years):
        bought = np.array([float(plan[name].values[i]) for name in PURCHASES])
        caps = np.array([_per_year(full, cap, i) for _, cap in PURCHASE_INPUTS.values()])
        scope3 = float(annual["scope3_tco2e"].values[i]) * _per_year(full, "target_includes_scope3", i)
        problems.append(
            YearProblem(
                use_kw=use[i].ravel(),
                generation_kw=generation[i].ravel(),
                price=full["energy_price_cny_per_kwh"].values[i].ravel(),
                export_price=full["export_price_effective_cny_per_kwh"].values[i].ravel(),
                month=month,
                peak_excess_kw=full["demand_peak_excess_kw"].values[i].ravel(),
                demand_charge=_per_year(full, "demand_charge_cny_per_kw_month", i),
                usable_kwh=float(usable[i]),
                power_kw=float(power[i]),
                eta_charge=float(full["battery_charge_efficiency"]),
                eta_discharge=float(full["battery_discharge_efficiency"]),
                design_cycles=float(full["battery_design_cycles_per_year"]),
                export_allowed=bool(full["export_allowed"]),
                purchase_price=np.array([_per_year(full, price, i) for price, _ in PURCHASE_INPUTS.values()]),
                purchase_low=bought,
                purchase_high=bought,
                purchase_cap=np.maximum(np.where(np.isfinite(caps), caps, 1e30), bought)
                if repair
                else bought,
                targets=bool(str(full["target_level"].values[i])),
                min_re_share=_per_year(full, "target_min_re_share", i),
                min_neutralised_share=_per_year(full, "target_min_neutralised_share", i),
                min_removal_share=_per_year(full, "target_min_removal_share", i),
                fixed_tco2e=float(annual["scope1_tco2e"].values[i]) + scope3,
                market_factor=_per_year(full, "grid_factor_market_tco2_per_mwh", i),
            )
        )
    return problems


@dataclass
class YearOutcome:
    """How a year's re-check went: its final dispatch, whether the target held with the plan's
    purchases (``kept``) and whether more purchases restored it (``repaired``)."""

    solution: YearSolution
    kept: bool
    repaired: bool


def solve_checked(problem: YearProblem) -> YearOutcome:
    """The year at its target with the plan's purchases; failing that, with more purchases (up
    to ``purchase_cap``, when it allows more); failing that, at least cost without the target."""
    solution = solve_year(problem)
    if solution.status == "optimal" or not problem.targets:
        return YearOutcome(solution, solution.status == "optimal", False)
    seconds = solution.seconds
    if np.any(problem.purchase_cap > problem.purchase_high):
        repaired = solve_year(replace(problem, purchase_high=problem.purchase_cap))
        repaired.seconds += seconds
        if repaired.status == "optimal":
            return YearOutcome(repaired, False, True)
        seconds = repaired.seconds
    fallback = solve_year(replace(problem, targets=False))
    fallback.seconds += seconds
    return YearOutcome(fallback, False, False)


def solve_years(problems: list[YearProblem], workers: int) -> list[YearOutcome]:
    """Solve the years, in ``workers`` processes when more than one."""
    if workers <= 1 or len(problems) <= 1:
        return [solve_checked(p) for p in problems]
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(solve_checked, problems))


def full_year_flows(result: RunResult, full: xr.Dataset, solutions: list[YearSolution]) -> xr.Dataset:
    """The plan's flows on the full year, in the layout of :func:`zcf_opt.results.extract_flows`."""
    shape = (full.sizes["year"], full.sizes["period"], full.sizes["hour"])
    data: dict[str, xr.Variable] = {}
    for lp_name, name in FLOW_NAMES.items():
        values = np.stack([s.flows[lp_name] for s in solutions]).reshape(shape)
        data[name] = xr.Variable(("year", "period", "hour"), values, result.flows[name].attrs)
    generation = effective_pv_kwp(full, result.flows["pv_added_kwp"].values)
    data["pv_generation_kw"] = xr.Variable(
        ("year", "period", "hour"),
        generation[:, None, None] * full["pv_yield_kwh_per_kwp"].values[None],
        result.flows["pv_generation_kw"].attrs,
    )
    saving = result.annual["measure_saving_mwh"].values
    data["measure_saving_kw"] = xr.Variable(
        ("year", "period", "hour"),
        saving[:, None, None] * full["measure_saving_shape_kw_per_mwh"].values[None],
        result.flows["measure_saving_kw"].attrs,
    )
    auxiliary = float(full["battery_auxiliary_kw_per_kwh"]) * result.annual["battery_energy_kwh"].values
    data["battery_auxiliary_kw"] = xr.Variable(
        ("year", "period", "hour"),
        np.broadcast_to(auxiliary[:, None, None], shape).copy(),
        result.flows["battery_auxiliary_kw"].attrs,
    )
    # the plan's yearly decisions, the purchases as bought on the full year
    for name, variable in result.flows.data_vars.items():
        if name not in data and "period" not in variable.dims and "day" not in variable.dims:
            data[str(name)] = variable.variable.copy()
    for k, name in enumerate(PURCHASES):
        data[name] = xr.Variable(
            ("year",), np.array([s.purchases[k] for s in solutions]), result.flows[name].attrs
        )
    for name in ("demand_kw", "period_weight_days", "day_to_period"):
        data[name] = full[name].variable
    coords = {name: full[name] for name in ("year", "period", "hour", "measure", "day")}
    return xr.Dataset(data, coords=coords, attrs={**full.attrs, "time_resolution": "full_year"})


def _stars(level: str) -> int:
    return int(level.split("-")[1])


def comparison(result: RunResult, annual: pd.DataFrame, outcomes: list[YearOutcome]) -> pd.DataFrame:
    """One row per year: typical-day against full-year cost, renewable share and level."""
    typical = result.annual
    table = pd.DataFrame({"year": typical["year"].astype(int)})
    table["target_level"] = [level_or_none(v) for v in typical["target_level"]]
    table["typical_total_cost_cny"] = typical["total_cost_cny"].values
    table["full_year_total_cost_cny"] = annual["total_cost_cny"].values
    table["cost_error"] = table["typical_total_cost_cny"] / table["full_year_total_cost_cny"] - 1.0
    table["typical_electricity_cost_cny"] = typical["electricity_cost_cny"].values
    table["full_year_electricity_cost_cny"] = annual["electricity_cost_cny"].values
    table["electricity_cost_error"] = (
        table["typical_electricity_cost_cny"] / table["full_year_electricity_cost_cny"] - 1.0
    )
    table["typical_re_share"] = typical["re_share"].values
    table["full_year_re_share"] = annual["re_share"].values
    table["re_share_error"] = table["typical_re_share"] - table["full_year_re_share"]
    targets = [level_or_none(v) for v in typical["target_level"]]
    reached = [level_or_none(v) for v in annual["achieved_level"]]
    table["typical_level"] = [level_or_none(v) for v in typical["achieved_level"]]
    table["full_year_level"] = reached
    table["certified"] = [
        target is None or (level is not None and _stars(level) >= _stars(target))
        for target, level in zip(targets, reached, strict=True)
    ]
    table["target_kept_as_bought"] = [o.kept for o in outcomes]
    table["repaired"] = [o.repaired for o in outcomes]
    for name in PURCHASES:
        table[f"{name}_added"] = annual[name].values - result.flows[name].values
    return table


def check_full_year(result: RunResult, repair: bool = False, workers: int | None = None) -> FullYearCheck:
    """Re-dispatch the plan of ``result`` on all hours of each year, account and certify it.

    Parameters
    ----------
    result
        A solved run with a plan (:func:`zcf_opt.run.solve`).
    repair
        Let the purchases grow up to their caps where a year's target fails.
    workers
        Processes to solve the years in; default: the machine's cores.
    """
    started = time.perf_counter()
    scenario = result.scenario
    full_scenario = scenario.model_copy(update={"time_resolution": "full_year"})
    full = prepare_inputs(full_scenario, result.rulebook, time_slices(full_scenario))
    workers = workers or min(os.cpu_count() or 1, full.sizes["year"])
    solved = solve_years(year_problems(result, full, repair), workers)
    solutions = [o.solution for o in solved]
    flows = full_year_flows(result, full, solutions)
    annual = annual_accounting(full, flows)
    targets = {
        int(y): (str(t) or None)
        for y, t in zip(full["year"].values, full["target_level"].values, strict=True)
    }
    annual = annual.merge(certify(annual, targets, result.rulebook), on="year")
    table = comparison(result, annual, solved)
    return FullYearCheck(
        table=table,
        annual=annual,
        flows=flows,
        seconds=time.perf_counter() - started,
        lp_seconds=float(sum(s.seconds for s in solutions)),
        workers=workers,
        repair=repair,
        npv_typical_cny=net_present_cost_cny(result.annual),
        npv_full_year_cny=net_present_cost_cny(annual),
        failed_years=[int(y) for y, ok in zip(table["year"], table["certified"], strict=True) if not ok],
    )


#: a typical-day cost error above this in any year is worth a warning [1]
COST_ERROR_WARNING = 0.01


def notices_of(check: FullYearCheck) -> list[Notice]:
    """Warnings for years below their target on the full year or with a large typical-day error,
    and a note of what a repair added."""
    table, notices = check.table, []
    failed = table[~table["certified"]]
    if len(failed):
        items = [
            {
                "year": int(row.year),
                "target": row.target_level,
                "level": level_or_none(row.full_year_level) or "",
                "re_share": float(row.full_year_re_share),
            }
            for row in failed.itertuples()
        ]
        notices.append(Notice("full_year_failed", {"items": items, "repair": check.repair}))
    large = table[table["cost_error"].abs() > COST_ERROR_WARNING]
    if len(large):
        items = [{"year": int(row.year), "error": float(row.cost_error)} for row in large.itertuples()]
        notices.append(Notice("full_year_error", {"items": items, "limit": COST_ERROR_WARNING}))
    added = table[[f"{name}_added" for name in PURCHASES]].to_numpy()
    if check.repair and (added > 1e-6).any():
        items = []
        for row, extra in zip(table.itertuples(), added, strict=True):
            if (extra > 1e-6).any():
                items.append({"year": int(row.year), **dict(zip(PURCHASES, map(float, extra), strict=True))})
        notices.append(Notice("full_year_repaired", {"items": items}, severity="note"))
    return notices


def attach_full_year_check(result: RunResult, repair: bool = False, workers: int | None = None) -> None:
    """Run :func:`check_full_year` on ``result`` and keep it, with its notices, on the result."""
    result.full_year = check_full_year(result, repair, workers)
    result.warnings.extend(notices_of(result.full_year))


def summary_of(check: FullYearCheck) -> dict[str, Any]:
    """The re-check as ``summary.json`` holds it: its figures and one entry per year."""
    years = []
    for row in check.table.to_dict("records"):
        years.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()})
    return {
        "seconds": round(check.seconds, 3),
        "lp_seconds": round(check.lp_seconds, 3),
        "workers": check.workers,
        "repair": check.repair,
        "npv_typical_cny": check.npv_typical_cny,
        "npv_full_year_cny": check.npv_full_year_cny,
        "npv_error": check.npv_typical_cny / check.npv_full_year_cny - 1.0,
        "max_cost_error": check.max_cost_error,
        "max_re_share_error": check.max_re_share_error,
        "failed_years": check.failed_years,
        "years": years,
    }
