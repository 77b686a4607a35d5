"""The proposal of a run folder: a self-contained HTML page, an Excel workbook and charts.

Command line: ``zcf-opt report RESULTS_DIR [--lang zh|en] [--format html,xlsx]``; Python:
:func:`build_report`. See docs/report.md.
"""

from zcf_opt.report.build import build_report
from zcf_opt.report.data import ReportInputError, load_run

__all__ = ["ReportInputError", "build_report", "load_run"]
