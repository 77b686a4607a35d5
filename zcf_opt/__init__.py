"""zcf-opt: least-cost pathways for factories to reach zero-carbon-factory star levels.

Python API: :func:`load_scenario` reads a scenario file, :func:`solve` returns a
:class:`RunResult`, and :func:`write_results` writes its run folder.
"""

__version__ = "0.1.0"

from zcf_opt.load import load_factory, load_scenario
from zcf_opt.outputs import write_results
from zcf_opt.result import RunResult
from zcf_opt.run import solve

__all__ = ["RunResult", "__version__", "load_factory", "load_scenario", "solve", "write_results"]
