"""Measures in service and the GB efficiency grade of the equipment each year.

- ``measures_in_service``: the measures serving that year, ``;``-separated
- ``equipment_grade_<class>``: the worst grade of the items of that class (GB grades: 1 best,
  4 = below grade 3), each item at the best grade of its upgrades in service, else its own
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.fuel import measures_in_service
from zcf_opt.accounting.ledger import Ledger


def equipment_columns(ledger: Ledger) -> None:
    """What serves each year, and the worst equipment grade per class [GB grade]."""
    inputs, out = ledger.inputs, ledger.table
    serving = measures_in_service(ledger) > 0.5  # (measure, year)
    measures = [str(m) for m in inputs["measure"].values]
    out["measures_in_service"] = [
        ";".join(m for m, on in zip(measures, serving[:, i], strict=True) if on)
        for i in range(len(ledger.years))
    ]
    items = [str(e) for e in inputs["equipment"].values]
    classes = [str(c) for c in inputs["equipment_class"].values]
    own = inputs["equipment_grade"].values.astype(int)
    upgrades_of = [str(e) for e in inputs["measure_equipment"].values]
    upgrade_grade = inputs["measure_grade"].values
    grades = np.tile(own[:, None], (1, len(ledger.years)))  # (item, year)
    for k, item in enumerate(upgrades_of):
        if item:
            row = items.index(item)
            grades[row] = np.where(serving[k], np.minimum(grades[row], int(upgrade_grade[k])), grades[row])
    for name in dict.fromkeys(classes):
        rows = [i for i, c in enumerate(classes) if c == name]
        out[f"equipment_grade_{name}"] = grades[rows].max(axis=0)
