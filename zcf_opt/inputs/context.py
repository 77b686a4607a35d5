"""What every input step reads, and the one way steps make a Dataset variable."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.schema import FactoryModel, Scenario, trajectory_values
from zcf_opt.schema.common import Trajectory
from zcf_opt.standards import Rulebook


@dataclass(frozen=True)
class InputContext:
    """A scenario, its rulebook and time slices, and the planning years.

    Every input step (:data:`zcf_opt.inputs.prepare.INPUT_STEPS`) is a pure function of this.
    """

    scenario: Scenario
    rulebook: Rulebook
    slices: TimeSlices
    #: every rulebook the scenario uses (id -> configured rulebook), the main one first
    rulebooks: dict[str, Rulebook] = field(default_factory=dict)

    @property
    def factory(self) -> FactoryModel:
        return self.scenario.factory

    @property
    def years(self) -> np.ndarray:
        """Planning years [calendar year]."""
        return np.array(self.scenario.horizon.years)

    def per_year(self, trajectory: Trajectory | None, missing: float = math.inf) -> np.ndarray:
        """A trajectory evaluated for each planning year; ``missing`` where it is not given."""
        if trajectory is None:
            return np.full(self.years.shape, missing)
        return trajectory_values(trajectory, self.years)

    def growth_factor(self, growth: Trajectory) -> np.ndarray:
        """Cumulative factor: 1 in the first year, × (1 + g_y) into each later year [1]."""
        rates = trajectory_values(growth, self.years)
        rates[0] = 0.0
        return np.cumprod(1.0 + rates)


def variable(values: object, dims: tuple[str, ...], units: str, description: str = "") -> xr.Variable:
    """A Dataset variable with its unit and meaning in ``attrs``."""
    return xr.Variable(dims, values, attrs={"units": units, "description": description})


def yearly(values: np.ndarray, units: str, description: str = "") -> xr.Variable:
    """A per-year variable (dimension ``year``)."""
    return variable(values, ("year",), units, description)


def scalar(value: float, units: str, description: str = "") -> xr.Variable:
    """A variable without dimensions."""
    return variable(value, (), units, description)
