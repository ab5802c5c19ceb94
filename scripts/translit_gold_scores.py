"""How the transliteration model scores gold brand spans vs the other Arabic words of the same docs.

    PYTHONPATH=. python scripts/translit_gold_scores.py GOLD.jsonl DOCS_DIR [--model FILE]

e.g. ``../shared/eval/brand_mentions/gold.jsonl ../shared/eval/brand_mentions/docs`` or
``tests/data/heldout/heldout_brand_gold.jsonl tests/data/heldout``. A diagnostic for choosing
features: nothing here trains or tunes the model. Arabic-script gold spans are scored as one
string (multiword spans included); "other words" are the Arabic letter runs that overlap no
gold span (Arabic- or Latin-script), counted per token and per distinct form.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

from corpus_tools.charsets import ARABIC_LETTER
from corpus_tools.translit_model import TranslitModel, load_model, model_from_json

WORD = re.compile(f"[{ARABIC_LETTER}]+")
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    ranks = rankdata(np.concatenate([pos, neg]))
    n1 = len(pos)
    return float((ranks[:n1].sum() - n1 * (n1 + 1) / 2) / (n1 * len(neg)))


def line(name: str, p: np.ndarray) -> str:
    q = " ".join(f"{v:.3f}" for v in np.quantile(p, QUANTILES))
    return (
        f"{name:34s} n={len(p):5d}  >0.5: {np.mean(p > 0.5):.3f}  >0.9: {np.mean(p > 0.9):.3f}"
        f"  quantiles 10/25/50/75/90: {q}"
    )


def split_words(gold: list[dict], docs: Path) -> tuple[list[str], list[str]]:
    """Arabic gold span surfaces, and the Arabic words of the docs outside every gold span."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in gold:
        spans.setdefault(g["doc"], []).append((g["start"], g["end"]))
    other = []
    for doc, ranges in sorted(spans.items()):
        text = (docs / doc).read_text("utf-8")
        other.extend(
            m.group()
            for m in WORD.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in ranges)
        )
    return [g["surface"] for g in gold if g["script"] == "arabic"], other


def report(model: TranslitModel, gold: list[dict], docs: Path) -> None:
    spans, other = split_words(gold, docs)
    distinct_spans, distinct_other = sorted(set(spans)), sorted(set(other))
    ps, pds = model.scores(spans), model.scores(distinct_spans)
    po, pdo = model.scores(other), model.scores(distinct_other)
    print(line("gold Arabic-script spans", ps))
    print(line("gold spans, distinct surfaces", pds))
    print(line("other Arabic words (tokens)", po))
    print(line("other Arabic words (distinct)", pdo))
    print(f"AUC distinct spans vs distinct other words: {auc(pds, pdo):.4f}")
    low = sorted(zip(pds, distinct_spans, strict=True))[:15]
    print("lowest spans:", " ".join(f"{s}={p:.2f}" for p, s in low))
    high = sorted(zip(pdo, distinct_other, strict=True), reverse=True)[:25]
    print("highest other words:", " ".join(f"{s}={p:.2f}" for p, s in high))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args(argv)
    lines = args.gold.read_text("utf-8").splitlines()
    gold = [json.loads(x) for x in lines if x.strip()]
    model = (
        model_from_json(args.model.read_text("utf-8"), str(args.model))
        if args.model
        else load_model()
    )
    report(model, gold, args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
