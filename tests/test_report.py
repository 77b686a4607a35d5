"""``zcf-opt report``: the proposal page, the workbook and the charts of one small solved run.

The browser tests open the page in headless Chromium from the file alone. Without Chromium they
fail under CI (``CI=true``; ``.ci/run`` installs it) and are skipped elsewhere.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from matplotlib.image import imread
from proposal_checks import (
    MONEY_UNITS,
    check_money,
    foreign_words,
    header_unit,
    read_page,
    user_names,
    without_names,
    workbook_strings,
)

from zcf_opt.cli import main
from zcf_opt.defaults import catalogue
from zcf_opt.load import load_scenario
from zcf_opt.notices import Notice
from zcf_opt.report import build_report, load_run
from zcf_opt.report.chart_style import clipped_texts, legend_below, new_figure, rc, visible_texts
from zcf_opt.report.charts import FIGURES
from zcf_opt.report.commands import report_command
from zcf_opt.report.fonts import cjk_family
from zcf_opt.report.i18n import COLUMN_LABELS, Text
from zcf_opt.report.xlsx import HEADER_ROW, cash_flow_label
from zcf_opt.standards import load_rulebook
from zcf_opt.sweep.macc import macc_table

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


# fixtures ---------------------------------------------------------------------------------------
def _solve_small(example: str, folder: Path, name: str) -> Path:
    """Solve an example scenario on four typical days into ``folder/name``."""
    scenario = yaml.safe_load((ROOT / "scenarios" / f"{example}.yaml").read_text())
    scenario["factory"] = str(ROOT / "models/suzhou_auto_parts.yaml")
    scenario["time_resolution"] = {"typical_days": 4}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    out = folder / name
    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A solved Type I four-star-2028 / six-star-2030 run on four typical days."""
    folder = tmp_path_factory.mktemp("report_run")
    out = _solve_small("type1_4star_2028_6star_2030", folder, "run")
    return out


@pytest.fixture(scope="module")
def report_zh(run_folder: Path) -> Path:
    result = CliRunner().invoke(report_command, [str(run_folder)])
    assert result.exit_code == 0, result.output
    return run_folder / "report"


@pytest.fixture(scope="module")
def report_en(run_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report_en") / "report"
    result = CliRunner().invoke(report_command, [str(run_folder), "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def swept_folder(run_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the run with small sweep tables of the shape ``zcf-opt sweep`` writes."""
    folder = tmp_path_factory.mktemp("swept") / "run"
    shutil.copytree(run_folder, folder, ignore=shutil.ignore_patterns("report"))
    (folder / "sweep").mkdir()
    pd.DataFrame(
        {
            "level": ["I-3", "I-4", "I-5", "I-6"],
            "status": ["optimal", "optimal", "optimal", "infeasible"],
            "objective_npv_cny": [1.10e8, 1.15e8, 1.18e8, None],
            "incremental_npv_cny": [0.0, 5e6, 8e6, None],
            "abatement_tco2e": [9e4, 1.1e5, 1.3e5, None],
            "average_abatement_cost_cny_per_tco2e": [80.0, 120.0, 150.0, None],
            "pv_kwp": [5400.0] * 4,
            "battery_kwh": [0.0] * 4,
            "measures": ["pumps_and_fans: IE2 -> IE5"] * 4,
            "green_power_mwh": [0.0] * 4,
            "gec_mwh": [4000.0] * 4,
            "offsets_tco2e": [1e4] * 4,
            "removals_tco2e": [0.0] * 4,
            "message": ["", "", "", "roof too small"],
            "provisional": [True, True, True, False],
        }
    ).to_csv(folder / "sweep" / "cost_curve.csv", index=False)
    # the MACC as zcf-opt macc writes it, for the run's own scenario
    scenario = load_scenario(run_folder.parent / "run.yaml")
    macc_table(scenario, load_rulebook(scenario.standard)).to_csv(folder / "sweep" / "macc.csv", index=False)
    return folder


# helpers ----------------------------------------------------------------------------------------
class _TextAndImages(HTMLParser):
    """Visible text and <img> sources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        values = dict(attrs)
        if tag == "img":
            self.images.append(values.get("src") or "")
        for name in ("src", "href"):
            if values.get(name):
                self.links.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _parse(html: str) -> _TextAndImages:
    parser = _TextAndImages()
    parser.feed(html)
    return parser


def _summary(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _cash_flow_rows(path: Path, text: Text) -> list[dict[str, Any]]:
    """Rows of the cash-flow sheet, as values, keyed by column name."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book[text("sheet_cash_flow")]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    rows = []
    for values in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if not isinstance(values[0], int):
            break
        rows.append(dict(zip(headers, values, strict=True)))
    return rows


def _recomputed_npv(path: Path, text: Text, rate: float) -> float:
    """The NPV [CNY] from the cash-flow sheet's total cost, residual value and loan repayments due
    after the horizon, in their stated unit."""
    rows = _cash_flow_rows(path, text)
    year, total, residual, outstanding = (
        cash_flow_label(c, text)
        for c in ("year", "total_cost_cny", "residual_value_cny", "loan_outstanding_cny")
    )
    cny_per_unit = MONEY_UNITS[header_unit(total)[1]]
    assert header_unit(residual)[1] == header_unit(total)[1] == header_unit(outstanding)[1]
    first, n = rows[0][year], len(rows)
    npv = sum((1 + rate) ** -(row[year] - first) * row[total] for row in rows)
    after = sum(row[residual] - row[outstanding] for row in rows)
    return cny_per_unit * (npv - (1 + rate) ** -n * after)


_CELL = re.compile(r"(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?(\d+)")


def _evaluate(book: openpyxl.Workbook, sheet: str, formula: str) -> float:
    """Evaluate the few Excel functions the workbook uses (+ - * ^, IF, SUM of a column range)."""
    expr = formula.lstrip("=")
    expr = re.sub(
        r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)",
        lambda m: "(" + "+".join(f"{m[1]}{r}" for r in range(int(m[2]), int(m[4]) + 1)) + ")",
        expr,
    )
    expr = expr.replace("^", "**").replace("IF(", "_if(")
    expr = re.sub(r"(?<![<>!=])=(?!=)", "==", expr)

    def value(match: re.Match[str]) -> str:
        target = match[1] or sheet
        cell = book[target][f"{match[2]}{match[3]}"].value
        if isinstance(cell, str) and cell.startswith("="):
            return repr(_evaluate(book, target, cell))
        return repr(cell)

    expr = _CELL.sub(value, expr)
    return eval(expr, {"_if": lambda c, a, b: a if c else b})


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (.ci/run installs it with apt-get install chromium)")
    pytest.skip("chromium is not installed here (apt-get install chromium); the test runs in CI")


def _run_chromium(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="zcf-chromium-") as profile:
        return subprocess.run(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


def _console_messages(stderr: str) -> list[str]:
    """Lines Chromium logs for the page's console (messages, warnings, errors, uncaught exceptions)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


# the command ------------------------------------------------------------------------------------
def test_report_writes_page_workbook_and_charts(report_zh: Path) -> None:
    assert (report_zh / "proposal.html").is_file()
    assert (report_zh / "proposal.xlsx").is_file()
    for name in ("emissions", "re_share", "capex", "costs", "dispatch"):
        assert (report_zh / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        ET.fromstring((report_zh / f"{name}.svg").read_text(encoding="utf-8"))
    assert not (report_zh / "cost_curve.png").exists()  # no sweep in this run


def test_format_option_limits_the_outputs(run_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "only_xlsx"
    result = CliRunner().invoke(report_command, [str(run_folder), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "proposal.xlsx").is_file() and not (out / "proposal.html").exists()
    bad = CliRunner().invoke(
        report_command, [str(run_folder), "--format", "pdf", "--out", str(tmp_path / "x")]
    )
    assert bad.exit_code == 2 and not (tmp_path / "x").exists()


@pytest.mark.parametrize("case", ["missing", "no_summary", "infeasible"])
def test_bad_results_dir_exits_2_with_one_line(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    expected = str(folder)
    if case != "missing":
        folder.mkdir()
    if case == "no_summary":
        expected = str(folder / "summary.json")
    if case == "infeasible":
        summary = {"status": "infeasible", "message": "target I-6 cannot be met in 2030", "years": []}
        (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        expected = str(folder / "annual.csv")
    result = CliRunner().invoke(report_command, [str(folder)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if folder.exists():
        assert sorted(p.name for p in folder.iterdir()) == ([] if case == "no_summary" else ["summary.json"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_out_folder_with_other_files_is_left_alone(run_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(report_command, [str(run_folder), "--out", str(tmp_path)])
    assert result.exit_code == 2 and str(tmp_path) in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_dispatch_year_outside_the_horizon_is_bad_input(run_folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        report_command, [str(run_folder), "--dispatch-year", "1999", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2 and "1999" in result.output


# the workbook -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_npv_recomputed_from_the_cash_flow_sheet_matches_the_summary(
    lang: str, report_zh: Path, report_en: Path, run_folder: Path
) -> None:
    path = (report_zh if lang == "zh" else report_en) / "proposal.xlsx"
    rate = json.loads((run_folder / "scenario.json").read_text(encoding="utf-8"))["discount_rate"]
    npv = _recomputed_npv(path, Text(lang), rate)
    expected = _summary(run_folder)["objective_npv_cny"]
    assert npv == pytest.approx(expected, rel=1e-3)
    assert npv == pytest.approx(expected, rel=1e-9)  # in fact to round-off


def test_workbook_formulas_agree_with_the_values(report_zh: Path, run_folder: Path) -> None:
    text = Text("zh")
    book = openpyxl.load_workbook(report_zh / "proposal.xlsx")
    sheet = book[text("sheet_cash_flow")]
    headers = [c.value for c in sheet[HEADER_ROW]]
    value_of = {
        text("total_formula"): cash_flow_label("total_cost_cny", text),
        text("df_formula"): cash_flow_label("discount_factor", text),
        text("net_formula"): cash_flow_label("net_discounted_cny", text),
    }
    checked = 0
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if not isinstance(row[0].value, int):
            break
        for check, target in value_of.items():
            formula = next(c for c, h in zip(row, headers, strict=True) if h and h.startswith(check)).value
            number = row[headers.index(target)].value
            assert isinstance(formula, str) and formula.startswith("=")
            assert _evaluate(book, sheet.title, formula) == pytest.approx(number, rel=1e-12, abs=1e-6)
            checked += 1
    assert checked == 3 * 10
    summary_sheet = book[text("sheet_summary")]
    npv_check = next(
        r[1].value for r in summary_sheet.iter_rows() if r[0].value and text("npv_formula") in r[0].value
    )
    npv_label = next(
        r[0].value for r in summary_sheet.iter_rows() if r[0].value and text("npv_formula") in r[0].value
    )
    assert _evaluate(book, summary_sheet.title, npv_check) * MONEY_UNITS[header_unit(npv_label)[1]] == (
        pytest.approx(_summary(run_folder)["objective_npv_cny"])
    )


def test_workbook_numbers_are_numbers_with_units_in_headers(report_en: Path) -> None:
    text = Text("en")
    book = openpyxl.load_workbook(report_en / "proposal.xlsx", data_only=True)
    assert book.sheetnames[:6] == [
        text(k)
        for k in (
            "sheet_summary",
            "sheet_investments",
            "sheet_cash_flow",
            "sheet_annual",
            "sheet_measures",
            "sheet_assumptions",
        )
    ]
    for name in ("sheet_cash_flow", "sheet_annual", "sheet_investments"):
        sheet = book[text(name)]
        header_row = HEADER_ROW if name == "sheet_cash_flow" else 1
        headers = [c.value for c in sheet[header_row]]
        unitless = {text(k) for k in ("year", "lever", "option", "unit", "size")}
        unitless |= {text.column(c) for c, (_, _, unit) in COLUMN_LABELS.items() if unit in ("", "1")}
        for header in headers:
            assert header in unitless or ("[" in header and header.endswith("]")), header
        money = [i for i, h in enumerate(headers) if h.endswith("[CNY]") and "formula" not in h]
        assert money
        for values in sheet.iter_rows(min_row=header_row + 1, max_row=header_row + 10, values_only=True):
            if not isinstance(values[0], int):
                break
            for i in money:
                assert isinstance(values[i], int | float), (name, headers[i], values[i])


def test_measure_economics_sheet(report_en: Path, run_folder: Path) -> None:
    table = pd.read_excel(report_en / "proposal.xlsx", sheet_name=Text("en")("sheet_measures"), nrows=20)
    table = table[table.iloc[:, 0].notna() & pd.to_numeric(table["Capex [CNY]"], errors="coerce").notna()]
    inputs_options = set(load_run(run_folder).inputs["measure_option"].values.astype(str))
    assert inputs_options <= set(table["Option"])
    built = table[table["Year built"] != Text("en")("not_built")]
    assert len(built) >= 3
    for _, row in built.iterrows():
        payback = row["Simple payback [yr]"]
        saving = row["Net annual saving (first year) [CNY/yr]"]
        assert payback == pytest.approx(row["Capex [CNY]"] / saving)


# the page ---------------------------------------------------------------------------------------
def test_page_is_self_contained(report_zh: Path) -> None:
    html = (report_zh / "proposal.html").read_text(encoding="utf-8")
    parsed = _parse(html)
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert all(link.startswith("data:image/svg+xml;base64,") for link in parsed.links)
    assert len(parsed.images) == 5
    for src in parsed.images:
        svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert "<text" not in svg  # glyphs as outlines: no font needed to show them


def test_page_shows_the_key_figures(report_zh: Path, report_en: Path, run_folder: Path) -> None:
    summary = _summary(run_folder)
    for folder, lang in ((report_zh, "zh"), (report_en, "en")):
        text = Text(lang)
        page = _parse((folder / "proposal.html").read_text(encoding="utf-8")).text
        assert text.money(summary["objective_npv_cny"]) in page
        for year in summary["years"]:
            if year["achieved_level"]:
                assert text.level(year["achieved_level"]) in page
        for key in (
            "sec_levels",
            "sec_investments",
            "sec_emissions",
            "sec_re_share",
            "sec_costs",
            "sec_dispatch",
            "sec_measures",
            "sec_risks",
        ):
            assert text(key) in page
        assert text("no_sweep") in page
    zh_page = _parse((report_zh / "proposal.html").read_text(encoding="utf-8")).text
    assert "万元" in zh_page and "净现值" in zh_page and "可再生电力占比" in zh_page


def test_every_default_and_provisional_threshold_is_listed(
    report_zh: Path, report_en: Path, run_folder: Path
) -> None:
    summary = _summary(run_folder)
    assert summary["defaults_used"]
    run = load_run(run_folder)
    for folder, lang in ((report_zh, "zh"), (report_en, "en")):
        text = Text(lang)
        page = _parse((folder / "proposal.html").read_text(encoding="utf-8")).text
        book = openpyxl.load_workbook(folder / "proposal.xlsx", data_only=True)
        cells = {
            str(c)
            for row in book[text("sheet_assumptions")].iter_rows(values_only=True)
            for c in row
            if c is not None
        }
        for use in summary["defaults_used"]:
            entry = catalogue()[use["key"]]
            label, source = entry.label(lang), entry.source_in(lang)
            assert label in page and source in page, use["field"]
            assert {label, source, text.unit(use["unit"])} <= cells | {""}
        placeholders = [u for u in summary["defaults_used"] if u["status"] == "placeholder"]
        assert placeholders and page.count(text("placeholder")) >= len(placeholders)
        severities = [n["severity"] for n in summary["notices"]]
        assert severities.count("warning") >= 2 and severities == sorted(
            severities, key=("warning", "note").index
        )
        assert summary["notices"][0]["code"] == "typical_efficiency_figures"  # the example's programmes
        for notice in summary["notices"]:
            wording = Notice.from_dict(notice).text(lang)
            assert " ".join(wording.split()) in page
            assert wording in cells
        provisional = run.provisional_rules()
        assert {r.level for r in provisional} == {"I-3", "I-4", "I-5"}
        for rule in provisional:
            assert run.level_text(rule.level, text) in page and run.level_text(rule.level, text) in cells
            for requirement in (r for r in rule.active() if r.provisional):
                assert requirement.describe(lang) in page and requirement.describe(lang) in cells
                assert requirement.source.text(lang) in page and requirement.source.text(lang) in cells


def test_sweep_adds_cost_curve_and_macc(swept_folder: Path) -> None:
    report = build_report(swept_folder, lang="en")
    names = {p.name for p in report.charts}
    assert {"cost_curve.png", "cost_curve.svg", "macc.png", "macc.svg"} <= names
    page = _parse(report.html.read_text(encoding="utf-8"))
    assert len(page.images) == 7
    assert "roof too small" in page.text and "CCER" in page.text
    assert Text("en")("no_sweep") not in page.text
    book = openpyxl.load_workbook(report.xlsx, data_only=True)
    assert {Text("en")("sheet_cost_curve"), Text("en")("sheet_macc")} <= set(book.sheetnames)


def test_without_a_cjk_font_charts_fall_back_to_english(
    run_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("zcf_opt.report.build.cjk_family", lambda: None)
    report = build_report(run_folder, lang="zh", formats=("html",), out_dir=tmp_path / "r")
    assert report.notes == [Text("zh")("font_fallback")]
    page = report.html.read_text(encoding="utf-8")
    assert Text("zh")("font_fallback") in page
    assert "Emissions by scope" in page  # the English chart title, as image alt text


def test_chinese_charts_use_a_cjk_font_when_one_is_installed(report_zh: Path) -> None:
    if cjk_family() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no CJK font (.ci/run installs fonts-noto-cjk)")
        pytest.skip("no CJK font installed here")
    page = (report_zh / "proposal.html").read_text(encoding="utf-8")
    assert Text("zh")("font_fallback") not in page
    assert 'alt="分范围排放与目标路径"' in page


# in a browser -----------------------------------------------------------------------------------
def test_console_capture_sees_errors(tmp_path: Path) -> None:
    """The capture the page test relies on does see a console error and an exception."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><p>x</p><script>console.error("boom"); missing();</script></body></html>',
        encoding="utf-8",
    )
    messages = _console_messages(_run_chromium(page, "--dump-dom").stderr)
    assert any("boom" in m for m in messages) and any("missing" in m for m in messages)


def test_page_opens_in_headless_chromium(report_zh: Path, run_folder: Path, tmp_path: Path) -> None:
    page = report_zh / "proposal.html"
    dom = _run_chromium(page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console_messages(dom.stderr) == []
    text = _parse(dom.stdout).text
    summary = _summary(run_folder)
    assert Text("zh").money(summary["objective_npv_cny"]) in text
    levels = {y["achieved_level"] for y in summary["years"] if y["achieved_level"]}
    assert "I-6" in levels
    for level in levels:
        assert Text("zh").level(level) in text

    screenshot = tmp_path / "proposal.png"
    shot = _run_chromium(page, "--window-size=1280,9000", f"--screenshot={screenshot}")
    assert shot.returncode == 0 and screenshot.is_file(), shot.stderr[-2000:]
    assert _console_messages(shot.stderr) == []
    pixels = (imread(screenshot)[..., :3] * 255).round()
    # the charts' fills are on screen: PV yellow, battery teal and the capex bars
    for color in ("#e9b10a", "#2a9d8f", "#264653"):
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=-1) <= 3).sum() > 2000, color


# one unit, one language -------------------------------------------------------------------------
def test_every_money_figure_matches_the_run_in_its_stated_unit(
    report_zh: Path, report_en: Path, run_folder: Path
) -> None:
    checked = check_money(run_folder, {"zh": report_zh, "en": report_en})
    assert checked > 1000


def test_chinese_workbook_money_is_in_wan_yuan(report_zh: Path, run_folder: Path) -> None:
    """The defect this check exists for: a 万元 header over figures in yuan."""
    text = Text("zh")
    sheet = openpyxl.load_workbook(report_zh / "proposal.xlsx")[text("sheet_annual")]
    headers = [c.value for c in sheet[1]]
    capex = sheet.cell(row=2, column=headers.index(text.column("capex_cny")) + 1).value
    assert text.column("capex_cny") == "投资 [万元]"
    first_year = pd.read_csv(run_folder / "annual.csv")["capex_cny"].iloc[0]
    assert capex == pytest.approx(first_year / 1e4, rel=1e-12)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_and_workbook_speak_one_language(
    lang: str, report_zh: Path, report_en: Path, run_folder: Path
) -> None:
    folder = report_zh if lang == "zh" else report_en
    names = user_names(run_folder)
    page = read_page(folder / "proposal.html")
    assert foreign_words(without_names(page.text, names), lang) == []
    assert page.code == (["zcf-opt sweep", "zcf-opt macc"])  # commands to type, set apart
    for string in workbook_strings(folder / "proposal.xlsx"):
        assert foreign_words(without_names(string, names), lang) == [], string


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_speak_one_language_and_nothing_is_clipped(lang: str, swept_folder: Path) -> None:
    run = load_run(swept_folder)
    text = Text(lang)
    family = cjk_family() if lang == "zh" else None
    if lang == "zh" and family is None:
        pytest.skip("no CJK font installed here")
    names = user_names(swept_folder)
    with matplotlib.rc_context(rc(family)):
        for name, function in FIGURES.items():
            figure = function(run, text)
            assert figure is not None, name
            texts = [t.get_text() for t in visible_texts(figure)]
            assert texts, name
            for string in texts:
                assert foreign_words(without_names(string, names), lang) == [], (name, string)
            assert clipped_texts(figure) == [], name


def test_a_long_legend_wraps_instead_of_being_clipped() -> None:
    figure, (axes,) = new_figure("x")
    for i in range(8):
        axes.plot([0, 1], [i, i], label=f"a rather long series name number {i} (PV export revenue)")
    legend_below(figure)
    assert clipped_texts(figure) == []
    assert figure.legends[0]._ncols < 4


# print ------------------------------------------------------------------------------------------
A4_POINTS = (595.3, 841.9)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printing_gives_a4_pages_with_a_break_per_section(
    lang: str, report_zh: Path, report_en: Path, tmp_path: Path
) -> None:
    page = (report_zh if lang == "zh" else report_en) / "proposal.html"
    pdf = tmp_path / "proposal.pdf"
    done = _run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", data)
    assert len(pages) >= 9  # the title page and one page at least for each of the 8 sections
    assert boxes and all(
        abs(float(w) - A4_POINTS[0]) < 1.5 and abs(float(h) - A4_POINTS[1]) < 1.5 for w, h in boxes
    ), set(boxes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_and_charts_fit_the_a4_text_width(
    lang: str, report_zh: Path, report_en: Path, tmp_path: Path
) -> None:
    """At the width of an A4 page's text (186 mm = 703 px) nothing is wider than the page.

    A copy of the page gets a script that lists the tables and images wider than the body;
    the print layout is the same as this narrow screen's (one CSS block for both).
    """
    html = ((report_zh if lang == "zh" else report_en) / "proposal.html").read_text(encoding="utf-8")
    probe = (
        "<script>window.addEventListener('load', () => { const w = document.body.clientWidth;"
        "const wide = [...document.querySelectorAll('table, img, figure')]"
        ".filter(e => e.getBoundingClientRect().right > w + 1).map(e => e.tagName + ':' + "
        "Math.round(e.getBoundingClientRect().right));"
        "document.body.setAttribute('data-wide', JSON.stringify(wide)); });</script></body>"
    )
    copy = tmp_path / "probe.html"
    copy.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = _run_chromium(copy, "--window-size=703,2000", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    wide = re.search(r'data-wide="([^"]*)"', dom.stdout)
    assert wide is not None and json.loads(wide[1].replace("&quot;", '"')) == []


# comparison of runs -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def second_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Type II six-star example on four typical days, beside the Type I run."""
    return _solve_small("type2_6star_2030", tmp_path_factory.mktemp("second_run"), "type2")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cash_flow_shows_financing_and_subsidies_and_recomputes_the_npv(
    lang: str, second_run: Path, tmp_path: Path
) -> None:
    # the Type II example borrows 70 % of its investments and gets a PV output subsidy
    out = tmp_path / f"report_{lang}"
    result = CliRunner().invoke(report_command, [str(second_run), "--lang", lang, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = Text(lang)
    annual = pd.read_csv(second_run / "annual.csv")
    rows = _cash_flow_rows(out / "proposal.xlsx", text)
    page = read_page(out / "proposal.html")
    # all of this run's investments fall in 2026, so its 8-year loan is repaid inside the horizon
    # and the outstanding column is zero here (tests/test_finance.py checks a non-zero one)
    for column in ("loan_drawn_cny", "loan_repayment_cny", "output_subsidy_cny", "loan_outstanding_cny"):
        assert column == "loan_outstanding_cny" or annual[column].abs().sum() > 1000, column
        label = cash_flow_label(column, text)
        shown = np.array([row[label] for row in rows], dtype=float) * MONEY_UNITS[header_unit(label)[1]]
        np.testing.assert_allclose(shown, annual[column], rtol=1e-9, atol=1e-6)
        headers = [h for table in page.tables if table["headers"] for h in table["headers"][0]]
        # the page shows the non-zero ones
        assert (label in headers) == bool(annual[column].abs().sum() > 0), column
    rate = json.loads((second_run / "scenario.json").read_text(encoding="utf-8"))["discount_rate"]
    npv = _recomputed_npv(out / "proposal.xlsx", text, rate)
    expected = _summary(second_run)["objective_npv_cny"]
    assert npv == pytest.approx(expected, rel=1e-3)
    assert npv == pytest.approx(expected, rel=1e-9)  # in fact to round-off


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_puts_two_runs_side_by_side(
    lang: str, run_folder: Path, second_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "compare"
    result = CliRunner().invoke(
        main, ["compare", str(run_folder), str(second_run), "--lang", lang, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "compare.csv")
    assert list(table["run"]) == ["run", "type2"]
    text = Text(lang)
    page = read_page(out / "compare.html")
    for index, folder in enumerate((run_folder, second_run)):
        summary = _summary(folder)
        investments = pd.read_csv(folder / "investments.csv")
        row = table.iloc[index]
        assert row["objective_npv_cny"] == pytest.approx(summary["objective_npv_cny"], rel=1e-12)
        assert row["capex_cny"] == pytest.approx(investments["capex_cny"].sum(), rel=1e-12)
        for year in summary["years"]:
            shown = row[f"level_{year['year']}"]
            assert (shown if isinstance(shown, str) else None) == year["achieved_level"]
        # the page shows the same figures, in the unit its row names
        npv_row = next(r for r in page.tables[0]["rows"] if r[0] == text.with_unit("npv", text.money_unit))
        assert npv_row[index + 1] == text.money(summary["objective_npv_cny"], unit=False)
        assert text.level(summary["years"][-1]["achieved_level"]) in page.text
    assert len(page.tables[0]["headers"][0]) == 3
    names = user_names(run_folder) + user_names(second_run) + ["type2", "run"]
    assert foreign_words(without_names(page.text, sorted(set(names), key=len, reverse=True)), lang) == []
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html and html.count("data:image/svg+xml;base64,") == 2


def test_compare_needs_two_readable_runs(run_folder: Path, tmp_path: Path) -> None:
    one = CliRunner().invoke(main, ["compare", str(run_folder), "--out", str(tmp_path / "c1")])
    assert one.exit_code == 2 and "two" in one.output and not (tmp_path / "c1").exists()
    missing = CliRunner().invoke(
        main, ["compare", str(run_folder), str(tmp_path / "nothing"), "--out", str(tmp_path / "c2")]
    )
    assert missing.exit_code == 2 and str(tmp_path / "nothing") in missing.output
    assert not (tmp_path / "c2").exists() and "Traceback" not in missing.output
