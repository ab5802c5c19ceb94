"""Figures of English brand names in Arabic text (the mentions and usage tables drawn).

Inputs are the ``mentions`` table (:func:`corpus_tools.loanwords.brand_mentions`, or the
dataset's ``mentions`` configuration; ``doc_id`` is accepted for ``doc``) and the usage tables
of :func:`corpus_tools.loanwords.brand_usage`. Only ``category == "brand"`` rows are drawn.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from corpus_tools.plotting.bidi import bidi_label, doc_label, show_term
from corpus_tools.plotting.figure import (
    Plot,
    barh_rtl,
    finish,
    label_bar_ends,
    new_figure,
    rtl_axis,
)
from corpus_tools.plotting.style import OKABE_ITO, SCRIPT_COLORS, SCRIPT_NAMES_AR, style

__all__ = [
    "brand_clitics",
    "brand_dispersion",
    "brand_frames",
    "brand_scripts",
    "script_by_document",
    "spelling_variants",
]

_MIXED = "#CC79A7"


def _brands(mentions: pd.DataFrame) -> pd.DataFrame:
    m = mentions.rename(columns={"doc_id": "doc"}) if "doc" not in mentions else mentions
    if "category" in m.columns:
        m = m[m["category"] == "brand"]
    return m.reset_index(drop=True)


def _order(m: pd.DataFrame, top: int | None = None, min_mentions: int = 1) -> list[str]:
    counts = m.groupby("brand", sort=True).size().reset_index(name="k")
    counts = counts[counts["k"] >= min_mentions]
    counts = counts.sort_values(["k", "brand"], ascending=[False, True], kind="stable")
    names = list(counts["brand"])
    return names if top is None else names[:top]


def _sig(df: pd.DataFrame) -> str:
    return str(df.attrs.get("signature", ""))


def _script_legend(ax: object, **kw: object) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=SCRIPT_COLORS[s], label=SCRIPT_NAMES_AR[s]) for s in ("latin", "arabic")]
    ax.legend(handles=handles, frameon=False, **kw)  # type: ignore[attr-defined]


def brand_scripts(mentions: pd.DataFrame, *, min_mentions: int = 2) -> Plot:
    """Which brands are mentioned, and in which script? Latin vs Arabic spellings per brand.

    Brands with fewer than ``min_mentions`` mentions are drawn together as one last row.

    Returns
    -------
    Plot named ``loanwords_brand_scripts``; table columns ``brand``, ``brands`` (1, or the
    number of brands in the last row), ``latin``, ``arabic``, ``total``, ``latin_share`` (0–1).
    """
    m = _brands(mentions)
    named = _order(m, min_mentions=min_mentions)
    rest = m[~m["brand"].isin(named)]
    other = f"علامات أخرى ({rest['brand'].nunique()})"
    m = m.assign(brand=m["brand"].where(m["brand"].isin(named), other))
    order = named + ([other] if len(rest) else [])
    counts = pd.crosstab(m["brand"], m["script"])
    counts = counts.reindex(index=order, columns=["latin", "arabic"], fill_value=0).astype("int64")
    table = pd.DataFrame(
        {
            "brand": order,
            "brands": [1] * len(named) + ([rest["brand"].nunique()] if len(rest) else []),
            "latin": counts["latin"].to_numpy(),
            "arabic": counts["arabic"].to_numpy(),
        }
    )
    table["total"] = table["latin"] + table["arabic"]
    table["latin_share"] = table["latin"] / table["total"].where(table["total"] > 0, 1)
    fig, axes = new_figure(7.5, 1.2 + 0.32 * max(len(order), 1))
    ax = axes[0, 0]
    with style():
        y = np.arange(len(order))
        ax.barh(y, table["latin"], color=SCRIPT_COLORS["latin"])
        ax.barh(y, table["arabic"], left=table["latin"], color=SCRIPT_COLORS["arabic"])
        shares = [
            f"{lat}/{total}" for lat, total in zip(table["latin"], table["total"], strict=True)
        ]
        label_bar_ends(ax, list(table["total"]), shares)
        ax.set_yticks(y, [bidi_label(b) for b in order])
        ax.set_ylim(len(order) - 0.5, -0.5)
        rtl_axis(ax)
        ax.set_xlabel(bidi_label("عدد الإشارات"))
        _script_legend(ax, loc="lower left", ncols=2, bbox_to_anchor=(0.0, 1.0))
        ax.margins(x=0.12)
    caption = (
        f"Mentions of each brand named {min_mentions} or more times (the others in the last row), "
        "split by the script of the name: "
        "Latin (`OpenAI`, `وMeta`) or Arabic transliteration (`جوجل`, `ميتا`); the label is "
        "Latin-script mentions / all mentions."
    )
    return finish(
        fig,
        "loanwords_brand_scripts",
        table,
        caption,
        _sig(mentions),
        title="أي العلامات التجارية تُذكر، وبأي حرف تُكتب؟",
    )


def script_by_document(
    mentions: pd.DataFrame, *, titles: Mapping[str, str] | None = None, min_mentions: int = 2
) -> Plot:
    """Does each article keep one script per brand? Brand × article, coloured by script choice.

    Returns
    -------
    Plot named ``loanwords_script_by_document``; table columns ``brand``, ``doc``, ``latin``,
    ``arabic``, ``total``, ``choice`` (``latin``, ``arabic`` or ``mixed``).
    """
    m = _brands(mentions)
    order = _order(m, min_mentions=min_mentions)
    m = m[m["brand"].isin(order)]
    table = m.pivot_table(
        index=["brand", "doc"], columns="script", values="start", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=["latin", "arabic"], fill_value=0).astype("int64").reset_index()
    table["total"] = table["latin"] + table["arabic"]
    table["choice"] = np.select(
        [table["arabic"] == 0, table["latin"] == 0], ["latin", "arabic"], "mixed"
    )
    table = table.assign(_b=table["brand"].map({b: i for i, b in enumerate(order)}))
    table = (
        table.sort_values(["_b", "doc"], kind="stable").drop(columns="_b").reset_index(drop=True)
    )
    docs = sorted(set(_brands(mentions)["doc"]))
    titles = dict(titles or {})
    fig, axes = new_figure(2.6 + 1.25 * len(docs), 1.6 + 0.32 * max(len(order), 1))
    ax = axes[0, 0]
    grid, text = _choice_grid(table, order, docs)
    with style():
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch

        cmap = ListedColormap(["#f2f2f2", SCRIPT_COLORS["latin"], _MIXED, SCRIPT_COLORS["arabic"]])
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=3, aspect="auto")
        for (r, c), v in np.ndenumerate(grid):
            ax.text(
                c,
                r,
                text[r, c],
                ha="center",
                va="center",
                fontsize=8,
                color="white" if v else "#999999",
            )
        ax.set_xticks(np.arange(len(docs)), [doc_label(d, titles, 24) for d in docs], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_xlim(len(docs) - 0.5, -0.5)  # first article on the right
        ax.set_yticks(np.arange(len(order)), order)
        ax.yaxis.tick_right()
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(color=SCRIPT_COLORS["latin"], label=bidi_label("لاتيني فقط")),
            Patch(color=_MIXED, label=bidi_label("مختلط (لاتيني|عربي)")),
            Patch(color=SCRIPT_COLORS["arabic"], label=bidi_label("عربي فقط")),
        ]
        ax.legend(
            handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, frameon=False
        )
    caption = (
        f"For each brand with at least {min_mentions} mentions and each article: the script the "
        "article writes the name in; the number is the count of mentions (Latin|Arabic where an "
        "article mixes both)."
    )
    return finish(
        fig,
        "loanwords_script_by_document",
        table,
        caption,
        _sig(mentions),
        title="هل يلتزم كل مقال بحرف واحد لكل علامة تجارية؟",
    )


def _choice_grid(
    table: pd.DataFrame, order: list[str], docs: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Brand × article codes (0 none, 1 Latin, 2 mixed, 3 Arabic) and the text of each cell."""
    code = {"latin": 1, "mixed": 2, "arabic": 3}
    grid = np.zeros((len(order), len(docs)), dtype=int)
    text = np.full(grid.shape, "", dtype=object)
    for row in table.itertuples(index=False):
        r, c = order.index(str(row.brand)), docs.index(str(row.doc))
        grid[r, c] = code[str(row.choice)]
        text[r, c] = f"{row.latin}|{row.arabic}" if row.choice == "mixed" else str(row.total)
    return grid, text


def spelling_variants(variants: pd.DataFrame, *, top: int = 12, min_variants: int = 2) -> Plot:
    """Which spellings compete for the same brand? Written forms of brands with two or more.

    Parameters
    ----------
    variants : the long table of :func:`corpus_tools.loanwords.brand_variants` (``brand``,
        ``variant``, ``script``, ``count``; brands most mentioned first).

    Returns
    -------
    Plot named ``loanwords_spelling_variants``; the rows of ``variants`` drawn.
    """
    n_var = variants.groupby("brand")["variant"].nunique()
    order = [b for b in dict.fromkeys(variants["brand"]) if n_var[b] >= min_variants][:top]
    table = variants[variants["brand"].isin(order)].reset_index(drop=True)
    fig, axes = new_figure(7.5, 1.2 + 0.27 * max(len(table), 1))
    ax = axes[0, 0]
    colors = [SCRIPT_COLORS.get(s, OKABE_ITO[5]) for s in table["script"]]
    barh_rtl(ax, list(table["variant"]), list(table["count"]), color=colors, xlabel="عدد الإشارات")
    with style():
        for i in table.groupby("brand", sort=False).head(1).index:
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
        _script_legend(ax, loc="lower left", ncols=2, bbox_to_anchor=(0.0, 1.0))
        ax.margins(x=0.25)
    caption = (
        f"Every written form (clitics removed) of the brands written in {min_variants} or more "
        "ways, with its count; colour = script; the brand's English name at the left."
    )
    return finish(
        fig,
        "loanwords_spelling_variants",
        table,
        caption,
        _sig(variants),
        title="أي الكتابات تتنافس على اسم العلامة نفسها؟",
    )


def brand_clitics(mentions: pd.DataFrame, *, min_mentions: int = 3) -> Plot:
    """How often do Arabic proclitics attach to brand names, and to which script?

    Left: for brands with at least ``min_mentions`` mentions and at least one clitic, the
    mentions with and without a proclitic. Right: which proclitics, by script of the name.

    Returns
    -------
    Plot named ``loanwords_clitics``; table columns ``brand``, ``clitic`` (``none`` when no
    proclitic is attached), ``script``, ``count``, ``attached`` (bool).
    """
    m = _brands(mentions)
    m = m.assign(clitic=m["clitic"].fillna("").astype("str"))
    attached = m[m["clitic"] != ""]
    table = m.assign(clitic=m["clitic"].where(m["clitic"] != "", "none"))
    table = table.groupby(["brand", "clitic", "script"], sort=True).size().reset_index(name="count")
    table["attached"] = table["clitic"] != "none"
    by_type = pd.crosstab(attached["clitic"], attached["script"]).reindex(
        columns=["latin", "arabic"], fill_value=0
    )
    by_type = by_type.loc[by_type.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    order = [b for b in _order(m, min_mentions=min_mentions) if b in set(attached["brand"])]
    n_with = attached.groupby("brand").size().reindex(order).fillna(0).astype(int)
    n_all = m.groupby("brand").size().reindex(order).astype(int)
    fig, axes = new_figure(10, 1.4 + 0.3 * max(len(order), len(by_type), 3), 1, 2, sharey=False)
    ax_brand, ax_type = axes[0, 0], axes[0, 1]  # right to left: clitic types first
    with style():
        _stacked(
            ax_type,
            list(by_type.index.map(lambda c: f"{c}ـ")),
            [by_type["latin"], by_type["arabic"]],
            [SCRIPT_COLORS["latin"], SCRIPT_COLORS["arabic"]],
        )
        ax_type.set_title(bidi_label("السوابق المتصلة باسم العلامة، حسب حرف الاسم"), fontsize=10)
        _script_legend(ax_type, loc="lower left")
        _stacked(ax_brand, order, [n_with, n_all - n_with], [OKABE_ITO[2], "#d9d9d9"])
        shares = [f"{w}/{a}" for w, a in zip(n_with, n_all, strict=True)]
        label_bar_ends(ax_brand, list(n_all), shares)
        ax_brand.set_title(
            bidi_label(f"الإشارات المتصلة بسابقة (علامات لها {min_mentions} إشارات فأكثر)"),
            fontsize=10,
        )
    caption = (
        "Arabic proclitics written onto brand names (و 'and', ل 'for', ب 'with/by', ال 'the' …). "
        f"Right: which proclitics, by the script of the name. Left: brands with ≥ {min_mentions} "
        "mentions that carry a clitic at least once: mentions with a clitic / all mentions."
    )
    return finish(
        fig,
        "loanwords_clitics",
        table,
        caption,
        _sig(mentions),
        title="كم مرة تتصل السوابق العربية بأسماء العلامات التجارية؟",
    )


def _stacked(ax: object, labels: list[str], parts: list[pd.Series], colors: list[str]) -> None:
    from matplotlib.ticker import MaxNLocator

    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    for values, color in zip(parts, colors, strict=True):
        vals = np.asarray(values, dtype=float)
        ax.barh(y, vals, left=left, color=color)  # type: ignore[attr-defined]
        left += vals
    ax.set_yticks(y, [bidi_label(lab) for lab in labels])  # type: ignore[attr-defined]
    ax.set_ylim(len(labels) - 0.5, -0.5)  # type: ignore[attr-defined]
    rtl_axis(ax)  # type: ignore[arg-type]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]
    ax.set_xlabel(bidi_label("عدد الإشارات"))  # type: ignore[attr-defined]
    ax.margins(x=0.15)  # type: ignore[attr-defined]


def brand_frames(
    heads: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    min_mentions: int = 2,
    nouns: int = 4,
    forms: Mapping[str, str] | None = None,
) -> Plot:
    """Is a brand introduced with a company noun («شركة X») or named bare?

    Parameters
    ----------
    heads : long table ``brand``, ``head``, ``count``: the classifier noun written right before
        a mention (from :func:`corpus_tools.loanwords.brand_usage`).
    totals : ``brand``, ``total`` (mentions per brand; the usage table).
    forms : normalised noun → display spelling (``اداة`` is shown ``أداة``).

    Returns
    -------
    Plot named ``loanwords_frames``; table columns ``brand``, ``total``, one count column per
    classifier noun shown, ``other`` (the other nouns), ``bare`` (no noun), ``framed``
    (``total - bare``), ``has_frame`` (bool).
    """
    heads = heads.assign(head=[show_term(forms, h) for h in heads["head"]])
    tot = totals.set_index("brand")["total"]
    order = list(tot[tot >= min_mentions].index)
    counts = heads[heads["brand"].isin(order)].groupby("head")["count"].sum().reset_index()
    counts = counts.sort_values(["count", "head"], ascending=[False, True], kind="stable")
    shown = list(counts["head"].head(nouns))
    mat = heads.pivot_table(
        index="brand", columns="head", values="count", aggfunc="sum", fill_value=0
    )
    mat = mat.reindex(index=order, fill_value=0)
    table = pd.DataFrame({"brand": order, "total": tot.reindex(order).to_numpy()})
    for h in shown:
        table[h] = (
            (mat[h] if h in mat.columns else pd.Series(0, index=mat.index)).to_numpy().astype(int)
        )
    table["other"] = mat.sum(axis=1).to_numpy().astype(int) - table[shown].sum(axis=1)
    table["bare"] = table["total"] - table[[*shown, "other"]].sum(axis=1)
    table["framed"] = table["total"] - table["bare"]
    table["has_frame"] = table["framed"] > 0
    table = table.assign(_h=table["total"] - table["bare"])
    table = table.sort_values(
        ["_h", "total", "brand"], ascending=[False, False, True], kind="stable"
    )
    table = table.drop(columns="_h").reset_index(drop=True)
    fig, axes = new_figure(7.5, 1.4 + 0.3 * max(len(table), 3))
    ax = axes[0, 0]
    with style():
        colors = [*OKABE_ITO[3 : 3 + len(shown)], "#7f7f7f", "#dddddd"]
        parts = [table[h] for h in shown] + [table["other"], table["bare"]]
        _stacked(ax, list(table["brand"]), parts, colors)
        from matplotlib.patches import Patch

        names = [f"{h} + الاسم" for h in shown] + ["اسم تصنيف آخر + الاسم", "الاسم وحده"]
        ax.legend(
            handles=[
                Patch(color=c, label=bidi_label(n)) for c, n in zip(colors, names, strict=True)
            ],
            loc="lower left",
            frameon=False,
            fontsize=8.5,
        )
    caption = (
        f"Mentions of each brand with ≥ {min_mentions} mentions: introduced by a classifier noun "
        "right before the name («شركة OpenAI», «منصة X») or written bare; brands with a frame "
        "first."
    )
    return finish(
        fig,
        "loanwords_frames",
        table,
        caption,
        _sig(heads),
        title="هل يُقدَّم اسم العلامة بكلمة مثل «شركة» أم يُذكر وحده؟",
    )


def brand_dispersion(
    mentions: pd.DataFrame,
    lengths: Mapping[str, int],
    *,
    titles: Mapping[str, str] | None = None,
    top: int = 6,
) -> Plot:
    """Where in each article are the brands mentioned? An AntConc-style dispersion plot.

    One panel per brand (the ``top`` most mentioned), one row per article, one tick per mention
    at its relative position (``start / length``), read right to left like the text.

    Returns
    -------
    Plot named ``loanwords_dispersion``; table columns ``brand``, ``doc``, ``start``,
    ``surface``, ``position`` (0–1).
    """
    m = _brands(mentions)
    docs = list(lengths)
    order = _order(m, top)
    table = m[m["brand"].isin(order)][["brand", "doc", "start", "surface"]]
    table = table.assign(position=table["start"] / table["doc"].map(lengths))
    table = table.assign(_b=table["brand"].map({b: i for i, b in enumerate(order)}))
    table = table.sort_values(["_b", "doc", "start"], kind="stable").drop(columns="_b")
    titles = dict(titles or {})
    fig, axes = new_figure(
        9, 0.9 + len(order) * (0.26 * len(docs) + 0.5), len(order), 1, sharex=True
    )
    with style():
        for i, brand in enumerate(order):
            ax = axes[i, 0]
            part = table[table["brand"] == brand]
            rows = part["doc"].map({d: k for k, d in enumerate(docs)}).to_numpy()
            ax.vlines(part["position"], rows - 0.38, rows + 0.38, color=OKABE_ITO[i % 8], lw=1.6)
            ax.set_ylim(len(docs) - 0.5, -0.5)
            ax.set_yticks(
                np.arange(len(docs)), [doc_label(d, titles, 30) for d in docs], fontsize=7.5
            )
            ax.yaxis.tick_right()
            ax.set_xlim(1, 0)  # start of the article on the right
            ax.set_title(f"{brand} (n={len(part)})", fontsize=9.5, loc="right")
            for k in range(len(docs)):
                ax.axhline(k, color="#eeeeee", lw=0.6, zorder=0)
        axes[-1, 0].set_xlabel(bidi_label("الموضع النسبي في المقال (البداية ← النهاية)"))
    caption = (
        "Each tick is one mention at its relative position in the article (start at the right, "
        f"as the text reads); the {len(order)} most mentioned brands."
    )
    return finish(
        fig,
        "loanwords_dispersion",
        table,
        caption,
        _sig(mentions),
        title="أين تُذكر العلامات التجارية داخل كل مقال؟",
    )
