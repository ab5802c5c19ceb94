"""Benchmark: tokenisation + word list + dispersion, corpus_tools vs NLTK, on the same texts.

Usage::

    python benchmarks/bench_frequency.py                      # 1M and 10M tokens
    python benchmarks/bench_frequency.py --sizes 1000000      # one size
    python benchmarks/bench_frequency.py --sides ours --profile   # where our time goes

For every size the synthetic Arabic-news corpus of :mod:`synthetic` (Zipfian vocabulary of
300k word types, clitics, Latin names, digits, punctuation; fixed seed) is written as
documents of ~2,000 tokens to a temporary folder. Each side then runs in a fresh Python
process (so peak memory is its own) that reads the folder and:

* **corpus_tools**: ``load_corpus`` → ``tokenize`` (rules annotator: offsets, sentences,
  normalisation, script, clitics, residue) → ``frequencies(tokens, exclude="punct")`` with
  range, Juilland's D, DP, DPnorm, Rosengren's S, Carroll's D2 and ARF over documents;
* **NLTK**: read the files → ``nltk.tokenize.wordpunct_tokenize`` per document →
  ``nltk.FreqDist`` (a word list only: NLTK has no dispersion measures).

Reported per side: seconds for loading, tokenising and counting; tokens per second
(tokenise + count, loading excluded on both sides); peak resident memory of the process
(``ru_maxrss``) and its growth over the baseline after imports. Then the speed ratio
NLTK / corpus_tools and the growth of time per token from the smallest to the largest size
(1.0 = linear). The machine's CPU count and load average are printed: on a shared machine
run it twice and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker_ours(folder: Path, profile: bool) -> dict:
    import corpus_tools
    from corpus_tools.corpus import load_corpus
    from corpus_tools.frequency import frequencies
    from corpus_tools.tokenize import tokenize

    base = _rss_mb()
    t0 = time.perf_counter()
    corpus = load_corpus(folder)
    t1 = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    tokens = tokenize(corpus)
    t2 = time.perf_counter()
    table = frequencies(tokens, exclude="punct")
    t3 = time.perf_counter()
    if profile:
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    peak = _peak_mb()  # before the FreqDist comparison below allocates anything
    # NLTK's FreqDist on exactly our word tokens (punctuation excluded, as in `table`).
    from nltk import FreqDist

    words = tokens.loc[tokens["script"] != "punct", "surface"].tolist()
    t4 = time.perf_counter()
    fd = FreqDist(words)
    t5 = time.perf_counter()
    if fd.B() != len(table) or fd.N() != table.attrs["n_items"]:
        raise AssertionError("FreqDist and frequencies disagree on the same tokens")
    t6 = time.perf_counter()
    frequencies(tokens, exclude="punct", dispersion=False)
    t7 = time.perf_counter()
    return {
        "side": "corpus_tools",
        "version": corpus_tools.__version__,
        "load": t1 - t0,
        "tokenise": t2 - t1,
        "count": t3 - t2,
        "tokens": len(tokens),
        "words": int(table.attrs["n_items"]),
        "types": len(table),
        "base_mb": base,
        "peak_mb": peak,
        "count_no_dispersion": t7 - t6,
        "freqdist_same_tokens": t5 - t4,
    }


def worker_nltk(folder: Path) -> dict:
    import nltk
    from nltk import FreqDist
    from nltk.tokenize import wordpunct_tokenize

    base = _rss_mb()
    t0 = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    t1 = time.perf_counter()
    docs = [wordpunct_tokenize(t) for t in texts]
    t2 = time.perf_counter()
    fd = FreqDist()
    for doc in docs:
        fd.update(doc)
    t3 = time.perf_counter()
    return {
        "side": "nltk",
        "version": nltk.__version__,
        "load": t1 - t0,
        "tokenise": t2 - t1,
        "count": t3 - t2,
        "tokens": sum(len(d) for d in docs),
        "words": fd.N(),
        "types": fd.B(),
        "base_mb": base,
        "peak_mb": _peak_mb(),
    }


def write_corpus(n_tokens: int, seed: int, doc_tokens: int, folder: Path) -> int:
    sys.path.insert(0, str(HERE))
    from synthetic import make_corpus

    corpus = make_corpus(n_tokens, seed=seed, doc_tokens=doc_tokens)
    folder.mkdir(parents=True, exist_ok=True)
    for doc in corpus:
        (folder / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    return len(corpus)


def run_side(side: str, folder: Path, profile: bool) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, "--folder", str(folder)]
    if profile:
        cmd.append("--profile")
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    if done.stderr.strip():
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--sides", default="ours,nltk", help="comma-separated: ours, nltk")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--doc-tokens", type=int, default=2000)
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per side and size; the fastest is kept"
    )
    ap.add_argument("--profile", action="store_true", help="cProfile our tokenise+count (stderr)")
    ap.add_argument("--keep", type=Path, default=None, help="write the corpora here and keep them")
    ap.add_argument("--json", type=Path, default=None, help="also write all results to this file")
    ap.add_argument("--worker", choices=("ours", "nltk"), help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        res = (
            worker_ours(args.folder, args.profile)
            if args.worker == "ours"
            else worker_nltk(args.folder)
        )
        print(json.dumps(res))
        return 0

    sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    print(
        f"# machine: {platform.machine()} {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; Python {platform.python_version()}"
    )
    root = args.keep or Path(tempfile.mkdtemp(prefix="ct-bench-"))
    results: list[dict] = []
    try:
        for n in args.sizes:
            folder = root / f"synthetic_{n}_seed{args.seed}"
            t0 = time.perf_counter()
            if not folder.is_dir():
                n_docs = write_corpus(n, args.seed, args.doc_tokens, folder)
            else:
                n_docs = len(list(folder.glob("*.txt")))
            print(f"# {n:,} tokens: {n_docs} documents written in {time.perf_counter() - t0:.1f}s")
            for side in sides:
                runs = [run_side(side, folder, args.profile) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: r["tokenise"] + r["count"])
                best["size"] = n
                results.append(best)
                _print_row(best)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    _summary(results, args.sizes)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _print_row(r: dict) -> None:
    work = r["tokenise"] + r["count"]
    print(
        f"{r['size']:>11,} {r['side']:<13} load {r['load']:7.2f}s  tokenise {r['tokenise']:7.2f}s  "
        f"count {r['count']:6.2f}s  = {work:7.2f}s  {r['tokens'] / work / 1e6:5.2f} M tok/s  "
        f"tokens {r['tokens']:,}  types {r['types']:,}  peak {r['peak_mb']:,.0f} MB "
        f"(+{r['peak_mb'] - r['base_mb']:,.0f} over imports)",
        flush=True,
    )


def _summary(results: list[dict], sizes: list[int]) -> None:
    def get(side: str, n: int) -> dict | None:
        return next((r for r in results if r["side"] == side and r["size"] == n), None)

    print(
        "\n| tokens | corpus_tools tokenise + count (s) | NLTK tokenise + FreqDist (s) | NLTK / ours |"
        " ours count only (s) | NLTK FreqDist only (s) | peak MB ours / NLTK |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        ours, peer = get("corpus_tools", n), get("nltk", n)
        if ours is None:
            continue
        w_ours = ours["tokenise"] + ours["count"]
        if peer is None:
            print(
                f"| {n:,} | {w_ours:.2f} | – | – | {ours['count']:.2f} | – | {ours['peak_mb']:,.0f} / – |"
            )
            continue
        w_peer = peer["tokenise"] + peer["count"]
        print(
            f"| {n:,} | {w_ours:.2f} | {w_peer:.2f} | {w_peer / w_ours:.2f}× | {ours['count']:.2f} | "
            f"{peer['count']:.2f} | {ours['peak_mb']:,.0f} / {peer['peak_mb']:,.0f} |"
        )
    print(
        "\nCounting only, on the same word tokens (ours; punctuation excluded), one process:\n"
        "| tokens | frequencies + dispersion (s) | frequencies, no dispersion (s) |"
        " nltk.FreqDist (s) | FreqDist / ours (with / without dispersion) |\n|---:|---:|---:|---:|---:|"
    )
    for n in sizes:
        ours = get("corpus_tools", n)
        if ours is None:
            continue
        fd, c1, c0 = ours["freqdist_same_tokens"], ours["count"], ours["count_no_dispersion"]
        print(f"| {n:,} | {c1:.2f} | {c0:.2f} | {fd:.2f} | {fd / c1:.1f}× / {fd / c0:.1f}× |")
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        for side in ("corpus_tools", "nltk"):
            a, b = get(side, lo), get(side, hi)
            if a and b:
                per_a = (a["tokenise"] + a["count"]) / a["tokens"]
                per_b = (b["tokenise"] + b["count"]) / b["tokens"]
                print(
                    f"time per token {hi:,} vs {lo:,}, {side}: {per_b / per_a:.2f} (1.00 = linear)"
                )


if __name__ == "__main__":
    raise SystemExit(main())
