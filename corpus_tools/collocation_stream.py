"""The token stream that window-based collocations count: words as integer ids, sentence or
document segments and the node / collocate filters (see :mod:`corpus_tools.collocations`).

Internal: used by :mod:`corpus_tools.collocations` and the sharded engine
(:mod:`corpus_tools.counting`, :mod:`corpus_tools.distributed`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

_BY = ("surface", "form", "norm", "lemma")
DEFAULT_EXCLUDE: tuple[str, ...] = ("punct", "residue")
#: Largest L or R: every offset costs one pass over the corpus (this is surface, not textual,
#: co-occurrence).
MAX_SPAN = 100


@dataclass
class _Stream:
    """The token stream as integer ids, ready for counting (internal)."""

    ids: np.ndarray  # int32 word id per kept position
    vocab: pd.Index  # id -> word
    seg: np.ndarray  # int64 segment (sentence or document) per position
    node_ok: np.ndarray  # bool: may be a node instance (node_upos filter)
    coll_ok: np.ndarray  # bool: may count as a collocate (collocate filters)
    base_signature: str | None
    settings: dict[str, Any]


def _window(window: Any) -> tuple[int, int]:
    if isinstance(window, (int, np.integer)):
        left = right = int(window)
    else:
        try:
            left, right = (int(w) for w in window)
        except (TypeError, ValueError):
            raise ValueError(f"window must be (L, R) with two integers, got {window!r}") from None
    if left < 0 or right < 0 or left + right == 0:
        raise ValueError(f"window (L, R) needs L, R ≥ 0 and L + R ≥ 1, got ({left}, {right})")
    if max(left, right) > MAX_SPAN:
        raise ValueError(
            f"window (L, R) allows at most {MAX_SPAN} tokens on a side, got ({left}, {right})"
        )
    return left, right


def _type_table(vocab: np.ndarray) -> pd.DataFrame:
    """A one-row-per-type stand-in token table for plain word lists (``exclude`` works per type).

    ``script`` follows the tokenizer's classes, decided with RE2 Unicode classes (pyarrow);
    the words are taken as they are (``norm`` = the word).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(vocab, type=pa.large_string())

    def has(pattern: str) -> np.ndarray:
        return np.asarray(pc.match_substring_regex(arr, pattern), dtype=bool)

    script = np.full(len(vocab), "other", dtype=object)
    script[has(r"\p{Arabic}")] = "arabic"
    script[has(r"^[\p{Nd},.٫٬]*\p{Nd}[\p{Nd},.٫٬]*$")] = "digit"
    script[has(r"\p{Latin}")] = "latin"
    script[has(r"^[\p{P}\p{S}]+$")] = "punct"
    words = pd.Series(vocab, dtype="str")
    return pd.DataFrame(
        {
            "surface": words,
            "norm": words,
            "script": pd.Series(script, dtype="str"),
            "residue": np.zeros(len(vocab), dtype=bool),
        }
    )


def _exclusion_signature(exclude: Any) -> str:
    if exclude is None:
        return "none"
    items = (exclude,) if isinstance(exclude, str) else tuple(exclude)
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(item)
        else:
            terms = sorted({str(x) for x in item})
            digest = hashlib.sha256("\n".join(terms).encode()).hexdigest()[:8]
            parts.append(f"terms{len(terms)}-{digest}")
    return "+".join(parts) or "none"


def _mask(values: pd.Series | None, allowed: Iterable[str] | None, n: int) -> np.ndarray:
    if allowed is None:
        return np.ones(n, dtype=bool)
    if values is None:
        raise ValueError("a POS filter needs the token-table column 'upos' (annotate with stanza)")
    allowed = (allowed,) if isinstance(allowed, str) else tuple(allowed)
    return values.isin(allowed).to_numpy(dtype=bool, na_value=False)


#: What the two readers hand to :func:`_prepare`: type ids, vocabulary, document and sentence
#: per token, node and collocate filters, the token table's signature.
_Parts = tuple[np.ndarray, Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray, str | None]


@dataclass(frozen=True)
class _Filters:
    """What the stream counts: the attribute, the segments and the filters (internal)."""

    by: str
    within_sentence: bool
    exclude: Any
    collocate_exclude: Any
    node_upos: Iterable[str] | None
    collocate_upos: Iterable[str] | None

    def signature(self) -> dict[str, Any]:
        """The counting settings, as the signature records them."""
        settings: dict[str, Any] = {
            "by": self.by,
            "exclude": _exclusion_signature(self.exclude),
            "within_sentence": self.within_sentence,
        }
        if self.collocate_exclude:
            settings["collocate_exclude"] = _exclusion_signature(self.collocate_exclude)
        for name in ("node_upos", "collocate_upos"):
            upos = getattr(self, name)
            if upos is not None:
                settings[name] = (upos,) if isinstance(upos, str) else tuple(upos)
        return settings


def _prepare(
    tokens: pd.DataFrame | Sequence[str],
    *,
    by: str,
    within_sentence: bool,
    exclude: Any,
    collocate_exclude: Any,
    node_upos: Iterable[str] | None,
    collocate_upos: Iterable[str] | None,
) -> _Stream:
    if by not in _BY:
        raise ValueError(f"by must be one of {_BY}, got {by!r}")
    filters = _Filters(by, within_sentence, exclude, collocate_exclude, node_upos, collocate_upos)
    if isinstance(tokens, pd.DataFrame):
        parts = _table_parts(tokens, filters)
    else:
        parts = _word_parts(tokens, filters)
    codes, vocab, doc, sent, node_ok, coll_ok, base = parts
    ids = np.asarray(codes, dtype=np.int32)  # ids < 2**31; codes of pairs are int64
    seg = np.zeros(len(ids), dtype=np.int64)
    if len(ids) > 1:
        change = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
        seg[1:] = np.cumsum(change)
    vocab_index = pd.Index(vocab, dtype="str")
    return _Stream(ids, vocab_index, seg, node_ok, coll_ok, base, filters.signature())


def _by_keys(table: pd.DataFrame, by: str) -> pd.Series:
    """The column ``by`` (lemmas fall back to the norm, else the surface, where missing)."""
    if by not in table.columns:
        raise ValueError(
            f"by={by!r} needs the token-table column {by!r} (columns: {list(table.columns)})"
        )
    keys = table[by]
    if by == "lemma":
        if keys.isna().all():
            raise ValueError(
                "by='lemma' needs lemmas: the token table has none (annotate with stanza)"
            )
        keys = keys.fillna(table["norm"] if "norm" in table.columns else table["surface"])
    return keys


def _table_parts(table: pd.DataFrame, filters: _Filters) -> _Parts:
    """A token table's kept tokens: filters per token (``upos``, ``exclude`` on the table)."""
    from corpus_tools.frequency import exclude_mask

    keys = _by_keys(table, filters.by)
    keep = ~exclude_mask(table, filters.exclude)
    keep &= keys.notna().to_numpy()  # a word without a value in `by` cannot be counted
    codes, vocab = pd.factorize(keys[keep], sort=False)
    if "doc" in table.columns:
        doc = pd.factorize(table["doc"][keep])[0].astype(np.int64)
    else:
        doc = np.zeros(len(codes), dtype=np.int64)
    if filters.within_sentence:
        if "sentence" not in table.columns:
            raise ValueError("within_sentence=True needs the token-table column 'sentence'")
        sent = table["sentence"][keep].to_numpy(dtype=np.int64)
    else:
        sent = np.zeros(len(codes), dtype=np.int64)
    upos = table["upos"][keep] if "upos" in table.columns else None
    if upos is not None and upos.isna().all():
        upos = None
    node_ok = _mask(upos, filters.node_upos, len(codes))
    coll_ok = _mask(upos, filters.collocate_upos, len(codes))
    if filters.collocate_exclude:
        coll_ok &= ~exclude_mask(table[keep], filters.collocate_exclude)
    return codes, vocab, doc, sent, node_ok, coll_ok, table.attrs.get("signature")


def _word_parts(words: Sequence[str], filters: _Filters) -> _Parts:
    """A plain sequence of words: one document, one sentence; filters work per type."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from corpus_tools.frequency import exclude_mask

    encoded = pc.dictionary_encode(pa.array(words, type=pa.large_string()))
    if encoded.null_count:
        first = int(np.flatnonzero(np.asarray(encoded.is_null()))[0])
        raise ValueError(f"the word sequence has a missing value at position {first}")
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    vocab: Any = encoded.dictionary.to_numpy(zero_copy_only=False)
    del encoded
    pa.default_memory_pool().release_unused()  # the UTF-8 copy of the words is not needed
    doc = np.zeros(len(codes), dtype=np.int64)
    sent = np.zeros(len(codes), dtype=np.int64)
    if filters.node_upos is not None or filters.collocate_upos is not None:
        raise ValueError("POS filters need a token table with a 'upos' column, not a list of words")
    node_ok = np.ones(len(codes), dtype=bool)
    coll_ok = np.ones(len(codes), dtype=bool)
    if filters.exclude or filters.collocate_exclude:
        type_table = _type_table(np.asarray(vocab, dtype=object))
        drop_type = exclude_mask(type_table, filters.exclude)
        if drop_type.any():
            keep = ~drop_type[codes]
            # re-factorize so ids stay dense after dropping types
            codes, uniq = pd.factorize(codes[keep], sort=False)
            vocab = np.asarray(vocab, dtype=object)[uniq]
            type_table = type_table.take(uniq).reset_index(drop=True)
            doc, sent = doc[keep], sent[keep]
            node_ok, coll_ok = node_ok[keep], coll_ok[keep]
        if filters.collocate_exclude:
            coll_ok &= ~exclude_mask(type_table, filters.collocate_exclude)[codes]
    return codes, vocab, doc, sent, node_ok, coll_ok, None


def _node_ids(stream: _Stream, node: str | Iterable[str] | None, by: str) -> np.ndarray | None:
    """Ids of the node terms (None = every word is a node); unknown terms are dropped."""
    if node is None:
        return None
    terms = [node] if isinstance(node, str) else [str(x) for x in node]
    if by in ("norm", "lemma"):
        # accept an unnormalised query too: ``الحكومةُ`` finds ``الحكومة``
        from corpus_tools.normalize import normalize

        terms = list(dict.fromkeys(t for term in terms for t in (term, normalize(term))))
    idx = stream.vocab.get_indexer(pd.Index(terms, dtype="str"))
    if not (idx >= 0).any():
        from corpus_tools.kwic import warn_no_match

        warn_no_match("node", node, by)
    return np.unique(idx[idx >= 0]).astype(np.int64)
