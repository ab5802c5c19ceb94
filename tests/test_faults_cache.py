"""Fault injection (2/3): swapped, truncated, bit-flipped, forged and unwritable caches.

Every read gives the true analysis or discards the entry with a warning (and the backend
recomputes it); nothing read from the cache is a wrong answer. Synthetic tables make the tests
run without models; one end-to-end test uses the stanza test models where they exist.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from fault_helpers import ARABIC, TITLE, write_utf8

from corpus_tools.corpus import load_corpus

# --- hostile caches (synthetic tables: no models needed) -----------------------------------------
RAW_DTYPES = {"tok_start": "int64", "tok_end": "int64", "word": "str", "lemma": "str"}
SPANS = ("tok_start", "tok_end")


@pytest.fixture(autouse=True)
def _fresh_cache_state(monkeypatch):
    """Each test starts as a new process would: no folder swept, none known to be unwritable."""
    from corpus_tools import annotation_cache

    monkeypatch.setattr(annotation_cache, "_SWEPT", set())
    monkeypatch.setattr(annotation_cache, "_UNWRITABLE", set())
    monkeypatch.setattr(annotation_cache, "_UNREADABLE", set())


def _doc(tmp_path: Path, name: str, text: str):
    return load_corpus(write_utf8(tmp_path / name, text))[0]


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
    model = write_utf8(tmp_path / "model.pt", "weights")
    with caplog.at_level("WARNING"):
        for doc in docs:
            assert store.read(doc, "sig", RAW_DTYPES, spans=SPANS) is None
            store.write(doc, "sig", _raw(doc.text), spans=SPANS)
        file_sha256(model, blocked)
    warnings = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1
    assert "going on without caching" in warnings[0].getMessage()
    assert blocked.read_text(encoding="utf-8").startswith("a file")  # untouched


def _deny_parquet(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make ``pyarrow.parquet.<name>`` fail as it does without the permission (we may be root)."""
    import pyarrow.parquet as pq

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pq, name, denied)


def test_read_only_cache_is_read_and_not_written(cache_pair, caplog, monkeypatch):
    store, a, b = cache_pair
    _deny_parquet(monkeypatch, "write_table")
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
            write_utf8(tmp_path / "a.txt", f"{TITLE}\rأعلنت شركة OpenAI عن نموذج جديد."),
            write_utf8(tmp_path / "b.txt", "قالت Intel إن الشريحة الجديدة أسرع\u2028وأرخص."),
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


def test_unreadable_cache_warns_once_and_keeps_the_entries(cache_pair, caplog, monkeypatch):
    store, a, b = cache_pair
    _deny_parquet(monkeypatch, "read_table")
    with caplog.at_level("WARNING"):
        assert store.read(a, "sig", RAW_DTYPES, spans=SPANS) is None
        assert store.read(b, "sig", RAW_DTYPES, spans=SPANS) is None
    assert caplog.text.count("cannot be read (Permission denied)") == 1
    assert store.entry_path(a.sha256, "sig").exists()  # not ours to delete: nothing was wrong
