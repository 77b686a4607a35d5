"""What a requirement asks, worded in Chinese or English.

One wording for the command line, ``evidence.csv`` (English), the warnings and the proposal
(either language). Every template exists in both languages with the same fields
(``tests/test_language.py`` checks it).
"""

from __future__ import annotations

from zcf_opt.standards.requirements import (
    AbsoluteReduction,
    EquipmentEfficiency,
    Intensity,
    Neutralisation,
    ReductionFirst,
    RenewableShare,
    RequirementBase,
)
from zcf_opt.units import format_percent

#: instruments -> (Chinese, English)
INSTRUMENT_WORDS: dict[str, tuple[str, str]] = {
    "pv_self_consumed": ("光伏自用电量", "PV self-consumed"),
    "green_power": ("绿电交易", "green power"),
    "certificates": ("绿证", "certificates"),
    "offsets": ("碳抵消信用", "offsets"),
    "international_credits": ("国际碳信用", "international credits"),
    "removals": ("碳移除信用", "removals"),
    "outside_reductions": ("边界外减排项目", "reductions outside the boundary"),
}
#: equipment classes -> (Chinese, English)
CLASS_WORDS: dict[str, tuple[str, str]] = {
    "motor": ("电机", "motors"),
    "fan": ("风机", "fans"),
    "pump": ("水泵", "pumps"),
    "air_compressor": ("空压机", "air compressors"),
    "transformer": ("变压器", "transformers"),
}
#: product benchmark values -> (Chinese, English)
BENCHMARK_WORDS: dict[str, tuple[str, str]] = {
    "advanced": ("能耗限额先进值", "the advanced value"),
    "benchmark": ("标杆水平", "the benchmark level"),
    "limit": ("能耗限额限定值", "the limit value"),
}
#: what an intensity counts -> (Chinese, English)
QUANTITY_WORDS: dict[str, tuple[str, str]] = {
    "energy": ("单位产品综合能耗", "energy per unit of product"),
    "emissions": ("单位产品碳排放", "emissions per unit of product"),
}
#: requirement wording -> (Chinese, English) template
TEMPLATES: dict[str, tuple[str, str]] = {
    "renewable_share": (
        "可再生电力占比 ≥ {share}（计入{instruments}）",
        "renewable electricity share ≥ {share} ({instruments})",
    ),
    "neutralisation": ("{instruments}中和 ≥ {share} 的排放", "{instruments} ≥ {share} of emissions"),
    "absolute_reduction": ("排放比基准年至少降低 {share}", "emissions at least {share} below the base year"),
    "absolute_reduction_rate": (
        "排放比基准年每年至少降低 {share}（线性）",
        "emissions at least {share} a year below the base year (linear)",
    ),
    "intensity_number": ("{quantity} ≤ {limit} {unit}", "{quantity} ≤ {limit} {unit}"),
    "intensity_benchmark": ("{quantity}达到{limit}", "{quantity} at {limit}"),
    "equipment_efficiency": (
        "{classes}达到能效 {grade} 级或以上",
        "{classes} at GB efficiency grade {grade} or better",
    ),
    "reduction_first_measures": (
        "减排成本低于 {cost} 元/tCO₂e 的措施全部实施",
        "every measure below {cost} CNY/tCO₂e in place",
    ),
    "reduction_first_credits": (
        "碳信用不超过基准年排放的 {share}",
        "credits at most {share} of base-year emissions",
    ),
}
#: unit of an intensity threshold -> (Chinese, English)
INTENSITY_UNITS: dict[str, tuple[str, str]] = {
    "energy": ("千克标准煤/单位产品", "kgce/unit"),
    "emissions": ("千克CO₂e/单位产品", "kgCO₂e/unit"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _names(words: dict[str, tuple[str, str]], keys: list[str], lang: str, joiner: tuple[str, str]) -> str:
    return _pick(joiner, lang).join(_pick(words[k], lang) for k in keys)


def _share(value: float) -> str:
    return format_percent(value, 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1)


def describe(requirement: RequirementBase, lang: str = "en", part: str | None = None) -> str:
    """What ``requirement`` asks, in ``lang``; ``part`` picks one equipment class (``"motor"``)
    or one form of reduction first (``"measures"``, ``"credits"``)."""
    r = requirement
    if isinstance(r, RenewableShare):
        instruments = _names(INSTRUMENT_WORDS, r.instruments, lang, ("、", " + "))
        return _pick(TEMPLATES["renewable_share"], lang).format(
            share=_share(r.min_share), instruments=instruments
        )
    if isinstance(r, Neutralisation):
        instruments = _names(INSTRUMENT_WORDS, r.instruments, lang, ("、", " + "))
        return _pick(TEMPLATES["neutralisation"], lang).format(
            share=_share(r.min_share), instruments=instruments
        )
    if isinstance(r, AbsoluteReduction):
        if r.min_reduction is not None:
            return _pick(TEMPLATES["absolute_reduction"], lang).format(share=_share(r.min_reduction))
        return _pick(TEMPLATES["absolute_reduction_rate"], lang).format(
            share=_share(r.min_reduction_per_year)
        )
    if isinstance(r, Intensity):
        quantity = _pick(QUANTITY_WORDS[r.quantity], lang)
        if r.max_per_unit is not None:
            unit = _pick(INTENSITY_UNITS[r.quantity], lang)
            template = TEMPLATES["intensity_number"]
            return _pick(template, lang).format(quantity=quantity, limit=f"{r.max_per_unit:g}", unit=unit)
        limit = _names(BENCHMARK_WORDS, r.benchmark, lang, ("或", " or "))
        return _pick(TEMPLATES["intensity_benchmark"], lang).format(quantity=quantity, limit=limit)
    if isinstance(r, EquipmentEfficiency):
        classes = _names(CLASS_WORDS, [part] if part else r.classes, lang, ("、", ", "))
        return _pick(TEMPLATES["equipment_efficiency"], lang).format(classes=classes, grade=r.max_grade)
    if isinstance(r, ReductionFirst):
        texts = []
        if r.max_abatement_cost_cny_per_tco2e is not None and part in (None, "measures"):
            cost = f"{r.max_abatement_cost_cny_per_tco2e:g}"
            texts.append(_pick(TEMPLATES["reduction_first_measures"], lang).format(cost=cost))
        if r.max_credit_share_of_base is not None and part in (None, "credits"):
            share = _share(r.max_credit_share_of_base)
            texts.append(_pick(TEMPLATES["reduction_first_credits"], lang).format(share=share))
        return ("；" if lang == "zh" else "; ").join(texts)
    raise TypeError(f"no wording for requirement type {r.type}")


def pairs() -> dict[str, tuple[str, str]]:
    """Every wording pair (for the language checks)."""
    found = {f"requirement:{k}": v for k, v in TEMPLATES.items()}
    for name, words in (
        ("instrument", INSTRUMENT_WORDS),
        ("class", CLASS_WORDS),
        ("benchmark", BENCHMARK_WORDS),
        ("quantity", QUANTITY_WORDS),
        ("intensity unit", INTENSITY_UNITS),
    ):
        found.update({f"{name}:{k}": v for k, v in words.items()})
    return found
