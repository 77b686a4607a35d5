"""Tests for zcf_opt.inputs.typical_days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zcf_opt.errors import InputError
from zcf_opt.inputs.typical_days import TimeSlices, full_year, typical_days

INDEX = pd.date_range("2023-01-01", periods=8760, freq="h")


def _profiles(seed: int = 0) -> pd.DataFrame:
    """Synthetic load (weekday shifts + noise + one spike) and a PV-like column."""
    rng = np.random.default_rng(seed)
    hour = INDEX.hour.to_numpy()
    weekday = INDEX.dayofweek.to_numpy() < 5
    season = 1 + 0.2 * np.cos(2 * np.pi * (INDEX.dayofyear.to_numpy() - 200) / 365)
    load = 200 + 600 * (weekday & (hour >= 8) & (hour < 18)) * season
    load = load + rng.normal(0, 20, 8760).clip(-50, 50)
    load[200 * 24 + 14] = 1500.0  # annual peak on day 200 at 14:00
    pv = np.clip(np.sin((hour + 0.5 - 6) / 12 * np.pi), 0, None) * rng.uniform(0.2, 1, 8760)
    pv = pv * (1 + 0.3 * np.cos(2 * np.pi * (INDEX.dayofyear.to_numpy() - 172) / 365))
    return pd.DataFrame({"load_kw": load, "pv_yield_kwh_per_kwp": pv * 0.8}, index=INDEX)


@pytest.fixture(scope="module")
def profiles() -> pd.DataFrame:
    return _profiles()


@pytest.mark.parametrize("n_days", [2, 6, 12, 48])
def test_typical_days_preserve_energy_weights_and_peak(profiles: pd.DataFrame, n_days: int) -> None:
    ts = typical_days(profiles, n_days, "load_kw")
    assert isinstance(ts, TimeSlices)
    assert ts.method == "typical_days"
    assert ts.n_periods == n_days  # n_days includes the peak day
    assert ts.weight_days.shape == (n_days,)
    assert ts.weight_days.sum() == pytest.approx(365.0, abs=1e-12)
    assert (ts.weight_days >= 1).all()
    assert ts.day_to_period.shape == (365,)
    assert np.array_equal(np.bincount(ts.day_to_period, minlength=n_days), ts.weight_days)
    assert ts.day_to_period[0] == 0
    for column in profiles.columns:
        values = ts.values[column]
        assert values.shape == (n_days, 24)
        weighted = float((ts.weight_days[:, None] * values).sum())
        assert weighted == pytest.approx(float(profiles[column].sum()), rel=1e-6)
        # Means of member days never leave the range of the data.
        assert values.min() >= profiles[column].min() - 1e-9
        assert values.max() <= profiles[column].max() + 1e-9
    peak = profiles["load_kw"].max()
    assert ts.values["load_kw"].max() == pytest.approx(peak, rel=1e-9)
    # The peak day is a period of its own and is the actual day.
    p = ts.day_to_period[200]
    assert ts.weight_days[p] == 1.0
    np.testing.assert_array_equal(
        ts.values["load_kw"][p], profiles["load_kw"].to_numpy()[200 * 24 : 201 * 24]
    )


def test_typical_days_energy_exact_to_machine_precision(profiles: pd.DataFrame) -> None:
    ts = typical_days(profiles, 10, "load_kw")
    for column in profiles.columns:
        weighted = float((ts.weight_days[:, None] * ts.values[column]).sum())
        assert weighted == pytest.approx(float(profiles[column].sum()), rel=1e-12)


def test_typical_days_deterministic(profiles: pd.DataFrame) -> None:
    a = typical_days(profiles, 8, "load_kw")
    b = typical_days(profiles.copy(), 8, "load_kw")
    np.testing.assert_array_equal(a.day_to_period, b.day_to_period)
    np.testing.assert_array_equal(a.weight_days, b.weight_days)
    for column in profiles.columns:
        np.testing.assert_array_equal(a.values[column], b.values[column])


def test_peak_on_other_column(profiles: pd.DataFrame) -> None:
    ts = typical_days(profiles, 5, "pv_yield_kwh_per_kwp")
    col = profiles["pv_yield_kwh_per_kwp"]
    assert ts.values["pv_yield_kwh_per_kwp"].max() == pytest.approx(col.max(), rel=1e-9)


def test_outlier_peak_day_still_gives_n_days() -> None:
    # A peak day so different that clustering isolates it by itself: tsam then adds
    # no extra period; the function must still return n_days periods.
    df = _profiles(seed=3)
    df.loc[df.index.dayofyear == 100, "load_kw"] = 5000.0
    ts = typical_days(df, 4, "load_kw")
    assert ts.n_periods == 4
    assert ts.values["load_kw"].max() == pytest.approx(5000.0)
    assert ts.weight_days[ts.day_to_period[99]] == 1.0
    assert ts.weight_days.sum() == 365.0


def test_expand_round_trip(profiles: pd.DataFrame) -> None:
    ts = typical_days(profiles, 6, "load_kw")
    hourly = ts.expand(ts.values["load_kw"])
    assert hourly.shape == (8760,)
    assert hourly.sum() == pytest.approx(profiles["load_kw"].sum(), rel=1e-12)
    assert hourly.max() == pytest.approx(profiles["load_kw"].max(), rel=1e-12)


def test_constant_column_survives(profiles: pd.DataFrame) -> None:
    df = profiles.assign(flat=3.0)
    ts = typical_days(df, 5, "load_kw")
    np.testing.assert_allclose(ts.values["flat"], 3.0)


def test_full_year(profiles: pd.DataFrame) -> None:
    ts = full_year(profiles)
    assert ts.method == "full_year"
    assert ts.n_periods == 365
    np.testing.assert_array_equal(ts.weight_days, np.ones(365))
    np.testing.assert_array_equal(ts.day_to_period, np.arange(365))
    for column in profiles.columns:
        np.testing.assert_array_equal(ts.values[column], profiles[column].to_numpy().reshape(365, 24))
    np.testing.assert_array_equal(ts.expand(ts.values["load_kw"]), profiles["load_kw"].to_numpy())


@pytest.mark.parametrize("n_days", [0, 1, 366, 2.5])
def test_bad_n_days(profiles: pd.DataFrame, n_days: float) -> None:
    with pytest.raises(InputError) as err:
        typical_days(profiles, n_days, "load_kw")  # type: ignore[arg-type]
    assert err.value.field == "time_resolution.typical_days"


def test_bad_profiles(profiles: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="8760"):
        typical_days(profiles.iloc[:100], 4, "load_kw")
    with pytest.raises(InputError, match="nope"):
        typical_days(profiles, 4, "nope")
    broken = profiles.copy()
    broken.iloc[10, 0] = np.nan
    with pytest.raises(InputError, match="row 11"):
        full_year(broken)
