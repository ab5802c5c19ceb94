"""Concordances: exact text around each match, checked against the raw seed texts."""

from __future__ import annotations

import html
import json
import re

import pytest

from corpus_tools.cli import main
from corpus_tools.kwic import KwicTable, kwic
from corpus_tools.tokenize import tokenize_text

OPENAI = re.compile(r"(?<![A-Za-z])OpenAI(?![A-Za-z])")


def test_openai_lines_are_exact(corpus, seed_tokens) -> None:
    table = kwic(seed_tokens, "OpenAI", corpus=corpus, window=5)
    expected = [(d.id, m.start()) for d in corpus for m in OPENAI.finditer(d.text)]
    assert list(zip(table["doc"], table["start"], strict=True)) == expected
    assert len(table) == 25
    for row in table.itertuples():
        text = corpus[row.doc].text
        assert row.match == "OpenAI" == text[row.start : row.end]
        assert text[row.start - len(row.left) : row.start] == row.left
        assert text[row.end : row.end + len(row.right)] == row.right


def test_openai_context_computed_independently(corpus, seed_tokens) -> None:
    # The first OpenAI of seed 000 ends the title line; neither side holds punctuation, so five
    # words of context are five white-space-separated words, whatever the tokeniser does.
    doc = corpus[0]
    m = next(OPENAI.finditer(doc.text))
    left = re.search(r"(\S+\s+){5}$", doc.text[: m.start()]).group(0)
    right = re.match(r"(\s+\S+){5}", doc.text[m.end() :]).group(0)
    assert left == "للجدل لإنشاء مقاطع الفيديو من "
    assert right == "\nأثار تسريب حديث لأداة الذكاء"
    row = kwic(seed_tokens, "OpenAI", corpus=corpus, window=5).iloc[0]
    assert (row["left"], row["match"], row["right"]) == (left, "OpenAI", right)


def test_punctuation_does_not_use_up_the_window(corpus, seed_tokens) -> None:
    # «شركة OpenAI، أن الشركة» : the comma comes with the text but is not one of the 3 words.
    table = kwic(seed_tokens, "OpenAI", corpus=corpus, window=3)
    row = table[table["right"].str.startswith("، أن")].iloc[0]
    assert row["right"] == "، أن الشركة أرجأت"
    with_punct = kwic(seed_tokens, "OpenAI", corpus=corpus, window=3, count_punct=True)
    assert with_punct.loc[row.name, "right"] == "، أن الشركة"


def test_multiword_query(corpus, seed_tokens) -> None:
    expected = sum(len(re.findall(r"شركة OpenAI(?![A-Za-z])", d.text)) for d in corpus)
    table = kwic(seed_tokens, "شركة OpenAI", corpus=corpus, window=2)
    assert len(table) == expected > 0
    assert set(table["match"]) == {"شركة OpenAI"}


def test_norm_and_regex_queries(corpus, seed_tokens) -> None:
    by_norm = kwic(seed_tokens, "openai", corpus=corpus, by="norm")
    assert len(by_norm) == 25
    google = kwic(seed_tokens, "جوجل", corpus=corpus, by="norm")
    assert len(google) == 8
    rx = kwic(seed_tokens, "Open[A-Za-z]*", corpus=corpus, regex=True, by="surface")
    assert set(kwic(seed_tokens, "OpenAI", corpus=corpus)["start"]) <= set(rx["start"])
    assert all(m.startswith("Open") for m in rx["match"])
    with pytest.raises(ValueError, match="invalid regular expression"):
        kwic(seed_tokens, "Open(", corpus=corpus, regex=True, by="surface")


def test_window_zero_and_document_edges() -> None:
    text = "OpenAI أعلنت، ثم OpenAI"
    tokens = tokenize_text(text, doc="x")
    table = kwic(tokens, "OpenAI", corpus=text, window=0)
    assert table[["left", "right"]].to_numpy().tolist() == [["", ""], ["", ""]]
    table = kwic(tokens, "OpenAI", corpus={"x": text}, window=10)
    assert table["left"].tolist() == ["", "OpenAI أعلنت، ثم "]
    assert table["right"].tolist() == [" أعلنت، ثم OpenAI", ""]


def test_context_never_crosses_documents(corpus, seed_tokens) -> None:
    table = kwic(seed_tokens, "OpenAI", corpus=corpus, window=10_000)
    for row in table.itertuples():
        text = corpus[row.doc].text
        assert (
            row.left + row.match + row.right
            == text[row.start - len(row.left) : row.end + len(row.right)]
        )
        assert len(row.left) <= row.start


def test_html_is_rtl_and_exact(corpus, seed_tokens) -> None:
    table = kwic(seed_tokens, "OpenAI", corpus=corpus, window=5)
    assert isinstance(table, KwicTable)
    page = table._repr_html_()
    assert 'dir="rtl"' in page
    assert '<bdi dir="rtl">' in page
    assert "unicode-bidi:isolate" in page
    row = table.iloc[1]
    assert "\n" not in row["left"] + row["right"]
    for text in (row["left"], row["match"], row["right"]):
        assert f'<bdi dir="rtl">{html.escape(text, quote=False)}</bdi>' in page
    assert '<bdi dir="rtl">للجدل لإنشاء مقاطع الفيديو من </bdi>' in page
    # A context that starts with a Latin word keeps the right-to-left direction.
    narrow = kwic(seed_tokens, "OpenAI", corpus=corpus, window=3)
    assert narrow.loc[1, "left"] == "Sora من شركة "
    assert '<bdi dir="rtl">Sora من شركة </bdi>' in narrow._repr_html_()
    # Sub-tables still render (a slice keeps the class); without context columns, plain HTML.
    assert 'dir="rtl"' in table.head(2)._repr_html_()
    assert 'dir="rtl"' not in table[["doc", "start"]]._repr_html_()


def test_signature_and_errors(corpus, seed_tokens) -> None:
    table = kwic(seed_tokens, "OpenAI", corpus=corpus)
    assert table.attrs["signature"].startswith("annotator:rules")
    assert "analysis:kwic|query:OpenAI|by:norm" in table.attrs["signature"]
    with pytest.raises(ValueError, match="no text for document"):
        kwic(seed_tokens, "OpenAI", corpus={"x": "y"})
    with pytest.raises(ValueError, match="tokens and corpus do not match"):
        kwic(seed_tokens, "OpenAI", corpus={d.id: d.text[::-1] for d in corpus})


def test_cli_kwic(seeds_dir, corpus, capsys) -> None:
    files = [str(p) for p in sorted(seeds_dir.glob("*.txt"))]
    assert main(["kwic", *files, "OpenAI", "--window", "3"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 25
    first = lines[0]
    assert first["doc"] == corpus[0].name
    assert (first["left"], first["match"], first["right"]) == (
        "مقاطع الفيديو من ",
        "OpenAI",
        "\nأثار تسريب حديث",
    )


def test_kwic_from_the_token_table_alone(corpus, seed_tokens) -> None:
    with_text = kwic(seed_tokens, "OpenAI", corpus=corpus, window=3)
    alone = kwic(seed_tokens, "OpenAI", window=3)
    assert list(alone["start"]) == list(with_text["start"])
    assert list(alone["match"]) == list(with_text["match"])
    # the same words; white space between them rebuilt as single spaces
    squeeze = lambda s: " ".join(s.split())
    assert [squeeze(x) for x in alone["left"]] == [squeeze(x) for x in with_text["left"]]
    assert [squeeze(x) for x in alone["right"]] == [squeeze(x) for x in with_text["right"]]


def test_kwic_window_counts_orthographic_tokens(corpus, seed_tokens) -> None:
    # "للجدل لإنشاء" are two tokens (four words after clitic segmentation): the window of five
    # still shows five white-space-separated words, as with orthographic tokens
    ortho = tokenize_text(corpus[0].text, segmentation="orthographic")
    a = kwic(seed_tokens[seed_tokens.doc == corpus[0].id], "OpenAI", corpus=corpus, window=5)
    b = kwic(ortho.assign(doc=corpus[0].id), "OpenAI", corpus=corpus, window=5)
    assert a.loc[0, "left"] == b.loc[0, "left"] == "للجدل لإنشاء مقاطع الفيديو من "


def test_query_without_match_warns(seed_tokens) -> None:
    from corpus_tools.kwic import NoMatchWarning

    with pytest.warns(NoMatchWarning, match="'Opnai' matches no token"):
        assert kwic(seed_tokens, "Opnai").empty
