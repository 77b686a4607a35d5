"""zcf-opt: least-cost pathways for factories to reach zero-carbon-factory star levels.

Python API: :func:`load_scenario` reads a scenario file, :func:`solve` returns a
:class:`RunResult`, and :func:`write_results` writes its run folder. They are imported on
first use, so that the command line starts without loading what a command does not need.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

#: the Python API: name -> module that defines it
API = {
    "RunResult": "zcf_opt.result",
    "load_factory": "zcf_opt.load",
    "load_scenario": "zcf_opt.load",
    "solve": "zcf_opt.run",
    "write_results": "zcf_opt.outputs",
}

__all__ = [*sorted(API), "__version__"]


class _Package(types.ModuleType):
    """The ``zcf_opt`` package, with its API loaded on first use."""

    def __getattr__(self, name: str) -> Any:
        if name not in API:
            raise AttributeError(f"module 'zcf_opt' has no attribute '{name}'")
        value = getattr(importlib.import_module(API[name]), name)
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # importing the submodule zcf_opt.solve must not hide the function zcf_opt.solve
        if name in API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *API})


sys.modules[__name__].__class__ = _Package
