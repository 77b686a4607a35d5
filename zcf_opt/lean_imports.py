"""Switch off two import side effects of libraries zcf-opt uses, for the command line.

Two libraries load large parts of others that zcf-opt never uses, each costing about a
second of every run (measured in ``benchmarks/bench_speed.py``):

- Pyomo registers import hooks so that when anything imports SciPy, it also imports
  ``scipy.stats``, ``scipy.integrate``, ``scipy.sparse`` and ``scipy.spatial``, and when
  anything imports matplotlib, also ``matplotlib.pyplot`` and ``matplotlib.pylab`` (Pyomo's
  own code loads them through its deferred ``pyomo.common.dependencies`` modules, which still
  do).
- xarray, on creating its first Variable, imports ``dask.array`` whenever dask is installed,
  to recognise dask-backed data; ``dask.array`` imports ``scipy.sparse``. zcf-opt's Datasets
  are always held in memory, never in dask arrays.

:func:`skip_unused_imports` removes Pyomo's hooks for SciPy and matplotlib (matplotlib's
object interface, which the charts use, needs neither pyplot nor pylab) and records dask as
absent for
xarray's recognition of array types. The commands call it first: it changes how this process
treats dask-backed xarray data, so the Python API leaves it to the caller. Both libraries'
internals are used here; where they have changed, nothing happens (the tests that check which
modules a solve imports then fail and say so).
"""

from __future__ import annotations

#: libraries whose import Pyomo follows with imports of their heavy submodules
PYOMO_HOOKS = ("scipy", "matplotlib")


def skip_unused_imports() -> None:
    """Remove Pyomo's SciPy and matplotlib import hooks and xarray's import of dask.array."""
    try:
        from pyomo.common.dependencies import DeferredImportCallbackFinder

        for library in PYOMO_HOOKS:
            DeferredImportCallbackFinder._callbacks.pop(library, None)
    except (ImportError, AttributeError):
        pass
    try:
        from xarray.namedarray import pycompat

        if "dask" not in pycompat._cached_duck_array_modules:
            absent = object.__new__(pycompat.DuckArrayModule)
            absent.module, absent.version, absent.type, absent.available = (
                None,
                pycompat.Version("0.0.0"),
                (),
                False,
            )
            pycompat._cached_duck_array_modules["dask"] = absent
    except (ImportError, AttributeError):
        pass
