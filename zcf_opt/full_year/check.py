"""The full-year re-check of a typical-day plan: fix what the plan builds, re-dispatch each year on
all 8,760 hours (one linear program per year, each warm-started from the previous year's optimal
basis; in parallel chains of years on request), and account and certify the result
with the independent accounting and certifier.

What is fixed: PV, battery, measures (capex, vintages, savings), electric heat options and
thermal stores, supply-chain choices, the financing terms (the loan rate the plan was solved at,
subsidies), and the plan's purchases of green power, certificates, offsets, removals and other
credits. What is re-optimised: the hourly dispatch of the battery, the heat pumps and electric
boilers, the thermal stores, import, export and curtailment, at least cost, as the plant's
operator would run it (:mod:`zcf_opt.full_year.year_lp`); gas supplies the heat the electric
options do not. The independent accounting and certifier then
say which level each year reaches. A year below its target is flagged: the typical days misjudge
the year's import by a little, and a six-star year's certificates or a fully neutralised
residual then fall short by as much. With ``repair`` the year's renewable-share and
neutralisation shortfalls, as the certifier states them, are bought (certificates or green
power, the cheapest credit counted), within the caps, and the year certified again; what was
added is reported. Requirements that purchases cannot meet (an absolute reduction, an intensity,
equipment grades) stay flagged.

The typical-day error of a year is (typical-day figure − full-year figure) / full-year figure for
the total cost, and typical − full-year for the renewable share (percentage points). Both total
costs are ``total_cost_cny`` of the independent accounting (:mod:`zcf_opt.accounting`): the
plant's net cash out in the year, capex with loans drawn and repaid and subsidies received,
O&M and EPC payments, energy (electricity and gas), purchases and supply chain. The investments
and financing terms are the same on both sides, so the loan and the subsidies are counted once
in each and the error is that of the dispatch alone (the PV output subsidy follows each side's
PV yield); ``electricity_cost_error`` compares the electricity bill alone.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zcf_opt.accounting import annual_accounting, net_present_cost_cny
from zcf_opt.accounting.assets import vintage_capacity_kwh
from zcf_opt.certify import certify, level_or_none
from zcf_opt.conventions import service_matrix
from zcf_opt.full_year.year_lp import HOURS_PER_DAY, YearProblem, YearSolution, solve_year_chain
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.slices import time_slices
from zcf_opt.inputs.tariff import day_months
from zcf_opt.model.market import PRODUCTS
from zcf_opt.notices import Notice
from zcf_opt.result import RunResult

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


#: inputs of the plan's own terms the full-year inputs take from the typical-day run: the loan
#: rate the plan was solved at (standard or green) and the requirements in force with it
PLAN_TERMS = (
    "loan_rate_per_year",
    "loan_green_rate",
    "financing_factor",
    "target_requirement_in_force",
    "target_requirement_threshold",
)


def same_terms(full: xr.Dataset, typical: xr.Dataset) -> xr.Dataset:
    """``full`` with the plan's financing terms and requirements of ``typical`` (:data:`PLAN_TERMS`):
    both ways the year is then accounted and certified alike, the loan and subsidies counted once
    each, so the comparison is like with like."""
    for name in PLAN_TERMS:
        if name in typical and name in full:
            full[name] = full[name].copy(data=typical[name].values)
    return full


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


def measure_saving_kw(full: xr.Dataset, plan: xr.Dataset) -> np.ndarray:
    """The measures' electricity saving in each hour of each year [kW], shape (year, day, hour):
    each profile's annual saving of the plan spread by that profile's full-year shape."""
    by_profile = plan["measure_saving_by_profile_mwh"].transpose("saving_profile", "year").values
    shape = full["measure_saving_shape_kw_per_mwh"].transpose("saving_profile", "period", "hour").values
    return np.einsum("sy,sph->yph", by_profile, shape)


def heat_capacities(full: xr.Dataset, plan: xr.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Electric heat options [kW_th] and thermal stores [kWh_th] in service, shapes (option, year)
    and (store, year)."""
    years = full["year"].values

    def in_service(added: np.ndarray, life: np.ndarray) -> np.ndarray:
        if not len(life):
            return np.zeros((0, len(years)))
        return np.einsum("iyv,iv->iy", service_matrix(years, life), added)

    options = in_service(plan["heat_option_added_kw_th"].values, full["heat_option_life_years"].values)
    stores = in_service(plan["heat_store_added_kwh_th"].values, full["heat_store_life_years"].values)
    return options, stores


def in_plan(capacity: np.ndarray) -> np.ndarray:
    """Indices of the options (or stores) in service in any year of ``capacity`` (shape (option,
    year)): every year's LP gets their columns, with capacity zero in the years they are not in
    service, so all years' LPs have one shape and each starts from the previous year's basis."""
    return np.flatnonzero(capacity.max(axis=1, initial=0.0) > 1e-6)


def heat_saved_mwh_th(full: xr.Dataset, plan: xr.Dataset) -> np.ndarray:
    """Heat the plan's measures save on each heat demand [MWh_th/yr], shape (demand, year)."""
    years = full["year"].values
    built = plan["measure_built"].values
    life = full["measure_life_years"].values
    serving = np.einsum("myv,mv->my", service_matrix(years, life), built) if len(life) else built
    saving = full["measure_heat_saving_mwh_th_per_year"].values
    owner = full["measure_heat_demand"].values
    return np.array([(saving * (owner == d)) @ serving for d in full["heat_demand"].values]).reshape(
        full.sizes["heat_demand"], len(years)
    )


def _heat_problem(full: xr.Dataset, plan: xr.Dataset, i: int) -> dict[str, np.ndarray]:
    """The electric heat of year ``i`` of the plan (the heat fields of :class:`YearProblem`)."""
    options, stores = heat_capacities(full, plan)
    demands = [str(d) for d in full["heat_demand"].values]
    room = (full["heat_demand_mwh_th"].values - heat_saved_mwh_th(full, plan))[:, i]
    shape = full["heat_demand_shape_kw_per_mwh"].values.reshape(
        len(demands), full.sizes["period"] * HOURS_PER_DAY
    )
    value = _per_year(full, "gas_price_cny_per_nm3", i) * full["heat_gas_nm3_per_mwh_th"].values / 1000.0
    option_on, store_on = in_plan(options), in_plan(stores)
    return {
        "heat_room_kw_th": room[:, None] * shape,
        "heat_value_cny_per_kwh_th": value,
        "option_demand": np.array(
            [demands.index(str(full["heat_option_demand"].values[o])) for o in option_on], dtype=int
        ),
        "option_kw_th": options[option_on, i],
        "option_cop": full["heat_option_cop"].values[option_on].astype(float),
        "store_demand": np.array(
            [demands.index(str(full["heat_store_demand"].values[s])) for s in store_on], dtype=int
        ),
        "store_kwh_th": stores[store_on, i],
        "store_rate_per_hour": full["heat_store_c_rate_per_hour"].values[store_on].astype(float),
        "store_loss_per_hour": full["heat_store_loss_per_hour"].values[store_on].astype(float),
    }


def year_problems(result: RunResult, full: xr.Dataset) -> list[YearProblem]:
    """One LP per year of the plan in ``result``, on the full-year inputs ``full``."""
    plan, annual = result.flows, result.annual
    generation = (
        effective_pv_kwp(full, plan["pv_added_kwp"].values)[:, None, None]
        * full["pv_yield_kwh_per_kwp"].values[None]
    )
    auxiliary = float(full["battery_auxiliary_kw_per_kwh"]) * annual["battery_energy_kwh"].values
    use = full["demand_kw"].values - measure_saving_kw(full, plan) + auxiliary[:, None, None]
    power = (
        service_matrix(full["year"].values, float(full["battery_life_years"]))
        @ plan["battery_power_added_kw"].values
    )
    window = float(full["battery_max_soc"]) - float(full["battery_min_soc"])
    usable = window * vintage_capacity_kwh(full, plan).sum(axis=0)
    month = np.repeat(day_months() - 1, HOURS_PER_DAY)
    claimed = plan["green_power_mwh"].values + plan["gec_mwh"].values
    return [
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
            claimed_mwh=float(claimed[i]),
            **_heat_problem(full, plan, i),
        )
        for i in range(full.sizes["year"])
    ]


#: one chain: on the Type II example's ten years on 2 shared cores 4.7 s in one process, 6.7 s in
#: two (the second chain starts cold, and two processes slow each other down)
DEFAULT_WORKERS = 1


def solve_years(problems: list[YearProblem], workers: int) -> list[YearSolution]:
    """Solve the years as ``workers`` chains of consecutive years (:func:`solve_year_chain`), in
    as many processes when more than one."""
    workers = max(1, min(workers, len(problems)))
    if workers == 1:
        return solve_year_chain(problems)
    chains = [list(chunk) for chunk in np.array_split(np.arange(len(problems)), workers)]
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        solved = pool.map(solve_year_chain, [[problems[i] for i in chain] for chain in chains])
        return [solution for chain in solved for solution in chain]


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
    data["measure_saving_kw"] = xr.Variable(
        ("year", "period", "hour"),
        measure_saving_kw(full, result.flows),
        result.flows["measure_saving_kw"].attrs,
    )
    # electric heat: each option's and store's hourly flows, zero where the plan has none
    options, stores = heat_capacities(full, result.flows)
    for name, dim, on_of, lp_name in (
        ("heat_output_kw_th", "heat_option", options, "heat_output"),
        ("heat_store_charge_kw_th", "heat_store", stores, "store_charge"),
        ("heat_store_discharge_kw_th", "heat_store", stores, "store_discharge"),
        ("heat_store_soc_kwh_th", "heat_store", stores, "store_soc"),
    ):
        values = np.zeros((full.sizes[dim], *shape))
        on = in_plan(on_of)
        for i, solution in enumerate(solutions):
            values[on, i] = solution.flows[lp_name].reshape(len(on), *shape[1:])
        data[name] = xr.Variable((dim, "year", "period", "hour"), values, result.flows[name].attrs)
    cop = full["heat_option_cop"].values.astype(float)
    data["heat_electricity_kw"] = xr.Variable(
        ("year", "period", "hour"),
        (data["heat_output_kw_th"].values / cop[:, None, None, None]).sum(axis=0),
        result.flows["heat_electricity_kw"].attrs,
    )
    auxiliary = float(full["battery_auxiliary_kw_per_kwh"]) * result.annual["battery_energy_kwh"].values
    data["battery_auxiliary_kw"] = xr.Variable(
        ("year", "period", "hour"),
        np.broadcast_to(auxiliary[:, None, None], shape).copy(),
        result.flows["battery_auxiliary_kw"].attrs,
    )
    # the plan's yearly decisions and purchases
    for name, variable in result.flows.data_vars.items():
        if name not in data and "period" not in variable.dims and "day" not in variable.dims:
            data[str(name)] = variable.variable.copy()
    for name in ("demand_kw", "period_weight_days", "day_to_period"):
        data[name] = full[name].variable
    dims = ("year", "period", "hour", "measure", "day", "heat_option", "heat_store", "supply_option")
    coords = {name: full[name] for name in (*dims, "saving_profile")}
    return xr.Dataset(data, coords=coords, attrs={**full.attrs, "time_resolution": "full_year"})


def account_and_certify(
    result: RunResult, full: xr.Dataset, flows: xr.Dataset
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The independent accounting of the full-year flows with its certification, and the evidence."""
    annual = annual_accounting(full, flows)
    certification = certify(annual, full, result.rulebooks, result.scenario.factory.production)
    return annual.merge(certification.levels, on="year"), certification.evidence


def _met(annual: pd.DataFrame) -> np.ndarray:
    """Whether each year meets every standard's target in force (True without one)."""
    columns = [c for c in annual.columns if c == "target_met" or c.startswith("target_met_")]
    met = np.ones(len(annual), dtype=bool)
    for column in columns:
        met &= annual[column].fillna(True).astype(bool).to_numpy()
    return met


def _requirement(result: RunResult, record: dict) -> object | None:
    """The requirement an evidence row checks."""
    rulebook = result.rulebooks.get(str(record.get("standard")))
    if rulebook is None:
        rulebook = next(iter(result.rulebooks.values()))
    base = str(record["requirement"]).partition("[")[0]
    try:
        level = rulebook.level(str(record["level"]))
    except (KeyError, ValueError):
        return None
    return next((r for r in level.active() if r.id == base), None)


def top_up(
    result: RunResult, full: xr.Dataset, flows: xr.Dataset, annual: pd.DataFrame, evidence: pd.DataFrame
) -> bool:
    """Buy what the years' renewable-share and neutralisation shortfalls need, within the caps:
    certificates (or green power) for a share of renewable electricity, the cheapest credit the
    requirement counts for neutralisation. Returns whether anything was added."""
    added = False
    years = [int(y) for y in full["year"].values]
    failing = evidence[~evidence["met"].astype(bool)].to_dict("records")
    # renewable purchases first: they lower market-based scope 2, so a year's neutralisation is
    # topped up only in a later round, on the emissions that remain; of several neutralisation
    # requirements the one counting the fewest instruments (removals only, say) first, and only
    # one per year and round, so a general one is not topped up with offsets the narrower one's
    # removals make needless
    failing.sort(
        key=lambda r: (
            r["type"] != "renewable_share",
            len(getattr(_requirement(result, r), "instruments", None) or ()),
        )
    )
    renewed: set[int] = set()
    neutralised: set[int] = set()
    for record in failing:
        i = years.index(int(record["year"]))
        requirement = _requirement(result, record)
        short = -float(record["margin"])
        if requirement is None or not short > 0 or not math.isfinite(short):
            continue
        if record["type"] != "renewable_share" and (i in renewed or i in neutralised):
            continue
        row = annual.iloc[i]
        if record["type"] == "renewable_share":
            total = float(row["grid_import_mwh"] + row["pv_self_consumed_mwh"])
            room = float(row["grid_import_mwh"] - row["green_power_mwh"] - row["gec_mwh"])
            counted = [k for k in ("certificates", "green_power") if k in requirement.instruments]
            need = short * total
            for kind in counted:
                name = PURCHASE_COLUMNS[kind]
                amount = min(need, room, _cap_left(full, flows, name, i))
                if amount > 0:
                    flows[name].values[i] += amount
                    need, room, added = need - amount, room - amount, True
                    renewed.add(i)
        elif record["type"] == "neutralisation":
            counted_now = sum(float(row[f"{kind}_tco2e"]) for kind in requirement.instruments)
            value = float(record["value"])
            # the certifier's boundary emissions: credits ÷ share, or from its "x of y tCO2e"
            emissions = counted_now / value if value > 0 else _total_of(str(record.get("detail", "")))
            need = short * emissions
            kinds = sorted(
                requirement.instruments, key=lambda k: _per_year(full, PURCHASE_PRICES[f"{k}_tco2e"], i)
            )
            for kind in kinds:
                name = f"{kind}_tco2e"
                amount = min(need, _cap_left(full, flows, name, i))
                if amount > 0:
                    flows[name].values[i] += amount
                    need, added = need - amount, True
                    neutralised.add(i)
    return added


#: purchase variables of the plan's flows -> their price input
PURCHASE_PRICES = {name: price for name, (price, _) in PRODUCTS.items()}
#: renewable instrument -> the purchase variable that buys it
PURCHASE_COLUMNS = {"certificates": "gec_mwh", "green_power": "green_power_mwh"}


def _total_of(detail: str) -> float:
    """The total of an evidence detail ``"1,234 of 5,678 tCO2e"`` (0 when there is none)."""
    _, _, rest = detail.partition(" of ")
    try:
        return float(rest.split()[0].replace(",", ""))
    except (IndexError, ValueError):
        return 0.0


def _cap_left(full: xr.Dataset, flows: xr.Dataset, name: str, i: int) -> float:
    cap = _per_year(full, PRODUCTS[name][1], i)
    return (cap if math.isfinite(cap) else math.inf) - float(flows[name].values[i])


def _stars_of(annual: pd.DataFrame) -> list[str | None]:
    return [level_or_none(v) for v in annual["achieved_level"]]


def comparison(
    result: RunResult, annual: pd.DataFrame, met_as_bought: np.ndarray, flows: xr.Dataset
) -> pd.DataFrame:
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
    table["typical_level"] = _stars_of(typical)
    table["full_year_level"] = _stars_of(annual)
    table["certified"] = _met(annual)
    table["target_met_as_bought"] = met_as_bought
    table["repaired"] = table["certified"] & ~table["target_met_as_bought"]
    for name in PRODUCTS:
        table[f"{name}_added"] = flows[name].values - result.flows[name].values
    return table


#: most rounds of topping up (buying certificates changes the residual that credits neutralise)
REPAIR_ROUNDS = 4


def check_full_year(result: RunResult, repair: bool = False, workers: int | None = None) -> FullYearCheck:
    """Re-dispatch the plan of ``result`` on all hours of each year, account and certify it.

    Parameters
    ----------
    result
        A solved run with a plan (:func:`zcf_opt.run.solve`).
    repair
        Where a year misses its target with the plan's purchases, buy what its renewable-share
        and neutralisation shortfalls need (within the caps) and certify it again.
    workers
        Processes to solve the years in, each a chain of consecutive years warm-started from one
        another [1]; default :data:`DEFAULT_WORKERS`.
    """
    started = time.perf_counter()
    scenario = result.scenario
    full_scenario = scenario.model_copy(update={"time_resolution": "full_year"})
    full = same_terms(
        prepare_inputs(full_scenario, result.rulebook, time_slices(full_scenario)), result.inputs
    )
    workers = workers or DEFAULT_WORKERS
    solutions = solve_years(year_problems(result, full), workers)
    flows = full_year_flows(result, full, solutions)
    annual, evidence = account_and_certify(result, full, flows)
    met_as_bought = _met(annual)
    for _ in range(REPAIR_ROUNDS if repair else 0):
        if _met(annual).all() or not top_up(result, full, flows, annual, evidence):
            break
        annual, evidence = account_and_certify(result, full, flows)
    table = comparison(result, annual, met_as_bought, flows)
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
    added = table[[f"{name}_added" for name in PRODUCTS]].to_numpy()
    if check.repair and (added > 1e-6).any():
        items = []
        for row, extra in zip(table.itertuples(), added, strict=True):
            if (extra > 1e-6).any():
                items.append({"year": int(row.year), **dict(zip(PRODUCTS, map(float, extra), strict=True))})
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
