"""Collocations benchmark: corpus_tools vs NLTK, side by side in one process.

1. Adjacent bigrams + log-likelihood on the realistic Zipfian synthetic corpus
   (``benchmarks/synthetic.py``: ≥ 200k types, fixed seed), 1M and 5M tokens, with and without
   a minimum co-occurrence frequency of 5:
   NLTK ``BigramCollocationFinder.from_words(words)`` [``.apply_freq_filter(5)``]
   ``.score_ngrams(BigramAssocMeasures.likelihood_ratio)`` against
   ``corpus_tools.collocations.collocations(words, window=(0, 1), measures=("g2",), ...)``
   (counting, scoring and ranking, like ``score_ngrams``). Checks that the pairs and counts are
   the same and that ``|g2(o11, count(w1), count(w2), len(words))|`` equals NLTK's score
   (NLTK uses unigram counts and the token count as marginals and drops the sign).
2. A ±5 window (all pairs, min co-occurrence 5, scored with g2/log_dice/mi) on 10M tokens,
   in a fresh child process: wall time and peak resident memory (``ru_maxrss``).

Run: ``python benchmarks/bench_collocations.py`` (full) or, quickly,
``python benchmarks/bench_collocations.py --sizes 200000 --window-tokens 1000000``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from synthetic import make_tokens


def _ours(words: list[str], min_cofreq: int) -> tuple[float, pd.DataFrame]:
    from corpus_tools.collocations import collocations

    t0 = time.perf_counter()
    table = collocations(
        words, window=(0, 1), measures=("g2",), min_cofreq=min_cofreq, top=None, exclude=()
    )
    return time.perf_counter() - t0, table


def _nltk(words: list[str], min_cofreq: int) -> tuple[float, list, object]:
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    t0 = time.perf_counter()
    finder = BigramCollocationFinder.from_words(words)
    if min_cofreq > 1:
        finder.apply_freq_filter(min_cofreq)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    return time.perf_counter() - t0, scored, finder


def _check(words: list[str], table: pd.DataFrame, scored: list, finder) -> str:
    """Same pairs, same O11, |g2| with NLTK's marginals == likelihood_ratio (rtol 1e-9)."""
    from corpus_tools.association import g2

    nltk_scores = pd.Series(dict(scored))
    assert len(nltk_scores) == len(table), (len(nltk_scores), len(table))
    key = pd.MultiIndex.from_arrays([table["w1"], table["w2"]])
    expected = nltk_scores.reindex(key).to_numpy()
    assert not np.isnan(expected).any(), "pairs differ"
    fd = pd.Series(dict(finder.word_fd))
    counts = pd.Series(dict(finder.ngram_fd)).reindex(key).to_numpy()
    assert (counts == table["o11"].to_numpy()).all(), "co-occurrence counts differ"
    ours = np.abs(
        g2(
            table["o11"],
            fd.reindex(table["w1"]).to_numpy(),
            fd.reindex(table["w2"]).to_numpy(),
            len(words),
        )
    )
    # NLTK sums the four G² terms naively: its absolute error is about N·ε
    np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=len(words) * 1e-15)
    big = expected > 1e-3
    rel = np.max(np.abs(ours[big] - expected[big]) / expected[big]) if big.any() else 0.0
    return (
        f"{len(table):,} pairs, counts equal, |g2| vs likelihood_ratio: max rel. diff {rel:.1e} "
        f"(scores > 1e-3), max abs. diff {np.max(np.abs(ours - expected)):.1e}"
    )


def bigrams(sizes: list[int], seed: int) -> None:
    print(
        "## Adjacent bigrams + G² (ours: collocations(window=(0, 1)); NLTK: BigramCollocationFinder)"
    )
    for n in sizes:
        words = make_tokens(n, seed=seed)
        print(f"\n{n:,} tokens, {len(set(words)):,} types (seed {seed})")
        column = pd.Series(words, dtype="str")  # the words as a token table stores them
        for k in (1, 5):
            gc.collect()
            t_ours, table = _ours(words, k)
            gc.collect()
            t_col, from_column = _ours(column, k)  # type: ignore[arg-type]
            pd.testing.assert_frame_equal(table, from_column)
            gc.collect()
            t_nltk, scored, finder = _nltk(words, k)
            check = _check(words, table, scored, finder)
            print(
                f"  min cofreq {k}: NLTK {t_nltk:6.2f} s | ours from list[str] {t_ours:6.2f} s "
                f"({t_nltk / t_ours:4.1f}x) | ours from a str column {t_col:6.2f} s "
                f"({t_nltk / t_col:4.1f}x) | {check}"
            )
            del table, from_column, scored, finder
        del words


def window_child(n: int, seed: int, min_cofreq: int) -> None:
    """Runs in a fresh process so that ru_maxrss is this run's peak alone."""
    from corpus_tools.collocations import collocations

    words = make_tokens(n, seed=seed)
    gc.collect()
    base = _reset_peak_rss()  # the generator's own peak must not count
    t0 = time.perf_counter()
    table = collocations(
        words,
        window=(5, 5),
        measures=("g2", "log_dice", "mi"),
        min_cofreq=min_cofreq,
        top=None,
        exclude=(),
    )
    seconds = time.perf_counter() - t0
    peak = _peak_rss()
    print(json.dumps({"seconds": seconds, "rows": len(table), "peak_kb": peak, "words_kb": base}))


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> int:
    """Reset the peak-RSS watermark (Linux ``clear_refs``); return the current RSS in kB."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_rss() -> int:
    """Peak RSS since the last reset (``VmHWM``), in kB."""
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def window(n: int, seed: int, min_cofreq: int) -> None:
    print(
        f"\n## ±5 window, all pairs, min cofreq {min_cofreq}, g2+log_dice+mi, {n:,} tokens (fresh process)"
    )
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(n),
        "--seed",
        str(seed),
        "--min-cofreq",
        str(min_cofreq),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    print(
        f"  {res['seconds']:.1f} s, {res['rows']:,} pairs, peak RSS {res['peak_kb'] / 1e6:.2f} GB "
        f"(RSS before the call: {res['words_kb'] / 1e6:.2f} GB = interpreter + the list of words)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--sizes", type=int, nargs="*", default=[1_000_000, 5_000_000], help="bigram corpus sizes"
    )
    ap.add_argument(
        "--window-tokens", type=int, default=10_000_000, help="tokens for the ±5 run (0 = skip)"
    )
    ap.add_argument(
        "--min-cofreq", type=int, default=5, help="min co-occurrence of the ±5 run (default 5)"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        window_child(args.child, args.seed, args.min_cofreq)
        return
    load = os.getloadavg()[0]
    print(
        f"# bench_collocations: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}"
    )
    if args.sizes:
        bigrams(args.sizes, args.seed)
    if args.window_tokens:
        window(args.window_tokens, args.seed, args.min_cofreq)


if __name__ == "__main__":
    main()
