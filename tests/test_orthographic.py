"""orthographic_words: a clitic-segmented table folded back equals the orthographic tokenizer."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.corpus import Corpus, Document
from corpus_tools.normalize import DEFAULT_STEPS, normalize_series
from corpus_tools.orthographic import orthographic_words


def _norm(forms: pd.Series) -> pd.Series:
    return normalize_series(forms, DEFAULT_STEPS)


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, text.split("\n", 1)[0], text, Path(f"{doc_id}.txt"), "")


def _texts(corpus) -> dict[str, str]:
    if isinstance(corpus, str):
        return {"": corpus}
    return {d.id: d.text for d in corpus}


def _check(corpus) -> pd.DataFrame:
    expected = ct.tokenize(corpus, segmentation="orthographic")
    got = orthographic_words(ct.tokenize(corpus), _texts(corpus), _norm)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["signature"] == expected.attrs["signature"]
    assert "segmentation:orthographic" in got.attrs["signature"]
    return got


def test_seeds_equal_orthographic_tokenizer(corpus) -> None:
    seg = ct.tokenize(corpus)
    got = _check(corpus)
    assert len(got) < len(seg)  # the seeds do hold split words


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("للشركة", [("للشركة", 0, 6, False, 0)]),
        ("وبالشركة", [("وبالشركة", 0, 8, False, 0)]),
        ("وIntel", [("و", 0, 1, True, 0), ("Intel", 1, 6, False, 1)]),
        ("لـSora", [("لـ", 0, 2, True, 0), ("Sora", 2, 6, False, 1)]),
    ],
)
def test_hand_cases(text: str, rows: list[tuple[str, int, int, bool, int]]) -> None:
    got = _check(text)
    cols = ["surface", "start", "end", "clitic", "part"]
    assert list(got[cols].itertuples(index=False, name=None)) == rows
    assert got["index"].tolist() == list(range(len(rows)))


def test_index_renumbered_per_document() -> None:
    docs = Corpus((_doc("a", "وبالشركة للشركة. قال"), _doc("b", "نشرتها وIntel")))
    got = _check(docs)
    assert got.loc[got["doc"] == "b", "index"].tolist() == [0, 1, 2]


def test_missing_text_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no text for document 'x'"):
        orthographic_words(ct.tokenize(_doc("x", "للشركة")), {}, _norm)


_WORDS = st.sampled_from(
    ["للشركة", "وبالشركة", "وIntel", "لـSora", "نشرتها", "ولد", "بلد", "وقال", "كتابه",
     "والذكـاء", "Apple", "و3", "بـ5G", "فسيكتبون", "عليه", "به", "،", ".", "GPT-4", "٢٠٢٤"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=8), min_size=1, max_size=3), st.sampled_from(" \n"))
def test_random_mixes_equal_orthographic_tokenizer(docs: list[list[str]], sep: str) -> None:
    corpus = Corpus(tuple(_doc(f"d{i}", sep.join(w)) for i, w in enumerate(docs)))
    _check(corpus)


@pytest.mark.parametrize("text", ["", "Apple 5G.", "ولد بلد"])
def test_nothing_to_merge_keeps_the_table(text: str) -> None:
    got = _check(text)
    assert got["surface"].tolist() == ct.tokenize(text)["surface"].tolist()


def test_detector_folds_a_clitic_table_without_tokenising_again(corpus, monkeypatch) -> None:
    from corpus_tools.loanwords import brand_mentions

    tokenize_module = importlib.import_module("corpus_tools.tokenize")

    text = "أعلنت وبالشركة عن هاتف آيفون وIntel ولـSora من أوبن إيه آي، وللشركة حساب على إكس."
    for source in (corpus, text):
        expected = brand_mentions(source)  # tokenises orthographically itself
        clitic_table = ct.tokenize(source)

        def no_second_pass(*args, **kwargs):
            raise AssertionError("the detector tokenised the corpus again")

        monkeypatch.setattr(tokenize_module, "tokenize", no_second_pass)
        got = brand_mentions(source, clitic_table)
        monkeypatch.undo()
        pd.testing.assert_frame_equal(got, expected)
        assert got.attrs["signature"] == expected.attrs["signature"]
    assert len(expected) > 0
