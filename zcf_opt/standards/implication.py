"""When one requirement implies another: every plan meeting the first meets the second.

Used to check that a rulebook's levels get stricter as their rank rises, and by sweeps
(a plan of a weaker level that meets a stricter one is optimal for it too). The rules are
conservative: ``False`` means "not shown", never "contradicts".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from zcf_opt.standards.boundaries import Boundary
from zcf_opt.standards.requirements import (
    BENCHMARK_VALUES,
    AbsoluteReduction,
    EquipmentEfficiency,
    Intensity,
    Neutralisation,
    ReductionFirst,
    RenewableShare,
    RequirementBase,
)

Boundaries = Mapping[str, Boundary]


def _renewable(a: RenewableShare, b: RenewableShare, *_: object) -> bool:
    return set(a.instruments) <= set(b.instruments) and a.min_share >= b.min_share


def _neutralisation(a: Neutralisation, b: Neutralisation, ba: Boundary, bb: Boundary) -> bool:
    return set(a.instruments) <= set(b.instruments) and a.min_share >= b.min_share and ba.covers(bb)


def _reduction(a: AbsoluteReduction, b: AbsoluteReduction, ba: Boundary, bb: Boundary) -> bool:
    if not ba.same_sources(bb):
        return False
    if a.min_reduction is not None and b.min_reduction is not None:
        return a.min_reduction >= b.min_reduction
    if a.min_reduction_per_year is not None and b.min_reduction_per_year is not None:
        return a.min_reduction_per_year >= b.min_reduction_per_year
    return False


def _lenient_rank(values: list[str]) -> int:
    return max(BENCHMARK_VALUES.index(v) for v in values)


def _intensity(a: Intensity, b: Intensity, ba: Boundary, bb: Boundary) -> bool:
    if a.quantity != b.quantity or (a.quantity == "emissions" and not ba.same_sources(bb)):
        return False
    if a.max_per_unit is not None and b.max_per_unit is not None:
        return a.max_per_unit <= b.max_per_unit
    if a.benchmark is not None and b.benchmark is not None:
        # benchmark values rise from advanced to limit; a requirement a factory's missing value
        # makes inapplicable cannot imply one that still applies
        return _lenient_rank(a.benchmark) <= _lenient_rank(b.benchmark) and set(b.benchmark) <= set(
            a.benchmark
        )
    return False


def _equipment(a: EquipmentEfficiency, b: EquipmentEfficiency, *_: object) -> bool:
    return set(b.classes) <= set(a.classes) and a.max_grade <= b.max_grade


def _reduction_first(a: ReductionFirst, b: ReductionFirst, ba: Boundary, bb: Boundary) -> bool:
    if b.max_abatement_cost_cny_per_tco2e is not None and not (
        a.max_abatement_cost_cny_per_tco2e is not None
        and a.max_abatement_cost_cny_per_tco2e >= b.max_abatement_cost_cny_per_tco2e
    ):
        return False
    if b.max_credit_share_of_base is not None and not (
        a.max_credit_share_of_base is not None
        and a.max_credit_share_of_base <= b.max_credit_share_of_base
        and set(b.instruments) <= set(a.instruments)
        and ba.same_sources(bb)
    ):
        return False
    return True


_RULES: dict[type, Callable[..., bool]] = {
    RenewableShare: _renewable,
    Neutralisation: _neutralisation,
    AbsoluteReduction: _reduction,
    Intensity: _intensity,
    EquipmentEfficiency: _equipment,
    ReductionFirst: _reduction_first,
}


def requirement_implies(
    a: RequirementBase, a_boundary: Boundary, b: RequirementBase, b_boundary: Boundary
) -> bool:
    """Whether meeting ``a`` (its boundary ``a_boundary``) in a year always meets ``b``.

    ``a`` must also apply in every year ``b`` does (its ``from_year`` not later).
    """
    if type(a) is not type(b) or not a.applies_from(b):
        return False
    return _RULES[type(a)](a, b, a_boundary, b_boundary)
