"""Warnings and notes as data: a code and its parameters, worded in Chinese or English on demand.

A run keeps its warnings as :class:`Notice` objects. ``summary.json`` holds each one twice:
its English text (``warnings`` and ``notes``, as the command line prints them) and its
structured form (``notices``: code, severity, parameters), from which the proposal words it
in the reader's language. Every code has its wording in both languages in :data:`MESSAGES`
(simple templates) or :data:`_RENDERERS` (messages built from lists).

``identifiers=True`` adds the field names of the YAML files (``factory.pv.fixed_om…``) for
the command line and ``summary.json``; the proposal leaves them out (its tables show the
fields' labels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zcf_opt.units import check_language, format_number, format_percent, unit_label

SEVERITIES = ("warning", "note")

#: code -> (Chinese, English) template; ``{name}`` fields come from the parameters, formatted
#: by :func:`_formatted`
MESSAGES: dict[str, tuple[str, str]] = {
    # data files (zcf_opt.inputs.profiles)
    "meter_readings_filled": (
        "负荷数据：{file} 缺失 {readings} 个读数（{gaps} 段），已按线性插值补齐。",
        "load: {readings} missing readings of {file} in {gaps} gap(s) were filled by linear interpolation",
    ),
    "weather_file_distant": (
        "气象文件 {file} 的位置（纬度 {file_latitude}°，经度 {file_longitude}°）距厂址（纬度 "
        "{site_latitude}°，经度 {site_longitude}°）{distance_km} 公里：其辐照和气温未必代表厂址。",
        "the weather file {file} is for latitude {file_latitude}°, longitude {file_longitude}°, "
        "{distance_km} km from the site (latitude {site_latitude}°, longitude {site_longitude}°): its "
        "irradiance and temperature may not represent the site",
    ),
    "time_limit": (
        "达到求解时间上限：方案可行，但与最优解的差距在 {gap} 以内，未证明最优。",
        "time limit reached: the plan is feasible but within {gap} of the optimum only",
    ),
    "sweep_file_unreadable": (
        "扫描结果文件 {path} 无法读取或缺少必要列，未予显示。",
        "sweep file not shown: {path} cannot be read or lacks a required column",
    ),
    # MACC options and notes (zcf_opt.sweep.macc)
    "macc_option_pv": ("屋顶光伏 {kwp} kWp（全部可用屋顶）", "rooftop PV, {kwp} kWp (free roof)"),
    "macc_option_battery": (
        "储能 {energy_mwh} MWh / {power_mw} MW，每日一次充放",
        "battery {energy_mwh} MWh / {power_mw} MW, one cycle a day",
    ),
    "macc_option_green_power": ("绿电交易溢价", "green power premium"),
    "macc_option_certificates": ("绿证（GEC）", "green certificates (GEC)"),
    "macc_option_offsets": ("碳抵消信用（如 CCER）", "offset credits (e.g. CCER)"),
    "macc_option_removals": ("碳移除信用", "removal credits"),
    "macc_note_pv": (
        "年自用 {self_mwh} MWh（占发电量 {share}），其余上网或弃电",
        "{self_mwh} MWh/yr self-consumed ({share} of output), rest exported or curtailed",
    ),
    "macc_note_battery": (
        "套利 {value_cny} 元/年（{low} → {high} 元/kWh）；充放电损耗每年增加购电 {losses_mwh} MWh："
        "自身不减排，单位减排成本无定义",
        "arbitrage {value_cny} CNY/yr ({low} -> {high} CNY/kWh); round-trip losses add {losses_mwh} "
        "MWh/yr of import: no abatement of its own, cost per tonne not defined",
    ),
    "macc_note_market": (
        "{price} 元/MWh ÷ 市场法排放因子 {factor} tCO₂/MWh；每年 {mwh} MWh（{basis}）",
        "{price} CNY/MWh / {factor} tCO2/MWh market factor; {mwh} MWh/yr ({basis})",
    ),
    "macc_basis_cap": ("上限", "cap"),
    "macc_basis_demand": ("首年用电量", "first-year demand"),
    "macc_note_neutralise": ("用于中和；潜力 = {basis}", "neutralises; potential = {basis}"),
    "macc_basis_residual": ("首年{boundary}剩余排放", "first-year {boundary} residual"),
    "macc_basis_import_left": ("实物措施后剩余的购电量", "grid import left after the physical levers"),
    "macc_basis_residual_left": (
        "实物措施后剩余的{boundary}排放",
        "{boundary} residual left after the physical levers",
    ),
    "macc_option_heat": ("{name}，{kw_th} kW（热）", "{name}, {kw_th} kW (heat)"),
    "macc_note_supply": (
        "每年最多 {cap} {unit} {item}，每 {unit} 多付 {price} 元",
        "up to {cap} {unit}/yr of {item} at {price} CNY/{unit} extra",
    ),
}

#: electric heat options in messages -> (Chinese, English)
HEAT_KINDS: dict[str, tuple[str, str]] = {
    "industrial_heat_pump": ("工业热泵", "industrial heat pump"),
    "air_source_heat_pump": ("空气源热泵", "air-source heat pump"),
    "ground_source_heat_pump": ("地源热泵", "ground-source heat pump"),
    "electric_boiler": ("电锅炉（电加热）", "electric boiler"),
}

#: boundary types in messages -> (Chinese, English)
_BOUNDARY_NAMES = {"I": ("Ⅰ型", "Type I"), "II": ("Ⅱ型", "Type II")}

#: levers in messages -> (Chinese, English)
LEVER_NAMES: dict[str, tuple[str, str]] = {
    "pv": ("屋顶光伏", "rooftop PV"),
    "battery": ("储能", "battery storage"),
    "motors": ("高效电机改造", "efficient motors"),
    "waste_heat": ("余热回收", "waste-heat recovery"),
    "equipment": ("设备能效提升", "equipment upgrades"),
    "green_power": ("绿电交易", "green power"),
    "gec": ("绿证", "green certificates"),
    "certificates": ("绿证", "green certificates"),
    "offsets": ("碳抵消", "offsets"),
    "removals": ("碳移除", "removals"),
    "efficiency": ("能效提升项目", "efficiency programmes"),
    "heat": ("电能替代供热", "electric heat"),
    "supply_chain": ("供应链减排", "supply chain"),
}


@dataclass(frozen=True)
class Notice:
    """A warning or note of a run: a code from :data:`MESSAGES` and its parameters.

    Parameters
    ----------
    code
        What the notice says (a key of :data:`MESSAGES` or of the list renderers).
    params
        Figures and names the wording needs (JSON-serialisable).
    severity
        ``"warning"`` (the results rest on something the planner should check) or ``"note"``.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "warning"

    def text(self, lang: str = "en", identifiers: bool = False) -> str:
        """The notice worded in ``lang``; ``identifiers`` adds the YAML field names."""
        return render(self, lang, identifiers)

    def __str__(self) -> str:
        return self.text("en", identifiers=True)

    def as_dict(self) -> dict[str, Any]:
        """The structured form stored in ``summary.json`` (with its English text)."""
        return {"code": self.code, "severity": self.severity, "params": self.params, "text": str(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return cls(str(data["code"]), dict(data.get("params") or {}), str(data.get("severity", "warning")))


def as_notice(item: Notice | str) -> Notice:
    """A notice; a plain English sentence becomes a ``"text"`` notice that shows it as it is."""
    return item if isinstance(item, Notice) else Notice("text", {"text": str(item)})


def lever_name(lever: str, lang: str) -> str:
    """Name of a lever in ``lang`` (the code itself when unknown)."""
    pair = LEVER_NAMES.get(lever)
    return pair[_index(lang)] if pair else lever


def boundary_name(boundary: str, lang: str) -> str:
    pair = _BOUNDARY_NAMES.get(boundary)
    return pair[_index(lang)] if pair else boundary


def _index(lang: str) -> int:
    return 0 if check_language(lang) == "zh" else 1


def _formatted(params: dict[str, Any], lang: str) -> dict[str, str]:
    """Parameters as text: shares as percentages, other numbers with thousands separators."""
    out: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            out[name] = str(value)
        elif name in ("share", "gap") or name.endswith("_share"):
            out[name] = format_percent(float(value), 2 if name == "gap" else 0)
        elif name in ("low", "high", "factor", "price", "energy_mwh", "power_mw"):
            out[name] = f"{value:g}" if name not in ("low", "high") else f"{value:.2f}"
        else:
            digits = 1 if name in ("losses_mwh",) else 0
            out[name] = format_number(float(value), digits)
    return out


def _join(items: list[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(items)


def _placeholder_defaults(params: dict[str, Any], lang: str, identifiers: bool) -> str:
    from zcf_opt.defaults import label_of

    items = []
    for use in params["defaults"]:
        item = f"{label_of(use['key'], lang)} {value_text(use['value'], use['unit'], lang)}"
        if identifiers:
            item += f" ({use['field']})"
        items.append(item)
    if lang == "zh":
        return (
            "以下默认参数为占位值（无可靠公开出处），请用实际报价或测量值替换：" + _join(items, lang) + "。"
        )
    return (
        "Placeholder defaults (no reliable public source), set your own figures: " + _join(items, lang) + "."
    )


def _where(target: dict[str, Any], lang: str) -> str:
    standard, level = target["standard"][lang], target["level"][lang]
    if lang == "zh":
        return f"{standard} {level}（{target['year']} 年起）"
    return f"{standard} {level} from {target['year']}"


def _provisional_targets(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    items = [
        f"{_where(t, lang)}{'：' if lang == 'zh' else ': '}"
        + ("，" if lang == "zh" else ", ").join(r[lang] for r in t["requirements"])
        for t in params["targets"]
    ]
    if lang == "zh":
        return "以下目标含暂定要求（非标准原文给出的数值，需按原文复核）：" + _join(items, lang) + "。"
    return (
        "Targets with PROVISIONAL requirements (figures not given by the standard's text; check them "
        "against it): " + _join(items, lang) + "."
    )


def _provisional_benchmark(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    separator = "：" if lang == "zh" else ": "
    items = [f"{_where(t, lang)}{separator}{t['requirement'][lang]}" for t in params["targets"]]
    if lang == "zh":
        return "以下要求对照的产品基准值在工厂模型中标为暂定：" + _join(items, lang) + "。"
    return (
        "Requirements checked against product benchmark values the factory model marks as provisional: "
        + _join(items, lang)
        + "."
    )


def _provisional_tariff(params: dict[str, Any], lang: str, identifiers: bool) -> str:
    from zcf_opt.schema.tariff import FIELD_LABELS

    fields = [
        FIELD_LABELS.get(f, (f, f))[_index(lang)] + (f" ({f})" if identifiers else "")
        for f in params["fields"]
    ]
    if lang == "zh":
        return (
            f"所用电价（{params['source_zh']}，{params['year']} 年）中以下数值为暂定值，未经原文核实，"
            "请按工厂电费单设置：" + _join(fields, lang) + "。"
        )
    name = params["name"] or "of the scenario"
    return (
        f"Tariff {name} ({params['source']}, {params['year']}): PROVISIONAL figures, not confirmed from "
        "the source; set the plant's own from its bill: " + _join(fields, lang) + "."
    )


def _full_year_failed(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    items = []
    for item in params["items"]:
        level = item["level"] or ("无星级" if lang == "zh" else "no level")
        share = format_percent(float(item["re_share"]), 2)
        items.append(
            f"{item['year']} 年（目标 {item['target']}）仅达 {level}，可再生电力占比 {share}"
            if lang == "zh"
            else f"{item['year']} (target {item['target']}) reaches {level} only, renewable share {share}"
        )
    if lang == "zh":
        tail = "补购后仍未达标（已达上限）。" if params["repair"] else "可选择修复，补购绿证等使其达标。"
        return "按全年 8760 小时复核，以下年份未达目标：" + _join(items, lang) + "；" + tail
    tail = (
        "even with more purchases (caps reached)."
        if params["repair"]
        else "run with --repair to top up the purchases."
    )
    return "On the full year (8,760 hours) these years miss their target: " + _join(items, lang) + "; " + tail


def _full_year_error(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    items = [f"{item['year']}: {format_percent(float(item['error']), 2)}" for item in params["items"]]
    limit = format_percent(float(params["limit"]), 0)
    if lang == "zh":
        return f"典型日与全年复核的年度总成本偏差超过 {limit}：" + _join(items, lang) + "；请增加典型日数。"
    return (
        f"The typical days misstate the year's total cost by more than {limit}: "
        + _join(items, lang)
        + "; use more typical days."
    )


def _full_year_repaired(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    names = {
        "green_power_mwh": (("绿电", "MWh"), ("green power", "MWh")),
        "gec_mwh": (("绿证", "MWh"), ("certificates", "MWh")),
        "offsets_tco2e": (("碳抵消", "tCO₂e"), ("offsets", "tCO₂e")),
        "removals_tco2e": (("碳移除", "tCO₂e"), ("removals", "tCO₂e")),
    }
    items = []
    for item in params["items"]:
        parts = [
            f"{names[k][_index(lang)][0]} +{format_number(float(item[k]), 1)} {names[k][_index(lang)][1]}"
            for k in names
            if float(item.get(k, 0.0)) > 1e-6
        ]
        items.append(f"{item['year']}: " + ("、" if lang == "zh" else ", ").join(parts))
    if lang == "zh":
        return "按全年复核补购以保持目标：" + _join(items, lang) + "。"
    return "Purchases added to keep the targets on the full year: " + _join(items, lang) + "."


def _dropped_items(params: dict[str, Any], lang: str) -> str:
    items = []
    for item in params["items"]:
        name = lever_name(item["lever"], lang)
        size = f"{format_number(item['size'], 1)} {item['unit']}"
        minimum = f"{format_number(item['minimum'], 0)} {item['unit']}"
        items.append(
            f"{name} {item['year']} 年 {size}（最小规模 {minimum}）"
            if lang == "zh"
            else f"{name} {size} in {item['year']} (minimum {minimum})"
        )
    return _join(items, lang)


def _small_projects_dropped(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    items = _dropped_items(params, lang)
    change = format_number(params["npv_change_cny"], 0)
    if lang == "zh":
        return f"低于最小项目规模的新增容量已取消并重新求解：{items}；净现值变化 {change} 元。"
    return (
        "Additions below the minimum project size were dropped and the plan solved again: "
        f"{items}; net present cost changed by {change} CNY."
    )


def _minimum_not_applied(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    items = _dropped_items(params, lang)
    if lang == "zh":
        return f"取消低于最小项目规模的新增容量后方案不可行，保留原方案：{items}。"
    return (
        "Dropping the additions below the minimum project size leaves no feasible plan, "
        f"so they are kept: {items}."
    )


def _macc_note_measure(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    saving, gas = float(params["saving_mwh"]), float(params.get("gas_nm3") or 0.0)
    heat = float(params.get("heat_mwh_th") or 0.0)
    zh = lang == "zh"
    parts = []
    if saving > 0 or (saving == 0 and not gas and not heat):
        parts.append(f"年节电 {saving:,.1f} MWh" if zh else f"saves {saving:,.1f} MWh/yr electricity")
    elif saving < 0:
        parts.append(f"年增加用电 {-saving:,.1f} MWh" if zh else f"adds {-saving:,.1f} MWh/yr load")
    if heat:
        demand = params.get("heat_demand", "")
        parts.append(
            f"年节热 {heat:,.0f} MWh_th（{demand}）"
            if zh
            else f"saves {heat:,.0f} MWh_th/yr of heat ({demand})"
        )
    if gas:
        parts.append(f"年节气 {gas:,.0f} Nm³" if zh else f"saves {gas:,.0f} Nm3/yr gas")
    text = ("，" if zh else ", ").join(parts)
    alternatives = list(params.get("alternatives") or [])
    if alternatives:
        text += (
            f"；与 {'、'.join(alternatives)} 互斥" if zh else f"; alternative to {', '.join(alternatives)}"
        )
    if params.get("instead_of"):
        text += f"；替代 {params['instead_of']}" if zh else f"; instead of {params['instead_of']}"
    return text


def _typical_efficiency_figures(params: dict[str, Any], lang: str, identifiers: bool) -> str:
    items = []
    for measure in params["measures"]:
        item = str(measure["name"])
        if identifiers:
            item += f" ({measure['programme']}: {', '.join(measure['fields'])})"
        items.append(item)
    if lang == "zh":
        return "以下能效项目采用目录中的典型值（暂定，需以实际报价替换）：" + _join(items, lang) + "。"
    return (
        "Efficiency programmes using TYPICAL catalogue figures (provisional; replace them with a quote): "
        + _join(items, lang)
        + "."
    )


def _green_loan_after_horizon(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    rate = format_percent(float(params["rate_per_year"]), 2)
    if lang == "zh":
        return (
            f"绿色贷款利率要求 {params['from_year']} 年起达到 {params['level']}，晚于规划期末"
            f"（{params['last_year']} 年），按普通利率 {rate} 计算。"
        )
    return (
        f"The green loan rate needs {params['level']} from {params['from_year']}, after the horizon "
        f"({params['last_year']}); the standard rate {rate} applies."
    )


def heat_kind_name(kind: str, lang: str) -> str:
    """Name of an electric heat option's kind in ``lang`` (the code itself when unknown)."""
    pair = HEAT_KINDS.get(kind)
    return pair[_index(lang)] if pair else kind


def _macc_note_heat(params: dict[str, Any], lang: str, _identifiers: bool) -> str:
    kind = heat_kind_name(str(params["kind"]), lang)
    if lang == "zh":
        return f"{kind}，COP {params['cop']:.2f}，在比天然气便宜的时段为 {params['demand']} 供热"
    return f"{kind}, COP {params['cop']:.2f}, serves {params['demand']} where cheaper than gas"


def _macc_note_left_out(params: dict[str, Any], lang: str, identifiers: bool) -> str:
    inner = render(Notice.from_dict(params["note"]), lang, identifiers)
    return inner + (
        "；在上述措施实施后不再有减排"
        if lang == "zh"
        else "; abates nothing more once the levers above are in place"
    )


def _text(params: dict[str, Any], _lang: str, _identifiers: bool) -> str:
    return str(params["text"])


_RENDERERS: dict[str, Callable[[dict[str, Any], str, bool], str]] = {
    "placeholder_defaults": _placeholder_defaults,
    "provisional_targets": _provisional_targets,
    "provisional_tariff": _provisional_tariff,
    "full_year_failed": _full_year_failed,
    "full_year_error": _full_year_error,
    "full_year_repaired": _full_year_repaired,
    "provisional_benchmark": _provisional_benchmark,
    "small_projects_dropped": _small_projects_dropped,
    "minimum_size_not_applied": _minimum_not_applied,
    "macc_note_measure": _macc_note_measure,
    "macc_note_heat": _macc_note_heat,
    "typical_efficiency_figures": _typical_efficiency_figures,
    "green_loan_after_horizon": _green_loan_after_horizon,
    "macc_note_left_out": _macc_note_left_out,
    "text": _text,
}


def codes() -> list[str]:
    """Every notice code (for tests)."""
    return [*MESSAGES, *_RENDERERS]


def render(notice: Notice, lang: str = "en", identifiers: bool = False) -> str:
    """The text of ``notice`` in ``lang``."""
    check_language(lang)
    if notice.code in _RENDERERS:
        return _RENDERERS[notice.code](notice.params, lang, identifiers)
    params = dict(notice.params)
    for name in ("basis",):
        if isinstance(params.get(name), dict):  # a nested message, e.g. {"code": ..., "params": ...}
            params[name] = render(Notice.from_dict(params[name]), lang, identifiers)
    if "boundary" in params:
        params["boundary"] = boundary_name(str(params["boundary"]), lang)
    return MESSAGES[notice.code][_index(lang)].format(**_formatted(params, lang))


def value_text(value: Any, unit: str, lang: str) -> str:
    """A catalogue value with its unit, e.g. ``"40 元/kWp/年"``; bands and regions worded."""
    if isinstance(value, dict):
        parts = [f"{band_name(str(k), lang)} {_scalar_text(v)}" for k, v in value.items()]
        label = unit_label(unit, lang)
        separator = "，" if lang == "zh" else ", "
        text = separator.join(parts)
        return f"{text} [{label}]" if label else text
    label = unit_label(unit, lang)
    return f"{_scalar_text(value)} {label}".strip()


def _scalar_text(value: Any) -> str:
    if isinstance(value, list):
        return _hour_ranges([int(v) for v in value])
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


def _hour_ranges(hours: list[int]) -> str:
    """``[8, 9, 10, 17, 18]`` -> ``"8–11, 17–19"`` (end hour exclusive)."""
    if not hours:
        return "–"
    ranges, start, previous = [], hours[0], hours[0]
    for hour in [*hours[1:], None]:
        if hour is not None and hour == previous + 1:
            previous = hour
            continue
        ranges.append(f"{start}–{previous + 1}")
        if hour is not None:
            start = previous = hour
    return ", ".join(ranges)


#: tariff bands and grid regions in catalogue values -> (Chinese, English)
BAND_NAMES: dict[str, tuple[str, str]] = {
    "peak": ("峰", "peak"),
    "flat": ("平", "flat"),
    "valley": ("谷", "valley"),
    "national": ("全国", "national"),
    "north": ("华北", "North"),
    "northeast": ("东北", "Northeast"),
    "east": ("华东", "East"),
    "central": ("华中", "Central"),
    "northwest": ("西北", "Northwest"),
    "south": ("南方", "South"),
    "southwest": ("西南", "Southwest"),
}


def band_name(name: str, lang: str) -> str:
    pair = BAND_NAMES.get(name)
    return pair[_index(lang)] if pair else name
