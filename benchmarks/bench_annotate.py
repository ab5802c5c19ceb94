"""Stanza annotator benchmark: words/second cold and cached, and our overhead over raw stanza.

For each corpus — the four seeds, and a corpus of about 100,000 words made of seed sentences
resampled with a fixed seed (stanza's cost is per word, so real-looking sentences are enough) —
in one process:

* **raw stanza**: ``stanza.Pipeline("ar", processors="tokenize,mwt,pos,lemma",
  download_method=None)`` on each paragraph, nothing else (the peer; seeds only unless
  ``--raw-on-large``);
* **cold**: ``annotate(corpus, "stanza")`` with an empty cache (annotation, post-processing,
  cache writes);
* **cached**: the same call again, reading the cache.

The pipeline is built once before timing (its load time is printed separately). Reported:
words (rows of the token table), seconds, words/second and the speed-up cached/cold (target
≥ 20 on the seeds). The machine's CPU count and load average are printed: on a shared machine,
run it twice.

Run: ``CORPUS_TOOLS_STANZA_DIR=../shared/stanza_resources python benchmarks/bench_annotate.py``
(``--words 20000`` for a quicker run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _resampled(corpus, n_words: int, seed: int, doc_words: int = 500):
    """Documents of ~doc_words words from seed sentences drawn with replacement."""
    from corpus_tools.corpus import Document
    from corpus_tools.tokenize import tokenize

    tokens = tokenize(corpus)
    sentences: list[tuple[str, int]] = []
    for (doc_id, _), rows in tokens.groupby(["doc", "sentence"], sort=False):
        text = corpus[str(doc_id)].text[int(rows["start"].min()) : int(rows["end"].max())]
        sentences.append((text, len(rows)))
    rng = np.random.default_rng(seed)
    docs, lines, words, total = [], [], 0, 0
    while total < n_words:
        text, n = sentences[int(rng.integers(len(sentences)))]
        lines.append(text)
        words += n
        total += n
        if words >= doc_words or total >= n_words:
            body = "\n".join(lines) + "\n"
            sha = hashlib.sha256(body.encode()).hexdigest()
            name = f"resampled_{len(docs):04d}"
            docs.append(Document(name, lines[0], body, Path(f"{name}.txt"), sha))
            lines, words = [], 0
    return docs


def _raw_stanza(nlp, docs, threads) -> tuple[float, int]:
    from corpus_tools.stanza_backend import _chunks, _torch_threads

    pieces = [p for d in docs for _, p in _chunks(d.text, "line")]
    with _torch_threads(threads):
        t0 = time.perf_counter()
        out = nlp.bulk_process(pieces)
        secs = time.perf_counter() - t0
    return secs, sum(d.num_words for d in out)


def _timed(docs, model_dir, cache_dir, threads) -> tuple[float, int, str]:
    from corpus_tools.annotate import annotate

    t0 = time.perf_counter()
    table = annotate(
        docs, "stanza", model_dir=model_dir, cache_dir=cache_dir, progress=False, threads=threads
    )
    return time.perf_counter() - t0, len(table), table.attrs["signature"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000, help="size of the resampled corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model-dir", default=None)
    parser.add_argument("--raw-on-large", action="store_true", help="also time raw stanza there")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    parser.add_argument(
        "--threads", type=int, default=None, help="torch threads (default: torch's)"
    )
    args = parser.parse_args()

    from corpus_tools.corpus import load_corpus
    from corpus_tools.stanza_backend import _pipeline, find_stanza_models

    models = find_stanza_models(args.model_dir)
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()}, torch threads {args.threads}")
    print(f"models: {models.directory} ({models.packages_label})")
    t0 = time.perf_counter()
    nlp = _pipeline(str(models.directory))
    print(f"pipeline load: {time.perf_counter() - t0:.1f} s")

    seeds = load_corpus(ROOT / "seeds")
    corpora = [
        ("seeds", list(seeds)),
        (f"resampled {args.words:,}", _resampled(seeds, args.words, args.seed)),
    ]
    results = []
    for name, docs in corpora:
        row: dict = {"corpus": name, "documents": len(docs)}
        if name == "seeds" or args.raw_on_large:
            secs, n = _raw_stanza(nlp, docs, args.threads)
            row.update(raw_s=secs, raw_words=n, raw_wps=n / secs)
        with tempfile.TemporaryDirectory() as cache:
            cold, n, sig = _timed(docs, models.directory, cache, args.threads)
            warm, n2, _ = _timed(docs, models.directory, cache, args.threads)
        assert n == n2
        row.update(words=n, cold_s=cold, cold_wps=n / cold, cached_s=warm, cached_wps=n / warm)
        row["speedup"] = cold / warm
        if "raw_s" in row:
            row["overhead_vs_raw"] = cold / row["raw_s"]
        results.append(row)
        print(
            f"{name:>18}: {n:>7,} words in {len(docs)} docs | cold {cold:7.2f} s "
            f"({n / cold:8,.0f} w/s) | cached {warm:6.3f} s ({n / warm:10,.0f} w/s) | "
            f"cached/cold speed-up {cold / warm:6.1f}x"
            + (
                f" | raw stanza {row['raw_s']:.2f} s ({row['raw_wps']:,.0f} w/s), "
                f"cold/raw {row['overhead_vs_raw']:.2f}"
                if "raw_s" in row
                else ""
            )
        )
    print(f"signature: {sig}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
