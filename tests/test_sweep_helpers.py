"""Helpers for the sweep tests (no tests here): a small copy of the Type II example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
FACTORY = ROOT / "models" / "suzhou_auto_parts.yaml"


def write_small_scenario(folder: Path, name: str = "small", **changes: Any) -> Path:
    """Write the small scenario (with ``changes`` to its top-level fields) into ``folder``."""
    data = yaml.safe_load((ROOT / "scenarios" / "type2_6star_2030.yaml").read_text(encoding="utf-8"))
    data["factory"] = str(FACTORY)
    data["horizon"] = {"first_year": 2026, "last_year": 2028}
    data["targets"] = [{"year": 2027, "level": "II-6"}]
    data["time_resolution"] = {"typical_days": 3}
    data.update(changes)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def stars(level: object) -> int:
    """Stars of a level such as ``"II-4"`` (0 for none)."""
    return int(level.split("-")[1]) if isinstance(level, str) and level else 0


def cost_curve(folder: Path) -> pd.DataFrame:
    """The ``cost_curve.csv`` of a sweep folder."""
    return pd.read_csv(folder / "cost_curve.csv", keep_default_na=False, na_values=[""])


def same_cost_curve(folder: Path, other: Path) -> None:
    """The same cost curve in both sweep folders; figures equal up to round-off, since a run
    re-solved in a worker starts HiGHS from the basis of that worker's previous run
    (zcf_opt.solve), and which worker solves which run varies with timing."""
    curve, expected = cost_curve(folder), cost_curve(other)
    numbers = curve.select_dtypes("number").columns
    pd.testing.assert_frame_equal(curve.drop(columns=numbers), expected.drop(columns=numbers))
    pd.testing.assert_frame_equal(curve[numbers], expected[numbers], rtol=1e-9, atol=1e-6)
