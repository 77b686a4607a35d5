"""The proposal as an Excel workbook (openpyxl): numbers as numbers, units in the headers.

Sheets: summary, investments, cash flow, annual results, measure economics, assumptions, and
the sweep's cost curve and MACC when present. Money is in CNY (元).

Every value column holds the computed number, so the workbook reads correctly without
recalculation (openpyxl stores no cached formula results). The cash-flow sheet adds
"formula check" columns that recompute the total cost, the discount factor, each year's net
discounted cost and the NPV with Excel formulas from the discount rate, first year and number
of years at the top of the sheet; the summary's NPV check cell refers to that NPV formula.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zcf_opt import __version__
from zcf_opt.economics import Economics, economics_table
from zcf_opt.report.cashflow import COLUMNS as CASH_COLUMNS
from zcf_opt.report.cashflow import cash_flow
from zcf_opt.report.data import RunData
from zcf_opt.report.html import option_name
from zcf_opt.report.i18n import COLUMN_LABELS, Text

MONEY = "#,##0"
FACTOR = "0.000000"
SHARE = "0.0%"
QUANTITY = "#,##0.0"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
CHECK_FILL = PatternFill("solid", fgColor="FFF4D6")
BOLD = Font(bold=True)

#: cash-flow column -> i18n key of its label
CASH_LABELS = {
    "year": "year",
    "capex_cny": "capex",
    "opex_cny": "opex",
    "electricity_cost_cny": "electricity_cost",
    "gas_cost_cny": "gas_cost",
    "export_revenue_cny": "export_revenue",
    "energy_cost_cny": "energy_cost",
    "green_power_cost_cny": "green_power_cost",
    "gec_cost_cny": "gec_cost",
    "offsets_cost_cny": "offsets_cost",
    "removals_cost_cny": "removals_cost",
    "market_cost_cny": "market_cost",
    "total_cost_cny": "total_cost",
    "residual_value_cny": "residual_value",
    "discount_factor": "discount_factor",
    "discounted_cost_cny": "discounted_cost",
    "residual_discount_factor": "residual_discount_factor",
    "discounted_residual_cny": "discounted_residual",
    "net_discounted_cny": "net_discounted",
}

#: rows of the cash-flow sheet: parameters at the top, then the table
RATE_ROW, FIRST_YEAR_ROW, N_ROW, HEADER_ROW = 1, 2, 3, 5


def cash_flow_label(column: str, text: Text) -> str:
    """Header of a cash-flow column, with its unit, e.g. ``"投资 [元]"``."""
    if column == "year":
        return text("year")
    unit = text.cny if column.endswith("_cny") else "1"
    return text.with_unit(CASH_LABELS[column], unit)


def _clean(value: object) -> object:
    """A cell value: numpy scalars to Python, NaN to empty."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _header(sheet: Worksheet, row: int, labels: list[str], fill: PatternFill = HEADER_FILL) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: dict[int, float] | float) -> None:
    for column in range(1, sheet.max_column + 1):
        width = widths.get(column, 14) if isinstance(widths, dict) else widths
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary(book: Workbook, run: RunData, text: Text, npv_formula_cell: str) -> None:
    sheet = book.worksheets[0]
    sheet.title = text("sheet_summary")
    summary = run.summary
    rows: list[tuple[str, object, str | None]] = [
        (text("scenario"), summary.get("scenario"), None),
        (text("factory"), summary.get("factory"), None),
        (text("standard"), f"{run.rulebook.standard} {run.rulebook.title}", None),
        (text("status"), summary.get("status"), None),
        (text.with_unit("npv", text.cny), run.npv, MONEY),
        (text.with_unit("accounting_npv", text.cny), summary.get("accounting_npv_cny"), MONEY),
        (text.with_unit("npv_formula", text.cny), f"={npv_formula_cell}", MONEY),
        (text.with_unit("discount_rate", "1/yr"), run.discount_rate, "0.00%"),
        (text("first_year"), run.first_year, None),
        (text("n_years"), run.n_years, None),
        (text.with_unit("total_capex", text.cny), float(run.investments["capex_cny"].sum()), MONEY),
        (text("mip_gap"), summary.get("mip_gap"), "0.00%"),
        ("zcf-opt", __version__, None),
    ]
    for index, (label, value, number_format) in enumerate(rows, start=1):
        sheet.cell(row=index, column=1, value=label).font = BOLD
        cell = sheet.cell(row=index, column=2, value=_clean(value))
        if number_format:
            cell.number_format = number_format
    start = len(rows) + 2
    sheet.cell(row=start, column=1, value=text("levels_by_year")).font = BOLD
    _header(
        sheet,
        start + 1,
        [
            text("year"),
            text("target_level"),
            text("achieved_level"),
            text.with_unit("re_share", "1"),
            text("provisional"),
        ],
    )
    targets, achieved = run.target_levels(), run.achieved_levels()
    for offset, (year, share, provisional) in enumerate(
        zip(run.years, run.annual["re_share"], run.annual["target_provisional"], strict=True), start=2
    ):
        row = start + offset
        sheet.cell(row=row, column=1, value=year)
        sheet.cell(row=row, column=2, value=targets[year])
        sheet.cell(row=row, column=3, value=achieved[year])
        sheet.cell(row=row, column=4, value=float(share)).number_format = SHARE
        sheet.cell(row=row, column=5, value=bool(str(provisional).lower() in ("true", "1")))
    _widths(sheet, {1: 34, 2: 44, 3: 16, 4: 16, 5: 12})


def _investments(book: Workbook, run: RunData, text: Text) -> None:
    sheet = book.create_sheet(text("sheet_investments"))
    _header(
        sheet,
        1,
        [
            text("year"),
            text("lever"),
            text("option"),
            text("size"),
            text("unit"),
            text.with_unit("capex", text.cny),
        ],
    )
    for row, item in enumerate(run.investments.itertuples(), start=2):
        sheet.cell(row=row, column=1, value=int(item.year))
        sheet.cell(row=row, column=2, value=str(item.lever))
        sheet.cell(row=row, column=3, value=str(item.option))
        sheet.cell(row=row, column=4, value=_clean(float(item.size))).number_format = QUANTITY
        sheet.cell(row=row, column=5, value=str(item.unit))
        sheet.cell(row=row, column=6, value=float(item.capex_cny)).number_format = MONEY
    sheet.freeze_panes = "A2"
    _widths(sheet, {1: 8, 2: 14, 3: 40, 4: 14, 5: 12, 6: 18})


def _cash_flow(book: Workbook, run: RunData, text: Text) -> str:
    """Write the cash-flow sheet; return the address of the NPV formula cell."""
    sheet = book.create_sheet(text("sheet_cash_flow"))
    table = cash_flow(run)
    for row, (label, value, number_format) in {
        RATE_ROW: (text.with_unit("discount_rate", "1/yr"), run.discount_rate, "0.00%"),
        FIRST_YEAR_ROW: (text("first_year"), run.first_year, None),
        N_ROW: (text("n_years"), run.n_years, None),
    }.items():
        sheet.cell(row=row, column=1, value=label).font = BOLD
        cell = sheet.cell(row=row, column=2, value=value)
        if number_format:
            cell.number_format = number_format
    letter = {name: get_column_letter(i) for i, name in enumerate(CASH_COLUMNS, start=1)}
    checks = [text("total_formula"), text("df_formula"), text("net_formula")]
    _header(sheet, HEADER_ROW, [cash_flow_label(c, text) for c in CASH_COLUMNS])
    first_check = len(CASH_COLUMNS) + 1
    for offset, label in enumerate(checks):
        cell = sheet.cell(
            row=HEADER_ROW, column=first_check + offset, value=f"{label} [{text.cny if offset != 1 else '1'}]"
        )
        cell.font, cell.fill = BOLD, CHECK_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    check_letter = [get_column_letter(first_check + k) for k in range(3)]
    rate, first, n = f"$B${RATE_ROW}", f"$B${FIRST_YEAR_ROW}", f"$B${N_ROW}"
    for index, record in enumerate(table.itertuples(index=False), start=HEADER_ROW + 1):
        for column, name in enumerate(CASH_COLUMNS, start=1):
            value = _clean(getattr(record, name))
            cell = sheet.cell(row=index, column=column, value=int(value) if name == "year" else value)
            if name != "year":
                cell.number_format = FACTOR if "factor" in name else MONEY
        year, total, residual = (
            f"{letter[c]}{index}" for c in ("year", "total_cost_cny", "residual_value_cny")
        )
        parts = "+".join(
            f"{letter[c]}{index}" for c in ("capex_cny", "opex_cny", "energy_cost_cny", "market_cost_cny")
        )
        formulas = [
            (f"={parts}", MONEY),
            (f"=(1+{rate})^-({year}-{first})", FACTOR),
            (
                f"=(1+{rate})^-({year}-{first})*{total}-IF({year}={first}+{n}-1,(1+{rate})^-{n}*{residual},0)",
                MONEY,
            ),
        ]
        for offset, (formula, number_format) in enumerate(formulas):
            cell = sheet.cell(row=index, column=first_check + offset, value=formula)
            cell.number_format, cell.fill = number_format, CHECK_FILL
    last = HEADER_ROW + len(table)
    total_row = last + 1
    sheet.cell(row=total_row, column=1, value=text("npv_row")).font = BOLD
    cell = sheet.cell(row=total_row, column=len(CASH_COLUMNS), value=float(table["net_discounted_cny"].sum()))
    cell.number_format, cell.font = MONEY, BOLD
    check = check_letter[2]
    cell = sheet.cell(
        row=total_row, column=first_check + 2, value=f"=SUM({check}{HEADER_ROW + 1}:{check}{last})"
    )
    cell.number_format, cell.font, cell.fill = MONEY, BOLD, CHECK_FILL
    sheet.cell(row=total_row + 2, column=1, value=text("method_npv")).alignment = Alignment(wrap_text=False)
    sheet.cell(row=total_row + 3, column=1, value=text("method_workbook"))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    _widths(sheet, 16)
    sheet.column_dimensions["A"].width = 22
    return f"'{sheet.title}'!{check}{total_row}"


def _annual(book: Workbook, run: RunData, text: Text) -> None:
    sheet = book.create_sheet(text("sheet_annual"))
    columns = [c for c in run.annual.columns]
    _header(sheet, 1, [text.column(c) for c in columns])
    for row, record in enumerate(run.annual.itertuples(index=False), start=2):
        for column, name in enumerate(columns, start=1):
            value = _clean(getattr(record, name))
            unit = COLUMN_LABELS.get(name, ("", "", ""))[2]
            if name.endswith("_provisional"):
                value = str(value).strip().lower() in ("true", "1", "1.0")
            cell = sheet.cell(row=row, column=column, value=value)
            if name == "year":
                continue
            if name == "re_share":
                cell.number_format = SHARE
            elif name == "discount_factor":
                cell.number_format = FACTOR
            elif unit == "CNY":
                cell.number_format = MONEY
            elif isinstance(value, float):
                cell.number_format = QUANTITY
    sheet.freeze_panes = "B2"
    _widths(sheet, 15)


def _measures(book: Workbook, economics: list[Economics], text: Text) -> None:
    sheet = book.create_sheet(text("sheet_measures"))
    table = economics_table(economics)
    columns = [
        ("option", text("option"), None),
        ("lever", text("lever"), None),
        ("built_year", text("built_year"), "0"),
        ("capex_cny", text.with_unit("capex", text.cny), MONEY),
        ("life_years", text.with_unit("life", "yr"), "0"),
        ("electricity_saving_mwh_per_year", text.with_unit("elec_saving", "MWh/yr"), QUANTITY),
        ("gas_saving_nm3_per_year", text.with_unit("gas_saving", "Nm³/yr"), MONEY),
        ("annual_saving_cny", text.with_unit("annual_saving", f"{text.cny}/yr"), MONEY),
        ("simple_payback_years", text.with_unit("simple_payback", "yr"), "0.0"),
        ("npv_cny", text.with_unit("npv_short", text.cny), MONEY),
        ("irr", text.with_unit("irr", "1/yr"), SHARE),
        ("abatement_tco2e_per_year", text.with_unit("abatement", "tCO₂e/yr"), QUANTITY),
        ("abatement_cost_cny_per_tco2e", text.with_unit("abatement_cost", text.cny_per_tco2e), MONEY),
    ]
    _header(sheet, 1, [label for _, label, _ in columns])
    for row, (item, economics_row) in enumerate(
        zip(table.itertuples(index=False), economics, strict=True), start=2
    ):
        for column, (name, _, number_format) in enumerate(columns, start=1):
            value = _clean(getattr(item, name))
            if name == "option":
                value = option_name(economics_row, text)
            elif name == "lever":
                value = text.lever(str(value))
            elif name == "built_year":
                value = int(value) if value is not None else text("not_built")
            cell = sheet.cell(row=row, column=column, value=value)
            if number_format and isinstance(value, int | float):
                cell.number_format = number_format
    last = len(economics) + 3
    sheet.cell(row=last, column=1, value=text("method_measures"))
    sheet.cell(row=last + 1, column=1, value=text("method_levers"))
    sheet.freeze_panes = "B2"
    _widths(sheet, {1: 36, 2: 16})


def _assumptions(book: Workbook, run: RunData, text: Text, notes: list[str]) -> None:
    sheet = book.create_sheet(text("sheet_assumptions"))
    row = 1
    sheet.cell(row=row, column=1, value=text("sec_defaults")).font = BOLD
    row += 1
    _header(
        sheet,
        row,
        [
            text("field"),
            text("key"),
            text("value"),
            text("unit"),
            text("source"),
            text("source_year"),
            text("figure_status"),
        ],
    )
    for use in run.summary.get("defaults_used", []):
        row += 1
        value = use.get("value")
        values = [
            use.get("field"),
            use.get("key"),
            value if isinstance(value, int | float) else str(value),
            use.get("unit"),
            use.get("source"),
            use.get("year"),
            text.figure_status(str(use.get("status"))),
        ]
        for column, item in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=_clean(item))
        if use.get("status") == "placeholder":
            sheet.cell(row=row, column=7).font = Font(bold=True, color="C0392B")
    row += 2
    sheet.cell(row=row, column=1, value=text("sec_provisional")).font = BOLD
    row += 1
    _header(
        sheet,
        row,
        [
            text("level"),
            text.with_unit("min_re", "1"),
            text.with_unit("min_neutralised", "1"),
            text.with_unit("min_removal", "1"),
            text("used_as_target"),
            text("source"),
        ],
    )
    targets = {level for level in run.target_levels().values() if level}
    for rule in run.provisional_rules():
        row += 1
        values = [
            rule.level,
            rule.min_re_share,
            rule.min_neutralised_share,
            rule.min_removal_share,
            text("yes") if rule.level in targets else text("no"),
            rule.source,
        ]
        for column, item in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=item)
            if isinstance(item, float):
                cell.number_format = SHARE
    row += 2
    sheet.cell(row=row, column=1, value=text("sec_warnings")).font = BOLD
    for warning in list(run.summary.get("warnings") or []) + list(run.notes) + notes:
        row += 1
        sheet.cell(row=row, column=1, value=warning)
    row += 2
    sheet.cell(row=row, column=1, value=text("sec_method")).font = BOLD
    for key in ("method_npv", "method_measures", "method_levers", "method_workbook"):
        row += 1
        sheet.cell(row=row, column=1, value=text(key))
    _widths(sheet, {1: 44, 2: 36, 3: 12, 4: 14, 5: 70, 6: 8, 7: 18})


def _table_sheet(book: Workbook, title: str, table: pd.DataFrame) -> None:
    """A sweep table as it is, its column names (with units) as headers."""
    sheet = book.create_sheet(title)
    _header(sheet, 1, [str(c) for c in table.columns])
    for row, record in enumerate(table.itertuples(index=False), start=2):
        for column, value in enumerate(record, start=1):
            value = _clean(value)
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
    _widths(sheet, 18)


def write_workbook(
    run: RunData, text: Text, economics: list[Economics], path: Path, notes: list[str] | None = None
) -> Path:
    """Write ``proposal.xlsx``.

    Parameters
    ----------
    run
        The run folder's contents.
    text
        Wording of sheet names and headers.
    economics
        Per-measure economics, in display order.
    path
        File to write.
    notes
        Remarks on the report itself, listed with the warnings.
    """
    book = Workbook()  # its first sheet becomes the summary
    _investments(book, run, text)
    npv_cell = _cash_flow(book, run, text)
    _summary(book, run, text, npv_cell)
    _annual(book, run, text)
    _measures(book, economics, text)
    _assumptions(book, run, text, notes or [])
    if run.sweep.cost_curve is not None:
        _table_sheet(book, text("sheet_cost_curve"), run.sweep.cost_curve)
    if run.sweep.macc is not None:
        _table_sheet(book, text("sheet_macc"), run.sweep.macc)
    book.calculation.fullCalcOnLoad = True
    book.save(path)
    return path
