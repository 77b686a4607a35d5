"""zcf-opt: least-cost pathways for factories to reach zero-carbon-factory star levels.

Python API: :func:`load_scenario` reads a scenario file, :func:`solve` returns a
:class:`RunResult` whose ``write`` method produces the run folder.
"""

__version__ = "0.1.0"

from zcf_opt.load import load_factory, load_scenario
from zcf_opt.run import RunResult, solve

__all__ = ["RunResult", "__version__", "load_factory", "load_scenario", "solve"]
