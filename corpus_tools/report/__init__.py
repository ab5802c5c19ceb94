"""The research report: notebooks executed into one self-contained, reproducible HTML page.

Modules: :mod:`~corpus_tools.report.build` (the build: dataset, notebooks, page),
:mod:`~corpus_tools.report.notebooks` (execution and cleaning), :mod:`~corpus_tools.report.html`
(the page), :mod:`~corpus_tools.report.fonts` (embedded web fonts),
:mod:`~corpus_tools.report.findings` and :mod:`~corpus_tools.report.prose` (findings whose numbers
are read from the saved tables), :mod:`~corpus_tools.report.tables` (formatted tables).
"""

from corpus_tools.report.build import (
    ReportBuild,
    build_report,
    data_date,
    ud_sample,
)
from corpus_tools.report.findings import FINDINGS_MIME, Findings, Table, num, save_table, select
from corpus_tools.report.html import PageInfo, render_report
from corpus_tools.report.notebooks import NOTEBOOKS, ReportError, clean_notebook, execute_notebooks
from corpus_tools.report.prose import (
    collocation_findings,
    corpus_findings,
    frequency_findings,
    loanword_findings,
)
from corpus_tools.report.tables import format_table

__all__ = [
    "FINDINGS_MIME",
    "NOTEBOOKS",
    "Findings",
    "PageInfo",
    "ReportBuild",
    "ReportError",
    "Table",
    "build_report",
    "clean_notebook",
    "collocation_findings",
    "corpus_findings",
    "data_date",
    "execute_notebooks",
    "format_table",
    "frequency_findings",
    "loanword_findings",
    "num",
    "render_report",
    "save_table",
    "select",
    "ud_sample",
]
