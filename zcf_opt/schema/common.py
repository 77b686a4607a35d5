"""Building blocks shared by the factory-model and scenario schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo

#: A figure that may change by year: one number for every year, or ``{year: value}`` points
#: interpolated linearly between the given years and held flat before the first and after
#: the last. Units are those of the field.
Trajectory = float | dict[int, float]

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class StrictModel(BaseModel):
    """Base of every schema object: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


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


def check_trajectory(trajectory: Trajectory | None, low: float | None = None) -> None:
    """Raise ``ValueError`` when a trajectory is empty or has a value below ``low``."""
    if trajectory is None:
        return
    values = list(trajectory.values()) if isinstance(trajectory, dict) else [trajectory]
    if not values:
        raise ValueError("a trajectory needs at least one {year: value} point")
    if low is not None and min(values) < low:
        raise ValueError(f"every value must be >= {low}, got {min(values)}")
