"""The stanza backend: Arabic ``tokenize,mwt,pos,lemma`` from local models → token table.

Stanza's pipeline is loaded from local files only (``download_method=None``, models located by
:mod:`corpus_tools.stanza_models`); documents are fed in batches of about ``_BATCH_CHARS``
characters, one paragraph per stanza document; each document's raw analysis is kept in the
:mod:`corpus_tools.annotation_cache` under its sha256 and the setup's cache signature (stanza
version, processors, packages, sha256 of every model file, paragraph mode, cache format).

Stanza output → token table
---------------------------
* ``form`` is stanza's word text; ``surface``/``start``/``end`` are exact: a word that is a
  contiguous piece of its token (``و`` + ``Meta``) gets its own span, a word that is not
  (a restored ``ال`` inside ``للشركة``) keeps the whole token's span. Pieces are matched from
  the left, then from the right, so ``text[start:end] == surface`` holds for every row.
  ``token_start``/``token_end`` are the token's span (stanza's ``start_char``/``end_char``,
  checked against the text) and ``part`` numbers the words of a token.
* ``norm`` is :func:`corpus_tools.normalize.normalize` of ``form`` (not of ``surface``: a word
  without its own span would otherwise be counted as the whole token); ``script`` is also
  computed from ``form``. For the rules backend ``form == surface``, so both agree.
* ``clitic`` is true for a proclitic (``و ف ب ل ك س``, tatweel allowed) that stanza or the
  Latin-word fix below split off a longer token, for a detached proclitic written with a
  tatweel (``بـ``, ``لـ``, ``الـ``), and for a bare ``ب``/``ل``/``ك`` written before a Latin
  word. Enclitic pronouns are not flagged.
* Paragraphs: ``paragraphs="line"`` (default, news scrapes: a title or paragraph per line)
  feeds every line to stanza separately, so no sentence crosses a line break;
  ``paragraphs="blank"`` splits only at blank lines (wrapped text such as UD raw text).

Latin-script words with Arabic proclitics
-----------------------------------------
Stanza's segmentation of ``وMeta``, ``لـSora``, ``بـ Sora`` is inconsistent (``وMeta`` stays
one word, ``لـSora`` keeps the tatweel on ``ـSora``, ``بـ`` becomes ``ب`` + ``ـ``), and it
invents Arabic lemmas for Latin words. After stanza runs, the package therefore rewrites
these tokens itself, whatever the model: each proclitic becomes its own word (conjunction
``و``/``ف``, preposition ``ب``/``ل``/``ك``, article ``ال`` — ``لل`` is ``ل`` + contracted
article; the tatweel stays with the last clitic: ``ولـSora`` → ``و`` ``لـ`` ``Sora``),
analysed as in the PADT scheme (``data/proclitics.json``); the Latin word gets its exact span.
Stanza tokens that cut a Latin word (``OpenAI`` → ``OpenA`` + ``I`` at a sentence end) are
joined first; a Latin word keeps word-internal ``. ’ ' - &`` (``Fortune.com``, ``DALL-E``).
The rules annotator keeps a proclitic sequence as one clitic word (``ولـ`` + ``Sora``); both
give the brand the same exact span. Every Latin-script
word (a Latin letter and no Arabic letter) gets ``lemma`` = the word itself, ``upos`` =
``PROPN`` and ``feats`` = ``Foreign=Yes``: in Arabic news, Latin-script words are almost
always names of firms, products and people (UD_Arabic-PUD tags its Latin names ``PROPN``),
and the models' features for them (case, state) are guesses.

Only the raw analysis is cached; the post-processing above is cheap and runs after every read,
so fixing it never needs a cache purge.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.annotation_cache import AnnotationCache, file_sha256
from corpus_tools.charsets import ARABIC_MARK, HAS_ARABIC, HAS_LATIN, LATIN_LETTER, script_of
from corpus_tools.corpus import Corpus, Document, residue_spans
from corpus_tools.normalize import DEFAULT_STEPS, normalize_series, steps_signature
from corpus_tools.signature import make_signature
from corpus_tools.stanza_models import (
    LANG,
    PARAGRAPH_MODES,
    PROCESSORS,
    StanzaModels,
    find_stanza_models,
)
from corpus_tools.textfile import HORIZONTAL_SPACE, LINE_BREAKS
from corpus_tools.tokenize import TOKEN_COLUMNS, empty_token_table

__all__ = ["annotate_stanza"]

logger = logging.getLogger(__name__)

# Bump when the cached raw rows change shape or meaning (2: every Unicode line break ends a
# paragraph line; entries verified against the document).
_CACHE_FORMAT = 2
_BATCH_CHARS = 40_000

_RAW_DTYPES: dict[str, str] = {
    "sentence": "int32",
    "tok": "int32",
    "tok_start": "int64",
    "tok_end": "int64",
    "word": "str",
    "lemma": "str",
    "upos": "str",
    "feats": "str",
}
_RAW_SPANS = ("tok_start", "tok_end")  # offsets into the document, checked on every cache read


@cache
def _stanza_version() -> str:
    try:
        return _dist_version("stanza")
    except PackageNotFoundError:  # pragma: no cover - stanza is a dependency
        return "unknown"


@dataclass(frozen=True)
class _StanzaSetup:
    models: StanzaModels
    file_hashes: dict[str, str]
    paragraphs: str

    @cached_property
    def models_hash(self) -> str:
        lines = "".join(f"{k}:{v}\n" for k, v in sorted(self.file_hashes.items()))
        return hashlib.sha256(lines.encode()).hexdigest()

    @cached_property
    def cache_signature(self) -> str:
        files = ",".join(f"{k}={v}" for k, v in sorted(self.file_hashes.items()))
        return (
            f"stanza={_stanza_version()}|lang={LANG}|processors={','.join(PROCESSORS)}"
            f"|packages={self.models.packages_label}|files={files}"
            f"|paragraphs={self.paragraphs}|format={_CACHE_FORMAT}"
        )

    def signature_fields(self) -> dict[str, str]:
        return {
            "annotator": "stanza",
            "model": f"{LANG}:{self.models.packages_label}@{self.models_hash[:12]}",
            "stanza": _stanza_version(),
            "processors": "+".join(PROCESSORS),
            "paragraphs": self.paragraphs,
        }


# --- running stanza ---------------------------------------------------------------------------
@cache
def _pipeline(directory: str) -> Any:
    import stanza

    return stanza.Pipeline(
        LANG,
        dir=directory,
        processors=",".join(PROCESSORS),
        download_method=None,
        logging_level="WARN",
    )


_BREAK = f"(?:\r\n|[{LINE_BREAKS}])"  # any Unicode line break (corpus_tools.textfile)
_PARAGRAPH_SPLIT = {
    "line": re.compile(_BREAK),
    "blank": re.compile(f"{_BREAK}{HORIZONTAL_SPACE}*{_BREAK}"),
}
assert tuple(_PARAGRAPH_SPLIT) == PARAGRAPH_MODES  # one regex per documented mode


def _chunks(text: str, paragraphs: str) -> list[tuple[int, str]]:
    """Paragraphs as (offset, text), stripped; whitespace-only pieces dropped."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in [*_PARAGRAPH_SPLIT[paragraphs].finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if stripped:
            out.append((pos + piece.index(stripped), stripped))
        pos = m.end() if m else len(text)
    return out


def _empty_raw() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _RAW_DTYPES.items()})


def _stanza_raw(nlp: Any, docs: Sequence[Document], paragraphs: str) -> list[pd.DataFrame]:
    """Run stanza on documents (batched); one raw frame per document, offsets into doc.text."""
    from stanza.models.common.doc import Document as StanzaDocument

    plan = [
        (i, off, piece) for i, d in enumerate(docs) for off, piece in _chunks(d.text, paragraphs)
    ]
    processed = (
        nlp.bulk_process([StanzaDocument([], text=piece) for _, _, piece in plan]) if plan else []
    )
    rows: list[list[tuple[Any, ...]]] = [[] for _ in docs]
    n_sent = [0] * len(docs)
    n_tok = [0] * len(docs)
    for (i, off, _), sdoc in zip(plan, processed, strict=True):
        text = docs[i].text
        for sent in sdoc.sentences:
            for tok in sent.tokens:
                start, end = off + tok.start_char, off + tok.end_char
                if text[start:end] != tok.text:
                    raise RuntimeError(
                        f"{docs[i].path}: stanza token {tok.text!r} does not match the text at "
                        f"offset {start} ({text[start:end]!r}); please report this"
                    )
                for w in tok.words:
                    rows[i].append(
                        (n_sent[i], n_tok[i], start, end, w.text, w.lemma, w.upos, w.feats)
                    )
                n_tok[i] += 1
            n_sent[i] += 1
    out = []
    for r in rows:
        frame = pd.DataFrame(r, columns=list(_RAW_DTYPES)) if r else _empty_raw()
        out.append(frame.astype(_RAW_DTYPES))
    return out


# --- Latin words with Arabic proclitics -------------------------------------------------------
@cache
def _proclitics() -> dict[str, Any]:
    raw = resources.files("corpus_tools.data").joinpath("proclitics.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


# Proclitics written onto a Latin word: conjunction, preposition, article (لل = ل + contracted ال).
_CONJ, _PREP, _ART = "[وف]", "(?:[بك]|لل|ل)", "ال"
_CL = f"(?:{_CONJ}{_PREP}?(?:{_ART})?|{_PREP}(?:{_ART})?|{_ART})"
_CL_PARTS = re.compile(f"^({_CONJ}?)({_PREP}?)((?:{_ART})?)$")
_GLUED = re.compile(f"^({_CL})(\u0640*)([{LATIN_LETTER}].*)$", re.DOTALL)
# A Latin word keeps word-internal . ’ ' - & (Fortune.com, l’action, DALL-E, AT&T).
_LATIN_WORD_RE = f"[{LATIN_LETTER}][{LATIN_LETTER}0-9]*(?:[.’'&\\-][{LATIN_LETTER}0-9]+)*"
_LATIN_WORD = re.compile(_LATIN_WORD_RE)
_LATIN_SPAN = re.compile(
    f"(?:(?<![^\\W\\d_]){_CL}\u0640*|(?<![{LATIN_LETTER}0-9]))(?:{_LATIN_WORD_RE})"
)
# A detached proclitic: with a tatweel (بـ, ولـ) anywhere; bare ب ل ك only before a Latin word.
_DETACHED_TATWEEL = re.compile(f"^({_CL})(\u0640+)$")
_DETACHED_BARE = re.compile("^([بلك])$")
_DETACHED_TEXT = re.compile(
    f"(?<![^\\W\\d_])(?:{_CL})\u0640+(?![^\\W\\d_])|(?<![^\\W\\d_])[بلك](?=\\s+[{LATIN_LETTER}])"
)
# Documents are processed together, joined by a character that is neither a letter nor space.
_DOC_SEP = "\x00"
_PROCLITIC_FORMS = frozenset("وفبلكس")
_STRIP_MARKS = re.compile(f"[{ARABIC_MARK}]")


def _clitic_words(prefix: str, tatweel: str) -> list[tuple[str, Any, Any, Any]]:
    """(word, lemma, upos, feats) for each proclitic of ``prefix``; the tatweel stays on the
    last one. ``ولـ`` → ``و`` + ``لـ``; ``لل`` → ``ل`` + ``ل`` (the article's contracted form)."""
    table = _proclitics()["clitics"]
    m = _CL_PARTS.match(prefix)
    if m is None:  # pragma: no cover - callers match _CL first
        raise ValueError(f"not a proclitic sequence: {prefix!r}")
    conj, prep, art = m.groups()
    pieces: list[tuple[str, str]] = []  # (written form, analysis key)
    if conj:
        pieces.append((conj, conj))
    if prep == "لل":
        pieces += [("ل", "ل"), ("ل", "ال")]
    elif prep:
        pieces.append((prep, prep))
    if art:
        pieces.append((art, art))
    out: list[tuple[str, Any, Any, Any]] = []
    for k, (written, key) in enumerate(pieces):
        word = written + (tatweel if k == len(pieces) - 1 else "")
        out.append((word, table[key]["lemma"], table[key]["upos"], None))
    return out


def _merge_groups(starts: np.ndarray, ends: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Group number per token: adjacent tokens whose boundary lies inside one Latin word
    (with or without glued proclitics) are merged (stanza splits ``OpenAI`` → ``OpenA`` + ``I``
    at a sentence end, ``لـSora`` → ``لـ`` + ``Sora``...)."""
    inner = np.zeros(len(starts), dtype=bool)  # token k is merged into token k-1
    if len(starts) > 1 and len(spans):
        p = starts[1:]
        adjacent = ends[:-1] == p
        j = np.searchsorted(spans[:, 0], p, side="left") - 1  # last span starting before p
        ok = j >= 0
        inside = np.zeros(len(p), dtype=bool)
        inside[ok] = p[ok] < spans[j[ok], 1]
        inner[1:] = adjacent & inside
    return np.cumsum(~inner) - 1


def _fix_latin_clitics(raw: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rewrite the (few) tokens where Arabic proclitics meet a Latin word; add ``clitic``."""
    raw = raw.assign(clitic=False)
    if raw.empty:
        return raw
    first = raw.drop_duplicates("tok")
    tok_ids = first["tok"].to_numpy()
    starts = first["tok_start"].to_numpy()
    ends = first["tok_end"].to_numpy()
    sents = first["sentence"].to_numpy()
    matches = list(_LATIN_SPAN.finditer(text))
    spans = np.array([m.span() for m in matches], dtype=np.int64).reshape(-1, 2)
    group = _merge_groups(starts, ends, spans)
    n_groups = int(group[-1]) + 1
    g_first = np.searchsorted(group, np.arange(n_groups), side="left")
    g_last = np.searchsorted(group, np.arange(n_groups), side="right") - 1
    g_start, g_end = starts[g_first], ends[g_last]
    # Only a few groups can need a rewrite: merged ones, and those starting where a clitic
    # meets a Latin word or where a detached clitic stands (found by regex over the text).
    hits = [m.start() for m in matches if not HAS_LATIN.match(m.group())]
    hits += [m.start() for m in _DETACHED_TEXT.finditer(text)]
    cand = np.flatnonzero((g_last > g_first) | np.isin(g_start, np.array(hits, dtype=np.int64)))
    replace: dict[int, list[tuple[Any, ...]]] = {}  # first tok id of a group -> its new word rows
    drop: set[int] = set()
    new: list[tuple[Any, ...]]
    for g in cand:
        f, last = int(g_first[g]), int(g_last[g])
        sent, tok, s, e = int(sents[f]), int(tok_ids[f]), int(g_start[g]), int(g_end[g])
        t = text[s:e]
        glued = _GLUED.match(t) if (HAS_LATIN.search(t) and HAS_ARABIC.search(t)) else None
        if glued and not HAS_ARABIC.search(glued.group(3)):
            letters, tatweel, latin = glued.groups()
            new = [(w, lem, upos, ft, True) for w, lem, upos, ft in _clitic_words(letters, tatweel)]
            new.append((latin, latin, None, None, False))
        elif last > f and _LATIN_WORD.fullmatch(t):
            new = [(t, t, None, None, False)]
        elif (tat := _DETACHED_TATWEEL.match(t)) is not None:
            new = [(w, lem, upos, ft, True) for w, lem, upos, ft in _clitic_words(*tat.groups())]
        elif _DETACHED_BARE.match(t):  # the regex saw white space and a Latin letter next
            new = [(w, lem, upos, ft, True) for w, lem, upos, ft in _clitic_words(t, "")]
        elif last > f:  # merged for another reason: keep stanza's words under one token
            rows = raw[raw["tok"].isin(tok_ids[f : last + 1])]
            new = list(
                zip(
                    rows["word"],
                    rows["lemma"],
                    rows["upos"],
                    rows["feats"],
                    rows["clitic"],
                    strict=True,
                )
            )
        else:
            continue
        replace[tok] = [(sent, tok, s, e, *row) for row in new]
        drop.update(int(x) for x in tok_ids[f + 1 : last + 1])
    if not replace:
        return raw
    cols = [*_RAW_DTYPES, "clitic"]
    kept = raw[~raw["tok"].isin([*replace, *drop])]
    added = pd.DataFrame([r for rows in replace.values() for r in rows], columns=cols)
    added = added.astype({**_RAW_DTYPES, "clitic": "bool"})
    out = pd.concat([kept, added], ignore_index=True)
    # tokens never overlap; rows of one token keep their order (all kept or all added)
    order = np.lexsort((np.arange(len(out)), out["tok_start"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


# --- raw stanza rows → token table ------------------------------------------------------------
def _word_spans(raw: pd.DataFrame, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Exact spans for contiguous pieces, the token span otherwise (see module docstring)."""
    start = raw["tok_start"].to_numpy().copy()
    end = raw["tok_end"].to_numpy().copy()
    size = raw.groupby("tok", sort=False)["tok"].transform("size").to_numpy()
    words = raw["word"].tolist()
    multi = np.flatnonzero(size > 1)
    k = 0
    while k < len(multi):
        first = multi[k]
        m = int(size[first])
        idx = range(first, first + m)
        ts, te = int(start[first]), int(end[first])
        tok_text = text[ts:te]
        left, matched = 0, [False] * m
        for j, i in enumerate(idx):
            if words[i] and tok_text.startswith(words[i], left):
                start[i], end[i] = ts + left, ts + left + len(words[i])
                left += len(words[i])
                matched[j] = True
            else:
                break
        right = len(tok_text)
        for j in reversed(range(m)):
            i = idx[j]
            if matched[j]:
                break
            w = words[i]
            if w and right - len(w) >= left and tok_text.endswith(w, 0, right):
                start[i], end[i] = ts + right - len(w), ts + right
                right -= len(w)
            else:
                break
        k += m
    return start, end


def _tables(
    raws: Sequence[pd.DataFrame],
    docs: Sequence[Document],
    norm_steps: Sequence[str],
    *,
    fix_latin: bool = True,
) -> pd.DataFrame:
    """Raw word rows (``sentence, tok, tok_start, tok_end, word, lemma, upos, feats``) of each
    document → one token table. All documents are processed in one vectorised pass over
    their texts joined by ``_DOC_SEP`` (offsets shifted, then shifted back).
    ``fix_latin=False`` keeps the analyses as given (CoNLL-U import)."""
    if not docs or not any(len(r) for r in raws):
        return empty_token_table()
    lengths = np.array([len(d.text) for d in docs], dtype=np.int64)
    bases = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    text = _DOC_SEP.join(d.text for d in docs)
    n_tok = np.array([int(r["tok"].max()) + 1 if len(r) else 0 for r in raws], dtype=np.int64)
    tok_bases = np.concatenate(([0], np.cumsum(n_tok)[:-1]))
    combined = pd.concat(
        [
            r.assign(tok=r["tok"] + tb, tok_start=r["tok_start"] + b, tok_end=r["tok_end"] + b)
            for r, b, tb in zip(raws, bases, tok_bases, strict=True)
            if len(r)
        ],
        ignore_index=True,
    ).astype(_RAW_DTYPES)
    fixed = _fix_latin_clitics(combined, text) if fix_latin else combined.assign(clitic=False)
    start, end = _word_spans(fixed, text)
    tok_start = fixed["tok_start"].to_numpy()
    docno = np.searchsorted(bases, tok_start, side="right") - 1
    base = bases[docno]
    words = _word_columns(fixed, norm_steps, fix_latin=fix_latin)
    table = pd.DataFrame(
        {
            "doc": np.array([d.id for d in docs], dtype=object)[docno],
            "sentence": fixed["sentence"].to_numpy(),
            "index": pd.Series(docno).groupby(docno).cumcount().to_numpy(),
            "start": start - base,
            "end": end - base,
            "surface": [text[s:e] for s, e in zip(start, end, strict=True)],
            **words,
            "token_start": tok_start - base,
            "token_end": fixed["tok_end"].to_numpy() - base,
            "residue": _residue_mask(docs, bases, start, end),
        }
    )
    # string columns: categories of the values present, sorted, as tokenize gives them
    return table[list(TOKEN_COLUMNS)].astype(TOKEN_COLUMNS)


def _word_columns(
    fixed: pd.DataFrame, norm_steps: Sequence[str], *, fix_latin: bool
) -> dict[str, Any]:
    """``form``, ``norm``, ``lemma``, ``lemma_raw``, ``upos``, ``feats``, ``script``,
    ``clitic`` and ``part`` of the word rows (see the module docstring).

    ``lemma_raw`` is the model's lemma (a Latin-script word's own form); ``lemma`` is it
    normalised with ``norm_steps``, like ``norm``, so one lemma is one string (``شَرِكَة`` and
    ``شركة`` are both ``شركة``).
    """
    part = fixed.groupby("tok", sort=False).cumcount().to_numpy()
    size = fixed.groupby("tok", sort=False)["tok"].transform("size").to_numpy()
    form = fixed["word"]
    codes, uniques = pd.factorize(form)
    script = np.array([script_of(u) for u in uniques], dtype=object)[codes]
    stripped = np.array([_STRIP_MARKS.sub("", u) for u in uniques], dtype=object)[codes]
    clitic = fixed["clitic"].to_numpy() | (
        (size > 1) & (part < size - 1) & np.isin(stripped, list(_PROCLITIC_FORMS))
    )
    latin = (script == "latin") & ~clitic & fix_latin
    latin_spec = _proclitics()["latin_word"]
    lemma_raw = pd.Series(
        np.where(latin, form.to_numpy(dtype=object), fixed["lemma"].to_numpy(dtype=object)),
        dtype="str",
    )
    return {
        "form": form.to_numpy(dtype=object),
        "norm": normalize_series(form, norm_steps).to_numpy(dtype=object),
        "lemma": normalize_series(lemma_raw, norm_steps).to_numpy(dtype=object),
        "lemma_raw": lemma_raw.to_numpy(dtype=object),
        "upos": np.where(latin, latin_spec["upos"], fixed["upos"].to_numpy(dtype=object)),
        "feats": np.where(latin, latin_spec["feats"], fixed["feats"].to_numpy(dtype=object)),
        "script": script,
        "clitic": clitic,
        "part": part,
    }


def _residue_mask(
    docs: Sequence[Document], bases: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Which words (global offsets) lie inside a document's scraper residue."""
    residue = np.zeros(len(start), dtype=bool)
    spans = residue_spans(Corpus(tuple(docs)))
    doc_base = dict(zip((d.id for d in docs), bases, strict=True))
    for d, s, e in zip(spans["doc"], spans["start"], spans["end"], strict=True):
        b = doc_base[d]
        residue |= (start >= s + b) & (end <= e + b)
    return residue


def _raw_to_table(
    raw: pd.DataFrame, doc: Document, norm_steps: Sequence[str], *, fix_latin: bool = True
) -> pd.DataFrame:
    """One document's raw rows → token table (see :func:`_tables`)."""
    return _tables([raw], [doc], norm_steps, fix_latin=fix_latin)


def annotate_stanza(
    docs: Sequence[Document],
    *,
    model_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    paragraphs: str = "line",
    norm_steps: Sequence[str] = DEFAULT_STEPS,
    threads: int | None = None,
) -> pd.DataFrame:
    """The token table of ``docs`` from stanza (see :func:`corpus_tools.annotate.annotate`).

    ``attrs["signature"]`` names the annotator, the models (with a hash of every model file),
    stanza's version, processors, paragraph mode and normalisation.
    """
    models = find_stanza_models(model_dir)
    store = AnnotationCache.at(cache_dir, "stanza")
    hashes = {
        f.relative_to(models.directory).as_posix(): file_sha256(
            f, store.directory if cache else None
        )
        for f in models.files
    }
    setup = _StanzaSetup(models, hashes, paragraphs)
    raws: list[pd.DataFrame | None] = [None] * len(docs)
    if cache:
        for i, d in enumerate(docs):
            raws[i] = store.read(d, setup.cache_signature, _RAW_DTYPES, spans=_RAW_SPANS)
    todo = [i for i, r in enumerate(raws) if r is None]
    logger.info(
        "stanza annotator: %d document(s) from cache, %d to annotate (models: %s from %s)",
        len(docs) - len(todo),
        len(todo),
        models.directory,
        models.source,
    )
    if todo:
        with _torch_threads(threads):
            _run_batches(docs, todo, raws, setup, store if cache else None, progress)
    done = [r if r is not None else _empty_raw() for r in raws]
    table = _tables(done, docs, norm_steps)
    table.attrs["signature"] = make_signature(
        **setup.signature_fields(), norm=steps_signature(norm_steps)
    )
    return table


def _show_progress(progress: bool | None, n_docs: int) -> bool:
    if progress is not None:
        return progress
    return n_docs > 1 and sys.stderr.isatty()


@contextmanager
def _torch_threads(threads: int | None) -> Iterator[None]:
    """Set torch's intra-op threads for the block (None: leave torch's default)."""
    if threads is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _run_batches(
    docs: Sequence[Document],
    todo: list[int],
    raws: list[pd.DataFrame | None],
    setup: _StanzaSetup,
    store: AnnotationCache | None,
    progress: bool | None,
) -> None:
    """Annotate the documents ``todo`` in batches of about _BATCH_CHARS characters."""
    from tqdm import tqdm

    nlp = _pipeline(str(setup.models.directory))
    bar = tqdm(
        total=len(todo),
        unit="doc",
        desc="stanza",
        disable=not _show_progress(progress, len(todo)),
        file=sys.stderr,
    )
    t0, n_words, k = time.perf_counter(), 0, 0
    while k < len(todo):
        batch: list[int] = []
        chars = 0
        while k < len(todo) and (not batch or chars + len(docs[todo[k]].text) <= _BATCH_CHARS):
            batch.append(todo[k])
            chars += len(docs[todo[k]].text)
            k += 1
        done = _stanza_raw(nlp, [docs[i] for i in batch], setup.paragraphs)
        for i, raw in zip(batch, done, strict=True):
            raws[i] = raw
            n_words += len(raw)
            if store is not None:
                store.write(docs[i], setup.cache_signature, raw, spans=_RAW_SPANS)
        bar.update(len(batch))
        bar.set_postfix_str(f"{n_words / max(time.perf_counter() - t0, 1e-9):,.0f} words/s")
    bar.close()
