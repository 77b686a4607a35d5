"""The MACC: hand-checked measure costs, certificate cost = price / market factor, the command."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from test_sweep_helpers import write_small_scenario

from zcf_opt.economics import capital_recovery_factor, saving_value_cny_per_mwh
from zcf_opt.inputs.measures import motor_efficiency
from zcf_opt.inputs.prepare import prepare_inputs
from zcf_opt.load import load_scenario
from zcf_opt.standards import load_rulebook
from zcf_opt.sweep.commands import macc_command
from zcf_opt.sweep.macc import MACC_COLUMNS, macc_table

RULEBOOK = load_rulebook("T/CECA-G 0171-2022")
FLAT_TARIFF = {
    "tou_hours": {"peak": [], "valley": []},
    "energy_price_cny_per_kwh": {"peak": 0.65, "flat": 0.65, "valley": 0.65},
    "demand_charge_cny_per_kw_month": 0,
}


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory):
    """The small scenario with a flat 0.65 CNY/kWh tariff and no demand charge."""
    return load_scenario(write_small_scenario(tmp_path_factory.mktemp("macc"), tariff=FLAT_TARIFF))


def _row(table: pd.DataFrame, option: str) -> pd.Series:
    return table.set_index("option").loc[option]


def test_waste_heat_cost_by_hand(flat) -> None:
    table = macc_table(flat, RULEBOOK)
    assert list(table.columns) == MACC_COLUMNS
    # compressor heat: 1,200,000 CNY, 15 yr, 20,000 CNY/yr O&M, 25 MWh/yr of pumps,
    # 1800 MWh_th/yr displacing gas burnt at 90 % in boilers, 10.814 kWh/Nm3, 2.162 tCO2/1000 Nm3
    crf = 0.08 / (1 - 1.08**-15) / 1.08  # level payment at the start of each year
    gas_nm3 = 1800 * 1000 / (0.90 * 10.814)
    eac = 1_200_000 * crf + 20_000 + 25 * 650.0 - gas_nm3 * 3.6  # flat tariff: 650 CNY per MWh saved
    abated = gas_nm3 * 2.162 / 1000 - 25 * 0.61  # market residual factor 2026: 0.61 tCO2/MWh
    row = _row(table, "compressor_heat_to_pretreatment")
    assert row["equivalent_annual_cost_cny"] == pytest.approx(eac, rel=1e-9)
    assert row["abatement_potential_tco2e_per_year"] == pytest.approx(abated, rel=1e-9)
    assert row["abatement_cost_cny_per_tco2e"] == pytest.approx(eac / abated, rel=1e-9)
    assert row["abatement_cost_cny_per_tco2e"] == pytest.approx(-1299.4, abs=0.1)
    assert row["capex_cny"] == 1_200_000 and row["life_years"] == 15


def test_motor_cost_by_hand(flat) -> None:
    # pumps and fans: 80 × 15 kW, 4000 full-load h/yr, IE2 (90.6 %) -> IE4 (93.9 %), 960,000 CNY
    saving_mwh = 80 * 15 * 4000 / 1000 * (1 / 0.906 - 1 / 0.939)
    assert motor_efficiency("IE2", 15) == pytest.approx(0.906) and motor_efficiency(
        "IE4", 15
    ) == pytest.approx(0.939)
    eac = 960_000 * capital_recovery_factor(0.08, 15) / 1.08 - saving_mwh * 650.0
    row = _row(macc_table(flat, RULEBOOK), "pumps_and_fans/IE4")
    assert row["abatement_cost_cny_per_tco2e"] == pytest.approx(eac / (saving_mwh * 0.61), rel=1e-9)
    located = _row(macc_table(flat, RULEBOOK, electricity_factor_kind="location"), "pumps_and_fans/IE4")
    assert located["abatement_cost_cny_per_tco2e"] == pytest.approx(eac / (saving_mwh * 0.55), rel=1e-9)
    assert "alternative to pumps_and_fans/IE5" in row["note"]


def test_certificates_cost_price_over_market_factor(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    table = macc_table(scenario, RULEBOOK).set_index("lever")
    assert table.loc["certificates", "abatement_cost_cny_per_tco2e"] == pytest.approx(6 / 0.61)
    assert table.loc["green_power", "abatement_cost_cny_per_tco2e"] == pytest.approx(30 / 0.61)
    assert table.loc["green_power", "abatement_potential_tco2e_per_year"] == pytest.approx(8000 * 0.61)
    assert table.loc["offsets", "abatement_cost_cny_per_tco2e"] == pytest.approx(70.0)
    assert table.loc["removals", "abatement_cost_cny_per_tco2e"] == pytest.approx(600.0)
    # no cap on offsets: the potential is the first-year Type II residual before any lever
    inputs = prepare_inputs(scenario, RULEBOOK)
    demand = float((inputs["demand_kw"].isel(year=0) * inputs["period_weight_days"]).sum()) / 1000
    residual = 1_200_000 * 2.162 / 1000 + demand * 0.61 + 2500 + 25000
    assert table.loc["offsets", "abatement_potential_tco2e_per_year"] == pytest.approx(residual, rel=1e-9)


def test_pv_battery_and_order(tmp_path: Path) -> None:
    scenario = load_scenario(write_small_scenario(tmp_path))
    table = macc_table(scenario, RULEBOOK)
    costs = table["abatement_cost_cny_per_tco2e"]
    finite = costs[costs.notna()]
    assert list(finite) == sorted(finite) and costs.notna().sum() == len(table) - 1
    battery = table.iloc[-1]
    assert battery["lever"] == "battery" and math.isnan(battery["abatement_cost_cny_per_tco2e"])
    assert battery["abatement_potential_tco2e_per_year"] < 0  # round-trip losses add import
    pv = table.set_index("lever").loc["pv"]
    assert pv["capex_cny"] == pytest.approx(30000 * 0.18 * 3000)  # the whole roof at 3000 CNY/kWp
    inputs = prepare_inputs(scenario, RULEBOOK)
    total_mwh = float((inputs["pv_yield_kwh_per_kwp"] * inputs["period_weight_days"]).sum()) * 5400 / 1000
    assert 0 < pv["abatement_potential_tco2e_per_year"] <= total_mwh * 0.61 * (1 + 1e-9)
    assert saving_value_cny_per_mwh(inputs, 2026) > 650.0 * 0.3  # time-of-use energy plus demand charge


def test_macc_command_writes_table_and_charts(tmp_path: Path) -> None:
    scenario = write_small_scenario(tmp_path)
    out = tmp_path / "macc"
    result = CliRunner().invoke(macc_command, [str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "macc.csv")
    assert len(table) == 15 and np.isfinite(table["equivalent_annual_cost_cny"]).all()
    assert (out / "macc.png").stat().st_size > 10_000 and (out / "macc.svg").is_file()
    bad = CliRunner().invoke(macc_command, [str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "no")])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: ") and not (tmp_path / "no").exists()
