"""Figures of collocations: top collocates, measures compared, a GraphColl-style network (the
tables of ``collocations`` drawn, never recomputed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from corpus_tools.plotting.bidi import bidi_label, show_term
from corpus_tools.plotting.figure import Plot, bar_panels, finish, new_figure
from corpus_tools.plotting.style import OKABE_ITO, style

__all__ = ["MEASURE_LABELS", "collocates", "collocation_graph", "measure_comparison"]

#: How each association measure is named in figures.
MEASURE_LABELS = {
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


def _attracted(table: pd.DataFrame) -> pd.DataFrame:
    """Only pairs seen more often than chance (signed G² > 0) when the table has G²."""
    return table[table["g2"] > 0] if "g2" in table.columns else table


def _settings(table: pd.DataFrame) -> str:
    sig = str(table.attrs.get("signature", ""))
    keep = ("window:", "min_cofreq:", "exclude:")
    return ", ".join(f"`{p}`" for p in sig.split("|") if p.startswith(keep))


def collocates(
    table: pd.DataFrame,
    *,
    measure: str = "log_dice",
    top: int = 10,
    forms: Mapping[str, str] | None = None,
) -> Plot:
    """Which words does each node attract? Top collocates by one measure, one panel per node.

    Parameters
    ----------
    table : the table of :func:`corpus_tools.collocations.collocations` with several nodes
        (``w1`` the node, ``w2`` the collocate, the measure, and ``g2`` to drop repelled pairs).

    Returns
    -------
    Plot named ``collocates``; table columns ``node``, ``node_label``, ``rank``, ``collocate``,
    ``label``,
    ``o11``, ``r1``, ``c1``, ``n``, the measure (and ``g2``).
    """
    res = _attracted(table).sort_values(measure, ascending=False, kind="stable")
    nodes = list(dict.fromkeys(table["w1"]))
    res = res.assign(_k=res["w1"].map({w: i for i, w in enumerate(nodes)}))
    res = res.sort_values("_k", kind="stable").groupby("w1", sort=False).head(top)
    cols = ["node", "collocate", "o11", "r1", "c1", "n", measure]
    cols += ["g2"] if "g2" in res.columns and measure != "g2" else []
    out = res.rename(columns={"w1": "node", "w2": "collocate"})[cols]
    out.insert(1, "rank", out.groupby("node", sort=False).cumcount() + 1)
    out.insert(3, "label", [show_term(forms, w) for w in out["collocate"]])
    out.insert(1, "node_label", [show_term(forms, w) for w in out["node"]])
    label = MEASURE_LABELS.get(measure, measure)
    fig, panels = bar_panels(out, nodes, "node", measure, top=top, xlabel=label)
    with style():  # as barh_rtl draws its titles
        for node, ax in zip(nodes, panels, strict=True):
            ax.set_title(bidi_label(f"«{show_term(forms, node)}»"))
    caption = (
        f"The {top} strongest collocates of each node by {label}, same scale in every panel; only "
        "pairs seen more often than chance (signed G² > 0). Settings: "
        f"{_settings(table)}."
    )
    return finish(
        fig,
        "collocates",
        out,
        caption,
        str(table.attrs.get("signature", "")),
        title=f"ما الكلمات التي تجذبها كل كلمة محورية؟ ({label})",
    )


def measure_comparison(
    table: pd.DataFrame,
    *,
    measures: Sequence[str],
    top: int = 8,
    forms: Mapping[str, str] | None = None,
) -> Plot:
    """Do the association measures agree on the collocates of one node?

    Rows are the union of every measure's ``top`` collocates; each cell is the collocate's rank
    under that measure (1 = strongest). A row of small numbers is a collocate every measure
    finds; MI's preference for rare words and the t-score's for frequent ones show as columns.

    Parameters
    ----------
    table : :func:`corpus_tools.collocations.collocations` for one node with every measure in
        ``measures`` and ``top=None``.

    Returns
    -------
    Plot named ``collocation_measures``; table columns ``collocate``, ``label``, ``o11``,
    ``c1``, per measure its score, then ``rank_<measure>``, ``robust`` (in every top list).
    """
    node = str(table["w1"].iloc[0]) if len(table) else ""
    out = _rank_table(table, measures, top, forms)
    mat = out[[f"rank_{m}" for m in measures]].to_numpy(dtype=float)
    cap = float(max(top * 2, 10))
    fig, axes = new_figure(1.8 + 1.0 * len(measures), 1.4 + 0.3 * max(len(out), 3))
    ax = axes[0, 0]
    with style():
        ax.imshow(np.minimum(mat, cap), cmap="viridis_r", aspect="auto", vmin=1, vmax=cap)
        ax.set_xticks(np.arange(len(measures)), [MEASURE_LABELS.get(m, m) for m in measures])
        ax.xaxis.tick_top()
        labels = [
            bidi_label(("★ " if r else "") + w)
            for w, r in zip(out["label"], out["robust"], strict=True)
        ]
        ax.set_yticks(np.arange(len(out)), labels)
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
    names = ", ".join(MEASURE_LABELS.get(m, m) for m in measures)
    caption = (
        f"Rank of each collocate of «{show_term(forms, node)}» under {len(measures)} measures "
        f"({names}); cell = rank (1 = strongest, darker = stronger); rows = every measure's top "
        f"{top}; ★ = in the top {top} of every measure. Settings: {_settings(table)}."
    )
    return finish(
        fig,
        "collocation_measures",
        out,
        caption,
        str(table.attrs.get("signature", "")),
        title=f"هل تتفق مقاييس الارتباط على متلازمات «{show_term(forms, node)}»؟",
    )


def _rank_table(
    table: pd.DataFrame, measures: Sequence[str], top: int, forms: Mapping[str, str] | None
) -> pd.DataFrame:
    """Each collocate's rank under every measure; rows = the union of the top lists."""
    ranks = pd.DataFrame(
        {
            f"rank_{m}": table[m]
            .rank(ascending=False, method="min", na_option="bottom")
            .astype("int64")
            for m in measures
        }
    )
    full = pd.concat(
        [table[["w2", "o11", "c1", *measures]].rename(columns={"w2": "collocate"}), ranks], axis=1
    )
    keep = (ranks <= top).any(axis=1)
    out = full[keep].sort_values([f"rank_{measures[0]}", "collocate"], kind="stable")
    out = out.reset_index(drop=True)
    out.insert(1, "label", [show_term(forms, w) for w in out["collocate"]])
    out["robust"] = (out[[f"rank_{m}" for m in measures]] <= top).all(axis=1)
    return out


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
    edges: pd.DataFrame, *, forms: Mapping[str, str] | None = None, measure: str = "log_dice"
) -> Plot:
    """Which collocates do the nodes share? A GraphColl-style network (Brezina et al. 2015).

    Parameters
    ----------
    edges : the table of :func:`corpus_tools.collocations.collocation_network` (``source``,
        ``target``, ``o11``, ``score``).

    Returns
    -------
    Plot named ``collocation_network``; table = the edges plus ``shared`` (the target is a
    collocate of two or more nodes).
    """
    nodes = list(dict.fromkeys(edges["source"]))
    out = edges.reset_index(drop=True).copy()
    n_sources = out.groupby("target")["source"].transform("nunique")
    out["shared"] = (n_sources > 1) & ~out["target"].isin(nodes)
    pos = _layout(nodes, out)
    fig, axes = new_figure(9, 8.2)
    ax = axes[0, 0]
    colors = {n: OKABE_ITO[i % 8] for i, n in enumerate(nodes)}
    with style():
        o = out["o11"].to_numpy(dtype=float)
        widths = 0.8 + 3.2 * np.log1p(o) / np.log1p(o.max() if len(o) else 1.0)
        for source, target, w in zip(out["source"], out["target"], widths, strict=True):
            (x0, y0), (x1, y1) = pos[str(source)], pos[str(target)]
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=colors.get(str(source), "#777777"),
                lw=w,
                alpha=0.45,
                zorder=1,
                solid_capstyle="round",
            )
        shared = set(out.loc[out["shared"], "target"])
        for word, (x, y) in pos.items():
            is_node = word in colors
            ax.text(
                x,
                y,
                bidi_label(show_term(forms, word)),
                ha="center",
                va="center",
                zorder=3,
                fontsize=13 if is_node else 9.5,
                color="white" if is_node else "black",
                bbox={
                    "boxstyle": "round,pad=0.3",
                    "lw": 1.6 if word in shared else 0.8,
                    "fc": colors[word] if is_node else ("#fff3c4" if word in shared else "white"),
                    "ec": colors.get(word, "#444444" if word in shared else "#aaaaaa"),
                },
            )
        _graph_legend(ax, nodes, colors, forms)
        xy = np.array(list(pos.values()))
        ax.set_xlim(xy[:, 0].min() - 0.45, xy[:, 0].max() + 0.45)
        ax.set_ylim(xy[:, 1].min() - 0.35, xy[:, 1].max() + 0.35)
        ax.set_aspect("equal")
        ax.axis("off")
    label = MEASURE_LABELS.get(measure, measure)
    caption = (
        f"Each node linked to its strongest collocates by {label}; line colour = the node, line "
        "width = co-occurrence frequency; collocates of two or more nodes are framed on a yellow "
        f"ground. Settings: {_settings(edges)}."
    )
    return finish(
        fig,
        "collocation_network",
        out,
        caption,
        str(edges.attrs.get("signature", "")),
        title="ما المتلازمات المشتركة بين الكلمات المحورية؟",
    )


def _graph_legend(
    ax: object, nodes: list[str], colors: dict[str, str], forms: Mapping[str, str] | None
) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Line2D | Patch] = [
        Line2D([], [], color=colors[n], lw=3, label=bidi_label(f"متلازمات «{show_term(forms, n)}»"))
        for n in nodes
    ]
    handles.append(Patch(fc="#fff3c4", ec="#444444", label=bidi_label("متلازمة مشتركة")))
    ax.legend(  # type: ignore[attr-defined]
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=3,
        frameon=False,
        fontsize=8.5,
    )
