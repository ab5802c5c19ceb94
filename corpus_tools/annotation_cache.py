"""The on-disk annotation cache: one parquet file per document and annotator setup.

A backend whose analysis is slow (stanza) keeps each document's raw analysis under a key made
of the document's sha256 and the backend's *cache signature*: everything that can change the
analysis (library version, processors, packages, the sha256 of every model file, options, the
cache format). Changing a model file changes the key, so an entry made with other models is
never read; cheap post-processing runs after every read, so fixing it needs no purge.

Layout: ``<cache_dir>/<namespace>/<key[:2]>/<key>.parquet``, written to a temporary file and
renamed into place. An entry that does not parse as parquet, or holds other columns, is a miss
(logged), not an error. Model-file hashes are remembered in ``<cache_dir>/model_hashes.json`` per
(path, size, mtime), so large models are hashed once.

The folder is ``cache_dir`` when given, else :func:`corpus_tools.paths.default_cache_dir`
(``$CORPUS_TOOLS_CACHE_DIR``, ``$XDG_CACHE_HOME/corpus_tools``, ``~/.cache/corpus_tools``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpus_tools.paths import default_cache_dir

__all__ = ["AnnotationCache", "file_sha256"]

logger = logging.getLogger(__name__)

_MODEL_HASHES = "model_hashes.json"


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
        self, doc_sha256: str, signature: str, dtypes: Mapping[str, str]
    ) -> pd.DataFrame | None:
        """The cached frame with columns ``dtypes``, or None (absent, unreadable, other shape)."""
        path = self.entry_path(doc_sha256, signature)
        if not path.is_file():
            return None
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError):  # a truncated or foreign file is a cache miss, not an error
            logger.warning("ignoring unreadable cache file %s", path)
            return None
        if list(frame.columns) != list(dtypes):
            return None
        return frame.astype(dict(dtypes))

    def write(self, doc_sha256: str, signature: str, frame: pd.DataFrame) -> None:
        """Store ``frame`` as the entry (temporary file, then an atomic rename)."""
        path = self.entry_path(doc_sha256, signature)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)

    def file_sha256(self, path: Path) -> str:
        """:func:`file_sha256` with this cache's memo."""
        return file_sha256(path, self.directory)


def file_sha256(path: Path, memo_dir: Path | None) -> str:
    """sha256 of a (model) file, remembered in ``memo_dir`` per (path, size, mtime)."""
    st = path.stat()
    stamp = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    memo_file = memo_dir / _MODEL_HASHES if memo_dir else None
    memo: dict[str, str] = {}
    if memo_file and memo_file.is_file():
        try:
            memo = json.loads(memo_file.read_text("utf-8"))
        except ValueError:
            memo = {}
    if stamp in memo:
        return memo[stamp]
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if memo_file:
        memo[stamp] = digest
        memo_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(memo, sort_keys=True, indent=0), "utf-8")
        os.replace(tmp, memo_file)
    return digest
