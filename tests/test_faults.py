"""Fault injection (1/3): hostile folders, files, encodings, line breaks, options, gold files.

Every case asserts one of two outcomes: the correct output, or a clear error (naming the file
and the position or the option) with a non-zero exit — never a wrong answer with exit 0, never
a user file lost. Cases are grouped by what is attacked; the ids say what each one does.
Caches: ``test_faults_cache.py``; output folders of builds: ``test_faults_builds.py``.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import re
import resource
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fault_helpers import ARABIC, ROOT, SEEDS, TITLE, run_cli, write_utf8

from corpus_tools.cli import main
from corpus_tools.corpus import CorpusError, load_corpus, residue_spans
from corpus_tools.gold import CATEGORIES, GoldError, read_gold
from corpus_tools.tokenize import tokenize

SEED_GOLD = ROOT / "tests" / "data" / "seeds_brand_gold.jsonl"


# --- hostile folders ---------------------------------------------------------------------------
def test_folder_rule_reads_txt_in_any_case_and_says_what_it_skipped(tmp_path, capsys):
    write_utf8(tmp_path / "a.txt", ARABIC)
    write_utf8(tmp_path / "D.TXT", "Intel " + ARABIC)
    write_utf8(tmp_path / "b.md", "# notes")
    write_utf8(tmp_path / "c.json", "{}")
    write_utf8(tmp_path / ".hidden.txt", "secret")
    (tmp_path / "x.txt").mkdir()  # a folder named like a text
    write_utf8(tmp_path / "x.txt" / "inner.txt", "not read: folders are not descended")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ["D", "a"]  # sorted by file name (code point order)
    skipped = {s.path.name: s.reason for s in corpus.skipped}
    assert skipped == {
        ".hidden.txt": "hidden",
        "b.md": "not *.txt",
        "c.json": "not *.txt",
        "x.txt": "a folder",
    }
    code, out, err = run_cli(["tokens", str(tmp_path)], capsys)
    assert code == 0
    assert "note: 4 folder entries not read: .hidden.txt (hidden), b.md (not *.txt)" in err
    assert {json.loads(line)["doc"] for line in out.splitlines()} == {"a.txt", "D.TXT"}
    for command in (["freq"], ["collocations"], ["kwic"]):  # the sharded engine lists files itself
        argv = [*command, str(tmp_path)] + (["Intel"] if command == ["kwic"] else [])
        code, _, err = run_cli(argv, capsys)
        assert code == 0
        assert "note: 4 folder entries not read" in err


def test_folder_with_nothing_readable_names_what_it_holds(tmp_path):
    with pytest.raises(CorpusError, match=r"holds no \*\.txt files \(it is empty\)"):
        load_corpus(tmp_path)
    write_utf8(tmp_path / "notes.md", "x")
    with pytest.raises(CorpusError, match=r"holds no \*\.txt files \(it holds only notes\.md"):
        load_corpus(tmp_path)


def test_symlink_loop_is_named(tmp_path, capsys):
    write_utf8(tmp_path / "a.txt", ARABIC)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(CorpusError, match=r"loop\.txt: symbolic link loop"):
        load_corpus(tmp_path)
    code, out, err = run_cli(["tokens", str(tmp_path / "loop.txt")], capsys)
    assert (code, out) == (2, "")
    assert "loop.txt: symbolic link loop" in err


def test_broken_symlink_is_named(tmp_path):
    write_utf8(tmp_path / "a.txt", ARABIC)
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
    write_utf8(folder / "a.txt", ARABIC)
    _deny(monkeypatch, "scandir", folder, os)
    with pytest.raises(CorpusError, match=r"texts: cannot list the folder \(Permission denied\)"):
        load_corpus(folder)


def test_file_in_untraversable_folder_is_a_clear_error(tmp_path, monkeypatch):
    path = write_utf8(tmp_path / "a.txt", ARABIC)
    _deny(monkeypatch, "stat", path, Path)
    with pytest.raises(CorpusError, match=r"a\.txt: cannot be reached \(Permission denied\)"):
        load_corpus(path)


def test_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    path = write_utf8(tmp_path / "a.txt", ARABIC)
    _deny(monkeypatch, "read_bytes", path, Path)
    with pytest.raises(CorpusError, match=r"a\.txt: cannot be read \(Permission denied\)"):
        load_corpus(tmp_path)


@contextlib.contextmanager
def _no_free_file_descriptors() -> Iterator[None]:
    """Let the process open no more files: the kernel refuses with EMFILE, root or not."""
    probe = os.open(os.devnull, os.O_RDONLY)  # the lowest free descriptor: all below are taken
    os.close(probe)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (probe, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_real_os_refusals_are_clear_errors(tmp_path):
    """The monkeypatched denials above, with errors the kernel really raises (also as root)."""
    folder = tmp_path / "texts"
    folder.mkdir()
    path = write_utf8(folder / "a.txt", ARABIC)
    with _no_free_file_descriptors():
        with pytest.raises(CorpusError, match=r"texts: cannot list the folder \(Too many open"):
            load_corpus(folder)
        with pytest.raises(CorpusError, match=r"a\.txt: cannot be read \(Too many open files\)"):
            load_corpus(path)
    too_long = folder / ("a" * 300 + ".txt")  # longer than any file system's name limit
    with pytest.raises(CorpusError, match=r"cannot be reached \(File name too long\)"):
        load_corpus(too_long)
    assert load_corpus(folder).documents[0].text == ARABIC  # the descriptors are back


def test_file_name_that_is_not_utf8_is_named_printably(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a file name
    try:
        write_utf8(tmp_path / name, ARABIC)
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    with pytest.raises(CorpusError, match=r"caf\\xe9\.txt: the file name is not valid UTF-8"):
        load_corpus(tmp_path)
    code, out, err = run_cli(["tokens", str(tmp_path)], capsys)
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
    path = write_utf8(tmp_path / "doc.txt", "ab" + ARABIC[:3] + control + "x")
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
    doc = load_corpus(write_utf8(tmp_path / "doc.txt", text))[0]
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
    doc = load_corpus(write_utf8(tmp_path / "doc.txt", text))[0]
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
    doc = load_corpus(write_utf8(tmp_path / "doc.txt", text))[0]
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
    code, full, _ = run_cli(["freq", str(SEEDS)], capsys)
    assert code == 0
    rows = full.splitlines()
    for n in (0, 1, 3, len(rows), len(rows) + 5):
        code, out, _ = run_cli(["freq", str(SEEDS), "--limit", str(n)], capsys)
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
    return write_utf8(tmp_path / name, "\n".join(lines) + "\n")


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
    code, out, err = run_cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
    assert (code, out) == (2, "")  # no score printed
    assert "gold.jsonl: " in err
    assert expected in err
    code, out, err = run_cli(
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
    code, _, err = run_cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
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
        code, out, err = run_cli(["evaluate-loanwords", "--gold", str(path), str(SEEDS)], capsys)
        assert code == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    pd.testing.assert_frame_equal(read_gold(bom), read_gold(SEED_GOLD))


def test_empty_gold_is_refused(tmp_path):
    with pytest.raises(GoldError, match="holds no mentions"):
        read_gold(write_utf8(tmp_path / "gold.jsonl", "\n\n"))


def test_gold_categories_are_the_detector_categories():
    from corpus_tools.loanwords import CATEGORIES as DETECTOR_CATEGORIES

    assert CATEGORIES == DETECTOR_CATEGORIES


def test_scores_from_a_checked_gold_are_hand_checkable(gold_lines, tmp_path, capsys):
    """Half the gold lines: recall is what the detector finds of them, computed here by hand."""
    from corpus_tools.loanwords import brand_mentions

    half = gold_lines[::2]
    code, out, _ = run_cli(
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
