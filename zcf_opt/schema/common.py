"""Building blocks shared by the factory-model and scenario schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import numpy as np
from annotated_types import Ge, Gt, Le, MinLen
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


def trajectory(*bounds: Any) -> Any:
    """The type of a trajectory whose every value meets ``bounds`` (``annotated_types.Ge(0)``).

    A trajectory is a figure that may change by year: one number for every year, or
    ``{year: value}`` points (at least one) interpolated linearly between the given years and
    held flat before the first and after the last. Units are those of the field.
    """
    value = Annotated[(float, *bounds)] if bounds else float
    return value | Annotated[dict[int, value], MinLen(1)]


#: a trajectory of any finite values
Trajectory = trajectory()

#: a trajectory of prices, costs, caps, emissions or factors: never negative
NonNegativeTrajectory = trajectory(Ge(0))

#: a trajectory of growth rates [1/yr]: above -1 (demand stays positive), at most +1 (doubling)
GrowthTrajectory = trajectory(Gt(-1), Le(1))

#: how the field reference names each trajectory type
TRAJECTORY_NAMES = {
    Trajectory: "trajectory",
    NonNegativeTrajectory: "trajectory (>= 0)",
    GrowthTrajectory: "trajectory (> -1, <= 1)",
}

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


#: largest magnitude of any number in an input file: far above any real figure (1e12 CNY, MWh,
#: m2 ...) and far below where the solver's arithmetic breaks down (HiGHS treats 1e20 as infinite)
MAX_MAGNITUDE = 1e12


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list | tuple):
        return [n for item in value for n in _numbers(item)]
    return []


class StrictModel(BaseModel):
    """Base of every schema object: unknown keys, NaN, infinity and numbers beyond
    :data:`MAX_MAGNITUDE` are errors; objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _within_magnitude(cls, value: Any) -> Any:
        largest = max((abs(n) for n in _numbers(value)), default=0.0)
        if largest > MAX_MAGNITUDE:
            raise ValueError(f"expected numbers of at most {MAX_MAGNITUDE:g} in size, got {largest:g}")
        return value


def resolve_path(value: object, info: ValidationInfo) -> object:
    """Resolve a relative path (or each path of a list) against the folder of the file naming it."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [resolve_path(item, info) for item in value]
    base = (info.context or {}).get("base_dir")
    path = Path(str(value)).expanduser()
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return path


def check_data_file(path: Path, what: str) -> None:
    """Raise ``ValueError`` unless ``path`` is an existing file (not a folder)."""
    if path.is_dir():
        raise ValueError(f"{what} {path} is a folder; expected a file")
    if not path.is_file():
        raise ValueError(f"{what} not found: {path}")


def trajectory_values(trajectory: Trajectory, years: np.ndarray) -> np.ndarray:
    """Evaluate a trajectory for each year.

    Parameters
    ----------
    trajectory
        A constant, or ``{year: value}`` points (linear between points, flat outside).
    years
        Years to evaluate [calendar year].

    Returns
    -------
    numpy.ndarray
        One value per year, in the trajectory's unit.
    """
    years = np.asarray(years, dtype=float)
    if isinstance(trajectory, dict):
        points = sorted(trajectory.items())
        known_years = np.array([year for year, _ in points], dtype=float)
        known_values = np.array([value for _, value in points], dtype=float)
        return np.interp(years, known_years, known_values)
    return np.full(years.shape, float(trajectory))
