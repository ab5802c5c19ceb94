"""Benchmark: brand-mention detection on a synthetic 1M-token Arabic-news corpus.

Usage::

    python benchmarks/bench_loanwords.py                   # 1M tokens
    python benchmarks/bench_loanwords.py --sizes 200000 1000000 --profile

The corpus comes from :mod:`synthetic` (``make_corpus``: Zipfian Arabic vocabulary of 300k
types with clitics, ~3 % Latin-script names, digits, punctuation; fixed seed). Reported:

* **corpus_tools** ``tokenize`` (the token table, shared with every other analysis) and
  ``brand_mentions(corpus, tokens)`` (all heuristics), seconds and tokens per second, and the
  CPU seconds of ``brand_mentions`` (steadier than wall time on a shared machine);
* **peer**: a single compiled regular expression over the whole text made of every listed
  Latin and Arabic spelling of ``data/brands.tsv`` (longest first, optional proclitics,
  whole-word boundaries) — the method of the evaluation set's own candidate generator
  (``GUIDELINES.md``, *Method*), without variants, context or unknown names.

The ratio peer / ours tells what the extra heuristics cost. The machine's CPU count and load
average are printed: on a shared machine run it twice and compare.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peer_regex() -> re.Pattern[str]:
    from corpus_tools.loanwords import load_lexicon

    lex = load_lexicon(variants=False)
    forms = sorted(
        {f for fs in lex.table["latin"] for f in fs}
        | {f for fs in lex.table["arabic"] for f in fs},
        key=len,
        reverse=True,
    )
    alts = "|".join(re.escape(f) for f in forms)
    clitic = r"(?:[وف]?(?:[بلك]|لل)?(?:ال)?ـ?)"
    return re.compile(rf"(?<![\w])(?:{clitic})(?:{alts})(?![\w])")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="cProfile brand_mentions (stderr)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from synthetic import make_corpus

    from corpus_tools.loanwords import brand_mentions
    from corpus_tools.loanwords.lexicon import default_lexicon
    from corpus_tools.loanwords.wordlists import native_folded
    from corpus_tools.tokenize import tokenize

    print(
        f"# machine: {platform.machine()} {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; Python {platform.python_version()}"
    )
    t0 = time.perf_counter()
    default_lexicon()
    native_folded()
    pattern = peer_regex()
    print(
        f"# lexicon, word lists and peer regex compiled in {time.perf_counter() - t0:.2f}s (once per process)"
    )
    print(
        "| tokens | tokenize (s) | brand_mentions (s) | mentions tok/s | brand_mentions CPU (s) |"
        " tok/CPU-s | mentions found | peer regex (s) | peer matches | peer / ours |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        corpus = make_corpus(n, seed=args.seed)
        t0 = time.perf_counter()
        tokens = tokenize(corpus, segmentation="orthographic")  # the words the detector reads
        t1 = time.perf_counter()
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
        c1 = time.process_time()
        mentions = brand_mentions(corpus, tokens)
        cpu = time.process_time() - c1
        t2 = time.perf_counter()
        if args.profile:
            prof.disable()
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumtime").print_stats(20)
        t3 = time.perf_counter()
        peer = sum(1 for doc in corpus for _ in pattern.finditer(doc.text))
        t4 = time.perf_counter()
        n_tok = len(tokens)
        print(
            f"| {n_tok:,} | {t1 - t0:.2f} | {t2 - t1:.2f} | {n_tok / (t2 - t1):,.0f} | {cpu:.2f} |"
            f" {n_tok / cpu:,.0f} | {len(mentions):,} | {t4 - t3:.2f} | {peer:,} | {(t4 - t3) / (t2 - t1):.2f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
