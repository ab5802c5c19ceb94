"""Figures of sizes, word lists, n-grams, dispersion and keywords (the tables of ``frequency``
and ``keyness`` drawn, never recomputed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.plotting.bidi import bidi_label, doc_label, show_term
from corpus_tools.plotting.figure import (
    Plot,
    bar_panels,
    barh_rtl,
    finish,
    integer_legend,
    new_figure,
    rtl_axis,
)
from corpus_tools.plotting.style import OKABE_ITO, SCRIPT_COLORS, SCRIPT_NAMES_AR, style
from corpus_tools.signature import extend_signature, parse_signature

__all__ = [
    "corpus_overview",
    "frequency_dispersion",
    "keyness_by_document",
    "ngram_lists",
    "word_list",
]

_NGRAM_AR = {2: "الثنائيات", 3: "الثلاثيات", 4: "الرباعيات", 5: "الخماسيات"}


def _sig(df: pd.DataFrame) -> str:
    return str(df.attrs.get("signature", ""))


def corpus_overview(tokens: pd.DataFrame, titles: Mapping[str, str] | None = None) -> Plot:
    """How long is each article, and how much of it is in Latin script?

    Parameters
    ----------
    tokens : the token table (``doc``, ``script``), e.g. ``load_dataset_tables(...)["tokens"]``.
    titles : document id → title, for the labels (default: the ids).

    Returns
    -------
    Plot named ``corpus_overview``; table columns ``doc``, ``title``, one count column per
    script, ``words`` (all but punctuation), ``latin_pct`` (Latin share of the words, %).
    """
    scripts = [s for s in SCRIPT_COLORS if s in set(tokens["script"].unique())]
    counts = pd.crosstab(tokens["doc"], tokens["script"]).reindex(columns=scripts, fill_value=0)
    counts = counts.astype("int64")
    titles = dict(titles or {})
    table = pd.DataFrame({"doc": counts.index, "title": [titles.get(d, d) for d in counts.index]})
    for s in scripts:
        table[s] = counts[s].to_numpy()
    words = counts.drop(columns=[c for c in ("punct",) if c in counts.columns]).sum(axis=1)
    table["words"] = words.to_numpy()
    latin = counts["latin"] if "latin" in counts.columns else pd.Series(0, index=counts.index)
    table["latin_pct"] = (100 * latin / words.where(words > 0, 1)).to_numpy()
    fig, axes = new_figure(8, 1.2 + 0.55 * len(table))
    ax = axes[0, 0]
    with style():
        y = np.arange(len(table))
        left = np.zeros(len(table))
        for s in scripts:
            vals = table[s].to_numpy(dtype=float)
            ax.barh(y, vals, left=left, color=SCRIPT_COLORS[s], label=SCRIPT_NAMES_AR[s])
            left += vals
        ax.set_yticks(y, [doc_label(d, titles, 46) for d in table["doc"]])
        ax.set_ylim(len(table) - 0.5, -0.5)
        rtl_axis(ax)
        ax.set_xlabel(bidi_label("عدد الرموز (كلمات وأرقام وعلامات ترقيم)"))
        handles, names = ax.get_legend_handles_labels()  # read right to left, like the labels
        ax.legend(
            handles[::-1],
            names[::-1],
            loc="lower right",
            ncols=len(scripts),
            frameon=False,
            bbox_to_anchor=(1.0, 1.0),
        )
    caption = (
        "Tokens per article, split by script (Arabic, Latin, digits, punctuation); the Latin "
        "share of the words is in the table."
    )
    return finish(
        fig,
        "corpus_overview",
        table,
        caption,
        _sig(tokens),
        title="كم طول كل مقال، وكم منه بالحرف اللاتيني؟",
    )


def word_list(wl: pd.DataFrame, *, top: int = 20, forms: Mapping[str, str] | None = None) -> Plot:
    """Which content words dominate the corpus, and are they spread over the articles?

    Parameters
    ----------
    wl : a word list from :func:`corpus_tools.frequency.frequencies` (``term``, ``freq``,
        ``range``, ``dp``), already filtered (stopwords etc.) by the caller.
    forms : normalised term → display spelling (:func:`~corpus_tools.plotting.display_forms`).

    Returns
    -------
    Plot named ``freq_word_list``; table columns ``rank``, ``term``, ``label``, ``freq``,
    ``range``, ``dp``.
    """
    table = wl.head(top)[["term", "freq", "range", "dp"]].copy()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.insert(2, "label", [show_term(forms, t) for t in table["term"]])
    fig, axes = new_figure(6.5, 1.0 + 0.27 * max(len(table), 3))
    ax = axes[0, 0]
    with style():
        colors = integer_legend(
            ax, table["range"].tolist(), "viridis", "عدد المقالات", loc="lower left", ncols=4
        )
    barh_rtl(
        ax,
        list(table["label"]),
        list(table["freq"]),
        color=[colors[int(r)] for r in table["range"]],
        xlabel="التكرار",
    )
    caption = (
        f"The {len(table)} most frequent words (normalised forms counted, most frequent spelling "
        "shown); colour = number of articles the word occurs in. "
        f"Excluded: `{wl.attrs.get('exclude', 'see the signature')}`."
    )
    return finish(
        fig,
        "freq_word_list",
        table,
        caption,
        _sig(wl),
        title="ما الكلمات الأكثر تكراراً، وهل تنتشر في كل المقالات؟",
    )


def ngram_lists(
    ngrams: Mapping[int, pd.DataFrame], *, top: int = 12, forms: Mapping[str, str] | None = None
) -> Plot:
    """Which multi-word units recur? One panel per n (each with its own frequency scale).

    Parameters
    ----------
    ngrams : n → the n-gram list of :func:`corpus_tools.frequency.frequencies` (``ngram=n``).

    Returns
    -------
    Plot named ``freq_ngrams``; table columns ``n``, ``rank``, ``term``, ``label``, ``freq``,
    ``range``.
    """
    parts = []
    for n, wl in ngrams.items():
        part = wl.head(top)[["term", "freq", "range"]].copy()
        part.insert(0, "rank", np.arange(1, len(part) + 1))
        part.insert(0, "n", n)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table.insert(4, "label", [show_term(forms, t) for t in table["term"]])
    ns = list(ngrams)
    fig, axes = new_figure(4.6 * len(ns), 1.0 + 0.3 * top, 1, len(ns))
    for ax, n, color in zip(axes[0][::-1], ns, OKABE_ITO[2:], strict=False):  # first n on the right
        part = table[table["n"] == n]
        barh_rtl(
            ax,
            list(part["label"]),
            list(part["freq"]),
            color=color,
            xlabel="التكرار",
            title=_NGRAM_AR.get(n, f"n={n}"),
        )
    first = next(iter(ngrams.values()))
    caption = (
        f"The {top} most frequent n-grams of {', '.join(map(str, ns))} words, inside sentences; "
        "an n-gram never spans punctuation or an excluded word (stopwords), so these are "
        "content-word units. Shown in their most frequent spelling."
    )
    return finish(
        fig, "freq_ngrams", table, caption, _sig(first), title="ما التتابعات اللفظية المتكررة؟"
    )


def frequency_dispersion(
    wl: pd.DataFrame,
    *,
    top: int = 40,
    label: int = 16,
    forms: Mapping[str, str] | None = None,
) -> Plot:
    """Which frequent words are spread over all articles, and which belong to one?

    Frequency (log scale) against Gries' DP (0 = spread in proportion to the article sizes,
    1 = all in one article) for the ``top`` most frequent words; the ``label`` most frequent
    are named.

    Returns
    -------
    Plot named ``freq_dispersion``; table columns ``term``, ``label``, ``freq``, ``range``,
    ``juilland_d``, ``dp``, ``dp_norm``, ``arf``.
    """
    table = wl.head(top)[["term", "freq", "range", "juilland_d", "dp", "dp_norm", "arf"]].copy()
    table.insert(1, "label", [show_term(forms, t) for t in table["term"]])
    fig, axes = new_figure(8, 6)
    ax = axes[0, 0]
    with style():
        colors = integer_legend(
            ax, table["range"].tolist(), "viridis", "عدد المقالات", loc="upper right"
        )
        ax.scatter(
            table["dp"], table["freq"], c=[colors[int(r)] for r in table["range"]], s=30, zorder=3
        )
        ax.set_yscale("log")
        ax.set_ylim(table["freq"].min() * 0.8, table["freq"].max() * 1.3)
        ax.set_xlabel(bidi_label("التشتت بين المقالات (DP: 0 = منتشر، 1 = في مقال واحد)"))
        ax.set_ylabel(bidi_label("التكرار (مقياس لوغاريتمي)"))
        ax.set_xlim(-0.02, 1.0)
        ax.grid(alpha=0.3)
        _label_points(ax, table.head(label), table)
    caption = (
        f"Frequency (log scale) against Gries' DP for the {len(table)} most frequent content "
        f"words; the {min(label, len(table))} most frequent are named; colour = number of "
        "articles containing the word."
    )
    return finish(
        fig,
        "freq_dispersion",
        table,
        caption,
        _sig(wl),
        title="أي الكلمات المتكررة منتشرة، وأيها خاصة بمقال واحد؟",
    )


#: Where a point's label may go, in points from the point (first free one wins).
_LABEL_OFFSETS = ((6, -4), (6, 6), (-6, -4), (-6, 6), (6, -14), (-6, -14), (6, 16), (-6, 16))


def _label_points(ax: Any, table: pd.DataFrame, everything: pd.DataFrame) -> None:
    """Name the points, each label at the first of :data:`_LABEL_OFFSETS` where its box
    overlaps no other label and no point (boxes estimated from the label length; deterministic).
    """
    fig = ax.figure
    fig.draw_without_rendering()  # lays the figure out, so data and point units convert
    to_px = ax.transData.transform
    pts_px = to_px(np.c_[everything["dp"], everything["freq"]].astype(float))
    scale = fig.dpi / 72.0
    boxes: list[tuple[float, float, float, float]] = []
    for row in table.itertuples(index=False):
        x0, y0 = to_px((float(row.dp), float(row.freq)))  # type: ignore[arg-type]
        width, height = 5.2 * len(str(row.label)) * scale, 10.0 * scale
        for dx, dy in _LABEL_OFFSETS:
            left = x0 + dx * scale - (width if dx < 0 else 0)
            bottom = y0 + dy * scale - 3 * scale
            box = (left, bottom, left + width, bottom + height)
            clear = not any(_overlap(box, other) for other in boxes) and not any(
                box[0] - 3 <= px <= box[2] + 3 and box[1] - 3 <= py <= box[3] + 3
                for px, py in pts_px
            )
            if clear:
                break
        boxes.append(box)
        ax.annotate(
            bidi_label(row.label),
            (float(row.dp), float(row.freq)),  # type: ignore[arg-type]
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=8,
            ha="right" if dx < 0 else "left",
        )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def keyness_by_document(
    keywords: Mapping[str, pd.DataFrame],
    *,
    statistic: str = "ll_2term",
    top: int = 8,
    titles: Mapping[str, str] | None = None,
    forms: Mapping[str, str] | None = None,
) -> Plot:
    """What is key in each article against the other articles? One panel per article.

    Parameters
    ----------
    keywords : document id → its :func:`corpus_tools.keyness.keyness` table against the other
        documents; only positive keywords are drawn.

    Returns
    -------
    Plot named ``keyness_by_document``; table columns ``doc``, ``rank``, ``term``, ``label``,
    ``freq_target``, ``freq_reference``, ``ll_2term``, ``log_ratio``, ``p_ll_2term``.
    """
    first = next(iter(keywords.values()))
    fields = {k: v for k, v in parse_signature(_sig(first)).items() if not k.endswith("_size")}
    signature = extend_signature(fields, reference="other-documents")
    stacked = pd.concat([kw.assign(doc=d) for d, kw in keywords.items()], ignore_index=True)
    kw = stacked[stacked[statistic] > 0]
    kw = kw.sort_values(
        ["doc", statistic, "freq_target", "term"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    cols = ["doc", "term", "freq_target", "freq_reference", "ll_2term", "log_ratio", "p_ll_2term"]
    table = kw.groupby("doc", sort=False).head(top)[cols].copy()
    table.insert(1, "rank", table.groupby("doc").cumcount() + 1)
    table.insert(3, "label", [show_term(forms, t) for t in table["term"]])
    docs = list(keywords)
    titles = dict(titles or {})
    fig, panels = bar_panels(
        table, docs, "doc", statistic, top=top, xlabel="الأرجحية اللوغاريتمية (LL)"
    )
    for d, ax in zip(docs, panels, strict=True):
        ax.set_title(doc_label(d, titles, 50), fontsize=9.5)
    caption = (
        f"Keywords of each article against the other articles: the {top} highest positive "
        "signed log-likelihood scores (Rayson & Garside 2000), same scale in every panel. Equal "
        "bars are ties: words found only in that article with the same frequency."
    )
    return finish(
        fig,
        "keyness_by_document",
        table,
        caption,
        signature,
        title="ما الكلمات المفتاحية لكل مقال مقابل بقية المقالات؟",
    )
