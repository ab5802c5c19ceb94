"""Clitic segmentation of the rules annotator: cases worked by hand, offsets, both code paths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools import segment
from corpus_tools.segment import segment_word
from corpus_tools.tokenize import tokenize_text

UD = Path(__file__).resolve().parent / "data" / "ud" / "pud_padt_style"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # native words that begin with a proclitic letter stay whole
        pytest.param("ولد", ["ولد"], id="walad-whole"),
        pytest.param("بلد", ["بلد"], id="balad-whole"),
        pytest.param("كتب", ["كتب"], id="kataba-whole"),
        pytest.param("فيلم", ["فيلم"], id="film-whole"),
        # proclitics, one word each; the article stays on its word
        pytest.param("وقال", ["و", "قال"], id="wa-qala"),
        pytest.param("والتي", ["و", "التي"], id="wa-allati"),
        pytest.param("بالذكاء", ["ب", "الذكاء"], id="bi-aldhaka"),
        pytest.param("فإن", ["ف", "إن"], id="fa-inna"),
        pytest.param("سيكون", ["س", "يكون"], id="sa-yakunu"),
        # ل + ال: the article's alef is restored in form
        pytest.param("للشركة", ["ل", "الشركة"], id="li-alsharika-restored"),
        pytest.param("وللشركة", ["و", "ل", "الشركة"], id="wa-li-alsharika"),
        pytest.param("للذكاء", ["ل", "الذكاء"], id="li-aldhaka"),
        # pronominal enclitics
        pytest.param("نشرتها", ["نشرت", "ها"], id="nasharat-ha"),
        pytest.param("حكومته", ["حكومت", "ه"], id="hukumat-hu-ta-marbuta"),
        pytest.param("عليه", ["علي", "ه"], id="ala-hi-alef-maqsura"),
        pytest.param("أنه", ["أن", "ه"], id="anna-hu"),
        pytest.param("به", ["ب", "ه"], id="bi-hi-pronoun-only"),
        pytest.param("لها", ["ل", "ها"], id="la-ha-pronoun-only"),
        # an enclitic never follows the article
        pytest.param("الكتابه", ["الكتابه"], id="no-enclitic-after-article"),
    ],
)
def test_segment_word_hand_worked(word: str, expected: list[str]) -> None:
    assert segment_word(word) == expected


def test_latin_clitic_still_split_and_arabic_words_segmented() -> None:
    table = tokenize_text("قال وMeta وللشركة ولد")
    rows = table[["surface", "form", "start", "end", "clitic", "part"]].to_numpy().tolist()
    assert rows == [
        ["قال", "قال", 0, 3, False, 0],
        ["و", "و", 4, 5, True, 0],
        ["Meta", "Meta", 5, 9, False, 1],
        ["و", "و", 10, 11, True, 0],
        ["ل", "ل", 11, 12, True, 1],
        # not a contiguous piece: the restored article word keeps the token's span
        ["وللشركة", "الشركة", 10, 17, False, 2],
        ["ولد", "ولد", 18, 21, False, 0],
    ]
    assert table["norm"].tolist()[5] == "الشركة"
    assert (table["token_start"].tolist()[3:6], table["token_end"].tolist()[3:6]) == (
        [10, 10, 10],
        [17, 17, 17],
    )
    assert table["index"].tolist() == list(range(7))


def test_marks_stay_with_their_letters() -> None:
    text = "وَقَالَ بالذكـاء"
    table = tokenize_text(text)
    assert table["surface"].tolist() == ["وَ", "قَالَ", "ب", "الذكـاء"]
    assert table["norm"].tolist() == ["و", "قال", "ب", "الذكاء"]
    for s, e, surface in table[["start", "end", "surface"]].itertuples(index=False):
        assert text[s:e] == surface


def test_orthographic_option_and_signature() -> None:
    table = tokenize_text("وقال للشركة", segmentation="orthographic")
    assert table["surface"].tolist() == ["وقال", "للشركة"]
    assert "segmentation:orthographic" in table.attrs["signature"]
    assert "segmentation:clitics" in tokenize_text("وقال").attrs["signature"]
    with pytest.raises(ValueError, match="segmentation must be one of"):
        tokenize_text("وقال", segmentation="words")


def test_seed_counts_include_clitic_forms(seed_tokens) -> None:
    # grep on the seeds: الذكاء 97 + للذكاء 13 + بالذكاء 5 = 115; OpenAI 25 (with وOpenAI)
    wl = ct.frequencies(seed_tokens, by="norm", exclude="punct").set_index("term")
    assert wl.loc["الذكاء", "freq"] == 115
    assert wl.loc["openai", "freq"] == 25


def test_vectorised_and_word_by_word_paths_agree(seed_tokens) -> None:
    rng = np.random.default_rng(0)
    letters = np.array(list("وفبلكسالتيهمناةرد"))
    random_words = ["".join(rng.choice(letters, rng.integers(1, 9))) for _ in range(2000)]
    seeds = seed_tokens.loc[seed_tokens["script"] == "arabic", "surface"].unique().tolist()
    words = pd.Series(sorted(set(seeds + random_words)), dtype="str")
    assert len(words) >= segment.SMALL
    skeleton = words.str.replace("[^\u0621-\u064a]", "", regex=True)
    best = segment._best_splits(segment._arrow(skeleton))
    fast = list(zip(best.n_proclitics, best.suffix_len, best.restore, strict=True))
    slow = [segment._best_split_of(w) for w in skeleton.tolist()]
    assert [(int(a), int(b), bool(c)) for a, b, c in fast] == slow
    assert sum(a > 0 or b > 0 for a, b, _ in slow) >= 100  # many words do split


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("وفبلكسالتيهمنا ـَ.Meta")), max_size=40).map("".join))
def test_offsets_lossless_with_many_clitics(text: str) -> None:
    table = tokenize_text(text)
    for s, e, surface, ts, te in table[
        ["start", "end", "surface", "token_start", "token_end"]
    ].itertuples(index=False):
        assert text[s:e] == surface
        assert ts <= s < e <= te
    # the words of a token are its orthographic token, cut in order (or the whole token)
    ortho = tokenize_text(text, segmentation="orthographic")
    spans = set(zip(ortho["token_start"], ortho["token_end"], strict=True))
    assert set(zip(table["token_start"], table["token_end"], strict=True)) == spans


def test_ud_words_f1_when_the_sample_is_present() -> None:
    gold, text = UD / "test.conllu", UD / "test.txt"
    if not (gold.is_file() and text.is_file()):
        pytest.skip(f"no UD test split with its text in {UD}")
    from corpus_tools.evaluate import evaluate_ud

    scores = evaluate_ud(gold, text, annotator="rules").set_index("metric")
    assert scores.loc["Words", "f1"] >= 0.93  # 0.9688 when written (orthographic: 0.8033)
    assert scores.loc["Tokens", "f1"] == pytest.approx(0.9992, abs=5e-5)
