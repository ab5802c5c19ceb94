"""Brand detection shard by shard (here and on Dask) equals brand_mentions on the whole corpus.

The oracle is the one-process detector: ``brand_mentions(load_corpus(files))`` and
``brand_usage(mentions, corpus)`` on all documents at once; the sharded tables must be equal
to them cell for cell, with the same dtypes and signature.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import test_scale
from conftest import DATA, SEEDS, SENTENCES

from corpus_tools.cli import main
from corpus_tools.corpus import load_corpus
from corpus_tools.distributed_mentions import sharded_brand_usage, sharded_mentions
from corpus_tools.loanwords import brand_mentions, brand_usage
from corpus_tools.shards import read_corpus

#: The seeds and the held-out test articles: eight documents of 1 to 14 kB.
FILES = sorted(SEEDS.glob("*.txt")) + sorted((DATA / "heldout").glob("*.txt"))
SMALL_SHARDS = 3000  # six shards: one per seed article, the held-out articles two by two
EXCLUDED = ("Google", "OpenAI")


@cache
def _one_process(exclude: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = load_corpus(FILES)
    mentions = brand_mentions(corpus, exclude_brands=exclude)
    return mentions, brand_usage(mentions, corpus)


def _assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs


def test_the_test_corpus_is_cut_into_several_shards() -> None:
    shards = read_corpus(FILES).shards(SMALL_SHARDS)
    assert [len(s.files) for s in shards] == [1, 1, 1, 1, 2, 2]


@pytest.mark.parametrize("exclude", [(), EXCLUDED], ids=["full-lexicon", "excluded-brands"])
def test_shards_in_one_process_give_the_whole_corpus_tables(exclude) -> None:
    mentions, usage = _one_process(exclude)
    got = sharded_mentions(FILES, exclude_brands=exclude, shard_bytes=SMALL_SHARDS)
    _assert_same(got, mentions)
    got_usage = sharded_brand_usage(FILES, exclude_brands=exclude, shard_bytes=SMALL_SHARDS)
    _assert_same(got_usage, usage)
    assert usage["glossed"].sum() > 0
    assert usage["n_headed"].sum() > 0


def test_excluded_brands_reach_every_shard() -> None:
    """The exclusion changes the result (so the equality above says each shard applied it)."""
    full, _ = _one_process(())
    excluded, _ = _one_process(EXCLUDED)
    assert not full.equals(excluded)
    assert set(excluded.loc[excluded["brand"].isin(EXCLUDED), "in_lexicon"]) <= {False}


def test_a_corpus_in_memory_is_cut_into_documents() -> None:
    mentions, usage = _one_process(())
    corpus = load_corpus(FILES)
    _assert_same(sharded_mentions(corpus, shard_bytes=SMALL_SHARDS), mentions)
    _assert_same(sharded_brand_usage(corpus, shard_bytes=1), usage)


def test_shards_without_mentions_keep_the_dtypes(tmp_path: Path) -> None:
    """One sentence per file and shard: some shards find nothing, or no brand at all."""
    for name, text in SENTENCES.items():
        (tmp_path / f"{name}.txt").write_text(text, "utf-8")
    (tmp_path / "plain.txt").write_text("قال الوزير إن الاجتماع انتهى.", "utf-8")
    corpus = load_corpus(tmp_path)
    mentions = brand_mentions(corpus)
    assert len(mentions) > 0
    assert mentions["doc"].nunique() < len(corpus.documents)
    _assert_same(sharded_mentions(tmp_path, shard_bytes=1), mentions)
    _assert_same(sharded_brand_usage(tmp_path, shard_bytes=1), brand_usage(mentions, corpus))
    plain = [tmp_path / "plain.txt", tmp_path / "diacritics.txt"]
    nothing = brand_mentions(load_corpus(plain))
    assert (nothing["category"] != "brand").all()
    _assert_same(sharded_brand_usage(plain, shard_bytes=1), brand_usage(nothing))


def test_cli_usage_over_shards_is_the_usage_of_the_whole_corpus(capsys) -> None:
    argv = ["loanwords", str(SEEDS), str(DATA / "heldout"), "--usage", "--format", "csv"]
    assert main(argv) == 0
    expected = capsys.readouterr().out
    assert expected.count("\n") == len(_one_process(())[1]) + 1  # the header
    assert main([*argv, "--shard-mb", "0.003"]) == 0
    assert capsys.readouterr().out == expected


# --- Dask (the CLI's own cluster first: the fixture's lives until the module ends) --------
def test_cli_with_two_workers_prints_the_one_process_table(capsys) -> None:
    pytest.importorskip("dask.distributed")
    paths = [str(SEEDS), str(DATA / "heldout")]
    argv = ["loanwords", *paths, "--all", "--exclude-brands", ",".join(EXCLUDED), "--quiet"]
    assert main(argv) == 0
    expected = capsys.readouterr().out
    assert expected.count("\n") == len(_one_process(EXCLUDED)[0])
    assert main([*argv, "--workers", "2", "--shard-mb", "0.003"]) == 0
    assert capsys.readouterr().out == expected


#: test_scale's fixture: a LocalCluster of 2 worker processes for this module.
client = test_scale.client


def test_local_cluster_of_two_processes_gives_the_whole_corpus_tables(client) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    mentions, usage = _one_process(EXCLUDED)
    options = {"exclude_brands": EXCLUDED, "shard_bytes": SMALL_SHARDS, "client": client}
    _assert_same(sharded_mentions(FILES, **options), mentions)
    _assert_same(sharded_brand_usage(FILES, **options), usage)
