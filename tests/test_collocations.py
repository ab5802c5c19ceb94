"""Window-based co-occurrence counts: hand-worked tables, a loop reference, NLTK, the CLI."""

from __future__ import annotations

import importlib
import io
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from corpus_tools.association import MEASURES
from corpus_tools.collocations import (
    COOCCURRENCE_COLUMNS,
    collocation_network,
    collocations,
    cooccurrences,
)
from corpus_tools.signature import parse_signature

# the package re-exports the function `collocations`, so `import corpus_tools.collocations as x` would
# bind the function; importlib gives the module itself
colloc = importlib.import_module("corpus_tools.collocations")


# quanteda's test-textstat_collocations.R word sequence (NLTK-style marginals for (other, capital))
QUANTEDA_WORDS = [
    "capital",
    "other",
    "capital",
    "gains",
    "other",
    "capital",
    "word2",
    "other",
    "gains",
    "capital",
]


def table(sentences: list[str], *, doc: str = "d", upos: list[str] | None = None) -> pd.DataFrame:
    """A hand-made token table with the contract columns that counting reads."""
    words, sent = [], []
    for i, s in enumerate(sentences):
        for w in s.split():
            words.append(w)
            sent.append(i)
    script = ["punct" if w in {".", "،"} else "latin" for w in words]
    out = pd.DataFrame(
        {
            "doc": pd.Series([doc] * len(words), dtype="str"),
            "sentence": np.array(sent, dtype=np.int32),
            "index": np.arange(len(words), dtype=np.int32),
            "surface": pd.Series(words, dtype="str"),
            "norm": pd.Series(words, dtype="str"),
            "lemma": pd.Series([pd.NA] * len(words), dtype="str"),
            "upos": pd.Series(upos if upos is not None else [pd.NA] * len(words), dtype="str"),
            "script": pd.Series(script, dtype="str"),
            "residue": np.zeros(len(words), dtype=bool),
        }
    )
    out.attrs["signature"] = "annotator:hand|version:0.1.0"
    return out


def rows(tab: pd.DataFrame, *cols: str) -> dict[tuple[str, str], tuple]:
    return {
        (a, b): tuple(int(x) for x in rest)
        for a, b, *rest in tab[["w1", "w2", *cols]].itertuples(index=False)
    }


# --- hand-worked example ----------------------------------------------------------------------
# Positions after dropping the punctuation (N = 8):
#   sentence 0:  0:a 1:x 2:b 3:a 4:y   (then "." — excluded, takes no slot)
#   sentence 1:  5:c 6:d 7:a
# window L1 R2, node a, instances at 0, 3, 7:
#   a@0 → {1, 2}     a@3 → {2, 4} (5 is in the next sentence)     a@7 → {6}
#   pooled span {1, 2, 4, 6}: R1 = 4 (not 5: position 2 lies in two windows, counted once)
#   O11: x 1, b 1 (once, though in two windows), y 1, d 1; C1 = corpus frequency; N = 8
HAND = ["a x b a y .", "c d a"]


def test_hand_worked_overlapping_windows():
    tab = cooccurrences(table(HAND), node="a", window=(1, 2))
    assert list(tab.columns) == list(COOCCURRENCE_COLUMNS)
    assert rows(tab, "o11", "r1", "c1", "n") == {
        ("a", "x"): (1, 4, 1, 8),
        ("a", "b"): (1, 4, 1, 8),
        ("a", "y"): (1, 4, 1, 8),
        ("a", "d"): (1, 4, 1, 8),
    }
    b = tab.set_index("w2").loc["b"]
    assert (b.o12, b.o21, b.o22) == (3, 0, 4)  # R1 − O11, C1 − O11, N − R1 − C1 + O11
    assert b.e11 == pytest.approx(4 * 1 / 8)


def test_hand_worked_across_sentences():
    # a@3's right span now reaches c (position 5): pooled span {1, 2, 4, 5, 6}
    tab = cooccurrences(table(HAND), node="a", window=(1, 2), within_sentence=False)
    assert rows(tab, "o11", "r1") == dict.fromkeys([("a", w) for w in "xbycd"], (1, 5))


def test_hand_worked_punctuation_kept_takes_a_slot():
    # exclude=() keeps "." as position 5, inside a@3's right span: {2, 4, 5}; a@8 → {7}
    tab = cooccurrences(table(HAND), node="a", window=(1, 2), exclude=())
    assert int(tab.n.iloc[0]) == 9
    assert rows(tab, "o11", "r1")[("a", "y")] == (1, 5)
    assert rows(tab, "o11", "r1")[("a", ".")] == (1, 5)


def test_self_pairs_and_adjacent_bigrams():
    # "a a b", window (0, 1): ordered adjacent bigrams a→a and a→b; R1(a) = 2 right neighbours
    tab = cooccurrences(table(["a a b"]), window=(0, 1))
    assert rows(tab, "o11", "r1", "c1") == {("a", "a"): (1, 2, 2), ("a", "b"): (1, 2, 1)}


def test_adjacent_bigrams_equal_counter():
    sents = ["the cat sat on the mat", "the cat ate the rat", "on the mat the cat sat"]
    tab = cooccurrences(table(sents), window=(0, 1))
    expected = Counter(p for s in sents for p in zip(s.split(), s.split()[1:], strict=False))
    assert {(a, b): o for (a, b), (o,) in rows(tab, "o11").items()} == dict(expected)
    # every window slot is some collocate: Σ_w2 O11 = R1
    assert (tab.groupby("w1")["o11"].sum() == tab.groupby("w1")["r1"].first()).all()


def _loop_reference(words: list[str], sents: list[int], left: int, right: int) -> dict:
    """The definition, literally: pooled span per node type, each position once."""
    out = {}
    for t in sorted(set(words)):
        span = {
            i + d
            for i, w in enumerate(words)
            if w == t
            for d in range(-left, right + 1)
            if d != 0 and 0 <= i + d < len(words) and sents[i + d] == sents[i]
        }
        for w2, o in Counter(words[j] for j in span).items():
            out[(t, w2)] = (o, len(span))
    return out


@pytest.mark.parametrize("dense", [2, 2048], ids=["sorted-codes-path", "dense-table-path"])
def test_vectorised_counts_equal_loop_reference(monkeypatch, dense):
    monkeypatch.setattr(colloc, "DENSE", dense)
    rng = np.random.default_rng(11)
    for _ in range(150):
        n = int(rng.integers(1, 40))
        words = [f"w{x}" for x in rng.integers(0, int(rng.integers(1, 7)), n)]
        sents = sorted(int(x) for x in rng.integers(0, 4, n))
        left, right = int(rng.integers(0, 4)), int(rng.integers(0, 4))
        right = right or (0 if left else 1)
        tok = pd.DataFrame(
            {
                "doc": "d",
                "sentence": np.array(sents, dtype=np.int32),
                "norm": pd.Series(words, dtype="str"),
            }
        )
        tab = cooccurrences(tok, window=(left, right), exclude=())
        assert rows(tab, "o11", "r1") == _loop_reference(words, sents, left, right)
        counts = Counter(words)
        assert list(tab.c1) == [counts[w] for w in tab.w2]


def test_windows_never_cross_documents():
    two = pd.concat([table(["a b"], doc="d1"), table(["c a"], doc="d2")], ignore_index=True)
    tab = cooccurrences(two, window=(1, 1), within_sentence=False)
    assert rows(tab, "o11") == {
        ("a", "b"): (1,),
        ("b", "a"): (1,),
        ("c", "a"): (1,),
        ("a", "c"): (1,),
    }


# --- NLTK -------------------------------------------------------------------------------------


def test_nltk_adjacent_bigrams_and_g2():
    """Same counts as BigramCollocationFinder.from_words; |g2| = likelihood_ratio given NLTK's marginals."""
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    rng = np.random.default_rng(5)
    words = [f"w{int(x)}" for x in rng.zipf(1.5, 3000) % 300]
    finder = BigramCollocationFinder.from_words(words)
    tab = cooccurrences(words, window=(0, 1), exclude=())
    assert {(a, b): o for (a, b), (o,) in rows(tab, "o11").items()} == dict(finder.ngram_fd)
    nltk_scores = dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))
    fd = finder.word_fd
    ours = MEASURES["g2"](tab.o11, [fd[w] for w in tab.w1], [fd[w] for w in tab.w2], len(words))
    expected = np.array([nltk_scores[(a, b)] for a, b in zip(tab.w1, tab.w2, strict=True)])
    np.testing.assert_allclose(np.abs(ours), expected, rtol=1e-9, atol=1e-9)


def test_nltk_window_counts_differ_by_pooling():
    """NLTK's window finder counts a token once per node window; Evert/CQPweb pool the spans.

    Tokens ``this this is is a a test test`` (nltk/test/unit/test_collocations.py), window 3:
    NLTK counts (this, is) 3 times — more than the 2 tokens of ``is`` — our pooled O11 is 2 ≤ C1.
    """
    from nltk.collocations import BigramCollocationFinder

    words = ["this", "this", "is", "is", "a", "a", "test", "test"]
    finder = BigramCollocationFinder.from_words(words, window_size=3)
    assert finder.ngram_fd[("this", "is")] == 3
    tab = cooccurrences(words, window=(0, 2), exclude=())
    assert rows(tab, "o11", "c1")[("this", "is")] == (2, 2)


def test_quanteda_example_bigram_marginals():
    # quanteda test-textstat_collocations.R: NLTK-style marginals for (other, capital): 2, 3, 4, 10
    words = QUANTEDA_WORDS
    tab = cooccurrences(words, window=(0, 1), node="other", exclude=())
    assert rows(tab, "o11", "r1", "c1", "n")[("other", "capital")] == (2, 3, 4, 10)
    scored = collocations(
        words,
        node="other",
        window=(0, 1),
        measures=("mi", "chi2", "g2", "dice"),
        min_cofreq=1,
        exclude=(),
    )
    top = scored.iloc[0]
    assert top.w2 == "capital"
    # PUBLISHED.md §3.2, NLTK row: 0.736966, 1.269841, 1.265374, 0.571429
    assert (top.mi, top.chi2, top.g2, top.dice) == pytest.approx(
        (0.736966, 1.269841, 1.265374, 0.571429), abs=5e-7
    )


# --- filters ------------------------------------------------------------------------------------


def test_pos_filters_adjective_collocates_of_a_noun():
    tok = table(
        ["big house big", "house big old", "big red"],
        upos=["ADJ", "NOUN", "VERB", "NOUN", "ADJ", "ADJ", "ADJ", "ADJ"],
    )
    tab = cooccurrences(tok, node="house", window=(1, 1), node_upos="NOUN", collocate_upos=("ADJ",))
    # house@1 → {0 big/ADJ, 2 big/VERB}; house@3 → {4 big/ADJ}; pooled span R1 = 3 (all slots)
    # O11(big as ADJ) = 2; C1 = tokens of big tagged ADJ = 3 (the VERB one is not a collocate)
    assert rows(tab, "o11", "r1", "c1") == {("house", "big"): (2, 3, 3)}


def test_pos_filter_needs_upos():
    with pytest.raises(ValueError, match="upos"):
        cooccurrences(table(["a b"]), node="a", collocate_upos="ADJ")


def test_stopwords_and_punct_excluded_from_stream():
    from corpus_tools.frequency import stopwords

    assert "في" in stopwords()
    words = ["أعلن", "الوزير", "في", "بيان", "،", "أعلن", "الوزير"]
    tab = cooccurrences(words, node="الوزير", window=(0, 1), exclude=("stopwords", "punct"))
    # stream without في and ، : أعلن الوزير بيان أعلن الوزير
    assert rows(tab, "o11", "n") == {("الوزير", "بيان"): (1, 5)}
    kept = cooccurrences(
        words, node="الوزير", window=(0, 1), exclude=(), collocate_exclude=("stopwords",)
    )
    # في keeps its slot but is never a collocate: nothing left to the right of the first الوزير
    assert rows(kept, "o11", "r1") == {}


def test_lemma_needs_lemmas():
    with pytest.raises(ValueError, match="lemma"):
        cooccurrences(table(["a b"]), by="lemma")


@pytest.mark.parametrize("window", [(0, 0), (-1, 2), (1, 101), "5"])
def test_bad_window(window):
    with pytest.raises(ValueError, match="window"):
        cooccurrences(table(["a b"]), window=window)


def test_unknown_node_gives_empty_table():
    from corpus_tools.kwic import NoMatchWarning

    with pytest.warns(NoMatchWarning):
        tab = cooccurrences(table(HAND), node="zzz")
    assert len(tab) == 0
    assert list(tab.columns) == list(COOCCURRENCE_COLUMNS)


# --- ranking, signature, network ---------------------------------------------------------------


def test_collocations_ranked_with_signature():
    tok = table(["the cat sat on the mat", "the cat ate the rat", "on the mat the cat sat"])
    out = collocations(
        tok, node="the", window=(0, 1), measures=("log_dice", "g2"), min_cofreq=1, top=2
    )
    assert list(out.columns) == [*COOCCURRENCE_COLUMNS, "log_dice", "g2"]
    assert list(out.w2) == [
        "cat",
        "mat",
    ]  # logDice 14 + log2(2·3/(R1 + C1)), ties → o11, then alphabet
    assert out.log_dice.is_monotonic_decreasing
    sig = parse_signature(out.attrs["signature"])
    assert next(iter(sig)) == "annotator"
    assert list(sig)[-1] == "version"
    assert sig["window"] == "L0R1"
    assert sig["by"] == "norm"
    assert sig["measures"] == "log_dice+g2"
    assert sig["exclude"] == "punct+residue"
    assert sig["within_sentence"] == "yes"
    again = collocations(
        tok, node="the", window=(0, 1), measures=("log_dice", "g2"), min_cofreq=1, top=2
    )
    pd.testing.assert_frame_equal(out, again)


def test_unknown_measure():
    with pytest.raises(ValueError, match="unknown association measure"):
        collocations(table(HAND), node="a", measures=("llr",))


def test_collocation_network_graphcoll():
    words = QUANTEDA_WORDS
    edges = collocation_network(
        words, "other", window=(1, 1), measure="log_dice_span", threshold=12.5, min_cofreq=1,
        depth=2,
    )  # fmt: skip
    assert list(edges.columns) == [
        "source", "target", "depth", "o11", "r1", "c1", "n", "f1", "score"
    ]  # fmt: skip
    first = edges[edges.depth == 1]
    # word2: o11 = 1, span r1 = 6, c1 = 1: 14 + log2(2/7) = 12.19 < 12.5
    assert set(first.target) == {"capital", "gains"}
    assert set(edges[edges.depth == 2].source) <= {"capital", "gains"}
    assert (edges.score >= 12.5).all()
    # scores are the registry's, recomputed from the edge's own table
    np.testing.assert_allclose(
        edges.score, MEASURES["log_dice_span"](edges.o11, edges.r1, edges.c1, edges.n)
    )
    assert parse_signature(edges.attrs["signature"])["measure"] == "log_dice_span"
    # Rychlý's logDice uses the node frequency f1 = 3: word2 scores 14 + log2(2/4) = 13
    rychly = collocation_network(
        words, "other", window=(1, 1), measure="log_dice", threshold=12.5, min_cofreq=1
    ).set_index("target")
    assert rychly.loc["word2", "f1"] == 3
    assert rychly.loc["word2", "score"] == pytest.approx(13.0, abs=1e-12)


# --- real text: the seed corpus and the CLI ------------------------------------------------------


def test_seed_corpus_invariants(seed_tokens):
    tab = cooccurrences(seed_tokens, window=(5, 5))
    assert (tab.o11 <= tab.c1).all()
    assert (tab.o11 <= tab.r1).all()
    assert (tab.o22 >= 0).all()
    # no collocate filter: every pooled-span slot is some collocate
    assert (tab.groupby("w1")["o11"].sum() == tab.groupby("w1")["r1"].first()).all()
    n_words = int((~seed_tokens.script.eq("punct") & ~seed_tokens.residue).sum())
    assert (tab.n == n_words).all()


def test_seed_corpus_node_collocates(seed_tokens):
    out = collocations(seed_tokens, node="الذكاء", window=(0, 1), measures=("g2",), min_cofreq=3)
    assert out.iloc[0].w2 == "الاصطناعي"  # the bigram الذكاء الاصطناعي tops the list
    surface = seed_tokens[~seed_tokens.script.eq("punct") & ~seed_tokens.residue]
    pairs = Counter(zip(surface.norm, surface.norm.shift(-1), strict=True))
    assert out.iloc[0].o11 <= pairs[("الذكاء", "الاصطناعي")]


def test_cli_collocations(seeds_dir, capsys):
    from corpus_tools.cli import main

    code = main(["collocations", str(seeds_dir), "--node", "الذكاء", "--window", "3", "3",
                 "--measures", "g2,mi", "--min-cofreq", "2", "--format", "csv"])  # fmt: skip
    assert code == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(out.columns) == ["w1", "w2", "o11", "r1", "c1", "n", "g2", "mi"]
    assert (out.w1 == "الذكاء").all()
    assert (out.o11 >= 2).all()
    assert out.g2.is_monotonic_decreasing
    np.testing.assert_allclose(out.mi, MEASURES["mi"](out.o11, out.r1, out.c1, out.n))


def test_cli_collocations_bad_measure(seeds_dir, capsys):
    from corpus_tools.cli import main

    assert main(["collocations", str(seeds_dir), "--window", "1", "1", "--measures", "llr"]) == 2
    assert "unknown measure" in capsys.readouterr().err


def test_missing_word_in_list_is_reported_with_position():
    with pytest.raises(ValueError, match="position 1"):
        cooccurrences(["a", None, "b"], exclude=())  # type: ignore[list-item]


def test_absent_node_warns() -> None:
    from corpus_tools.kwic import NoMatchWarning

    with pytest.warns(NoMatchWarning, match="node 'zebra' matches no token"):
        out = collocations(["a", "b", "a", "c"], node="zebra", window=1, min_cofreq=1)
    assert out.empty
