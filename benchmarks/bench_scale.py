"""Benchmarks of issue #12: the CLI against NLTK, memory at 20M tokens, 100M tokens, start-up.

Every measured side runs as its own process (``python -m corpus_tools ...`` exactly as a user
types it, or a small NLTK script); wall time, CPU time and the peak resident memory of the
whole process tree (Dask workers included, sampled every 0.1 s with psutil) are recorded.

Usage::

    python benchmarks/bench_scale.py corpus --tokens 20000000 --out /tmp/c20m   # write a corpus
    python benchmarks/bench_scale.py cli --corpus /tmp/c2m        # (1) 2M tokens vs NLTK
    python benchmarks/bench_scale.py memory --corpus /tmp/c20m    # (2) peak memory, bytes/token
    python benchmarks/bench_scale.py big --corpus /tmp/c100m --workers 1 2    # (3)
    python benchmarks/bench_scale.py startup                      # (4) --help and import

Corpora come from :mod:`synthetic` (Zipfian Arabic-news-like text, one fixed vocabulary of
300k types, clitics, Latin names, digits, punctuation), written in blocks of 5M tokens with
seeds 0, 1, ... so that any size can be generated in bounded memory. Results are printed as
one JSON object per measurement (and appended to ``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BLOCK = 5_000_000


# --- measuring a process tree -------------------------------------------------------------------
def measure(cmd: list[str], stdout: Path | None = None, env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds and peak RSS (MB) of it and all its children.

    CPU seconds are the kernel's account of the finished process tree (``RUSAGE_CHILDREN``
    before and after): each process's time is added to its parent when the parent waits for
    it, so every process counts once. (Summing each process's own and reaped children's times
    from samples counts Dask workers twice: once themselves, once in their nanny's total.)
    """
    import resource

    import psutil

    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            rss = 0
            for p in procs:
                memory = p.as_dict(attrs=["memory_info"])["memory_info"]
                if memory is not None:
                    rss += memory.rss
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if stdout:
        out.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu_s, 2),
        "peak_mb": round(peak / 2**20, 1),
    }


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _ct(*args: str) -> list[str]:
    return [sys.executable, "-m", "corpus_tools", *args]


def _load_avg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report(name: str, result: dict, json_path: Path | None) -> None:
    result = {"benchmark": name, "load_avg": _load_avg(), "cpus": os.cpu_count(), **result}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    if json_path:
        with open(json_path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")


# --- corpora ------------------------------------------------------------------------------------
def write_corpus(n_tokens: int, folder: Path, doc_tokens: int = 2000) -> int:
    """``n_tokens`` in blocks of 5M (seeds 0, 1, ...) with the vocabulary of seed 0."""
    sys.path.insert(0, str(HERE))
    import synthetic

    original = synthetic._vocabulary
    synthetic._vocabulary = lambda seed: original(0)  # one vocabulary for every block
    folder.mkdir(parents=True, exist_ok=True)
    n_docs = 0
    block = 0
    while block * BLOCK < n_tokens:
        size = min(BLOCK, n_tokens - block * BLOCK)
        corpus = synthetic.make_corpus(size, seed=block, doc_tokens=doc_tokens)
        for doc in corpus:
            (folder / f"b{block:03d}_{doc.id}.txt").write_text(doc.text, encoding="utf-8")
        n_docs += len(corpus)
        synthetic._stream.cache_clear()
        block += 1
    return n_docs


# --- NLTK sides (run in their own process by `bench_scale.py nltk-...`) -------------------------
def _texts(folder: Path) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]


def nltk_freq(folder: Path, out: Path) -> None:
    """wordpunct_tokenize + FreqDist, written as term,freq CSV (freq descending)."""
    import csv

    from nltk import FreqDist
    from nltk.tokenize import wordpunct_tokenize

    fd: FreqDist = FreqDist()
    for text in _texts(folder):
        fd.update(wordpunct_tokenize(text))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["term", "freq"])
        w.writerows(fd.most_common())


def nltk_bigrams(folder: Path, out: Path) -> None:
    """BigramCollocationFinder (per document) + freq filter 5 + likelihood_ratio, as CSV.

    With each pair's contingency table as NLTK sees it (``r1``, ``c1``: the words' frequencies,
    ``n``: all words), so that the checker can compare G² only where the tables agree.
    """
    import csv
    import re

    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    words = re.compile(r"\w+")
    finder = BigramCollocationFinder.from_documents(words.findall(t) for t in _texts(folder))
    finder.apply_freq_filter(5)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["w1", "w2", "o11", "r1", "c1", "n", "g2"])
        n, freq = finder.word_fd.N(), finder.word_fd
        for (w1, w2), g2 in scored:
            w.writerow([w1, w2, finder.ngram_fd[(w1, w2)], freq[w1], freq[w2], n, repr(g2)])


# --- (1) the CLI against NLTK on 2M tokens -----------------------------------------------------
_ARABIC_WORD = r"^[\u0621-\u063a\u0641-\u064a]{2,}$"


def _check_word_lists(ours: Path, theirs: Path) -> dict:
    """Pure Arabic-letter words of two letters or more: both tokenisers agree on them."""
    import pandas as pd

    a = pd.read_csv(ours, keep_default_na=False)[["term", "freq"]]
    b = pd.read_csv(theirs, keep_default_na=False)
    a = a[a["term"].str.match(_ARABIC_WORD)].set_index("term")["freq"]
    b = b[b["term"].str.match(_ARABIC_WORD)].set_index("term")["freq"]
    common = a.index.intersection(b.index)
    return {
        "arabic_terms_ours": len(a),
        "arabic_terms_nltk": len(b),
        "arabic_terms_equal_freq": int((a[common] == b[common]).sum()),
    }


def _relative_difference(a, b):
    """|a − b| relative to max(1, |a|, |b|): relative for G² ≥ 1, absolute below.

    NLTK sums four terms of up to ~10² each, so a G² near 0 (10⁻⁸) carries an absolute
    rounding error of ~10⁻¹⁰ there: a relative difference would measure that noise.
    """
    import numpy as np

    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))


def _check_bigrams(ours: Path, theirs: Path) -> dict:
    """G² compared where it can agree: on the same contingency tables.

    The two tokenisers differ (clitics split or not, ``\\w+`` against our tokens), so a pair's
    O11, marginals and N differ between the outputs and so does its G². Two checks are
    meaningful: NLTK's ``likelihood_ratio`` on *our* tables (o11, r1, c1, n) against our G²
    (ours is signed, as in UCS: negative below expectation), and the pairs whose whole table
    agrees in both outputs.
    """
    import pandas as pd
    from nltk.metrics.association import BigramAssocMeasures

    a = pd.read_csv(ours, keep_default_na=False)
    b = pd.read_csv(theirs, keep_default_na=False)
    lr = BigramAssocMeasures.likelihood_ratio
    nltk_on_ours = [
        lr(o, (r, c), n) for o, r, c, n in zip(a["o11"], a["r1"], a["c1"], a["n"], strict=True)
    ]
    on_ours = _relative_difference(a["g2"].abs(), nltk_on_ours)
    arabic = a["w1"].str.match(_ARABIC_WORD) & a["w2"].str.match(_ARABIC_WORD)
    a = a[arabic].set_index(["w1", "w2"])
    b = b[b["w1"].str.match(_ARABIC_WORD) & b["w2"].str.match(_ARABIC_WORD)].set_index(["w1", "w2"])
    common = a.index.intersection(b.index)
    table = ["o11", "r1", "c1", "n"]
    same = (a.loc[common, table] == b.loc[common, table]).all(axis=1)
    same_index = common[same.to_numpy()]
    on_same = _relative_difference(a.loc[same_index, "g2"].abs(), b.loc[same_index, "g2"])
    return {
        "arabic_pairs_ours": len(a),
        "arabic_pairs_nltk": len(b),
        "arabic_pairs_equal_o11": int((a.loc[common, "o11"] == b.loc[common, "o11"]).sum()),
        "g2_nltk_on_our_tables_max_diff": float(on_ours.max()) if len(on_ours) else None,
        "pairs_with_equal_tables": len(same_index),
        "g2_equal_tables_max_diff": float(on_same.max()) if len(on_same) else None,
    }


def bench_cli(folder: Path, json_path: Path | None, repeat: int) -> None:
    env = _env()
    me = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        jobs = {
            "freq_ours": (_ct("freq", str(folder), "--format", "csv", "--quiet"), out / "f1.csv"),
            "freq_nltk": ([*me, "nltk-freq", str(folder), str(out / "f2.csv")], None),
            "bigram_g2_ours": (
                _ct(
                    "collocations",
                    str(folder),
                    "--window",
                    "0",
                    "1",
                    "--measures",
                    "g2",
                    "--min-cofreq",
                    "5",
                    "--top",
                    "0",
                    "--by",
                    "surface",
                    "--across-sentences",
                    "--format",
                    "csv",
                    "--quiet",
                ),
                out / "b1.csv",
            ),
            "bigram_g2_nltk": ([*me, "nltk-bigrams", str(folder), str(out / "b2.csv")], None),
        }
        best: dict[str, dict] = {}
        for _ in range(repeat):  # sides interleaved, best of `repeat` (a shared machine)
            for name, (cmd, stdout) in jobs.items():
                r = measure(cmd, stdout, env)
                if name not in best or r["wall_s"] < best[name]["wall_s"]:
                    best[name] = r
        for name, r in best.items():
            report(name, r, json_path)
        report(
            "cli_ratios",
            {
                "word_list_speedup": round(
                    best["freq_nltk"]["wall_s"] / best["freq_ours"]["wall_s"], 2
                ),
                "bigram_g2_speedup": round(
                    best["bigram_g2_nltk"]["wall_s"] / best["bigram_g2_ours"]["wall_s"], 2
                ),
                "word_list_speedup_cpu": round(
                    best["freq_nltk"]["cpu_s"] / best["freq_ours"]["cpu_s"], 2
                ),
                "bigram_g2_speedup_cpu": round(
                    best["bigram_g2_nltk"]["cpu_s"] / best["bigram_g2_ours"]["cpu_s"], 2
                ),
                **_check_word_lists(out / "f1.csv", out / "f2.csv"),
                **_check_bigrams(out / "b1.csv", out / "b2.csv"),
            },
            json_path,
        )


# --- (2) memory at 20M tokens -------------------------------------------------------------------
def token_table_bytes(folder: Path) -> None:
    """Print bytes per token of the in-memory token table (memory_usage(deep=True))."""
    import corpus_tools as ct

    tokens = ct.tokenize(ct.load_corpus(folder))
    usage = tokens.memory_usage(deep=True)
    print(json.dumps({"tokens": len(tokens), "bytes_per_token": round(usage.sum() / len(tokens), 2),
                      "per_column": {k: round(v / len(tokens), 2) for k, v in usage.items()}}))  # fmt: skip


def bench_memory(folder: Path, json_path: Path | None, workers: list[str]) -> None:
    env = _env()
    report(
        "word_list_20m",
        measure(_ct("freq", str(folder), "--format", "csv", "--quiet", *workers), None, env),
        json_path,
    )
    colloc = _ct("collocations", str(folder), "--window", "5", "5", "--min-cofreq", "5",
                 "--measures", "g2,log_dice", "--top", "0", "--format", "csv", "--quiet", *workers)  # fmt: skip
    report("collocations_pm5_20m", measure(colloc, None, env), json_path)
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        me = [sys.executable, str(Path(__file__).resolve()), "table-bytes", str(folder)]
        r = measure(me, Path(tmp.name), env)
        report("token_table_20m", {**r, **json.loads(Path(tmp.name).read_text())}, json_path)


# --- (3) 100M tokens, 1 and 2 workers ------------------------------------------------------------
def bench_big(folder: Path, json_path: Path | None, workers: list[int]) -> None:
    env = _env()
    for n in workers:
        extra = [] if n == 1 else ["--workers", str(n)]
        label = "in-process" if n == 1 else f"LocalCluster({n})"
        for name, cmd in (
            ("word_list", _ct("freq", str(folder), "--format", "csv", "--quiet", *extra)),
            ("collocations_pm5", _ct("collocations", str(folder), "--window", "5", "5",
                                     "--min-cofreq", "5", "--measures", "g2,log_dice", "--top",
                                     "0", "--format", "csv", "--quiet", *extra)),
        ):  # fmt: skip
            report(
                f"{name}_big", {"workers": n, "engine": label, **measure(cmd, None, env)}, json_path
            )


# --- per-shard costs (for docs/scaling.md) -------------------------------------------------------
def shard_costs(folder: Path, json_path: Path | None, shard_mb: float) -> None:
    """Time, memory and partial-table sizes of the first shard of ``folder``."""
    import resource

    import corpus_tools as ct
    from corpus_tools.counting import count_pairs, count_words
    from corpus_tools.distributed import count_columns
    from corpus_tools.lean_tokens import lean_tokens

    shard = ct.read_corpus(folder).shards(int(shard_mb * 1e6))[0]
    t_full = time.process_time()
    n_full = len(ct.tokenize(shard.read()))
    t0 = time.process_time()
    corpus = shard.read()
    # the columns the CLI's word list and ±5 collocations read (see distributed.count_columns)
    columns = count_columns("norm", ("punct", "residue"), sentences=True)
    assert columns is not None
    tokens = lean_tokens(corpus, columns)
    t1 = time.process_time()
    assert len(tokens) == n_full
    words = count_words(tokens, corpus.ids, exclude=("punct",))
    t2 = time.process_time()
    pairs = count_pairs(tokens, window=(5, 5), exclude=("punct", "residue"), n_buckets=1)
    t3 = time.process_time()
    piece = pairs.pieces[0]
    n_pairs = len(piece.a)
    result = {
        "shard_bytes": shard.n_bytes,
        "documents": len(shard.files),
        "tokens": len(tokens),
        "read_tokenise_full_table_cpu_s": round(t0 - t_full, 2),
        "read_tokenise_lean_table_cpu_s": round(t1 - t0, 2),
        "word_counts_cpu_s": round(t2 - t1, 2),
        "pairs_pm5_cpu_s": round(t3 - t2, 2),
        "types": len(words.terms),
        "term_doc_pairs": len(words.v),
        "distinct_pairs_pm5": n_pairs,
        "pair_instances_pm5": int(piece.o11.sum()),
        "pair_table_mb": round(n_pairs * 12 / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    report("shard_costs", result, json_path)


# --- (4) start-up -------------------------------------------------------------------------------
def bench_startup(json_path: Path | None, repeat: int = 7) -> None:
    env = _env()
    for name, cmd in (
        ("help", _ct("--help")),
        ("import", [sys.executable, "-c", "import corpus_tools"]),
        ("bare_python", [sys.executable, "-c", "pass"]),
    ):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        report(
            f"startup_{name}",
            {"best_s": round(min(times), 3), "median_s": round(sorted(times)[repeat // 2], 3)},
            json_path,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--tokens", type=int, required=True)
    c.add_argument("--out", type=Path, required=True)
    for name in ("cli", "memory", "big", "shard"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", type=Path, required=True)
        p.add_argument("--json", type=Path, default=None)
        p.add_argument("--repeat", type=int, default=1)
        p.add_argument("--workers", type=int, nargs="*", default=[1])
        p.add_argument("--shard-mb", type=float, default=32.0, help="shard: its size")
    s = sub.add_parser("startup")
    s.add_argument("--json", type=Path, default=None)
    for name in ("nltk-freq", "nltk-bigrams"):
        p = sub.add_parser(name)
        p.add_argument("folder", type=Path)
        p.add_argument("out", type=Path)
    t = sub.add_parser("table-bytes")
    t.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    actions = {
        "corpus": lambda: print(f"{write_corpus(args.tokens, args.out)} documents in {args.out}"),
        "cli": lambda: bench_cli(args.corpus, args.json, args.repeat),
        "memory": lambda: bench_memory(
            args.corpus,
            args.json,
            [] if args.workers[0] == 1 else ["--workers", str(args.workers[0])],
        ),
        "shard": lambda: shard_costs(args.corpus, args.json, args.shard_mb),
        "big": lambda: bench_big(args.corpus, args.json, args.workers),
        "startup": lambda: bench_startup(args.json),
        "nltk-freq": lambda: nltk_freq(args.folder, args.out),
        "nltk-bigrams": lambda: nltk_bigrams(args.folder, args.out),
        "table-bytes": lambda: token_table_bytes(args.folder),
    }
    actions[args.what]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
