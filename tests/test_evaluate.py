"""CoNLL 2018 scoring: hand-worked examples, the official scorer's own alignment tests, and the
official scorer itself (``udtools.udeval``, installed with stanza) as an oracle."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.conllu_io import to_conllu
from corpus_tools.evaluate import UDAlignmentError, evaluate_tokens, evaluate_ud, format_scores

GOLD_ARABIC = """\
# sent_id = s1
# text = وبالشركة تعمل.
1-3\tوبالشركة\t_\t_\t_\t_\t_\t_\t_\t_
1\tو\tوَ\tCCONJ\t_\t_\t4\tcc\t_\t_
2\tب\tبِ\tADP\t_\t_\t3\tcase\t_\t_
3\tالشركة\tشَرِكَة\tNOUN\t_\t_\t4\tobl\t_\t_
4\tتعمل\tعَمِل\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_

"""


Word = tuple[str, str | None, str | None]  # form, upos, lemma


def _table(tokens: list[tuple[str, list[Word]]], text: str) -> pd.DataFrame:
    """A minimal token table: (token text, its words) found in order in ``text``."""
    rows, pos = [], 0
    for token, words in tokens:
        start = text.index(token, pos)
        end = start + len(token)
        for form, upos, lemma in words:
            rows.append(
                {
                    "doc": "d",
                    "sentence": 0,
                    "token_start": start,
                    "token_end": end,
                    "form": form,
                    "upos": upos,
                    "lemma": lemma,
                }
            )
        pos = end
    return pd.DataFrame(rows).astype({"upos": "str", "lemma": "str"})


@pytest.fixture
def gold_arabic(tmp_path: Path) -> Path:
    path = tmp_path / "gold.conllu"
    path.write_text(GOLD_ARABIC, encoding="utf-8")
    return path


def _scores(table: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    return {
        r.metric: (float(r.precision), float(r.recall), float(r.f1))
        for r in table.itertuples()
        if r.precision is not pd.NA
    }


def test_hand_worked_rules_like_system(gold_arabic: Path) -> None:
    # one orthographic token per word: Tokens all right; the gold MWT و+ب+الشركة shares no
    # word form with وبالشركة (LCS 0), so 2 of 3 system and 2 of 5 gold words align.
    text = "وبالشركة تعمل."
    words = [("وبالشركة", [("وبالشركة", None, None)]), ("تعمل", [("تعمل", None, None)])]
    table = _table([*words, (".", [(".", None, None)])], text)
    s = _scores(evaluate_tokens(table, gold_arabic, text))
    assert s["Tokens"] == pytest.approx((1.0, 1.0, 1.0))
    assert s["Words"] == pytest.approx((2 / 3, 2 / 5, 0.5))
    assert "UPOS" not in s  # no tags: NA, not zero


def test_hand_worked_stanza_like_system(gold_arabic: Path) -> None:
    # و + بالشركة inside the multi-word span: LCS with و ب الشركة is 1 (و); تعمل and . by span.
    # Words 3 correct of 4 system / 5 gold; UPOS right for و and . (تعمل tagged NOUN);
    # lemma right for و and . (عمل lacks the gold diacritics).
    text = "وبالشركة\n  تعمل."  # a line wrap: the alignment ignores white space
    table = _table(
        [
            ("وبالشركة", [("و", "CCONJ", "وَ"), ("بالشركة", "NOUN", "شَرِكَة")]),
            ("تعمل", [("تعمل", "NOUN", "عمل")]),
            (".", [(".", "PUNCT", ".")]),
        ],
        text,
    )
    s = _scores(evaluate_tokens(table, gold_arabic, text))
    assert s["Tokens"] == pytest.approx((1.0, 1.0, 1.0))
    assert s["Sentences"] == pytest.approx((1.0, 1.0, 1.0))
    assert s["Words"] == pytest.approx((3 / 4, 3 / 5, 6 / 9))
    assert s["UPOS"] == pytest.approx((2 / 4, 2 / 5, 4 / 9))
    assert s["Lemmas"] == pytest.approx((2 / 4, 2 / 5, 4 / 9))


def test_different_text_is_an_error_naming_the_place(gold_arabic: Path) -> None:
    text = "وبالشركة تعمل!"
    words = [("وبالشركة", [("وبالشركة", None, None)]), ("تعمل", [("تعمل", None, None)])]
    table = _table([*words, ("!", [("!", None, None)])], text)
    with pytest.raises(UDAlignmentError, match=r"character 12: gold '\.'.*system '!'"):
        evaluate_tokens(table, gold_arabic, text)


# The official scorer's unit tests (conll18_ud_eval.py, class TestAlignment): "abc a b c" is a
# multi-word token abc with words a b c; the last value is the number of aligned words.
OFFICIAL_CASES = [
    (["a"], ["a"], 1),
    (["a", "b", "c"], ["a", "b", "c"], 3),
    (["abc a b c"], ["a", "b", "c"], 3),
    (["a", "bc b c", "d"], ["a", "b", "c", "d"], 4),
    (["abcd a b c d"], ["ab a b", "cd c d"], 4),
    (["abc a b c", "de d e"], ["a", "bcd b c d", "e"], 5),
    (["abcd"], ["a", "b", "c", "d"], 0),
    (["abc", "d"], ["a", "b", "c", "d"], 1),
    (["a", "bc", "d"], ["a", "b", "c", "d"], 2),
    (["a", "bc b c", "d"], ["a", "b", "cd"], 2),
    (["abc a BX c", "def d EX f"], ["ab a b", "cd c d", "ef e f"], 4),
    (["ab a b", "cd bc d"], ["a", "bc", "d"], 2),
    (["a", "bc b c", "d"], ["ab AX BX", "cd CX a"], 1),
]


def _conllu(words: list[str]) -> str:
    lines, n = [], 0
    for w in words:
        parts = w.split(" ")
        if len(parts) == 1:
            n += 1
            lines.append(f"{n}\t{w}\t_\t_\t_\t_\t{int(n > 1)}\t_\t_\t_")
        else:
            lines.append(f"{n + 1}-{n + len(parts) - 1}\t{parts[0]}\t_\t_\t_\t_\t_\t_\t_\t_")
            for p in parts[1:]:
                n += 1
                lines.append(f"{n}\t{p}\t_\t_\t_\t_\t{int(n > 1)}\t_\t_\t_")
    return "\n".join([*lines, "", ""])


def _system_table(words: list[str]) -> tuple[pd.DataFrame, str]:
    text = " ".join(w.split(" ")[0] for w in words)
    rows, pos = [], 0
    for w in words:
        parts = w.split(" ")
        token, forms = parts[0], parts[1:] or parts
        start = text.index(token, pos)
        rows.extend(
            {
                "doc": "d",
                "sentence": 0,
                "token_start": start,
                "token_end": start + len(token),
                "form": f,
                "upos": None,
                "lemma": None,
            }
            for f in forms
        )
        pos = start + len(token)
    return pd.DataFrame(rows).astype({"upos": "str", "lemma": "str"}), text


@pytest.mark.parametrize(
    ("gold", "system", "correct"),
    [
        pytest.param(*c, id=f"conll18_ud_eval-TestAlignment-{i}")
        for i, c in enumerate(OFFICIAL_CASES)
    ],
)
def test_official_alignment_cases(
    tmp_path: Path, gold: list[str], system: list[str], correct: int
) -> None:
    path = tmp_path / "g.conllu"
    path.write_text(_conllu(gold), encoding="utf-8")
    table, text = _system_table(system)
    n_gold = sum(max(1, len(w.split(" ")) - 1) for w in gold)
    n_sys = sum(max(1, len(w.split(" ")) - 1) for w in system)
    words = evaluate_tokens(table, path, text).set_index("metric").loc["Words"]
    assert (words["gold"], words["system"], words["correct"]) == (n_gold, n_sys, correct)
    assert float(words["f1"]) == pytest.approx(2 * correct / (n_gold + n_sys))


def test_official_scorer_rejects_what_we_reject(tmp_path: Path) -> None:
    path = tmp_path / "g.conllu"
    path.write_text(_conllu(["a"]), encoding="utf-8")
    table, text = _system_table(["b"])
    with pytest.raises(UDAlignmentError):
        evaluate_tokens(table, path, text)


def _official(gold: Path, system_conllu: str) -> dict[str, tuple[int, int, int]]:
    udeval = pytest.importorskip("udtools.udeval", reason="the official scorer ships with stanza")
    with gold.open(encoding="utf-8") as fh:  # load_conllu_file would leave the file open
        gold_ud = udeval.load_conllu(fh, str(gold), {})
    ev = udeval.evaluate(gold_ud, udeval.load_conllu(io.StringIO(system_conllu), "sys", {}))
    return {
        m: (ev[m].gold_total, ev[m].system_total, ev[m].correct)
        for m in ("Tokens", "Sentences", "Words", "UPOS", "Lemmas")
    }


def _ours(scores: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    return {r.metric: (r.gold, r.system, r.correct) for r in scores.itertuples()}


@pytest.fixture(scope="module")
def pud(pud_test: tuple[Path, Path]) -> tuple[Path, Path]:
    return pud_test


def test_rules_on_pud_test_matches_official_scorer(pud: tuple[Path, Path]) -> None:
    from corpus_tools.annotate import annotate
    from corpus_tools.corpus import load_corpus

    gold, text = pud
    doc = load_corpus([text])[0]
    tokens = annotate(doc, "rules")
    ours = evaluate_tokens(tokens, gold, doc)
    assert _ours(ours) == _official(gold, to_conllu(tokens, text=doc, flat_tree=True))
    assert ours.attrs["signature"].startswith("annotator:rules|")
    assert "gold:test.conllu|scorer:conll18|version:" in ours.attrs["signature"]
    f1 = ours.set_index("metric")["f1"]
    assert f1["Tokens"] > 0.99  # rules tokens are orthographic words: the UD tokens
    assert pd.isna(f1["UPOS"])


@pytest.mark.stanza
def test_stanza_on_pud_test_matches_official_scorer(
    pud: tuple[Path, Path], stanza_dir: Path, tmp_path: Path
) -> None:
    from corpus_tools.annotate import annotate
    from corpus_tools.corpus import load_corpus

    gold, text = pud
    doc = load_corpus([text])[0]
    tokens = annotate(
        doc, "stanza", model_dir=stanza_dir, cache_dir=tmp_path, paragraphs="blank", threads=1
    )
    ours = evaluate_tokens(tokens, gold, doc)
    assert _ours(ours) == _official(gold, to_conllu(tokens, text=doc, flat_tree=True))
    # and the one-call API gives the same table (reading the cache just written)
    again = evaluate_ud(gold, text, "stanza", model_dir=stanza_dir, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again, ours)
    assert "| Words |" in format_scores(ours)
