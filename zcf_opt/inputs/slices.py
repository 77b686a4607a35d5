"""Time slices of a scenario (typical days or the full year), cached by content.

The slices depend only on the factory (its load and solar resource, including the files they
name) and on the time resolution, so a sweep computes them once. The cache key is a digest of
the factory's fields and of the bytes of every data file it names: editing a meter CSV or a
weather file between two runs in one process gives new slices. Between processes, slices are
kept on disk under the same key (:mod:`zcf_opt.inputs.slice_store`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd

from zcf_opt.files import sha256_of
from zcf_opt.inputs.profiles import load_profile, profiles_frame, solar_profile
from zcf_opt.inputs.slice_store import read_slices, store_slices
from zcf_opt.inputs.typical_days import HOURS_PER_DAY, TimeSlices, full_year, typical_days
from zcf_opt.schema import FactoryModel, Scenario

#: slices kept per process
MAX_CACHED = 16

_CACHE: OrderedDict[str, TimeSlices] = OrderedDict()


def data_files(factory: FactoryModel) -> list[Path]:
    """Every data file the factory model names (load CSVs, weather file)."""
    files = [*factory.electricity_load.meter_files, factory.solar.weather_file]
    return [Path(f) for f in files if f is not None]


def resolution_key(scenario: Scenario) -> str:
    """``"full_year"`` or the number of typical days, as text."""
    resolution = scenario.time_resolution
    return "full_year" if resolution == "full_year" else str(resolution.typical_days)


def slices_key(factory: FactoryModel, resolution: str) -> str:
    """Digest of what the slices depend on: factory fields, data-file bytes, resolution [hex]."""
    digest = hashlib.sha256(factory.model_dump_json().encode())
    for path in data_files(factory):
        digest.update(f"|{path}|".encode())
        digest.update(sha256_of(path).encode() if path.is_file() else b"missing")
    digest.update(f"|{resolution}".encode())
    return digest.hexdigest()


def compute_slices(factory: FactoryModel, resolution: str) -> TimeSlices:
    """Time slices of ``factory`` at ``resolution`` (``"full_year"`` or a number of days).

    Besides the clustered load and PV yield, the slices hold ``load_peak_excess_kw`` (see
    :func:`peak_excess_kw`) and the data sources' notes and descriptions.
    """
    load, solar = load_profile(factory), solar_profile(factory)
    profiles = profiles_frame(load, solar)
    if resolution == "full_year":
        slices = full_year(profiles)
    else:
        slices = typical_days(profiles, int(resolution), peak_column="load_kw")
    excess = peak_excess_kw(slices, load.hourly_kw, load.max_15min_kw)
    relief = month_peak_relief_kw(slices, load.hourly_kw, load.max_15min_kw)
    return dataclasses.replace(
        slices,
        values={**slices.values, "load_peak_excess_kw": excess, "load_month_peak_relief_kw": relief},
        notes=load.notes + solar.notes,
        descriptions=(load.description, solar.description),
    )


def peak_excess_kw(slices: TimeSlices, hourly_kw: np.ndarray, max_15min_kw: np.ndarray) -> np.ndarray:
    """Excess of the hour's highest 15-minute demand over its mean, per period and hour [kW].

    E_{p,h} = max_{d in p} (Q_{d,h} − L_{d,h}), with Q the highest 15-minute demand and L the
    mean demand of hour h on day d: the largest within-hour spike of the days the period
    stands for. Zero for hourly readings; exact for every single-day period (the peak day, and
    every day with ``full_year``). Shape (period, 24).
    """
    spikes = (np.asarray(max_15min_kw, dtype=float) - np.asarray(hourly_kw, dtype=float)).reshape(
        -1, HOURS_PER_DAY
    )
    excess = np.zeros((slices.n_periods, HOURS_PER_DAY))
    np.maximum.at(excess, slices.day_to_period, np.maximum(spikes, 0.0))
    return excess


def month_peak_relief_kw(slices: TimeSlices, hourly_kw: np.ndarray, max_15min_kw: np.ndarray) -> np.ndarray:
    """How much lower the maximum demand of a period's days in each month is than that of all its
    days [kW], shape (period, 12): R_{p,m} = max_{d∈p} Q_d − max_{d∈p∩m} Q_d, with Q_d the day's
    highest 15-minute demand (its highest hour for hourly data). Zero for a period whose days lie
    in one month (every day with ``full_year``) and where p has no day in m."""
    days = len(slices.day_to_period)
    highest = np.maximum(np.asarray(max_15min_kw, dtype=float), np.asarray(hourly_kw, dtype=float))
    daily = highest.reshape(days, HOURS_PER_DAY).max(axis=1)
    months = pd.date_range("2023-01-01", periods=days, freq="D").month.to_numpy() - 1
    by_month = np.full((slices.n_periods, 12), -np.inf)
    np.maximum.at(by_month, (slices.day_to_period, months), daily)
    overall = by_month.max(axis=1, keepdims=True)
    return np.where(np.isfinite(by_month), overall - by_month, 0.0)


def time_slices(scenario: Scenario) -> TimeSlices:
    """Typical days (or the full year) of load and PV yield; cached per content and resolution,
    in this process and on disk."""
    resolution = resolution_key(scenario)
    key = slices_key(scenario.factory, resolution)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    slices = read_slices(key)
    if slices is None:
        slices = compute_slices(scenario.factory, resolution)
        store_slices(key, slices)
    _CACHE[key] = slices
    while len(_CACHE) > MAX_CACHED:
        _CACHE.popitem(last=False)
    return slices


def clear_slice_cache() -> None:
    """Forget every cached slice set."""
    _CACHE.clear()
