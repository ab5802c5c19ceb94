"""Benchmark: Arabic clitic segmentation, Words F1 and speed, on the UD Arabic-PUD test split.

Usage::

    python benchmarks/bench_segment.py                      # rules (+ stanza, farahidi if found)
    python benchmarks/bench_segment.py --systems rules,orthographic
    CORPUS_TOOLS_STANZA_DIR=../shared/stanza_resources python benchmarks/bench_segment.py

Every system segments the raw text ``../shared/ud/pud_padt_style/test.txt`` (100 sentences,
2,213 gold syntactic words) and is scored with :func:`corpus_tools.evaluate.evaluate_tokens`
(CoNLL 2018 alignment) against ``test.conllu``:

* **rules** — ``ct.tokenize`` with ``segmentation="clitics"`` (:mod:`corpus_tools.segment`:
  wordfreq stem frequencies + morphology, weights fitted on the train split);
* **orthographic** — ``ct.tokenize`` with ``segmentation="orthographic"`` (no Arabic split);
* **stanza** — ``ct.annotate(..., annotator="stanza")`` with the models of
  ``$CORPUS_TOOLS_STANZA_DIR`` (tokenize + mwt + pos + lemma; one torch thread);
* **farahidi** — the AlKhalil Morpho Sys 2 analyser ported to Python (PyPI ``farahidi``,
  GPL-3.0: an optional comparison, never a dependency of corpus_tools; install it yourself,
  e.g. ``pip install --target /tmp/far farahidi==0.4.0`` and ``--farahidi-path /tmp/far``).
  The clitics of its best-ranked analysis of each word decide the split, applied through
  :func:`corpus_tools.segment.split_clitics` (``decide=``) so that offsets, the restored
  article and scoring are exactly those of the rules system.

Reported per system: Tokens, Words and Sentences F1 (%), and words per second (system words
over the wall time of segmenting the text, model loading excluded where it can be; the text
is small, so the figure is indicative; run twice on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
UD = ROOT.parent / "shared" / "ud" / "pud_padt_style"
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def _document(text_path: Path):
    from corpus_tools.corpus import load_corpus

    return load_corpus([text_path])[0]


def _rules(doc, segmentation: str) -> tuple[pd.DataFrame, float]:
    from corpus_tools.segment import lexicon
    from corpus_tools.tokenize import tokenize

    lexicon()  # loading the word list is start-up, not segmentation
    tokenize(doc.text[:200], segmentation=segmentation)
    t0 = time.perf_counter()
    table = tokenize(doc, segmentation=segmentation, paragraphs="blank")
    return table, time.perf_counter() - t0


def _stanza(doc) -> tuple[pd.DataFrame, float]:
    from corpus_tools.annotate import annotate

    annotate(doc.text[:100], "stanza", cache=False, threads=1, progress=False)  # load models
    t0 = time.perf_counter()
    table = annotate(doc, "stanza", cache=False, threads=1, paragraphs="blank", progress=False)
    return table, time.perf_counter() - t0


def _farahidi_split(word: str, analyze: Callable) -> tuple[int, int, bool]:
    """(proclitic letters, enclitic letters, restored article) from farahidi's best analysis."""
    analyses = analyze(word)
    if not analyses:
        return 0, 0, False
    best = analyses[0]
    pro = _MARKS.sub("", "".join(a.form for a in best.proclitics))
    enc = _MARKS.sub("", "".join(a.form for a in best.enclitics))
    article = pro.endswith("ال") or (pro.endswith("لل") and len(pro) >= 2)
    restore = pro.endswith("لل")
    letters = pro[:-2] if pro.endswith("ال") else pro[:-1] if restore else pro
    skeleton = _MARKS.sub("", word)
    if not skeleton.startswith(letters) or (enc and not skeleton.endswith(enc)):
        return 0, 0, False
    if not article and not letters and not enc:
        return 0, 0, False
    return len(letters), len(enc), restore


def _farahidi(doc, path: str | None) -> tuple[pd.DataFrame, float] | None:
    if path:
        sys.path.insert(0, path)
    try:
        import farahidi
    except ImportError:
        return None
    from corpus_tools.normalize import normalize_series
    from corpus_tools.segment import WordSplits, split_clitics
    from corpus_tools.tokenize import tokenize

    farahidi.analyze("كتاب")  # load the lexicon

    def decide(words: pd.Series) -> WordSplits:
        chosen = [_farahidi_split(w, farahidi.analyze) for w in words.tolist()]
        return WordSplits(
            np.array([c[0] for c in chosen], dtype=np.int64),
            np.array([c[1] for c in chosen], dtype=np.int64),
            np.array([c[2] for c in chosen], dtype=bool),
        )

    t0 = time.perf_counter()
    ortho = tokenize(doc, segmentation="orthographic", paragraphs="blank")
    table = split_clitics(ortho, norm=normalize_series, decide=decide)
    return table, time.perf_counter() - t0


def _score(name: str, result, doc, gold: Path) -> dict | None:
    from corpus_tools.evaluate import evaluate_tokens

    if result is None:
        print(f"# {name}: not available", file=sys.stderr)
        return None
    table, seconds = result
    scores = evaluate_tokens(table, gold, doc).set_index("metric")["f1"]
    return {
        "system": name,
        "Tokens": 100 * scores["Tokens"],
        "Words": 100 * scores["Words"],
        "Sentences": 100 * scores["Sentences"],
        "words": len(table),
        "seconds": seconds,
        "words/s": len(table) / seconds if seconds else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--systems", default="rules,orthographic,stanza,farahidi")
    ap.add_argument("--ud", type=Path, default=UD, help="folder with test.txt, test.conllu")
    ap.add_argument("--farahidi-path", default=None, help="folder to import farahidi from")
    args = ap.parse_args(argv)
    gold, text = args.ud / "test.conllu", args.ud / "test.txt"
    doc = _document(text)
    runners = {
        "rules": lambda: _rules(doc, "clitics"),
        "orthographic": lambda: _rules(doc, "orthographic"),
        "stanza": lambda: _stanza(doc) if os.environ.get("CORPUS_TOOLS_STANZA_DIR") else None,
        "farahidi": lambda: _farahidi(doc, args.farahidi_path),
    }
    rows = []
    for name in args.systems.split(","):
        row = _score(name, runners[name](), doc, gold)
        if row:
            rows.append(row)
    print(f"# UD Arabic-PUD (PADT style) test split: {gold}")
    print("| system | Tokens F1 | Words F1 | Sentences F1 | words | s | words/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['system']} | {r['Tokens']:.2f} | {r['Words']:.2f} | {r['Sentences']:.2f} "
            f"| {r['words']:,} | {r['seconds']:.2f} | {r['words/s']:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
