"""The on-disk annotation cache: one parquet file per document and annotator setup, verified.

A backend whose analysis is slow (stanza) keeps each document's raw analysis under a key made
of the document's sha256 and the backend's *cache signature*: everything that can change the
analysis (library version, processors, packages, the sha256 of every model file, options, the
cache format). Changing a model file changes the key, so an entry made with other models is
never read; cheap post-processing runs after every read, so fixing it needs no purge.

Layout: ``<cache_dir>/<namespace>/<key[:2]>/<key>.parquet``, written to a temporary file
(``<key>.<host>-<thread>.<pid>.tmp``) and renamed into place: several processes, threads and
machines (Dask workers on a shared folder) may store one entry at once, and each renames its
own whole file. Model-file hashes are remembered in
``<cache_dir>/model_hashes.json`` per (path, size, mtime), so large models are hashed once.

Nothing read from the cache is trusted as is. Each entry carries, in its parquet schema
metadata, what it belongs to (the document's sha256 and the cache signature), its row count, a
checksum of its content (:func:`content_sha256`) and, for tables with offsets, a checksum of the
text the offsets cut out of the document. On read all of these are checked against the
document at hand, and the offsets must lie inside its text (and give the ``surface`` column back
where the table has one). An entry that fails any check — a file copied over another
document's key, truncated, bit-flipped, written by an older format, not parquet at all — is
reported (a warning), deleted and recomputed: a cache can cost time, never correctness.
``model_hashes.json`` that does not parse as an object of hashes is rebuilt. A cache folder that
cannot be written warns once and the run goes on uncached. Temporary files left by killed runs
(their process is gone, or they are over a day old) are removed the first time a process uses
the cache folder.

The folder is ``cache_dir`` when given, else :func:`corpus_tools.paths.default_cache_dir`
(``$CORPUS_TOOLS_CACHE_DIR``, ``$XDG_CACHE_HOME/corpus_tools``, ``~/.cache/corpus_tools``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corpus_tools.atomic_dir import process_gone
from corpus_tools.paths import default_cache_dir

if TYPE_CHECKING:
    from corpus_tools.corpus import Document

__all__ = [
    "ENTRY_FORMAT",
    "AnnotationCache",
    "content_sha256",
    "file_sha256",
    "sweep_stale_temporaries",
]

logger = logging.getLogger(__name__)

_MODEL_HASHES = "model_hashes.json"
#: Version of the entry metadata; entries of another version are recomputed.
ENTRY_FORMAT = 1
_META_KEY = b"corpus_tools.cache"
_STALE_SECONDS = 24 * 3600
_UNWRITABLE: set[Path] = set()  # folders that failed a write: warned once, not written again
_UNREADABLE: set[Path] = set()  # folders whose entries may not be read: warned once
_SWEPT: set[Path] = set()  # folders cleaned of stale temporary files by this process
#: This machine in temporary file names (a hash: host names may hold dots).
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


class _Invalid(ValueError):
    """A cache entry (or a table to store) that fails a check (the message says which)."""


def content_sha256(frame: pd.DataFrame) -> str:
    """Checksum of a table's content: column names, dtypes and every cell (vectorised hash)."""
    h = hashlib.sha256()
    h.update(json.dumps([[c, str(t)] for c, t in frame.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _cuts_sha256(text: str, starts: np.ndarray, ends: np.ndarray) -> str:
    """Checksum of the pieces ``text[start:end]`` (vectorised over code points)."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lengths = ends - starts
    index = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    h = hashlib.sha256(lengths.astype(np.int64).tobytes())
    h.update(cp[index].tobytes())
    return h.hexdigest()


def _check_spans(frame: pd.DataFrame, doc: Document, spans: tuple[str, str]) -> str:
    """Offsets inside the text (and giving ``surface`` back, if there is one); their checksum."""
    starts = frame[spans[0]].to_numpy(np.int64)
    ends = frame[spans[1]].to_numpy(np.int64)
    bad = np.flatnonzero((starts < 0) | (ends < starts) | (ends > len(doc.text)))
    if len(bad):
        i = int(bad[0])
        raise _Invalid(f"span [{starts[i]}, {ends[i]}) is outside the text ({len(doc.text)} chars)")
    if "surface" in frame.columns:
        cut = [doc.text[s:e] for s, e in zip(starts, ends, strict=True)]
        wrong = np.flatnonzero(np.array(cut, dtype=object) != frame["surface"].to_numpy(object))
        if len(wrong):
            i = int(wrong[0])
            raise _Invalid(f"surface {frame['surface'].iloc[i]!r} is not the text {cut[i]!r}")
    return _cuts_sha256(doc.text, starts, ends)


@dataclass(frozen=True)
class AnnotationCache:
    """The cache entries of one backend (``namespace``) under ``directory``."""

    directory: Path
    namespace: str

    @classmethod
    def at(cls, cache_dir: str | os.PathLike[str] | None, namespace: str) -> AnnotationCache:
        """The cache in ``cache_dir``, else in the default folder."""
        folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        return cls(folder, namespace)

    def entry_path(self, doc_sha256: str, signature: str) -> Path:
        """Where the entry of a document (by its sha256) under a cache signature lives."""
        key = hashlib.sha256(f"{doc_sha256}\n{signature}".encode()).hexdigest()
        return self.directory / self.namespace / key[:2] / f"{key}.parquet"

    def read(
        self,
        doc: Document,
        signature: str,
        dtypes: Mapping[str, str],
        *,
        spans: tuple[str, str] | None = None,
    ) -> pd.DataFrame | None:
        """The verified entry of ``doc`` with columns ``dtypes``, or None (absent or discarded).

        ``spans`` names the start and end offset columns, checked against ``doc.text``.
        """
        sweep_stale_temporaries(self.directory)
        path = self.entry_path(doc.sha256, signature)
        try:
            if not path.is_file():
                return None
            return self._verified(path, doc, signature, dtypes, spans)
        except PermissionError as exc:  # a cache we may not read: say so once, run uncached
            _report_once(_UNREADABLE, self.directory, "read", exc)
            return None
        except Exception as exc:  # noqa: BLE001 - any damage (pyarrow raises many kinds) is a miss
            reason = str(exc) if isinstance(exc, _Invalid) else f"{type(exc).__name__}: {exc}"
            logger.warning(
                "discarding cache entry %s for %s (%s); recomputing", path, doc.name, reason
            )
            with suppress(OSError):
                path.unlink(missing_ok=True)
            return None

    def _verified(
        self,
        path: Path,
        doc: Document,
        signature: str,
        dtypes: Mapping[str, str],
        spans: tuple[str, str] | None,
    ) -> pd.DataFrame:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        meta = _entry_meta(table.schema.metadata)
        expected = {"format": ENTRY_FORMAT, "doc_sha256": doc.sha256, "signature": signature}
        for key, value in expected.items():
            if meta.get(key) != value:
                raise _Invalid(f"it belongs to another {key.replace('_', ' ')}")
        if table.column_names != list(dtypes) or meta.get("rows") != table.num_rows:
            raise _Invalid("its columns or row count are not the recorded ones")
        frame: pd.DataFrame = table.to_pandas().astype(dict(dtypes))
        if content_sha256(frame) != meta.get("content_sha256"):
            raise _Invalid("its content checksum does not match (the file was changed)")
        if spans is not None and _check_spans(frame, doc, spans) != meta.get("cuts_sha256"):
            raise _Invalid("its offsets cut other text out of the document")
        return frame

    def write(
        self,
        doc: Document,
        signature: str,
        frame: pd.DataFrame,
        *,
        spans: tuple[str, str] | None = None,
    ) -> None:
        """Store ``frame`` as the entry of ``doc`` (temporary file, then an atomic rename).

        A folder that cannot be written is reported once and then left alone.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.directory in _UNWRITABLE:
            return
        sweep_stale_temporaries(self.directory)
        meta = {
            "format": ENTRY_FORMAT,
            "doc_sha256": doc.sha256,
            "signature": signature,
            "rows": len(frame),
            "content_sha256": content_sha256(frame),
            "cuts_sha256": _check_spans(frame, doc, spans) if spans is not None else None,
        }
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({_META_KEY: json.dumps(meta).encode()})
        path = self.entry_path(doc.sha256, signature)
        tmp = _temporary(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            _report_unwritable(self.directory, exc)

    def file_sha256(self, path: Path) -> str:
        """:func:`file_sha256` with this cache's memo."""
        return file_sha256(path, self.directory)


def _entry_meta(schema_meta: Mapping[bytes, bytes] | None) -> dict[str, Any]:
    raw = (schema_meta or {}).get(_META_KEY)
    if raw is None:
        raise _Invalid("it records no owner or checksum (an older cache format)")
    meta = json.loads(raw)
    if not isinstance(meta, dict):
        raise _Invalid("its metadata is not a JSON object")
    return meta


def _report_once(seen: set[Path], directory: Path, action: str, exc: OSError) -> None:
    if directory not in seen:
        seen.add(directory)
        logger.warning(
            "the annotation cache %s cannot be %s (%s); going on without caching",
            directory,
            "written" if action == "write" else "read",
            exc.strerror or exc,
        )


def _report_unwritable(directory: Path, exc: OSError) -> None:
    _report_once(_UNWRITABLE, directory, "write", exc)


def _temporary(path: Path) -> Path:
    """``<stem>.<host>-<thread>.<pid>.tmp`` beside ``path``: no other writer has this name."""
    return path.with_name(f"{path.stem}.{_HOST}-{threading.get_ident():x}.{os.getpid()}.tmp")


def _writer_gone(tmp: Path) -> bool:
    """Whether the writer of a temporary file has ended: the file is stale, or its process on
    this machine is gone (``<stem>.<host>-<thread>.<pid>.tmp``; older ``<stem>.<pid>.tmp``).
    Another machine's processes are not ours to look up: only age tells there."""
    try:
        if time.time() - tmp.stat().st_mtime > _STALE_SECONDS:
            return True
        *_, writer, pid, _suffix = tmp.name.split(".")
        if "-" in writer and writer.split("-")[0] != _HOST:
            return False
        return process_gone(int(pid))
    except (OSError, ValueError):
        return False


def sweep_stale_temporaries(directory: Path) -> list[Path]:
    """Remove the ``*.tmp`` files of killed runs under ``directory`` (once per process)."""
    if directory in _SWEPT:
        return []
    _SWEPT.add(directory)
    removed = []
    for tmp in directory.glob("**/*.tmp") if directory.is_dir() else []:
        if _writer_gone(tmp):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                continue
    if removed:
        logger.info(
            "removed %d temporary file(s) left by killed runs in %s", len(removed), directory
        )
    return removed


def _read_memo(memo_file: Path) -> dict[str, str]:
    """The model-hash memo; a file that is not an object of hashes is reported and rebuilt."""
    if not memo_file.is_file():
        return {}
    try:
        memo = json.loads(memo_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("rebuilding %s (it does not parse: %s)", memo_file, exc)
        return {}
    if not isinstance(memo, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 64 for k, v in memo.items()
    ):
        logger.warning("rebuilding %s (it is not an object of sha256 hashes)", memo_file)
        return {}
    return memo


def file_sha256(path: Path, memo_dir: Path | None) -> str:
    """sha256 of a (model) file, remembered in ``memo_dir`` per (path, size, mtime)."""
    st = path.stat()
    stamp = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    memo_file = memo_dir / _MODEL_HASHES if memo_dir else None
    memo = _read_memo(memo_file) if memo_file else {}
    if stamp in memo:
        return memo[stamp]
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if memo_file and memo_file.parent not in _UNWRITABLE:
        memo[stamp] = digest
        tmp = _temporary(memo_file)
        try:
            memo_file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(memo, sort_keys=True, indent=0), "utf-8")
            os.replace(tmp, memo_file)
        except OSError as exc:
            _report_unwritable(memo_file.parent, exc)
    return digest
