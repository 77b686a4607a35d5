"""Helpers for the sweep tests (no tests here): a small copy of the Type II example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
