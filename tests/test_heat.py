"""Heat electrification against hand-computed optima: heat pump versus gas plus carbon, storage
charged at the valley price, waste heat and savings in the same heat balance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import one_day, tiny_factory, tiny_scenario
from zcf_opt.accounting import balance_residual_kw
from zcf_opt.inputs.heat_pump import coefficient_of_performance
from zcf_opt.run import solve

LOAD_KW = 100.0
PRICE = 0.6  # CNY/kWh, flat
GAS_NM3 = 100_000.0  # gas of the heat demand [Nm3/yr]
HEAT_KWH = GAS_NM3 * 0.9 * 10.814  # its useful heat at 90 % and 10.814 kWh/Nm3: 973,260 kWh_th/yr
HEAT_KW = HEAT_KWH / 8760  # flat: 111.1 kW_th
GAS_CNY_PER_KWH_TH = 3.6 / (0.9 * 10.814)  # 0.369876 CNY/kWh_th
CO2_T_PER_KWH_TH = 2.162e-3 / (0.9 * 10.814)  # 0.000222 tCO2/kWh_th
COP = 3.0
#: a lossless, nearly free one-year hot-water tank on the washer
TANK = {
    "name": "tank",
    "serves": "washer",
    "capex_cny_per_kwh_th": 0.01,
    "life_years": 1,
    "loss_per_hour": 0.0,
    "max_c_rate_per_hour": 1.0,
}


def heat_factory(capex_cny_per_kw_th: float, **heat: object) -> dict:
    """A flat 111 kW_th process-heat demand from a gas boiler and a one-year heat pump (COP 3)."""
    section = {
        "demands": [
            {"name": "washer", "temperature_c": 60, "annual_mwh_th": HEAT_KWH / 1000, "profile": "flat"}
        ],
        "options": [
            {
                "name": "washer_hp",
                "kind": "industrial_heat_pump",
                "serves": "washer",
                "cop": COP,
                "capex_cny_per_kw_th": capex_cny_per_kw_th,
                "life_years": 1,
            }
        ],
        **heat,
    }
    return tiny_factory(fuel={"natural_gas_nm3_per_year": GAS_NM3, "boiler_efficiency": 0.9}, heat=section)


@pytest.mark.parametrize(
    "capex, target, built",
    [
        (1400.0, False, True),  # 1400/8760 + 0.6/3 = 0.3598 < 0.3699 gas alone
        (1550.0, False, False),  # 0.3769 > 0.3699 gas alone ...
        (1550.0, True, True),  # ... but < 0.3699 + 70 CNY/t × 0.000222 t = 0.3854 with offsets
        (1700.0, True, False),  # 0.3941 > 0.3854
    ],
)
def test_heat_pump_is_chosen_exactly_when_it_beats_gas_plus_the_carbon_it_avoids(
    capex: float, target: bool, built: bool
) -> None:
    # Type I six-star needs every tonne offset (70 CNY/t) and 100 % renewable electricity;
    # certificates are free, so the heat pump's electricity emits nothing in the boundary.
    extra = {"targets": [{"year": 2026, "level": "I-6"}]} if target else {}
    scenario = tiny_scenario(
        heat_factory(capex), pv_capex_cny_per_kwp=1e6, certificates={"price_cny_per_mwh": 0.0}, **extra
    )
    result = solve(scenario, slices=one_day(LOAD_KW))
    row = result.annual.iloc[0]
    assert result.status == "optimal" and result.errors == []
    heat_pump = capex * HEAT_KW + HEAT_KWH / COP * PRICE
    gas = GAS_CNY_PER_KWH_TH * HEAT_KWH + (70 * CO2_T_PER_KWH_TH * HEAT_KWH if target else 0.0)
    assert result.outcome.objective_cny == pytest.approx(
        LOAD_KW * 8760 * PRICE + min(heat_pump, gas), rel=1e-7
    )
    assert row["gas_use_nm3"] == pytest.approx(0.0 if built else GAS_NM3, abs=1e-3)
    assert row["heat_electricity_mwh"] == pytest.approx(HEAT_KWH / COP / 1000 if built else 0.0, abs=1e-6)
    assert row["offsets_tco2e"] == pytest.approx(
        (0.0 if built else GAS_NM3 * 2.162e-3) if target else 0.0, abs=1e-6
    )
    # the heat pump's load is in the hourly electricity balance, which closes
    flows = result.flows
    assert float(np.abs(balance_residual_kw(flows)).max()) < 1e-6
    expected_import = LOAD_KW + (HEAT_KW / COP if built else 0.0)
    assert flows["grid_import_kw"].values == pytest.approx(expected_import, rel=1e-7)


def test_heat_storage_charges_at_the_valley_price(tmp_path: Path) -> None:
    # 100 kWh_th of heat every day at 18:00 only (peak, 1.0 CNY/kWh). A COP-2 heat pump and a
    # lossless store, both nearly free: the pump runs in the two valley hours (0.2 CNY/kWh),
    # 50 kW_th each, and the store delivers the 100 kWh_th at 18:00: 10 CNY/day instead of 50.
    profile = np.zeros(8760)
    profile[18::24] = 100.0
    csv = tmp_path / "heat.csv"
    csv.write_text("heat_kw\n" + "\n".join(f"{v:g}" for v in profile) + "\n", encoding="utf-8")
    factory = heat_factory(
        0.01,
        storage=[TANK],
    )
    factory["heat"]["demands"][0].update(annual_mwh_th=36.5, profile_csv=str(csv))
    factory["heat"]["options"][0]["cop"] = 2.0
    factory["fuel"]["natural_gas_nm3_per_year"] = 36_500 / (0.9 * 10.814)
    tariff = {
        "tou_hours": {"peak": [18], "valley": [1, 2]},
        "energy_price_cny_per_kwh": {"peak": 1.0, "flat": 0.6, "valley": 0.2},
        "demand_charge_cny_per_kw_month": 0.0,
    }
    result = solve(tiny_scenario(factory, tariff=tariff, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    output = result.flows["heat_output_kw_th"].isel(heat_option=0, year=0, period=0).values
    assert output[[1, 2]] == pytest.approx([50.0, 50.0], rel=1e-6)
    assert np.delete(output, [1, 2]) == pytest.approx(0.0, abs=1e-6)
    discharge = result.flows["heat_store_discharge_kw_th"].isel(heat_store=0, year=0, period=0).values
    assert discharge[18] == pytest.approx(100.0, rel=1e-6)
    assert result.annual["gas_use_nm3"].iloc[0] == pytest.approx(0.0, abs=1e-6)
    bill = LOAD_KW * 365 * (1.0 + 2 * 0.2 + 21 * 0.6)
    assert result.outcome.objective_cny == pytest.approx(bill + 365 * 10 + 0.01 * 50 + 0.01 * 100, rel=1e-7)


def test_waste_heat_and_the_heat_pump_share_one_heat_balance() -> None:
    # Recovered heat covers 30 % of the demand in every hour; the cheap heat pump takes the rest
    # (78 kW_th), gas none. Recovery is worth 0.2 CNY/kWh_th of heat-pump electricity saved.
    factory = heat_factory(100.0)
    factory["waste_heat"] = [
        {
            "name": "recovery",
            "recoverable_mwh_th_per_year": 0.3 * HEAT_KWH / 1000,
            "capex_cny": 1000,
            "life_years": 1,
        }
    ]
    result = solve(tiny_scenario(factory, pv_capex_cny_per_kwp=1e6), slices=one_day(LOAD_KW))
    row = result.annual.iloc[0]
    assert list(result.investments["lever"]) == ["heat", "waste_heat"]
    assert result.investments.iloc[0]["size"] == pytest.approx(0.7 * HEAT_KW, rel=1e-7)
    assert row["heat_saved_mwh_th"] == pytest.approx(0.3 * HEAT_KWH / 1000)
    assert row["heat_electric_mwh_th"] == pytest.approx(0.7 * HEAT_KWH / 1000)
    assert row["gas_use_nm3"] == pytest.approx(0.0, abs=1e-3)
    expected = LOAD_KW * 8760 * PRICE + 100 * 0.7 * HEAT_KW + 0.7 * HEAT_KWH / COP * PRICE + 1000
    assert result.outcome.objective_cny == pytest.approx(expected, rel=1e-7)


def test_cop_correlations_by_hand() -> None:
    # Arpagaus et al. (2018) at a 40 K lift: 68.455 × exp(-0.76 ln 40) = 68.455 × 0.060594 = 4.1480;
    # Staffell et al. (2012) at 40 K: air 6.81 - 4.84 + 1.008 = 2.978, ground 8.77 - 6.0 + 1.1744 = 3.9444
    assert coefficient_of_performance("industrial_heat_pump", 90, 50) == pytest.approx(4.1480, abs=1e-4)
    assert coefficient_of_performance("air_source_heat_pump", 45, 5) == pytest.approx(2.978, abs=1e-9)
    assert coefficient_of_performance("ground_source_heat_pump", 50, 10) == pytest.approx(3.9444, abs=1e-9)
    assert coefficient_of_performance("electric_boiler", 180, None) == 0.99
    with pytest.raises(ValueError, match="lift 70 K"):
        coefficient_of_performance("air_source_heat_pump", 75, 5)
    with pytest.raises(ValueError, match="at most 80 degC"):
        coefficient_of_performance("air_source_heat_pump", 105, 60)
