"""Findings: report prose whose every number is read from a saved table of the same build.

:func:`num` formats one value of a figure's table (or a :class:`Table` saved with
:func:`save_table`) and wraps it in ``<span class="num" data-table=… data-col=… data-where=…
data-agg=… data-fmt=…>``, so a reader (and ``tests/test_browser.py``) can check each number
against ``tables/<name>.csv``. A :class:`Findings` block displays as Markdown in the notebook
and is collected by the page renderer into the findings section at the top of the report.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

__all__ = [
    "FINDINGS_MIME",
    "Findings",
    "Table",
    "num",
    "save_table",
    "select",
]

#: Notebook output type of a findings block (the page renderer looks for it).
FINDINGS_MIME = "application/vnd.corpus-tools.findings+json"
AGGREGATES = ("first", "sum", "count", "max", "min", "mean")


class Named(Protocol):
    """Anything with a saved table: a :class:`~corpus_tools.plotting.Plot` or a :class:`Table`."""

    name: str
    table: pd.DataFrame


@dataclass
class Table:
    """A table saved as ``tables/<name>.csv`` that findings cite (not behind a figure)."""

    name: str
    table: pd.DataFrame


def save_table(table: pd.DataFrame, name: str, out_dir: str | Path) -> Table:
    """Write ``tables/<name>.csv`` exactly as a figure's table is written; return the record."""
    folder = Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    text = table.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    (folder / f"{name}.csv").write_bytes(text.encode("utf-8"))
    return Table(name, table.reset_index(drop=True))


def select(table: pd.DataFrame, where: dict[str, Any], column: str, agg: str) -> Any:
    """The value ``num`` cites: ``agg`` of ``column`` over the rows matching ``where``.

    Values in ``where`` are compared as strings, as they read back from the CSV.
    """
    if agg not in AGGREGATES:
        raise ValueError(f"agg must be one of {AGGREGATES}, got {agg!r}")
    mask = pd.Series(True, index=table.index)
    for key, value in where.items():
        mask &= table[key].astype("str") == str(value)
    values = table.loc[mask, column]
    if agg == "count":
        return len(values)
    if not len(values):
        raise ValueError(f"no row of the table matches {where}")
    if agg == "first":
        return values.iloc[0]
    return getattr(values, agg)()


def num(source: Named, column: str, fmt: str = ",d", *, agg: str = "first", **where: Any) -> str:
    """One number of a table, formatted with ``fmt`` and tagged with where it comes from.

    ``num(scripts, "latin", brand="OpenAI")`` → ``<span class="num" …>26</span>``;
    ``agg="sum"`` (or ``count``, ``max``, ``min``, ``mean``) aggregates the matching rows.
    """
    value = select(source.table, where, column, agg)
    if fmt.endswith("d"):
        value = int(value)
    text = format(value, fmt)
    attrs = {
        "table": source.name,
        "col": column,
        "where": json.dumps(where, ensure_ascii=False, sort_keys=True, default=str),
        "agg": agg,
        "fmt": fmt,
    }
    data = " ".join(f'data-{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f'<span class="num" {data}>{html.escape(text)}</span>'


@dataclass
class Findings:
    """What one section found: a heading and Markdown (numbers from :func:`num`)."""

    section: str
    markdown: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/markdown": f"**Findings.** {self.markdown}",
            FINDINGS_MIME: {"section": self.section, "markdown": self.markdown},
        }
