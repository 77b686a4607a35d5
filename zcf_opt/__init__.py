"""zcf-opt: least-cost pathways for factories to reach zero-carbon-factory star levels.

Python API: :func:`load_scenario` reads a scenario file, :func:`solve` returns a
:class:`RunResult`, and :func:`write_results` writes its run folder. They are imported on
first use, so that the command line starts without loading what a command does not need.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
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


def lazy_attributes(package: str, api: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that imports ``name`` from ``api[name]`` on first use.

    A package lists its public names with the modules defining them, and importing the package
    stays cheap: a command loads only the modules it uses.
    """

    def attribute(name: str) -> Any:
        if name not in api:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(api[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return attribute


class _Package(types.ModuleType):
    """The ``zcf_opt`` package, with its API loaded on first use."""

    __getattr__ = staticmethod(lazy_attributes(__name__, API))

    def __setattr__(self, name: str, value: Any) -> None:
        # importing the submodule zcf_opt.solve must not hide the function zcf_opt.solve
        if name in API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *API})


sys.modules[__name__].__class__ = _Package
