"""Points of a sensitivity study: a full grid, or a Latin hypercube over ranges."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from zcf_opt.errors import InputError
from zcf_opt.schema.scenario import Range
from zcf_opt.sweep.params import field_path


def grid_points(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Cartesian product of the values of each parameter, first parameter varying slowest."""
    names = list(grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]


def latin_hypercube(ranges: dict[str, Range], samples: int, seed: int) -> list[dict[str, float]]:
    """``samples`` points drawn by Latin hypercube sampling, deterministic for a seed.

    Each range ``[low, high]`` is cut into ``samples`` equal strata; every stratum of every
    parameter holds exactly one point, at a uniform position inside it, and the strata are
    paired at random across parameters (``numpy.random.default_rng(seed)``).

    Parameters
    ----------
    ranges
        Parameter name -> range, in the parameter's unit (the scenario's ``sensitivity``).
    samples
        Number of points [1].
    seed
        Seed of the random generator.

    Raises
    ------
    InputError
        Without ranges, with ``samples < 1`` or with an unknown parameter name.
    """
    if samples < 1:
        raise InputError(None, "--samples", f"expected at least 1 sample, got {samples}")
    if not ranges:
        raise InputError(
            None,
            "sensitivity",
            "--samples needs ranges: add e.g. 'sensitivity: {gec_price: {low: 5, high: 50}}' to the scenario",
        )
    for name in ranges:
        field_path(name, option=f"sensitivity.{name}")
    rng = np.random.default_rng(seed)
    columns: dict[str, np.ndarray] = {}
    for name, span in ranges.items():
        strata = rng.permutation(samples)
        position = (strata + rng.random(samples)) / samples
        columns[name] = span.low + position * (span.high - span.low)
    return [{name: float(columns[name][i]) for name in ranges} for i in range(samples)]
