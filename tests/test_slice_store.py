"""Time slices stored on disk: read back unchanged, recomputed when what they depend on changes."""

from __future__ import annotations

import dataclasses
import os
import time

import numpy as np
import pytest
from conftest import one_day, tiny_scenario

from zcf_opt.inputs import slice_store, slices
from zcf_opt.inputs.slice_store import CACHE_ENV, read_slices, store_slices
from zcf_opt.notices import Notice


@pytest.fixture
def store(tmp_path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "store"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    slices.clear_slice_cache()
    yield folder
    slices.clear_slice_cache()


def _counting_compute(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make ``compute_slices`` return a known one-day set and count its calls."""
    calls: list[str] = []

    def compute(factory, resolution: str):
        calls.append(resolution)
        slices = one_day(load_kw=100.0 + len(calls), pv_yield=np.linspace(0, 0.5, 24))
        note = Notice("weather_file_distant", {"distance_km": 12.5}, "note")
        return dataclasses.replace(slices, notes=(note,), descriptions=("meter file", "clear sky"))

    monkeypatch.setattr(slices, "compute_slices", compute)
    return calls


def test_slices_are_read_back_in_a_new_process_unchanged(store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_compute(monkeypatch)
    scenario = tiny_scenario()
    first = slices.time_slices(scenario)
    slices.clear_slice_cache()  # as a new process: nothing in memory
    again = slices.time_slices(scenario)
    assert calls == ["12"]
    assert again is not first
    for name, values in first.values.items():
        np.testing.assert_array_equal(again.values[name], values)
    np.testing.assert_array_equal(again.weight_days, first.weight_days)
    np.testing.assert_array_equal(again.day_to_period, first.day_to_period)
    assert again.method == first.method == "typical_days"
    assert again.notes == first.notes and again.descriptions == ("meter file", "clear sky")
    assert len(list(store.glob("slices-*.npz"))) == 1


def test_another_factory_or_resolution_is_computed_again(store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_compute(monkeypatch)
    slices.time_slices(tiny_scenario())
    slices.time_slices(tiny_scenario(time_resolution={"typical_days": 4}))
    factory = tiny_scenario().factory.model_dump()
    factory["roof"]["tilt_deg"] = 25
    slices.time_slices(tiny_scenario(factory=factory))
    assert calls == ["12", "4", "12"]
    assert len(list(store.glob("slices-*.npz"))) == 3


def test_an_empty_setting_switches_the_store_off(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    store_slices("key", one_day())
    assert read_slices("key") is None
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_file_is_ignored_and_written_again(store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_compute(monkeypatch)
    slices.time_slices(tiny_scenario())
    (stored,) = store.glob("slices-*.npz")
    stored.write_bytes(b"not a numpy file")
    slices.clear_slice_cache()
    slices.time_slices(tiny_scenario())
    assert calls == ["12", "12"]
    slices.clear_slice_cache()
    slices.time_slices(tiny_scenario())
    assert calls == ["12", "12"]  # the rewritten file is read


def test_only_the_most_recently_used_files_are_kept(store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slice_store, "MAX_FILES", 2)
    (store / "notes.txt").parent.mkdir(parents=True)
    (store / "notes.txt").write_text("mine")
    for age, key in ((20, "a"), (10, "b"), (0, "c")):
        store_slices(key, one_day(load_kw=float(ord(key))))
        for path in store.glob("slices-*.npz"):  # last used `age` seconds ago, at most
            if path.stat().st_mtime > time.time() - 1:
                os.utime(path, (time.time() - age, time.time() - age))
    assert read_slices("a") is None  # the oldest went
    assert read_slices("b").values["load_kw"][0, 0] == ord("b")
    assert read_slices("c").values["load_kw"][0, 0] == ord("c")
    assert (store / "notes.txt").read_text() == "mine"  # nothing else is touched
