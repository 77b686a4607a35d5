"""Every broken meter or weather file: exit 2, one line naming the file and the column or row,
no traceback, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.data_files import factory_file, overcast_rows, scenario_file, write_epw, write_meter, write_tmy3
from zcf_opt.cli import main

HOURS = pd.date_range("2023-01-01", periods=8760, freq="h")
NOISE_BYTES = 50 * 2**20


def _cells(change: dict[int, object]) -> list:
    values: list = [100.0] * 8760
    for row, value in change.items():
        values[row] = value
    return values


def _binary_noise(path: Path) -> None:
    path.write_bytes(np.random.default_rng(0).integers(0, 256, NOISE_BYTES, dtype=np.uint8).tobytes())


def _text_noise(path: Path) -> None:
    letters = np.frombuffer(b"abcdefghij,;0123456789 ", dtype=np.uint8)
    noise = np.random.default_rng(1).choice(letters, NOISE_BYTES)
    noise[79::80] = ord("\n")
    path.write_bytes(noise.tobytes())


def _epw_cell(path: Path, row: int, column: int, text: str) -> None:
    write_epw(path)
    lines = path.read_text().splitlines()
    fields = lines[8 + row].split(",")
    fields[column] = text
    lines[8 + row] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")


#: id -> (writer of the meter file "meter.csv", text the one error line must hold)
LOAD_CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "wrong row count": (lambda p: write_meter(p, np.ones(8000)), "found 8,000 rows"),
    "NaN cell": (lambda p: write_meter(p, _cells({99: "NaN"})), "row 100 (line 101"),
    "infinite cell": (lambda p: write_meter(p, _cells({5: "inf"})), "row 6 (line 7) 'inf') is not a number"),
    "negative": (lambda p: write_meter(p, _cells({17: -4.5})), "row 18 (line 19) '-4.5') is negative"),
    "text cells": (
        lambda p: write_meter(p, _cells({3: "abc", 9: "12kW"})),
        "2 cell(s) (row 4 (line 5) 'abc'",
    ),
    "wrong column": (lambda p: write_meter(p, np.ones(8760), column="kw"), "column 'load_kw' not found"),
    "semicolons": (
        lambda p: p.write_text("time;load_kw\n" + "2023-01-01 00:00;1\n" * 10),
        "separate columns by ';'",
    ),
    "empty": (lambda p: p.write_text(""), "the file is empty"),
    "header only": (lambda p: p.write_text("load_kw\n"), "has a header but no readings"),
    "binary noise 50 MB": (_binary_noise, "is a binary file"),
    "text noise 50 MB": (_text_noise, "has more than 40,000 lines; one year of 15-minute readings"),
    "excel workbook": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 2000), "(an Excel workbook?)"),
    "weather file instead": (lambda p: write_epw(p), "column 'load_kw' not found"),
    "duplicate times": (
        lambda p: write_meter(p, np.ones(8761), times=HOURS.insert(100, HOURS[100])),
        "1 time(s) appear more than once (1 extra rows), first 2023-01-05 04:00",
    ),
    "gap in the times": (
        lambda p: write_meter(p, np.ones(8757), times=HOURS.delete([10, 11, 500])),
        "3 missing readings in 2 gap(s), first at 2023-01-01 10:00 (2 intervals)",
    ),
    "bad time": (
        lambda p: write_meter(p, np.ones(8760), times=HOURS).write_text(
            p.read_text().replace("2023-03-01 05:00", "March the first")
        ),
        "row 1422 (line 1423) 'March the first'",
    ),
    "mixed time formats": (
        lambda p: write_meter(p, np.ones(8760), times=HOURS).write_text(
            p.read_text().replace("2023-01-02 03:00", "02/01/2023 03:00")
        ),
        "row 28 (line 29) '02/01/2023 03:00'; expected every time in the format of the first",
    ),
    "five-minute step": (
        lambda p: write_meter(p, np.ones(8760), times=pd.date_range("2023-01-01", periods=8760, freq="5min")),
        "step between times is 5 minutes",
    ),
    "one time only": (
        lambda p: write_meter(p, np.ones(10), times=pd.DatetimeIndex([HOURS[0]] * 10)),
        "all rows have the same time",
    ),
}

#: id -> (writer of the weather file, its name, text the one error line must hold)
WEATHER_CASES: dict[str, tuple[Callable[[Path], object], str, str]] = {
    "wrong row count": (lambda p: write_epw(p, overcast_rows(n_rows=100)), "w.epw", "found 100 rows"),
    "sentinel value": (lambda p: write_epw(p, bad_row=4000), "w.epw", "data row 4000: value 9999"),
    "negative irradiance": (lambda p: _epw_cell(p, 10, 13, "-5"), "w.epw", "data row 11: value -5"),
    "text cell": (lambda p: _epw_cell(p, 20, 13, "sunny"), "w.epw", "ghi"),
    "missing column": (
        lambda p: write_tmy3(p).write_text(p.read_text().replace("GHI (W/m^2)", "Global")),
        "w.csv",
        "lacks the column(s) ['ghi']",
    ),
    "empty": (lambda p: p.write_text(""), "w.epw", "the file is empty"),
    "noise 50 MB": (_binary_noise, "w.epw", "larger than any typical-year weather file"),
    "binary": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100), "w.png", "is a binary file"),
    "meter file instead": (
        lambda p: write_meter(p, np.ones(8760)),
        "w.csv",
        "not a weather file of a known format",
    ),
    "broken json": (lambda p: p.write_text('{"outputs": {"tmy_hourly": [1, 2'), "w.json", "not valid JSON"),
    "json of another kind": (lambda p: p.write_text('{"a": 1}'), "w.json", "not a PVGIS TMY export"),
    "truncated PVGIS csv": (
        lambda p: p.write_text("Latitude (decimal degrees): 31.3\nLongitude (decimal degrees): 120.6\n"),
        "w.csv",
        "could not be read as a PVGIS TMY csv weather file",
    ),
}


def _solve_fails(folder: Path, factory: Path, named: str, expected: str) -> None:
    out = folder / "run"
    result = CliRunner().invoke(
        main, ["solve", str(scenario_file(folder, factory)), "--out", str(out), "--quiet"]
    )
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert named in lines[0] and expected in lines[0], lines[0]
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize("case", list(LOAD_CASES), ids=list(LOAD_CASES))
def test_broken_meter_file(tmp_path: Path, case: str) -> None:
    write, expected = LOAD_CASES[case]
    write(tmp_path / "meter.csv")
    factory = factory_file(tmp_path, electricity_load={"profile_csv": "meter.csv", "unit": "kW"})
    _solve_fails(tmp_path, factory, "meter.csv", expected)


@pytest.mark.parametrize("case", list(WEATHER_CASES), ids=list(WEATHER_CASES))
def test_broken_weather_file(tmp_path: Path, case: str) -> None:
    write, name, expected = WEATHER_CASES[case]
    write(tmp_path / name)
    factory = factory_file(tmp_path, solar={"weather_file": name})
    _solve_fails(tmp_path, factory, name, expected)


@pytest.mark.parametrize("section", ["electricity_load", "solar"])
def test_a_folder_instead_of_a_file(tmp_path: Path, section: str) -> None:
    (tmp_path / "data").mkdir()
    entry = (
        {"profile_csv": "data", "unit": "kW"} if section == "electricity_load" else {"weather_file": "data"}
    )
    factory = factory_file(tmp_path, **{section: entry})
    _solve_fails(tmp_path, factory, "factory.yaml", f"{tmp_path / 'data'} is a folder; expected a file")
