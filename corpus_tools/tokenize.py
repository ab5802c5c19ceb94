"""The rules annotator: lossless, vectorised tokenisation and sentence splitting.

Every token keeps ``start``/``end`` offsets into the original text with
``text[start:end] == surface``, whatever the input. The text is classified code point by
code point with a lookup table (numpy), and tokens are maximal runs of joinable characters:

* Arabic letters (with tatweel and diacritics) form Arabic words. With
  ``segmentation="clitics"`` (the default) each Arabic word is then split into its syntactic
  words as UD/PADT counts them (``وبالشركة`` → ``و`` + ``ب`` + ``الشركة``, ``للشركة`` → ``ل`` +
  ``الشركة``, ``نشرتها`` → ``نشرت`` + ``ها``) by :mod:`corpus_tools.segment`, which keeps
  ``ولد`` or ``بلد`` whole; ``segmentation="orthographic"`` keeps orthographic words.
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
cross documents. For hard-wrapped text ``paragraphs="blank"`` ends them only at blank lines (a
single line break, CR LF included, is a wrap).
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
import pyarrow.compute as pc

from corpus_tools.corpus import Corpus, Document, residue_spans
from corpus_tools.normalize import DEFAULT_STEPS, normalize_series, steps_signature
from corpus_tools.signature import make_signature
from corpus_tools.textfile import LINE_BREAK_CODEPOINTS

__all__ = ["TOKEN_COLUMNS", "empty_token_table", "token_signature", "tokenize", "tokenize_text"]

#: Columns of every token table, in order (see the README for their meaning). String columns
#: are ``category`` (dictionary-encoded, categories of pandas' Arrow-backed ``str`` dtype, sorted):
#: a token costs a 4-byte code per string column instead of a string of its own.
TOKEN_COLUMNS: dict[str, str] = {
    "doc": "category",
    "sentence": "int32",
    "index": "int32",
    "start": "int64",
    "end": "int64",
    "surface": "category",
    "form": "category",
    "norm": "category",
    "lemma": "category",
    "lemma_raw": "category",
    "upos": "category",
    "feats": "category",
    "script": "category",
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
    latin_lut = _latin_lut()
    if len(cp) and int(cp.max()) > 0xFFFF:
        return latin_lut[np.minimum(cp, 0xFFFF)] & (cp <= 0xFFFF)
    return latin_lut[cp]


@cache
def _latin_lut() -> np.ndarray:
    return _luts()[0] == LAT


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


# run keys: separators 0, Arabic 1, Latin/digit 2, other letters 6, mark after space 7,
# punctuation 10, symbols 11 (both one-character tokens); marks/joins are resolved sparsely
_KEY_OF_CLASS = np.array([0, 1, 2, 2, 10, -1, 6, 11, -2], dtype=np.int8)


def _bmp_classes() -> np.ndarray:
    """:func:`_classify` for every BMP code point at once (same rules, applied as array masks).

    Only ``unicodedata.category`` and ``str.isspace`` run per code point (C calls, ~20 ms);
    the rules themselves are numpy masks, applied from the last ``if`` of ``_classify`` to the
    first so that earlier rules win, as they do there.
    """
    chars = [chr(c) for c in range(0x10000)]
    names, cat = np.unique([unicodedata.category(ch) for ch in chars], return_inverse=True)
    major = np.array([n[0] for n in names])[cat]
    minor = names[cat]
    cp = np.arange(0x10000)

    def in_any(blocks: tuple[tuple[int, int], ...]) -> np.ndarray:
        return np.logical_or.reduce([(cp >= lo) & (cp <= hi) for lo, hi in blocks])

    cls = np.full(0x10000, SYM, dtype=np.uint8)
    cls[(major == "P") | (major == "S")] = PUN
    cls[minor == "So"] = SYM
    letter = major == "L"
    cls[letter] = OTHL
    cls[letter & in_any(_LATIN_BLOCKS)] = LAT
    cls[letter & in_any(_ARABIC_BLOCKS)] = AR
    cls[minor == "Nd"] = DIG
    cls[np.isin(minor, ("Mn", "Mc", "Me"))] = MARK
    cls[minor == "Cf"] = SP
    cls[[0x200C, 0x200D, 0x00AD, 0x2060]] = JOIN
    cls[np.array([ch.isspace() for ch in chars])] = SP
    return cls


@cache
def _luts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lookup tables over the BMP: class, run key and 'needs a closer look' per code point."""
    cls = _bmp_classes()
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


def utf8_pieces(
    text: str, cp: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> pa.LargeStringArray | None:
    """The pieces ``text[starts[i]:ends[i]]`` as one Arrow array, cut in C++ (None: not UTF-8).

    The pieces are ordered and never overlap, so ``start_0, end_0, start_1, end_1, ...`` (in
    UTF-8 bytes) are non-decreasing offsets of an Arrow string array whose even elements are the
    pieces (odd ones are the gaps between them); one ``take`` keeps the even elements.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: not valid UTF-8
        return None
    if not len(starts):
        return pa.array([], pa.large_string())
    # UTF-8 offset of every code point: the positions of the bytes that start a character
    lead = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
    before = np.empty(len(cp) + 1, dtype=np.int64)
    before[:-1] = np.flatnonzero(lead)
    before[-1] = len(data)
    bounds = np.empty(2 * len(starts) + 1, dtype=np.int64)
    bounds[0:-1:2] = before[starts]
    bounds[1::2] = before[ends]
    bounds[-1] = bounds[-2]
    pieces = pa.LargeStringArray.from_buffers(
        2 * len(starts), pa.py_buffer(bounds), pa.py_buffer(data)
    )
    taken = pieces.take(pa.array(np.arange(0, 2 * len(starts), 2)))
    assert isinstance(taken, pa.LargeStringArray)
    return taken


def _strings(text: str, cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> pd.Series:
    """Token strings as a ``category`` column, cut from the UTF-8 text (no Python string per
    token unless the text holds lone surrogates)."""
    tokens = utf8_pieces(text, cp, starts, ends)
    if tokens is None:
        return pd.Series([text[s:e] for s, e in zip(starts, ends, strict=True)], dtype="category")
    return _dictionary_series(tokens.dictionary_encode())


def _dictionary_series(encoded: pa.DictionaryArray) -> pd.Series:
    """A ``category`` Series from an Arrow dictionary array, categories sorted.

    Sorted (code-point order) categories are what ``astype("category")`` gives, so tables built
    here and tables built by other annotators compare equal, whatever the document order.
    """
    order = np.asarray(pc.sort_indices(encoded.dictionary))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    categories = pd.Index(encoded.dictionary.take(pa.array(order)).to_pandas(), dtype="str")
    codes = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)
    )


def _labels(codes: np.ndarray, names: Sequence[str] | pd.Index) -> pd.Series:
    """A ``category`` column from integer codes into a few distinct names (no per-row work).

    Only the names that occur, sorted: what ``astype("category")`` gives, so the table equals
    one read back from the dataset.
    """
    categories = (
        names.astype("str") if isinstance(names, pd.Index) else pd.Index(list(names), dtype="str")
    )
    present = np.zeros(len(categories), dtype=bool)
    present[codes[codes >= 0]] = True
    kept = np.flatnonzero(present)
    order = np.asarray(categories[kept].argsort())
    recode = np.full(len(categories) + 1, -1, dtype=np.int64)  # last slot: missing stays -1
    recode[kept[order]] = np.arange(len(kept))
    dtype = pd.CategoricalDtype(categories[kept[order]])
    return pd.Series(pd.Categorical.from_codes(recode[codes], dtype=dtype, validate=False))


def _missing(n: int) -> pd.Series:
    """A ``category`` column with no value (``lemma``/``upos``/``feats`` of the rules annotator).

    No categories, of dtype object: what ``astype("category")`` gives for an all-missing column.
    """
    dtype = pd.CategoricalDtype(pd.Index([], dtype=object))
    return pd.Series(pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), dtype=dtype))


def _normalized(surface: pd.Series, steps: Sequence[str]) -> pd.Series:
    """``norm`` of a ``category`` column: each distinct surface form is normalised once."""
    cat = surface.array
    assert isinstance(cat, pd.Categorical)
    normed = normalize_series(pd.Series(cat.categories), steps)
    norm_codes, norm_names = pd.factorize(normed, sort=True)  # surfaces can share one norm
    codes = np.where(cat.codes >= 0, norm_codes[np.maximum(cat.codes, 0)], -1)
    return _labels(codes, norm_names)


#: Values of ``paragraphs=``: every line break ends a sentence (``"line"``), or only a blank
#: line does and single line breaks are wraps inside a paragraph (``"blank"``).
PARAGRAPHS = ("line", "blank")


def _breaks_between(cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Number of line breaks between token i and i + 1 (CR LF counts once)."""
    is_break = np.isin(cp, LINE_BREAK_CODEPOINTS)
    is_break[1:] &= ~((cp[1:] == 10) & (cp[:-1] == 13))
    newlines = np.flatnonzero(is_break)
    return np.searchsorted(newlines, starts[1:]) - np.searchsorted(newlines, ends[:-1])


def _sentences(
    cp: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    surface: pd.Series,
    paragraphs: str = "line",
) -> np.ndarray:
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int32)
    return sentence_numbers(
        surface.isin(_SENT_FINAL).to_numpy(),
        surface.isin(_CLOSERS).to_numpy(),
        starts[1:] == ends[:-1],
        # any Unicode line break (LF, CR, NEL, U+2028 ...) between token i and i+1; with
        # paragraphs="blank" only a blank line (two breaks) ends a sentence by itself
        _breaks_between(cp, starts, ends) >= (2 if paragraphs == "blank" else 1),
    )


def sentence_numbers(
    final: np.ndarray, closer: np.ndarray, glued: np.ndarray, line_break: np.ndarray
) -> np.ndarray:
    """Sentence number of each token from per-token flags and per-gap flags.

    ``final``/``closer``: the token is sentence-final punctuation / a closing quote or bracket;
    ``glued``/``line_break`` (one per pair of neighbours): no space / a line break between them.
    """
    n = len(final)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    # a run of final punctuation and glued closers ends at its last member
    trailing = (final[1:] | (closer[1:] & glued)) & ~line_break
    # propagate "we are after a final mark" through the trailing run
    run_id = np.cumsum(np.concatenate(([True], ~trailing)))
    first_of_run = np.concatenate(([0], np.flatnonzero(~trailing) + 1))
    after_final = final[first_of_run][run_id - 1] | final
    boundary = line_break | (after_final[:-1] & ~trailing)
    return np.concatenate(([0], np.cumsum(boundary))).astype(np.int32)


def _ends_with(values: pd.Series, suffix: str) -> np.ndarray:
    """``values.str.endswith(suffix)``, tested once per category for a ``category`` column."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        per_category = np.asarray(values.cat.categories.str.endswith(suffix), dtype=bool)
        return np.where(codes >= 0, per_category[np.maximum(codes, 0)], False)
    return values.str.endswith(suffix).to_numpy(dtype=bool, na_value=False)


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
    ends_tatweel = arabic & _ends_with(surface, "ـ")
    cand = np.flatnonzero(glued_next | ends_tatweel)
    if len(cand):
        # a few candidates: their strings only (a ``.str`` method would map every category)
        forms = [f.replace("ـ", "") for f in surface.iloc[cand].astype("str").tolist()]
        ok = np.array([bool(f) and _PROCLITIC.fullmatch(f) is not None for f in forms], dtype=bool)
        hit = cand[ok]
        clitic[hit] = True
        glued = hit[glued_next[hit]]
        part[glued + 1] = 1
        tok_end[glued] = ends[glued + 1]
        tok_start[glued + 1] = starts[glued]
    return clitic, part, tok_start, tok_end


def script_codes(
    cp: np.ndarray, starts: np.ndarray, ends: np.ndarray, first_cls: np.ndarray
) -> np.ndarray:
    """Code (index into :data:`SCRIPTS`) of each token's script."""
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
    return script_code


def _in_residue(
    residue: pd.DataFrame | None,
    ids: Sequence[str],
    doc_code: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
) -> np.ndarray:
    """Tokens inside a residue span of their document (spans are few: one pass each)."""
    in_residue = np.zeros(len(starts), dtype=bool)
    if residue is not None and len(residue):
        code_of = {d: i for i, d in enumerate(ids)}
        for doc_id, r_start, r_end in zip(
            residue["doc"], residue["start"], residue["end"], strict=True
        ):
            in_doc = doc_code == code_of[str(doc_id)]
            in_residue |= in_doc & (starts >= r_start) & (ends <= r_end)
    return in_residue


def tokenize_text(
    text: str, doc: str = "", *, segmentation: str = "clitics", paragraphs: str = "line"
) -> pd.DataFrame:
    """Tokenise one string; see :func:`tokenize` for the columns (``norm`` uses the defaults)."""
    return _tokenize_docs(
        [(doc, text)], DEFAULT_STEPS, None, segmentation=segmentation, paragraphs=paragraphs
    )


def token_signature(
    annotator: str = "rules", steps: Sequence[str] = DEFAULT_STEPS, **extra: str
) -> str:
    """Signature of a token table: annotator (+ model), normalisation steps, version."""
    return make_signature(annotator=annotator, **extra, norm=steps_signature(steps))


def empty_token_table() -> pd.DataFrame:
    """A token table with no rows and the documented columns and dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in TOKEN_COLUMNS.items()})


def _check_segmentation(segmentation: str) -> None:
    from corpus_tools.segment import SEGMENTATIONS

    if segmentation not in SEGMENTATIONS:
        raise ValueError(f"segmentation must be one of {SEGMENTATIONS}, got {segmentation!r}")


def _segmented(table: pd.DataFrame, steps: Sequence[str], segmentation: str) -> pd.DataFrame:
    """Split Arabic clitics off (``segmentation="clitics"``); record the choice."""
    if segmentation == "clitics":
        from corpus_tools.segment import split_clitics

        table = split_clitics(table, norm=lambda forms: normalize_series(forms, steps))
    table.attrs["signature"] = token_signature("rules", steps, segmentation=segmentation)
    return table


def _tokenize_docs(
    docs: Sequence[tuple[str, str]],
    steps: Sequence[str],
    residue: pd.DataFrame | None,
    segmentation: str = "clitics",
    paragraphs: str = "line",
) -> pd.DataFrame:
    """Tokenise all documents in one vectorised pass.

    The texts are joined with a line break between them (white space: no token crosses it,
    and it ends the sentence), tokenised once, and offsets are shifted back per document.
    """
    _check_segmentation(segmentation)
    if paragraphs not in PARAGRAPHS:
        raise ValueError(f"paragraphs must be one of {PARAGRAPHS}, got {paragraphs!r}")
    joined = "\n".join(t for _, t in docs)
    cp = _codepoints(joined)
    starts, ends, first_cls = _token_spans(cp)
    if not len(starts):
        empty = empty_token_table()
        empty.attrs["signature"] = token_signature("rules", steps, segmentation=segmentation)
        return empty
    ids = [d for d, _ in docs]
    offsets = np.cumsum([0] + [len(t) + 1 for _, t in docs[:-1]]).astype(np.int64)
    surface = _strings(joined, cp, starts, ends)
    script_code = script_codes(cp, starts, ends, first_cls)
    clitic, part, tok_start, tok_end = _clitics(starts, ends, first_cls, script_code, surface)
    sentence = _sentences(cp, starts, ends, surface, paragraphs)
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
    in_residue = _in_residue(residue, ids, doc_code, starts, ends)
    table = pd.DataFrame(
        {
            "doc": _labels(doc_code, ids),
            "sentence": sentence.astype(np.int32),
            "index": index.astype(np.int32),
            "start": starts,
            "end": ends,
            "surface": surface,
            "form": surface,
            "norm": _normalized(surface, steps),
            "lemma": _missing(len(surface)),
            "lemma_raw": _missing(len(surface)),
            "upos": _missing(len(surface)),
            "feats": _missing(len(surface)),
            "script": _labels(script_code, SCRIPTS),
            "clitic": clitic,
            "part": part,
            "token_start": tok_start,
            "token_end": tok_end,
            "residue": in_residue,
        }
    )
    # category columns are built as such; astype("category") on them would recode them again
    table = table.astype({c: t for c, t in TOKEN_COLUMNS.items() if t != "category"})
    return _segmented(table, steps, segmentation)


def tokenize(
    corpus: Corpus | Document | str,
    *,
    steps: Sequence[str] = DEFAULT_STEPS,
    segmentation: str = "clitics",
    paragraphs: str = "line",
) -> pd.DataFrame:
    """Tokenise a corpus with the rules annotator.

    Parameters
    ----------
    corpus : a :class:`~corpus_tools.corpus.Corpus`, one :class:`Document`, or a plain string
        (document id ``""``).
    steps : normalisation steps for the ``norm`` column (see :mod:`corpus_tools.normalize`).
    segmentation : ``"clitics"`` (default: Arabic proclitics and pronominal enclitics are words
        of their own, as in UD; see :mod:`corpus_tools.segment`) or ``"orthographic"`` (words
        as written; only proclitics on Latin words and numbers are split). Recorded in the
        signature.
    paragraphs : ``"line"`` (default, news scrapes: every line break ends a sentence) or
        ``"blank"`` (hard-wrapped text: a blank line ends a paragraph, a single line break is
        a wrap inside a sentence). Sentences also end after ``. ! ? ؟ … ۔``.

    Returns
    -------
    DataFrame, one row per word, in document order:

    ``doc`` (document id), ``sentence`` (0-based within the document), ``index`` (0-based word
    number within the document), ``start``, ``end`` (offsets into the text; ``text[start:end]
    == surface``), ``surface``, ``form`` (= surface here), ``norm``, ``lemma`` (normalised
    like ``norm``)/``lemma_raw`` (as the model gives it)/``upos``/``feats`` (missing for the
    rules annotator), ``script`` (``arabic``/``latin``/``digit``/``punct``/
    ``other``), ``clitic`` (split-off proclitic), ``part`` (word number inside its orthographic
    token), ``token_start``/``token_end`` (span of that token; a restored article word
    such as ``الشركة`` in ``للشركة`` is no contiguous piece, so its ``start``/``end``/
    ``surface`` are the whole token's while ``form`` is ``الشركة``), ``residue`` (inside scraper
    residue, see :func:`~corpus_tools.corpus.residue_spans`).
    ``attrs["signature"]`` records annotator, normalisation and version.
    """
    options = {"segmentation": segmentation, "paragraphs": paragraphs}
    if isinstance(corpus, str):
        return _tokenize_docs([("", corpus)], steps, None, **options)
    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    residue = residue_spans(corpus)
    return _tokenize_docs([(d.id, d.text) for d in docs], steps, residue, **options)


if __name__ == "__main__":  # pragma: no cover - quick look: python -m corpus_tools.tokenize "text"
    print(tokenize_text(" ".join(sys.argv[1:]))[["start", "end", "surface", "script", "clitic"]])
