"""Lean token tables (one tokenisation per distinct white-space chunk) equal the annotator's.

The oracle is :func:`corpus_tools.tokenize` itself: every column :func:`lean_tokens` gives must
come back equal (values, dtypes, signature) on random texts built from the cases
that look across white space — sentence-final punctuation after a space, closers, every kind
of line break, detached clitics (``بـ Sora``), format controls alone between spaces, marks
after a space, scraper residue lines — and on the seeds and a synthetic corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, SENTENCES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.corpus import Corpus, Document
from corpus_tools.distributed import sharded_collocations, sharded_frequencies
from corpus_tools.lean_tokens import LEAN_COLUMNS, lean_tokens

PIECES = [
    "الذكاء", "الاصطناعي", "وبالشركة", "للشركة", "نشرتها", "ولد", "وقال", "بـ", "لـ", "Sora",
    "وIntel", "لـSora", "OpenAI", "GPT-4", "3.5", "١٬٠٠٠", "ــ", "الذكـــاء", "أَثَارَ", ".", "!",
    "؟", "…", "،", '"', "»", ")", "'", "\u200b", "\u200f", "\u200c", "\u0651", "ـ", "x\u0301",
    "Loading", "Loading...", "شارك الخبر :", "اقرأ أيضا", "🙂", "\U0001d400", "ﻻ",
]  # fmt: skip
GAPS = [" ", " ", " ", "  ", "\n", "\r\n", "\n\n", "\r\n\r\n", "\u2028", "\t", "\u00a0", "\u3000"]
PIECES += list(SENTENCES.values())


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([*GAPS, ""]))))
    return draw(st.sampled_from(["", " ", "\n"])) + "".join(p + g for p, g in parts)


def _corpus(texts_: list[str]) -> Corpus:
    docs = [Document(f"d{i}", "", t, Path(f"d{i}.txt"), "") for i, t in enumerate(texts_)]
    return Corpus(tuple(docs))


def _assert_lean_equals_full(corpus: Corpus, **options: str) -> None:
    full = ct.tokenize(corpus, **options)[list(LEAN_COLUMNS)]
    lean = lean_tokens(corpus, LEAN_COLUMNS, **options)
    # categories come in order of first appearance, not sorted: values and dtypes must agree
    pd.testing.assert_frame_equal(lean, full, check_exact=True, check_categorical=False)
    assert [d.name for d in lean.dtypes] == [d.name for d in full.dtypes]
    assert lean.attrs == full.attrs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(texts(), min_size=1, max_size=4),
    paragraphs=st.sampled_from(["line", "blank"]),
    segmentation=st.sampled_from(["clitics", "orthographic"]),
)
def test_lean_tokens_equal_the_annotators_columns(docs, paragraphs, segmentation):
    _assert_lean_equals_full(_corpus(docs), paragraphs=paragraphs, segmentation=segmentation)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("قال . . ! ثم", id="final-marks-after-spaces"),
        pytest.param('انتهى ." ثم بدأ', id="closer-glued-after-spaced-stop"),
        pytest.param("الخاصة بـ Sora وIntel.", id="detached-clitic"),
        pytest.param("أ \u200b \u0651ب \u200c", id="format-controls-and-marks-alone"),
        pytest.param("نص\nLoading\n  شارك الخبر :  \nنص", id="residue-lines"),
    ],
)
def test_lean_tokens_on_cases_across_white_space(text):
    _assert_lean_equals_full(_corpus([text, text]))


def test_lean_tokens_on_the_seeds(corpus):
    _assert_lean_equals_full(corpus)


def test_lean_tokens_on_a_synthetic_corpus():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    _assert_lean_equals_full(synthetic.make_corpus(60_000, seed=3))


def test_lean_tokens_only_gives_its_columns():
    with pytest.raises(ValueError, match="lean_tokens gives"):
        lean_tokens(_corpus(["x"]), ["start"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(texts().filter(str.strip), min_size=1, max_size=4),
    shard_bytes=st.sampled_from([None, 1, 200]),
    ngram=st.integers(1, 2),
    by=st.sampled_from(["surface", "form", "norm"]),
    exclude=st.sampled_from([(), ("punct",), ("punct", "residue", "stopwords"), ({"قال"},)]),
    within_sentence=st.booleans(),
)
def test_counts_over_lean_tables_equal_the_in_memory_ones(
    tmp_path_factory, docs, shard_bytes, ngram, by, exclude, within_sentence
):
    """End to end: the sharded engine counts lean tables; the oracle counts the full table."""
    folder = tmp_path_factory.mktemp("lean")
    paths = []
    for i, text in enumerate(docs):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8", newline="")
        paths.append(folder / f"d{i}.txt")
    tokens = ct.tokenize(ct.load_corpus(paths))
    words = ct.frequencies(tokens, by=by, ngram=ngram, exclude=exclude)
    got = sharded_frequencies(
        paths, by=by, ngram=ngram, exclude=exclude, shard_bytes=shard_bytes, progress=False
    )
    pd.testing.assert_frame_equal(got.drop(columns="arf"), words.drop(columns="arf"))
    np.testing.assert_allclose(got["arf"], words["arf"], rtol=1e-12)  # shards add gaps in turn
    assert got.attrs == words.attrs
    options = {"window": (2, 1), "by": by, "min_cofreq": 1, "top": None, "exclude": exclude}
    options["within_sentence"] = within_sentence
    pairs = ct.collocations(tokens, **options)
    got = sharded_collocations(paths, shard_bytes=shard_bytes, progress=False, **options)
    pd.testing.assert_frame_equal(got, pairs, check_exact=True)
    assert got.attrs == pairs.attrs
