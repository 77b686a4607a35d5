"""Tests for zcf_opt.inputs.pv_yield."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data_files import overcast_rows, write_epw, write_tmy3
from zcf_opt.errors import InputError
from zcf_opt.inputs.pv_yield import annual_yield_kwh_per_kwp, pv_yield_per_kwp

SUZHOU = {"latitude_deg": 31.3, "longitude_deg": 120.6, "altitude_m": 5.0, "timezone": "Asia/Shanghai"}
GHI = 1300.0
# Performance factor without temperature effects: (1 - losses) * inverter efficiency.
PR0 = (1 - 0.14) * 0.96


@pytest.fixture(scope="module")
def suzhou_south() -> pd.Series:
    return pv_yield_per_kwp(**SUZHOU, tilt_deg=20.0, azimuth_deg=180.0, annual_ghi_kwh_per_m2=GHI)


def test_shape_index_and_sign(suzhou_south: pd.Series) -> None:
    s = suzhou_south
    assert s.name == "pv_yield_kwh_per_kwp"
    assert len(s) == 8760
    assert isinstance(s.index, pd.DatetimeIndex)
    assert s.index.tz is None
    assert s.index[0] == pd.Timestamp("2023-01-01 00:00")
    assert s.index[-1] == pd.Timestamp("2023-12-31 23:00")
    assert np.isfinite(s.to_numpy()).all()
    assert (s >= 0).all()
    # AC clipped at 1 kW/kWp; clear sky scaled to 1300 kWh/m2 never gets close.
    assert s.max() <= 1.0


def test_annual_yield_plausible(suzhou_south: pd.Series) -> None:
    # Yield = GHI x transposition gain x performance ratio. At 31 N a 20 deg south
    # tilt gains 0..12 % over horizontal; (1-0.14)*0.96 = 0.826 times a temperature
    # loss of 0..8 % gives PR 0.76..0.83 -> 1300*1.00*0.76 = 988 .. 1300*1.12*0.83 = 1208.
    y = annual_yield_kwh_per_kwp(suzhou_south)
    assert 990.0 <= y <= 1210.0
    assert y == pytest.approx(float(suzhou_south.sum()))


def test_ghi_scaling_is_exact() -> None:
    # Horizontal module, no losses, no temperature effect, ideal inverter: the
    # plane-of-array irradiation equals GHI (no ground view, no beam gain), so the
    # annual yield in kWh/kWp equals the annual GHI in kWh/m2.
    s = pv_yield_per_kwp(
        **SUZHOU,
        tilt_deg=0.0,
        azimuth_deg=180.0,
        annual_ghi_kwh_per_m2=GHI,
        system_losses=0.0,
        temperature_coefficient_per_c=0.0,
        inverter_efficiency=1.0,
    )
    assert annual_yield_kwh_per_kwp(s) == pytest.approx(GHI, rel=1e-3)
    # Yield is linear in the GHI target when nothing non-linear is switched on.
    s2 = pv_yield_per_kwp(
        **SUZHOU,
        tilt_deg=0.0,
        azimuth_deg=180.0,
        annual_ghi_kwh_per_m2=2 * GHI / 3,
        system_losses=0.0,
        temperature_coefficient_per_c=0.0,
        inverter_efficiency=1.0,
    )
    assert annual_yield_kwh_per_kwp(s2) == pytest.approx(2 * GHI / 3, rel=1e-3)


def test_losses_scale_yield() -> None:
    # Without temperature effect, the losses and the inverter are pure factors.
    kwargs = {
        **SUZHOU,
        "tilt_deg": 20.0,
        "azimuth_deg": 180.0,
        "annual_ghi_kwh_per_m2": GHI,
        "temperature_coefficient_per_c": 0.0,
    }
    ideal = pv_yield_per_kwp(**kwargs, system_losses=0.0, inverter_efficiency=1.0)
    lossy = pv_yield_per_kwp(**kwargs)
    np.testing.assert_allclose(lossy.to_numpy(), PR0 * ideal.to_numpy(), rtol=1e-12)


def test_night_is_zero(suzhou_south: pd.Series) -> None:
    s = suzhou_south
    night = s[s.index.hour < 5]
    assert (night == 0.0).all()
    assert (s[s.index.hour >= 20] == 0.0).all()


def test_daily_shape_in_june(suzhou_south: pd.Series) -> None:
    june = suzhou_south[suzhou_south.index.month == 6]
    by_hour = june.groupby(june.index.hour).mean()
    assert by_hour[12] > by_hour[8]
    assert by_hour[11] > by_hour[8]
    # Solar noon at 120.6 E in UTC+8 is about 11:55-12:00, so with mid-hour sun
    # positions the 11:00-12:00 and 12:00-13:00 hours are nearly equal and the day
    # is symmetric about 12:00. A 30-min timing error would break this by ~10 %.
    assert by_hour[11] == pytest.approx(by_hour[12], rel=0.03)
    morning = by_hour[by_hour.index < 12].sum()
    afternoon = by_hour[by_hour.index >= 12].sum()
    assert morning == pytest.approx(afternoon, rel=0.03)


def test_summer_beats_winter_daily_energy(suzhou_south: pd.Series) -> None:
    june = suzhou_south[suzhou_south.index.month == 6].sum() / 30
    december = suzhou_south[suzhou_south.index.month == 12].sum() / 31
    assert june > december


def test_south_beats_north(suzhou_south: pd.Series) -> None:
    north = pv_yield_per_kwp(**SUZHOU, tilt_deg=20.0, azimuth_deg=0.0, annual_ghi_kwh_per_m2=GHI)
    assert annual_yield_kwh_per_kwp(suzhou_south) > 1.05 * annual_yield_kwh_per_kwp(north)


def test_east_facing_peaks_in_the_morning() -> None:
    east = pv_yield_per_kwp(**SUZHOU, tilt_deg=30.0, azimuth_deg=90.0, annual_ghi_kwh_per_m2=GHI)
    june = east[east.index.month == 6]
    by_hour = june.groupby(june.index.hour).mean()
    assert by_hour[9] > by_hour[15]


def test_missing_annual_ghi_raises() -> None:
    with pytest.raises(InputError) as err:
        pv_yield_per_kwp(**SUZHOU, tilt_deg=20.0, azimuth_deg=180.0)
    assert err.value.field == "annual_ghi_kwh_per_m2"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tilt_deg": 95.0}, "tilt_deg"),
        ({"azimuth_deg": -10.0}, "azimuth_deg"),
        ({"annual_ghi_kwh_per_m2": -5.0}, "annual_ghi_kwh_per_m2"),
        ({"system_losses": 1.5}, "system_losses"),
        ({"reference_year": 2024}, "reference_year"),
        ({"timezone": "China/Nowhere"}, "timezone"),
    ],
)
def test_bad_parameters_raise(kwargs: dict, field: str) -> None:
    args = {**SUZHOU, "tilt_deg": 20.0, "azimuth_deg": 180.0, "annual_ghi_kwh_per_m2": GHI}
    args.update(kwargs)
    with pytest.raises(InputError) as err:
        pv_yield_per_kwp(**args)
    assert err.value.field == field


# --------------------------------------------------------------------------- weather files

NO_TEMP = {"temperature_coefficient_per_c": 0.0}


def test_epw_reads_back_exactly(tmp_path: Path) -> None:
    epw = write_epw(tmp_path / "site.epw")
    s = pv_yield_per_kwp(
        **SUZHOU, tilt_deg=20.0, azimuth_deg=180.0, weather_file=epw, annual_ghi_kwh_per_m2=5000.0, **NO_TEMP
    )
    assert len(s) == 8760
    # Overcast (dni = 0): Hay-Davies reduces to isotropic sky + ground reflection:
    # POA = G (1 + cos b)/2 + 0.25 G (1 - cos b)/2, independent of the sun.
    cb = np.cos(np.radians(20.0))
    poa = 200.0 * ((1 + cb) / 2 + 0.25 * (1 - cb) / 2)
    expected = poa / 1000.0 * PR0
    day_hours = s.index.hour.isin(range(8, 16))  # hour-ending 9..16 -> labels 8..15
    np.testing.assert_allclose(s[day_hours].to_numpy(), expected, rtol=1e-9)
    assert (s[~day_hours] == 0.0).all()
    assert annual_yield_kwh_per_kwp(s) == pytest.approx(365 * 8 * expected, rel=1e-9)


def test_epw_yield_proportional_to_irradiance(tmp_path: Path) -> None:
    one = pv_yield_per_kwp(
        **SUZHOU,
        tilt_deg=25.0,
        azimuth_deg=180.0,
        weather_file=write_epw(tmp_path / "a.epw", overcast_rows(1.0)),
        **NO_TEMP,
    )
    two = pv_yield_per_kwp(
        **SUZHOU,
        tilt_deg=25.0,
        azimuth_deg=180.0,
        weather_file=write_epw(tmp_path / "b.epw", overcast_rows(2.0)),
        **NO_TEMP,
    )
    np.testing.assert_allclose(two.to_numpy(), 2.0 * one.to_numpy(), rtol=1e-12)
    # With the temperature effect on, hotter cells at higher irradiance lose a bit.
    hot = pv_yield_per_kwp(**SUZHOU, tilt_deg=25.0, azimuth_deg=180.0, weather_file=tmp_path / "b.epw")
    ratio = annual_yield_kwh_per_kwp(hot) / annual_yield_kwh_per_kwp(one)
    assert 1.9 < ratio < 2.0


def test_epw_other_utc_offset_is_shifted(tmp_path: Path) -> None:
    # Same local clock times written for UTC+7: in UTC+8 they happen one hour later.
    s8 = pv_yield_per_kwp(
        **SUZHOU, tilt_deg=20.0, azimuth_deg=180.0, weather_file=write_epw(tmp_path / "tz8.epw"), **NO_TEMP
    )
    s7 = pv_yield_per_kwp(
        **SUZHOU,
        tilt_deg=20.0,
        azimuth_deg=180.0,
        weather_file=write_epw(tmp_path / "tz7.epw", tz=7.0),
        **NO_TEMP,
    )
    np.testing.assert_allclose(s7.to_numpy(), np.roll(s8.to_numpy(), 1), rtol=1e-12)


def test_tmy3_matches_epw(tmp_path: Path) -> None:
    epw = pv_yield_per_kwp(
        **SUZHOU, tilt_deg=20.0, azimuth_deg=180.0, weather_file=write_epw(tmp_path / "w.epw")
    )
    tmy = pv_yield_per_kwp(
        **SUZHOU, tilt_deg=20.0, azimuth_deg=180.0, weather_file=write_tmy3(tmp_path / "w.csv")
    )
    np.testing.assert_allclose(tmy.to_numpy(), epw.to_numpy(), rtol=1e-12)


def test_weather_file_errors(tmp_path: Path) -> None:
    kwargs = {**SUZHOU, "tilt_deg": 20.0, "azimuth_deg": 180.0}
    with pytest.raises(InputError, match="not found"):
        pv_yield_per_kwp(**kwargs, weather_file=tmp_path / "missing.epw")

    short = write_epw(tmp_path / "short.epw", overcast_rows(n_rows=100))
    with pytest.raises(InputError) as err:
        pv_yield_per_kwp(**kwargs, weather_file=short)
    assert "short.epw" in str(err.value) and "8760" in str(err.value)
    assert "100" in str(err.value)

    sentinel = write_epw(tmp_path / "sentinel.epw", bad_row=4000)
    with pytest.raises(InputError) as err:
        pv_yield_per_kwp(**kwargs, weather_file=sentinel)
    assert err.value.field == "ghi"
    assert "row 4000" in str(err.value) and "sentinel.epw" in str(err.value)

    garbage = tmp_path / "garbage.epw"
    garbage.write_text("this is not an EPW file\n1,2,3\n")
    with pytest.raises(InputError, match=r"garbage\.epw"):
        pv_yield_per_kwp(**kwargs, weather_file=garbage)

    no_ghi = write_tmy3(tmp_path / "no_ghi.csv")
    no_ghi.write_text(no_ghi.read_text().replace("GHI (W/m^2)", "Global"))
    with pytest.raises(InputError, match=r"lacks the column\(s\) \['ghi'\]"):
        pv_yield_per_kwp(**kwargs, weather_file=no_ghi)

    other = tmp_path / "weather.txt"
    other.write_text("x")
    with pytest.raises(InputError, match="not a weather file of a known format"):
        pv_yield_per_kwp(**kwargs, weather_file=other)


def test_a_mean_air_temperature_of_zero_is_used_not_replaced() -> None:
    # a cold site (0 degC) must yield more than the same site at 16 degC (negative temperature coefficient)
    from zcf_opt.inputs.profiles import hourly_profiles
    from zcf_opt.schema import FactoryModel

    base = {
        "name": "cold",
        "site": {"latitude_deg": 47.3, "longitude_deg": 123.9, "grid_region": "northeast"},
        "roof": {"usable_area_m2": 1000, "max_kwp": 100, "tilt_deg": 30, "azimuth_deg": 180},
        "electricity_load": {"annual_mwh": 100, "shift_pattern": "one_shift"},
    }
    yields = {
        t: hourly_profiles(
            FactoryModel.model_validate(
                {**base, "solar": {"annual_ghi_kwh_per_m2": 1400, "mean_air_temperature_c": t}}
            )
        )["pv_yield_kwh_per_kwp"].sum()
        for t in (0.0, 16.0)
    }
    assert yields[0.0] > yields[16.0] * 1.02


def test_weather_files_with_a_gb18030_station_name(tmp_path: Path) -> None:
    from zcf_opt.inputs.weather import read_weather_file

    epw = write_epw(tmp_path / "gbk.epw")
    epw.write_bytes(epw.read_bytes().replace(b"LOCATION,Test", "LOCATION,苏州".encode("gb18030")))
    tmy3 = write_tmy3(tmp_path / "gbk.csv")
    tmy3.write_bytes(tmy3.read_bytes().replace(b"'TEST'", "'苏州'".encode("gb18030")))
    for path, kind in ((epw, "EPW"), (tmy3, "TMY3")):
        weather = read_weather_file(path, 8.0)
        assert weather.file_format == kind
        assert weather.hourly["ghi"].sum() == pytest.approx(365 * 8 * 200.0)
