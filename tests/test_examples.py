"""Every shipped scenario solves to optimal and its files hold the identities they must."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from click.testing import CliRunner
from proposal_checks import check_money, foreign_words, read_page, user_names, without_names, workbook_strings

from zcf_opt.accounting import balance_residual_kw
from zcf_opt.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def run_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / request.param.stem
    result = CliRunner().invoke(main, ["solve", str(request.param), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _stars(level: object) -> int:
    return int(level.split("-")[1]) if isinstance(level, str) and level else 0


def test_summary_says_optimal_and_every_year_meets_its_target(run_folder: Path) -> None:
    summary = json.loads((run_folder / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["errors"] == []
    assert summary["standard"] == "T/CECA-G 0171-2022"
    assert [y["year"] for y in summary["years"]] == list(range(2026, 2036))
    for year in summary["years"]:
        assert _stars(year["achieved_level"]) >= _stars(year["target_level"])
        if year["target_level"]:
            assert year["achieved_level"].split("-")[0] == year["target_level"].split("-")[0]
    assert summary["accounting_npv_cny"] == pytest.approx(summary["objective_npv_cny"], rel=1e-6)


def test_annual_identities(run_folder: Path) -> None:
    annual = pd.read_csv(run_folder / "annual.csv")
    share = (annual.pv_self_consumed_mwh + annual.green_power_mwh + annual.gec_mwh) / (
        annual.grid_import_mwh + annual.pv_self_consumed_mwh
    )
    np.testing.assert_allclose(annual.re_share, share, rtol=1e-9)
    assert (annual.green_power_mwh + annual.gec_mwh <= annual.grid_import_mwh * (1 + 1e-9) + 1e-6).all()
    np.testing.assert_allclose(
        annual.total_cost_cny,
        annual.capex_cny + annual.opex_cny + annual.energy_cost_cny + annual.market_cost_cny,
    )
    purchases = annual.green_power_cost_cny + annual.gec_cost_cny + annual.offsets_cost_cny
    np.testing.assert_allclose(annual.market_cost_cny, purchases + annual.removals_cost_cny)
    np.testing.assert_allclose(
        annual.pv_generation_mwh, annual.pv_self_consumed_mwh + annual.pv_export_mwh + annual.pv_curtailed_mwh
    )


def test_six_star_years_are_fully_renewable_and_neutralised(run_folder: Path) -> None:
    annual = pd.read_csv(run_folder / "annual.csv")
    for _, row in annual[annual.target_level.fillna("").str.endswith("-6")].iterrows():
        assert row.re_share == pytest.approx(1.0, abs=1e-6)
        if row.target_level.startswith("II"):
            assert row.removals_tco2e == pytest.approx(row.residual_type_ii_tco2e, rel=1e-6)
        else:
            assert row.offsets_tco2e + row.removals_tco2e == pytest.approx(
                row.residual_type_i_tco2e, rel=1e-6
            )


def test_dispatch_balance_closes_every_hour(run_folder: Path) -> None:
    flows = xr.open_dataset(run_folder / "dispatch.nc")
    assert float(np.abs(balance_residual_kw(flows)).max()) < 1e-6
    assert flows["grid_import_kw"].attrs["units"] == "kW"
    assert float(flows["period_weight_days"].sum()) == pytest.approx(365.0)


def test_investments_match_annual_capex(run_folder: Path) -> None:
    investments = pd.read_csv(run_folder / "investments.csv")
    annual = pd.read_csv(run_folder / "annual.csv").set_index("year")
    by_year = investments.groupby("year")["capex_cny"].sum()
    np.testing.assert_allclose(annual["capex_cny"].reindex(by_year.index), by_year, rtol=1e-9)
    assert set(investments.columns) == {"year", "lever", "option", "size", "unit", "capex_cny"}


def test_the_example_from_files_reads_its_meter_and_weather_files(run_folder: Path) -> None:
    if run_folder.name != "wuxi_metered_type1_6star_2030":
        pytest.skip("only the example built from data files")
    summary = json.loads((run_folder / "summary.json").read_text())
    assert summary["weather_file"].endswith("models/data/wuxi_synthetic_typical_year.epw")
    assert summary["load_files"][0].endswith("models/data/wuxi_meter_2024.csv")
    inputs = xr.open_dataset(run_folder / "inputs.nc")
    first_year_yield = float((inputs["pv_yield_kwh_per_kwp"] * inputs["period_weight_days"]).sum())
    assert summary["pv_annual_yield_kwh_per_kwp"] == pytest.approx(first_year_yield, rel=1e-6)
    assert 950 < summary["pv_annual_yield_kwh_per_kwp"] < 1250  # Jiangsu, tilt 15 deg
    # the metered energy, recomputed with pandas: end-labelled kWh, 29 February dropped, the
    # three gaps interpolated on the 15-minute grid
    meter = pd.read_csv(ROOT / "models/data/wuxi_meter_2024.csv")
    starts = pd.to_datetime(meter["采集时间"]) - pd.Timedelta(minutes=15)
    kwh = pd.Series(meter["正向有功电量_kWh"].to_numpy(), index=starts)
    kwh = kwh.reindex(pd.date_range("2024-01-01", "2024-12-31 23:45", freq="15min")).interpolate()
    kwh = kwh[~((kwh.index.month == 2) & (kwh.index.day == 29))]
    annual = pd.read_csv(run_folder / "annual.csv")
    metered_mwh = annual.electricity_demand_mwh[0] + annual.measure_saving_mwh[0]
    assert metered_mwh == pytest.approx(kwh.sum() / 1000, rel=1e-9)
    # the hourly peak from the typical days is the metered one (the peak day is kept whole); the
    # billed quarter-hour lies between it and the metered highest quarter-hour
    hourly_peak = kwh.groupby(kwh.index.floor("h")).sum().max()
    assert summary["first_year_peak_demand_kw"] == pytest.approx(hourly_peak, rel=1e-9)
    assert hourly_peak < summary["first_year_peak_15min_demand_kw"] <= 4 * kwh.max() + 1e-6
    assert (annual.billed_demand_kw > annual.peak_import_kw).all()
    assert any("7 missing readings of wuxi_meter_2024.csv" in w for w in summary["warnings"])


def test_netcdf_files_open_with_libnetcdf_as_with_scipy(run_folder: Path) -> None:
    for name in ("dispatch.nc", "inputs.nc"):
        with (
            xr.open_dataset(run_folder / name, engine="netcdf4") as by_libnetcdf,
            xr.open_dataset(run_folder / name, engine="scipy") as by_scipy,
        ):
            assert set(by_libnetcdf.variables) == set(by_scipy.variables)
            assert by_libnetcdf.sizes["measure"] > 0
            for variable in by_scipy.data_vars:
                np.testing.assert_array_equal(by_libnetcdf[variable].values, by_scipy[variable].values)


def test_no_investment_below_its_levers_minimum_size(run_folder: Path) -> None:
    investments = pd.read_csv(run_folder / "investments.csv")
    inputs = xr.open_dataset(run_folder / "inputs.nc")
    minimum = {"pv": float(inputs["pv_min_project_kwp"]), "battery": float(inputs["battery_min_project_kwh"])}
    assert minimum["pv"] > 0 and minimum["battery"] > 0  # the shipped defaults apply
    for row in investments.itertuples():
        if row.lever in minimum:
            assert row.size >= minimum[row.lever] * (1 - 1e-9), (row.year, row.lever, row.size)
    summary = json.loads((run_folder / "summary.json").read_text())
    dropped = [n for n in summary["notices"] if n["code"] == "small_projects_dropped"]
    for notice in dropped:  # what was dropped was below the minimum, and cost little
        for item in notice["params"]["items"]:
            assert 0 < item["size"] < item["minimum"]
        # a re-solve within the MIP gap (1e-4) may land a little either side of the first plan
        assert abs(notice["params"]["npv_change_cny"]) < 1e-4 * summary["objective_npv_cny"]


def test_dispatch_has_calendar_dates(run_folder: Path) -> None:
    flows = xr.open_dataset(run_folder / "dispatch.nc")
    dates = pd.DatetimeIndex(flows["date"].values)
    assert len(dates) == 365
    assert dates[0] == pd.Timestamp("2026-01-01") and dates[-1] == pd.Timestamp("2026-12-31")
    # each typical day stands for the days mapped to it
    members = flows["day_to_period"].to_series().value_counts().sort_index()
    np.testing.assert_array_equal(members.to_numpy(), flows["period_weight_days"].values)
    assert flows["date"].dims == ("day",)


@pytest.fixture(scope="module")
def proposals(run_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"proposal_{lang}") / "report"
        result = CliRunner().invoke(main, ["report", str(run_folder), "--lang", lang, "--out", str(folder)])
        assert result.exit_code == 0, result.output
        out[lang] = folder
    return out


def test_proposal_money_equals_the_run_in_its_stated_unit(
    run_folder: Path, proposals: dict[str, Path]
) -> None:
    assert check_money(run_folder, proposals) > 1000


def test_proposal_speaks_one_language(run_folder: Path, proposals: dict[str, Path]) -> None:
    names = user_names(run_folder)
    for lang, folder in proposals.items():
        page = read_page(folder / "proposal.html")
        assert foreign_words(without_names(page.text, names), lang) == [], lang
        for string in workbook_strings(folder / "proposal.xlsx"):
            assert foreign_words(without_names(string, names), lang) == [], (lang, string)


def test_storage_never_feeds_the_grid(run_folder: Path) -> None:
    flows = xr.open_dataset(run_folder / "dispatch.nc")
    both = (flows["battery_discharge_kw"] > 1e-3) & (flows["pv_export_kw"] > 1e-3)
    assert int(both.sum()) == 0
    annual = pd.read_csv(run_folder / "annual.csv")
    # export is PV surplus only: never more than the PV the site did not use
    assert (annual.pv_export_mwh <= annual.pv_generation_mwh - annual.pv_self_consumed_mwh + 1e-9).all()


def test_every_year_is_rechecked_on_the_full_year(run_folder: Path) -> None:
    table = pd.read_csv(run_folder / "full_year_check.csv")
    summary = json.loads((run_folder / "summary.json").read_text())
    assert table.year.tolist() == list(range(2026, 2036))
    assert (table.cost_error.abs() < 0.01).all(), table.cost_error.tolist()
    assert table.certified.all()
    assert summary["full_year_check"]["failed_years"] == []
    # the full-year figures come from the independent accounting of the re-dispatched year
    assert (table.full_year_total_cost_cny > 0).all() and (table.full_year_re_share <= 1 + 1e-9).all()


def test_battery_vintages_state_cycles_and_end_of_life(run_folder: Path) -> None:
    summary = json.loads((run_folder / "summary.json").read_text())
    annual = pd.read_csv(run_folder / "annual.csv")
    for vintage in summary["battery_vintages"]:
        assert 0 < vintage["cycles_per_year"] <= 365 + 1e-6  # the design throughput
        assert 0.7 - 1e-9 <= vintage["end_of_life_capacity"] < 1
    assert (annual.battery_usable_kwh <= annual.battery_energy_kwh + 1e-6).all()
