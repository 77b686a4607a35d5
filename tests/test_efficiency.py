"""Efficiency programmes: savings as a share of a named load, typical catalogue figures marked as
such, hourly saving profiles, and gas savings on a heat demand."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT, one_day, tiny_factory, tiny_scenario
from zcf_opt.cli import main
from zcf_opt.programmes import programmes
from zcf_opt.run import solve

LOAD_KW = 100.0
BILL = LOAD_KW * 8760 * 0.6


def test_typical_led_programme_on_a_named_end_use() -> None:
    # lighting is 10 % of 876 MWh; LED saves the catalogue's 50 % of it, 43.8 MWh/yr, flat
    # (5 kW every hour), for the catalogue's 1,900 CNY per MWh/yr saved over 12 years. Without
    # discounting, the one-year horizon bears 1/12 of the capex (11/12 is residual value).
    led = programmes()["led_lighting"]
    factory = tiny_factory(
        electricity_end_uses=[{"name": "lighting", "share": 0.1}],
        efficiency=[{"name": "led", "programme": "led_lighting", "of": "lighting", "profile": "flat"}],
    )
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    saved = 0.1 * 876 * led.saving_share
    capex = led.capex_cny_per_mwh_saved * saved
    assert saved == pytest.approx(43.8)
    assert result.investments["capex_cny"].iloc[0] == pytest.approx(capex)
    expected = (
        BILL - saved * 600 + capex / led.life_years * (1 + led.fixed_om_share_of_capex * led.life_years)
    )
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-9)
    saving = result.flows["measure_saving_kw"].isel(year=0, period=0).values
    assert saving == pytest.approx(np.full(24, 5.0), rel=1e-9)
    typical = [w for w in result.warnings if w.code == "typical_efficiency_figures"]
    assert typical[0].params["measures"] == [
        {
            "name": "led",
            "programme": "led_lighting",
            "fields": ["saving_share", "capex_cny", "life_years", "fixed_om_cny_per_year"],
        }
    ]
    assert "TYPICAL catalogue figures" in str(typical[0]) and "典型值" in typical[0].text("zh")


def test_gas_saving_on_a_heat_demand_replaces_its_gas() -> None:
    factory = tiny_factory(
        fuel={"natural_gas_nm3_per_year": 50_000, "boiler_efficiency": 0.9},
        heat={
            "demands": [
                {"name": "ovens", "temperature_c": 180, "annual_mwh_th": 400, "supply": "direct_fired"}
            ]
        },
        efficiency=[
            {
                "name": "insulation",
                "of": "ovens",
                "saving_gas_nm3_per_year": 4000,
                "capex_cny": 10_000,
                "life_years": 1,
            }
        ],
    )
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    # 4000 Nm3 at 3.6 CNY = 14,400 CNY > 10,000 CNY: built; the ovens burn 400 MWh_th / (0.9 × 10.814)
    ovens_nm3 = 400_000 / (0.9 * 10.814)
    assert result.annual["gas_use_nm3"].iloc[0] == pytest.approx(50_000 - 4000, rel=1e-9)
    assert result.annual["heat_from_gas_mwh_th"].iloc[0] == pytest.approx(
        (ovens_nm3 - 4000) * 0.9 * 10.814 / 1000
    )
    assert result.outcome.objective_cny == pytest.approx(BILL + 46_000 * 3.6 + 10_000, rel=1e-9)
    assert all(w.code != "typical_efficiency_figures" for w in result.warnings)


def test_efficiency_input_errors_name_the_field(tmp_path) -> None:
    model = yaml.safe_load((ROOT / "models" / "suzhou_auto_parts.yaml").read_text(encoding="utf-8"))
    model["efficiency"] = [{"name": "vsd", "programme": "vsd_pumps_and_fans", "of": "nothing_here"}]
    (tmp_path / "plant.yaml").write_text(yaml.safe_dump(model), encoding="utf-8")
    scenario = (ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        scenario.replace("../models/suzhou_auto_parts.yaml", "plant.yaml"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "plant.yaml" in result.output and "'of' is 'nothing_here'" in result.output
    assert not (tmp_path / "out").exists()
