"""The catalogue of efficiency programmes (``zcf_opt/data/efficiency.yaml``): typical figures.

Each programme gives a typical saving (as a share of the load it acts on), a cost per MWh/yr
saved, a life and O&M, with its source; all are typical figures to be replaced by a quote, and a
run that uses one says so in its warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

#: what a programme's ``of`` may name
APPLIES_TO = ("electricity", "end_use", "motor_fleet", "heat_demand")


@dataclass(frozen=True)
class Programme:
    """One catalogue entry (see ``data/efficiency.yaml`` for the fields and their units)."""

    key: str
    title: str
    applies_to: str
    saving_share: float
    capex_cny_per_mwh_saved: float
    life_years: int
    fixed_om_share_of_capex: float
    source: str
    year: int
    status: str


@cache
def programmes() -> dict[str, Programme]:
    """Every programme of the catalogue, by key."""
    text = resources.files("zcf_opt.data").joinpath("efficiency.yaml").read_text(encoding="utf-8")
    return {key: Programme(key=key, **entry) for key, entry in yaml.safe_load(text).items()}
