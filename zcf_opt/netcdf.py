"""NetCDF files every reader opens: SciPy, netCDF4/libnetcdf, xarray with either engine.

Files are written in the classic 64-bit-offset format through SciPy, which writes these small
files about 15 times faster than HDF5. One case needs care: in the classic format a dimension
of length zero is the record dimension, and SciPy writes several variables along an empty
record dimension in a way libnetcdf rejects ("Unknown file format") — as for a factory
without measures, whose ``measure`` dimension is empty. Such variables hold no values;
:func:`write_netcdf` leaves them out and lists them in the global attribute
:data:`EMPTY_ATTR` (name, dimensions, type, attributes, as JSON), and :func:`open_netcdf`
puts them back, so a reader of zcf-opt sees the same Dataset either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr

#: format and engine of every NetCDF file zcf-opt writes
NETCDF = {"engine": "scipy", "format": "NETCDF3_64BIT"}

#: global attribute that lists the variables left out because a dimension is empty
EMPTY_ATTR = "zcf_opt_empty_variables"


def without_empty(dataset: xr.Dataset) -> xr.Dataset:
    """``dataset`` without its variables along empty dimensions, listed in :data:`EMPTY_ATTR`."""
    empty_dims = {dim for dim, size in dataset.sizes.items() if size == 0}
    if not empty_dims:
        return dataset
    left_out = {
        str(name): {
            "dims": list(variable.dims),
            "shape": [int(n) for n in variable.shape],
            "dtype": "str" if variable.dtype.kind in "OUS" else variable.dtype.str,
            "attrs": {k: v for k, v in variable.attrs.items() if isinstance(v, str | int | float)},
            "coordinate": str(name) in dataset.coords,
        }
        for name, variable in dataset.variables.items()
        if empty_dims & set(variable.dims)
    }
    kept = dataset.drop_vars(list(left_out))
    kept.attrs[EMPTY_ATTR] = json.dumps(left_out, sort_keys=True)
    return kept


def with_empty(dataset: xr.Dataset) -> xr.Dataset:
    """Inverse of :func:`without_empty`: the empty variables back, the attribute removed."""
    text = dataset.attrs.get(EMPTY_ATTR)
    if not text:
        return dataset
    restored = dataset.copy()
    del restored.attrs[EMPTY_ATTR]
    entries = json.loads(text)
    for name, entry in sorted(entries.items(), key=lambda item: not item[1]["coordinate"]):
        dtype = str if entry["dtype"] == "str" else np.dtype(entry["dtype"])
        variable = xr.Variable(entry["dims"], np.zeros(entry["shape"], dtype=dtype), attrs=entry["attrs"])
        if entry["coordinate"]:
            restored = restored.assign_coords({name: variable})
        else:
            restored[name] = variable
    return restored


def write_netcdf(dataset: xr.Dataset, path: Path) -> None:
    """Write ``dataset`` to ``path`` (classic 64-bit format) so that libnetcdf reads it too."""
    without_empty(dataset).to_netcdf(path, **NETCDF)


def open_netcdf(path: Path) -> xr.Dataset:
    """Read a file of :func:`write_netcdf` into memory, empty variables restored."""
    with xr.open_dataset(path) as dataset:
        return with_empty(dataset.load())
