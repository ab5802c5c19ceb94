"""Fit the unknown-name scorer of corpus_tools.loanwords (``data/loanword_scorer.json``).

Usage::

    python scripts/fit_loanword_scorer.py ../shared/eval/brand_mentions [--out PATH]

Data: the evaluation set's documents with **every gold brand left out of the lexicon**, so each
candidate is described only by generic features (:data:`corpus_tools.loanwords.scorer.FEATURES`:
spelling, transliteration score, classifier nouns, verbs, neighbours, Latin forms ...), never by
its identity. Candidates rejected by a veto (place, person, non-brand head noun) are left out:
the model never decides them. A candidate (document × folded stem) is labelled a brand when most of its
occurrences lie inside gold brand spans.

Model: logistic regression with an L2 penalty (``--l2``, not on the bias), fit by Newton's
method (iteratively reweighted least squares; deterministic: no random start). Reported on
stderr: leave-one-document-out precision and recall of the candidates at the threshold, so the
shipped weights come with an honest estimate of how they do on a document they never saw.
The output is byte-identical for the same inputs and settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from corpus_tools.corpus import load_corpus
from corpus_tools.loanwords import load_lexicon, read_gold
from corpus_tools.loanwords.detection import name_feature_tables
from corpus_tools.loanwords.scorer import FEATURES, vetoed

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 0.5


def labelled_table(eval_dir: Path) -> pd.DataFrame:
    """The candidate table of the evaluation set, leave-lexicon-out, with ``label``."""
    gold = read_gold(eval_dir / "gold.jsonl")
    gold = gold[gold["category"] == "brand"].assign(doc=lambda g: g["doc"].str.replace(".txt", ""))
    lexicon = load_lexicon(exclude=sorted(set(gold["brand"])))
    corpus = load_corpus(eval_dir / "docs")
    table = name_feature_tables(corpus, lexicon)
    spans = {doc: list(zip(g["start"], g["end"], strict=True)) for doc, g in gold.groupby("doc")}

    def inside(doc: str, s: int, e: int) -> bool:
        return any(gs <= s and e <= ge for gs, ge in spans.get(doc.removesuffix(".txt"), []))

    share = [
        np.mean([inside(doc, s, e) for s, e in occ])
        for doc, occ in zip(table["doc"], table["spans"], strict=True)
    ]
    return table.assign(label=np.asarray(share) >= 0.5)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, iterations: int = 100) -> np.ndarray:
    """Weights (bias last) of an L2-penalised logistic regression, by Newton's method."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def held_out_scores(table: pd.DataFrame, l2: float) -> dict[str, float]:
    """Leave-one-document-out precision/recall/F1 of candidates at the threshold."""
    x, y = table[list(FEATURES)].to_numpy(float), table["label"].to_numpy(bool)
    pred = np.zeros(len(table), dtype=bool)
    for doc in sorted(set(table["doc"])):
        test = (table["doc"] == doc).to_numpy()
        w = fit_logistic(x[~test], y[~test].astype(float), l2)
        prob = 1.0 / (1.0 + np.exp(-(x[test] @ w[:-1] + w[-1])))
        pred[test] = prob >= THRESHOLD
    tp = int((pred & y).sum())
    precision = tp / max(int(pred.sum()), 1)
    recall = tp / max(int(y.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("eval_dir", type=Path, help="folder with gold.jsonl and docs/")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "corpus_tools" / "data" / "loanword_scorer.json"
    )
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args(argv)
    table = labelled_table(args.eval_dir)
    table = table[~vetoed(table)]  # vetoed candidates never reach the model
    x, y = table[list(FEATURES)].to_numpy(float), table["label"].to_numpy(float)
    w = fit_logistic(x, y, args.l2)
    held_out = held_out_scores(table, args.l2)
    print(f"{len(table)} candidates, {int(y.sum())} brands; held-out {held_out}", file=sys.stderr)
    model = {
        "_source": (
            "Weights of corpus_tools.loanwords.scorer, fit by scripts/fit_loanword_scorer.py on "
            "generic features of the evaluation set (../shared/eval/brand_mentions) with every "
            "gold brand left out of the lexicon: no brand identity is a feature. Licence: MIT."
        ),
        "settings": {"l2": args.l2, "solver": "newton", "threshold": THRESHOLD},
        "training": {
            "candidates": len(table),
            "brands": int(y.sum()),
            "held_out_by_document": held_out,
        },
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w[:-1]],
        "bias": round(float(w[-1]), 6),
        "threshold": THRESHOLD,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
