"""The rules annotator: lossless offsets, token shapes, clitics on Latin words, sentences."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SENTENCES
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.tokenize import TOKEN_COLUMNS, tokenize_text


def surfaces(text: str) -> list[str]:
    """Orthographic tokens (clitic segmentation is tested in test_segment.py)."""
    return list(tokenize_text(text, segmentation="orthographic")["surface"])


def assert_lossless(text: str, table: pd.DataFrame) -> None:
    for s, e, surf, ts, te in table[
        ["start", "end", "surface", "token_start", "token_end"]
    ].itertuples(index=False):
        assert text[s:e] == surf
        assert ts <= s < e <= te


# Arabic letters, Latin, digits, emoji, combining marks, bidi controls, tatweel, punctuation.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىٱ")
    + list("abcXYZé")
    + list("0123٠١٢۳")
    + [
        "ـ",
        "\u064e",
        "\u0651",
        "\u0301",
        "\u200c",
        "\u200d",
        "\u200f",
        "\u202b",
        "\u2066",
        "\u200b",
    ]
    + list(" \n\t.,،؛؟!«»\"'’-&()[]:")
    + ["😀", "\ufe0f", "\U0001f44d\U0001f3fd", "\ufefb", "中"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_offsets_lossless_on_mixed_text(text):
    table = tokenize_text(text)
    assert_lossless(text, table)
    # orthographic tokens are ordered, non-overlapping, and only separators fall between them
    # (a restored article word, ل + الشركة, spans its whole token, so words may overlap)
    tokens = table.drop_duplicates(["token_start", "token_end"])
    assert (tokens["token_start"].to_numpy()[1:] >= tokens["token_end"].to_numpy()[:-1]).all()
    starts, ends = table["start"].to_numpy(), table["end"].to_numpy()
    covered = set()
    for s, e in zip(starts, ends, strict=True):
        covered.update(range(s, e))
    for i, ch in enumerate(text):
        if i not in covered:
            assert (
                ch.isspace()
                or ch
                in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
            )


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80))
def test_offsets_lossless_on_arbitrary_unicode(text):
    assert_lossless(text, tokenize_text(text))


def test_offsets_lossless_on_seeds(corpus, seed_tokens):
    texts = {d.id: d.text for d in corpus}
    for doc_id, group in seed_tokens.groupby("doc"):
        assert_lossless(texts[doc_id], group)
    assert list(seed_tokens.columns) == list(TOKEN_COLUMNS)
    assert (
        seed_tokens.attrs["signature"]
        == "annotator:rules|segmentation:clitics|norm:nfkc+ctl+dia+tat+alef+ya+dig+lc|"
        f"version:{ct.__version__}"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Fortune.com", ["Fortune.com"], id="domain"),
        pytest.param("l’action sur l’IA", ["l’action", "sur", "l’IA"], id="french-elision"),
        pytest.param("نموذج “o1” من", ["نموذج", "“", "o1", "”", "من"], id="digit-in-name"),
        pytest.param("Hugging Face،", ["Hugging", "Face", "،"], id="two-tokens-arabic-comma"),
        pytest.param("DALL-E وGPT-4.", ["DALL-E", "و", "GPT-4", "."], id="hyphens"),
        pytest.param("3.5 مليار و1,000", ["3.5", "مليار", "و", "1,000"], id="numbers"),
        pytest.param("(SAIA)؟", ["(", "SAIA", ")", "؟"], id="brackets-arabic-question"),
        pytest.param("ولد وقال", ["ولد", "وقال"], id="no-arabic-over-segmentation"),
        pytest.param(
            "«لوبي الشركات»؛", ["«", "لوبي", "الشركات", "»", "؛"], id="guillemets-semicolon"
        ),
        pytest.param("الذكـــاء", ["الذكـــاء"], id="tatweel-inside-word"),
        pytest.param("كَتَبَ", ["كَتَبَ"], id="diacritics-inside-word"),
        pytest.param("می\u200cخواهم", ["می\u200cخواهم"], id="zwnj-inside-word"),
        pytest.param("\u200fOpenAI\u200f", ["OpenAI"], id="bidi-marks-separate"),
        pytest.param(
            "co\u00adop word\u2060joiner",
            ["co\u00adop", "word\u2060joiner"],
            id="soft-hyphen-word-joiner",
        ),
    ],
)
def test_token_shapes(text, expected):
    assert surfaces(text) == expected


@pytest.mark.parametrize(
    ("text", "clitic", "word"),
    [
        pytest.param("وIntel", "و", "Intel", id="wa-Intel"),
        pytest.param("وMeta", "و", "Meta", id="wa-Meta"),
        pytest.param("لـSora", "لـ", "Sora", id="li-tatweel-Sora"),
        pytest.param("بـOpenAI", "بـ", "OpenAI", id="bi-tatweel-OpenAI"),
        pytest.param("وللOpenAI", "ولل", "OpenAI", id="wa-lil-OpenAI"),
        pytest.param("و11", "و", "11", id="wa-number"),
    ],
)
def test_proclitics_on_latin_words(text, clitic, word):
    table = tokenize_text("قال " + text + " اليوم")
    row = table[table["surface"] == word].iloc[0]
    cl = table[table["surface"] == clitic].iloc[0]
    assert bool(cl["clitic"])
    assert not bool(row["clitic"])
    assert (cl["part"], row["part"]) == (0, 1)
    # exact spans; the two words share the orthographic token's span
    assert (cl["start"], cl["end"], row["start"], row["end"]) == (
        4,
        4 + len(clitic),
        4 + len(clitic),
        4 + len(text),
    )
    assert (
        (cl["token_start"], cl["token_end"])
        == (row["token_start"], row["token_end"])
        == (4, 4 + len(text))
    )


def test_detached_clitic_and_non_clitics():
    table = tokenize_text("الخاصة بـ Sora وشركةOpenAI", segmentation="orthographic")
    by = dict(zip(table["surface"], table["clitic"], strict=True))
    assert by["بـ"]
    assert not by["Sora"]
    assert not by["وشركة"]  # not a proclitic sequence: stays a word of its own


def test_clitics_in_seeds(seed_tokens):
    clitics = seed_tokens[seed_tokens["clitic"]]
    nxt = seed_tokens.set_index(["doc", "index"])["surface"]
    pairs = {(r.surface, nxt[(r.doc, r.index + 1)]) for r in clitics.itertuples()}
    assert {("و", "Meta"), ("و", "Intel"), ("لـ", "Sora"), ("بـ", "Sora"), ("و", "OpenAI")} <= pairs


def test_sentences():
    text = 'قال: "نحن هنا". وبعد؟ نعم!\nسطر جديد بلا نقطة\nOpenAI.وفي 3.5 مليار'
    table = tokenize_text(text, segmentation="orthographic")
    sent = table.groupby("sentence")["surface"].apply(" ".join).tolist()
    assert sent == [
        'قال : " نحن هنا " .',
        "وبعد ؟",
        "نعم !",
        "سطر جديد بلا نقطة",
        "OpenAI .",
        "وفي 3.5 مليار",
    ]


def test_scripts():
    table = tokenize_text("شركة OpenAI 2024 ، 😀 中 ــ")
    assert list(table["script"]) == ["arabic", "latin", "digit", "punct", "other", "other", "punct"]


def test_norm_column_keeps_surface(seed_tokens):
    row = seed_tokens[seed_tokens["surface"] == "أثارت"].iloc[0]
    assert row["norm"] == "اثارت"
    assert seed_tokens["lemma"].isna().all()
    assert seed_tokens["upos"].isna().all()


def test_empty_text():
    table = tokenize_text("")
    assert len(table) == 0
    assert list(table.columns) == list(TOKEN_COLUMNS)


def test_cli_tokens_jsonl(seeds_dir, capsys):
    from corpus_tools.cli import main

    path = seeds_dir / "001_d764068c8b4cb97f.txt"
    assert main(["tokens", str(path), "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    text = path.read_text("utf-8")
    assert lines[0]["doc"] == "001_d764068c8b4cb97f.txt"
    assert {"doc", "start", "end", "surface", "norm", "script"} <= set(lines[0])
    assert all(text[r["start"] : r["end"]] == r["surface"] for r in lines)
    assert [r["surface"] for r in lines[:4]] == ["أعلنت", "IBM", "و", "Meta"]


def test_cli_user_errors_are_one_line(tmp_path, capsys):
    from corpus_tools.cli import main

    assert main(["tokens", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "missing.txt: no such file or folder" in err
    assert "Traceback" not in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ab\xfe")
    assert main(["tokens", str(bad)]) == 2
    assert "invalid UTF-8 at byte offset 2" in capsys.readouterr().err


def test_fixture_sentences_lossless():
    for text in SENTENCES.values():
        assert_lossless(text, tokenize_text(text))


def test_character_classes_built_with_arrays_equal_the_rules():
    """The vectorised lookup table is :func:`_classify` applied to every BMP code point."""
    import importlib

    tk = importlib.import_module("corpus_tools.tokenize")
    by_rule = np.array([tk._classify(c) for c in range(0x10000)], dtype=np.uint8)
    np.testing.assert_array_equal(tk._bmp_classes(), by_rule)


def test_token_table_is_lean_and_dictionary_encoded():
    """String columns are categories over ``str``; a token costs well under 80 bytes."""
    words = ["الذكاء", "الاصطناعي", "OpenAI", "،", "ChatGPT", "قال", "2024", "."]
    text = "\n".join(" ".join(words[(i + k) % 8] for k in range(40)) for i in range(500))
    table = tokenize_text(text, doc="d")
    for column, dtype in TOKEN_COLUMNS.items():
        assert str(table[column].dtype) == dtype, column
    assert table["surface"].cat.categories.dtype == "str"
    assert list(table["surface"].cat.categories) == sorted(set(words))
    bytes_per_token = table.memory_usage(deep=True).sum() / len(table)
    assert bytes_per_token <= 80, bytes_per_token
    assert (table["surface"].astype("str") == table["form"].astype("str")).all()


def test_paragraphs_blank_for_hard_wrapped_text():
    text = "سطر أول\nيتابع هنا. جملة\r\nثانية\r\n\r\nفقرة ثالثة\nبلا نقطة"

    def sentences(mode):
        table = tokenize_text(text, segmentation="orthographic", paragraphs=mode)
        return table.groupby("sentence")["surface"].apply(" ".join).tolist()

    # single line breaks (LF or CR LF) are wraps; a blank line or a full stop ends a sentence
    assert sentences("blank") == [
        "سطر أول يتابع هنا .", "جملة ثانية", "فقرة ثالثة بلا نقطة"
    ]  # fmt: skip
    assert sentences("line") == [
        "سطر أول", "يتابع هنا .", "جملة", "ثانية", "فقرة ثالثة", "بلا نقطة"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="paragraphs must be one of"):
        tokenize_text(text, paragraphs="wrap")
