"""CoNLL-U export and import, so annotations interoperate with UD tools.

``to_conllu(tokens)`` writes a token table as CoNLL-U: one sentence block per ``sentence``,
a multi-word-token range line (``4-6  وبالشركة``) for every orthographic token with more than
one word, ``SpaceAfter=No`` and ``TokenRange=start:end`` (UDPipe's convention: offsets into
the document text) in MISC. ``from_conllu(path)`` reads CoNLL-U (with the ``conllu``
package) back into a token table; with the document text it restores the offsets into that
text, otherwise it rebuilds a text from the forms and ``SpaceAfter=No``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from corpus_tools.corpus import Document
from corpus_tools.normalize import DEFAULT_STEPS, steps_signature
from corpus_tools.signature import extend_signature

__all__ = ["ConlluError", "from_conllu", "to_conllu"]

_ZS = re.compile(r"[^\S\n]")


class ConlluError(ValueError):
    """A CoNLL-U file does not fit its text or cannot be read."""


def _na(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "_"
    return str(value) or "_"


def _token_text(
    rows: range, start: np.ndarray, end: np.ndarray, surface: list[str], ts: int, te: int
) -> str | None:
    """The token's text rebuilt from its words (whole-token word, or pieces tiling it)."""
    for i in rows:
        if start[i] == ts and end[i] == te:
            return surface[i]
    order = sorted(rows, key=lambda i: int(start[i]))
    tiles = all(start[b] == end[a] for a, b in pairwise(order))
    if start[order[0]] == ts and end[order[-1]] == te and tiles:
        return "".join(surface[i] for i in order)
    return None


@dataclass(frozen=True)
class _Rows:
    """A token table's columns as arrays, with its token and sentence boundaries."""

    doc: list[str]
    sent: np.ndarray
    ts: np.ndarray  # token_start
    te: np.ndarray  # token_end
    start: np.ndarray
    end: np.ndarray
    surface: list[str]
    form: list[str]
    lemma: list[str]
    upos: list[str]
    feats: list[str]
    new_doc: np.ndarray  # row i starts a new document
    tok_first: np.ndarray  # first row of each orthographic token
    tok_last: np.ndarray  # one past its last row
    sent_first: np.ndarray  # first token (index into tok_first) of each sentence


def _rows(tokens: pd.DataFrame) -> _Rows:
    n = len(tokens)
    doc = tokens["doc"].astype(str).tolist()
    sent = tokens["sentence"].to_numpy()
    ts = tokens["token_start"].to_numpy()
    te = tokens["token_end"].to_numpy()
    new_doc = np.ones(n, dtype=bool)
    new_doc[1:] = np.array(doc[1:]) != np.array(doc[:-1])
    new_sent = new_doc.copy()
    new_sent[1:] |= sent[1:] != sent[:-1]
    new_tok = new_sent.copy()
    new_tok[1:] |= (ts[1:] != ts[:-1]) | (te[1:] != te[:-1])
    tok_first = np.flatnonzero(new_tok)
    return _Rows(
        doc=doc,
        sent=sent,
        ts=ts,
        te=te,
        start=tokens["start"].to_numpy(),
        end=tokens["end"].to_numpy(),
        surface=tokens["surface"].astype(str).tolist(),
        form=tokens["form"].astype(str).tolist(),
        # the model's lemma as given (``lemma`` is normalised like ``norm``)
        lemma=[_na(v) for v in tokens[_lemma_column(tokens)].tolist()],
        upos=[_na(v) for v in tokens["upos"].tolist()],
        feats=[_na(v) for v in tokens["feats"].tolist()],
        new_doc=new_doc,
        tok_first=tok_first,
        tok_last=np.append(tok_first[1:], n).astype(int)[: len(tok_first)],
        sent_first=np.flatnonzero(new_sent[tok_first]),
    )


def _token_surface(r: _Rows, first: int, last: int, doc_text: str | None) -> str:
    """The orthographic token's text: from the document, else rebuilt from its words."""
    ts, te = int(r.ts[first]), int(r.te[first])
    if doc_text is not None:
        return doc_text[ts:te]
    rebuilt = _token_text(range(first, last), r.start, r.end, r.surface, ts, te)
    if rebuilt is None:
        raise ConlluError(
            f"document {r.doc[first]!r}: cannot rebuild the token at offsets {ts}:{te} "
            "from its words; pass the document text (text=...)"
        )
    return rebuilt


def _token_lines(
    r: _Rows, first: int, last: int, tok_text: str, *, word_no: int, misc: str, flat_tree: bool
) -> list[str]:
    """A multi-word-token range line (when the token has several words), then its word lines."""
    lines = []
    if last - first > 1:
        lines.append(
            f"{word_no + 1}-{word_no + last - first}\t{tok_text}\t_\t_\t_\t_\t_\t_\t_\t{misc}"
        )
    word_misc = misc if last - first == 1 else "_"
    for i in range(first, last):
        word_no += 1
        head, deprel = "_", "_"
        if flat_tree:
            head, deprel = ("0", "root") if word_no == 1 else ("1", "dep")
        lines.append(
            f"{word_no}\t{r.form[i]}\t{r.lemma[i]}\t{r.upos[i]}\t_\t{r.feats[i]}\t{head}\t{deprel}"
            f"\t_\t{word_misc}"
        )
    return lines


def _sentence_block(r: _Rows, tokens: range, doc_text: str | None, *, flat_tree: bool) -> list[str]:
    """``# sent_id``, ``# text``, the token and word lines and the closing blank line."""
    lines: list[str] = []
    sent_text = ""
    word_no = 0
    for k in tokens:
        first, last = int(r.tok_first[k]), int(r.tok_last[k])
        tok_text = _token_surface(r, first, last, doc_text)
        if sent_text and r.ts[first] > r.te[first - 1]:
            sent_text += " "
        sent_text += tok_text
        misc = f"TokenRange={r.ts[first]}:{r.te[first]}"
        if k + 1 < tokens.stop and r.ts[r.tok_first[k + 1]] == r.te[first]:
            misc = "SpaceAfter=No|" + misc
        lines += _token_lines(
            r, first, last, tok_text, word_no=word_no, misc=misc, flat_tree=flat_tree
        )
        word_no += last - first
    first = int(r.tok_first[tokens.start])
    return [
        f"# sent_id = {r.doc[first]}-{r.sent[first]}",
        f"# text = {_ZS.sub(' ', sent_text).replace(chr(10), ' ')}",
        *lines,
        "",
    ]


def to_conllu(
    tokens: pd.DataFrame,
    *,
    text: str | Document | dict[str, str] | None = None,
    flat_tree: bool = False,
) -> str:
    """Write a token table as CoNLL-U.

    Parameters
    ----------
    tokens : a token table (``annotate`` or ``tokenize`` output).
    text : the document text (a str for a one-document table, a :class:`Document`, or a dict
        ``doc id -> text``); needed only when a multi-word token cannot be rebuilt from its words.
    flat_tree : write ``HEAD``/``DEPREL`` as a flat tree (first word ``root``, the others ``dep``
        of it) instead of ``_``, for tools that insist on a tree, such as the CoNLL 2018 scorer.

    Returns
    -------
    The CoNLL-U text: ``# newdoc id``, ``# sent_id``, ``# text`` comments; FORM = ``form``,
    LEMMA/UPOS/FEATS from the table (``_`` when missing); MISC ``TokenRange`` and
    ``SpaceAfter=No``.
    """
    texts: dict[str, str] = {}
    if isinstance(text, Document):
        texts = {text.id: text.text}
    elif isinstance(text, dict):
        texts = text
    r = _rows(tokens)
    bounds = [*r.sent_first.tolist(), len(r.tok_first)]
    out: list[str] = []
    for a, b in pairwise(bounds):
        first = int(r.tok_first[a])
        if r.new_doc[first]:
            out.append(f"# newdoc id = {r.doc[first]}")
        doc_text = texts.get(r.doc[first], text if isinstance(text, str) else None)
        out += _sentence_block(r, range(a, b), doc_text, flat_tree=flat_tree)
    return "\n".join(out) + ("\n" if out else "")


def _feats(value: Any) -> Any:
    if not value:
        return pd.NA
    if isinstance(value, dict):
        return "|".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _lemma_column(tokens: pd.DataFrame) -> str:
    return "lemma_raw" if "lemma_raw" in tokens.columns else "lemma"


def _lemma_upos(value: Any) -> Any:
    return pd.NA if value in (None, "_") else value


def _token_range(misc: Any) -> tuple[int, int] | None:
    if isinstance(misc, dict) and misc.get("TokenRange"):
        s, _, e = str(misc["TokenRange"]).partition(":")
        return int(s), int(e)
    return None


def _iter_tokens(
    sentences: Iterator[Any],
) -> Iterator[tuple[int, dict[str, Any], list[dict[str, Any]]]]:
    """(sentence number, token line, its word lines) in file order; empty nodes skipped."""
    for s_no, sent in enumerate(sentences):
        pending: dict[str, Any] | None = None
        words: list[dict[str, Any]] = []
        last = 0
        for tok in sent:
            tid = tok["id"]
            if isinstance(tid, tuple) and tid[1] == ".":
                continue
            if isinstance(tid, tuple) and tid[1] == "-":
                pending, words, last = tok, [], int(tid[2])
                continue
            if pending is not None:
                words.append(tok)
                if int(tid) == last:
                    yield s_no, pending, words
                    pending = None
                continue
            yield s_no, tok, [tok]
        if pending is not None:
            raise ConlluError(
                f"sentence {s_no}: the multi-word token {pending['form']!r} is unfinished"
            )


def from_conllu(
    source: str | os.PathLike[str] | TextIO,
    *,
    text: str | Document | None = None,
    doc: str | None = None,
) -> pd.DataFrame:
    """Read CoNLL-U into a token table (the file's analyses are kept as they are).

    Parameters
    ----------
    source : path of a ``.conllu`` file or an open text stream.
    text : the raw text the file annotates. Offsets then index it: ``TokenRange`` when every
        token has one, else each token is found in order, skipping white space. Without it a
        text is rebuilt from the forms (a space unless ``SpaceAfter=No``, a line break between
        sentences) and returned in ``attrs["text"]``.
    doc : document id (default: the file stem, or the Document's id).

    Returns
    -------
    The token table (columns of :data:`corpus_tools.tokenize.TOKEN_COLUMNS`) with
    ``attrs["signature"]`` (``annotator:conllu|source:<file name>|...``) and ``attrs["text"]``.

    Raises
    ------
    ConlluError
        when a token is not found in ``text`` (naming the sentence, token and offset).
    """
    from corpus_tools.stanza_backend import _RAW_DTYPES, _raw_to_table

    name, sentences = _read_sentences(source)
    items = list(_iter_tokens(iter(sentences)))
    raw_text = text.text if isinstance(text, Document) else text
    doc_id = doc or (text.id if isinstance(text, Document) else Path(name).stem)
    if raw_text is None:
        raw_text, spans = _rebuilt_text(items)
    else:
        spans = _spans_in_text(items, raw_text, name)
    rows = [
        (
            s_no,
            k,
            s,
            e,
            str(w["form"]),
            _lemma_upos(w["lemma"]),
            _lemma_upos(w["upos"]),
            _feats(w["feats"]),
        )
        for k, ((s_no, _tok, words), (s, e)) in enumerate(zip(items, spans, strict=True))
        for w in words
    ]
    raw = pd.DataFrame(rows, columns=list(_RAW_DTYPES)).astype(_RAW_DTYPES)
    sha = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
    document = Document(id=doc_id, title="", text=raw_text, path=Path(name), sha256=sha)
    table = _raw_to_table(raw, document, DEFAULT_STEPS, fix_latin=False)
    table["sentence"] = table["sentence"].astype(np.int32)
    table.attrs["signature"] = extend_signature(
        None, annotator="conllu", source=name, norm=steps_signature(DEFAULT_STEPS)
    )
    table.attrs["text"] = raw_text
    return table


_Item = tuple[int, dict[str, Any], list[dict[str, Any]]]


def _read_sentences(source: str | os.PathLike[str] | TextIO) -> tuple[str, list[Any]]:
    """The file name shown in messages and signatures, and the parsed sentences."""
    import conllu

    name = getattr(source, "name", None) if not isinstance(source, (str, os.PathLike)) else source
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as fh:
            sentences = list(conllu.parse_incr(fh))
    else:
        sentences = list(conllu.parse_incr(source))
    return Path(str(name or "conllu")).name, sentences


def _spans_in_text(items: list[_Item], raw_text: str, name: str) -> list[tuple[int, int]]:
    """Each token's offsets in ``raw_text``: its ``TokenRange`` when every token has one, else
    found in order, skipping white space; checked against the text either way."""
    ranges = [_token_range(tok.get("misc")) for _, tok, _ in items]
    if items and all(r is not None for r in ranges):
        spans = [r for r in ranges if r is not None]
    else:
        spans = _spans_found_in_order(items, raw_text, name)
    for (s, e), (s_no, tok, _) in zip(spans, items, strict=True):
        if raw_text[s:e] != tok["form"]:
            raise ConlluError(
                f"{name}: sentence {s_no + 1}, TokenRange {s}:{e} holds {raw_text[s:e]!r}, "
                f"not the token {tok['form']!r}"
            )
    return spans


def _spans_found_in_order(items: list[_Item], raw_text: str, name: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for s_no, tok, _ in items:
        form = str(tok["form"])
        while pos < len(raw_text) and raw_text[pos].isspace():
            pos += 1
        if not raw_text.startswith(form, pos):
            raise ConlluError(
                f"{name}: sentence {s_no + 1}, token {form!r} is not at offset {pos} of the "
                f"text (found {raw_text[pos : pos + len(form) + 10]!r})"
            )
        spans.append((pos, pos + len(form)))
        pos += len(form)
    return spans


def _rebuilt_text(items: list[_Item]) -> tuple[str, list[tuple[int, int]]]:
    """A text rebuilt from the forms (a space unless ``SpaceAfter=No``, a line break between
    sentences) and each token's offsets in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, prev_sent, space = 0, 0, False
    for s_no, tok, _ in items:
        sep = ("\n" if s_no != prev_sent else " " if space else "") if parts else ""
        parts.append(sep)
        pos += len(sep)
        form = str(tok["form"])
        spans.append((pos, pos + len(form)))
        parts.append(form)
        pos += len(form)
        space = (tok.get("misc") or {}).get("SpaceAfter") != "No"
        prev_sent = s_no
    return "".join(parts), spans
