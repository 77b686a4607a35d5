"""dispatch.nc and inputs.nc open with libnetcdf (netCDF4) as well as SciPy, also with empty dimensions."""

from __future__ import annotations

from pathlib import Path

import netCDF4
import numpy as np
import xarray as xr
from click.testing import CliRunner
from conftest import write_tiny_scenario

from zcf_opt.cli import main
from zcf_opt.netcdf import EMPTY_ATTR, open_netcdf, write_netcdf


def test_a_factory_without_measures_gives_files_libnetcdf_reads(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main, ["solve", str(write_tiny_scenario(tmp_path)), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    for name in ("dispatch.nc", "inputs.nc"):
        with netCDF4.Dataset(out / name) as raw:
            assert raw.file_format == "NETCDF3_64BIT_OFFSET"
            assert "measure" in getattr(raw, EMPTY_ATTR)
        with (
            xr.open_dataset(out / name, engine="netcdf4") as by_libnetcdf,
            xr.open_dataset(out / name, engine="scipy") as by_scipy,
        ):
            assert set(by_libnetcdf.data_vars) == set(by_scipy.data_vars)
            for variable in by_scipy.data_vars:
                np.testing.assert_array_equal(by_libnetcdf[variable].values, by_scipy[variable].values)
    flows = open_netcdf(out / "dispatch.nc")
    assert flows["measure_built"].dims == ("measure", "year") and flows["measure_built"].shape == (0, 2)
    inputs = open_netcdf(out / "inputs.nc")
    assert inputs.sizes["measure"] == 0 and inputs["measure_capex_cny"].attrs["units"] == "CNY"
    assert EMPTY_ATTR not in inputs.attrs


def test_several_empty_dimensions_round_trip(tmp_path: Path) -> None:
    dataset = xr.Dataset(
        {
            "a": (("m", "year"), np.zeros((0, 2)), {"units": "kWh"}),
            "b": (("k",), np.zeros(0, dtype=np.int64)),
            "c": (("m",), np.array([], dtype=str)),
            "kept": (("year",), np.array([1.5, 2.5]), {"units": "CNY"}),
        },
        coords={"year": [2026, 2027], "m": np.array([], dtype=str)},
    )
    path = tmp_path / "x.nc"
    write_netcdf(dataset, path)
    with netCDF4.Dataset(path) as raw:
        assert list(raw.variables["kept"][:]) == [1.5, 2.5]
    back = open_netcdf(path)
    assert {name: (v.dims, v.shape) for name, v in back.variables.items()} == {
        name: (v.dims, v.shape) for name, v in dataset.variables.items()
    }
    assert back["a"].attrs == {"units": "kWh"} and back["b"].dtype == np.int64
    assert back["c"].dtype.kind == "U" and back["kept"].attrs["units"] == "CNY"
