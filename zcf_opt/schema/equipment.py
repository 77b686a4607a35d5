"""Equipment inventory of a factory model: groups of equipment with their GB efficiency grade
and upgrade options (fans, pumps, air compressors, transformers, motors described by their
energy use).

Grades are those of the mandatory Chinese efficiency standards (能效等级): 1 is the best, 3 the
minimum allowed for new equipment (能效限定值), and 4 here means "below grade 3" (equipment
bought before the standard took effect). Each class is graded on one performance figure:

| class | standard | performance figure | unit | better when |
|---|---|---|---|---|
| motor | GB 18613-2020 | efficiency | 1 | higher |
| fan | GB 19761-2020 | efficiency | 1 | higher |
| pump | GB 19762 | efficiency | 1 | higher |
| air_compressor | GB 19153-2019 | specific power | kW/(m3/min) | lower |
| transformer | GB 20052-2024 (replaced GB 20052-2020) | losses at the operating point | kW | lower |

The grade thresholds depend on size and type in each standard's tables; zcf-opt does not ship
them (except for motors, from IEC 60034-30-1): give the group's performance and each option's,
or the share of electricity an option saves.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from zcf_opt.schema.common import Fraction, StrictModel

EquipmentClassName = Literal["motor", "fan", "pump", "air_compressor", "transformer"]

#: class -> (GB standard, performance figure, unit, True when higher is better)
EQUIPMENT_METRICS: dict[str, tuple[str, str, str, bool]] = {
    "motor": ("GB 18613-2020", "efficiency", "1", True),
    "fan": ("GB 19761-2020", "efficiency", "1", True),
    "pump": ("GB 19762", "efficiency", "1", True),
    "air_compressor": ("GB 19153-2019", "specific power", "kW/(m3/min)", False),
    "transformer": ("GB 20052-2024", "losses at the operating point", "kW", False),
}

#: GB 18613-2020 grade of an IEC 60034-30-1 motor class (IE3 = grade 3, IE4 = 2, IE5 = 1);
#: IE1 and IE2 are below grade 3 (4). Source: GB 18613-2020 as reported at its publication
#: (SAMR/SAC announcement 2020 No. 13; IE3 became the minimum from 2021-06-01).
GB18613_GRADE = {"IE1": 4, "IE2": 4, "IE3": 3, "IE4": 2, "IE5": 1}


def saving_fraction(equipment_class: str, before: float, after: float) -> float:
    """Share of the electricity saved when the performance figure goes from ``before`` to ``after`` [1].

    Efficiency (higher is better): ``1 − before/after``; specific power or losses (lower is
    better): ``1 − after/before``.
    """
    higher_is_better = EQUIPMENT_METRICS[equipment_class][3]
    return 1.0 - (before / after if higher_is_better else after / before)


class EquipmentUpgrade(StrictModel):
    """One upgrade option of an equipment group (all its units replaced or rebuilt)."""

    name: str = Field(description="Option name, e.g. 'grade 1'.")
    grade: Literal[1, 2, 3] = Field(description="GB efficiency grade after the upgrade (1 best).")
    performance: float | None = Field(
        None, gt=0, description="Performance figure after the upgrade, in the class's unit (see the table)."
    )
    saving_fraction: Fraction | None = Field(
        None, description="Share of the group's electricity the upgrade saves [1], instead of 'performance'."
    )
    capex_cny: float = Field(ge=0, description="Cost of upgrading the whole group [CNY].")
    life_years: int = Field(ge=1, le=40, description="Service life [yr].")
    fixed_om_cny_per_year: float = Field(0.0, ge=0, description="Added O&M [CNY/yr].")


class EquipmentGroup(StrictModel):
    """Units of one class, size and duty, with their grade, electricity use and upgrades."""

    name: str = Field(description="Group name, e.g. 'main transformers'.")
    equipment_class: EquipmentClassName = Field(description="Class of the GB efficiency standards.")
    count: int = Field(1, ge=1, description="Number of units [1].")
    grade: Literal[1, 2, 3, 4] = Field(description="Current GB grade (1 best, 3 minimum, 4 = below grade 3).")
    annual_electricity_mwh: float = Field(
        gt=0,
        description="Electricity the group uses per year as it is [MWh/yr]; for transformers, their "
        "losses [MWh/yr].",
    )
    performance: float | None = Field(
        None, gt=0, description="Current performance figure, in the class's unit (see the table)."
    )
    options: list[EquipmentUpgrade] = Field(
        default_factory=list, description="Exclusive upgrade options (at most one is chosen)."
    )

    @model_validator(mode="after")
    def _options_computable(self) -> EquipmentGroup:
        for option in self.options:
            if option.grade > self.grade:
                raise ValueError(
                    f"option '{option.name}' has grade {option.grade}, worse than the group's {self.grade}"
                )
            if option.saving_fraction is None:
                if option.performance is None or self.performance is None:
                    raise ValueError(
                        f"option '{option.name}': give its 'saving_fraction', or 'performance' here and "
                        "in the group (the class's performance figure)"
                    )
                if saving_fraction(self.equipment_class, self.performance, option.performance) < 0:
                    raise ValueError(f"option '{option.name}' performs worse than the group as it is")
        return self

    def option_saving_mwh(self, option: EquipmentUpgrade) -> float:
        """Electricity an option saves per year [MWh/yr]."""
        share = option.saving_fraction
        if share is None:
            share = saving_fraction(self.equipment_class, self.performance, option.performance)
        return self.annual_electricity_mwh * share
