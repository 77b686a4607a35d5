"""One line of evidence: a requirement's value against its threshold in one year."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: slack for solver round-off on shares and per-unit figures [1, relative]
SHARE_TOLERANCE = 1e-6


@dataclass
class Evidence:
    """A requirement checked in one year (see :data:`EVIDENCE_COLUMNS`).

    ``comparison`` is ``">="`` (value must reach the threshold) or ``"<="`` (must not exceed
    it); ``margin`` is how far inside the threshold the value lies (negative: short).
    ``value`` is NaN where the requirement does not apply (``met`` True, ``note`` says why).
    """

    requirement: str
    type: str
    description: str
    value: float
    threshold: float
    unit: str
    comparison: str
    detail: str = ""
    note: str = ""
    tolerance: float = SHARE_TOLERANCE
    met: bool = field(init=False)
    margin: float = field(init=False)

    def __post_init__(self) -> None:
        if math.isnan(self.value):
            self.met, self.margin = True, math.nan
            return
        self.margin = self.value - self.threshold if self.comparison == ">=" else self.threshold - self.value
        self.met = self.margin >= -self.tolerance * max(1.0, abs(self.threshold))


def share_evidence(requirement, type_: str, counted: float, total: float, unit: str) -> list[Evidence]:
    """Evidence that ``counted / total`` (1 where ``total`` is zero) reaches ``requirement.min_share``."""
    share = counted / total if total > 1e-9 else 1.0
    detail = f"{counted:,.0f} of {total:,.0f} {unit}"
    return [
        Evidence(
            requirement.id, type_, requirement.describe(), share, requirement.min_share, "1", ">=", detail
        )
    ]


#: columns of evidence.csv, in order
EVIDENCE_COLUMNS = [
    "year",
    "standard",
    "level",
    "requirement",
    "type",
    "description",
    "boundary",
    "value",
    "comparison",
    "threshold",
    "unit",
    "met",
    "margin",
    "detail",
    "source",
    "provisional",
    "reading",
    "note",
]
