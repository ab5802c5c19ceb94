"""Evaluation of brand mentions against a gold file: span-exact micro precision/recall/F1."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus

from corpus_tools.gold import read_gold as read_checked_gold
from corpus_tools.loanwords.lexicon import Lexicon, default_lexicon
from corpus_tools.signature import extend_signature

__all__ = ["evaluate_mentions", "mention_errors", "read_gold"]


def read_gold(path: str | Path, corpus: Corpus | None = None) -> pd.DataFrame:
    """Read and check a gold JSONL file: :func:`corpus_tools.gold.read_gold` (the one reader)."""
    return read_checked_gold(path, corpus)


def _doc_key(doc: pd.Series) -> pd.Series:
    return doc.astype("str").str.replace(r"\.txt$", "", regex=True)


def _aligned(pred: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = pred[pred["category"] == "brand"] if "category" in pred else pred
    g = gold[gold["category"] == "brand"] if "category" in gold else gold
    p = p.assign(key=_doc_key(p["doc"]))
    g = g.assign(key=_doc_key(g["doc"]))
    gk = set(zip(g["key"], g["start"], g["end"], strict=True))
    pk = set(zip(p["key"], p["start"], p["end"], strict=True))
    p = p.assign(match=[k in gk for k in zip(p["key"], p["start"], p["end"], strict=True)])
    g = g.assign(match=[k in pk for k in zip(g["key"], g["start"], g["end"], strict=True)])
    return p, g


def _in_lex(brands: pd.Series, lexicon: Lexicon) -> pd.Series:
    names = lexicon.canonicals | {f.casefold() for forms in lexicon.table["latin"] for f in forms}
    return brands.str.casefold().isin(names)


def _scores(
    name: str, p: pd.DataFrame, g: pd.DataFrame, pm: pd.Series, gm: pd.Series
) -> dict[str, object]:
    """Counts and precision/recall/F1 of one slice (``pm``/``gm``: rows of ``p``/``g`` in it)."""
    tp = int(g.loc[gm, "match"].sum())
    fp = int((~p.loc[pm, "match"]).sum())
    fn = int((~g.loc[gm, "match"]).sum())
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * prec * rec / (prec + rec) if tp else (0.0 if tp + fp + fn else float("nan"))
    return {
        "slice": name,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": prec,
        "recall": rec,
        "f1": f1,
        "gold": int(gm.sum()),
        "predicted": int(pm.sum()),
    }


def evaluate_mentions(
    pred: pd.DataFrame, gold: pd.DataFrame, *, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """Span-exact micro precision, recall and F1 of ``category == "brand"`` mentions.

    A predicted mention is correct when its (document, start, end) equals a gold mention's
    (document names are compared without ``.txt``). Precision = TP / (TP + FP), recall =
    TP / (TP + FN), F1 = 2PR / (P + R) (van Rijsbergen 1979; micro-averaged over mentions).

    Returns
    -------
    DataFrame with one row per slice — ``all``, ``script=latin``, ``script=arabic``,
    ``lexicon=in``, ``lexicon=out`` (brand in the lexicon or not, judged on each side's own
    canonical name) — and columns ``slice``, ``tp``, ``fp``, ``fn``, ``precision``, ``recall``,
    ``f1``, ``gold``, ``predicted``.
    """
    lexicon = lexicon or default_lexicon()
    p, g = _aligned(pred, gold)
    p = p.assign(inlex=_in_lex(p["brand"], lexicon))
    g = g.assign(inlex=_in_lex(g["brand"], lexicon))
    slices = {
        "all": (pd.Series(True, index=p.index), pd.Series(True, index=g.index)),
        "script=latin": (p["script"] == "latin", g["script"] == "latin"),
        "script=arabic": (p["script"] == "arabic", g["script"] == "arabic"),
        "lexicon=in": (p["inlex"], g["inlex"]),
        "lexicon=out": (~p["inlex"], ~g["inlex"]),
    }
    out = pd.DataFrame([_scores(name, p, g, pm, gm) for name, (pm, gm) in slices.items()])
    out.attrs["signature"] = extend_signature(pred.attrs.get("signature"), eval="span-exact-micro")
    return out


def mention_errors(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Misses and false alarms: ``kind`` (``miss``/``false_alarm``), ``doc``, ``start``, ``end``,
    ``surface``, ``brand``, ``script``, ``source`` (the heuristic, for false alarms)."""
    p, g = _aligned(pred, gold)
    miss = g.loc[~g["match"], ["doc", "start", "end", "surface", "brand", "script"]].assign(
        kind="miss", source=""
    )
    fa = p.loc[~p["match"], ["doc", "start", "end", "surface", "brand", "script"]].assign(
        kind="false_alarm", source=p.loc[~p["match"], "source"] if "source" in p else ""
    )
    out = pd.concat([miss, fa], ignore_index=True)
    out = out.assign(doc=_doc_key(out["doc"]))
    return (
        out[["kind", "doc", "start", "end", "surface", "brand", "script", "source"]]
        .sort_values(["kind", "doc", "start"], kind="stable")
        .reset_index(drop=True)
    )
