"""The corpus model: exact document texts with their checksums, and scraper residue.

``load_corpus`` is the only place where seed files are read. A :class:`Document` keeps the
decoded text exactly (no newline translation, no stripping; a leading UTF-8 BOM is accepted
and not part of ``text``), so every offset computed downstream indexes the file's text. What a
text file may hold, and what ends a line, is decided in :mod:`corpus_tools.textfile`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from corpus_tools.textfile import HORIZONTAL_SPACE, LINE_BREAKS, decode_utf8, shown_path

__all__ = [
    "Corpus",
    "CorpusError",
    "Document",
    "Skipped",
    "corpus_files",
    "load_corpus",
    "residue_spans",
    "skipped_note",
]


class CorpusError(ValueError):
    """A corpus file cannot be read as promised (missing, empty, not UTF-8)."""


@dataclass(frozen=True)
class Skipped:
    """A folder entry that :func:`load_corpus` did not read, and why (``hidden``, ``not *.txt``,
    ``a folder``, ``not a regular file``)."""

    path: Path
    reason: str


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
    """An ordered collection of documents (sorted by file name when read from a folder).

    ``skipped`` lists the folder entries that were left out (see :func:`load_corpus`).
    """

    documents: tuple[Document, ...]
    source: str = ""
    skipped: tuple[Skipped, ...] = field(default=(), compare=False)
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


def _stat(p: Path) -> os.stat_result:
    """``stat`` with the reason spelled out: missing, a link loop, or a folder we may not enter."""
    try:
        return p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorpusError(f"{shown_path(p)}: symbolic link loop") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            what = "broken symbolic link" if p.is_symlink() else "no such file or folder"
            raise CorpusError(f"{shown_path(p)}: {what}") from None
        raise CorpusError(f"{shown_path(p)}: cannot be reached ({exc.strerror or exc})") from None


def _check_name(p: Path) -> None:
    try:
        p.name.encode("utf-8")
    except UnicodeEncodeError:
        raise CorpusError(
            f"{shown_path(p)}: the file name is not valid UTF-8 (document ids are file names); "
            "rename the file"
        ) from None


def read_document(path: str | Path) -> Document:
    """Read one UTF-8 text file into a :class:`Document` (strict; errors name file and byte).

    See :mod:`corpus_tools.textfile` for what a text file may hold (UTF-8 with an optional BOM;
    no NUL or other control characters).
    """
    p = Path(path)
    if not stat.S_ISREG(_stat(p).st_mode):
        raise CorpusError(f"{shown_path(p)}: not a regular file")
    _check_name(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{shown_path(p)}: cannot be read ({exc.strerror or exc})") from None
    text = decode_utf8(raw, p, CorpusError)
    if not text.strip():
        raise CorpusError(f"{shown_path(p)}: the file is empty (no text to analyse)")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return Document(
        id=p.stem, title=title, text=text, path=p, sha256=hashlib.sha256(raw).hexdigest()
    )


def _skip_reason(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry is not a corpus file (``None``: it is one). See :func:`load_corpus`.

    A link that loops or leads nowhere counts as a corpus file, so that reading it names the
    problem instead of skipping it silently.
    """
    if entry.name.startswith("."):
        return "hidden"
    if not entry.name.lower().endswith(".txt"):
        return "not *.txt"
    try:
        kind = os.stat(entry.path).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(kind):
        return "a folder"
    return None if stat.S_ISREG(kind) else "not a regular file"


def _folder_files(folder: Path) -> tuple[list[Path], list[Skipped]]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise CorpusError(
            f"{shown_path(folder)}: cannot list the folder ({exc.strerror or exc})"
        ) from None
    files: list[Path] = []
    skipped: list[Skipped] = []
    for entry in entries:
        reason = _skip_reason(entry)
        if reason is None:
            files.append(folder / entry.name)
        else:
            skipped.append(Skipped(folder / entry.name, reason))
    if not files:
        seen = f" (it holds only {_list_skipped(skipped)})" if skipped else " (it is empty)"
        raise CorpusError(f"{shown_path(folder)}: the folder holds no *.txt files{seen}")
    return files, skipped


def _list_skipped(skipped: Sequence[Skipped], limit: int = 8) -> str:
    shown = ", ".join(f"{shown_path(s.path.name)} ({s.reason})" for s in skipped[:limit])
    more = len(skipped) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def skipped_note(corpus: Corpus | Sequence[Skipped]) -> str:
    """One line saying which folder entries :func:`load_corpus` left out ("" if none)."""
    skipped = corpus.skipped if isinstance(corpus, Corpus) else tuple(corpus)
    if not skipped:
        return ""
    return f"note: {len(skipped)} folder entries not read: {_list_skipped(skipped)}"


def corpus_files(
    paths: str | Path | Iterable[str | Path],
) -> tuple[list[Path], list[Skipped]]:
    """The files :func:`load_corpus` reads (folder rule applied) and the entries it leaves out."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    skipped: list[Skipped] = []
    for item in items:
        p = Path(item)
        if stat.S_ISDIR(_stat(p).st_mode):
            found, left_out = _folder_files(p)
            files.extend(found)
            skipped.extend(left_out)
        else:
            files.append(p)
    if not files:
        raise CorpusError("no corpus files given")
    return files, skipped


def load_corpus(paths: str | Path | Sequence[str | Path]) -> Corpus:
    """Read a folder or a list of files (files named directly are read whatever their name).

    Which files a folder contributes (not recursive): the regular files (or links to them)
    directly inside it whose name ends in ``.txt`` in any letter case and does not start with
    ``.``, in order of file name. Everything else is left out and listed in
    :attr:`Corpus.skipped` (the CLI prints it on stderr): hidden entries, other extensions,
    subfolders (even one named ``x.txt``), devices and pipes.

    Raises
    ------
    CorpusError
        for a missing path, a link loop, a folder or file that cannot be read, a file name that
        is not UTF-8, an empty file, a file that is not UTF-8 (naming its likely encoding) or one
        holding control characters (naming the file and offset).
    """
    files, skipped = corpus_files(paths)
    source = str(paths) if isinstance(paths, (str, Path)) else ",".join(str(p) for p in paths)
    docs = tuple(read_document(f) for f in files)
    return Corpus(docs, source=shown_path(source), skipped=tuple(skipped))


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
    # a line ends at any Unicode line break (not only ``\n``), and ``\s`` inside a pattern
    # never reaches into the next line
    alternatives = alternatives.replace(r"\s", HORIZONTAL_SPACE)
    line_start = rf"(?:\A|(?<=[{LINE_BREAKS}]))"
    line_end = rf"(?=[{LINE_BREAKS}]|\Z)"
    pattern = rf"{line_start}{HORIZONTAL_SPACE}*(?:{alternatives}){HORIZONTAL_SPACE}*{line_end}"
    return re.compile(pattern), names


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
