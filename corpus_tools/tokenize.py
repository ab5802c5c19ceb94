"""The rules annotator: lossless, vectorised tokenisation and sentence splitting.

Every token keeps ``start``/``end`` offsets into the original text with
``text[start:end] == surface``, whatever the input. The text is classified code point by
code point with a lookup table (numpy), and tokens are maximal runs of joinable characters:

* Arabic letters (with tatweel and diacritics) form Arabic words; no rule splits an Arabic
  word (``ولد`` is not ``و+لد``) — statistical clitic segmentation is the stanza annotator's job.
* Latin letters and digits form Latin words; ``.``, ``'``, ``’``, ``-``, ``&`` between two
  Latin/digit characters stay inside (``Fortune.com``, ``l’action``, ``DALL-E``, ``GPT-4``);
  ``,`` ``.`` ``٫`` ``٬`` between two digits stay inside numbers (``3.5``, ``1,000``).
* Every other punctuation or symbol character is a token of its own; combining marks stay
  with the character before them; ZWNJ/ZWJ stay inside a word, other format controls
  (bidi marks, zero-width space) separate tokens like white space.
* Arabic proclitics written onto a Latin word or a number are separate words:
  ``وIntel`` → ``و`` + ``Intel``, ``لـSora`` → ``لـ`` + ``Sora``; both words share the span of
  the orthographic token (``token_start``/``token_end``) and the clitic is marked. A detached
  ``بـ`` (``بـ Sora``) is a clitic token of its own.

Sentences end after ``. ! ? ؟ … ۔`` (with any closing quotes or brackets written right after
them) and at line breaks (every Unicode line break: see :mod:`corpus_tools.textfile`); they never
cross documents.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa

from corpus_tools.corpus import Corpus, Document, residue_spans
from corpus_tools.normalize import DEFAULT_STEPS, normalize_series, steps_signature
from corpus_tools.signature import make_signature
from corpus_tools.textfile import LINE_BREAK_CODEPOINTS

__all__ = ["TOKEN_COLUMNS", "empty_token_table", "token_signature", "tokenize", "tokenize_text"]

#: Columns of every token table, in order (see the README for their meaning).
TOKEN_COLUMNS: dict[str, str] = {
    "doc": "str",
    "sentence": "int32",
    "index": "int32",
    "start": "int64",
    "end": "int64",
    "surface": "str",
    "form": "str",
    "norm": "str",
    "lemma": "str",
    "lemma_raw": "str",
    "upos": "str",
    "feats": "str",
    "script": "str",
    "clitic": "bool",
    "part": "int8",
    "token_start": "int64",
    "token_end": "int64",
    "residue": "bool",
}

# character classes
SP, AR, LAT, DIG, PUN, MARK, OTHL, SYM, JOIN = range(9)
SCRIPTS = ("arabic", "latin", "digit", "punct", "other")
_SCRIPT_CODE = np.array([4, 0, 1, 2, 3, 4, 4, 4, 4], dtype=np.int8)  # per character class
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_LATIN_BLOCKS = (
    (0x0041, 0x024F),
    (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xFF21, 0xFF5A),
)
_LATIN_JOINERS = frozenset(".'’-&")
_DIGIT_JOINERS = frozenset(",.٫٬")
_SENT_FINAL = frozenset(".!?؟…۔")
_CLOSERS = frozenset("\"'”’»)]}›」")
_PROCLITIC = re.compile(r"(?:[وف]?(?:[بلك]|لل)?(?:ال)?)")


def _in(cp: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in blocks)


def _classify(cp: int) -> int:
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if ch.isspace():
        return SP
    if cp in (0x200C, 0x200D, 0x00AD, 0x2060):  # ZWNJ, ZWJ, soft hyphen, word joiner
        return JOIN
    if cat == "Cf":
        return SP
    if cat in ("Mn", "Mc", "Me"):
        return MARK
    if cat == "Nd":
        return DIG
    if cat[0] == "L":
        if _in(cp, _ARABIC_BLOCKS):
            return AR
        if _in(cp, _LATIN_BLOCKS):
            return LAT
        return OTHL
    if cat == "So":  # emoji and other pictographs: one-character tokens of script "other"
        return SYM
    if cat[0] in "PS":
        return PUN
    return SYM  # other numbers, private use, unassigned, controls: one-character tokens


def _latin_letter(cp: np.ndarray) -> np.ndarray:
    cls_lut = _luts()[0]
    return (cls_lut[np.minimum(cp, 0xFFFF)] == LAT) & (cp <= 0xFFFF)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


# run keys: separators 0, Arabic 1, Latin/digit 2, other letters 6, mark after space 7,
# punctuation 10, symbols 11 (both one-character tokens); marks/joins are resolved sparsely
_KEY_OF_CLASS = np.array([0, 1, 2, 2, 10, -1, 6, 11, -2], dtype=np.int8)


@cache
def _luts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lookup tables over the BMP: class, run key and 'needs a closer look' per code point."""
    cls = np.array([_classify(c) for c in range(0x10000)], dtype=np.uint8)
    key = _KEY_OF_CLASS[cls]
    special = (cls == MARK) | (cls == JOIN)
    for ch in _LATIN_JOINERS | _DIGIT_JOINERS:
        special[ord(ch)] = True
    return cls, key, special


def _classes_and_keys(cp: np.ndarray) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    cls_lut, key_lut, special_lut = _luts()
    if len(cp) and int(cp.max()) > 0xFFFF:
        bmp = np.minimum(cp, 0xFFFF)
        cls = cls_lut[bmp]
        astral = np.flatnonzero(cp > 0xFFFF)
        uniq, inv = np.unique(cp[astral], return_inverse=True)
        cls[astral] = np.array([_classify(int(u)) for u in uniq], dtype=np.uint8)[inv]
        key = _KEY_OF_CLASS[cls]
        special = special_lut[bmp]
        special[astral] = (cls[astral] == MARK) | (cls[astral] == JOIN)
        return cls, key, special
    return None, key_lut[cp], special_lut[cp]


def _token_spans(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token starts, ends and the class of each token's first character.

    Runs of equal run keys are tokens; punctuation and symbols are one-character tokens.
    Combining marks, ZWNJ/ZWJ and word-internal punctuation are rare, so they are resolved
    only at their own positions (sparse), after a few whole-array passes.
    """
    n = len(cp)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.uint8)
    cls_lut = _luts()[0]
    cls_full, key, special = _classes_and_keys(cp)

    def cls_at(idx: np.ndarray) -> np.ndarray:
        return cls_full[idx] if cls_full is not None else cls_lut[cp[idx]]

    key = key.copy()
    single = key >= 10
    sp = np.flatnonzero(special)
    if len(sp):
        c = cls_at(sp)
        prev_c = np.where(sp > 0, cls_at(np.maximum(sp - 1, 0)), SP)
        next_c = np.where(sp < n - 1, cls_at(np.minimum(sp + 1, n - 1)), SP)
        # (a) word-internal punctuation
        chars = cp[sp]
        is_lat_j = np.isin(chars, [ord(x) for x in _LATIN_JOINERS])
        is_dig_j = np.isin(chars, [ord(x) for x in _DIGIT_JOINERS])
        alnum_p = (prev_c == LAT) | (prev_c == DIG)
        alnum_n = (next_c == LAT) | (next_c == DIG)
        both_d = (prev_c == DIG) & (next_c == DIG)
        inner = (c == PUN) & ((is_lat_j & alnum_p & alnum_n & ~both_d) | (is_dig_j & both_d))
        key[sp[inner]] = 2
        single[sp[inner]] = False
        # (b) combining marks take the key of the character they follow
        m = sp[c == MARK]
        if len(m):
            run_start = np.concatenate(([True], m[1:] != m[:-1] + 1))
            first = m[run_start]
            run_id = np.cumsum(run_start) - 1
            base = first - 1
            base_ok = base >= 0
            base_cls = np.where(base_ok, cls_at(np.maximum(base, 0)), SP)
            after_space = ~base_ok | (base_cls == SP) | (base_cls == JOIN)
            base_key = np.where(after_space, 7, key[np.maximum(base, 0)])
            key[m] = base_key[run_id]
        # (c) ZWNJ/ZWJ stay inside a word only
        j = sp[c == JOIN]
        if len(j):
            pk = np.where(j > 0, key[np.maximum(j - 1, 0)], 0)
            nk = np.where(j < n - 1, key[np.minimum(j + 1, n - 1)], 0)
            inside = (pk == nk) & ((pk == 1) | (pk == 2) | (pk == 6))
            key[j] = np.where(inside, pk, 0)
    in_tok = key != 0
    change = np.empty(n, dtype=bool)
    change[0] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
    change |= single
    starts = np.flatnonzero(change & in_tok)
    end_mask = np.empty(n, dtype=bool)
    end_mask[-1] = True
    end_mask[:-1] = change[1:]
    end_mask &= in_tok
    ends = np.flatnonzero(end_mask) + 1
    return starts.astype(np.int64), ends.astype(np.int64), cls_at(starts)


def _strings(text: str, cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> pd.Series:
    """Token strings built in one go with pyarrow (no per-token slicing in Python)."""
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return pd.Series(np.array([""] * len(starts), dtype=object), dtype="str")
    offs = np.concatenate(([0], np.cumsum(lengths)))
    idx = np.arange(total) + np.repeat(starts - offs[:-1], lengths)
    sel = cp[idx]
    if ((sel >= 0xD800) & (sel <= 0xDFFF)).any():  # lone surrogates: not valid UTF-8
        return pd.Series([text[s:e] for s, e in zip(starts, ends, strict=True)], dtype="str")
    nbytes = np.where(sel < 0x80, 1, np.where(sel < 0x800, 2, np.where(sel < 0x10000, 3, 4)))
    boff = np.concatenate(([0], np.cumsum(nbytes)))[offs].astype(np.int64)
    data = sel.tobytes().decode("utf-32-le").encode("utf-8")
    arr = pa.LargeStringArray.from_buffers(
        len(starts), pa.py_buffer(boff.tobytes()), pa.py_buffer(data)
    )
    return pd.Series(arr.to_pandas())


def _labels(codes: np.ndarray, names: Sequence[str]) -> pd.Series:
    """A ``str`` column from integer codes into a few names (built in pyarrow, not per row)."""
    table = pa.array(list(names), type=pa.large_string())
    return pd.Series(table.take(pa.array(codes.astype(np.int64))).to_pandas())


def _sentences(
    cp: np.ndarray, starts: np.ndarray, ends: np.ndarray, surface: pd.Series
) -> np.ndarray:
    n = len(starts)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    final = surface.isin(_SENT_FINAL).to_numpy()
    closer = surface.isin(_CLOSERS).to_numpy()
    # any Unicode line break (LF, CR, NEL, U+2028 ...) between token i and i+1:
    newlines = np.flatnonzero(np.isin(cp, LINE_BREAK_CODEPOINTS))
    line_break = np.searchsorted(newlines, starts[1:]) > np.searchsorted(newlines, ends[:-1])
    glued = starts[1:] == ends[:-1]
    # a run of final punctuation and glued closers ends at its last member
    trailing = (final[1:] | (closer[1:] & glued)) & ~line_break
    after_final = np.zeros(n, dtype=bool)
    # propagate "we are after a final mark" through the trailing run
    run_id = np.cumsum(np.concatenate(([True], ~trailing)))
    first_of_run = np.concatenate(([0], np.flatnonzero(~trailing) + 1))
    after_final = final[first_of_run][run_id - 1] | final
    boundary = np.zeros(n - 1, dtype=bool)
    boundary |= line_break
    boundary |= after_final[:-1] & ~trailing
    return np.concatenate(([0], np.cumsum(boundary))).astype(np.int32)


def _clitics(
    starts: np.ndarray,
    ends: np.ndarray,
    first_cls: np.ndarray,
    script_code: np.ndarray,
    surface: pd.Series,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mark Arabic proclitics on Latin words/numbers; return clitic, part, token spans."""
    n = len(starts)
    clitic = np.zeros(n, dtype=bool)
    part = np.zeros(n, dtype=np.int8)
    tok_start = starts.copy()
    tok_end = ends.copy()
    if n == 0:
        return clitic, part, tok_start, tok_end
    arabic = first_cls == AR
    glued_next = np.zeros(n, dtype=bool)
    glued_next[:-1] = arabic[:-1] & (ends[:-1] == starts[1:]) & np.isin(script_code[1:], (1, 2))
    ends_tatweel = arabic & surface.str.endswith("ـ").to_numpy()
    cand = np.flatnonzero(glued_next | ends_tatweel)
    if len(cand):
        forms = surface.iloc[cand].str.replace("ـ", "", regex=False)
        ok = np.array([bool(f) and _PROCLITIC.fullmatch(f) is not None for f in forms], dtype=bool)
        hit = cand[ok]
        clitic[hit] = True
        glued = hit[glued_next[hit]]
        part[glued + 1] = 1
        tok_end[glued] = ends[glued + 1]
        tok_start[glued + 1] = starts[glued]
    return clitic, part, tok_start, tok_end


def tokenize_text(text: str, doc: str = "") -> pd.DataFrame:
    """Tokenise one string; see :func:`tokenize` for the columns (``norm`` uses the defaults)."""
    return _tokenize_docs([(doc, text)], DEFAULT_STEPS, residue=None)


def token_signature(
    annotator: str = "rules", steps: Sequence[str] = DEFAULT_STEPS, **extra: str
) -> str:
    """Signature of a token table: annotator (+ model), normalisation steps, version."""
    return make_signature(annotator=annotator, **extra, norm=steps_signature(steps))


def empty_token_table() -> pd.DataFrame:
    """A token table with no rows and the documented columns and dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in TOKEN_COLUMNS.items()})


def _tokenize_docs(
    docs: Sequence[tuple[str, str]],
    steps: Sequence[str],
    residue: pd.DataFrame | None,
) -> pd.DataFrame:
    """Tokenise all documents in one vectorised pass.

    The texts are joined with a line break between them (white space: no token crosses it,
    and it ends the sentence), tokenised once, and offsets are shifted back per document.
    """
    cp = _codepoints("\n".join(t for _, t in docs))
    starts, ends, first_cls = _token_spans(cp)
    if not len(starts):
        empty = empty_token_table()
        empty.attrs["signature"] = token_signature("rules", steps)
        return empty
    ids = [d for d, _ in docs]
    texts = [t for _, t in docs]
    joined = "\n".join(texts)
    offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).astype(np.int64)
    surface = _strings(joined, cp, starts, ends)
    script_code = _SCRIPT_CODE[first_cls]
    if len(starts):
        # a Latin-or-digit run is Latin when it contains a Latin letter
        latin = np.flatnonzero(_latin_letter(cp))
        has_lat = np.searchsorted(latin, ends) > np.searchsorted(latin, starts)
        latin_or_digit = np.where(has_lat, 1, 2)
        script_code = np.where(np.isin(first_cls, (LAT, DIG)), latin_or_digit, script_code)
        # a run of tatweel alone (``ــ``) is a dash, not a word
        tatweel = np.flatnonzero(cp == 0x0640)
        n_tatweel = np.searchsorted(tatweel, ends) - np.searchsorted(tatweel, starts)
        script_code = np.where(n_tatweel == ends - starts, 3, script_code)
    clitic, part, tok_start, tok_end = _clitics(starts, ends, first_cls, script_code, surface)
    sentence = _sentences(cp, starts, ends, surface)
    doc_code = np.searchsorted(offsets, starts, side="right") - 1
    shift = offsets[doc_code]
    first_token = np.searchsorted(doc_code, np.arange(len(docs)))
    starts, ends, tok_start, tok_end = (
        starts - shift,
        ends - shift,
        tok_start - shift,
        tok_end - shift,
    )
    index = np.arange(len(starts)) - first_token[doc_code]
    sentence = sentence - sentence[np.minimum(first_token, len(sentence) - 1)][doc_code]
    in_residue = np.zeros(len(starts), dtype=bool)
    if residue is not None and len(residue):
        code_of = {d: i for i, d in enumerate(ids)}
        for doc_id, r_start, r_end in zip(
            residue["doc"], residue["start"], residue["end"], strict=True
        ):
            in_doc = doc_code == code_of[str(doc_id)]
            in_residue |= in_doc & (starts >= r_start) & (ends <= r_end)
    table = pd.DataFrame(
        {
            "doc": _labels(doc_code, ids),
            "sentence": sentence.astype(np.int32),
            "index": index.astype(np.int32),
            "start": starts,
            "end": ends,
            "surface": surface,
            "form": surface,
            "norm": normalize_series(surface, steps),
            "lemma": pd.Series(pd.NA, index=surface.index, dtype="str"),
            "lemma_raw": pd.Series(pd.NA, index=surface.index, dtype="str"),
            "upos": pd.Series(pd.NA, index=surface.index, dtype="str"),
            "feats": pd.Series(pd.NA, index=surface.index, dtype="str"),
            "script": _labels(script_code, SCRIPTS),
            "clitic": clitic,
            "part": part,
            "token_start": tok_start,
            "token_end": tok_end,
            "residue": in_residue,
        }
    )
    table = table.astype(TOKEN_COLUMNS)
    table.attrs["signature"] = token_signature("rules", steps)
    return table


def tokenize(
    corpus: Corpus | Document | str, *, steps: Sequence[str] = DEFAULT_STEPS
) -> pd.DataFrame:
    """Tokenise a corpus with the rules annotator.

    Parameters
    ----------
    corpus : a :class:`~corpus_tools.corpus.Corpus`, one :class:`Document`, or a plain string
        (document id ``""``).
    steps : normalisation steps for the ``norm`` column (see :mod:`corpus_tools.normalize`).

    Returns
    -------
    DataFrame, one row per word, in document order:

    ``doc`` (document id), ``sentence`` (0-based within the document), ``index`` (0-based word
    number within the document), ``start``, ``end`` (offsets into the text; ``text[start:end]
    == surface``), ``surface``, ``form`` (= surface here), ``norm``, ``lemma`` (normalised
    like ``norm``)/``lemma_raw`` (as the model gives it)/``upos``/``feats`` (missing for the
    rules annotator), ``script`` (``arabic``/``latin``/``digit``/``punct``/
    ``other``), ``clitic`` (split-off proclitic), ``part`` (word number inside its orthographic
    token), ``token_start``/``token_end`` (span of that token), ``residue`` (inside scraper
    residue, see :func:`~corpus_tools.corpus.residue_spans`).
    ``attrs["signature"]`` records annotator, normalisation and version.
    """
    if isinstance(corpus, str):
        return _tokenize_docs([("", corpus)], steps, residue=None)
    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    residue = residue_spans(corpus)
    return _tokenize_docs([(d.id, d.text) for d in docs], steps, residue=residue)


if __name__ == "__main__":  # pragma: no cover - quick look: python -m corpus_tools.tokenize "text"
    print(tokenize_text(" ".join(sys.argv[1:]))[["start", "end", "surface", "script", "clitic"]])
