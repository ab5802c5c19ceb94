"""Gold brand mentions: the one reader of a gold file, checking every line.

A gold file is JSON lines, one mention per line (``shared/eval/brand_mentions/GUIDELINES.md``)::

    {"doc": "01_x.txt", "start": 1, "end": 7, "surface": "ويندوز", "brand": "Windows", "script": "arabic"}

``doc`` names a document (file name or id), ``start``/``end`` are Python ``str`` offsets into
its text with ``text[start:end] == surface``, ``script`` is ``arabic`` or ``latin`` and the
optional ``category`` one of :data:`CATEGORIES` (default ``brand``). Blank lines are allowed.

:func:`read_gold` refuses a file that would make a score mean something else than it says:
a line that is not a JSON object, a missing or unknown field, an offset that is not a whole
number (``19.7`` is not truncated), a negative, empty or reversed span, a duplicated span
(it would be counted twice), overlapping brand spans and, given the corpus, a document that is
not in it (it would be scored as misses), a span beyond the end of the text or a ``surface``
that is not the text at the span (spans off by one). The error names the file, each line and
its problem. The file must be UTF-8 (a BOM is accepted; other encodings are named, see
:mod:`corpus_tools.textfile`). ``evaluate-loanwords`` and ``dataset build --gold`` both read
gold files here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from corpus_tools.textfile import decode_utf8, shown_path

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus

__all__ = ["CATEGORIES", "GOLD_COLUMNS", "SCRIPTS", "GoldError", "GoldProblem", "read_gold"]

#: Columns (and dtypes) of the table :func:`read_gold` returns.
GOLD_COLUMNS: dict[str, str] = {
    "doc": "str",
    "start": "int64",
    "end": "int64",
    "surface": "str",
    "brand": "str",
    "script": "str",
    "category": "str",
}
#: Mention categories a gold line may carry (the detector's categories).
CATEGORIES: tuple[str, ...] = ("brand", "english", "foreign", "assimilated")
#: Scripts of a gold span (the guidelines: no mixed-script spans).
SCRIPTS: tuple[str, ...] = ("arabic", "latin")
_REQUIRED = ("doc", "start", "end", "surface", "brand", "script")
_TEXT_FIELDS = ("doc", "surface", "brand")
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class GoldProblem:
    """One problem of a gold file: the 1-based line and what is wrong there."""

    line: int
    message: str


class GoldError(ValueError):
    """A gold file that cannot be trusted; the message names the file, lines and problems."""

    def __init__(self, message: str, problems: Sequence[GoldProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def _field_problems(rec: Mapping[str, Any]) -> list[str]:
    """What is wrong with the fields of one parsed line (empty: nothing)."""
    missing = [k for k in _REQUIRED if k not in rec]
    unknown = sorted(set(rec) - set(GOLD_COLUMNS))
    problems = []
    if missing:
        problems.append(f"missing field(s) {', '.join(missing)}")
    if unknown:
        problems.append(
            f"unknown field(s) {', '.join(unknown)} (expected {', '.join(GOLD_COLUMNS)})"
        )
    for key in ("start", "end"):
        if key not in rec:
            continue
        value = rec[key]
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{key} {json.dumps(value)} is not a whole number")
        elif value < 0:
            problems.append(f"{key} {value} is negative")
    problems.extend(
        f"{key} {json.dumps(rec[key], ensure_ascii=False)} is not a non-empty string"
        for key in _TEXT_FIELDS
        if key in rec and (not isinstance(rec[key], str) or not rec[key])
    )
    if "script" in rec and rec["script"] not in SCRIPTS:
        problems.append(f"script {json.dumps(rec['script'])} is not one of {', '.join(SCRIPTS)}")
    if rec.get("category", "brand") not in CATEGORIES:
        problems.append(
            f"category {json.dumps(rec['category'])} is not one of {', '.join(CATEGORIES)}"
        )
    return problems


def _parse_line(line: str) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [f"not JSON ({exc.msg} at column {exc.colno})"]
    if not isinstance(rec, dict):
        return None, [f"not a JSON object but {type(rec).__name__} {line.strip()[:40]}"]
    problems = _field_problems(rec)
    if not problems and rec["end"] <= rec["start"]:
        problems.append(f"empty or reversed span [{rec['start']}, {rec['end']})")
    return (None if problems else rec), problems


def _parse(text: str) -> tuple[pd.DataFrame, list[GoldProblem]]:
    """Every line parsed and checked on its own; the rows keep their ``line`` number."""
    rows: list[dict[str, Any]] = []
    problems: list[GoldProblem] = []
    # JSON lines end at "\n" only (a U+2028 may sit raw inside a JSON string)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        rec, found = _parse_line(line)
        problems.extend(GoldProblem(number, f) for f in found)
        if rec is not None:
            rows.append({"category": "brand"} | rec | {"line": number})
    table = pd.DataFrame(rows, columns=[*GOLD_COLUMNS, "line"])
    return table.astype(GOLD_COLUMNS | {"line": "int64"}), problems


def _doc_keys(docs: pd.Series, corpus: Corpus | None) -> tuple[pd.Series, pd.Series]:
    """A key per ``doc`` (the id; the name less ``.txt`` if unknown) and whether it is known."""
    stem = docs.str.replace(r"\.txt$", "", regex=True)
    if corpus is None:
        return stem, pd.Series(True, index=docs.index)
    ids = {d.id: d.id for d in corpus} | {d.name: d.id for d in corpus}
    known = docs.isin(ids)
    return stem.where(~known, docs.map(ids)), known


def _duplicates_and_overlaps(table: pd.DataFrame, key: pd.Series) -> list[GoldProblem]:
    """Duplicated spans (any category) and overlapping brand spans, by line."""
    problems = []
    t = table.assign(key=key).sort_values(["key", "start", "end", "line"], kind="stable")
    dup = t.duplicated(["key", "start", "end"], keep="first")
    first_line = t.groupby(["key", "start", "end"])["line"].transform("min")
    for line, first in zip(t.loc[dup, "line"], first_line[dup], strict=True):
        problems.append(GoldProblem(int(line), f"the same span as line {first} (counted twice)"))
    brands = t[(t["category"] == "brand") & ~dup]
    same_doc = brands["key"].to_numpy()[1:] == brands["key"].to_numpy()[:-1]
    overlap = same_doc & (brands["start"].to_numpy()[1:] < brands["end"].to_numpy()[:-1])
    for i in overlap.nonzero()[0]:
        a, b = brands.iloc[i], brands.iloc[i + 1]
        problems.append(
            GoldProblem(
                int(b["line"]),
                f"brand span [{b['start']}, {b['end']}) overlaps [{a['start']}, {a['end']}) "
                f"of line {a['line']}",
            )
        )
    return problems


def _span_problem(text: str, doc: str, start: int, end: int, surface: str) -> str | None:
    if end > len(text):
        return f"span [{start}, {end}) runs past the end of {doc} ({len(text)} characters)"
    if text[start:end] != surface:
        return (
            f"surface {surface!r} is not the text at [{start}, {end}) of {doc} "
            f"({text[start:end]!r})"
        )
    return None


def _text_problems(
    table: pd.DataFrame, key: pd.Series, known: pd.Series, corpus: Corpus
) -> list[GoldProblem]:
    """Unknown documents, spans beyond the text, and surfaces that are not the text there."""
    problems = []
    columns = [table[c].tolist() for c in ("line", "doc", "start", "end", "surface")]
    for line, doc, start, end, surface, doc_id, ok in zip(
        *columns, key.tolist(), known.tolist(), strict=True
    ):
        if not ok:
            problems.append(GoldProblem(line, f"document {doc!r} is not in the corpus"))
            continue
        found = _span_problem(corpus[doc_id].text, doc, start, end, surface)
        if found is not None:
            problems.append(GoldProblem(line, found))
    return problems


def _error(path: Path, problems: list[GoldProblem]) -> GoldError:
    problems = sorted(problems, key=lambda p: p.line)
    shown = "; ".join(f"line {p.line}: {p.message}" for p in problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    tail = f" (and {more} more)" if more > 0 else ""
    noun = "problem" if len(problems) == 1 else "problems"
    return GoldError(
        f"{shown_path(path)}: {len(problems)} {noun} in the gold file: {shown}{tail}", problems
    )


def read_gold(path: str | Path, corpus: Corpus | None = None) -> pd.DataFrame:
    """Read and check a gold mentions file (see the module docstring for the rules).

    Parameters
    ----------
    path : the JSON-lines gold file.
    corpus : the documents the gold annotates; when given, every line is also checked against
        them (known document, span inside the text, ``text[start:end] == surface``).

    Returns
    -------
    DataFrame with the columns of :data:`GOLD_COLUMNS` (``doc`` as written in the file,
    ``category`` ``brand`` where the line has none), in file order;
    ``attrs["signature"]`` is ``mentions:gold:<file name>``.

    Raises
    ------
    GoldError
        naming the file and, for each bad line (the first five are shown), its number and problem.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise GoldError(
            f"{shown_path(p)}: cannot read the gold file ({exc.strerror or exc})"
        ) from None
    table, problems = _parse(decode_utf8(raw, p, GoldError))
    if table.empty and not problems:
        raise GoldError(f"{shown_path(p)}: the gold file holds no mentions")
    key, known = _doc_keys(table["doc"], corpus)
    problems += _duplicates_and_overlaps(table, key)
    if corpus is not None:
        problems += _text_problems(table, key, known, corpus)
    if problems:
        raise _error(p, problems)
    gold = table.drop(columns="line").reset_index(drop=True)
    gold.attrs["signature"] = f"mentions:gold:{p.name}"
    return gold
