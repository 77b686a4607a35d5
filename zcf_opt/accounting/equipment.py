"""Measures in service and the GB efficiency grade of the equipment each year.

- ``measures_in_service``: the measures serving that year, ``;``-separated
- ``equipment_grade_<class>``: the worst grade of the items of that class (GB grades: 1 best,
  4 = below grade 3), each item at the best grade of its upgrades in service, else, once an
  upgrade of it has ended without renewal, at the legal minimum it was replaced at
  (``equipment_floor_grade``, :mod:`zcf_opt.inputs.renewal`), else its own
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.heat import measures_in_service
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
    # an upgrade built in v has ended in y when v + L ≤ y
    built = ledger.flows["measure_built"].values > 0.5  # (measure, install year)
    life = inputs["measure_life_years"].values
    age = ledger.years[:, None] - ledger.years[None, :]  # (year, install year)
    served = np.zeros((len(items), len(ledger.years)), dtype=bool)
    ended = np.zeros_like(served)
    for k, item in enumerate(upgrades_of):
        if item:
            row = items.index(item)
            grades[row] = np.where(serving[k], np.minimum(grades[row], int(upgrade_grade[k])), grades[row])
            served[row] |= serving[k]
            ended[row] |= ((age >= life[k]) & built[k][None, :]).any(axis=1)
    if "equipment_floor_grade" in inputs:
        floor = inputs["equipment_floor_grade"].values.astype(int)
        grades = np.where(ended & ~served, np.minimum(grades, floor), grades)
    for name in dict.fromkeys(classes):
        rows = [i for i, c in enumerate(classes) if c == name]
        out[f"equipment_grade_{name}"] = grades[rows].max(axis=0)
