"""Annotation and dataset builds over shards, in one process or on Dask, equal the one-process ones.

The oracle is ``annotate(load_corpus(...))`` in this process, uncached: every shard table joined
on the cluster must give the same rows, dtypes, categories and signature, and ``dataset build``
the same bytes. Stanza tests use the test models (``stanza_dir``) and skip without them.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_scale import WORDS, _cli_output, _dask_cluster_processes, client, small_corpus

import corpus_tools as ct
import corpus_tools.annotation_cache as cache_module
from corpus_tools.cli import main
from corpus_tools.distributed_annotate import (
    STANZA_SHARD_BYTES,
    concat_token_tables,
    sharded_annotate,
)
from corpus_tools.shards import DEFAULT_SHARD_BYTES, ONE_SHARD_BYTES

__all__ = ["client", "small_corpus"]  # fixtures of test_scale.py, shared with this module


def _assert_same_tokens(got: pd.DataFrame, ref: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, ref, check_exact=True)
    assert got.attrs == ref.attrs


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- rules, one process: random corpora and shard sizes -----------------------------------------
texts = st.lists(
    st.one_of(
        st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join),
        st.sampled_from(["", "\n", " \n\n "]),  # documents without a token
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=texts, shard_bytes=st.integers(1, 2000))
def test_rules_shards_join_into_the_one_process_table(docs, shard_bytes):
    corpus = ct.Corpus(
        tuple(ct.Document(f"d{i}", "", text, Path(f"d{i}.txt"), "") for i, text in enumerate(docs))
    )
    got = sharded_annotate(corpus, shard_bytes=shard_bytes, progress=False)
    _assert_same_tokens(got, ct.annotate(corpus))


def test_auto_is_resolved_once_and_recorded(corpus, tmp_path):
    """No models in ``model_dir``: ``auto`` means rules, and the signature says it was asked."""
    ref = ct.annotate(corpus, "auto", model_dir=tmp_path)
    got = sharded_annotate(corpus, "auto", model_dir=tmp_path, shard_bytes=10_000, progress=False)
    assert "requested:auto" in ref.attrs["signature"]
    _assert_same_tokens(got, ref)


def test_shards_annotated_with_other_setups_are_not_joined(corpus):
    first, second = (ct.annotate(ct.Corpus((doc,))) for doc in corpus.documents[:2])
    second.attrs["signature"] = second.attrs["signature"].replace("annotator:rules", "annotator:x")
    with pytest.raises(ValueError, match="different setups"):
        concat_token_tables([first, second])


# --- rules on a LocalCluster of two processes ---------------------------------------------------
def test_rules_annotation_on_two_worker_processes(client, small_corpus, seeds_dir):
    for paths, shard_bytes in [(small_corpus, 700), (seeds_dir, 10_000)]:
        ref = ct.annotate(ct.load_corpus(paths))
        n_shards = len(ct.read_corpus(paths).shards(shard_bytes))
        assert n_shards >= 4
        for corpus in (
            ct.read_corpus(paths),
            ct.load_corpus(paths),
        ):  # files read by workers, or sent
            got = sharded_annotate(corpus, client=client, shard_bytes=shard_bytes, progress=False)
            _assert_same_tokens(got, ref)


def test_dataset_build_on_a_client_is_byte_identical(client, corpus, tmp_path):
    one = ct.build_dataset(corpus, tmp_path / "one")
    two = ct.build_dataset(corpus, tmp_path / "two", client=client, shard_bytes=10_000)
    assert one.signature == two.signature
    assert len(_tree(one.folder)) >= 4  # the card and three parquet files
    assert _tree(two.folder) == _tree(one.folder)


# --- stanza on a LocalCluster: models loaded once per worker, one shared cache ------------------
def _pipeline_calls(client) -> dict[str, tuple[int, int]]:
    """Per worker: (stanza pipelines loaded, pipeline look-ups) since the process started."""

    def calls() -> tuple[int, int]:
        from corpus_tools.stanza_backend import _pipeline

        info = _pipeline.cache_info()
        return info.misses, info.hits + info.misses

    return client.run(calls)


@pytest.mark.stanza
@pytest.mark.slow
def test_stanza_on_two_worker_processes_equals_one_process(
    client, corpus, seeds_dir, stanza_dir, tmp_path, caplog
):
    shared = tmp_path / "cache"
    before = _pipeline_calls(client)
    got = sharded_annotate(
        ct.read_corpus(seeds_dir), "stanza", client=client, shard_bytes=15_000,
        model_dir=stanza_dir, cache_dir=shared, threads=1, progress=False,
    )  # fmt: skip
    after = _pipeline_calls(client)
    n_shards = len(ct.read_corpus(seeds_dir).shards(15_000))
    assert n_shards == 3
    assert all(loaded <= 1 for loaded, _ in after.values())  # each worker loads the models once
    assert sum(after[w][1] - before[w][1] for w in after) == n_shards  # one look-up per shard
    ref = ct.annotate(corpus, "stanza", model_dir=stanza_dir, cache=False, threads=1)
    _assert_same_tokens(got, ref)
    # the workers' cache entries serve a later run in this process: nothing left to annotate
    entries = [p.suffix for p in (shared / "stanza").rglob("*") if p.is_file()]
    assert entries == [".parquet"] * len(corpus)
    with caplog.at_level(logging.INFO, logger="corpus_tools.stanza_backend"):
        cached = ct.annotate(corpus, "stanza", model_dir=stanza_dir, cache_dir=shared)
    assert f"{len(corpus)} document(s) from cache, 0 to annotate" in caplog.text
    _assert_same_tokens(cached, ref)


@pytest.fixture
def stanza_env(client, stanza_dir, tmp_path, monkeypatch):
    """The models and a fresh cache named by the variables, here and on the running workers
    (as a cluster's workers would be started)."""
    values = {"CORPUS_TOOLS_STANZA_DIR": str(stanza_dir), "CORPUS_TOOLS_CACHE_DIR": str(tmp_path)}
    for name, value in values.items():
        monkeypatch.setenv(name, value)

    def swap(new: dict[str, str | None]) -> dict[str, str | None]:  # runs on each worker
        old = {name: os.environ.get(name) for name in new}
        for name, value in new.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        return old

    before = client.run(swap, values)
    yield
    for worker, old in before.items():
        client.run(swap, old, workers=[worker])


@pytest.mark.stanza
@pytest.mark.slow
def test_stanza_dataset_build_on_a_client_is_byte_identical(client, corpus, stanza_env, tmp_path):
    there = ct.build_dataset(
        corpus, tmp_path / "there", annotator="stanza", client=client, shard_bytes=15_000
    )
    here = ct.build_dataset(corpus, tmp_path / "here", annotator="stanza")  # from the cache
    assert here.signature.startswith("annotator:stanza|")
    assert there.signature == here.signature
    assert _tree(there.folder) == _tree(here.folder)


# --- the command line ---------------------------------------------------------------------------
def test_cli_annotate_and_dataset_build_on_workers_and_a_scheduler(capsys, small_corpus, tmp_path):
    pytest.importorskip("dask.distributed")
    folder = str(small_corpus[0].parent)
    annotate = ["annotate", folder, "--format", "csv", "--quiet", "--shard-mb", "0.0007"]
    expected = _cli_output(capsys, annotate)
    assert expected.count("\n") > len(small_corpus) * 50
    assert _cli_output(capsys, [*annotate, "--workers", "2"]) == expected
    build = ["dataset", "build", folder, "--quiet", "--shard-mb", "0.0007", "--out"]
    here, there = tmp_path / "here", tmp_path / "there"
    in_process = _cli_output(capsys, [*build, str(here)])
    with _dask_cluster_processes(tmp_path) as address:
        assert _cli_output(capsys, [*annotate, "--scheduler", address]) == expected
        on_cluster = _cli_output(capsys, [*build, str(there), "--scheduler", address])
    assert on_cluster.replace(str(there), str(here)) == in_process
    assert _tree(there) == _tree(here)


def test_cli_annotate_on_workers_without_dask_says_what_to_install(capsys, monkeypatch, seeds_dir):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    assert main(["annotate", str(seeds_dir), "--workers", "2"]) == 2
    assert "pip install 'corpus_tools[dask]'" in capsys.readouterr().err


def test_cli_help_states_the_shard_defaults():
    from corpus_tools.cli.annotation import _ANNOTATE_SHARDS

    assert f"stanza on workers {STANZA_SHARD_BYTES / 1e6:g} MB" in _ANNOTATE_SHARDS
    assert f"one shard up to {ONE_SHARD_BYTES / 1e6:g} MB" in _ANNOTATE_SHARDS
    assert f"else {DEFAULT_SHARD_BYTES / 1e6:g} MB" in _ANNOTATE_SHARDS


# --- the shared cache: writers at once ----------------------------------------------------------
def test_cache_writers_at_once_leave_one_whole_entry(corpus, tmp_path):
    """Four threads of one process store one entry at once (as worker threads may): before
    temporary names carried the thread, they shared one file, and a rename that lost the race
    marked the whole cache unwritable."""
    doc = corpus.documents[0]
    tokens = ct.annotate(ct.Corpus((doc,)))[["start", "end", "surface"]].astype({"surface": "str"})
    store = cache_module.AnnotationCache(tmp_path, "test")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(5):
                start.wait()
                store.write(doc, "sig", tokens, spans=("start", "end"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert tmp_path not in cache_module._UNWRITABLE
    assert [p.suffix for p in tmp_path.rglob("*") if p.is_file()] == [".parquet"]
    read = store.read(doc, "sig", dict(tokens.dtypes.astype(str)), spans=("start", "end"))
    assert read is not None
    pd.testing.assert_frame_equal(read, tokens.reset_index(drop=True))


def test_sweep_leaves_other_machines_temporaries_alone(tmp_path):
    """A dead pid on this machine means a killed writer; on another machine it means nothing."""
    import subprocess

    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    pid = int(ended.stdout)
    ours = tmp_path / f"{'a' * 64}.{cache_module._HOST}-1f.{pid}.tmp"
    theirs = tmp_path / f"{'b' * 64}.otherhost-1f.{pid}.tmp"
    for path in (ours, theirs):
        path.write_bytes(b"partial")
    assert cache_module.sweep_stale_temporaries(tmp_path) == [ours]
    assert theirs.exists()
