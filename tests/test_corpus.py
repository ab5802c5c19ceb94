from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import corpus_tools as ct
from corpus_tools.corpus import CorpusError


def test_seeds_load_exactly(seeds_dir, corpus):
    files = sorted(seeds_dir.glob("*.txt"))
    assert [d.id for d in corpus] == [f.stem for f in files]
    for doc, f in zip(corpus, files, strict=True):
        raw = f.read_bytes()
        assert doc.text == raw.decode("utf-8")  # no newline translation, no stripping
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
        assert doc.title == next(line.strip() for line in doc.text.splitlines() if line.strip())
        assert doc.name == f.name


def test_seeds_are_byte_identical_to_shared(seeds_dir):
    """The seeds equal ``../shared/seeds`` byte for byte; without it, the SHA-256 recorded from it.

    ``corpus_tools/data/seed_sources.json`` records each shared seed's SHA-256, so a fresh clone
    without ``../shared`` still checks that the corpus is the shared one.
    """
    shared_seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    ours = sorted(seeds_dir.glob("*.txt"))
    if shared_seeds.is_dir():
        shared = sorted(shared_seeds.glob("*.txt"))
        assert [f.name for f in shared] == [f.name for f in ours]
        for f in shared:
            assert (seeds_dir / f.name).read_bytes() == f.read_bytes()
        return
    recorded = json.loads(
        (Path(ct.__file__).parent / "data" / "seed_sources.json").read_text("utf-8")
    )["documents"]
    assert sorted(recorded) == [f.name for f in ours]
    for f in ours:
        assert hashlib.sha256(f.read_bytes()).hexdigest() == recorded[f.name]["sha256"]


def test_list_of_files_and_order(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))[::-1]
    corpus = ct.load_corpus(files)
    assert [d.id for d in corpus] == [f.stem for f in files]


def test_bom_is_accepted_and_not_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "مرحبا\r\nبكم".encode())
    doc = ct.load_corpus(p)[0]
    assert doc.text == "مرحبا\r\nبكم"
    assert doc.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()


def test_invalid_utf8_names_file_and_byte_offset(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes("مرحبا ".encode() + b"\xff" + b" x")
    with pytest.raises(CorpusError, match=r"bad\.txt: invalid UTF-8 at byte offset 11"):
        ct.load_corpus(p)
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfab\xc3")
    with pytest.raises(CorpusError, match=r"bom\.txt: invalid UTF-8 at byte offset 5"):
        ct.load_corpus(bom)


def test_empty_and_missing_files_are_clear_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    with pytest.raises(CorpusError, match=r"empty\.txt: the file is empty"):
        ct.load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no such file or folder"):
        ct.load_corpus(tmp_path / "nope")
    (tmp_path / "empty.txt").unlink()
    with pytest.raises(CorpusError, match="holds no"):
        ct.load_corpus(tmp_path)


def test_residue_is_marked_not_removed(corpus, seed_tokens):
    spans = ct.residue_spans(corpus)
    doc = corpus["003_3351da57d2e8731a"]
    assert list(spans["text"]) == ["Loading", "شارك الخبر :"]
    assert list(spans["rule"]) == ["loading-widget", "share-button"]
    for row in spans.itertuples():
        assert doc.text[row.start : row.end] == row.text
    assert doc.text.rstrip().endswith("شارك الخبر :")  # the text keeps it
    flagged = seed_tokens[seed_tokens["residue"]]
    assert list(flagged["surface"]) == ["Loading", "شارك", "الخبر", ":"]
    assert set(flagged["doc"]) == {"003_3351da57d2e8731a"}
