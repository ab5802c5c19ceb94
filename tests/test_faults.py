"""Fault injection: hostile folders, files, gold files and options done to the package.

Every case asserts one of two outcomes: the correct output, or a clear error (naming the file
and the position or the option) with a non-zero exit — never a wrong answer with exit 0, never
a user file lost. Cases are grouped by what is attacked; the ids say what each one does.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.cli import main
from corpus_tools.corpus import CorpusError, load_corpus, residue_spans
from corpus_tools.gold import CATEGORIES, GoldError, read_gold
from corpus_tools.tokenize import tokenize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "seeds_brand_gold.jsonl"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

ARABIC = "أعلنت الشركة عن نموذج جديد"
TITLE = "عنوان الخبر"


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# --- hostile folders ---------------------------------------------------------------------------
def test_folder_rule_reads_txt_in_any_case_and_says_what_it_skipped(tmp_path, capsys):
    _write(tmp_path / "a.txt", ARABIC)
    _write(tmp_path / "D.TXT", "Intel " + ARABIC)
    _write(tmp_path / "b.md", "# notes")
    _write(tmp_path / "c.json", "{}")
    _write(tmp_path / ".hidden.txt", "secret")
    (tmp_path / "x.txt").mkdir()  # a folder named like a text
    _write(tmp_path / "x.txt" / "inner.txt", "not read: folders are not descended")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ["D", "a"]  # sorted by file name (code point order)
    skipped = {s.path.name: s.reason for s in corpus.skipped}
    assert skipped == {
        ".hidden.txt": "hidden",
        "b.md": "not *.txt",
        "c.json": "not *.txt",
        "x.txt": "a folder",
    }
    code, out, err = _cli(["tokens", str(tmp_path)], capsys)
    assert code == 0
    assert "note: 4 folder entries not read: .hidden.txt (hidden), b.md (not *.txt)" in err
    assert {json.loads(line)["doc"] for line in out.splitlines()} == {"a.txt", "D.TXT"}


def test_folder_with_nothing_readable_names_what_it_holds(tmp_path):
    with pytest.raises(CorpusError, match=r"holds no \*\.txt files \(it is empty\)"):
        load_corpus(tmp_path)
    _write(tmp_path / "notes.md", "x")
    with pytest.raises(CorpusError, match=r"holds no \*\.txt files \(it holds only notes\.md"):
        load_corpus(tmp_path)


def test_symlink_loop_is_named(tmp_path, capsys):
    _write(tmp_path / "a.txt", ARABIC)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(CorpusError, match=r"loop\.txt: symbolic link loop"):
        load_corpus(tmp_path)
    code, out, err = _cli(["tokens", str(tmp_path / "loop.txt")], capsys)
    assert (code, out) == (2, "")
    assert "loop.txt: symbolic link loop" in err


def test_broken_symlink_is_named(tmp_path):
    _write(tmp_path / "a.txt", ARABIC)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(CorpusError, match=r"gone\.txt: broken symbolic link"):
        load_corpus(tmp_path)


def _deny(monkeypatch: pytest.MonkeyPatch, name: str, target: Path, owner: object) -> None:
    """Make ``owner.name(target)`` fail as it does without the permission (we may run as root)."""
    real = getattr(owner, name)

    def denied(self_or_path, *args, **kwargs):
        if Path(self_or_path) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real(self_or_path, *args, **kwargs)

    monkeypatch.setattr(owner, name, denied)


def test_unreadable_folder_says_permission_denied(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    folder.mkdir()
    _write(folder / "a.txt", ARABIC)
    _deny(monkeypatch, "scandir", folder, os)
    with pytest.raises(CorpusError, match=r"texts: cannot list the folder \(Permission denied\)"):
        load_corpus(folder)


def test_file_in_untraversable_folder_is_a_clear_error(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.txt", ARABIC)
    _deny(monkeypatch, "stat", path, Path)
    with pytest.raises(CorpusError, match=r"a\.txt: cannot be reached \(Permission denied\)"):
        load_corpus(path)


def test_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.txt", ARABIC)
    _deny(monkeypatch, "read_bytes", path, Path)
    with pytest.raises(CorpusError, match=r"a\.txt: cannot be read \(Permission denied\)"):
        load_corpus(tmp_path)


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their permissions")
def test_real_permissions(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    _write(folder / "a.txt", ARABIC)
    folder.chmod(0)
    try:
        with pytest.raises(CorpusError, match="cannot list the folder"):
            load_corpus(folder)
        with pytest.raises(CorpusError, match="cannot be reached"):
            load_corpus(folder / "a.txt")
    finally:
        folder.chmod(0o755)


def test_file_name_that_is_not_utf8_is_named_printably(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a file name
    try:
        _write(tmp_path / name, ARABIC)
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    with pytest.raises(CorpusError, match=r"caf\\xe9\.txt: the file name is not valid UTF-8"):
        load_corpus(tmp_path)
    code, out, err = _cli(["tokens", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert "caf\\xe9.txt: the file name is not valid UTF-8" in err


# --- hostile encodings and control characters ------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "named"),
    [
        pytest.param(
            codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "UTF-16-LE", id="utf16le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "UTF-16-BE", id="utf16be-bom"
        ),
        pytest.param(ARABIC.encode("utf-16-le"), "UTF-16-LE (no byte-order mark)", id="utf16le"),
        pytest.param("Intel and Apple".encode("utf-16-be"), "UTF-16-BE (no", id="utf16be-latin"),
        pytest.param(codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "UTF-32-LE", id="utf32"),
        pytest.param(ARABIC.encode("cp1256"), "Windows-1256 (Arabic)", id="windows-1256"),
        pytest.param("café crème".encode("latin-1"), "Latin-1/Windows-1252", id="latin-1"),
    ],
)
def test_other_encodings_are_named(tmp_path, raw, named):
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    with pytest.raises(CorpusError, match=r"doc\.txt: ") as info:
        load_corpus(path)
    assert named in str(info.value)


def test_latin1_error_keeps_the_byte_offset(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"abc caf\xe9")
    with pytest.raises(CorpusError, match=r"invalid UTF-8 at byte offset 7 \(byte 0xe9"):
        load_corpus(path)


@pytest.mark.parametrize(
    ("control", "name"),
    [
        ("\x00", "U+0000"),
        ("\x01", "U+0001"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x9b", "U+009B"),
    ],
)
def test_control_characters_are_refused_with_offsets(tmp_path, control, name):
    path = _write(tmp_path / "doc.txt", "ab" + ARABIC[:3] + control + "x")
    # "ab" (2 bytes) + three Arabic letters (6 bytes): the control is character 5, byte 8
    with pytest.raises(
        CorpusError,
        match=rf"doc\.txt: control character {re.escape(name)} at character offset 5 \(byte offset 8\)",
    ):
        load_corpus(path)
    bom = tmp_path / "bom.txt"
    bom.write_bytes(codecs.BOM_UTF8 + control.encode("utf-8"))
    with pytest.raises(CorpusError, match=r"character offset 0 \(byte offset 3\)"):
        load_corpus(bom)


def test_white_space_controls_are_text(tmp_path):
    text = f"{TITLE}\t\x0b\x0c{ARABIC}\n"
    doc = load_corpus(_write(tmp_path / "doc.txt", text))[0]
    assert doc.text == text
    tokens = tokenize(doc)
    assert set(tokens["surface"]) == set(TITLE.split() + ARABIC.split())


# --- every Unicode line break ends a line -----------------------------------------------------
LINE_BREAKS = {
    "LF": "\n",
    "CR": "\r",
    "CRLF": "\r\n",
    "NEL": "\x85",
    "LS": "\u2028",
    "PS": "\u2029",
}


@pytest.mark.parametrize("brk", list(LINE_BREAKS.values()), ids=list(LINE_BREAKS))
def test_every_line_break_ends_a_sentence_and_a_residue_line(tmp_path, brk):
    text = brk.join([TITLE, ARABIC, "Loading", "شارك الخبر :", ""])
    doc = load_corpus(_write(tmp_path / "doc.txt", text))[0]
    assert doc.title == TITLE
    tokens = tokenize(doc)
    for row in tokens.itertuples():
        assert text[row.start : row.end] == row.surface
    sentence_of = dict(zip(tokens["surface"], tokens["sentence"], strict=False))
    # the title is its own sentence (no full stop: only the break ends it), then the body
    assert sentence_of["عنوان"] == sentence_of["الخبر"] - 3 == 0
    assert sentence_of["أعلنت"] == 1
    assert sentence_of["Loading"] == 2
    spans = residue_spans(doc)
    assert list(spans["text"]) == ["Loading", "شارك الخبر :"]
    for row in spans.itertuples():
        assert text[row.start : row.end] == row.text
    assert list(tokens.loc[tokens["residue"], "surface"]) == ["Loading", "شارك", "الخبر", ":"]


def test_residue_pattern_does_not_reach_across_lines(tmp_path):
    text = f"{TITLE}\nشارك\nالخبر\n"  # two lines, neither of them a share button
    doc = load_corpus(_write(tmp_path / "doc.txt", text))[0]
    assert residue_spans(doc).empty


# --- numbers on the command line ----------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["freq", "--limit", "-1"], id="freq-limit-negative"),
        pytest.param(["freq", "--limit", "2.5"], id="freq-limit-fraction"),
        pytest.param(["freq", "--ngram", "0"], id="freq-ngram-0"),
        pytest.param(["freq", "--ngram", "6"], id="freq-ngram-6"),
        pytest.param(["freq", "--min-freq", "0"], id="freq-min-freq-0"),
        pytest.param(["freq", "--chunks", "0"], id="freq-chunks-0"),
        pytest.param(["keyness", "--limit", "-3"], id="keyness-limit-negative"),
        pytest.param(["keyness", "--simple-maths-n", "nan"], id="keyness-smoothing-nan"),
        pytest.param(["keyness", "--simple-maths-n", "0"], id="keyness-smoothing-0"),
        pytest.param(["keyness", "--target-size", "-5"], id="keyness-target-size"),
        pytest.param(["kwic", "--window", "-1"], id="kwic-window-negative"),
        pytest.param(["collocations", "--window", "5", "-2"], id="collocations-window"),
        pytest.param(["collocations", "--min-cofreq", "0"], id="collocations-min-cofreq"),
        pytest.param(["collocations", "--top", "-1"], id="collocations-top"),
        pytest.param(["annotate", "--threads", "0"], id="annotate-threads"),
        pytest.param(["models", "status", "--timeout", "inf"], id="models-timeout"),
    ],
)
def test_bad_numbers_are_refused(argv, capsys):
    paths = {"freq": [str(SEEDS)], "kwic": [str(SEEDS), "Intel"], "annotate": [str(SEEDS)]}
    paths |= {"collocations": [str(SEEDS)], "keyness": [str(SEEDS), str(SEEDS)]}
    with pytest.raises(SystemExit) as info:
        main([*argv, *paths.get(argv[0], [])])
    assert info.value.code == 2
    err = capsys.readouterr().err
    option = next(a for a in argv if a.startswith("--"))
    assert f"argument {option}" in err
    assert "out of range" in err or "not a whole number" in err or "not a number" in err


def test_freq_limit_keeps_exactly_n_rows(capsys):
    code, full, _ = _cli(["freq", str(SEEDS)], capsys)
    assert code == 0
    rows = full.splitlines()
    for n in (0, 1, 3, len(rows), len(rows) + 5):
        code, out, _ = _cli(["freq", str(SEEDS), "--limit", str(n)], capsys)
        assert code == 0
        assert out.splitlines() == rows[:n]


# --- hostile gold files --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gold_lines() -> list[dict]:
    return [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_corpus():
    return load_corpus(SEEDS)


def _gold(tmp_path: Path, records: list, name: str = "gold.jsonl") -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return _write(tmp_path / name, "\n".join(lines) + "\n")


def _shifted(rec: dict, by: int) -> dict:
    return rec | {"start": rec["start"] + by, "end": rec["end"] + by}


HOSTILE_GOLD = {
    # name: (how to spoil the records, what the error must say about line 3)
    "off-by-one": (lambda g: [_shifted(r, 1) for r in g], "line 1: surface 'Sora' is not the text"),
    "duplicated": (lambda g: [*g[:3], g[2], *g[3:]], "line 4: the same span as line 3"),
    "out-of-range": (
        lambda g: [*g[:2], g[2] | {"start": 10**6, "end": 10**6 + 4}, *g[3:]],
        "line 3: span [1000000, 1000004) runs past the end",
    ),
    "negative": (lambda g: [*g[:2], g[2] | {"start": -4}, *g[3:]], "line 3: start -4 is negative"),
    "reversed": (
        lambda g: [*g[:2], g[2] | {"start": g[2]["end"], "end": g[2]["start"]}, *g[3:]],
        "line 3: empty or reversed span",
    ),
    "wrong-surface": (
        lambda g: [*g[:2], g[2] | {"surface": "Apple"}, *g[3:]],
        "line 3: surface 'Apple'",
    ),
    "unknown-doc": (
        lambda g: [*g[:2], g[2] | {"doc": "999_nope.txt"}, *g[3:]],
        "line 3: document '999_nope.txt' is not in the corpus",
    ),
    "float-offset": (
        lambda g: [*g[:2], g[2] | {"start": 19.7}, *g[3:]],
        "line 3: start 19.7 is not a whole number",
    ),
    "float-integral": (
        lambda g: [*g[:2], g[2] | {"end": 24.0}, *g[3:]],
        "line 3: end 24.0 is not a whole number",
    ),
    "string-offset": (
        lambda g: [*g[:2], g[2] | {"start": "19"}, *g[3:]],
        'line 3: start "19" is not a whole number',
    ),
    "bool-offset": (
        lambda g: [*g[:2], g[2] | {"start": True}, *g[3:]],
        "line 3: start true is not a whole number",
    ),
    "not-json": (lambda g: [*g[:2], "{doc: 1", *g[3:]], "line 3: not JSON"),
    "not-object": (lambda g: [*g[:2], "[1, 2]", *g[3:]], "line 3: not a JSON object"),
    "missing-field": (
        lambda g: [*g[:2], {k: v for k, v in g[2].items() if k != "surface"}, *g[3:]],
        "line 3: missing field(s) surface",
    ),
    "unknown-field": (
        lambda g: [*g[:2], g[2] | {"categroy": "brand"}, *g[3:]],
        "line 3: unknown field(s) categroy",
    ),
    "bad-script": (
        lambda g: [*g[:2], g[2] | {"script": "mixed"}, *g[3:]],
        'line 3: script "mixed" is not one of',
    ),
    "bad-category": (
        lambda g: [*g[:2], g[2] | {"category": "brnad"}, *g[3:]],
        'line 3: category "brnad"',
    ),
    "empty-brand": (
        lambda g: [*g[:2], g[2] | {"brand": ""}, *g[3:]],
        'line 3: brand "" is not a non-empty string',
    ),
    "overlap": (
        lambda g: [
            *g[:3],
            g[2] | {"start": g[2]["start"] + 1, "surface": g[2]["surface"][1:]},
            *g[3:],
        ],
        "line 4: brand span",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_GOLD))
def test_hostile_gold_is_refused_by_both_readers(case, gold_lines, seed_corpus, tmp_path, capsys):
    spoil, expected = HOSTILE_GOLD[case]
    path = _gold(tmp_path, spoil(gold_lines))
    with pytest.raises(GoldError, match=r"gold\.jsonl: ") as info:
        read_gold(path, seed_corpus)
    assert expected in str(info.value)
    code, out, err = _cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
    assert (code, out) == (2, "")  # no score printed
    assert "gold.jsonl: " in err
    assert expected in err
    code, out, err = _cli(
        ["dataset", "build", str(SEEDS), "--out", str(tmp_path / "ds"), "--gold", str(path)], capsys
    )
    assert code == 2
    assert expected in err
    assert not (tmp_path / "ds").exists()


def test_every_bad_line_is_counted(gold_lines, tmp_path):
    bad = [_shifted(r, 1) for r in gold_lines]
    with pytest.raises(
        GoldError,
        match=rf"{len(bad)} problems in the gold file: line 1: .*\(and {len(bad) - 5} more\)",
    ) as info:
        read_gold(_gold(tmp_path, bad), load_corpus(SEEDS))
    assert [p.line for p in info.value.problems] == list(range(1, len(bad) + 1))


@pytest.mark.parametrize(
    ("encode", "named"),
    [
        pytest.param(
            lambda s: s.encode("latin-1", "replace"), "Latin-1/Windows-1252", id="latin-1"
        ),
        pytest.param(
            lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "UTF-16-LE", id="utf-16"
        ),
    ],
)
def test_gold_in_another_encoding_names_file_and_encoding(tmp_path, capsys, encode, named):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(
        encode(
            '{"doc": "a.txt", "start": 0, "end": 4, "surface": "café", "brand": "x", "script": "latin"}\n'
        )
    )
    with pytest.raises(GoldError, match=r"gold\.jsonl: ") as info:
        read_gold(path)
    assert named in str(info.value)
    code, _, err = _cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
    assert code == 2
    assert "gold.jsonl" in err
    assert named in err


def test_gold_with_bom_scores_like_without(tmp_path, capsys):
    plain = SEED_GOLD.read_bytes()
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(codecs.BOM_UTF8 + plain)
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(plain.replace(b"\n", b"\r\n"))
    outputs = []
    for path in (SEED_GOLD, bom, crlf):
        code, out, err = _cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
        assert code == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    pd.testing.assert_frame_equal(read_gold(bom), read_gold(SEED_GOLD))


def test_empty_gold_is_refused(tmp_path):
    with pytest.raises(GoldError, match="holds no mentions"):
        read_gold(_write(tmp_path / "gold.jsonl", "\n\n"))


def test_gold_categories_are_the_detector_categories():
    from corpus_tools.loanwords import CATEGORIES as DETECTOR_CATEGORIES

    assert CATEGORIES == DETECTOR_CATEGORIES


def test_scores_from_a_checked_gold_are_hand_checkable(gold_lines, tmp_path, capsys):
    """Half the gold lines: recall is what the detector finds of them, computed here by hand."""
    from corpus_tools.loanwords import brand_mentions

    half = gold_lines[::2]
    code, out, _ = _cli(
        [
            "evaluate-loanwords",
            "--gold",
            str(_gold(tmp_path, half)),
            str(SEEDS),
            "--format",
            "jsonl",
        ],
        capsys,
    )
    assert code == 0
    overall = json.loads(out.splitlines()[0])
    pred = brand_mentions(load_corpus(SEEDS))
    pred = pred[pred["category"] == "brand"]
    found = set(zip(pred["doc"], pred["start"], pred["end"], strict=True))
    tp = sum((Path(g["doc"]).stem, g["start"], g["end"]) in found for g in half)
    assert overall["tp"] == tp
    assert overall["fn"] == len(half) - tp
    assert overall["fp"] == len(found) - tp


# --- hostile caches (synthetic tables: no models needed) -----------------------------------------
RAW_DTYPES = {"tok_start": "int64", "tok_end": "int64", "word": "str", "lemma": "str"}
SPANS = ("tok_start", "tok_end")


@pytest.fixture(autouse=True)
def _fresh_cache_state(monkeypatch):
    """Each test starts as a new process would: no folder swept, none known to be unwritable."""
    from corpus_tools import annotation_cache

    monkeypatch.setattr(annotation_cache, "_SWEPT", set())
    monkeypatch.setattr(annotation_cache, "_UNWRITABLE", set())


def _doc(tmp_path: Path, name: str, text: str):
    return load_corpus(_write(tmp_path / name, text))[0]


def _raw(text: str) -> pd.DataFrame:
    """One row per white-space word, like a backend's raw analysis (offsets into ``text``)."""
    import re as _re

    spans = [m.span() for m in _re.finditer(r"\S+", text)]
    return pd.DataFrame(
        {
            "tok_start": [s for s, _ in spans],
            "tok_end": [e for _, e in spans],
            "word": [text[s:e] for s, e in spans],
            "lemma": [None if i % 2 else text[s:e][::-1] for i, (s, e) in enumerate(spans)],
        }
    ).astype(RAW_DTYPES)


@pytest.fixture
def cache_pair(tmp_path):
    from corpus_tools.annotation_cache import AnnotationCache

    store = AnnotationCache(tmp_path / "cache", "test")
    a = _doc(tmp_path, "a.txt", f"{TITLE}\n{ARABIC} وMeta")
    b = _doc(tmp_path, "b.txt", "قالت Intel إن الشريحة الجديدة أسرع")
    for doc in (a, b):
        store.write(doc, "sig", _raw(doc.text), spans=SPANS)
    return store, a, b


def _discarded(caplog, store, doc, why: str) -> None:
    """The entry is refused with a warning naming it and why, deleted, and then recomputed."""
    path = store.entry_path(doc.sha256, "sig")
    with caplog.at_level("WARNING", logger="corpus_tools.annotation_cache"):
        assert store.read(doc, "sig", RAW_DTYPES, spans=SPANS) is None
    assert f"discarding cache entry {path} for {doc.name}" in caplog.text
    assert why in caplog.text
    assert not path.exists()
    store.write(doc, "sig", _raw(doc.text), spans=SPANS)  # the recomputed analysis
    pd.testing.assert_frame_equal(store.read(doc, "sig", RAW_DTYPES, spans=SPANS), _raw(doc.text))


def test_cache_round_trip(cache_pair):
    store, a, b = cache_pair
    for doc in (a, b):
        pd.testing.assert_frame_equal(
            store.read(doc, "sig", RAW_DTYPES, spans=SPANS), _raw(doc.text)
        )
    assert store.read(a, "other signature", RAW_DTYPES, spans=SPANS) is None  # a plain miss


def test_cache_entry_copied_over_another_documents_key(cache_pair, caplog):
    store, a, b = cache_pair
    store.entry_path(b.sha256, "sig").write_bytes(store.entry_path(a.sha256, "sig").read_bytes())
    _discarded(caplog, store, b, "it belongs to another doc sha256")


def test_cache_entry_under_another_signature(cache_pair, caplog):
    store, a, _ = cache_pair
    store.write(a, "old models", _raw(a.text), spans=SPANS)
    old = store.entry_path(a.sha256, "old models").read_bytes()
    store.entry_path(a.sha256, "sig").write_bytes(old)
    _discarded(caplog, store, a, "it belongs to another signature")


@pytest.mark.parametrize(
    "keep", [0, 1, 100, 0.5, -8], ids=["empty", "1-byte", "100-bytes", "half", "no-footer"]
)
def test_truncated_cache_entry(cache_pair, caplog, keep):
    store, a, _ = cache_pair
    path = store.entry_path(a.sha256, "sig")
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * keep) if isinstance(keep, float) else keep])
    _discarded(caplog, store, a, "")


def test_every_bit_flip_is_caught_or_harmless(cache_pair, caplog):
    """Flip one bit in every other byte of an entry: each read gives the true table or a discard."""
    store, a, _ = cache_pair
    path = store.entry_path(a.sha256, "sig")
    original = path.read_bytes()
    truth = _raw(a.text)
    outcomes = {"discarded": 0, "same": 0}
    with caplog.at_level("WARNING", logger="corpus_tools.annotation_cache"):
        for i in range(0, len(original), 2):
            flipped = bytearray(original)
            flipped[i] ^= 1 << (i % 8)
            path.write_bytes(bytes(flipped))
            got = store.read(a, "sig", RAW_DTYPES, spans=SPANS)
            if got is None:
                outcomes["discarded"] += 1
            else:
                pd.testing.assert_frame_equal(got, truth)  # never a different analysis
                outcomes["same"] += 1
    assert outcomes["discarded"] > len(original) // 4  # most flips touch checked bytes
    assert sum(outcomes.values()) == len(range(0, len(original), 2))


def _forged_entry(store, doc, frame: pd.DataFrame, **meta) -> None:
    """An entry written around the checks (as a buggy or older writer would)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from corpus_tools.annotation_cache import ENTRY_FORMAT, content_sha256

    record = {"format": ENTRY_FORMAT, "doc_sha256": doc.sha256, "signature": "sig"}
    record |= {"rows": len(frame), "content_sha256": content_sha256(frame), "cuts_sha256": None}
    record |= meta
    table = pa.Table.from_pandas(frame, preserve_index=False)
    encoded = (
        b"" if record.pop("_no_meta", False) else json.dumps(record.pop("_raw", record)).encode()
    )
    table = table.replace_schema_metadata({b"corpus_tools.cache": encoded} if encoded else {})
    path = store.entry_path(doc.sha256, "sig")
    pq.write_table(table, path)


@pytest.mark.parametrize(
    ("forge", "why"),
    [
        pytest.param(
            lambda f: ({"_no_meta": True}, f), "records no owner or checksum", id="older-format"
        ),
        pytest.param(
            lambda f: ({"_raw": [1, 2]}, f), "metadata is not a JSON object", id="meta-not-object"
        ),
        pytest.param(lambda f: ({"format": 0}, f), "another format", id="other-format"),
        pytest.param(lambda f: ({}, f.drop(columns="lemma")), "columns or row count", id="columns"),
        pytest.param(lambda f: ({"rows": 1}, f), "columns or row count", id="row-count"),
        pytest.param(
            lambda f: ({"content_sha256": "0" * 64}, f), "content checksum", id="checksum"
        ),
        pytest.param(
            lambda f: ({}, f.assign(tok_end=f["tok_end"] + 10_000)),
            "outside the text",
            id="out-of-range",
        ),
        pytest.param(
            lambda f: ({}, f.assign(tok_end=f["tok_start"] - 1)), "outside the text", id="reversed"
        ),
        pytest.param(
            lambda f: ({}, f.assign(tok_start=f["tok_start"] + 1)), "cut other text", id="shifted"
        ),
    ],
)
def test_forged_cache_entries_are_discarded(cache_pair, caplog, forge, why):
    store, a, _ = cache_pair
    meta, frame = forge(_raw(a.text))
    _forged_entry(store, a, frame, **meta)
    _discarded(caplog, store, a, why)


def test_surface_column_is_checked_against_the_text(tmp_path, caplog):
    from corpus_tools.annotation_cache import AnnotationCache

    store = AnnotationCache(tmp_path / "cache", "test")
    doc = _doc(tmp_path, "a.txt", ARABIC)
    dtypes = {"start": "int64", "end": "int64", "surface": "str"}
    good = pd.DataFrame({"start": [0], "end": [5], "surface": [ARABIC[:5]]}).astype(dtypes)
    store.write(doc, "sig", good, spans=("start", "end"))
    pd.testing.assert_frame_equal(store.read(doc, "sig", dtypes, spans=("start", "end")), good)
    with pytest.raises(ValueError, match="is not the text"):  # a writer's bug is loud
        store.write(doc, "sig", good.assign(surface="x"), spans=("start", "end"))
    _forged_entry(store, doc, good.assign(surface="x"), cuts_sha256=None)
    with caplog.at_level("WARNING"):
        assert store.read(doc, "sig", dtypes, spans=("start", "end")) is None
    assert "surface 'x' is not the text" in caplog.text


@pytest.mark.parametrize(
    "content",
    [b"[1, 2, 3]", b'"text"', b"{not json", b'{"a": 1}', b"\x00\xff", b""],
    ids=["list", "string", "broken", "not-hashes", "binary", "empty"],
)
def test_model_hash_memo_that_does_not_parse_is_rebuilt(tmp_path, caplog, content):
    import hashlib

    from corpus_tools.annotation_cache import file_sha256

    model = tmp_path / "model.pt"
    model.write_bytes(b"weights" * 1000)
    memo = tmp_path / "cache" / "model_hashes.json"
    memo.parent.mkdir()
    memo.write_bytes(content)
    with caplog.at_level("WARNING"):
        assert file_sha256(model, memo.parent) == hashlib.sha256(model.read_bytes()).hexdigest()
    assert f"rebuilding {memo}" in caplog.text
    rebuilt = json.loads(memo.read_text(encoding="utf-8"))
    assert list(rebuilt.values()) == [hashlib.sha256(model.read_bytes()).hexdigest()]


def test_unwritable_cache_warns_once_and_the_run_goes_on(tmp_path, caplog):
    from corpus_tools.annotation_cache import AnnotationCache, file_sha256

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    store = AnnotationCache(blocked, "test")
    docs = [_doc(tmp_path, f"{n}.txt", f"{ARABIC} {n}") for n in "abc"]
    model = _write(tmp_path / "model.pt", "weights")
    with caplog.at_level("WARNING"):
        for doc in docs:
            assert store.read(doc, "sig", RAW_DTYPES, spans=SPANS) is None
            store.write(doc, "sig", _raw(doc.text), spans=SPANS)
        file_sha256(model, blocked)
    warnings = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1
    assert "going on without caching" in warnings[0].getMessage()
    assert blocked.read_text(encoding="utf-8").startswith("a file")  # untouched


def test_read_only_cache_is_read_and_not_written(cache_pair, caplog, monkeypatch):
    store, a, b = cache_pair
    import pyarrow.parquet as pq

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pq, "write_table", denied)
    with caplog.at_level("WARNING"):
        pd.testing.assert_frame_equal(store.read(a, "sig", RAW_DTYPES, spans=SPANS), _raw(a.text))
        store.write(b, "sig2", _raw(b.text), spans=SPANS)
        store.write(a, "sig2", _raw(a.text), spans=SPANS)
    assert caplog.text.count("cannot be written (Permission denied)") == 1
    assert not list(store.directory.glob("**/*.tmp"))


def test_stale_temporary_files_are_cleaned(cache_pair, monkeypatch):
    import subprocess
    import sys
    import time

    from corpus_tools import annotation_cache

    store, a, _ = cache_pair
    folder = store.entry_path(a.sha256, "sig").parent
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = folder / f"{'d' * 64}.{int(ended.stdout)}.tmp"
    old = folder / f"{'e' * 64}.{os.getppid()}.tmp"
    live = folder / f"{'f' * 64}.{os.getppid()}.tmp"
    memo_tmp = store.directory / f"model_hashes.{int(ended.stdout)}.tmp"
    for path in (dead, old, live, memo_tmp):
        path.write_bytes(b"half-written")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    monkeypatch.setattr(annotation_cache, "_SWEPT", set())  # the next run starts
    assert store.read(a, "sig", RAW_DTYPES, spans=SPANS) is not None
    assert not dead.exists()
    assert not old.exists()
    assert not memo_tmp.exists()
    assert live.exists()  # its writer (our parent process) is still running


# --- the stanza backend end to end (needs the test models) ---------------------------------------
@pytest.mark.stanza
def test_stanza_cache_swapped_and_flipped_entries_are_recomputed(stanza_dir, tmp_path, caplog):
    from corpus_tools.annotate import annotate

    corpus = load_corpus(
        [
            _write(tmp_path / "a.txt", f"{TITLE}\rأعلنت شركة OpenAI عن نموذج جديد."),
            _write(tmp_path / "b.txt", "قالت Intel إن الشريحة الجديدة أسرع\u2028وأرخص."),
        ]
    )
    cache = tmp_path / "cache"
    options = {"model_dir": stanza_dir, "cache_dir": cache, "threads": 1, "progress": False}
    fresh = annotate(corpus, "stanza", **options)
    uncached = annotate(corpus, "stanza", cache=False, **options)
    pd.testing.assert_frame_equal(fresh, uncached)
    # a line break other than LF ends a sentence for stanza too
    a = fresh[fresh["doc"] == "a"]
    assert (
        a.loc[a["surface"] == "الخبر", "sentence"].item()
        < a.loc[a["surface"] == "أعلنت", "sentence"].item()
    )
    entries = sorted((cache / "stanza").glob("*/*.parquet"))
    assert len(entries) == 2
    first, second = (p.read_bytes() for p in entries)
    entries[0].write_bytes(second)  # swapped: each document gets the other's analysis
    entries[1].write_bytes(first)
    with caplog.at_level("WARNING", logger="corpus_tools.annotation_cache"):
        again = annotate(corpus, "stanza", **options)
    pd.testing.assert_frame_equal(again, fresh)
    assert caplog.text.count("it belongs to another doc sha256") == 2
    flipped = bytearray(entries[0].read_bytes())
    flipped[len(flipped) // 3] ^= 0x10
    entries[0].write_bytes(bytes(flipped))
    pd.testing.assert_frame_equal(annotate(corpus, "stanza", **options), fresh)


# --- builds that never lose anything (corpus_tools.atomic_dir + dataset build) -------------------
def _build(tmp: Path, version: str) -> None:
    """A small build: a card and a data file, both saying which version wrote them."""
    (tmp / "data").mkdir()
    (tmp / "README.md").write_text(f"build {version}\n", encoding="utf-8")
    (tmp / "data" / "part.bin").write_bytes(version.encode() * 1000)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _built(version: str) -> dict[str, bytes]:
    """What a complete build of ``version`` holds (without its manifest)."""
    return {"README.md": f"build {version}\n".encode(), "data/part.bin": version.encode() * 1000}


def _without_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    from corpus_tools.atomic_dir import MANIFEST

    return {k: v for k, v in files.items() if k != MANIFEST}


@pytest.fixture
def first_build(tmp_path):
    from corpus_tools.atomic_dir import replace_dir

    out = tmp_path / "out"
    replace_dir(out, lambda tmp: _build(tmp, "v1"))
    assert _without_manifest(_files(out)) == _built("v1")
    return out


USER_CHANGES = {
    "user-file-in-data": (
        lambda out: _write(out / "data" / "my_notes.txt", "mine"),
        "data/my_notes.txt",
    ),
    "user-folder-deep": (
        lambda out: (
            (out / "data" / "extra").mkdir() or _write(out / "data" / "extra" / "deep.txt", "mine")
        ),
        "data/extra/deep.txt",
    ),
    "empty-user-folder": (lambda out: (out / "data" / "empty").mkdir(), "data/empty/"),
    "edited-card": (
        lambda out: _write(out / "README.md", "my edits"),
        "README.md (changed since the build)",
    ),
    "symlink": (lambda out: (out / "link").symlink_to(out / "README.md"), "link"),
    "top-level-note": (lambda out: _write(out / "notes.txt", "mine"), "notes.txt"),
    "damaged-manifest": (
        lambda out: _write(out / ".corpus_tools-build.json", "{not json"),
        "README.md",
    ),
}


@pytest.mark.parametrize("change", list(USER_CHANGES))
def test_rebuild_refuses_a_folder_holding_what_it_did_not_write(first_build, change):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    make, named = USER_CHANGES[change]
    make(first_build)
    before = _files(first_build)
    with pytest.raises(FolderError, match="refusing to replace the folder") as info:
        replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert named in str(info.value)
    assert _files(first_build) == before  # nothing touched
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]  # no temporary left


def test_output_path_that_is_a_file_or_a_link_is_refused(tmp_path):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    _write(tmp_path / "file", "mine")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    for name in ("file", "link"):
        with pytest.raises(FolderError, match=f"{name}: exists and is not a folder"):
            replace_dir(tmp_path / name, lambda tmp: _build(tmp, "v2"))
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_rebuild_replaces_an_earlier_build_whole(first_build):
    from corpus_tools.atomic_dir import MANIFEST, replace_dir

    done = replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert _without_manifest(_files(first_build)) == _built("v2")
    assert done.files == ("README.md", "data/part.bin")
    manifest = json.loads((first_build / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert manifest["data/part.bin"]["bytes"] == len(b"v2" * 1000)
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_a_file_added_during_the_build_stops_the_swap(first_build):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    def slow_build(tmp):
        _build(tmp, "v2")
        _write(first_build / "added-meanwhile.txt", "mine")

    with pytest.raises(FolderError, match=r"added-meanwhile\.txt"):
        replace_dir(first_build, slow_build)
    assert _without_manifest(_files(first_build)) == _built("v1") | {"added-meanwhile.txt": b"mine"}
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_a_failing_write_leaves_the_old_build_whole(first_build):
    from corpus_tools.atomic_dir import replace_dir

    def disk_full(tmp):
        _build(tmp, "v2")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        replace_dir(first_build, disk_full)
    assert _without_manifest(_files(first_build)) == _built("v1")
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_leftovers_of_an_older_version_are_reported_and_kept(first_build, caplog):
    from corpus_tools.atomic_dir import replace_dir

    stranded = first_build.parent / ".out-k3j4h5g6"  # tempfile.mkdtemp name of earlier builds
    stranded.mkdir()
    _write(stranded / "README.md", "half a build, or the user's")
    with caplog.at_level("WARNING"):
        done = replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert done.reported == (stranded,)
    assert f"{stranded}: left by an interrupted build" in caplog.text
    assert (stranded / "README.md").exists()


def test_a_concurrent_builds_temporary_folder_is_left_alone(first_build):
    from corpus_tools.atomic_dir import replace_dir

    busy = first_build.parent / f".out.build-{os.getppid()}-abc"  # its writer is alive
    busy.mkdir()
    replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert busy.is_dir()


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from corpus_tools import atomic_dir

out, step, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if mode == "two-renames":  # a system without an atomic exchange of two folders
    atomic_dir._exchange = lambda a, b: False

def kill_at(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)

def build(tmp):
    (tmp / "data").mkdir()
    (tmp / "README.md").write_text("build v2\\n", encoding="utf-8")
    with (tmp / "data" / "part.bin").open("wb") as fh:
        fh.write(b"v2" * 500)
        if step == "mid-write":  # killed inside a data file: half of it on disk
            fh.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        fh.write(b"v2" * 500)

atomic_dir._checkpoint = kill_at
atomic_dir.replace_dir(out, build)
"""

KILL_STEPS = [
    ("exchange", "temporary-created", "v1"),
    ("exchange", "mid-write", "v1"),
    ("exchange", "files-written", "v1"),
    ("exchange", "manifest-written", "v1"),
    ("exchange", "swapped", "v2"),
    ("two-renames", "manifest-written", "v1"),
    ("two-renames", "old-moved-aside", None),  # between the renames: the old build is aside
    ("two-renames", "swapped", "v2"),
]


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize(
    ("mode", "step", "visible"), KILL_STEPS, ids=[f"{m}-{s}" for m, s, _ in KILL_STEPS]
)
def test_a_build_killed_at_each_step_loses_nothing(first_build, mode, step, visible):
    """SIGKILL at each step: the folder holds the old or the new build whole, and the next
    build (or the recovery it starts with) cleans up every leftover."""
    import subprocess
    import sys

    from corpus_tools.atomic_dir import clean_leftovers, replace_dir

    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(first_build), step, mode], env=env, check=False
    )
    assert proc.returncode == -9  # it really died at that step
    if visible is None:
        assert not first_build.exists()
        cleaned, _ = clean_leftovers(first_build)  # what the next build does first
        assert len(cleaned) == 2  # the old build put back, the finished new one removed
        visible = "v1"
    assert _without_manifest(_files(first_build)) == _built(visible)
    replace_dir(first_build, lambda tmp: _build(tmp, "v3"))
    assert _without_manifest(_files(first_build)) == _built("v3")
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]  # leftovers gone


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    from corpus_tools.dataset import build_dataset

    return build_dataset(SEEDS, tmp_path_factory.mktemp("ds") / "dataset").folder


@pytest.fixture
def earlier_build(seed_build, tmp_path) -> Path:
    import shutil

    out = tmp_path / "dataset"
    shutil.copytree(seed_build, out)
    return out


def test_dataset_build_keeps_the_users_files(earlier_build, capsys):
    """The issue's case: notes in data/ and a subfolder data/extra/ of an earlier build."""
    _write(earlier_build / "data" / "my_notes.txt", "mine")
    (earlier_build / "data" / "extra").mkdir()
    _write(earlier_build / "data" / "extra" / "table.csv", "a,b\n")
    before = _files(earlier_build)
    code, out, err = _cli(["dataset", "build", str(SEEDS), "--out", str(earlier_build)], capsys)
    assert (code, out) == (2, "")
    assert "refusing to replace the folder" in err
    assert "data/extra/table.csv" in err
    assert "data/my_notes.txt" in err
    assert _files(earlier_build) == before


def test_dataset_build_made_before_manifests_is_replaced_but_only_if_pure(
    earlier_build, seed_build
):
    from corpus_tools.atomic_dir import MANIFEST
    from corpus_tools.dataset import DatasetError, build_dataset

    (earlier_build / MANIFEST).unlink()  # as written by an older version
    _write(earlier_build / "data" / "my_notes.txt", "mine")
    with pytest.raises(DatasetError, match=r"data/my_notes\.txt"):
        build_dataset(SEEDS, earlier_build)
    (earlier_build / "data" / "my_notes.txt").unlink()
    build_dataset(SEEDS, earlier_build)
    assert _files(earlier_build) == _files(seed_build)  # byte-identical, manifest included


DATASET_KILL_SCRIPT = """
import os, signal, sys
import datasets
from corpus_tools.dataset import build_dataset

calls = []
real = datasets.Dataset.to_parquet

def to_parquet_then_die(self, path, *args, **kwargs):
    calls.append(path)
    if len(calls) == 2:  # killed while writing the second parquet file: it is cut short
        with open(path, "wb") as fh:
            fh.write(b"PAR1")
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, path, *args, **kwargs)

datasets.Dataset.to_parquet = to_parquet_then_die
build_dataset(sys.argv[1], sys.argv[2])
"""


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_dataset_build_killed_inside_a_parquet_write(earlier_build, seed_build):
    import subprocess
    import sys

    from corpus_tools.dataset import build_dataset

    before = _files(earlier_build)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", DATASET_KILL_SCRIPT, str(SEEDS), str(earlier_build)],
        env=env,
        check=False,
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    assert _files(earlier_build) == before  # the old build, whole
    leftovers = [p.name for p in earlier_build.parent.iterdir() if p.name != "dataset"]
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".dataset.build-")
    build_dataset(SEEDS, earlier_build)  # the next build removes the killed one's folder
    assert [p.name for p in earlier_build.parent.iterdir()] == ["dataset"]
    assert _files(earlier_build) == _files(seed_build)
