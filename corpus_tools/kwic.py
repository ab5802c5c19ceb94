"""Concordances (KWIC: key word in context) cut from the original text through token offsets.

The token table holds offsets, not text between tokens, so :func:`kwic` slices each
document's text when the corpus is given: ``left = text[left_start:start]``, ``match =
text[start:end]``, ``right = text[end:right_end]``. Spaces, punctuation, quotation marks and
line breaks between the tokens are therefore exactly those of the source. Without the corpus
the text is rebuilt from the token table (every token at its offsets, a space for every other
character): the words are exact, the white space between them is not.

The window counts orthographic tokens (``وللشركة`` is one, however many syntactic words the
annotator splits it into), so a concordance reads the same with either segmentation.

The result is a :class:`KwicTable` (a ``DataFrame``) that Jupyter renders as a right-to-left
HTML table (``dir="rtl"``): the preceding context sits to the right of the match, the
following context to its left, and every cell is bidi-isolated (``<bdi>``) so that Latin names,
numbers and punctuation inside Arabic text keep their places.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.signature import extend_signature

__all__ = ["KwicTable", "NoMatchWarning", "kwic", "kwic_html", "warn_no_match"]


class NoMatchWarning(UserWarning):
    """A query or node matched no token: the result is empty (a typo, or the wrong ``by``)."""


def warn_no_match(what: str, query: object, by: str) -> None:
    """Warn that ``query`` matched nothing, saying how to look for it instead."""
    hint = (
        "norm folds case, hamza forms, diacritics and tatweel; try by='surface' for the exact "
        "spelling"
        if by == "norm"
        else "try by='norm', which folds case, hamza forms, diacritics and tatweel"
    )
    warnings.warn(
        f"{what} {query!r} matches no token (by={by!r}); the table is empty. {hint}.",
        NoMatchWarning,
        stacklevel=3,
    )


KWIC_COLUMNS = ("doc", "index", "start", "end", "left", "match", "right")


class KwicTable(pd.DataFrame):
    """A concordance ``DataFrame`` that renders as an RTL HTML table in Jupyter."""

    @property
    def _constructor(self) -> type[KwicTable]:
        return KwicTable

    def _repr_html_(self) -> str | None:
        if not {"left", "match", "right"} <= set(self.columns):
            return getattr(super(), "_repr_html_")()  # noqa: B009 (not in pandas-stubs)
        return kwic_html(self)


def _texts(tokens: pd.DataFrame, corpus: Any) -> dict[str, str]:
    docs = pd.unique(tokens["doc"]).tolist()
    if isinstance(corpus, str):
        if len(docs) > 1:
            raise ValueError(
                f"a single text was given but the token table holds {len(docs)} documents; "
                "pass the Corpus (or a mapping doc id → text)"
            )
        return {str(d): corpus for d in docs}
    if hasattr(corpus, "text") and hasattr(corpus, "id"):  # a Document
        return {corpus.id: corpus.text}
    if isinstance(corpus, Mapping):
        return {str(k): str(v) for k, v in corpus.items()}
    try:
        return {doc.id: doc.text for doc in corpus}
    except (TypeError, AttributeError):
        raise TypeError(
            f"corpus must be a Corpus, a Document, a mapping doc id → text or a str, "
            f"got {type(corpus).__name__}"
        ) from None


def _rebuilt_texts(tokens: pd.DataFrame) -> dict[str, str]:
    """Each document's text rebuilt from its tokens: surfaces at their offsets, spaces between."""
    out: dict[str, str] = {}
    surfaces = tokens["surface"].astype("str")
    for doc, rows in tokens.groupby("doc", sort=False).indices.items():  # per document
        start = tokens["start"].to_numpy()[rows]
        pieces = surfaces.iloc[rows].tolist()
        joined = np.frombuffer("".join(pieces).encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        size = int((start + lengths).max()) if len(rows) else 0
        chars = np.full(size, ord(" "), dtype=np.uint32)
        offset = np.repeat(start - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        chars[np.arange(len(joined)) + offset] = joined
        out[str(doc)] = chars.tobytes().decode("utf-32-le")
    return out


def _term_mask(values: pd.Series, term: str, *, regex: bool, by: str) -> np.ndarray:
    if regex:
        try:
            re.compile(term)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {term!r}: {exc}") from None
        return values.str.fullmatch(term).to_numpy(dtype=bool, na_value=False)
    if by == "norm":
        from corpus_tools.normalize import normalize

        term = normalize(term)
    return (values == term).to_numpy(dtype=bool, na_value=False)


def _column_or(tokens: pd.DataFrame, name: str, default: np.ndarray) -> np.ndarray:
    return tokens[name].to_numpy(dtype=np.int64) if name in tokens.columns else default


def _token_heads(tokens: pd.DataFrame) -> np.ndarray:
    """True for the first word of each orthographic token (every row without token spans)."""
    if not {"token_start", "token_end"} <= set(tokens.columns):
        return np.ones(len(tokens), dtype=bool)
    ts = tokens["token_start"].to_numpy()
    te = tokens["token_end"].to_numpy()
    head = np.ones(len(tokens), dtype=bool)
    head[1:] = (ts[1:] != ts[:-1]) | (te[1:] != te[:-1])
    return head


def kwic(
    tokens: pd.DataFrame,
    query: str,
    *,
    corpus: Any = None,
    window: int = 5,
    by: str = "norm",
    regex: bool = False,
    count_punct: bool = False,
) -> KwicTable:
    """Concordance lines for ``query``.

    Parameters
    ----------
    tokens : token table of ``corpus``.
    query : one term, or several separated by spaces to match consecutive tokens
        (``"شركة OpenAI"``). With ``by="norm"`` each term is normalised first, so
        ``"جوجل"`` also finds ``جوجـل``.
    corpus : the texts the offsets point into: the ``Corpus`` (or a ``Document``, a mapping
        doc id → text, or the text itself when ``tokens`` has one document). Optional: without
        it the contexts are rebuilt from the token table (exact words, single spaces).
    window : number of orthographic tokens of context on each side (within the document).
    by : token attribute to match (default ``"norm"``, as every analysis of the package;
        ``"surface"`` for the exact spelling, ``"lemma"`` ...).
    regex : each query term is a regular expression that must match the whole value
        (``re.fullmatch``), e.g. ``"Open.*"``.
    count_punct : count punctuation tokens in the window (AntConc does not, nor do we by default).

    Returns
    -------
    KwicTable (a pandas.DataFrame), one row per match in document order:
    ``doc`` (document id), ``index`` (word number of the first matched token), ``start``,
    ``end`` (offsets of the match in the document text), ``left``, ``match``, ``right``
    (exact text slices). ``attrs["signature"]`` records the settings. A query that matches
    nothing gives an empty table and a :class:`NoMatchWarning`.
    """
    terms = _check_kwic_args(tokens, query, window=window, by=by)
    texts = _document_texts(tokens, corpus)
    doc_codes, doc_ids = pd.factorize(tokens["doc"])
    first = _match_rows(tokens[by], doc_codes, terms, regex=regex, by=by)
    last = first + len(terms) - 1
    if not len(first):
        warn_no_match("query", query, by)
    if len(tokens) and not (np.diff(doc_codes) >= 0).all():
        raise ValueError("the token table must list each document's tokens contiguously")
    start = tokens["start"].to_numpy(dtype=np.int64)
    end = tokens["end"].to_numpy(dtype=np.int64)
    counted = _counted_words(tokens, count_punct=count_punct)
    left_start, right_end = _context_bounds(
        tokens, doc_codes, len(doc_ids), counted, first, last, window=window
    )
    doc_names = np.asarray(doc_ids, dtype=object)[doc_codes[first]]
    m_start, m_end = start[first], end[last]
    rows = _slice_lines(texts, doc_names, left_start, m_start, m_end, right_end)
    if "surface" in tokens.columns and len(terms) == 1:
        _check_surfaces(tokens, rows, first, doc_names)
    index = tokens["index"].to_numpy()[first] if "index" in tokens.columns else first
    out = _kwic_table(doc_names, index, m_start, m_end, rows)
    out.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"),
        analysis="kwic",
        query=query,
        by=by,
        regex=regex,
        window=window,
        count_punct=count_punct,
    )
    return out


def _kwic_table(
    doc_names: np.ndarray,
    index: np.ndarray,
    m_start: np.ndarray,
    m_end: np.ndarray,
    rows: list[tuple[str, str, str]],
) -> KwicTable:
    return KwicTable(
        {
            "doc": pd.Series(doc_names, dtype="str"),
            "index": pd.Series(index, dtype="int64"),
            "start": pd.Series(m_start, dtype="int64"),
            "end": pd.Series(m_end, dtype="int64"),
            "left": pd.Series([r[0] for r in rows], dtype="str"),
            "match": pd.Series([r[1] for r in rows], dtype="str"),
            "right": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


def _document_texts(tokens: pd.DataFrame, corpus: Any) -> Mapping[str, str]:
    """Doc id → text for every document of ``tokens`` (rebuilt from the tokens without a corpus)."""
    texts = _rebuilt_texts(tokens) if corpus is None else _texts(tokens, corpus)
    missing = sorted(set(pd.unique(tokens["doc"]).tolist()) - set(texts))
    if missing:
        raise ValueError(f"the corpus has no text for document(s) {missing[:5]}")
    return texts


def _check_kwic_args(tokens: pd.DataFrame, query: str, *, window: int, by: str) -> list[str]:
    """The query terms, once the token table and the settings are known to be usable."""
    for col in ("doc", "start", "end", by):
        if col not in tokens.columns:
            raise ValueError(f"kwic needs the token-table column {col!r}")
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    terms = query.split()
    if not terms:
        raise ValueError("empty query")
    return terms


def _match_rows(
    values: pd.Series, doc_codes: np.ndarray, terms: list[str], *, regex: bool, by: str
) -> np.ndarray:
    """Rows where ``terms`` match consecutive tokens of one document (the first token's row)."""
    m = len(values) - len(terms) + 1
    hit = np.zeros(max(m, 0), dtype=bool)
    if m > 0:
        hit[:] = True
        for k, term in enumerate(terms):
            hit &= _term_mask(values, term, regex=regex, by=by)[k : k + m]
            if k:
                hit &= doc_codes[k : k + m] == doc_codes[:m]
    return np.flatnonzero(hit)


def _counted_words(tokens: pd.DataFrame, *, count_punct: bool) -> np.ndarray:
    """Rows that count towards the window: word heads, punctuation only if asked for."""
    if count_punct or "script" not in tokens.columns:
        counted = np.ones(len(tokens), dtype=bool)
    else:
        counted = (tokens["script"] != "punct").to_numpy(dtype=bool, na_value=True)
    return counted & _token_heads(tokens)


def _context_bounds(
    tokens: pd.DataFrame,
    doc_codes: np.ndarray,
    n_docs: int,
    counted: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    *,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Offsets where each line's left context starts and its right context ends.

    ``window`` counted words on each side, never crossing the document's edges; a side with no
    word is empty (it starts or ends at the match).
    """
    start = tokens["start"].to_numpy(dtype=np.int64)
    end = tokens["end"].to_numpy(dtype=np.int64)
    left_start, right_end = start[first], end[last]
    word_rows = np.flatnonzero(counted)
    if not (len(first) and len(word_rows)):
        return left_start, right_end
    tok_start = _column_or(tokens, "token_start", start)
    tok_end = _column_or(tokens, "token_end", end)
    d = doc_codes[first]
    csum = np.cumsum(counted)
    # Ranks of the counted words bounding each document: [doc_lo, doc_hi).
    codes = np.arange(n_docs)
    first_row = np.searchsorted(doc_codes, codes, side="left")
    last_row = np.searchsorted(doc_codes, codes, side="right") - 1
    doc_lo = csum[first_row] - counted[first_row]
    doc_hi = csum[last_row]
    before = csum[first] - counted[first]  # counted words before the match
    left_rank = np.maximum(before - window, doc_lo[d])
    has_left = left_rank < before
    left_idx = word_rows[np.minimum(left_rank, len(word_rows) - 1)]
    left_start = np.where(has_left, tok_start[left_idx], left_start)
    after = csum[last]  # rank of the first counted word after the match
    right_rank = np.minimum(after + window, doc_hi[d]) - 1
    has_right = right_rank >= after
    right_idx = word_rows[np.clip(right_rank, 0, len(word_rows) - 1)]
    right_end = np.where(has_right, tok_end[right_idx], right_end)
    return left_start, right_end


def _slice_lines(
    texts: Mapping[str, str],
    doc_names: np.ndarray,
    left_start: np.ndarray,
    m_start: np.ndarray,
    m_end: np.ndarray,
    right_end: np.ndarray,
) -> list[tuple[str, str, str]]:
    """``(left, match, right)`` sliced from each document's text (offsets checked)."""
    rows = []
    for doc, ls, s, e, re_ in zip(
        doc_names, left_start, m_start, m_end, right_end, strict=True
    ):  # per match
        text = texts[str(doc)]
        if e > len(text):
            raise ValueError(
                f"document {doc!r}: offset {e} beyond the text ({len(text)} chars); wrong corpus?"
            )
        rows.append((text[ls:s], text[s:e], text[e:re_]))
    return rows


def _check_surfaces(
    tokens: pd.DataFrame,
    rows: list[tuple[str, str, str]],
    first: np.ndarray,
    doc_names: np.ndarray,
) -> None:
    """Each single-token match must read as its token's surface: else the corpus is wrong."""
    surfaces = tokens["surface"].to_numpy(dtype=object)
    start, end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    for (_, match, _), row, doc in zip(rows, first, doc_names, strict=True):
        if match != surfaces[row]:
            raise ValueError(
                f"document {doc!r}: text[{start[row]}:{end[row]}] is {match!r}, "
                f"the token table says {surfaces[row]!r}; tokens and corpus do not match"
            )


def _cell(text: Any, cls: str, direction: str = "rtl") -> str:
    # An explicit direction: with dir="auto" a context starting with a Latin name ("Sora من
    # شركة") would be laid out left to right.
    shown = html.escape(str(text), quote=False).replace("\n", "↵")
    return f'<td class="{cls}"><bdi dir="{direction}">{shown}</bdi></td>'


def kwic_html(table: pd.DataFrame, *, max_rows: int = 500) -> str:
    """Render a concordance as an HTML table laid out right to left.

    Line breaks inside contexts are shown as ``↵``; other text is escaped, not altered.
    """
    style = (
        "<style>"
        ".ct-kwic td{unicode-bidi:isolate;white-space:nowrap;padding:2px 6px}"
        ".ct-kwic td.left{text-align:left;overflow:hidden;max-width:40ch}"
        ".ct-kwic td.right{text-align:right;overflow:hidden;max-width:40ch}"
        ".ct-kwic td.match{text-align:center;font-weight:bold}"
        "</style>"
    )
    head = (
        "<thead><tr><th>doc</th><th>start</th><th>left (preceding)</th>"
        "<th>match</th><th>right (following)</th></tr></thead>"
    )
    body = [
        "<tr>"
        + _cell(getattr(row, "doc", ""), "doc", "ltr")
        + _cell(getattr(row, "start", ""), "start", "ltr")
        + _cell(row.left, "left")
        + _cell(row.match, "match")
        + _cell(row.right, "right")
        + "</tr>"
        for row in table.head(max_rows).itertuples(index=False)
    ]
    more = len(table) - max_rows
    foot = f'<caption dir="ltr">{more} more lines not shown</caption>' if more > 0 else ""
    return f'{style}<table dir="rtl" class="ct-kwic">{foot}{head}<tbody>{"".join(body)}</tbody></table>'
