"""Tables for the page: percentages, sensible decimals, right-to-left cells where Arabic."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from corpus_tools.charsets import HAS_ARABIC

__all__ = ["FormattedTable", "format_table"]


@dataclass
class FormattedTable:
    """An HTML table that displays in Jupyter and on the report page (deterministic markup)."""

    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    caption: str = ""

    def _cell(self, column: str, value: Any) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "<td></td>"
        fmt = self.formats.get(column)
        if fmt is not None:
            text = format(value, fmt)
        elif isinstance(value, float):
            text = format(value, ",.2f")
        elif isinstance(value, int) and not isinstance(value, bool):
            text = format(value, ",d")
        else:
            text = str(value)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        attrs = ' class="n"' if numeric else (' dir="rtl"' if HAS_ARABIC.search(text) else "")
        return f"<td{attrs}>{html.escape(text)}</td>"

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        rows = []
        for values in self.frame.itertuples(index=False):
            cells = "".join(
                self._cell(c, v.item() if hasattr(v, "item") else v)
                for c, v in zip(self.frame.columns, values, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<div class="table-wrap"><table class="data">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )


def format_table(
    frame: pd.DataFrame,
    *,
    percent: Sequence[str] = (),
    decimals: Mapping[str, int] | None = None,
    plain: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    caption: str = "",
) -> FormattedTable:
    """Show ``frame`` with shares as percentages (``percent``: 0–1 columns), ``decimals`` per
    column, integers with thousands separators except in ``plain`` columns (offsets, numbers
    that are names), Arabic cells right to left."""
    formats = dict.fromkeys(percent, ".0%")
    formats.update(dict.fromkeys(plain, ""))
    formats.update({c: f",.{d}f" for c, d in (decimals or {}).items()})
    shown = frame[list(columns)] if columns is not None else frame
    return FormattedTable(shown.reset_index(drop=True), formats, caption)
