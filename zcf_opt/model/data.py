"""Plain numpy views of the input Dataset, read once before the model is built."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from zcf_opt.conventions import in_service, residual_fraction


@dataclass(frozen=True)
class MinimumSize:
    """A lever's smallest project: a year's addition is zero or at least the minimum.

    Declared next to the lever's block; :mod:`zcf_opt.minimum_size` applies it after the solve.

    Parameters
    ----------
    lever
        Lever name, as in ``investments.csv``.
    block
        Name of the lever's block on the model.
    size
        Variable of the block, indexed by install year, measured against the minimum.
    unit
        Unit of ``size``.
    minimum
        Scalar input holding the minimum [``unit``]; 0 = any size.
    linked
        Other variables indexed by install year that go to zero with ``size`` (e.g. power).
    """

    lever: str
    block: str
    size: str
    unit: str
    minimum: str
    linked: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelData:
    """Arrays the Pyomo rules index with plain integers and dict look-ups.

    ``values[name]`` is the numpy array of input variable ``name``, ``coords[name]`` that of a
    coordinate (e.g. ``equipment``); ``year_pos[year]`` gives the position of a calendar year
    on the ``year`` axis; :attr:`labels` lists the labels of the text coordinates
    (``heat_option``, ``supply_item``, ...).
    """

    years: list[int]
    periods: list[int]
    hours: list[int]
    measures: list[str]
    year_pos: dict[int, int]
    values: dict[str, np.ndarray]
    coords: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_dataset(cls, inputs: xr.Dataset) -> ModelData:
        years = [int(y) for y in inputs["year"].values]
        return cls(
            years=years,
            periods=[int(p) for p in inputs["period"].values],
            hours=[int(h) for h in inputs["hour"].values],
            measures=[str(m) for m in inputs["measure"].values],
            year_pos={year: i for i, year in enumerate(years)},
            values={name: inputs[name].values for name in inputs.data_vars},
            coords={str(name): inputs[name].values for name in inputs.coords},
        )

    @property
    def labels(self) -> dict[str, list[str]]:
        """The labels of each text coordinate (a named dimension such as ``heat_option``)."""
        return {
            name: [str(v) for v in values] for name, values in self.coords.items() if values.dtype.kind == "U"
        }

    def scalar(self, name: str) -> float:
        return float(self.values[name])

    def by_label_and_year(self, name: str, dim: str) -> dict[tuple[str, int], float]:
        """An input of dimensions ``(dim, year)`` as ``{(label, year): value}``."""
        values = self.values[name]
        return {
            (label, year): float(values[i, self.year_pos[year]])
            for i, label in enumerate(self.labels[dim])
            for year in self.years
        }

    def by_label(self, name: str, dim: str) -> dict[str, float]:
        """An input of dimension ``dim`` as ``{label: value}``."""
        labels = [str(label) for label in self.coords[dim]]
        return {label: float(v) for label, v in zip(labels, self.values[name], strict=True)}

    def per_year(self, name: str) -> dict[int, float]:
        """A per-year input as ``{year: value}``."""
        return {year: float(v) for year, v in zip(self.years, self.values[name], strict=True)}

    def alive(self, install_year: int, year: int, life_years: float) -> bool:
        """Whether an asset installed in ``install_year`` is in service in ``year``
        (:func:`zcf_opt.conventions.in_service`)."""
        return in_service(install_year, year, life_years)

    def residual_fraction(self, install_year: int, life_years: float) -> float:
        """Share of an asset's capex credited after the horizon
        (:func:`zcf_opt.conventions.residual_fraction`) [1]."""
        return residual_fraction(install_year, life_years, self.years[-1], self.scalar("discount_rate"))
