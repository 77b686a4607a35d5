"""The MACC: hand-checked increments, non-overlapping potentials, market instruments apart, the
same economics as the plan (a measure that pays in the MACC is built when it stands alone)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from test_sweep_helpers import FACTORY, write_small_scenario

from tests.conftest import one_day, tiny_factory, tiny_scenario
from tests.test_known_optima import MOTORS
from zcf_opt.conventions import annuity_due_factor, capital_recovery_factor
from zcf_opt.inputs.measures import motor_efficiency, motor_saving_mwh
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.inputs.slices import time_slices
from zcf_opt.load import load_scenario
from zcf_opt.run import solve
from zcf_opt.schema.factory import MotorFleet
from zcf_opt.standards import load_rulebook
from zcf_opt.sweep.commands import macc_command
from zcf_opt.sweep.macc import MACC_COLUMNS, macc_table

RULEBOOK = load_rulebook("T/CECA-G 0171-2022")
FLAT_TARIFF = {
    "tou_hours": {"peak": [], "valley": []},
    "energy_price_cny_per_kwh": {"peak": 0.65, "flat": 0.65, "valley": 0.65},
    "demand_charge_cny_per_kw_month": 0,
}


def _factory_file(folder: Path, **changes: object) -> Path:
    model = yaml.safe_load(FACTORY.read_text(encoding="utf-8"))
    model.update(changes)
    path = folder / "plant.yaml"
    path.write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory):
    """The small scenario with a flat 0.65 CNY/kWh tariff, no demand charge, no free roof, no
    electric heat and no loan: the electricity and gas a measure saves are worth the same whatever
    else is built, and capex is paid in cash."""
    folder = tmp_path_factory.mktemp("macc")
    model = yaml.safe_load(FACTORY.read_text(encoding="utf-8"))
    roof = {**model["roof"], "max_kwp": 0}
    factory = _factory_file(folder, roof=roof, heat={**model["heat"], "options": []})
    return load_scenario(write_small_scenario(folder, tariff=FLAT_TARIFF, factory=str(factory), finance={}))


def _row(table: pd.DataFrame, option: str) -> pd.Series:
    return table.set_index("option").loc[option]


def test_waste_heat_cost_by_hand(flat) -> None:
    table = macc_table(flat, RULEBOOK)
    assert list(table.columns) == MACC_COLUMNS
    # compressor heat: 1,200,000 CNY, 15 yr, 20,000 CNY/yr O&M, 25 MWh/yr of pumps,
    # 1800 MWh_th/yr displacing gas burnt at 90 % in boilers, 10.814 kWh/Nm3, 2.162 tCO2/1000 Nm3
    annuity = 1_200_000 / annuity_due_factor(0.08, 15)  # level payment at the start of each year
    assert annuity == pytest.approx(1_200_000 * capital_recovery_factor(0.08, 15) / 1.08)
    gas_nm3 = 1800 * 1000 / (0.90 * 10.814)
    eac = annuity + 20_000 + 25 * 650.0 - gas_nm3 * 3.6  # flat tariff: 650 CNY per MWh saved
    abated = gas_nm3 * 2.162 / 1000 - 25 * 0.61  # market residual factor 2026: 0.61 tCO2/MWh
    row = _row(table, "compressor_heat_to_pretreatment")
    assert row["curve"] == "abatement"
    assert row["equivalent_annual_cost_cny"] == pytest.approx(eac, rel=1e-9)
    assert row["abatement_potential_tco2e_per_year"] == pytest.approx(abated, rel=1e-9)
    assert row["abatement_cost_cny_per_tco2e"] == pytest.approx(-1299.4, abs=0.1)
    assert row["capex_cny"] == 1_200_000 and row["life_years"] == 15


def test_exclusive_motor_options_as_increments_by_hand(flat) -> None:
    # pumps and fans: 80 × 15 kW, 4000 full-load h/yr, IE2 (90.6 %) -> IE4 (93.9 %) for 960,000
    # CNY, or IE5 for 1,300,000 CNY; without PV the savings add up, so IE4's increment is its own
    # figure and IE5 enters as the increment over IE4 ("instead of").
    assert motor_efficiency("IE2", 15) == pytest.approx(0.906) and motor_efficiency(
        "IE4", 15
    ) == pytest.approx(0.939)
    fleet = {
        "name": "p",
        "rated_kw": 15,
        "count": 80,
        "full_load_hours_per_year": 4000,
        "efficiency_class": "IE2",
    }
    ie4 = motor_saving_mwh(MotorFleet(**fleet), 0.939)
    ie5 = motor_saving_mwh(MotorFleet(**fleet), 1 - 0.8 * (1 - 0.939))
    assert ie4 == pytest.approx(80 * 15 * 4000 / 1000 * (1 / 0.906 - 1 / 0.939))
    a = annuity_due_factor(0.08, 15)
    table = macc_table(flat, RULEBOOK)
    first, second = _row(table, "pumps_and_fans/IE4"), _row(table, "pumps_and_fans/IE5")
    assert first["abatement_cost_cny_per_tco2e"] == pytest.approx(
        (960_000 / a - ie4 * 650) / (ie4 * 0.61), rel=1e-9
    )
    assert second["rank"] == first["rank"] + 1 and "instead of pumps_and_fans/IE4" in second["note"]
    extra = ((1_300_000 - 960_000) / a - (ie5 - ie4) * 650) / ((ie5 - ie4) * 0.61)
    assert second["abatement_cost_cny_per_tco2e"] == pytest.approx(extra, rel=1e-9)
    located = _row(macc_table(flat, RULEBOOK, electricity_factor_kind="location"), "pumps_and_fans/IE4")
    assert located["abatement_cost_cny_per_tco2e"] == pytest.approx(
        first["abatement_cost_cny_per_tco2e"] * 0.61 / 0.55, rel=1e-9
    )


def test_potentials_do_not_overlap_and_market_instruments_stand_apart(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    table = macc_table(scenario, RULEBOOK)
    physical = table[table["curve"] == "abatement"]
    market = table[table["curve"] == "market"].set_index("lever")
    assert list(physical["rank"]) == list(range(1, len(physical) + 1))
    assert set(market.index) == {"green_power", "certificates", "offsets", "removals"}
    assert not set(physical["lever"]) & set(market.index)
    # the first-year Type II emissions before any lever, by hand: gas, grid at the market factor,
    # steel, aluminium, plastics and packaging, and 31.25 million t·km by road at 0.08 kg/t·km
    inputs = prepare_inputs(scenario, RULEBOOK)
    demand_mwh = float((inputs["demand_kw"].isel(year=0) * inputs["period_weight_days"]).sum()) / 1000
    goods = 10_000 * 2.0 + 300 * 14.0 + 400 * 2.3 + 250 * 1.2
    emissions = 1_200_000 * 2.162 / 1000 + demand_mwh * 0.61 + goods + 31_250_000 * 0.08 / 1000
    # the physical increments and what is left to neutralise add up to the plant's emissions
    abated = float(physical["abatement_potential_tco2e_per_year"].sum())
    assert 0 < abated <= emissions
    assert abated + market.loc["offsets", "abatement_potential_tco2e_per_year"] == pytest.approx(
        emissions, rel=1e-9
    )
    assert market.loc["certificates", "abatement_cost_cny_per_tco2e"] == pytest.approx(6 / 0.61)
    assert market.loc["green_power", "abatement_potential_tco2e_per_year"] == pytest.approx(8000 * 0.61)
    assert market.loc["removals", "abatement_cost_cny_per_tco2e"] == pytest.approx(600.0)
    pv = table.set_index("lever").loc["pv"]
    assert pv["capex_cny"] == pytest.approx(30000 * 0.18 * 3000)  # the whole roof at 3000 CNY/kWp
    battery = table.iloc[-1]
    assert battery["curve"] == "no_abatement" and math.isnan(battery["abatement_cost_cny_per_tco2e"])
    assert battery["abatement_potential_tco2e_per_year"] < 0  # round-trip losses add import


TOU = {
    "tou_hours": {"peak": [8, 9, 10, 11], "valley": [0, 1, 2, 3, 4, 5, 6, 7]},
    "energy_price_cny_per_kwh": {"peak": 1.0, "flat": 0.6, "valley": 0.3},
    "demand_charge_cny_per_kw_month": 40.0,
}
# a saving spread like the flat load is worth the mean price plus the demand charge on its peak:
# (4 × 1.0 + 8 × 0.3 + 12 × 0.6) / 24 × 1000 + 12 × 40 × 1000 / 8760 = 566.667 + 54.795 CNY/MWh
SAVING_VALUE = (4 * 1.0 + 8 * 0.3 + 12 * 0.6) / 24 * 1000 + 12 * 40 * 1000 / 8760


@pytest.mark.parametrize("capex_share", [0.99, 1.01])
def test_a_measure_profitable_in_the_macc_is_built_when_it_stands_alone(capex_share: float) -> None:
    # 15-year IE4 retrofit over a 10-year horizon at 8 %: it pays exactly when its annuity is below
    # the yearly value of its saving, capex* = saving × value × ä(8 %, 15); the plan charges the
    # annuities of the years it serves within the horizon, so both agree on either side.
    saving = motor_saving_mwh(MotorFleet(**MOTORS), 0.939)
    capex = capex_share * saving * SAVING_VALUE * annuity_due_factor(0.08, 15)
    option = {"name": "IE4", "efficiency_class": "IE4", "capex_cny": capex, "life_years": 15}
    factory = tiny_factory(
        motors=[{**MOTORS, "options": [option]}],
        roof={"usable_area_m2": 1000, "max_kwp": 0, "tilt_deg": 10, "azimuth_deg": 180},
    )
    scenario = tiny_scenario(
        factory, horizon={"first_year": 2026, "last_year": 2035}, discount_rate=0.08, tariff=TOU
    )
    slices = one_day(100.0)
    row = _row(macc_table(scenario, RULEBOOK, slices), "fans/IE4")
    assert row["abatement_cost_cny_per_tco2e"] == pytest.approx(
        (capex / annuity_due_factor(0.08, 15) - saving * SAVING_VALUE) / (saving * 0.6), rel=1e-9
    )
    plan = solve(scenario, slices=slices)
    assert bool(row["abatement_cost_cny_per_tco2e"] < 0) == (capex_share < 1)
    assert list(plan.investments["year"]) == ([2026] if capex_share < 1 else [])


def _stand_alone(model: dict, row: pd.Series) -> dict:
    """The factory with only the lever of a MACC row (no PV unless it is PV, no battery)."""
    alone = {**model, "waste_heat": [], "efficiency": [], "battery": {"allow": False}}
    alone["motors"] = [{**fleet, "options": []} for fleet in model["motors"]]
    if row["lever"] != "pv":
        alone["roof"] = {**model["roof"], "max_kwp": 0}
    if row["lever"] == "motors":
        fleet_name, option_name = row["option"].split("/")
        alone["motors"] = [
            {
                **fleet,
                "options": [
                    o for o in fleet["options"] if fleet_name == fleet["name"] and o["name"] == option_name
                ],
            }
            for fleet in model["motors"]
        ]
    elif row["lever"] == "efficiency":
        alone["efficiency"] = [m for m in model["efficiency"] if m["name"] == row["option"]]
    elif row["lever"] == "waste_heat":
        alone["waste_heat"] = [m for m in model["waste_heat"] if m["name"] == row["option"]]
    if "heat" in model:
        keep = [o for o in model["heat"].get("options", []) if row["option"].startswith(f"{o['name']},")]
        alone["heat"] = {**model["heat"], "options": keep, "storage": []}
    return alone


def test_every_measure_that_pays_in_the_example_macc_is_built_stand_alone(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    slices = time_slices(scenario)
    table = macc_table(scenario, RULEBOOK, slices)
    paying = table[(table["curve"] == "abatement") & (table["abatement_cost_cny_per_tco2e"] < 0)]
    paying = paying[paying["lever"] != "supply_chain"]
    assert len(paying) >= 4
    model = yaml.safe_load(FACTORY.read_text(encoding="utf-8"))
    for _, row in paying.iterrows():
        alone = _stand_alone(model, row)
        plan = solve(
            scenario.model_copy(
                update={"targets": [], "factory": type(scenario.factory).model_validate(alone)}
            ),
            slices=slices,
        )
        assert plan.status == "optimal"
        assert not plan.investments.empty, f"{row['option']} pays in the MACC but is not built on its own"


def test_macc_command_writes_table_and_charts(tmp_path: Path) -> None:
    scenario = write_small_scenario(tmp_path)
    out = tmp_path / "macc"
    result = CliRunner().invoke(macc_command, [str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "macc.csv")
    assert list(table.columns) == MACC_COLUMNS and np.isfinite(table["equivalent_annual_cost_cny"]).all()
    assert set(table["curve"]) == {"abatement", "market", "no_abatement"}
    assert (out / "macc.png").stat().st_size > 10_000 and (out / "macc.svg").is_file()
    bad = CliRunner().invoke(macc_command, [str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "no")])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: ") and not (tmp_path / "no").exists()
