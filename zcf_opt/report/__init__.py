"""The proposal of a run folder: a self-contained HTML page, an Excel workbook and charts.

Command line: ``zcf-opt report RESULTS_DIR [--lang zh|en] [--format html,xlsx]``; Python:
:func:`build_report`. See docs/report.md.

The names are imported on first use: the chart style (``report.chart_style``), which the sweep's
charts share, loads without the page and workbook code.
"""

from __future__ import annotations

from zcf_opt import lazy_attributes

#: the Python API: name -> module that defines it
API = {
    "ReportInputError": "zcf_opt.report.data",
    "build_report": "zcf_opt.report.build",
    "load_run": "zcf_opt.report.data",
}

__all__ = sorted(API)

__getattr__ = lazy_attributes(__name__, API)
