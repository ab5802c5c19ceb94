"""Figures of the report: one function per figure, usable from Jupyter.

Every figure function takes library results (a token table, a mentions table, ...), calls the
analysis functions it needs and returns a :class:`Plot`: the matplotlib figure, the table
behind it (saved as CSV next to the figure), a caption and the signature of the data. In a
notebook the :class:`Plot` displays as its PNG; ``plot.save(out_dir)`` writes
``figures/<name>.png``, ``figures/<name>.svg`` and ``tables/<name>.csv``.

Arabic text. matplotlib ≥ 3.11 shapes Arabic and lays out right-to-left text itself (libraqm),
so labels are passed as plain Unicode strings — never through ``arabic_reshaper`` or
``python-bidi``, which would now mirror every word. The one thing the bidi algorithm gets
"wrong" for a reader is a Latin or digit run with neutral separators inside Arabic text
(``2024-05-01`` shown as ``01-05-2024``); :func:`bidi_label` wraps such runs in Unicode
isolates (U+2066 … U+2069). Fonts: Noto Sans Arabic (OFL, from the ``fontpkg-noto-sans-arabic``
wheel, so pip alone installs it) for Arabic and Latin, DejaVu Sans (bundled with matplotlib)
as fallback for any other symbol.

Reproducibility. Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state); PNGs
carry no date; SVGs use a fixed ``svg.hashsalt`` and no ``Date`` metadata; fonts are drawn as
paths. Same inputs and pinned matplotlib/FreeType/font versions → byte-identical files.
Colours: the Okabe–Ito palette (distinct for the common colour-vision deficiencies) for
categories and viridis for quantities.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "SCRIPT_COLORS",
    "Plot",
    "bidi_label",
    "brand_clitics",
    "brand_dispersion",
    "brand_heatmap",
    "brand_scripts",
    "classifier_nouns",
    "collocates",
    "collocation_graph",
    "corpus_overview",
    "dataset_configs",
    "display_forms",
    "figure_style",
    "frequency_dispersion",
    "keyness_by_document",
    "measure_comparison",
    "ngram_lists",
    "register_fonts",
    "signature_label",
    "spelling_variants",
    "word_lists",
]

#: Okabe & Ito (2008) colour-blind-safe qualitative palette.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
SCRIPT_COLORS = {
    "arabic": OKABE_ITO[0],
    "latin": OKABE_ITO[1],
    "digit": OKABE_ITO[2],
    "punct": "#999999",
    "other": OKABE_ITO[5],
}
#: Arabic names of the ``script`` values, for legends of Arabic figures.
SCRIPT_NAMES_AR = {
    "arabic": "عربي",
    "latin": "لاتيني",
    "digit": "أرقام",
    "punct": "ترقيم",
    "other": "أخرى",
}

FONT_FAMILY = ("Noto Sans Arabic", "DejaVu Sans")
SVG_HASHSALT = "corpus_tools"
DPI = 130

#: Default exclusions for content-word lists (see ``corpus_tools.frequency.exclude_mask``).
CONTENT = ("punct", "digits", "stopwords", "residue")

_LRI, _PDI = "\u2066", "\u2069"
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# a Latin/digit run, with separators inside it (dates, versions, domains, l’action)
_LTR_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:[-./:’'_,&%+][A-Za-z0-9\u00c0-\u024f]+)*")


# --- fonts and style ---------------------------------------------------------------------------
@cache
def register_fonts() -> tuple[str, ...]:
    """Register Noto Sans Arabic (from the ``fontpkg-noto-sans-arabic`` wheel) with matplotlib.

    Returns the ``font.family`` list to use. Raises ``RuntimeError`` naming the package to
    install when the font wheel is missing (figures would otherwise fall back silently).
    """
    from matplotlib import font_manager

    try:
        import fontpkg
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise RuntimeError(
            "the Arabic font is missing: pip install fontpkg-noto-sans-arabic"
        ) from exc
    try:
        path = fontpkg.path(FONT_FAMILY[0])
    except Exception as exc:  # pragma: no cover - fontpkg raises its own error types
        raise RuntimeError(
            f"font {FONT_FAMILY[0]!r} not installed: pip install fontpkg-noto-sans-arabic ({exc})"
        ) from exc
    font_manager.fontManager.addfont(str(path))
    return FONT_FAMILY


def figure_style() -> dict[str, Any]:
    """The rcParams every figure is drawn and saved with."""
    from cycler import cycler

    return {
        "font.family": list(register_fonts()),
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
        "image.cmap": "viridis",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.unicode_minus": True,
    }


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib as mpl

    with mpl.rc_context(cast(Any, figure_style())):
        yield


def bidi_label(text: Any, width: int | None = None) -> str:
    """A label that matplotlib's bidi layout shows in reading order.

    In a label containing Arabic, every Latin/digit run (``GPT-4``, ``2024-05-01``,
    ``Fortune.com``) is wrapped in a left-to-right isolate, so its inner order survives and
    the label reads right to left even when it starts with a Latin word. Labels without Arabic
    are returned unchanged. ``width`` shortens long labels with an ellipsis.
    """
    s = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    s = " ".join(s.split())
    if width is not None and len(s) > width:
        cut = s[: width - 1]
        if " " in cut[width // 2 :]:  # end on a whole word when one ends late enough
            cut = cut[: cut.rindex(" ")]
        s = cut.rstrip() + "…"
    if not _ARABIC.search(s):
        return s
    return _LTR_RUN.sub(lambda m: f"{_LRI}{m.group(0)}{_PDI}", s)


def signature_label(signature: str, width: int = 140) -> str:
    """A signature laid out for a figure: lines broken after ``|``, Arabic values isolated.

    The signature reads left to right like code; each Arabic value is wrapped in a
    right-to-left isolate so the bidi algorithm cannot move it (``node:الذكاء+شركة`` keeps
    its order).
    """
    lines: list[str] = []
    line = ""
    for part in signature.split("|"):
        piece = part if not line else f"|{part}"
        if line and len(line) + len(piece) > width:
            lines.append(line + "|")
            piece = part
            line = ""
        line += piece
    lines.append(line)
    arabic_run = re.compile(
        r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+(?: [\u0600-\u06ff]+)*"
    )
    return "\n".join(arabic_run.sub(lambda m: f"\u2067{m.group(0)}{_PDI}", ln) for ln in lines)


def display_forms(tokens: pd.DataFrame, by: str = "norm") -> dict[str, str]:
    """Term → its most frequent surface spelling, to label figures counted on ``norm``.

    ``openai`` is shown as ``OpenAI`` and ``انظمة`` as ``أنظمة``; tables keep the term itself.
    Ties go to the alphabetically first spelling. For other attributes the map is empty.
    """
    if by != "norm" or not {"norm", "surface"} <= set(tokens.columns) or not len(tokens):
        return {}
    pairs = tokens.groupby(["norm", "surface"], sort=True).size().rename("k").reset_index()
    pairs = pairs.sort_values(
        ["norm", "k", "surface"], ascending=[True, False, True], kind="stable"
    )
    best = pairs.drop_duplicates("norm")
    return dict(zip(best["norm"], best["surface"], strict=True))


def _show(forms: dict[str, str], term: str) -> str:
    return " ".join(forms.get(w, w) for w in str(term).split(" "))


# --- the Plot object ---------------------------------------------------------------------------
@dataclass
class Plot:
    """A figure with the table behind it, its caption and signature.

    Attributes
    ----------
    name : file stem (``freq_word_lists``); figures go to ``figures/<name>.png|svg``, the
        table to ``tables/<name>.csv``.
    figure : the matplotlib figure.
    table : the data drawn, as a DataFrame.
    caption : one or two sentences in English saying what the figure shows.
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
        sig = f" Signature: {self.signature}" if self.signature else ""
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
        return self.table.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode(
            "utf-8"
        )

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
        }


def _render(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    with _style():
        fig.savefig(
            buf, format=fmt, dpi=DPI, bbox_inches="tight", pad_inches=0.12, metadata=metadata
        )
    return buf.getvalue()


def _new_figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **kw: Any) -> Any:
    from matplotlib.figure import Figure

    with _style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def _finish(
    fig: Figure,
    name: str,
    table: pd.DataFrame,
    caption: str,
    signature: str,
    *,
    title: str | None = None,
) -> Plot:
    with _style():
        if title:
            fig.suptitle(bidi_label(title), fontsize=13)
        if signature:
            fig.text(
                0.0,
                -0.01,
                signature_label(signature),
                fontsize=6.5,
                color="#555555",
                ha="left",
                va="top",
            )
    table = table.reset_index(drop=True)
    table.attrs = {"signature": signature}
    return Plot(name=name, figure=fig, table=table, caption=caption, signature=signature)


def _barh_rtl(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    color: str | Sequence[str] = OKABE_ITO[0],
    xlabel: str = "",
    title: str = "",
    rtl: bool = True,
    fmt: str = "{:,.0f}",
) -> None:
    """Horizontal bars, first item on top; for Arabic data the bars grow right to left."""
    with _style():
        y = np.arange(len(labels))
        ax.barh(y, values, color=color)
        ax.set_yticks(y, [bidi_label(lab, 40) for lab in labels])
        ax.invert_yaxis()
        for yi, v in zip(y, values, strict=True):
            ax.annotate(
                fmt.format(v),
                (v, yi),
                xytext=(-3 if rtl else 3, 0),
                textcoords="offset points",
                va="center",
                ha="right" if rtl else "left",
                fontsize=7.5,
                color="#333333",
            )
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines["right"].set_visible(True)
            ax.spines["left"].set_visible(False)
        if xlabel:
            ax.set_xlabel(bidi_label(xlabel))
        if title:
            ax.set_title(bidi_label(title))
        ax.margins(x=0.12)


# --- corpus overview ---------------------------------------------------------------------------
def _label_cells(ax: Any, values: np.ndarray) -> None:
    """Write each count on its heatmap cell (dark text on light cells) and drop the frame."""
    vmax = values.max() if values.size else 0
    for (r, c), v in np.ndenumerate(values):
        color = "black" if v > 0.6 * vmax else "white"
        ax.text(c, r, str(v), ha="center", va="center", fontsize=8, color=color)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)


def corpus_overview(tokens: pd.DataFrame, titles: dict[str, str] | None = None) -> Plot:
    """Size of each document in words, split by script (Arabic, Latin, digits, punctuation).

    Parameters
    ----------
    tokens : token table.
    titles : document id → title, for the labels (default: the ids).

    Returns
    -------
    Plot named ``corpus_overview``; table columns ``doc``, ``title``, one count column per
    script, ``words`` (all but punctuation), ``latin_pct`` (Latin share of the words, %).
    """
    scripts = [s for s in SCRIPT_COLORS if s in set(tokens["script"].unique())]
    counts = pd.crosstab(tokens["doc"], tokens["script"]) if len(tokens) else pd.DataFrame()
    counts = counts.reindex(columns=scripts, fill_value=0).astype("int64")
    docs = list(counts.index)
    titles = titles or {}
    table = pd.DataFrame({"doc": docs, "title": [titles.get(d, d) for d in docs]})
    for s in scripts:
        table[s] = counts[s].to_numpy()
    words = counts.drop(columns=[c for c in ("punct",) if c in counts.columns]).sum(axis=1)
    table["words"] = words.to_numpy()
    latin = counts["latin"] if "latin" in counts.columns else pd.Series(0, index=counts.index)
    table["latin_pct"] = (100 * latin / words.where(words > 0, 1)).to_numpy()

    fig, axes = _new_figure(9, 1.0 + 0.55 * len(docs))
    ax = axes[0, 0]
    with _style():
        y = np.arange(len(docs))
        left = np.zeros(len(docs))
        for s in scripts:
            vals = table[s].to_numpy(dtype=float)
            ax.barh(y, vals, left=left, color=SCRIPT_COLORS[s], label=SCRIPT_NAMES_AR[s])
            left += vals
        labels = [
            bidi_label(f"{d[:3]} · {t}", 55) for d, t in zip(docs, table["title"], strict=True)
        ]
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(bidi_label("عدد الكلمات والرموز"))
        handles, names = ax.get_legend_handles_labels()  # read right to left, like the labels
        ax.legend(
            handles[::-1],
            names[::-1],
            loc="lower right",
            ncols=len(scripts),
            frameon=False,
            bbox_to_anchor=(1.0, 1.0),
        )
    return _finish(
        fig,
        "corpus_overview",
        table,
        "Size of each document in tokens, by script (Arabic, Latin, digits, punctuation).",
        str(tokens.attrs.get("signature", "")),
        title="حجم الوثائق حسب نظام الكتابة",
    )


# --- frequencies -------------------------------------------------------------------------------
_BY_AR = {
    "surface": "الشكل السطحي",
    "form": "الكلمة النحوية",
    "norm": "الشكل المعياري",
    "lemma": "المدخل المعجمي",
    "upos": "أقسام الكلام",
}


def word_lists(
    tokens: pd.DataFrame,
    *,
    by: Sequence[str] | None = None,
    top: int = 20,
    exclude: Any = CONTENT,
) -> Plot:
    """Top words side by side for several token attributes (surface vs normalised vs lemma).

    ``by`` defaults to ``surface`` and ``norm``, plus ``lemma`` when the token table has
    lemmas (stanza annotator).

    Returns
    -------
    Plot named ``freq_word_lists``; table columns ``by``, ``rank``, ``term``, ``freq``,
    ``per_million``, ``range``, ``dp`` (from :func:`corpus_tools.frequency.frequencies`).
    """
    from corpus_tools.frequency import frequencies

    if by is None:
        has_lemma = "lemma" in tokens.columns and bool(tokens["lemma"].notna().any())
        by = ("surface", "norm", "lemma") if has_lemma else ("surface", "norm")
    tables = []
    sigs = []
    for attr in by:
        wl = frequencies(tokens, by=attr, exclude=exclude).head(top)
        sigs.append(str(wl.attrs.get("signature", "")))
        tables.append(
            wl[["term", "freq", "per_million", "range", "dp"]].assign(
                by=attr, rank=np.arange(1, len(wl) + 1)
            )
        )
    table = pd.concat(tables, ignore_index=True)[
        ["by", "rank", "term", "freq", "per_million", "range", "dp"]
    ]
    fig, axes = _new_figure(4.2 * len(by), 0.8 + 0.26 * top, 1, len(by))
    for ax, attr, color in zip(axes[0], by, OKABE_ITO, strict=False):
        part = table[table["by"] == attr]
        _barh_rtl(
            ax,
            list(part["term"]),
            list(part["freq"]),
            color=color,
            xlabel="التكرار",
            title=_BY_AR.get(attr, attr),
        )
    return _finish(
        fig,
        "freq_word_lists",
        table,
        f"The {top} most frequent words counted by {', '.join(by)} (punctuation, digits, "
        "stopwords and scraper residue excluded).",
        sigs[0] if len(sigs) == 1 else " ; ".join(dict.fromkeys(sigs)),
        title="الكلمات الأكثر تكراراً",
    )


def ngram_lists(
    tokens: pd.DataFrame,
    *,
    by: str = "norm",
    ns: Sequence[int] = (2, 3),
    top: int = 15,
    exclude: Any = ("punct", "residue"),
) -> Plot:
    """Most frequent n-grams (within sentences), one panel per n.

    Returns
    -------
    Plot named ``freq_ngrams``; table columns ``n``, ``rank``, ``term``, ``freq``, ``range``.
    """
    from corpus_tools.frequency import frequencies

    tables = []
    sig = ""
    for n in ns:
        wl = frequencies(tokens, by=by, ngram=n, exclude=exclude).head(top)
        sig = sig or str(wl.attrs.get("signature", ""))
        tables.append(wl[["term", "freq", "range"]].assign(n=n, rank=np.arange(1, len(wl) + 1)))
    table = pd.concat(tables, ignore_index=True)[["n", "rank", "term", "freq", "range"]]
    names = {2: "الثنائيات", 3: "الثلاثيات", 4: "الرباعيات", 5: "الخماسيات"}
    fig, axes = _new_figure(4.6 * len(ns), 0.8 + 0.28 * top, 1, len(ns))
    for ax, n, color in zip(axes[0], ns, OKABE_ITO[2:], strict=False):
        part = table[table["n"] == n]
        _barh_rtl(
            ax,
            list(part["term"]),
            list(part["freq"]),
            color=color,
            xlabel="التكرار",
            title=names.get(n, f"n={n}"),
        )
    return _finish(
        fig,
        "freq_ngrams",
        table,
        f"The most frequent n-grams ({', '.join(map(str, ns))} words, by {by}) within sentence "
        "boundaries; punctuation and residue break n-grams.",
        sig.replace("ngram:" + str(ns[0]), "ngram:" + "+".join(map(str, ns))),
        title="أكثر التتابعات تكراراً",
    )


def frequency_dispersion(
    tokens: pd.DataFrame,
    *,
    by: str = "norm",
    top: int = 40,
    measure: str = "dp",
    label: int = 25,
    exclude: Any = CONTENT,
) -> Plot:
    """Frequency against dispersion (Gries' DP by default) for the most frequent words.

    Words high up are frequent; words to the right are concentrated in few documents (DP near
    1), words to the left spread evenly (DP near 0). Labels for the ``label`` most frequent.

    Returns
    -------
    Plot named ``freq_dispersion``; table columns ``term``, ``freq``, ``range``, ``juilland_d``,
    ``dp``, ``dp_norm``, ``arf``.
    """
    from corpus_tools.frequency import frequencies

    wl = frequencies(tokens, by=by, exclude=exclude).head(top)
    table = wl[["term", "freq", "range", "juilland_d", "dp", "dp_norm", "arf"]]
    fig, axes = _new_figure(8.5, 6.2)
    ax = axes[0, 0]
    with _style():
        sc = ax.scatter(
            table[measure], table["freq"], c=table["range"], cmap="viridis", s=28, zorder=3
        )
        ax.set_yscale("log")
        for i, row in enumerate(table.itertuples(index=False)):
            if i < label:
                ax.annotate(
                    bidi_label(row.term),
                    (getattr(row, measure), row.freq),
                    xytext=(4, 2 if i % 2 else -6),
                    textcoords="offset points",
                    fontsize=8,
                )
        ax.set_xlabel(bidi_label(f"التشتت بين الوثائق ({measure.upper()}: 0 = متساوٍ، 1 = مركّز)"))
        ax.set_ylabel(bidi_label("التكرار (مقياس لوغاريتمي)"))
        cb = fig.colorbar(sc, ax=ax, shrink=0.6)
        cb.set_label(bidi_label("عدد الوثائق"))
        ax.grid(alpha=0.3)
    return _finish(
        fig,
        "freq_dispersion",
        table,
        f"Frequency (log scale) against Gries' {measure.upper()} across documents for the {top} "
        f"most frequent words (by {by}); colour = number of documents containing the word.",
        str(wl.attrs.get("signature", "")),
        title="التكرار والتشتت",
    )


def keyness_by_document(
    tokens: pd.DataFrame,
    *,
    by: str = "norm",
    top: int = 10,
    statistic: str = "ll_2term",
    exclude: Any = CONTENT,
    titles: dict[str, str] | None = None,
    min_freq: int = 2,
) -> Plot:
    """Keywords of each document against the rest of the corpus (one panel per document).

    Each panel shows the ``top`` positive keywords by ``statistic`` (signed log-likelihood by
    default) among terms occurring at least ``min_freq`` times in the document.

    Returns
    -------
    Plot named ``keyness_by_document``; table columns ``doc``, ``rank``, ``term``,
    ``freq_target``, ``freq_reference``, ``ll_2term``, ``log_ratio``, ``p_ll_2term``.
    """
    from corpus_tools.keyness import keyness

    docs = list(pd.unique(tokens["doc"]))
    parts = []
    sig = ""
    for d in docs:
        target = tokens["doc"] == d
        kw = keyness(
            tokens[target],
            tokens[~target],
            by=by,
            exclude=exclude,
            min_freq=min_freq,
            sort_by=statistic,
        )
        sig = sig or str(kw.attrs.get("signature", ""))
        kw = kw[kw[statistic] > 0].head(top)
        cols = ["term", "freq_target", "freq_reference", "ll_2term", "log_ratio", "p_ll_2term"]
        parts.append(kw[cols].assign(doc=d, rank=np.arange(1, len(kw) + 1)))
    table = pd.concat(parts, ignore_index=True)[
        [
            "doc",
            "rank",
            "term",
            "freq_target",
            "freq_reference",
            "ll_2term",
            "log_ratio",
            "p_ll_2term",
        ]
    ]
    titles = titles or {}
    forms = display_forms(tokens, by)
    ncols = 2
    nrows = (len(docs) + 1) // 2
    fig, axes = _new_figure(10, 0.6 + nrows * (0.3 * top + 0.6), nrows, ncols)
    for i, d in enumerate(docs):
        ax = axes[i // ncols, ncols - 1 - i % ncols]  # right to left, like the text
        part = table[table["doc"] == d]
        _barh_rtl(
            ax,
            [_show(forms, w) for w in part["term"]],
            list(part[statistic]),
            color=OKABE_ITO[i % len(OKABE_ITO)],
            xlabel="الأرجحية اللوغاريتمية (LL)",
            title=f"{titles.get(d, d)}",
            fmt="{:.1f}",
        )
        ax.title.set_text(bidi_label(titles.get(d, d), 45))
        ax.title.set_fontsize(10)
    for j in range(len(docs), nrows * ncols):
        axes[j // ncols, ncols - 1 - j % ncols].set_visible(False)
    sig = re.sub(r"\|reference_size:\d+\|target_size:\d+", "|reference:rest-of-corpus", sig)
    return _finish(
        fig,
        "keyness_by_document",
        table,
        f"Keywords of each article against the other articles: the {top} highest positive "
        f"signed log-likelihood (Rayson & Garside 2000) scores, words occurring ≥ {min_freq} times.",
        sig,
        title="الكلمات المفتاحية لكل مقال مقابل بقية المدونة",
    )


# --- collocations ------------------------------------------------------------------------------
#: Nodes of the report's collocation figures (one word each: the node of «الذكاء الاصطناعي» is
#: its head noun الذكاء).
REPORT_NODES = ("الذكاء", "شركة", "OpenAI", "Meta")
COLLOCATION_EXCLUDE = ("punct", "residue", "stopwords")
_MEASURE_LABELS = {
    "log_dice": "logDice",
    "g2": "G²",
    "mi": "MI",
    "t": "t-score",
    "dice": "Dice",
    "mi3": "MI³",
    "delta_p": "ΔP(2|1)",
    "delta_p_rev": "ΔP(1|2)",
    "log_ratio": "Log Ratio",
    "fisher": "Fisher",
    "z": "z-score",
    "chi2": "χ²",
    "simple_ll": "simple-ll",
    "odds_ratio": "log odds ratio",
}


def node_terms(tokens: pd.DataFrame, nodes: Sequence[str], by: str) -> list[str]:
    """The node words as values of ``by``: for ``lemma``, each word's most frequent lemma.

    Stanza lemmas carry diacritics (``شَرِكَة``), so the word ``شركة`` is looked up by its
    normalised form and replaced by the lemma its tokens most often have; a word without a
    lemma is kept as it is. Other attributes return ``nodes`` unchanged.
    """
    if by != "lemma" or "lemma" not in tokens.columns:
        return list(nodes)
    from corpus_tools.normalize import normalize

    out = []
    for node in nodes:
        lemmas = tokens.loc[tokens["norm"] == normalize(node), "lemma"].dropna()
        if len(lemmas):
            counts = lemmas.value_counts().reset_index()
            counts.columns = ["lemma", "k"]
            counts = counts.sort_values(["k", "lemma"], ascending=[False, True], kind="stable")
            out.append(str(counts["lemma"].iloc[0]))
        else:
            out.append(node)
    return out


def _empty(ax: Axes, message: str) -> None:
    with _style():
        ax.text(
            0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555"
        )
        ax.set_axis_off()


def _node_order(found: Sequence[str], nodes: Sequence[str]) -> list[str]:
    """The found node values (normalised) in the order the caller listed the nodes."""
    from corpus_tools.normalize import normalize

    found = list(dict.fromkeys(found))
    by_key = {normalize(w): w for w in found}
    ordered = [by_key[normalize(n)] for n in nodes if normalize(n) in by_key]
    ordered = list(dict.fromkeys(ordered))
    return ordered + [w for w in found if w not in ordered]


def collocates(
    tokens: pd.DataFrame,
    *,
    nodes: Sequence[str] = REPORT_NODES,
    window: tuple[int, int] = (5, 5),
    measure: str = "log_dice",
    top: int = 10,
    min_cofreq: int = 2,
    by: str = "norm",
    exclude: Any = COLLOCATION_EXCLUDE,
) -> Plot:
    """Top collocates of each node by one association measure (one panel per node).

    Returns
    -------
    Plot named ``collocates``; table columns ``node``, ``rank``, ``collocate``, ``o11``, ``r1``,
    ``c1``, ``n`` and the measure (from :func:`corpus_tools.collocations.collocations`).
    """
    from corpus_tools.collocations import collocations

    nodes = node_terms(tokens, nodes, by)
    res = collocations(
        tokens,
        node=list(nodes),
        window=window,
        measures=(measure,),
        min_cofreq=min_cofreq,
        top=top,
        by=by,
        exclude=exclude,
    )
    order = _node_order(list(res["w1"]), nodes)
    forms = display_forms(tokens, by)
    table = res.rename(columns={"w1": "node", "w2": "collocate"})[
        ["node", "collocate", "o11", "r1", "c1", "n", measure]
    ]
    table = table.assign(label=[_show(forms, w) for w in table["collocate"]])
    table = table.assign(_k=table["node"].map({w: i for i, w in enumerate(order)})).sort_values(
        "_k", kind="stable"
    )
    table.insert(1, "rank", table.groupby("node", sort=False).cumcount() + 1)
    table = table.drop(columns="_k")
    ncols = 2
    nrows = (len(order) + 1) // 2
    fig, axes = _new_figure(10, 0.6 + nrows * (0.3 * top + 0.8), nrows, ncols)
    label = _MEASURE_LABELS.get(measure, measure)
    for i, node in enumerate(order):
        ax = axes[i // ncols, ncols - 1 - i % ncols]
        part = table[table["node"] == node]
        _barh_rtl(
            ax,
            list(part["label"]),
            list(part[measure]),
            color=OKABE_ITO[i % len(OKABE_ITO)],
            xlabel=label,
            title=f"«{_show(forms, node)}»",
            fmt="{:.1f}",
        )
    for j in range(len(order), nrows * ncols):
        axes[j // ncols, ncols - 1 - j % ncols].set_visible(False)
    return _finish(
        fig,
        "collocates",
        table,
        f"Top {top} collocates of each node in a {window[0]}+{window[1]} word window within "
        f"sentences, ranked by {label} (co-occurrence ≥ {min_cofreq}; punctuation, residue and "
        "stopwords removed from the stream).",
        str(res.attrs.get("signature", "")),
        title=f"المتلازمات اللفظية ({label})",
    )


def measure_comparison(
    tokens: pd.DataFrame,
    *,
    node: str = "شركة",
    measures: Sequence[str] = ("log_dice", "g2", "mi", "t", "delta_p", "mi3"),
    window: tuple[int, int] = (5, 5),
    top: int = 8,
    min_cofreq: int = 2,
    by: str = "norm",
    exclude: Any = COLLOCATION_EXCLUDE,
) -> Plot:
    """How the association measures rank the same collocates of one node (side by side).

    Rows are the union of every measure's ``top`` collocates; each cell is the collocate's rank
    under that measure (1 = strongest), so MI's preference for rare words and the t-score's for
    frequent ones show up as columns of different colours.

    Returns
    -------
    Plot named ``collocation_measures``; table columns ``collocate``, ``o11``, ``c1``, then
    per measure its score and ``rank_<measure>``.
    """
    from corpus_tools.collocations import collocations

    node = node_terms(tokens, [node], by)[0]
    res = collocations(
        tokens,
        node=node,
        window=window,
        measures=tuple(measures),
        min_cofreq=min_cofreq,
        top=None,
        by=by,
        exclude=exclude,
    )
    ranks = pd.DataFrame(
        {
            f"rank_{m}": res[m]
            .rank(ascending=False, method="min", na_option="bottom")
            .astype("int64")
            for m in measures
        }
    )
    full = pd.concat(
        [res[["w2", "o11", "c1", *measures]].rename(columns={"w2": "collocate"}), ranks], axis=1
    )
    keep = (ranks <= top).any(axis=1)
    table = (
        full[keep]
        .sort_values([f"rank_{measures[0]}", "collocate"], kind="stable")
        .reset_index(drop=True)
    )
    forms = display_forms(tokens, by)
    table.insert(1, "label", [_show(forms, w) for w in table["collocate"]])
    mat = table[[f"rank_{m}" for m in measures]].to_numpy(dtype=float)
    fig, axes = _new_figure(1.6 + 1.05 * len(measures), 1.2 + 0.32 * max(len(table), 3))
    ax = axes[0, 0]
    cap = float(max(top * 2, 10))
    if not len(table):
        _empty(ax, f"no collocate of «{node}» occurs {min_cofreq} or more times")
    if len(table):
        with _style():
            im = ax.imshow(np.minimum(mat, cap), cmap="viridis_r", aspect="auto", vmin=1, vmax=cap)
            ax.set_xticks(np.arange(len(measures)), [_MEASURE_LABELS.get(m, m) for m in measures])
            ax.xaxis.tick_top()
            ax.set_yticks(np.arange(len(table)), [bidi_label(w) for w in table["label"]])
            ax.yaxis.tick_right()
            for (r, c), v in np.ndenumerate(mat):
                ax.text(
                    c,
                    r,
                    f"{int(v)}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="black" if v <= cap * 0.55 else "white",
                )
            for side in ("top", "right", "left", "bottom"):
                ax.spines[side].set_visible(False)
            cb = fig.colorbar(im, ax=ax, location="left", shrink=0.6, pad=0.02)
            cb.set_label(bidi_label("الترتيب (1 = الأقوى)"))
            cb.ax.invert_yaxis()
    return _finish(
        fig,
        "collocation_measures",
        table,
        f"Rank of the collocates of «{node}» under {len(measures)} association measures "
        f"({', '.join(_MEASURE_LABELS.get(m, m) for m in measures)}); rows are every measure's "
        f"top {top}, window {window[0]}+{window[1]}, co-occurrence ≥ {min_cofreq}.",
        str(res.attrs.get("signature", "")),
        title=f"متلازمات «{node}» حسب مقياس الارتباط",
    )


def _layout(nodes: list[str], edges: pd.DataFrame, iterations: int = 300) -> dict[str, np.ndarray]:
    """Deterministic force layout: start nodes pinned on a circle, collocates pulled to them."""
    words = list(dict.fromkeys([*nodes, *edges["target"]]))
    index = {w: i for i, w in enumerate(words)}
    k = len(nodes)
    pos = np.zeros((len(words), 2))
    angles = np.pi / 2 - 2 * np.pi * np.arange(k) / max(k, 1)
    pos[:k] = 1.6 * np.c_[np.cos(angles), np.sin(angles)] if k > 1 else 0.0
    src = np.array([index[s] for s in edges["source"]], dtype=int)
    dst = np.array([index[t] for t in edges["target"]], dtype=int)
    # collocates start around their (first) node, spread by rank
    for j in range(k, len(words)):
        mine = np.flatnonzero(dst == j)
        centre = pos[src[mine]].mean(axis=0)
        a = 2 * np.pi * (j * 0.618034 % 1.0)
        pos[j] = centre + 0.7 * np.array([np.cos(a), np.sin(a)])
    score = edges["score"].to_numpy(dtype=float)
    span = np.ptp(score) if len(score) and np.ptp(score) > 0 else 1.0
    rest = 0.55 + 0.5 * (score.max() - score) / span if len(score) else score
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(-1)) + np.eye(len(words))
        force = (0.09 * delta / dist[..., None] ** 3).sum(axis=1)
        vec = pos[dst] - pos[src]
        length = np.sqrt((vec**2).sum(-1)) + 1e-9
        pull = ((length - rest) / length)[:, None] * vec * 0.3
        np.add.at(force, dst, -pull)
        cool = 0.08 * (1 - step / iterations) + 0.005
        move = np.clip(force, -cool, cool)
        move[:k] = 0.0
        pos = pos + move
    return {w: pos[i] for w, i in index.items()}


def collocation_graph(
    tokens: pd.DataFrame,
    *,
    nodes: Sequence[str] = REPORT_NODES,
    window: tuple[int, int] = (5, 5),
    measure: str = "log_dice",
    top: int = 8,
    min_cofreq: int = 2,
    by: str = "norm",
    exclude: Any = COLLOCATION_EXCLUDE,
) -> Plot:
    """A GraphColl-style collocation network of the nodes (Brezina, McEnery & Wattam 2015).

    Edges come from :func:`corpus_tools.collocations.collocation_network`; shorter, thicker edges
    are stronger (``measure``) and more frequent (``o11``) associations; collocates shared by
    several nodes sit between them.

    Returns
    -------
    Plot named ``collocation_network``; table = the network's edges (``source``, ``target``,
    ``depth``, ``o11``, ``r1``, ``c1``, ``n``, ``score``).
    """
    from corpus_tools.collocations import collocation_network

    nodes = node_terms(tokens, nodes, by)
    edges = collocation_network(
        tokens,
        list(nodes),
        window=window,
        measure=measure,
        top=top,
        min_cofreq=min_cofreq,
        by=by,
        exclude=exclude,
    )
    order = _node_order(list(edges["source"]), nodes)
    edges = (
        edges.assign(_k=edges["source"].map({w: i for i, w in enumerate(order)}))
        .sort_values("_k", kind="stable")
        .drop(columns="_k")
        .reset_index(drop=True)
    )
    pos = _layout(order, edges)
    forms = display_forms(tokens, by)
    fig, axes = _new_figure(9, 8)
    ax = axes[0, 0]
    colors = {n: OKABE_ITO[i % len(OKABE_ITO)] for i, n in enumerate(order)}
    with _style():
        o = edges["o11"].to_numpy(dtype=float)
        widths = 0.8 + 3.2 * np.log1p(o) / np.log1p(o.max() if len(o) else 1.0)
        for source, target, w in zip(edges["source"], edges["target"], widths, strict=True):
            (x0, y0), (x1, y1) = pos[str(source)], pos[str(target)]
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=colors.get(str(source), "#777777"),
                lw=w,
                alpha=0.55,
                zorder=1,
            )
        for word, (x, y) in pos.items():
            is_node = word in colors
            ax.text(
                x,
                y,
                bidi_label(_show(forms, word)),
                ha="center",
                va="center",
                zorder=3,
                fontsize=13 if is_node else 9.5,
                color="white" if is_node else "black",
                bbox={
                    "boxstyle": "round,pad=0.3",
                    "fc": colors[word] if is_node else "white",
                    "ec": colors.get(word, "#888888"),
                    "lw": 0.8,
                },
            )
        xy = np.array(list(pos.values()))
        pad = 0.35
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
        ax.set_aspect("equal")
        ax.axis("off")
    label = _MEASURE_LABELS.get(measure, measure)
    return _finish(
        fig,
        "collocation_network",
        edges,
        f"Collocation network (GraphColl-style): each node linked to its top {top} collocates by "
        f"{label} (co-occurrence ≥ {min_cofreq}, window {window[0]}+{window[1]}); line width "
        "grows with the co-occurrence frequency.",
        str(edges.attrs.get("signature", "")),
        title="شبكة المتلازمات",
    )


# --- loanwords ---------------------------------------------------------------------------------
def _brands_only(mentions: pd.DataFrame) -> pd.DataFrame:
    if "category" in mentions.columns:
        mentions = mentions[mentions["category"] == "brand"]
    return mentions.reset_index(drop=True)


def _brand_order(mentions: pd.DataFrame, top: int | None = None) -> list[str]:
    counts = mentions.groupby("brand", sort=True).size().reset_index(name="k")
    counts = counts.sort_values(["k", "brand"], ascending=[False, True], kind="stable")
    names = list(counts["brand"])
    return names if top is None else names[:top]


def _sig(df: pd.DataFrame, **extra: Any) -> str:
    from corpus_tools.signature import extend_signature

    base = df.attrs.get("signature")
    return extend_signature(base, **extra) if extra else str(base or "")


def brand_scripts(mentions: pd.DataFrame, *, top: int = 20) -> Plot:
    """Mentions per brand, split into Latin-script and Arabic-script spellings.

    Returns
    -------
    Plot named ``loanwords_brand_scripts``; table columns ``brand``, ``latin``, ``arabic``,
    ``total``, ``arabic_pct``.
    """
    m = _brands_only(mentions)
    order = _brand_order(m, top)
    counts = pd.crosstab(m["brand"], m["script"])
    counts = counts.reindex(index=order, columns=["latin", "arabic"], fill_value=0).astype("int64")
    table = pd.DataFrame(
        {"brand": order, "latin": counts["latin"].to_numpy(), "arabic": counts["arabic"].to_numpy()}
    )
    table["total"] = table["latin"] + table["arabic"]
    table["arabic_pct"] = 100 * table["arabic"] / table["total"].where(table["total"] > 0, 1)
    fig, axes = _new_figure(8, 1.0 + 0.34 * max(len(order), 1))
    ax = axes[0, 0]
    with _style():
        y = np.arange(len(order))
        ax.barh(y, table["latin"], color=SCRIPT_COLORS["latin"], label=SCRIPT_NAMES_AR["latin"])
        ax.barh(
            y,
            table["arabic"],
            left=table["latin"],
            color=SCRIPT_COLORS["arabic"],
            label=SCRIPT_NAMES_AR["arabic"],
        )
        for yi, total in zip(y, table["total"], strict=True):
            ax.annotate(
                f"{total}",
                (total, yi),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(y, list(order))
        ax.invert_yaxis()
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(bidi_label("عدد الإشارات"))
        ax.legend(title=bidi_label("نظام الكتابة"), loc="lower left", frameon=False)
        ax.margins(x=0.1)
    return _finish(
        fig,
        "loanwords_brand_scripts",
        table,
        "Brand mentions per brand (canonical English name), split by the script they are written "
        "in: Latin (`OpenAI`, `وMeta`) or Arabic transliteration (`جوجل`, `ميتا`).",
        _sig(mentions),
        title="العلامات التجارية حسب نظام الكتابة",
    )


def spelling_variants(mentions: pd.DataFrame, *, top: int = 12, min_variants: int = 2) -> Plot:
    """Written forms of each brand with two or more (``min_variants``), grouped by brand.

    Returns
    -------
    Plot named ``loanwords_spelling_variants``; table columns ``brand``, ``variant``,
    ``script``, ``count``.
    """
    m = _brands_only(mentions)
    order = _brand_order(m, top)
    counts = m.groupby(["brand", "surface", "script"], sort=True).size().reset_index(name="count")
    counts = counts.rename(columns={"surface": "variant"})
    n_var = counts.groupby("brand")["variant"].nunique()
    order = [b for b in order if n_var.get(b, 0) >= min_variants]
    counts = counts[counts["brand"].isin(order)]
    counts = counts.assign(_b=counts["brand"].map({b: i for i, b in enumerate(order)}))
    table = (
        counts.sort_values(["_b", "count", "variant"], ascending=[True, False, True], kind="stable")
        .drop(columns="_b")
        .reset_index(drop=True)
    )
    fig, axes = _new_figure(8.5, 1.0 + 0.27 * max(len(table), 1))
    ax = axes[0, 0]
    with _style():
        y = np.arange(len(table))
        colors = [SCRIPT_COLORS.get(s, OKABE_ITO[5]) for s in table["script"]]
        ax.barh(y, table["count"], color=colors)
        labels = [bidi_label(f"{v}") for v in table["variant"]]
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
        # brand names at the left end of each group, separators between groups
        starts = table.groupby("brand", sort=False).head(1).index
        for i in starts:
            if i:
                ax.axhline(i - 0.5, color="#cccccc", lw=0.8)
            ax.annotate(
                table["brand"][i],
                (0.0, i),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=9,
                color="#333333",
            )
        for yi, c in zip(y, table["count"], strict=True):
            ax.annotate(
                f"{c}",
                (c, yi),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=7.5,
            )
        ax.set_xlabel(bidi_label("عدد الإشارات"))
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(color=SCRIPT_COLORS[s], label=SCRIPT_NAMES_AR[s]) for s in ("latin", "arabic")
            ],
            loc="lower left",
            frameon=False,
            ncols=2,
            bbox_to_anchor=(0.0, 1.0),
        )
        ax.margins(x=0.25)
    return _finish(
        fig,
        "loanwords_spelling_variants",
        table,
        "Written forms of each brand (the mention span, clitics excluded) with their counts; "
        "colour = script.",
        _sig(mentions),
        title="تنوع كتابة أسماء العلامات التجارية",
    )


def brand_clitics(mentions: pd.DataFrame, *, top: int = 12) -> Plot:
    """Which Arabic proclitics attach to brand names, in which script, and how often per brand.

    Returns
    -------
    Plot named ``loanwords_clitics``; table columns ``brand``, ``clitic`` (``""`` = none),
    ``script``, ``count``.
    """
    m = _brands_only(mentions)
    clitic = (
        m["clitic"].fillna("").astype("str")
        if "clitic" in m.columns
        else pd.Series("", index=m.index)
    )
    m = m.assign(clitic=clitic)
    table = m.groupby(["brand", "clitic", "script"], sort=True).size().reset_index(name="count")
    with_clitic = m[m["clitic"] != ""]
    by_type = pd.crosstab(with_clitic["clitic"], with_clitic["script"])
    by_type = by_type.reindex(columns=["latin", "arabic"], fill_value=0)
    by_type = by_type.loc[by_type.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    order = _brand_order(m, top)
    rate = (m.assign(has=m["clitic"] != "").groupby("brand")["has"].mean() * 100).reindex(order)
    fig, axes = _new_figure(10, 1.2 + 0.3 * max(len(order), len(by_type), 3), 1, 2)
    ax_rate, ax_type = axes[0, 0], axes[0, 1]  # RTL: the clitic types (read first) on the right
    with _style():
        y = np.arange(len(by_type))
        ax_type.barh(
            y, by_type["latin"], color=SCRIPT_COLORS["latin"], label=SCRIPT_NAMES_AR["latin"]
        )
        ax_type.barh(
            y,
            by_type["arabic"],
            left=by_type["latin"],
            color=SCRIPT_COLORS["arabic"],
            label=SCRIPT_NAMES_AR["arabic"],
        )
        ax_type.set_yticks(y, [bidi_label(f"{c}ـ") for c in by_type.index])
        ax_type.invert_yaxis()
        ax_type.invert_xaxis()
        ax_type.yaxis.tick_right()
        ax_type.spines["right"].set_visible(True)
        ax_type.spines["left"].set_visible(False)
        ax_type.set_xlabel(bidi_label("عدد الإشارات"))
        ax_type.set_title(bidi_label("السوابق المتصلة باسم العلامة"))
        ax_type.legend(loc="lower left", frameon=False)
    _barh_rtl(
        ax_rate,
        list(order),
        list(rate.fillna(0.0)),
        color=OKABE_ITO[2],
        xlabel="٪ من الإشارات",
        title="نسبة الإشارات المتصلة بسابقة",
        fmt="{:.0f}%",
    )
    return _finish(
        fig,
        "loanwords_clitics",
        table,
        "Arabic proclitics written onto brand names (و 'and', ل 'for', ب 'with/by', ال 'the' …) by "
        "script of the name (right), and the share of each brand's mentions carrying one (left).",
        _sig(mentions),
        title="السوابق المتصلة بأسماء العلامات التجارية",
    )


def brand_dispersion(mentions: pd.DataFrame, corpus: Any, *, top: int = 6) -> Plot:
    """AntConc-style dispersion plot: where in each document each brand is mentioned.

    One panel per brand (the ``top`` most mentioned), one row per document, one tick per
    mention at its relative position (``start / len(text)``).

    Returns
    -------
    Plot named ``loanwords_dispersion``; table columns ``brand``, ``doc``, ``start``,
    ``surface``, ``position`` (0–1).
    """
    m = _brands_only(mentions)
    lengths = {d.id: len(d.text) for d in corpus}
    docs = list(lengths)
    order = _brand_order(m, top)
    table = m[m["brand"].isin(order)][["brand", "doc", "start", "surface"]]
    table = table.assign(position=table["start"] / table["doc"].map(lengths))
    table = table.assign(_b=table["brand"].map({b: i for i, b in enumerate(order)}))
    table = (
        table.sort_values(["_b", "doc", "start"], kind="stable")
        .drop(columns="_b")
        .reset_index(drop=True)
    )
    fig, axes = _new_figure(
        9, 0.7 + len(order) * (0.28 * len(docs) + 0.45), len(order), 1, sharex=True
    )
    with _style():
        for i, brand in enumerate(order):
            ax = axes[i, 0]
            part = table[table["brand"] == brand]
            rows = part["doc"].map({d: k for k, d in enumerate(docs)}).to_numpy()
            ax.vlines(
                part["position"],
                rows - 0.38,
                rows + 0.38,
                color=OKABE_ITO[i % len(OKABE_ITO)],
                lw=1.6,
            )
            ax.set_ylim(len(docs) - 0.5, -0.5)
            ax.set_yticks(np.arange(len(docs)), [d[:3] for d in docs], fontsize=8)
            ax.set_xlim(0, 1)
            ax.set_ylabel(
                f"{brand}\n(n={len(part)})", rotation=0, ha="right", va="center", fontsize=9
            )
            for k in range(len(docs)):
                ax.axhline(k, color="#eeeeee", lw=0.6, zorder=0)
        axes[-1, 0].set_xlabel("relative position in the document (start → end)")
    return _finish(
        fig,
        "loanwords_dispersion",
        table,
        "Dispersion plot of brand mentions (like AntConc's Plot tool): each tick is one mention at "
        "its relative position in the document (rows: documents 000–003).",
        _sig(mentions),
        title="Where the brands are mentioned",
    )


def brand_heatmap(
    mentions: pd.DataFrame, *, titles: dict[str, str] | None = None, top: int = 15
) -> Plot:
    """Document × brand matrix of mention counts.

    Returns
    -------
    Plot named ``loanwords_doc_brand``; table: one row per document (``doc``), one column per
    brand (counts).
    """
    m = _brands_only(mentions)
    order = _brand_order(m, top)
    sub = m[m["brand"].isin(order)]
    mat = pd.crosstab(sub["doc"], sub["brand"])
    mat = mat.reindex(columns=order, fill_value=0).astype("int64")
    table = mat.reset_index()
    fig, axes = _new_figure(1.8 + 0.55 * len(order), 1.6 + 0.45 * len(mat))
    ax = axes[0, 0]
    titles = titles or {}
    with _style():
        values = mat.to_numpy()
        im = ax.imshow(values, cmap="viridis", aspect="auto")
        ax.set_xticks(np.arange(len(order)), order, rotation=45, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.set_yticks(
            np.arange(len(mat)), [bidi_label(f"{titles.get(d, d)}", 28) for d in mat.index]
        )
        ax.yaxis.tick_right()
        _label_cells(ax, values)
        cb = fig.colorbar(im, ax=ax, location="left", shrink=0.7, pad=0.02)
        cb.set_label(bidi_label("عدد الإشارات"))
    return _finish(
        fig,
        "loanwords_doc_brand",
        table,
        f"Mentions of the {len(order)} most mentioned brands in each document.",
        _sig(mentions),
        title="الوثائق × العلامات التجارية",
    )


# --- the dataset -------------------------------------------------------------------------------
def dataset_configs(source: str | Path, *, revision: str | None = None) -> Plot:
    """Rows, columns and parquet size of each configuration of the published dataset.

    ``source`` is the dataset folder (or a Hub repo id, when the parquet files are local in the
    ``datasets`` cache); every configuration is loaded with ``datasets.load_dataset``.

    Returns
    -------
    Plot named ``dataset_configs``; table columns ``config``, ``rows``, ``columns``,
    ``parquet_bytes`` (0 when not a local folder).
    """
    from datasets import load_dataset

    from corpus_tools.dataset import CONFIGS

    rows = []
    folder = Path(source)
    for config in CONFIGS:
        ds = load_dataset(str(source), config, split="train", revision=revision)
        files = sorted((folder / "data" / config).glob("*.parquet")) if folder.is_dir() else []
        rows.append(
            (config, ds.num_rows, len(ds.column_names), sum(f.stat().st_size for f in files))
        )
    table = pd.DataFrame(rows, columns=["config", "rows", "columns", "parquet_bytes"])
    fig, axes = _new_figure(9, 2.6, 1, 2)
    with _style():
        for ax, col, label, color in (
            (axes[0, 0], "rows", "rows", OKABE_ITO[0]),
            (axes[0, 1], "parquet_bytes", "parquet size (KiB)", OKABE_ITO[2]),
        ):
            vals = table[col].to_numpy(dtype=float) / (1024 if col == "parquet_bytes" else 1)
            y = np.arange(len(table))
            ax.barh(y, vals, color=color)
            ax.set_yticks(y, list(table["config"]))
            ax.invert_yaxis()
            ax.set_xlabel(label)
            for yi, v in zip(y, vals, strict=True):
                ax.annotate(
                    f"{v:,.0f}" if col == "rows" else f"{v:,.1f}",
                    (v, yi),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            ax.margins(x=0.15)
    card = folder / "README.md"
    sig = ""
    if card.is_file():
        found = re.search(
            r"^```\n(.+\|version:[^\n]+)\n```$", card.read_text(encoding="utf-8"), re.MULTILINE
        )
        sig = found.group(1) if found else ""
    return _finish(
        fig,
        "dataset_configs",
        table,
        "The dataset's configurations: rows (documents, sentences, mentions) and size of their "
        "parquet files.",
        sig,
        title="Dataset configurations",
    )


def classifier_nouns(usage: pd.DataFrame, heads: pd.DataFrame, *, top: int = 15) -> Plot:
    """Classifier (head) nouns written before each brand (شركة OpenAI) and glossed mentions.

    Parameters
    ----------
    usage : the table of :func:`corpus_tools.loanwords.brand_usage` (computed with the corpus).
    heads : the table of :func:`corpus_tools.loanwords.brand_heads` (brand × noun counts).

    Returns
    -------
    Plot named ``loanwords_classifiers``; table columns ``brand``, ``head``, ``count``
    (one row per brand and head noun), plus one ``head == ""`` row per brand holding the
    number of ``glossed`` mentions in ``glossed``.
    """
    per_brand = usage[["brand", "glossed", "total"]]
    table = pd.concat(
        [
            heads.merge(per_brand, on="brand", how="inner"),
            per_brand[~per_brand["brand"].isin(heads["brand"])].assign(head="", count=0),
        ],
        ignore_index=True,
    )[["brand", "head", "count", "glossed", "total"]]
    rank = pd.Series(range(len(usage)), index=usage["brand"].to_numpy())
    table = (
        table.assign(_rank=table["brand"].map(rank))
        .sort_values("_rank", kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
        .astype({"count": "int64", "glossed": "int64", "total": "int64"})
    )
    headed = table[table["count"] > 0]
    order = [b for b in usage["brand"] if b in set(headed["brand"])][:top]
    headed = headed[headed["brand"].isin(order)]
    nouns = (
        headed.groupby("head")["count"]
        .sum()
        .reset_index()
        .sort_values(["count", "head"], ascending=[False, True], kind="stable")["head"]
        .tolist()
    )
    mat = headed.pivot_table(
        index="brand", columns="head", values="count", aggfunc="sum", fill_value=0
    )
    mat = mat.reindex(index=order, columns=nouns, fill_value=0)
    glossed = usage.set_index("brand")["glossed"].reindex(order).fillna(0).astype("int64")
    n_rows = max(len(order), 1)
    fig, axes = _new_figure(
        3.5 + 0.8 * max(len(nouns), 1),
        1.8 + 0.4 * n_rows,
        1,
        2,
        width_ratios=[1.6, 0.8 * max(len(nouns), 1)],
    )
    ax_g, ax = axes[0, 0], axes[0, 1]
    with _style():
        values = mat.to_numpy()
        ax.imshow(values if values.size else np.zeros((1, 1)), cmap="viridis", aspect="auto")
        ax.set_xticks(np.arange(len(nouns)), [bidi_label(n) for n in nouns])
        ax.xaxis.tick_top()
        ax.set_yticks(np.arange(len(order)), order)
        ax.yaxis.tick_right()
        _label_cells(ax, values)
        ax.set_title(bidi_label("الاسم المصنِّف قبل العلامة (شركة OpenAI)"), fontsize=10)
        y = np.arange(len(order))
        ax_g.barh(y, glossed.to_numpy(), color=OKABE_ITO[3])
        # counts: integer ticks, and a readable axis even when no mention is glossed
        ax_g.set_xlim(0, max(1, int(glossed.max()) if len(glossed) else 1) * 1.15)
        from matplotlib.ticker import MaxNLocator

        ax_g.xaxis.set_major_locator(MaxNLocator(integer=True))
        for yi, v in zip(y, glossed, strict=True):
            ax_g.annotate(
                f"{v}",
                (v, yi),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
            )
        ax_g.set_ylim(n_rows - 0.5, -0.5)
        ax_g.set_yticks([])
        ax_g.invert_xaxis()
        ax_g.spines["left"].set_visible(False)
        ax_g.set_title(bidi_label("مشروحة بالكتابة الأخرى"), fontsize=10)
        ax_g.set_xlabel(bidi_label("عدد الإشارات"))
        ax_g.margins(x=0.2)
    return _finish(
        fig,
        "loanwords_classifiers",
        table,
        "Classifier nouns written right before a brand (e.g. «شركة OpenAI», «منصة X») per brand "
        "(right), and mentions glossed with the other script next to them (left).",
        _sig(usage),
        title="أسماء التصنيف والشرح",
    )
