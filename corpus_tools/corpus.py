"""The corpus model: exact document texts with their checksums, and scraper residue.

``load_corpus`` is the only place where seed files are read. A :class:`Document` keeps the
decoded text exactly (no newline translation, no stripping; a leading UTF-8 BOM is accepted
and not part of ``text``), so every offset computed downstream indexes the file's text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["Corpus", "CorpusError", "Document", "load_corpus", "residue_spans"]

_BOM = b"\xef\xbb\xbf"


class CorpusError(ValueError):
    """A corpus file cannot be read as promised (missing, empty, not UTF-8)."""


@dataclass(frozen=True)
class Document:
    """One text of the corpus.

    Attributes
    ----------
    id : file stem (``000_30e8b2e888576925``).
    title : first non-empty line, stripped.
    text : the exact decoded text.
    path : where it was read from.
    sha256 : hex digest of the raw file bytes (BOM included).
    """

    id: str
    title: str
    text: str
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        """File name (``000_30e8b2e888576925.txt``): the ``doc`` key of CLI output."""
        return self.path.name


@dataclass(frozen=True)
class Corpus:
    """An ordered collection of documents (sorted by file name when read from a folder)."""

    documents: tuple[Document, ...]
    source: str = ""
    _by_id: dict[str, Document] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Document] = {}
        for doc in self.documents:
            if doc.id in by_id:
                raise CorpusError(
                    f"two documents share the id {doc.id!r}: {by_id[doc.id].path} and {doc.path}"
                )
            by_id[doc.id] = doc
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            return self._by_id[key]
        return self.documents[key]

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.documents]

    @property
    def sha256(self) -> str:
        """Checksum of the whole corpus: sha256 over the documents' ids and checksums."""
        h = hashlib.sha256()
        for d in self.documents:
            h.update(f"{d.id}\t{d.sha256}\n".encode())
        return h.hexdigest()

    def to_frame(self) -> pd.DataFrame:
        """One row per document: ``id``, ``name``, ``title``, ``n_chars``, ``sha256``."""
        return pd.DataFrame(
            {
                "id": [d.id for d in self.documents],
                "name": [d.name for d in self.documents],
                "title": [d.title for d in self.documents],
                "n_chars": [len(d.text) for d in self.documents],
                "sha256": [d.sha256 for d in self.documents],
            }
        )


def _decode(raw: bytes, path: Path) -> str:
    body = raw.removeprefix(_BOM)
    try:
        return body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        raise CorpusError(
            f"{path}: invalid UTF-8 at byte offset {offset} "
            f"(byte 0x{raw[offset]:02x}: {exc.reason}); the corpus must be UTF-8"
        ) from None


def read_document(path: str | Path) -> Document:
    """Read one UTF-8 text file into a :class:`Document` (strict; errors name file and byte)."""
    p = Path(path)
    if not p.is_file():
        raise CorpusError(f"{p}: no such file")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    text = _decode(raw, p)
    if not text.strip():
        raise CorpusError(f"{p}: the file is empty (no text to analyse)")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return Document(
        id=p.stem, title=title, text=text, path=p, sha256=hashlib.sha256(raw).hexdigest()
    )


def _expand(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(p.glob("*.txt"))
            if not found:
                raise CorpusError(f"{p}: the folder holds no *.txt files")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise CorpusError(f"{p}: no such file or folder")
    if not files:
        raise CorpusError("no corpus files given")
    return files


def load_corpus(paths: str | Path | Sequence[str | Path]) -> Corpus:
    """Read a folder (all ``*.txt``, sorted by name) or a list of files.

    Raises
    ------
    CorpusError
        for a missing path, an empty file, or invalid UTF-8 (naming the file and byte offset).
    """
    files = _expand(paths)
    source = str(paths) if isinstance(paths, (str, Path)) else ",".join(str(p) for p in paths)
    return Corpus(tuple(read_document(f) for f in files), source=source)


@cache
def _residue_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The whole-line patterns of ``data/residue.json`` as one regex (one pass over a text)."""
    data = json.loads(
        resources.files("corpus_tools.data").joinpath("residue.json").read_text("utf-8")
    )
    names = tuple(data["line_patterns"])
    alternatives = "|".join(
        f"(?P<r{i}>{pat.removeprefix('^').removesuffix('$')})"
        for i, pat in enumerate(data["line_patterns"].values())
    )
    return re.compile(rf"^[^\S\n]*(?:{alternatives})[^\S\n]*$", re.MULTILINE), names


def residue_spans(corpus: Corpus | Document) -> pd.DataFrame:
    """Mark scraper residue (``Loading``, ``شارك الخبر :``) without removing it from the text.

    The cleaning step is explicit: the text stays verbatim, and this function lists the spans
    that analyses exclude (``exclude=("residue",)``). Patterns live in ``data/residue.json``
    and match whole lines.

    Returns
    -------
    DataFrame with columns ``doc`` (document id), ``start``, ``end`` (offsets of the stripped
    line), ``text`` (the excluded text) and ``rule`` (pattern name).
    """
    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    rows: list[tuple[str, int, int, str, str]] = []
    for doc in docs:
        pattern, names = _residue_pattern()
        for m in pattern.finditer(doc.text):
            group = next(g for g in m.groupdict() if m.group(g) is not None)
            start, end = m.span(group)
            rows.append((doc.id, start, end, m.group(group), names[int(group[1:])]))
    return pd.DataFrame(rows, columns=["doc", "start", "end", "text", "rule"]).astype(
        {"doc": "str", "start": "int64", "end": "int64", "text": "str", "rule": "str"}
    )
