"""Units and number formats for people: the one place where CNY becomes 万元.

Every table, chart, workbook and message that shows a figure takes its unit and its number
format from here, in the reader's language (``"zh"`` or ``"en"``):

- money [CNY] is shown in 万元 (10,000 CNY) in Chinese and in CNY in English;
  :func:`to_money` converts and :func:`money_unit` names the unit, so a label never goes
  without its conversion;
- charts show money in 万元 (Chinese) or million CNY (English): :func:`chart_money`;
- unit costs (CNY per tonne, per kWh …) stay in 元 / CNY: :func:`unit_label` only renames
  the unit (``CNY/kWp/yr`` -> ``元/kWp/年``).

Units are written in data files and column names in ASCII (``CNY/tCO2e``, ``Nm3``, ``yr``);
:func:`unit_label` turns them into what a reader expects (``元/tCO₂e``, ``Nm³``, ``年``).
"""

from __future__ import annotations

import math
import re

LANGUAGES = ("zh", "en")

#: CNY in one 万元 [CNY/万元]
CNY_PER_WAN = 1e4
#: CNY in one million CNY [CNY/million CNY]
CNY_PER_MILLION = 1e6

#: unit words in ASCII unit strings -> (Chinese, English)
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "CNY": ("元", "CNY"),
    "yr": ("年", "yr"),
    "year": ("年", "yr"),
    "month": ("月", "month"),
    "day": ("天", "day"),
    "h": ("h", "h"),
    "tCO2e": ("tCO₂e", "tCO₂e"),
    "tCO2": ("tCO₂", "tCO₂"),
    "Nm3": ("Nm³", "Nm³"),
    "MWh_th": ("MWh（热）", "MWh (heat)"),
    "kW_th": ("kW（热）", "kW (heat)"),
    "kWh_th": ("kWh（热）", "kWh (heat)"),
    "degC": ("℃", "°C"),
    "cycle": ("次循环", "cycle"),
    "kgce": ("千克标准煤", "kgce"),
    "tce": ("吨标准煤", "tce"),
    "kgCO2e": ("千克CO₂e", "kgCO₂e"),
    "unit": ("单位产品", "unit"),
    "units": ("台", "units"),
}

#: whole unit strings that are descriptions rather than units -> (Chinese, English)
_UNIT_PHRASES: dict[str, tuple[str, str]] = {
    "hour of day (0-23), other hours flat": (
        "时刻（0–23 时），其余为平段",
        "hour of day (0–23), other hours flat",
    ),
    "1": ("", ""),
    "IEC 60034-30-1 class from the given year on": (
        "IEC 60034-30-1 能效等级（自所列年份起）",
        "IEC 60034-30-1 class from the given year on",
    ),
    "1 = best": ("1 级最优", "1 = best"),
    "GB grade": ("能效等级", "GB grade"),
}


def check_language(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not '{lang}'")
    return lang


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGUAGES.index(check_language(lang))]


# money -------------------------------------------------------------------------------------------
def money_unit(lang: str) -> str:
    """Unit of money amounts in tables: ``"万元"`` (zh) or ``"CNY"`` (en)."""
    return _pick(("万元", "CNY"), lang)


def to_money(value_cny: float, lang: str) -> float:
    """An amount [CNY] in :func:`money_unit` of ``lang`` (万元 = CNY / 10,000)."""
    return value_cny / CNY_PER_WAN if check_language(lang) == "zh" else value_cny


def money_per_year_unit(lang: str) -> str:
    """Unit of yearly money amounts in tables: ``"万元/年"`` or ``"CNY/yr"``."""
    return _pick(("万元/年", "CNY/yr"), lang)


#: digits after the decimal point of money in :func:`money_unit`
_MONEY_DIGITS = {"zh": 1, "en": 0}

#: Excel number format of money in :func:`money_unit`
_MONEY_EXCEL = {"zh": "#,##0.00", "en": "#,##0"}


def money_excel_format(lang: str) -> str:
    """Excel number format of a money cell in :func:`money_unit`."""
    return _MONEY_EXCEL[check_language(lang)]


def format_money(value_cny: float | None, lang: str, unit: bool = True) -> str:
    """An amount [CNY] for reading: ``"17,219.1 万元"`` (zh) or ``"CNY 172,190,799"`` (en)."""
    if value_cny is None or not math.isfinite(value_cny):
        return "–"
    number = format_number(to_money(value_cny, lang), _MONEY_DIGITS[lang])
    if not unit:
        return number
    return f"{number} 万元" if lang == "zh" else f"CNY {number}"


def chart_money(lang: str) -> tuple[float, str]:
    """Divisor [CNY per unit] and axis unit of money on charts: 万元 (zh), million CNY (en)."""
    return (CNY_PER_WAN, "万元") if check_language(lang) == "zh" else (CNY_PER_MILLION, "million CNY")


# other units -------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def unit_label(unit: str | None, lang: str) -> str:
    """A unit for reading: ``"CNY/kWp/yr"`` -> ``"元/kWp/年"`` (zh) or ``"CNY/kWp/yr"`` (en).

    Money amounts are not converted here: use :func:`money_unit` and :func:`to_money` for
    amounts in CNY. Unknown words (kWh, kWp, MW …) pass unchanged.
    """
    if unit is None:
        return ""
    unit = str(unit).strip()
    if unit in _UNIT_PHRASES:
        return _pick(_UNIT_PHRASES[unit], lang)
    return _TOKEN.sub(lambda m: _pick(_UNIT_WORDS[m[0]], lang) if m[0] in _UNIT_WORDS else m[0], unit)


def with_unit(label: str, unit: str) -> str:
    """``"<label> [<unit>]"``, or the label alone for a unitless figure."""
    return f"{label} [{unit}]" if unit else label


# numbers -----------------------------------------------------------------------------------------
def format_number(value: float | None, digits: int = 0) -> str:
    """A number with thousands separators, ``"–"`` for none; ``-0`` shows as ``0``."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def format_percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage, e.g. ``0.194 -> "19.4 %"``."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value * 100:.{digits}f} %"
