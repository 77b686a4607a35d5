"""The proposal as an Excel workbook (openpyxl): numbers as numbers, units in the headers.

Sheets: summary, investments, cash flow, annual results, measure economics, assumptions, and
the sweep's cost curve and MACC when present. Money amounts are in 万元 in the Chinese workbook
and in CNY in the English one (:mod:`zcf_opt.units`), each header naming its unit; unit costs
stay in 元 / CNY.

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
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zcf_opt import __version__
from zcf_opt.economics import Economics, economics_table
from zcf_opt.report.cashflow import COLUMNS as CASH_COLUMNS
from zcf_opt.report.cashflow import TOTAL_PARTS, cash_flow
from zcf_opt.report.data import RunData
from zcf_opt.report.electricity import battery_table, full_year_table
from zcf_opt.report.evidence import annual_column_label, evidence_rows, reading_lines, unit_text
from zcf_opt.report.html import default_rows, investment_option, macc_wording, option_name, sweep_messages
from zcf_opt.report.i18n import COLUMN_LABELS, Text
from zcf_opt.report.sweep_charts import BASELINE
from zcf_opt.standards.library import column_key
from zcf_opt.units import money_excel_format

UNIT_COST = "#,##0"
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
    "investment_subsidy_cny": "investment_subsidy",
    "output_subsidy_cny": "output_subsidy",
    "loan_drawn_cny": "loan_drawn",
    "loan_repayment_cny": "loan_repayment",
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
    "supply_chain_cost_cny": "supply_chain_cost",
    "total_cost_cny": "total_cost",
    "residual_value_cny": "residual_value",
    "loan_outstanding_cny": "loan_outstanding",
    "discount_factor": "discount_factor",
    "discounted_cost_cny": "discounted_cost",
    "residual_discount_factor": "residual_discount_factor",
    "discounted_residual_cny": "discounted_residual",
    "discounted_outstanding_cny": "discounted_outstanding",
    "net_discounted_cny": "net_discounted",
}

#: rows of the cash-flow sheet: parameters at the top, then the table
RATE_ROW, FIRST_YEAR_ROW, N_ROW, HEADER_ROW = 1, 2, 3, 5


def cash_flow_label(column: str, text: Text) -> str:
    """Header of a cash-flow column, with its unit, e.g. ``"投资 [万元]"``."""
    if column == "year":
        return text("year")
    unit = text.money_unit if column.endswith("_cny") else "1"
    return text.with_unit(CASH_LABELS[column], unit)


def _money(value: object, text: Text) -> object:
    """An amount [CNY] as a cell value in the workbook's money unit (empty stays empty)."""
    value = _clean(value)
    return (
        text.to_money(float(value))
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
    )


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
    money, money_format = text.money_unit, money_excel_format(text.lang)
    rows: list[tuple[str, object, str | None]] = [
        (text("scenario"), summary.get("scenario"), None),
        (text("factory"), summary.get("factory"), None),
        (
            text("standard"),
            f"{run.rulebook.standard_in(text.lang)} {run.rulebook.title_in(text.lang)}",
            None,
        ),
        *((label, value, None) for label, value in reading_lines(run, text)),
        (text("status"), text.solver_status(str(summary.get("status"))), None),
        (text.with_unit("npv", money), _money(run.npv, text), money_format),
        (
            text.with_unit("accounting_npv", money),
            _money(summary.get("accounting_npv_cny"), text),
            money_format,
        ),
        (text.with_unit("npv_formula", money), f"={npv_formula_cell}", money_format),
        (text.with_unit("discount_rate", text.unit("1/yr")), run.discount_rate, "0.00%"),
        (text("first_year"), run.first_year, None),
        (text("n_years"), run.n_years, None),
        (
            text.with_unit("total_capex", money),
            _money(run.investments["capex_cny"].sum(), text),
            money_format,
        ),
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
            text("re_share"),
            text("provisional"),
        ],
    )
    targets, achieved = run.target_levels(), run.achieved_levels()
    for offset, (year, share, provisional) in enumerate(
        zip(run.years, run.annual["re_share"], run.annual["target_provisional"], strict=True), start=2
    ):
        row = start + offset
        sheet.cell(row=row, column=1, value=year)
        sheet.cell(row=row, column=2, value=run.level_text(targets[year], text) if targets[year] else None)
        sheet.cell(row=row, column=3, value=run.level_text(achieved[year], text) if achieved[year] else None)
        sheet.cell(row=row, column=4, value=float(share)).number_format = SHARE
        sheet.cell(row=row, column=5, value=text.yes_no(str(provisional).lower() in ("true", "1")))
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
            text.with_unit("capex", text.money_unit),
        ],
    )
    for row, item in enumerate(run.investments.itertuples(), start=2):
        option = investment_option(run, int(item.year), str(item.lever), str(item.option), text)
        sheet.cell(row=row, column=1, value=int(item.year))
        sheet.cell(row=row, column=2, value=text.lever(str(item.lever)))
        sheet.cell(row=row, column=3, value=option)
        sheet.cell(row=row, column=4, value=_clean(float(item.size))).number_format = QUANTITY
        sheet.cell(row=row, column=5, value=text.unit(str(item.unit)))
        cell = sheet.cell(row=row, column=6, value=_money(item.capex_cny, text))
        cell.number_format = money_excel_format(text.lang)
    sheet.freeze_panes = "A2"
    _widths(sheet, {1: 8, 2: 14, 3: 40, 4: 14, 5: 12, 6: 18})


def _cash_flow(book: Workbook, run: RunData, text: Text) -> str:
    """Write the cash-flow sheet; return the address of the NPV formula cell."""
    sheet = book.create_sheet(text("sheet_cash_flow"))
    money_format = money_excel_format(text.lang)
    table = cash_flow(run)
    for row, (label, value, number_format) in {
        RATE_ROW: (text.with_unit("discount_rate", text.unit("1/yr")), run.discount_rate, "0.00%"),
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
            row=HEADER_ROW,
            column=first_check + offset,
            value=f"{label} [{text.money_unit if offset != 1 else '1'}]",
        )
        cell.font, cell.fill = BOLD, CHECK_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    check_letter = [get_column_letter(first_check + k) for k in range(3)]
    rate, first, n = f"$B${RATE_ROW}", f"$B${FIRST_YEAR_ROW}", f"$B${N_ROW}"
    for index, record in enumerate(table.itertuples(index=False), start=HEADER_ROW + 1):
        for column, name in enumerate(CASH_COLUMNS, start=1):
            value = _clean(getattr(record, name))
            if name == "year":
                value = int(value)
            elif name.endswith("_cny"):
                value = _money(value, text)
            cell = sheet.cell(row=index, column=column, value=value)
            if name != "year":
                cell.number_format = FACTOR if "factor" in name else money_format
        year, total, residual, outstanding = (
            f"{letter[c]}{index}"
            for c in ("year", "total_cost_cny", "residual_value_cny", "loan_outstanding_cny")
        )
        parts = "".join(f"{'+' if sign > 0 else '-'}{letter[c]}{index}" for sign, c in TOTAL_PARTS)
        last_year = f"{year}={first}+{n}-1"
        formulas = [
            (f"={parts.removeprefix('+')}", "money"),
            (f"=(1+{rate})^-({year}-{first})", FACTOR),
            (
                f"=(1+{rate})^-({year}-{first})*{total}"
                f"-IF({last_year},(1+{rate})^-{n}*({residual}-{outstanding}),0)",
                "money",
            ),
        ]
        for offset, (formula, number_format) in enumerate(formulas):
            number_format = money_format if number_format == "money" else number_format
            cell = sheet.cell(row=index, column=first_check + offset, value=formula)
            cell.number_format, cell.fill = number_format, CHECK_FILL
    last = HEADER_ROW + len(table)
    total_row = last + 1
    sheet.cell(row=total_row, column=1, value=text("npv_row")).font = BOLD
    cell = sheet.cell(
        row=total_row, column=len(CASH_COLUMNS), value=_money(table["net_discounted_cny"].sum(), text)
    )
    cell.number_format, cell.font = money_format, BOLD
    check = check_letter[2]
    cell = sheet.cell(
        row=total_row, column=first_check + 2, value=f"=SUM({check}{HEADER_ROW + 1}:{check}{last})"
    )
    cell.number_format, cell.font, cell.fill = money_format, BOLD, CHECK_FILL
    sheet.cell(row=total_row + 2, column=1, value=text("method_npv")).alignment = Alignment(wrap_text=False)
    sheet.cell(row=total_row + 3, column=1, value=text("method_workbook"))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    _widths(sheet, 16)
    sheet.column_dimensions["A"].width = 22
    return f"'{sheet.title}'!{check}{total_row}"


def level_cell(run: RunData, column: str, level: str, text: Text) -> str:
    """A level of an annual.csv column in the reader's language, with its standard's names."""
    suffix = column.removeprefix("target_level").removeprefix("achieved_level").lstrip("_")
    other = {column_key(key): rb for key, rb in run.rulebooks.items()}.get(suffix)
    return run.level_text(level, text, other)


def _annual(book: Workbook, run: RunData, text: Text) -> None:
    sheet = book.create_sheet(text("sheet_annual"))
    columns = [c for c in run.annual.columns]
    _header(sheet, 1, [annual_column_label(run, c, text) or text.column(c) for c in columns])
    for row, record in enumerate(run.annual.itertuples(index=False), start=2):
        for column, name in enumerate(columns, start=1):
            value = _clean(getattr(record, name))
            unit = COLUMN_LABELS.get(name, ("", "", ""))[2]
            if name.endswith("_provisional") or (name.startswith("target_met") and value is not None):
                value = text.yes_no(str(value).strip().lower() in ("true", "1", "1.0"))
            elif name.startswith(("target_level", "achieved_level")) and isinstance(value, str):
                value = level_cell(run, name, value, text)
            elif unit == "CNY":
                value = _money(value, text)
            cell = sheet.cell(row=row, column=column, value=value)
            if name == "year":
                continue
            if name == "re_share":
                cell.number_format = SHARE
            elif name == "discount_factor":
                cell.number_format = FACTOR
            elif unit == "CNY":
                cell.number_format = money_excel_format(text.lang)
            elif isinstance(value, float):
                cell.number_format = QUANTITY
    sheet.freeze_panes = "B2"
    _widths(sheet, 15)


def _measures(book: Workbook, economics: list[Economics], text: Text) -> None:
    sheet = book.create_sheet(text("sheet_measures"))
    table = economics_table(economics)
    money = money_excel_format(text.lang)
    columns = [
        ("option", text("option"), None),
        ("lever", text("lever"), None),
        ("built_year", text("built_year"), "0"),
        ("capex_cny", text.with_unit("capex", text.money_unit), money),
        ("life_years", text.with_unit("life", text.unit("yr")), "0"),
        ("electricity_saving_mwh_per_year", text.with_unit("elec_saving", text.unit("MWh/yr")), QUANTITY),
        ("gas_saving_nm3_per_year", text.with_unit("gas_saving", text.unit("Nm3/yr")), UNIT_COST),
        ("annual_saving_cny", text.with_unit("annual_saving", text.money_per_year), money),
        ("simple_payback_years", text.with_unit("simple_payback", text.unit("yr")), "0.0"),
        ("npv_cny", text.with_unit("npv_short", text.money_unit), money),
        ("irr", text.with_unit("irr", text.unit("1/yr")), SHARE),
        ("abatement_tco2e_per_year", text.with_unit("abatement", text.unit("tCO2e/yr")), QUANTITY),
        ("abatement_cost_cny_per_tco2e", text.with_unit("abatement_cost", text.cny_per_tco2e), UNIT_COST),
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
            elif name in ("capex_cny", "annual_saving_cny", "npv_cny"):
                value = _money(value, text)
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
            text("value"),
            text("unit"),
            text("source"),
            text("source_year"),
            text("figure_status"),
        ],
    )
    for item in default_rows(run, text):
        row += 1
        raw = item["raw_value"]
        values = [
            item["label"],
            raw if isinstance(raw, int | float) and not isinstance(raw, bool) else item["value"],
            item["unit"],
            item["source"],
            item["year"],
            item["status"],
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=_clean(value))
        # the YAML field to set, for whoever edits the input files
        sheet.cell(row=row, column=1).comment = Comment(item["field"], "zcf-opt")
        if item["placeholder"]:
            sheet.cell(row=row, column=6).font = Font(bold=True, color="C0392B")
    row += 2
    sheet.cell(row=row, column=1, value=text("sec_provisional")).font = BOLD
    row += 1
    _header(
        sheet,
        row,
        [text("level"), text("requirement"), text("used_as_target"), text("source")],
    )
    targets = {level for level in run.target_levels().values() if level}
    for rule in run.provisional_rules():
        for requirement in (r for r in rule.active() if r.provisional):
            row += 1
            values = [
                run.level_text(rule.level, text),
                requirement.describe(text.lang),
                text.yes_no(rule.level in targets),
                requirement.source.text(text.lang),
            ]
            for column, item in enumerate(values, start=1):
                sheet.cell(row=row, column=column, value=item)
    notices = run.notices()
    for heading, lines in (
        ("sec_warnings", [text.notice(n) for n in notices if n.severity == "warning"] + notes),
        ("sec_notes", [text.notice(n) for n in notices if n.severity != "warning"]),
    ):
        row += 2
        sheet.cell(row=row, column=1, value=text(heading)).font = BOLD
        for line in lines or [text("no_warnings")]:
            row += 1
            sheet.cell(row=row, column=1, value=line)
    row += 2
    sheet.cell(row=row, column=1, value=text("sec_method")).font = BOLD
    for key in ("method_npv", "method_measures", "method_levers", "method_workbook"):
        row += 1
        sheet.cell(row=row, column=1, value=text(key))
    _widths(sheet, {1: 44, 2: 30, 3: 14, 4: 70, 5: 8, 6: 18})


#: sweep table column -> i18n key of its label and its unit ("money" for amounts [CNY])
SWEEP_COLUMNS: dict[str, tuple[str, str]] = {
    "level": ("level", ""),
    "target_year": ("target_year", ""),
    "status": ("status", ""),
    "objective_npv_cny": ("objective", "money"),
    "incremental_npv_cny": ("incremental_npv", "money"),
    "abatement_tco2e": ("abatement_potential", "tCO2e"),
    "average_abatement_cost_cny_per_tco2e": ("avg_abatement_cost", "CNY/tCO2e"),
    "pv_kwp": ("pv_kwp", "kWp"),
    "battery_kwh": ("battery_kwh", "kWh"),
    "measures": ("measures", ""),
    "green_power_mwh": ("green_power_mwh", "MWh"),
    "gec_mwh": ("gec_mwh", "MWh"),
    "offsets_tco2e": ("offsets_tco2e", "tCO2e"),
    "removals_tco2e": ("removals_tco2e", "tCO2e"),
    "certified": ("certified", ""),
    "provisional": ("provisional", ""),
    "plan_from": ("plan_from_column", ""),
    "message": ("message", ""),
    "lever": ("lever", ""),
    "option": ("option", ""),
    "abatement_cost_cny_per_tco2e": ("abatement_cost", "CNY/tCO2e"),
    "abatement_potential_tco2e_per_year": ("abatement_potential", "tCO2e/yr"),
    "equivalent_annual_cost_cny": ("eac", "money/yr"),
    "capex_cny": ("capex", "money"),
    "life_years": ("life", "yr"),
    "note": ("note", ""),
}


def sweep_header(column: str, text: Text) -> str:
    """Header of a sweep table column with its unit; money in the workbook's money unit."""
    key, unit = SWEEP_COLUMNS[column]
    unit = {"money": text.money_unit, "money/yr": text.money_per_year}.get(unit, text.unit(unit))
    return text.with_unit(key, unit) if unit else text(key)


def _sweep_value(column: str, value: object, text: Text) -> object:
    value = _clean(value)
    if value is None:
        return None
    if SWEEP_COLUMNS[column][1] in ("money", "money/yr"):
        return _money(pd.to_numeric(value, errors="coerce"), text)
    if column == "lever":
        return text.lever(str(value))
    if column == "status":
        return text.solver_status(str(value))
    if column == "level" and value == BASELINE:
        return text.level(BASELINE)
    if column in ("certified", "provisional") and str(value).lower() in (
        "true",
        "false",
        "1",
        "0",
        "1.0",
        "0.0",
    ):
        return text.yes_no(str(value).lower() in ("true", "1", "1.0"))
    if column == "plan_from" and str(value) == BASELINE:
        return text.level(BASELINE)
    return value


def _table_sheet(book: Workbook, title: str, table: pd.DataFrame, text: Text) -> None:
    """A sweep table (cost curve or MACC): labelled headers with units, values in the reader's terms.

    Columns this version does not know are left out rather than shown under a raw name.
    """
    sheet = book.create_sheet(title)
    columns = [c for c in table.columns if c in SWEEP_COLUMNS]
    _header(sheet, 1, [sweep_header(c, text) for c in columns])
    money = money_excel_format(text.lang)
    for row, (_, record) in enumerate(table.iterrows(), start=2):
        for column, name in enumerate(columns, start=1):
            value = _sweep_value(name, record[name], text)
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, float):
                cell.number_format = money if SWEEP_COLUMNS[name][1].startswith("money") else "#,##0.00"
    _widths(sheet, 18)


def _full_year(book: Workbook, run: RunData, text: Text) -> None:
    """The plan re-checked on the full year, year by year, and the battery vintages below it."""
    sheet = book.create_sheet(text("sheet_full_year"))
    table = full_year_table(run, text)
    _header(sheet, 1, table["headers"])
    for row, record in enumerate(run.full_year.to_dict("records"), start=2):
        values = [
            int(record["year"]),
            level_cell(run, "target_level", str(record["target_level"]), text)
            if isinstance(record["target_level"], str)
            else None,
            level_cell(run, "achieved_level", str(record["full_year_level"]), text)
            if isinstance(record["full_year_level"], str)
            else None,
            _money(record["typical_total_cost_cny"], text),
            _money(record["full_year_total_cost_cny"], text),
            _clean(record["cost_error"]),
            _clean(record["typical_re_share"]),
            _clean(record["full_year_re_share"]),
            table["rows"][row - 2]["cells"][-1],
        ]
        formats = {
            4: money_excel_format(text.lang),
            5: money_excel_format(text.lang),
            6: "0.00%",
            7: SHARE,
            8: SHARE,
        }
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column in formats and isinstance(value, float):
                cell.number_format = formats[column]
    last = 2 + len(run.full_year)
    sheet.cell(row=last + 1, column=1, value=table["note"])
    battery = battery_table(run, text)
    if battery is not None:
        start = last + 3
        sheet.cell(row=start, column=1, value=text("sec_battery")).font = BOLD
        _header(sheet, start + 1, battery["headers"])
        for offset, vintage in enumerate(run.summary.get("battery_vintages") or [], start=start + 2):
            values = [
                int(vintage["install_year"]),
                float(vintage["nameplate_kwh"]),
                float(vintage["power_kw"]),
                float(vintage["cycles_per_year"]),
                float(vintage["end_of_life_capacity"]),
                int(vintage["end_of_life_year"]),
            ]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=offset, column=column, value=value)
                if column in (2, 3, 4):
                    cell.number_format = QUANTITY
                elif column == 5:
                    cell.number_format = SHARE
    sheet.freeze_panes = "B2"
    _widths(sheet, {1: 10, 9: 40})


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
    if len(run.evidence):
        _evidence(book, run, text)
    if run.full_year is not None and len(run.full_year):
        _full_year(book, run, text)
    if run.sweep.cost_curve is not None:
        _table_sheet(book, text("sheet_cost_curve"), sweep_messages(run.sweep.cost_curve, text), text)
    if run.sweep.macc is not None:
        _table_sheet(book, text("sheet_macc"), macc_wording(run.sweep.macc, text), text)
    book.calculation.fullCalcOnLoad = True
    book.save(path)
    return path


def _evidence(book: Workbook, run: RunData, text: Text) -> None:
    """The auditor's table: every requirement of the targets, year by year, numbers as numbers."""
    sheet = book.create_sheet(text("sheet_evidence"))
    headers = [
        text("year"),
        text("standard"),
        text("level"),
        text("requirement"),
        text("value"),
        "",
        text("threshold_col"),
        text("unit"),
        text("met"),
        text("margin"),
        text("provisional"),
        text("reading"),
        text("source"),
    ]
    _header(sheet, 1, headers)
    for row, item in enumerate(evidence_rows(run, text), start=2):
        raw = item["raw"]
        unit = str(raw["unit"])
        shown_unit = unit_text(unit, text)
        values = [
            item["year"],
            item["standard"],
            item["level"],
            item["requirement"],
            _clean(raw["value"]),
            item["comparison"],
            _clean(raw["threshold"]),
            shown_unit,
            text.yes_no(item["met"]),
            _clean(raw["margin"]),
            text.yes_no(item["provisional"]),
            item["reading"],
            item["source"],
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column in (5, 7, 10) and isinstance(value, float):
                cell.number_format = SHARE if unit == "1" else QUANTITY
    sheet.freeze_panes = "B2"
    _widths(sheet, {1: 8, 2: 22, 3: 14, 4: 48, 13: 60})
