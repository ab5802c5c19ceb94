"""Scoring annotators against Universal Dependencies gold (CoNLL 2018 shared-task semantics).

The alignment follows the official scorer ``conll18_ud_eval.py`` (Zeman et al. 2018, "CoNLL
2018 Shared Task: Multilingual Parsing from Raw Text to Universal Dependencies", §2.3; the
script ships with stanza as ``udtools.udeval``), ported to work on a token table and its text:

* Gold and system must spell the same characters once white space (Unicode ``Zs``, and
  everything between tokens) is removed; tokens are spans over these characters. A
  mismatch is an error naming the first differing position.
* **Tokens** (and **Sentences**): a system span counts when a gold span has the same start and end.
* **Words**: words of single-word tokens are aligned by their span. Around multi-word tokens
  the scorer takes the smallest *multi-word span* that contains every gold or system MWT it
  touches, and aligns the words inside it by the longest common subsequence of their
  (lower-cased) forms.
* **UPOS**, **Lemmas**: aligned words whose UPOS / lemma agree (a gold lemma ``_`` matches
  anything). P = correct / system words, R = correct / gold words,
  F1 = 2·correct / (gold + system).

For a token table the orthographic tokens are the groups of rows sharing ``token_start``/
``token_end``; a group of more than one word is a multi-word token, its words' forms are
the ``form`` column.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from corpus_tools.corpus import Document
from corpus_tools.signature import extend_signature

__all__ = ["METRICS", "UDAlignmentError", "evaluate_tokens", "evaluate_ud", "format_scores"]

METRICS = ("Tokens", "Sentences", "Words", "UPOS", "Lemmas")


class UDAlignmentError(ValueError):
    """Gold and system do not spell the same text (white space ignored)."""


def _no_space(s: str) -> str:
    return "".join(c for c in s if unicodedata.category(c) != "Zs")


@dataclass
class _UD:
    """Spans over the white-space-free character string, as in the official scorer."""

    chars: str = ""
    tokens: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    # words: span (of the word, or of its whole MWT), is_multiword, form, upos, lemma
    span: list[tuple[int, int]] = field(default_factory=list)
    mwt: list[bool] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)  # per token, for error messages


def _gold(path: str | os.PathLike[str]) -> _UD:
    import conllu

    ud = _UD()
    pieces: list[str] = []
    pos = 0
    with open(path, encoding="utf-8") as fh:
        for s_no, sent in enumerate(conllu.parse_incr(fh)):
            sent_start = pos
            sid = sent.metadata.get("sent_id", str(s_no + 1))
            mwt_last = 0
            for tok in sent:
                tid = tok["id"]
                if isinstance(tid, tuple) and tid[1] == ".":
                    continue  # empty nodes are not evaluated
                form = _no_space(str(tok["form"]))
                if isinstance(tid, tuple) and tid[1] == "-":
                    span = (pos, pos + len(form))
                    ud.tokens.append(span)
                    ud.where.append(f"{Path(path).name} sentence {sid} token {tok['form']!r}")
                    pieces.append(form)
                    pos += len(form)
                    mwt_last = int(tid[2])
                    continue
                in_mwt = int(tid) <= mwt_last
                if not in_mwt:
                    span = (pos, pos + len(form))
                    ud.tokens.append(span)
                    ud.where.append(f"{Path(path).name} sentence {sid} token {tok['form']!r}")
                    pieces.append(form)
                    pos += len(form)
                ud.span.append(ud.tokens[-1])
                ud.mwt.append(in_mwt)
                ud.form.append(form)
                ud.upos.append(tok["upos"] or "_")
                ud.lemma.append(tok["lemma"] or "_")
            ud.sentences.append((sent_start, pos))
    ud.chars = "".join(pieces)
    return ud


def _missing(v: Any) -> str:
    return "_" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v)


def _system(tokens: pd.DataFrame, text: str) -> _UD:
    ud = _UD()
    n = len(tokens)
    ts = tokens["token_start"].to_numpy()
    te = tokens["token_end"].to_numpy()
    sent = tokens["sentence"].to_numpy()
    new_tok = np.ones(n, dtype=bool)
    new_tok[1:] = (ts[1:] != ts[:-1]) | (te[1:] != te[:-1])
    tok_id = np.cumsum(new_tok) - 1
    size = np.bincount(tok_id)[tok_id] if n else np.zeros(0, dtype=np.int64)
    firsts = np.flatnonzero(new_tok)
    pieces: list[str] = []
    pos = 0
    for f in firsts:
        chunk = _no_space(text[ts[f] : te[f]])
        ud.tokens.append((pos, pos + len(chunk)))
        ud.where.append(f"text offset {ts[f]} token {text[ts[f] : te[f]]!r}")
        pieces.append(chunk)
        pos += len(chunk)
    ud.chars = "".join(pieces)
    tok_span = np.array(ud.tokens, dtype=np.int64).reshape(-1, 2)
    ud.span = [(int(a), int(b)) for a, b in tok_span[tok_id]]
    ud.mwt = (size > 1).tolist()
    ud.form = [_no_space(str(f)) for f in tokens["form"].tolist()]
    ud.upos = [_missing(v) for v in tokens["upos"].tolist()]
    # UD gold lemmas keep their diacritics: score the model's lemma, not the normalised one
    lemma_column = "lemma_raw" if "lemma_raw" in tokens.columns else "lemma"
    ud.lemma = [_missing(v) for v in tokens[lemma_column].tolist()]
    if n:
        new_sent = np.ones(n, dtype=bool)
        new_sent[1:] = sent[1:] != sent[:-1]
        s_first = tok_id[np.flatnonzero(new_sent)]
        s_last = np.append(tok_id[np.flatnonzero(new_sent)[1:] - 1], tok_id[-1])
        ud.sentences = [
            (int(tok_span[a, 0]), int(tok_span[b, 1])) for a, b in zip(s_first, s_last, strict=True)
        ]
    return ud


def _check_chars(gold: _UD, system: _UD) -> None:
    if gold.chars == system.chars:
        return
    i = next(
        (k for k, (a, b) in enumerate(zip(gold.chars, system.chars, strict=False)) if a != b),
        min(len(gold.chars), len(system.chars)),
    )

    def where(ud: _UD) -> str:
        k = int(np.searchsorted([e for _, e in ud.tokens], i, side="right"))
        return ud.where[min(k, len(ud.where) - 1)] if ud.where else "(no tokens)"

    raise UDAlignmentError(
        "gold and system texts differ (white space ignored) at character "
        f"{i}: gold {gold.chars[i : i + 20]!r} ({where(gold)}) vs system "
        f"{system.chars[i : i + 20]!r} ({where(system)})"
    )


def _align(g: _UD, s: _UD) -> list[tuple[int, int]]:
    """Word alignment of ``conll18_ud_eval.py`` (``align_words``), index pairs (gold, system)."""
    ng, ns = len(g.span), len(s.span)

    def beyond_end(ud: _UD, i: int, mw_end: int) -> bool:
        if i >= len(ud.span):
            return True
        if ud.mwt[i]:
            return ud.span[i][0] >= mw_end
        return ud.span[i][1] > mw_end

    def extend_end(ud: _UD, i: int, mw_end: int) -> int:
        if ud.mwt[i] and ud.span[i][1] > mw_end:
            return ud.span[i][1]
        return mw_end

    pairs: list[tuple[int, int]] = []
    gi = si = 0
    while gi < ng and si < ns:
        if g.mwt[gi] or s.mwt[si]:
            # the minimal multi-word span starting here
            if g.mwt[gi]:
                mw_end = g.span[gi][1]
                if not s.mwt[si] and s.span[si][0] < g.span[gi][0]:
                    si += 1
            else:
                mw_end = s.span[si][1]
                if not g.mwt[gi] and g.span[gi][0] < s.span[si][0]:
                    gi += 1
            gs, ss = gi, si
            while not beyond_end(g, gi, mw_end) or not beyond_end(s, si, mw_end):
                if gi < ng and (si >= ns or g.span[gi][0] <= s.span[si][0]):
                    mw_end = extend_end(g, gi, mw_end)
                    gi += 1
                else:
                    mw_end = extend_end(s, si, mw_end)
                    si += 1
            if si > ss and gi > gs:
                gf = [w.lower() for w in g.form[gs:gi]]
                sf = [w.lower() for w in s.form[ss:si]]
                lg, ls = len(gf), len(sf)
                lcs = np.zeros((lg + 1, ls + 1), dtype=np.int64)
                for a in range(lg - 1, -1, -1):
                    for b in range(ls - 1, -1, -1):
                        if gf[a] == sf[b]:
                            lcs[a, b] = 1 + lcs[a + 1, b + 1]
                        lcs[a, b] = max(lcs[a, b], lcs[a + 1, b], lcs[a, b + 1])
                a = b = 0
                while a < lg and b < ls:
                    if gf[a] == sf[b]:
                        pairs.append((gs + a, ss + b))
                        a += 1
                        b += 1
                    elif lcs[a, b] == lcs[a + 1, b]:
                        a += 1
                    else:
                        b += 1
        elif g.span[gi] == s.span[si]:
            pairs.append((gi, si))
            gi += 1
            si += 1
        elif g.span[gi][0] <= s.span[si][0]:
            gi += 1
        else:
            si += 1
    return pairs


def _span_hits(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> int:
    return len(set(gold) & set(system))


def _row(metric: str, n_gold: int, n_sys: int, correct: int, aligned: int | None) -> dict[str, Any]:
    return {
        "metric": metric,
        "precision": correct / n_sys if n_sys else 0.0,
        "recall": correct / n_gold if n_gold else 0.0,
        "f1": 2 * correct / (n_gold + n_sys) if n_gold + n_sys else 0.0,
        "gold": n_gold,
        "system": n_sys,
        "correct": correct,
        "aligned": aligned,
    }


def evaluate_tokens(
    tokens: pd.DataFrame,
    gold: str | os.PathLike[str],
    text: str | Document,
) -> pd.DataFrame:
    """Score a token table of one document against a UD CoNLL-U gold file.

    Parameters
    ----------
    tokens : token table (``annotate``/``tokenize`` output) of the document ``text``.
    gold : path of the gold ``.conllu`` file annotating the same text.
    text : the document (or its text) the token offsets index.

    Returns
    -------
    DataFrame with one row per metric (``Tokens``, ``Sentences``, ``Words``, ``UPOS``,
    ``Lemmas``) and columns ``metric``, ``precision``, ``recall``, ``f1`` (fractions),
    ``gold``, ``system`` (counts), ``correct``, ``aligned`` (aligned words, for UPOS/Lemmas).
    UPOS and Lemmas are NA when the table has no such values (the rules annotator).
    ``attrs["signature"]`` extends the token table's with the gold file name and the scorer.

    Raises
    ------
    UDAlignmentError
        when gold and system spell different texts (white space ignored).
    """
    raw = text.text if isinstance(text, Document) else text
    docs = tokens["doc"].to_numpy()
    if len(docs) and (docs != docs[0]).any():
        raise ValueError("evaluate_tokens scores one document; filter the table by `doc` first")
    g, s = _gold(gold), _system(tokens, raw)
    _check_chars(g, s)
    pairs = _align(g, s)
    upos_ok = sum(g.upos[a] == s.upos[b] for a, b in pairs)
    lemma_ok = sum(g.lemma[a] == (s.lemma[b] if g.lemma[a] != "_" else "_") for a, b in pairs)
    rows = [
        _row("Tokens", len(g.tokens), len(s.tokens), _span_hits(g.tokens, s.tokens), None),
        _row(
            "Sentences",
            len(g.sentences),
            len(s.sentences),
            _span_hits(g.sentences, s.sentences),
            None,
        ),
        _row("Words", len(g.span), len(s.span), len(pairs), None),
        _row("UPOS", len(g.span), len(s.span), upos_ok, len(pairs)),
        _row("Lemmas", len(g.span), len(s.span), lemma_ok, len(pairs)),
    ]
    table = pd.DataFrame(rows).astype(
        {
            "metric": "str",
            "precision": "Float64",
            "recall": "Float64",
            "f1": "Float64",
            "gold": "int64",
            "system": "int64",
            "correct": "int64",
            "aligned": "Int64",
        }
    )
    for metric, column in (("UPOS", "upos"), ("Lemmas", "lemma")):
        if tokens[column].isna().all():
            table.loc[table["metric"] == metric, ["precision", "recall", "f1"]] = pd.NA
    table.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"), gold=Path(gold).name, scorer="conll18"
    )
    return table


def evaluate_ud(
    gold: str | os.PathLike[str],
    text: str | os.PathLike[str],
    annotator: Literal["rules", "stanza", "auto"] = "rules",
    *,
    model_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Annotate a UD raw text file and score it against its gold CoNLL-U file.

    The raw text (e.g. ``pud_padt_style/test.txt``) separates paragraphs by blank lines and
    wraps lines inside sentences, so stanza runs with ``paragraphs="blank"``; the alignment
    ignores white space anyway. Returns the table of :func:`evaluate_tokens`.

    Example
    -------
    >>> evaluate_ud("../shared/ud/pud_padt_style/test.conllu",
    ...             "../shared/ud/pud_padt_style/test.txt", "stanza")  # doctest: +SKIP
    """
    from corpus_tools.annotate import annotate
    from corpus_tools.corpus import load_corpus

    doc = load_corpus([Path(text)])[0]
    tokens = annotate(
        doc,
        annotator,
        model_dir=model_dir,
        cache=cache,
        cache_dir=cache_dir,
        progress=progress,
        paragraphs="blank",
        threads=threads,
    )
    return evaluate_tokens(tokens, gold, doc)


def format_scores(scores: pd.DataFrame, *, metrics: tuple[str, ...] = METRICS) -> str:
    """A Markdown table of F1 (and P/R) in percent with two decimals, as the scorer prints."""

    def pct(v: Any) -> str:
        return "–" if v is pd.NA or v is None else f"{100 * float(v):.2f}"

    lines = [
        "| metric | precision | recall | F1 | gold | system |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {row.metric} | {pct(row.precision)} | {pct(row.recall)} | {pct(row.f1)} "
        f"| {row.gold} | {row.system} |"
        for row in scores[scores["metric"].isin(metrics)].itertuples(index=False)
    )
    return "\n".join(lines) + "\n"
