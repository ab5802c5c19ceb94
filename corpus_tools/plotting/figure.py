"""The :class:`Plot` record and the drawing helpers every figure module shares.

Reproducibility. Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state); PNGs
carry no date; SVGs use a fixed ``svg.hashsalt`` and no ``Date`` metadata; fonts are drawn as
paths. Same inputs and pinned matplotlib/FreeType/font versions → byte-identical files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corpus_tools.plotting.bidi import bidi_label, signature_label
from corpus_tools.plotting.style import DPI, OKABE_ITO, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Notebook output type carrying a figure's name, Markdown caption and signature.
PLOT_MIME = "application/vnd.corpus-tools.plot+json"

__all__ = [
    "PLOT_MIME",
    "Plot",
    "bar_panels",
    "barh_rtl",
    "finish",
    "integer_legend",
    "label_bar_ends",
    "label_cells",
    "new_figure",
    "panel_grid",
    "rtl_axis",
]


@dataclass
class Plot:
    """A figure with the table behind it, its caption and signature.

    Attributes
    ----------
    name : file stem (``freq_word_list``); figures go to ``figures/<name>.png|svg``, the
        table to ``tables/<name>.csv``.
    figure : the matplotlib figure.
    table : the data drawn, as a DataFrame.
    caption : Markdown, in English: what the figure shows and how it was filtered.
    signature : how the data was computed (``attrs["signature"]`` of the results).
    """

    name: str
    figure: Figure
    table: pd.DataFrame
    caption: str
    signature: str = ""
    _png: bytes | None = field(default=None, init=False, repr=False)
    _svg: bytes | None = field(default=None, init=False, repr=False)

    @property
    def full_caption(self) -> str:
        sig = f" Signature: `{self.signature}`" if self.signature else ""
        return f"{self.caption}{sig}"

    def png(self) -> bytes:
        """The figure as PNG bytes (no timestamps)."""
        if self._png is None:
            self._png = _render(self.figure, "png")
        return self._png

    def svg(self) -> bytes:
        """The figure as SVG bytes (fixed hash salt, no date, glyphs as paths).

        Rendered once and cached, after the PNG: a second layout pass over the same figure can
        move clip boxes by a rounding error, which would change the SVG's clip-path ids.
        """
        if self._svg is None:
            self.png()
            self._svg = _render(self.figure, "svg")
        return self._svg

    def csv(self) -> bytes:
        """The table behind the figure as CSV (UTF-8, ``\\n`` line ends)."""
        text = self.table.to_csv(index=False, lineterminator="\n", float_format="%.10g")
        return text.encode("utf-8")

    def save(self, out_dir: str | Path) -> Plot:
        """Write ``figures/<name>.png``, ``figures/<name>.svg`` and ``tables/<name>.csv``.

        Returns the plot itself, so a notebook cell ending in ``plot.save(...)`` shows it.
        """
        out = Path(out_dir)
        (out / "figures").mkdir(parents=True, exist_ok=True)
        (out / "tables").mkdir(parents=True, exist_ok=True)
        (out / "figures" / f"{self.name}.png").write_bytes(self.png())
        (out / "figures" / f"{self.name}.svg").write_bytes(self.svg())
        (out / "tables" / f"{self.name}.csv").write_bytes(self.csv())
        return self

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import base64

        return {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"Figure {self.name}: {self.full_caption}",
            PLOT_MIME: {"name": self.name, "caption": self.caption, "signature": self.signature},
        }


def _render(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    with style():
        fig.savefig(
            buf, format=fmt, dpi=DPI, bbox_inches="tight", pad_inches=0.12, metadata=metadata
        )
    return buf.getvalue()


def new_figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **kw: Any) -> Any:
    """A constrained-layout figure and a 2-D array of axes, drawn in the house style."""
    from matplotlib.figure import Figure

    with style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def panel_grid(n: int, top: int) -> tuple[Figure, list[Axes]]:
    """Two columns of ``n`` bar panels of ``top`` bars each, sharing the x axis, in reading
    order right to left (like the text); a spare cell of the grid is hidden."""
    ncols, nrows = 2, (n + 1) // 2
    fig, axes = new_figure(10, 0.8 + nrows * (0.3 * top + 0.9), nrows, ncols, sharex=True)
    cells = [axes[i // ncols, ncols - 1 - i % ncols] for i in range(nrows * ncols)]
    for spare in cells[n:]:
        spare.set_visible(False)
    return fig, cells[:n]


def bar_panels(
    table: pd.DataFrame, groups: Sequence[str], key: str, value: str, *, top: int, xlabel: str
) -> tuple[Figure, list[Axes]]:
    """One panel per group of :func:`panel_grid`: the ``label`` of the rows whose ``key`` is the
    group against their ``value`` (same x scale, one Okabe-Ito colour per panel)."""
    fig, panels = panel_grid(len(groups), top)
    for i, (group, ax) in enumerate(zip(groups, panels, strict=True)):
        part = table[table[key] == group]
        barh_rtl(
            ax,
            list(part["label"]),
            list(part[value]),
            color=OKABE_ITO[i % 8],
            xlabel=xlabel,
            fmt="{:.1f}",
            integer=False,
        )
    return fig, panels


def finish(
    fig: Figure, name: str, table: pd.DataFrame, caption: str, signature: str, *, title: str
) -> Plot:
    """Title the figure (its question), print the signature under it, wrap it in a Plot."""
    with style():
        fig.suptitle(bidi_label(title), fontsize=12.5)
        if signature:
            fig.text(
                0.0,
                -0.01,
                signature_label(signature, width=110),
                fontsize=6,
                color="#555555",
                ha="left",
                va="top",
            )
    table = table.reset_index(drop=True)
    table.attrs = {"signature": signature}
    return Plot(name=name, figure=fig, table=table, caption=caption, signature=signature)


def rtl_axis(ax: Axes) -> None:
    """Mirror a horizontal-bar axis for right-to-left reading: labels right, bars grow left."""
    ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.spines["right"].set_visible(True)
    ax.spines["left"].set_visible(False)


def barh_rtl(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    color: str | Sequence[str] = OKABE_ITO[0],
    xlabel: str = "",
    title: str = "",
    fmt: str = "{:,.0f}",
    integer: bool = True,
) -> None:
    """Horizontal bars, first item on top, growing right to left, each labelled with its value."""
    from matplotlib.ticker import MaxNLocator

    with style():
        y = np.arange(len(labels))
        ax.barh(y, values, color=color)
        ax.set_yticks(y, [bidi_label(lab, 40) for lab in labels])
        ax.set_ylim(len(labels) - 0.5, -0.5)
        label_bar_ends(ax, values, [fmt.format(v) for v in values], color="#333333")
        rtl_axis(ax)
        if integer:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if xlabel:
            ax.set_xlabel(bidi_label(xlabel))
        if title:
            ax.set_title(bidi_label(title))
        ax.margins(x=0.12)


def label_bar_ends(ax: Axes, ends: Sequence[float], texts: Sequence[str], **kw: Any) -> None:
    """Write ``texts`` just inside the end of each horizontal bar (bar ``i`` at ``y = i``)."""
    for yi, (end, text) in enumerate(zip(ends, texts, strict=True)):
        ax.annotate(
            text,
            (end, yi),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=7.5,
            **kw,
        )


def label_cells(ax: Axes, values: np.ndarray, texts: np.ndarray | None = None) -> None:
    """Write each value (or ``texts``) on its heatmap cell and drop the frame."""
    vmax = float(values.max()) if values.size else 0.0
    for (r, c), v in np.ndenumerate(values):
        text = str(v) if texts is None else str(texts[r, c])
        color = "black" if v > 0.6 * vmax else "white"
        ax.text(c, r, text, ha="center", va="center", fontsize=8, color=color)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)


def integer_legend(
    ax: Axes, values: Sequence[int], cmap: str, title: str, **kw: Any
) -> dict[int, Any]:
    """A legend with one swatch per integer value (instead of a continuous colour bar).

    Returns value → colour, so the caller colours marks with the same mapping.
    """
    import matplotlib as mpl
    from matplotlib.lines import Line2D

    levels = sorted({int(v) for v in values})
    cm = mpl.colormaps[cmap]
    span = max(len(levels) - 1, 1)
    colors = {v: cm(0.15 + 0.75 * i / span) for i, v in enumerate(levels)}
    handles = [
        Line2D([], [], marker="o", ls="", color=colors[v], label=str(v), markersize=7)
        for v in levels
    ]
    ax.legend(handles=handles, title=bidi_label(title), frameon=False, **kw)
    return colors
