"""Word lists, n-grams and dispersion against published values and independent counts."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.cli import main
from corpus_tools.frequency import arf, dispersion, exclude_mask, frequencies, stopwords
from corpus_tools.tokenize import tokenize_text

# Gries (2008) toy corpus: five 10-token parts (Wordless cites pp. 406, 410).
GRIES_PARTS = [
    "b a m n i b e u p k",
    "b a s a t b e w q n",
    "b c a g a b e s t a",
    "b a g h a b e a a t",
    "b a h a a b e a x a",
]


def table(parts: list[str], *, sentences: bool = False) -> pd.DataFrame:
    """A minimal token table: one document per part, words split on spaces (``|`` = new sentence)."""
    rows = []
    for d, part in enumerate(parts):
        sent = 0
        index = 0
        for w in part.split():
            if w == "|" and sentences:
                sent += 1
                continue
            rows.append((f"d{d}", sent, index, w))
            index += 1
    return pd.DataFrame(rows, columns=["doc", "sentence", "index", "surface"]).astype(
        {"doc": "str", "sentence": "int32", "index": "int32", "surface": "str"}
    )


# (column, expected, json path in published.json) — values and sources from PUBLISHED.md 3.7.
GRIES_A = [
    pytest.param("range", 5, ("dispersion_gries2008", "range"), id="range-gries2008"),
    pytest.param("dp", 0.2, ("dispersion_gries2008", "DP"), id="dp-0.2-gries2008-p415"),
    pytest.param(
        "dp_norm", 0.25, ("dispersion_gries2008", "DPnorm"), id="dpnorm-0.25-lijffijt-gries2012"
    ),
    pytest.param(
        "juilland_d",
        0.764298,
        ("dispersion_gries2008", "juilland_D_popSD"),
        id="juilland-0.764298-gries2008",
    ),
    pytest.param(
        "carroll_d2",
        0.925634,
        ("dispersion_gries2008", "carroll_D2"),
        id="carroll-d2-0.925634-gries2008",
    ),
    pytest.param(
        "rosengren_s",
        0.936847,
        ("dispersion_gries2008", "rosengren_S"),
        id="rosengren-0.936847-gries2008-p407",
    ),
    pytest.param("arf", 10.8, ("dispersion_gries2008", "ARF"), id="arf-10.8-gries2008-wordless"),
]


@pytest.mark.parametrize(("column", "expected", "source"), GRIES_A)
def test_gries2008_toy_corpus(column: str, expected: float, source: tuple[str, str]) -> None:
    wl = frequencies(table(GRIES_PARTS)).set_index("term")
    assert wl.loc["a", "freq"] == 15
    assert wl.loc["a", column] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("column", "expected", "source"), GRIES_A)
def test_gries2008_values_are_the_published_ones(published, column, expected, source) -> None:
    assert published[source[0]][source[1]] == pytest.approx(expected, abs=1e-6)


def test_gries2008_single_term_functions() -> None:
    d = dispersion([1, 2, 3, 4, 5], [10] * 5)
    assert d["juilland_d"] == pytest.approx(0.764298, abs=1e-6)
    assert d["dp"] == pytest.approx(0.2, abs=1e-12)
    # the sample-sd variant (0.736477) is what we must NOT report
    assert d["juilland_d"] != pytest.approx(0.736477, abs=1e-3)
    positions = [i for i, w in enumerate(" ".join(GRIES_PARTS).split()) if w == "a"]
    assert arf(positions, 50) == pytest.approx(10.8, abs=1e-9)


def test_gries2008_cyclic_gaps_give_arf() -> None:
    # The published gaps (Gries 2008 p. 410) reproduce the published ARF: sum(min(d, N/f)) / (N/f).
    gaps = np.array([2, 10, 2, 9, 2, 5, 2, 3, 3, 1, 3, 2, 1, 3, 2], dtype=float)
    seg = 50 / 15
    assert np.minimum(gaps, seg).sum() / seg == pytest.approx(10.8)
    positions = np.cumsum(np.r_[0, gaps[1:]]) + 7  # any placement with these gaps
    assert arf(positions, 50) == pytest.approx(10.8, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "measure", "expected"),
    [
        pytest.param([2, 1, 0], "dp", 0.333333, id="dp-0.333333-lijffijt-gries2012"),
        pytest.param([2, 1, 0], "dp_norm", 0.5, id="dpnorm-0.5-lijffijt-gries2012"),
        pytest.param(
            [0, 4, 3, 2, 1], "juilland_d", 0.646447, id="juilland-0.646447-carroll1970-p14"
        ),
        pytest.param(
            [2, 1, 1, 1, 0], "carroll_d2", 0.827729, id="carroll-d2-0.827729-carroll1970-p13"
        ),
    ],
)
def test_published_dispersion_equal_parts(counts: list[int], measure: str, expected: float) -> None:
    assert dispersion(counts)[measure] == pytest.approx(expected, abs=1e-6)
    # Same through the word list: parts of equal size 6 holding `counts` x's, as chunks.
    parts = [" ".join(["x"] * c + ["y"] * (6 - c)) for c in counts]
    tokens = table([" ".join(parts)])
    wl = frequencies(tokens, chunks=len(counts)).set_index("term")
    assert wl.loc["x", measure] == pytest.approx(expected, abs=1e-6)
    # ... and as an explicit array of part labels.
    labels = np.repeat(np.arange(len(counts)), 6)
    wl2 = frequencies(tokens, parts=labels).set_index("term")
    assert wl2.loc["x", measure] == pytest.approx(expected, abs=1e-6)


def test_dispersion_published_json(published) -> None:
    other = published["dispersion_other"]
    assert dispersion([2, 1, 0])["dp"] == pytest.approx(
        other["lijffijt_gries_2012_DP_counts_2_1_0"], abs=1e-6
    )
    assert dispersion([2, 1, 0])["dp_norm"] == pytest.approx(
        other["lijffijt_gries_2012_DPnorm_counts_2_1_0"]
    )
    assert dispersion([0, 4, 3, 2, 1])["juilland_d"] == pytest.approx(
        other["carroll1970_juilland_D_0_4_3_2_1"], abs=1e-6
    )
    assert dispersion([2, 1, 1, 1, 0])["carroll_d2"] == pytest.approx(
        other["carroll1970_D2_2_1_1_1_0"], abs=1e-6
    )


def test_vectorised_table_equals_per_term_reference() -> None:
    # Unequal, non-contiguous parts: the vectorised word list equals the per-term formulas.
    rng = np.random.default_rng(7)
    words = rng.choice(list("abcdefghij"), size=400, p=np.r_[0.3, 0.2, 0.1, 0.1, [0.05] * 6])
    tokens = pd.DataFrame(
        {"doc": "d", "sentence": 0, "index": np.arange(400), "surface": words}
    ).astype({"surface": "str", "doc": "str"})
    labels = rng.integers(0, 7, size=400)
    wl = frequencies(tokens, parts=labels).set_index("term")
    sizes = np.bincount(labels)
    for term, row in wl.iterrows():
        counts = np.bincount(labels[words == term], minlength=7)
        ref = dispersion(counts, sizes)
        for measure, value in ref.items():
            assert row[measure] == pytest.approx(value, rel=1e-12, abs=1e-12), (term, measure)
        assert row["arf"] == pytest.approx(arf(np.flatnonzero(words == term), 400), rel=1e-12)
        assert row["freq"] == (words == term).sum()


def test_arf_does_not_depend_on_the_partition() -> None:
    tokens = table(GRIES_PARTS)
    by_doc = frequencies(tokens).set_index("term")["arf"]
    by_chunks = frequencies(tokens, chunks=2).set_index("term")["arf"]
    pd.testing.assert_series_equal(by_doc.sort_index(), by_chunks.sort_index())


def test_sorted_by_freq_then_term_with_signature() -> None:
    wl = frequencies(table(GRIES_PARTS))
    keys = list(zip(-wl["freq"], wl["term"], strict=True))
    assert keys == sorted(keys)
    assert wl.columns.tolist()[:5] == ["term", "freq", "per_million", "range", "range_pct"]
    assert wl.attrs["signature"].startswith("analysis:frequencies|by:norm|ngram:1|")
    assert wl.attrs["signature"].endswith(f"version:{ct.__version__}")
    assert wl.attrs["n_items"] == 50
    assert wl["per_million"].iloc[0] == pytest.approx(15 / 50 * 1e6)
    assert wl["term"].dtype == "str"


def test_min_freq_keeps_n() -> None:
    wl = frequencies(table(GRIES_PARTS), min_freq=3)
    assert wl["freq"].min() >= 3
    assert wl.attrs["n_items"] == 50


# --- n-grams -----------------------------------------------------------------------------------
def test_ngrams_within_sentences_against_nltk() -> None:
    from nltk.util import ngrams

    docs = ["a b c | a b c d", "b c d | a b"]
    tokens = table(docs, sentences=True)
    for n in (2, 3):
        expected: Counter[str] = Counter()
        for doc in docs:
            for sent in doc.split("|"):
                expected.update(" ".join(g) for g in ngrams(sent.split(), n))
        wl = frequencies(tokens, ngram=n)
        assert dict(zip(wl["term"], wl["freq"], strict=True)) == dict(expected)
        assert wl.attrs["n_items"] == sum(expected.values())


def test_ngrams_skip_excluded_tokens() -> None:
    tokens = tokenize_text("قال جوجل، إن OpenAI تعمل.")
    wl = frequencies(tokens, by="surface", ngram=2, exclude="punct")
    # "جوجل ،" and "، إن" are dropped, never glued into "جوجل إن".
    assert set(wl["term"]) == {"قال جوجل", "إن OpenAI", "OpenAI تعمل"}


def test_ngram_five_on_norm() -> None:
    tokens = tokenize_text("أعلنت شركة OpenAI عن أداة جديدة")
    wl = frequencies(tokens, by="norm", ngram=5)
    assert wl["term"].tolist() == ["اعلنت شركة openai عن اداة", "شركة openai عن اداة جديدة"]
    with pytest.raises(ValueError, match="ngram must be between 1 and 5"):
        frequencies(tokens, ngram=6)


# --- exclusions --------------------------------------------------------------------------------
def test_exclude_keywords() -> None:
    tokens = tokenize_text("قال مدير Google في 2024: إن الذكاء الاصطناعي إلى الامام.")
    terms = lambda ex: set(frequencies(tokens, exclude=ex)["term"])
    everything = terms(())
    assert {":", "."} <= everything
    assert not {":", "."} & terms("punct")
    assert "2024" not in terms(("punct", "digits"))
    assert "Google" not in terms(("latin",))
    no_stop = terms(("punct", "stopwords"))
    assert "في" not in no_stop
    assert "إلى" not in no_stop  # listed as إلى; matched after normalisation (الى)
    assert "الذكاء" in no_stop
    assert "قال" not in terms(({"قال"},))
    assert "الذكاء" not in terms(("punct", ["الذكاء"]))
    with pytest.raises(ValueError, match="unknown exclusion 'قال'"):
        frequencies(tokens, exclude=("قال",))


def test_stopword_list_is_stopwords_iso() -> None:
    import stopwordsiso

    assert stopwords() == frozenset(stopwordsiso.stopwords("ar"))
    from importlib import resources

    header = (
        resources.files("corpus_tools.data").joinpath("stopwords_ar.txt").read_text("utf-8")[:400]
    )
    assert "stopwords-iso" in header
    assert "MIT" in header


def test_exclude_residue_on_seeds(corpus, seed_tokens) -> None:
    mask = exclude_mask(seed_tokens, "residue")
    excluded = seed_tokens.loc[mask, "surface"].tolist()
    assert "Loading" in excluded
    wl = frequencies(seed_tokens, exclude=("punct", "residue"))
    assert "Loading" not in set(wl["term"])
    assert mask.dtype == bool
    assert len(mask) == len(seed_tokens)


def test_lemma_missing_gives_clear_error(seed_tokens) -> None:
    with pytest.raises(ValueError, match="no 'lemma' values"):
        frequencies(seed_tokens, by="lemma")


# --- hand-checked seeds --------------------------------------------------------------------------
def _arabic_runs(text: str) -> list[str]:
    """Independent word split: maximal Arabic-letter runs, diacritics and tatweel dropped."""
    runs = re.findall(r"[\u0621-\u063A\u0640-\u065F\u0670-\u06D3]+", text)
    return [re.sub(r"[\u0640\u064B-\u065F\u0670]", "", r) for r in runs]


def test_seed_frequencies_hand_checked(corpus, seed_tokens) -> None:
    texts = [d.text for d in corpus]
    openai = sum(len(re.findall(r"(?<![A-Za-z])OpenAI(?![A-Za-z])", t)) for t in texts)
    google_docs = [d.id for d in corpus if "جوجل" in _arabic_runs(d.text)]
    google = sum(_arabic_runs(t).count("جوجل") for t in texts)
    assert (openai, google) == (25, 8)  # grep -o, checked by hand

    wl = frequencies(seed_tokens, by="surface", exclude="punct").set_index("term")
    assert wl.loc["OpenAI", "freq"] == openai
    n_words = int((seed_tokens["script"] != "punct").sum())
    assert wl.loc["OpenAI", "per_million"] == pytest.approx(openai / n_words * 1e6)
    assert wl.loc["OpenAI", "range"] == sum("OpenAI" in t for t in texts)

    norm = frequencies(seed_tokens, by="norm", exclude="punct").set_index("term")
    assert norm.loc[ct.normalize("جوجل"), "freq"] == google
    assert norm.loc["جوجل", "range"] == len(google_docs)
    assert norm.loc["openai", "freq"] == openai


def test_seed_counts_equal_nltk_freqdist(seed_tokens) -> None:
    from nltk import FreqDist

    words = seed_tokens.loc[seed_tokens["script"] != "punct", "surface"].tolist()
    fd = FreqDist(words)
    wl = frequencies(seed_tokens, by="surface", exclude="punct")
    assert dict(zip(wl["term"], wl["freq"], strict=True)) == dict(fd)
    assert wl.attrs["n_items"] == fd.N()


def test_reproducible(seed_tokens) -> None:
    a = frequencies(seed_tokens, by="norm", ngram=2, exclude=("punct", "stopwords"))
    b = frequencies(seed_tokens.copy(), by="norm", ngram=2, exclude=("punct", "stopwords"))
    assert a.to_csv() == b.to_csv()
    assert a.attrs["signature"] == b.attrs["signature"]
    assert "exclude:punct+stopwords" in a.attrs["signature"]


# --- CLI ---------------------------------------------------------------------------------------
def test_cli_freq_csv(seeds_dir, seed_tokens, capsys) -> None:
    assert main(["freq", str(seeds_dir), "--format", "csv", "--min-freq", "5"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_term = {r["term"]: r for r in rows}
    assert int(by_term["openai"]["freq"]) == 25  # --by defaults to norm, as in the API
    assert min(int(r["freq"]) for r in rows) >= 5
    assert "juilland_d" in rows[0]


def test_cli_freq_ngram_jsonl(seeds_dir, capsys) -> None:
    assert (
        main(
            [
                "freq",
                str(seeds_dir),
                "--by",
                "norm",
                "--ngram",
                "2",
                "--format",
                "jsonl",
                "--limit",
                "3",
            ]
        )
        == 0
    )
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["term"] == "الذكاء الاصطناعي"


def test_cli_freq_bad_option(seeds_dir, capsys) -> None:
    assert main(["freq", str(seeds_dir), "--exclude", "punct,nonsense"]) == 2
    assert "unknown exclusion 'nonsense'" in capsys.readouterr().err


# --- statistics worked by hand (issue #13) -----------------------------------------------------
def test_per_million_over_word_tokens_whatever_is_excluded() -> None:
    tokens = tokenize_text("في البيت قطة . في الحديقة كلب و قطة .")
    # 8 word tokens (2 full stops are punctuation): قطة 2 → 250,000 per million
    plain = frequencies(tokens, exclude="punct").set_index("term")
    fewer = frequencies(tokens, exclude=("punct", {"في", "و"})).set_index("term")
    assert plain.attrs["n_words"] == fewer.attrs["n_words"] == 8
    assert plain.loc["قطة", "per_million"] == fewer.loc["قطة", "per_million"] == 250_000
    assert fewer.attrs["n_items"] == 5
    counted = frequencies(tokens, exclude=("punct", {"في", "و"}), normalize_by="counted")
    assert counted.set_index("term").loc["قطة", "per_million"] == pytest.approx(2 / 5 * 1e6)
    assert "per_million:counted" in counted.attrs["signature"]
    with pytest.raises(ValueError, match="normalize_by"):
        frequencies(tokens, normalize_by="tokens")


def test_juilland_d_clamped_to_unit_interval() -> None:
    # A term confined to one of four equal parts: V = √3 = √(n − 1), D = 1 − 1 = 0 exactly, never
    # −2.2e-16; with unequal parts V exceeds √(n − 1) and D would be negative.
    assert dispersion([0, 0, 5, 0])["juilland_d"] == 0.0
    assert dispersion([0, 0, 3], [10, 10, 1])["juilland_d"] == 0.0
    wl = frequencies(table(["x a a a", "b b b b", "c c c c", "d d d d"])).set_index("term")
    assert (wl["juilland_d"] >= 0).all()
    assert (wl["juilland_d"] <= 1).all()
    assert wl.loc["x", "juilland_d"] == 0.0


@pytest.mark.parametrize(("n_items", "chunks"), [(10, 3), (7, 7), (50, 4), (5, 8)])
def test_chunks_cut_like_numpy_array_split(n_items: int, chunks: int) -> None:
    words = [f"w{i}" for i in range(n_items)]
    tokens = table([" ".join(words)])
    wl = frequencies(tokens, chunks=chunks)
    # each word occurs once: its range is 1 and the number of non-empty chunks is n
    pieces = [p for p in np.array_split(np.arange(n_items), chunks) if len(p)]
    assert wl.attrs["n_parts"] == len(pieces)
    # DP of a word in chunk i is ½(|1 − s_i| + (1 − s_i)) = 1 − s_i, s_i the chunk's share
    dp = wl.set_index("term")["dp"]
    for piece in pieces:
        share = len(piece) / n_items
        for i in piece:
            assert dp[f"w{i}"] == pytest.approx(1 - share, abs=1e-12)


def test_term_by_document_against_a_crosstab(seed_tokens) -> None:
    words = seed_tokens[seed_tokens["script"] != "punct"]
    cross = pd.crosstab(words["norm"].astype(str), words["doc"].astype(str))
    table = ct.term_by_document(seed_tokens, ["OpenAI", "جوجل", "الذكاء"])
    assert table.index.tolist() == ["openai", "جوجل", "الذكاء"]  # normalised like norm
    for term in table.index:
        assert table.loc[term].tolist() == cross.loc[term, table.columns].tolist()
    assert int(table.loc["الذكاء"].sum()) == 115
    per_doc = words.groupby(words["doc"].astype(str), sort=False).size()
    relative = ct.term_by_document(seed_tokens, "OpenAI", relative=True)
    expected = cross.loc["openai", relative.columns] / per_doc[relative.columns] * 1e6
    np.testing.assert_allclose(relative.loc["openai"].to_numpy(), expected.to_numpy())
    whole = ct.term_by_document(seed_tokens)
    assert whole.sum(axis=1).is_monotonic_decreasing
    assert int(whole.to_numpy().sum()) == len(words)


def test_term_by_document_warns_for_an_absent_term(seed_tokens) -> None:
    from corpus_tools.kwic import NoMatchWarning

    with pytest.warns(NoMatchWarning, match="'xyzzy' matches no token"):
        table = ct.term_by_document(seed_tokens, ["xyzzy", "OpenAI"])
    assert table.loc["xyzzy"].sum() == 0
