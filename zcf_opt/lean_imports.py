"""Import side effects of Pyomo and xarray that zcf-opt never uses, switched off.

Two libraries load large parts of others as a side effect, costing about a second of every
run together (measured in ``benchmarks/bench_speed.py``):

- Pyomo registers import hooks so that when anything imports SciPy, it also imports
  ``scipy.stats``, ``scipy.integrate``, ``scipy.sparse`` and ``scipy.spatial``, and when
  anything imports matplotlib, also ``matplotlib.pyplot`` and ``matplotlib.pylab``. Pyomo's own
  code reaches them through its deferred ``pyomo.common.dependencies`` modules, which still
  load them when used; the charts use matplotlib's object interface, without pyplot.
- xarray, to tell whether data are dask arrays, imports ``dask.array`` (which imports
  ``scipy.sparse``) on creating its first Variable, and ``dask`` on checking an index, as soon
  as dask is installed.

:func:`skip_unused_imports` removes Pyomo's two hooks and makes xarray's two dask checks look
for dask among the modules already imported: an object can only be a dask array or collection
if dask is imported, so the checks give the same answers, and dask loads when something uses
it. Both libraries' internals are used here; where they have changed, nothing is switched off
(the tests that check which modules a solve imports then fail and say so).
"""

from __future__ import annotations

import sys
from typing import Any

#: libraries whose import Pyomo follows with imports of their heavy submodules
PYOMO_HOOKS = ("scipy", "matplotlib")


def skip_unused_imports() -> None:
    """Switch off the import side effects described in the module docstring (idempotent)."""
    try:
        from pyomo.common.dependencies import DeferredImportCallbackFinder

        for library in PYOMO_HOOKS:
            DeferredImportCallbackFinder._callbacks.pop(library, None)
    except (ImportError, AttributeError):
        pass
    try:
        from xarray.namedarray import pycompat, utils

        pycompat._cached_duck_array_modules.setdefault("dask", _DaskArraysOnceImported())
        if not getattr(utils.is_dask_collection, "_once_imported", False):
            utils.is_dask_collection = _dask_collection_once_imported(utils.is_dask_collection)
    except (ImportError, AttributeError):
        pass


class _DaskArraysOnceImported:
    """xarray's record of dask as an array library, giving dask's array type once imported."""

    @property
    def type(self) -> tuple[type, ...]:
        dask_array = sys.modules.get("dask.array")
        return (dask_array.Array,) if dask_array is not None and hasattr(dask_array, "Array") else ()

    def __getattr__(self, name: str) -> Any:  # module, version, available: as xarray finds them
        from xarray.namedarray.pycompat import DuckArrayModule

        return getattr(DuckArrayModule("dask"), name)


def _dask_collection_once_imported(check: Any) -> Any:
    """xarray's ``is_dask_collection``, asked only once dask is imported."""

    def is_dask_collection(x: object) -> bool:
        return "dask" in sys.modules and check(x)

    is_dask_collection._once_imported = True  # type: ignore[attr-defined]
    return is_dask_collection
