"""What a folder holds, file by file: relative path, size and SHA-256 (the one file-hash table).

The dataset build reports it, the push uploads exactly it, and a report build can list its files
with it too (``file_table(root)`` gives the ``path``, ``bytes``, ``sha256`` columns of
``corpus_tools.report``'s own table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

import pandas as pd

__all__ = ["file_table"]

_CHUNK = 1 << 20


def file_table(
    folder: str | Path, *, local_paths: bool = False, skip_names: Collection[str] = ()
) -> pd.DataFrame:
    """Every file under ``folder`` (recursively), sorted by path, except files named in
    ``skip_names`` (a build's manifest, say).

    Returns
    -------
    DataFrame ``path`` (relative, POSIX), ``bytes``, ``sha256`` (hex) and, with
    ``local_paths=True``, ``local_path`` (the file on this machine).
    """
    root = Path(folder)
    rows = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name not in skip_names:
            digest = hashlib.sha256()
            with p.open("rb") as fh:
                while block := fh.read(_CHUNK):
                    digest.update(block)
            rows.append(
                (p.relative_to(root).as_posix(), p.stat().st_size, digest.hexdigest(), str(p))
            )
    table = pd.DataFrame(rows, columns=["path", "bytes", "sha256", "local_path"]).astype(
        {"path": "str", "bytes": "int64", "sha256": "str", "local_path": "str"}
    )
    return table if local_paths else table.drop(columns="local_path")
