"""Checks on a written proposal: every money figure against the run's files, and one language.

Used by the report and example tests. The money checks read each table of the page and each
sheet of the workbook as a reader would: a header ``"<label> [<unit>]"`` names the unit, and
a figure in 万元 must equal the run's CNY / 10,000 (a figure in 元 or CNY, the CNY itself).
The language checks read every visible string and fail on the other language's script, on
English words in Chinese text and on snake_case identifiers, names the user gave excepted.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

#: unit in a header -> CNY per unit
MONEY_UNITS = {"万元": 1e4, "元": 1.0, "CNY": 1.0, "万元/年": 1e4, "元/年": 1.0, "CNY/yr": 1.0}

_HEADER_UNIT = re.compile(r"^(?P<label>.*?)\s*\[(?P<unit>[^\]]+)\]$")


def header_unit(header: object) -> tuple[str, str | None]:
    """``"Capex [CNY]"`` -> ``("Capex", "CNY")``; no unit -> ``(header, None)``."""
    match = _HEADER_UNIT.match(str(header or "").strip())
    return (match["label"], match["unit"]) if match else (str(header or ""), None)


def parse_number(text: str) -> float | None:
    """A figure as the page shows it (``"3,596.5"``, ``"–"``) -> float or None."""
    text = text.strip().replace(",", "")
    if text in ("", "–", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


# the page ---------------------------------------------------------------------------------------
class PageReader(HTMLParser):
    """Visible text, tables (headers and rows) and key-figure cards of a proposal page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tables: list[dict[str, Any]] = []
        self.cards: list[tuple[str, str]] = []
        self._skip = 0
        self._code = 0
        self.code: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False
        self._card: list[str] | None = None
        self._card_label = ""
        self._card_part = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "code":
            self._code += 1
        elif tag == "table":
            self.tables.append({"headers": [], "rows": [], "id": dict(attrs).get("id")})
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "div" and "label" in classes:
            self._card_part = "label"
            self._card = []
        elif tag == "div" and "value" in classes:
            self._card_part = "value"
            self._card = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag == "code":
            self._code -= 1
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            (table["headers"] if self._in_head else table["rows"]).append(self._row)
            self._row = None
        elif tag == "div" and self._card is not None:
            text = " ".join("".join(self._card).split())
            if self._card_part == "label":
                self._card_label = text
            else:
                self.cards.append((self._card_label, text))
            self._card = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._code:  # commands to type: kept apart from the prose
            self.code.append(data)
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._card is not None:
            self._card.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


# the workbook -----------------------------------------------------------------------------------
def sheet_money_columns(sheet: Any, header_row: int) -> list[tuple[str, str, list[Any], list[Any]]]:
    """Money columns of a sheet whose headers are on ``header_row``: (label, unit, values, first cells).

    Rows are read down to the first row whose first cell is empty; formula cells are skipped
    (they are checked against the values beside them elsewhere).
    """
    headers = [c.value for c in sheet[header_row]]
    rows = []
    for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] is None:
            break
        rows.append(values)
    columns = []
    for index, header in enumerate(headers):
        label, unit = header_unit(header)
        if unit not in MONEY_UNITS:
            continue
        values = [r[index] for r in rows]
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            continue
        columns.append((label, unit, values, [r[0] for r in rows]))
    return columns


def summary_money(sheet: Any) -> dict[str, tuple[str, Any]]:
    """Label -> (unit, value) of the money rows at the top of the summary sheet."""
    out = {}
    for label_cell, value_cell, *_ in sheet.iter_rows(min_row=1, max_row=20, values_only=True):
        label, unit = header_unit(label_cell)
        if unit in MONEY_UNITS and not (isinstance(value_cell, str) and value_cell.startswith("=")):
            out[label] = (unit, value_cell)
    return out


def in_cny(value: float | None, unit: str) -> float | None:
    return None if value is None else float(value) * MONEY_UNITS[unit]


def load_book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


# expected money figures -------------------------------------------------------------------------
def expected_yearly(run_folder: Path, labels: dict[str, str]) -> dict[str, np.ndarray]:
    """Label -> the run's yearly figures [CNY], from annual.csv (and the discounting of the NPV).

    ``labels`` maps a column name of annual.csv, or one of the derived names
    ``discounted_total_cny`` (discount factor × total cost) and ``discounted_residual_cny``
    ((1+r)^-N × residual value in the last year), to its label in the proposal.
    """
    annual = pd.read_csv(run_folder / "annual.csv")
    rate = json.loads((run_folder / "scenario.json").read_text(encoding="utf-8"))["discount_rate"]
    years = annual["year"].to_numpy()
    factor = (1 + rate) ** -(years - years[0]).astype(float)
    residual = np.where(years == years[-1], (1 + rate) ** -float(len(years)), 0.0)
    derived = {
        "discounted_total_cny": factor * annual["total_cost_cny"].to_numpy(),
        "discounted_residual_cny": residual * annual["residual_value_cny"].fillna(0).to_numpy(),
        "discounted_outstanding_cny": residual * annual["loan_outstanding_cny"].fillna(0).to_numpy(),
    }
    check_file = run_folder / "full_year_check.csv"
    full_year = pd.read_csv(check_file) if check_file.is_file() else pd.DataFrame()
    out = {}
    for column, label in labels.items():
        if column in derived:
            values = derived[column]
        elif column in annual:
            values = annual[column].fillna(0).to_numpy(dtype=float)
        elif column in full_year:  # the full-year re-check's figures
            values = full_year[column].fillna(0).to_numpy(dtype=float)
        else:
            values = np.full(len(years), np.nan)
        out[label] = values
    return out


# one language -----------------------------------------------------------------------------------
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")

#: units and unit parts that may stand in Chinese text (one-letter symbols are allowed anyway)
UNIT_WORDS = {"kWh", "kWp", "kW", "MWh", "MW", "Wh", "GJ", "TJ", "tC", "tCO", "Nm"}
#: names of products and sources kept as they are in Chinese text
PROPER_NAMES = {"zcf", "opt", "REopt", "PVWatts", "Excel"}


def user_names(run_folder: Path) -> list[str]:
    """Names the user gave (factory, scenario, measures), longest first, from ``scenario.json``."""
    scenario = json.loads((run_folder / "scenario.json").read_text(encoding="utf-8"))
    factory = scenario["factory"]
    names = [scenario.get("name", ""), scenario.get("description", ""), factory.get("name", "")]
    names.append(factory.get("description", ""))
    for fleet in factory.get("motors", []):
        names.append(fleet["name"])
        for option in fleet.get("options", []):
            names += [option["name"], f"{fleet['name']}/{option['name']}"]
            names.append(f"{fleet['name']}: {fleet['efficiency_class']} -> {option['efficiency_class']}")
    names += [project["name"] for project in factory.get("waste_heat", [])]
    heat = factory.get("heat") or {}
    for key in ("demands", "options", "storage"):
        names += [item["name"] for item in heat.get(key, [])]
    for measure in factory.get("efficiency", []):
        names += [measure["name"], measure["of"], f"{measure['name']} ({measure['of']})"]
    names += [use["name"] for use in factory.get("electricity_end_uses", [])]
    scope3 = factory.get("scope3", {})
    for item in scope3.get("purchased_goods", []) + scope3.get("logistics", []):
        names.append(item.get("category") or item.get("mode"))
        names += [option["name"] for option in item.get("options", [])]
    for group in factory.get("equipment", []):
        names.append(group["name"])
        names += [f"{group['name']}/{option['name']}" for option in group.get("options", [])]
    production = factory.get("production") or {}
    names += [production.get("product", ""), production.get("unit", "")]
    summary = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    names += [summary.get("scenario", ""), summary.get("factory", "")]
    data_files = [summary.get("weather_file") or "", *summary.get("load_files", [])]
    names += [Path(f).name for f in data_files if f]
    return sorted({" ".join(n.split()) for n in names if n and n.strip()}, key=len, reverse=True)


def without_names(text: str, names: list[str]) -> str:
    text = " ".join(text.split())
    for name in names:
        text = text.replace(name, " ")
    return text


def foreign_words(text: str, lang: str) -> list[str]:
    """Words of the other language, and snake_case identifiers, in ``text``."""
    found = SNAKE.findall(text)
    if lang == "en":
        return found + CJK.findall(text)
    for word in WORD.findall(text):
        acronym = word.upper() == word  # codes and acronyms: NPV, GEC, IE4, II, T, CECA
        symbol = len(word) == 1  # r, N, t, h: symbols and unit letters
        if not (acronym or symbol) and word not in UNIT_WORDS and word not in PROPER_NAMES:
            found.append(word)
    return found


def workbook_strings(path: Path) -> list[str]:
    """Sheet names and every string cell of a workbook (formulas excepted)."""
    book = openpyxl.load_workbook(path)
    strings = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            strings += [v for v in row if isinstance(v, str) and not v.startswith("=")]
    return strings


# the money check --------------------------------------------------------------------------------
def _close(shown: float | None, expected_cny: float, unit: str, page: bool) -> bool:
    """Whether a figure shown in ``unit`` equals ``expected_cny`` up to its display rounding."""
    if shown is None:
        return abs(expected_cny) < 1e-6
    value = in_cny(shown, unit)
    if page:  # the page rounds 万元 to 0.1 and CNY to 1: half a step either way
        step = 0.1 * MONEY_UNITS[unit] if MONEY_UNITS[unit] > 1 else 1.0
        return abs(value - expected_cny) <= 0.51 * step + 1e-6 * abs(expected_cny)
    return abs(value - expected_cny) <= 1e-6 * max(1.0, abs(expected_cny))


def yearly_labels(lang: str) -> dict[str, list[str]]:
    """Column of annual.csv (or derived name) -> its label, for every yearly money column."""
    from zcf_opt.report.cashflow import COLUMNS as CASH_COLUMNS
    from zcf_opt.report.i18n import COLUMN_LABELS, Text
    from zcf_opt.report.xlsx import cash_flow_label

    text = Text(lang)
    labels: dict[str, list[str]] = {}
    for column, (_zh, _en, unit) in COLUMN_LABELS.items():
        if unit == "CNY":
            labels.setdefault(column, []).append(text.column(column, with_unit=False))
    derived = {
        "discounted_cost_cny": "discounted_total_cny",
        "discounted_residual_cny": "discounted_residual_cny",
        "discounted_outstanding_cny": "discounted_outstanding_cny",
        "net_discounted_cny": "discounted_cost_cny",
    }
    for column in CASH_COLUMNS:
        if column.endswith("_cny"):
            label = header_unit(cash_flow_label(column, text))[0]
            labels.setdefault(derived.get(column, column), []).append(label)
    return labels


def check_money(run_folder: Path, reports: dict[str, Path]) -> int:
    """Check every money figure of the page and workbook of each language; return how many.

    Tables by year are checked against annual.csv, the investment plan against
    investments.csv, key figures against summary.json; every money column (these and the
    rest, e.g. per-measure economics) must agree between the two languages in its stated unit.
    """
    from zcf_opt.report.i18n import Text
    from zcf_opt.report.xlsx import HEADER_ROW

    summary = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    investments = pd.read_csv(run_folder / "investments.csv")
    plan_order = investments.sort_values(["year", "capex_cny"], ascending=[True, False], kind="stable")
    checked = 0
    page_columns: dict[str, list] = {}
    book_columns: dict[str, list] = {}
    for lang, folder in reports.items():
        text = Text(lang)
        by_label: dict[str, np.ndarray] = {}
        for column, labels in yearly_labels(lang).items():
            values = expected_yearly(run_folder, {column: "x"})["x"]
            for label in labels:
                assert label not in by_label or np.allclose(by_label[label], values), label
                by_label[label] = values
        page = read_page(folder / "proposal.html")
        # key figures
        cards = dict(page.cards)
        assert text.money(summary["objective_npv_cny"]) == cards[text("npv")]
        assert text.money(float(investments["capex_cny"].sum())) == cards[text("total_capex")]
        checked += 2
        page_columns[lang] = []
        for table in page.tables:
            if not table["headers"]:
                continue
            headers = table["headers"][0]
            for index, header in enumerate(headers):
                label, unit = header_unit(header)
                if unit not in MONEY_UNITS:
                    continue
                rows = [r for r in table["rows"] if len(r) == len(headers)]
                year_rows = [r for r in rows if r[0].isdigit()]
                figures = [parse_number(r[index]) for r in year_rows]
                page_columns[lang].append((label, unit, [parse_number(r[index]) for r in rows]))
                if headers[0] == text("year") and text("option") in headers:
                    expected = plan_order["capex_cny"].to_numpy()
                elif headers[0] == text("year"):
                    assert label in by_label, f"money column '{header}' is not checked against annual.csv"
                    expected = by_label[label]
                else:
                    continue  # per-measure and sweep figures: checked across the languages below
                assert len(figures) == len(expected), header
                for shown, value in zip(figures, expected, strict=True):
                    assert _close(shown, float(value), unit, page=True), (lang, header, shown, value)
                    checked += 1
        book = load_book(folder / "proposal.xlsx")
        for label, (unit, value) in summary_money(book[text("sheet_summary")]).items():
            expected = {
                text("npv"): summary["objective_npv_cny"],
                text("accounting_npv"): summary["accounting_npv_cny"],
                text("total_capex"): float(investments["capex_cny"].sum()),
            }[label]
            assert _close(value, expected, unit, page=False), (lang, label, value, expected)
            checked += 1
        book_columns[lang] = []
        for sheet_key, header_row in (
            ("sheet_investments", 1),
            ("sheet_cash_flow", HEADER_ROW),
            ("sheet_annual", 1),
            ("sheet_measures", 1),
            ("sheet_full_year", 1),
        ):
            if text(sheet_key) not in book.sheetnames:
                continue
            for label, unit, values, firsts in sheet_money_columns(book[text(sheet_key)], header_row):
                book_columns[lang].append((sheet_key, label, unit, values))
                if sheet_key == "sheet_investments":
                    expected = investments["capex_cny"].to_numpy()
                elif sheet_key == "sheet_measures":
                    continue
                else:
                    assert label in by_label, f"{sheet_key}: money column '{label}' is not checked"
                    expected = by_label[label]
                    values = [v for v, first in zip(values, firsts, strict=True) if isinstance(first, int)]
                assert len(values) == len(expected), (sheet_key, label)
                for shown, value in zip(values, expected, strict=True):
                    assert _close(shown, float(value), unit, page=False), (
                        lang,
                        sheet_key,
                        label,
                        shown,
                        value,
                    )
                    checked += 1
    if len(reports) == 2:
        for (_, zh_unit, zh_values), (_, en_unit, en_values) in zip(
            page_columns["zh"], page_columns["en"], strict=True
        ):
            for zh, en in zip(zh_values, en_values, strict=True):
                if en is not None:
                    assert _close(zh, in_cny(en, en_unit), zh_unit, page=True), (zh, en)
                    checked += 1
        for (sheet, _, zh_unit, zh_values), (_, _, en_unit, en_values) in zip(
            book_columns["zh"], book_columns["en"], strict=True
        ):
            for zh, en in zip(zh_values, en_values, strict=True):
                if isinstance(en, int | float):
                    assert _close(zh, in_cny(en, en_unit), zh_unit, page=False), (sheet, zh, en)
                    checked += 1
    return checked
