"""The round trip: seeds -> dataset folder -> loaded tables gives every analysis back unchanged.

The dataset's ``tokens`` configuration carries the whole token table and ``mentions`` the whole
mention table, so word lists, keyness, concordances, collocations, brand mentions and brand usage
computed from the loaded dataset must equal (values, dtypes, order, signatures) those computed
from ``tokenize`` and ``brand_mentions`` on the seed files themselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.dataset import TOKEN_LIST_FIELDS, dataset_corpus
from corpus_tools.loanwords import MENTION_COLUMNS, brand_heads, brand_variants
from corpus_tools.tokenize import TOKEN_COLUMNS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeds():
    return ct.load_corpus(SEEDS)


@pytest.fixture(scope="module")
def fresh(seeds):
    """The tables computed straight from the seed files."""
    tokens = ct.tokenize(seeds)
    return {"tokens": tokens, "mentions": ct.brand_mentions(seeds, tokens)}


@pytest.fixture(scope="module")
def loaded(seeds, tmp_path_factory):
    """The tables of the dataset built from the seeds, loaded back offline."""
    import datasets.config
    import huggingface_hub.constants

    tmp = tmp_path_factory.mktemp("roundtrip")
    build = ct.build_dataset(seeds, tmp / "dataset")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        mp.setattr(datasets.config, "HF_HUB_OFFLINE", True)
        tables = ct.load_dataset_tables(build.folder, cache_dir=tmp / "cache")
    tables["build_signature"] = build.signature
    return tables


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["signature"] == expected.attrs["signature"]


def test_every_token_column_has_a_dataset_field():
    assert set(TOKEN_LIST_FIELDS.values()) | {"doc", "sentence", "index"} == set(TOKEN_COLUMNS)


def test_loaded_tokens_are_the_token_table(loaded, fresh):
    tokens = loaded["tokens"]
    assert list(tokens.columns) == [*TOKEN_COLUMNS, "brand_tag"]
    _same(tokens[list(TOKEN_COLUMNS)], fresh["tokens"])
    assert tokens.attrs["dataset_signature"] == loaded["build_signature"]
    # the columns the old dataset lacked, checked against the seeds directly
    assert tokens["clitic"].sum() == fresh["tokens"]["clitic"].sum() > 0
    assert tokens["residue"].any()


def test_loaded_mentions_are_the_mention_table(loaded, fresh):
    mentions = loaded["mentions"]
    assert list(mentions.columns) == [*MENTION_COLUMNS, "aligned"]
    _same(mentions[list(MENTION_COLUMNS)], fresh["mentions"])


def test_loaded_documents_give_the_corpus_back(loaded, seeds):
    corpus = dataset_corpus(loaded["documents"])
    assert corpus.ids == seeds.ids
    assert corpus.sha256 == seeds.sha256
    assert [d.text for d in corpus] == [d.text for d in seeds]
    assert [d.name for d in corpus] == [d.name for d in seeds]


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"by": "surface"}, id="surface"),
        pytest.param({"by": "norm", "exclude": ("punct",)}, id="norm-no-punct"),
        pytest.param({"by": "norm", "ngram": 2, "min_freq": 2}, id="norm-bigrams"),
    ],
)
def test_word_lists_are_equal(loaded, fresh, options):
    _same(ct.frequencies(loaded["tokens"], **options), ct.frequencies(fresh["tokens"], **options))


def test_keyness_is_equal(loaded, fresh):
    def split(tokens: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        first = tokens["doc"] == tokens["doc"].iloc[0]
        return tokens[first], tokens[~first]

    got = ct.keyness(*split(loaded["tokens"]))
    expected = ct.keyness(*split(fresh["tokens"]))
    assert len(expected) > 100
    _same(got, expected)


def test_collocations_are_equal(loaded, fresh):
    for node in ("openai", None):
        got = ct.collocations(loaded["tokens"], node=node, min_cofreq=2)
        expected = ct.collocations(fresh["tokens"], node=node, min_cofreq=2)
        assert len(expected) > 0
        _same(got, expected)


def test_concordances_are_equal(loaded, fresh, seeds):
    corpus = dataset_corpus(loaded["documents"])
    got = ct.kwic(loaded["tokens"], "OpenAI", corpus=corpus)
    expected = ct.kwic(fresh["tokens"], "OpenAI", corpus=seeds)
    assert len(expected) > 10
    _same(got, expected)


def test_brand_mentions_and_usage_are_equal(loaded, fresh, seeds):
    corpus = dataset_corpus(loaded["documents"])
    # detection on the loaded token table finds what it finds on a fresh tokenisation
    _same(ct.brand_mentions(corpus, loaded["tokens"]), fresh["mentions"])
    mentions = loaded["mentions"][list(MENTION_COLUMNS)]
    got = ct.brand_usage(mentions, corpus)
    expected = ct.brand_usage(fresh["mentions"], seeds)
    assert len(expected) > 5
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs
    # the tidy usage tables: spellings and head nouns per brand
    _same_attrs(brand_variants(mentions), brand_variants(fresh["mentions"]))
    _same_attrs(brand_heads(mentions, corpus), brand_heads(fresh["mentions"], seeds))


def _same_attrs(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs


def test_dataset_corpus_without_file_names_and_with_missing_columns(loaded):
    documents = loaded["documents"].drop(columns="source_file")
    corpus = dataset_corpus(documents)
    assert [d.name for d in corpus] == [f"{i}.txt" for i in documents["id"]]
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['text'\]"):
        dataset_corpus(documents.drop(columns="text"))


def test_build_refuses_an_unknown_annotator_before_any_work(seeds, tmp_path):
    with pytest.raises(
        ValueError, match="unknown annotator 'spacy'; choose from rules, stanza, auto"
    ):
        ct.build_dataset(seeds, tmp_path / "ds", annotator="spacy")
    assert not (tmp_path / "ds").exists()
