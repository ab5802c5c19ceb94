"""The detector's fast paths against slow references computed independently.

* exact pruning (:mod:`corpus_tools.loanwords.pruning`): the mentions with pruning equal the
  mentions when every candidate is scored (the pruning switched off), on the seeds, the
  held-out paragraphs and the evaluation set, with the full lexicon and leave-lexicon-out;
* the vectorised per-type tables (stem options, skeletons, skeleton ids) equal the
  per-word functions they replace, written out here one word at a time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus import load_corpus
from corpus_tools.loanwords import brand_mentions, load_lexicon
from corpus_tools.loanwords import evidence as evidence_module
from corpus_tools.loanwords.detection import doc_arrays, orthographic_tokens, texts_of
from corpus_tools.loanwords.document import _skeleton_ids
from corpus_tools.loanwords.pruning import _option_rows
from corpus_tools.loanwords.transliteration import (
    arabic_skeletons,
    skeleton,
    skeleton_table,
    squeeze_lines,
)
from corpus_tools.loanwords.wordlists import prefixes_of, stopwords

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval" / "brand_mentions"
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "data" / "seeds_brand_gold.jsonl"),
    "heldout": (ROOT / "tests" / "data" / "heldout", "heldout_brand_gold.jsonl"),
    "eval": (EVAL / "docs", EVAL / "gold.jsonl"),
}
# The external evaluation set is deselected where ../shared is absent (tests/conftest.py).
SET_PARAMS = [
    pytest.param(name, marks=pytest.mark.evalset) if name == "eval" else name for name in SETS
]


def _gold_brands(folder: Path, gold: str | Path) -> list[str]:
    path = gold if isinstance(gold, Path) else folder / gold
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted({json.loads(line)["brand"] for line in lines if line.strip()})


def _every_token(*args: object, **kwargs: object) -> np.ndarray:
    d = args[0]
    return np.ones(len(d), dtype=bool)  # type: ignore[arg-type]


@pytest.mark.parametrize("leave_out", [False, True], ids=["full-lexicon", "leave-lexicon-out"])
@pytest.mark.parametrize("name", SET_PARAMS)
def test_pruning_changes_no_mention(name: str, leave_out: bool, monkeypatch) -> None:
    folder, gold = SETS[name]
    corpus = load_corpus(folder)
    exclude = _gold_brands(folder, gold) if leave_out else []
    lexicon = load_lexicon(exclude=exclude)
    kept: list[tuple[int, int]] = []
    real_mask = evidence_module.scoring_mask

    def counting_mask(d, eligible, *rest):  # type: ignore[no-untyped-def]
        keep = real_mask(d, eligible, *rest)
        kept.append((int(eligible.sum()), int((keep & eligible).sum())))
        return keep

    monkeypatch.setattr(evidence_module, "scoring_mask", counting_mask)
    fast = brand_mentions(corpus, lexicon=lexicon)
    monkeypatch.setattr(evidence_module, "scoring_mask", _every_token)
    slow = brand_mentions(corpus, lexicon=lexicon)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs == slow.attrs
    eligible, scored = np.sum(kept, axis=0)
    assert scored < eligible  # the pruning did skip candidates


WORDS = [
    "وبالعالم",
    "فيسبوك",
    "والفيسبوك",
    "وأمازون",
    "لل",
    "ال",
    "و",
    "بي",
    "للشركة",
    "كالمعتاد",
    "فلالتطبيق",
    "جوجل",
    "سسسبببب",
    "",
]


def test_stem_options_are_the_scorer_splits() -> None:
    """Rows of ``_option_rows``: per word, the whole word, each proclitic split leaving three
    letters or more, and the word without its first letter (``scorer._split``)."""
    excluded = frozenset({"الشركة", "شركة", "لل"})
    owner, written = _option_rows(WORDS, excluded)
    got: dict[int, set[str]] = {}
    for o, w in zip(owner.tolist(), written, strict=True):
        got.setdefault(o, set()).add(w)
    assert len(written) == sum(len(v) for v in got.values())  # distinct per word
    assert list(owner) == sorted(owner)
    for i, norm in enumerate(WORDS):
        splits = {norm[len(p) :] for p in prefixes_of(norm) if p and len(norm) - len(p) >= 3}
        options = {norm} | splits | ({norm[1:]} if len(norm) > 1 else set())
        expected = {s for s in options if len(s) >= 3 and s not in excluded}
        assert got.get(i, set()) == (set() if norm in excluded else expected), norm
    assert got[WORDS.index("للشركة")] == {"للشركة", "لشركة"}  # شركة is excluded


def test_arabic_skeletons_equal_skeleton() -> None:
    words = [w for w in WORDS if w] + ["سبوتيفاي", "بيربلكسيتي", "ااا", "كككك"]
    assert arabic_skeletons(words) == [skeleton(w) for w in words]
    assert skeleton("سبوتيفاي") == skeleton("Spotify") == "SBTF"  # the docstring's example


def test_skeleton_ids_equal_per_word_regex() -> None:
    whole = [*WORDS, "x\\\\y", "aa..bb", "ووو", "ببب"]
    bare = [w[1:] for w in whole]
    a, b, ids = _skeleton_ids(whole, bare, stopwords())
    doubled = re.compile(r"(.)\1+")
    table = skeleton_table()
    sk = [
        doubled.sub(r"\1", w.translate(table)) if len(w) >= 4 and w not in stopwords() else None
        for w in whole + bare
    ]
    codes, uniques = pd.factorize(pd.Series(sk, dtype=object))
    assert np.array_equal(np.r_[a, b], codes)
    assert ids == {str(k): i for i, k in enumerate(uniques)}


def test_doc_arrays_slice_the_token_table() -> None:
    corpus = load_corpus(ROOT / "tests" / "data" / "heldout")
    tokens = orthographic_tokens(corpus, None)
    texts = texts_of(corpus)
    codes = np.arange(len(tokens))
    for d in doc_arrays(tokens, texts, codes):
        rows = tokens[tokens["doc"] == d.id]
        assert d.surface == rows["surface"].tolist()
        assert d.script == rows["script"].astype(str).tolist()
        assert np.array_equal(d.is_script("arabic"), (rows["script"] == "arabic").to_numpy())
        assert all(d.text[s:e] == w for s, e, w in zip(d.start, d.end, d.surface, strict=True))


def test_mentions_are_document_local() -> None:
    """Mentions of two halves of a corpus, concatenated, are the mentions of the whole: the
    detector can run shard by shard (a scale engine maps it over shards and concatenates)."""
    from corpus_tools.corpus import Corpus

    folder = EVAL / "docs" if (EVAL / "docs").is_dir() else ROOT / "seeds"
    corpus = load_corpus(folder)
    half = len(corpus.documents) // 2
    parts = [Corpus(corpus.documents[:half]), Corpus(corpus.documents[half:])]
    whole = brand_mentions(corpus)
    pieces = pd.concat([brand_mentions(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(whole, pieces, check_dtype=True)


def test_squeeze_lines_equals_per_line_regex() -> None:
    rng = np.random.default_rng(0)
    lines = ["".join(rng.choice(list("ABـب\\ ."), size=int(n))) for n in rng.integers(0, 9, 300)]
    text = "\n".join(lines)
    doubled, other = re.compile(r"(.)\1+"), re.compile("[^A-Z]")
    assert squeeze_lines(text).split("\n") == [doubled.sub(r"\1", x) for x in lines]
    expected = [doubled.sub(r"\1", other.sub("", x)) for x in lines]
    assert squeeze_lines(text, classes_only=True).split("\n") == expected


def test_letter_types_are_letter_names_after_a_proclitic() -> None:
    from corpus_tools.loanwords.pruning import _letter_types
    from corpus_tools.loanwords.wordlists import normset, strip_clitics

    letters = normset("letter_names")
    words = [*WORDS, *sorted(letters), *("و" + w for w in sorted(letters)), "والإيه", "ايهات"]
    expected = [any(s in letters for s in strip_clitics(w) or [w]) for w in words]
    assert _letter_types(words).tolist() == expected
    assert any(expected)
    assert not all(expected)
