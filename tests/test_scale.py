"""Exact counting over shards equals the in-memory results; Dask runs the same shard functions.

The in-memory functions (frequencies, collocations, keyness, kwic on one token table) are the
oracle: random corpora are cut into random shard sizes and every table must come back equal,
statistic for statistic (ARF up to float rounding: its gap sums are added in another order).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import SENTENCES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.cli import main
from corpus_tools.counting import count_words, merge_words, word_list
from corpus_tools.distributed import (
    DaskUnavailable,
    connect,
    sharded_collocations,
    sharded_frequencies,
    sharded_keyness,
    sharded_kwic,
)

WORDS = ["الذكاء", "الاصطناعي", "OpenAI", "وMeta", "قال", "إن", "أداة", "2024", "،", ".", "!"]
WORDS += list(SENTENCES.values())  # tatweel, diacritics, hamza, bidi marks, clitics on Latin


def _write(folder: Path, docs: list[list[int]]) -> list[Path]:
    paths = []
    for i, doc in enumerate(docs):
        text = " ".join(WORDS[w] for w in doc) + "\n"
        path = folder / f"doc{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _assert_same_word_list(got: pd.DataFrame, ref: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        got.drop(columns="arf"), ref.drop(columns="arf"), check_exact=True
    )
    np.testing.assert_allclose(got["arf"], ref["arf"], rtol=1e-12)
    assert got.attrs == ref.attrs


documents = st.lists(
    st.lists(st.integers(0, len(WORDS) - 1), min_size=1, max_size=40), min_size=1, max_size=8
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=documents,
    shard_bytes=st.integers(1, 3000),
    ngram=st.integers(1, 3),
    by=st.sampled_from(["surface", "norm"]),
    exclude=st.sampled_from([(), ("punct",), ("punct", "stopwords")]),
)
def test_sharded_word_lists_equal_the_in_memory_word_list(docs, shard_bytes, ngram, by, exclude):
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write(Path(tmp), docs)
        tokens = ct.tokenize(ct.load_corpus(paths))
        ref = ct.frequencies(tokens, by=by, ngram=ngram, exclude=exclude)
        got = sharded_frequencies(
            paths, by=by, ngram=ngram, exclude=exclude, shard_bytes=shard_bytes, progress=False
        )
    _assert_same_word_list(got, ref)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=documents,
    shard_bytes=st.integers(1, 3000),
    window=st.tuples(st.integers(0, 4), st.integers(1, 4)),
    min_cofreq=st.integers(1, 4),
    within_sentence=st.booleans(),
)
def test_sharded_collocations_equal_the_in_memory_table(
    docs, shard_bytes, window, min_cofreq, within_sentence
):
    options = {
        "window": window,
        "measures": ("g2", "log_dice", "mi", "t"),
        "min_cofreq": min_cofreq,
        "top": None,
        "within_sentence": within_sentence,
    }
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write(Path(tmp), docs)
        ref = ct.collocations(ct.tokenize(ct.load_corpus(paths)), **options)
        got = sharded_collocations(paths, shard_bytes=shard_bytes, progress=False, **options)
    pd.testing.assert_frame_equal(got, ref, check_exact=True)
    assert got.attrs == ref.attrs


@settings(max_examples=15, deadline=None)
@given(parts=st.lists(documents, min_size=3, max_size=3))
def test_partial_word_lists_merge_associatively(parts):
    partials = []
    first = 0
    for docs in parts:
        corpus = ct.Corpus(
            tuple(
                ct.Document(f"d{first + i}", "", " ".join(WORDS[w] for w in d), Path(), "")
                for i, d in enumerate(docs)
            )
        )
        partials.append(count_words(ct.tokenize(corpus), corpus.ids, first_doc=first))
        first += len(docs)
    a, b, c = partials
    left = word_list(merge_words(merge_words(a, b), c))
    right = word_list(merge_words(a, merge_words(b, c)))
    pd.testing.assert_frame_equal(left, right, check_exact=True)


def test_keyness_and_kwic_over_shards(tmp_path):
    rng = np.random.default_rng(0)
    (tmp_path / "t").mkdir()
    (tmp_path / "r").mkdir()
    target = _write(tmp_path / "t", [list(rng.integers(0, 9, 30)) for _ in range(6)])
    reference = _write(tmp_path / "r", [list(rng.integers(0, len(WORDS), 30)) for _ in range(5)])
    ref = ct.keyness(ct.tokenize(ct.load_corpus(target)), ct.tokenize(ct.load_corpus(reference)))
    got = sharded_keyness(target, reference, shard_bytes=500, progress=False)
    pd.testing.assert_frame_equal(got, ref, check_exact=True)
    corpus = ct.load_corpus(reference)
    ref = ct.kwic(ct.tokenize(corpus), "قال", corpus=corpus, window=3)
    got = sharded_kwic(reference, "قال", window=3, shard_bytes=500, progress=False)
    pd.testing.assert_frame_equal(got, ref, check_exact=True)
    texts = {d.id: d.text for d in corpus}
    assert all(
        texts[d][s:e] == m for d, s, e, m in got[["doc", "start", "end", "match"]].to_numpy()
    )


# --- Dask --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> list[Path]:
    rng = np.random.default_rng(1)
    folder = tmp_path_factory.mktemp("small")
    return _write(folder, [list(rng.integers(0, len(WORDS), 60)) for _ in range(12)])


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.distributed")
    c = connect(workers=2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


def test_local_cluster_of_two_processes_gives_identical_tables(client, small_corpus):
    assert len(client.scheduler_info()["workers"]) == 2
    for func, kwargs in [
        (sharded_frequencies, {}),
        (sharded_collocations, {"window": (2, 2), "min_cofreq": 2, "top": None}),
        (sharded_kwic, {"query": "قال"}),
    ]:
        ref = func(small_corpus, shard_bytes=2500, progress=False, **kwargs)
        got = func(small_corpus, shard_bytes=2500, progress=False, client=client, **kwargs)
        pd.testing.assert_frame_equal(got, ref, check_exact=True)


def test_without_dask_several_workers_are_refused(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(DaskUnavailable, match=r"corpus_tools\[dask\]"):
        connect(workers=2)


def _cli_output(capsys, argv: list[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


@contextlib.contextmanager
def _dask_cluster_processes(tmp_path: Path) -> Iterator[str]:
    """``dask scheduler`` and one ``dask worker`` on 127.0.0.1, always stopped afterwards."""
    info = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--scheduler-file", str(info), *common],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists():
            assert time.monotonic() < deadline, "the Dask scheduler did not start"
            time.sleep(0.2)
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", str(info),
             "--nthreads", "1", "--nworkers", "1", *common],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import json

        yield json.loads(info.read_text())["address"]
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def test_cli_workers_and_scheduler_print_the_one_process_tables(capsys, small_corpus, tmp_path):
    pytest.importorskip("dask.distributed")
    folder = str(small_corpus[0].parent)
    freq = ["freq", folder, "--format", "csv", "--shard-mb", "0.003", "--quiet"]
    colloc = ["collocations", folder, "--window", "2", "2", "--min-cofreq", "2", "--shard-mb",
              "0.003", "--quiet"]  # fmt: skip
    expected_freq = _cli_output(capsys, freq)
    expected_colloc = _cli_output(capsys, colloc)
    assert expected_freq.count("\n") > 10
    assert _cli_output(capsys, [*freq, "--workers", "2"]) == expected_freq
    with _dask_cluster_processes(tmp_path) as address:
        assert address.startswith("tcp://127.0.0.1:")
        assert _cli_output(capsys, [*colloc, "--scheduler", address]) == expected_colloc


def test_cli_rejects_bad_worker_counts(capsys, small_corpus):
    with pytest.raises(SystemExit) as exit_info:
        main(["freq", str(small_corpus[0]), "--workers", "0"])
    assert exit_info.value.code == 2
    assert "--workers: 0 is out of range" in capsys.readouterr().err


def test_readme_example_runs(monkeypatch):
    """The README's "Corpora of any size" example, as written (a LocalCluster of 2 processes)."""
    import re

    pytest.importorskip("dask.distributed")
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text("utf-8")
    section = readme.split("## Corpora of any size\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    monkeypatch.chdir(root)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert len(namespace["pairs"]) > 0
    assert namespace["words"].attrs["n_parts"] == 4  # the four seed articles
