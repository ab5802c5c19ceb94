"""A synthetic corpus that looks like Arabic news at scale, for benchmarks.

Resampling the four seed articles gives a vocabulary of a few thousand types and flatters every
tool (hash tables stay in cache, sorting is trivial). Real Arabic news has a long tail: Arabic is
richly inflected and proclitics (و، ف، ب، ل، ال) are written attached, so a few million tokens
already hold hundreds of thousands of types. This module generates such text with a fixed seed:

* a vocabulary of ``VOCAB_SIZE`` (≥ 200,000) distinct Arabic-letter word types, built from random
  triliteral roots poured into common morphological patterns (فاعل، مفعول، تفعيل، استفعال ...),
  with optional suffixes (ات، ون، ين، ها، ية ...) and proclitics (ال، و، وال، ب، بال، ل، لل، ف);
* real Arabic function words at the top ranks;
* token frequencies following a Zipf–Mandelbrot law (``p(r) ∝ (r + 2.7)^-1``; Mandelbrot 1953);
* about 3 % Latin-script names (brands, products), some with an attached ``و`` as in ``وOpenAI``;
* about 1.5 % numbers (years, counts, decimals), commas (``،``) and sentence-final full stops,
  one sentence per line most of the time, as in scraped news.

Everything is vectorised with numpy (a 10-million-token text takes a few seconds) and depends on
``seed`` only: same arguments, same text, byte for byte.

API: :func:`make_text`, :func:`make_tokens`, :func:`make_corpus`.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus

__all__ = ["VOCAB_SIZE", "make_corpus", "make_text", "make_tokens"]

VOCAB_SIZE = 300_000
ZIPF_EXPONENT = 1.0
ZIPF_SHIFT = 2.7
LATIN_RATE = 0.03
DIGIT_RATE = 0.015
COMMA_RATE = 0.05
NEWLINE_RATE = 0.6  # share of sentence ends followed by a line break instead of a space

# Root consonants (no long vowels / hamza seats, which the patterns supply).
_ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهـ".replace("ـ", "")
# Patterns: 1, 2, 3 are the root consonants.
_PATTERNS = (
    "1ا23",  # فاعل
    "م12و3",  # مفعول
    "ت12ي3",  # تفعيل
    "12ي3",  # فعيل
    "ا1ت2ا3",  # افتعال
    "است12ا3",  # استفعال
    "12ا3",  # فعال
    "123ة",  # فعلة
    "م1ا23ة",  # مفاعلة
    "م123",  # مفعل
    "123",  # فعل
    "ي123",  # يفعل
    "ت123",  # تفعل
    "12ا3ة",  # فعالة
    "م123ة",  # مفعلة
    "أ123",  # أفعل
    "123ي",  # فعلي (nisba)
    "م12ا3",  # مفعال
    "ت1ا23",  # تفاعل
    "12و3",  # فعول
    "مست123",  # مستفعل
    "ان12ا3",  # انفعال
    "ي1ا23",  # يفاعل
    "ت1ا2ي3",  # تفاعيل
    "م1ا2ي3",  # مفاعيل
)
_SUFFIXES = ("", "ات", "ون", "ين", "ها", "هم", "ية", "ي", "ه", "نا")
_SUFFIX_P = (0.55, 0.08, 0.05, 0.06, 0.06, 0.04, 0.06, 0.04, 0.03, 0.03)
_PREFIXES = ("", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف", "س")
_PREFIX_P = (0.42, 0.22, 0.07, 0.08, 0.05, 0.06, 0.03, 0.03, 0.02, 0.02)

# The most frequent words of Arabic news, in rough rank order.
_FUNCTION_WORDS = [
    "في",
    "من",
    "على",
    "أن",
    "إلى",
    "عن",
    "مع",
    "التي",
    "الذي",
    "هذا",
    "هذه",
    "ما",
    "لا",
    "كما",
    "بعد",
    "قبل",
    "حيث",
    "بين",
    "أو",
    "كان",
    "قد",
    "لم",
    "وقد",
    "وفي",
    "ومن",
    "إن",
    "ذلك",
    "عند",
    "خلال",
    "كل",
    "أي",
    "هو",
    "هي",
    "إنه",
    "أنه",
    "تم",
    "حتى",
    "منذ",
    "لكن",
    "بن",
    "وهو",
    "وهي",
    "فيما",
    "عام",
    "ضد",
    "أكثر",
    "يوم",
    "اليوم",
    "الذين",
    "غير",
    "وكان",
    "وأن",
    "لها",
    "له",
    "منها",
    "عليه",
    "إلا",
    "أيضا",
    "سنة",
    "مليون",
    "شركة",
    "الشركة",
]

_LATIN_NAMES = [
    "OpenAI",
    "Google",
    "Microsoft",
    "Sora",
    "ChatGPT",
    "Nvidia",
    "Meta",
    "Apple",
    "Amazon",
    "Tesla",
    "Intel",
    "AMD",
    "Samsung",
    "Huawei",
    "TikTok",
    "YouTube",
    "Netflix",
    "IBM",
    "Oracle",
    "Adobe",
    "Anthropic",
    "Claude",
    "Gemini",
    "Llama",
    "DeepSeek",
    "Mistral",
    "Uber",
    "Airbnb",
    "Spotify",
    "Twitter",
    "Facebook",
    "Instagram",
    "WhatsApp",
    "LinkedIn",
    "Reddit",
    "Zoom",
    "Qualcomm",
    "Xiaomi",
    "Sony",
    "Dell",
    "HP",
    "Lenovo",
    "Cisco",
    "SAP",
    "Alibaba",
    "Baidu",
    "Tencent",
    "Copilot",
    "Midjourney",
    "Reuters",
    "AFP",
    "CNN",
    "BBC",
    "Bloomberg",
    "Forbes",
    "Fortune.com",
    "DALL-E",
    "GPT-4",
    "iPhone",
    "Android",
    "Windows",
]
_LATIN_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "na",
    "mo",
    "lex",
    "vi",
    "tra",
    "ze",
    "por",
    "quo",
    "fin",
    "dex",
    "sol",
    "ar",
    "ne",
    "bi",
    "cor",
    "tek",
    "ly",
]


def _codes(s: str) -> list[int]:
    return [ord(c) for c in s]


@cache
def _vocabulary(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Arabic types in rank order and Latin names in rank order (object arrays of str)."""
    rng = np.random.default_rng([seed, 1])
    n_cand = int(VOCAB_SIZE * 1.6)
    letters = np.array(_codes(_ROOT_LETTERS), dtype=np.uint32)
    roots = letters[rng.integers(0, len(letters), size=(n_cand, 3))]
    width = max(len(p) for p in _PATTERNS)
    templates = np.zeros((len(_PATTERNS), width), dtype=np.int64)
    for i, pat in enumerate(_PATTERNS):  # per-pattern loop (25 rows)
        templates[i, : len(pat)] = [-int(c) if c in "123" else ord(c) for c in pat]
    stems = templates[rng.integers(0, len(_PATTERNS), size=n_cand)]
    for k in (1, 2, 3):
        stems = np.where(stems == -k, roots[:, k - 1 : k].astype(np.int64), stems)
    stem_str = np.ascontiguousarray(stems.astype(np.uint32)).view(f"<U{width}").ravel()
    suffix = np.array(_SUFFIXES)[rng.choice(len(_SUFFIXES), size=n_cand, p=_SUFFIX_P)]
    prefix = np.array(_PREFIXES)[rng.choice(len(_PREFIXES), size=n_cand, p=_PREFIX_P)]
    # A feminine ة becomes ت before a suffix (مفاعلة + ها → مفاعلتها) and drops before ات.
    fem = np.strings.endswith(stem_str, "ة") & (suffix != "")
    stem_str = np.where(fem, np.strings.rstrip(stem_str, "ة"), stem_str)
    stem_str = np.where(fem & (suffix != "ات"), np.strings.add(stem_str, "ت"), stem_str)
    words = np.strings.add(np.strings.add(prefix, stem_str), suffix)
    # Keep first occurrences only, in generation order (= random rank order).
    _, first = np.unique(words, return_index=True)
    words = words[np.sort(first)]
    words = words[~np.isin(words, np.array(_FUNCTION_WORDS))]
    n_arabic = VOCAB_SIZE - len(_FUNCTION_WORDS)
    if len(words) < n_arabic:  # pragma: no cover - guarded by the 1.6 oversampling
        raise RuntimeError("vocabulary generation produced too few distinct types")
    arabic = np.concatenate(
        [np.array(_FUNCTION_WORDS, dtype=object), words[:n_arabic].astype(object)]
    )

    syl = np.array(_LATIN_SYLLABLES)
    parts = syl[rng.integers(0, len(syl), size=(3000, 3))]
    coined = np.strings.capitalize(
        np.strings.add(np.strings.add(parts[:, 0], parts[:, 1]), parts[:, 2])
    )
    coined = coined[~np.isin(coined, np.array(_LATIN_NAMES))]
    _, first = np.unique(coined, return_index=True)
    latin = np.concatenate(
        [np.array(_LATIN_NAMES, dtype=object), coined[np.sort(first)].astype(object)]
    )
    return arabic, latin


def _zipf_sample(
    rng: np.random.Generator, n_types: int, size: int, exponent: float = ZIPF_EXPONENT
) -> np.ndarray:
    weights = (np.arange(n_types, dtype=np.float64) + ZIPF_SHIFT) ** -exponent
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    return np.searchsorted(cdf, rng.random(size), side="right").clip(0, n_types - 1)


@dataclass(frozen=True)
class _Stream:
    tokens: np.ndarray  # object array of str, orthographic tokens (punctuation separate)
    seps: np.ndarray  # object array of str: what follows each token in the text
    sentence_ends: np.ndarray  # indices of sentence-final "." tokens


@cache
def _stream(n_tokens: int, seed: int) -> _Stream:
    if n_tokens < 2:
        raise ValueError(f"n_tokens must be at least 2, got {n_tokens}")
    arabic, latin = _vocabulary(seed)
    rng = np.random.default_rng([seed, 2, n_tokens])
    n = n_tokens

    # Sentence lengths (tokens including the final full stop), news-like: 8..45.
    lengths = rng.integers(8, 46, size=n // 8 + 2)
    ends = np.cumsum(lengths) - 1
    ends = ends[ends < n - 1]
    ends = np.append(ends, n - 1)
    kind = np.zeros(n, dtype=np.int8)  # 0 word, 1 full stop, 2 comma
    kind[ends] = 1
    after_word = np.ones(n, dtype=bool)
    after_word[1:] = kind[:-1] == 0
    after_word[0] = False
    before_word = np.ones(n, dtype=bool)
    before_word[:-1] = kind[1:] == 0
    comma = (rng.random(n) < COMMA_RATE) & (kind == 0) & after_word & before_word
    comma[1:] &= ~comma[:-1]  # never two commas in a row
    kind[comma] = 2

    tokens = np.empty(n, dtype=object)
    tokens[kind == 1] = "."
    tokens[kind == 2] = "،"
    word_pos = np.flatnonzero(kind == 0)
    r = rng.random(len(word_pos))
    is_latin = r < LATIN_RATE
    is_digit = (r >= LATIN_RATE) & (r < LATIN_RATE + DIGIT_RATE)
    is_arabic = ~(is_latin | is_digit)

    tokens[word_pos[is_arabic]] = arabic[_zipf_sample(rng, len(arabic), int(is_arabic.sum()))]

    lat = latin[_zipf_sample(rng, len(latin), int(is_latin.sum()), exponent=1.1)]
    with_waw = rng.random(len(lat)) < 0.15
    lat[with_waw] = np.strings.add("و", lat[with_waw].astype(str)).astype(object)
    tokens[word_pos[is_latin]] = lat

    n_dig = int(is_digit.sum())
    which = rng.integers(0, 4, size=n_dig)
    years = rng.integers(1990, 2026, size=n_dig).astype(str)
    small = rng.integers(1, 100, size=n_dig).astype(str)
    big = rng.integers(100, 1_000_000, size=n_dig).astype(str)
    dec = np.strings.add(
        np.strings.add(rng.integers(1, 100, size=n_dig).astype(str), "."),
        rng.integers(0, 10, size=n_dig).astype(str),
    )
    digits = np.select([which == 0, which == 1, which == 2], [years, small, big], dec)
    tokens[word_pos[is_digit]] = digits.astype(object)

    seps = np.full(n, " ", dtype=object)
    nxt_punct = np.zeros(n, dtype=bool)
    nxt_punct[:-1] = kind[1:] != 0
    seps[nxt_punct] = ""
    newline = ends[rng.random(len(ends)) < NEWLINE_RATE]
    seps[newline] = "\n"
    seps[n - 1] = "\n"
    return _Stream(tokens=tokens, seps=seps, sentence_ends=ends)


def _join(tokens: np.ndarray, seps: np.ndarray) -> str:
    out = np.empty(2 * len(tokens), dtype=object)
    out[0::2] = tokens
    out[1::2] = seps
    return "".join(out.tolist())


def make_tokens(n_tokens: int, *, seed: int = 0) -> list[str]:
    """The ``n_tokens`` orthographic tokens of :func:`make_text` (punctuation marks separate).

    A Latin name with an attached conjunction (``وOpenAI``) is one orthographic token here; a
    clitic-aware tokeniser splits it into two words.
    """
    return _stream(n_tokens, seed).tokens.tolist()


def make_text(n_tokens: int, *, seed: int = 0) -> str:
    """Arabic-news-like text of exactly ``n_tokens`` orthographic tokens (see the module doc)."""
    s = _stream(n_tokens, seed)
    return _join(s.tokens, s.seps)


def make_corpus(n_tokens: int, *, seed: int = 0, doc_tokens: int = 2000) -> Corpus:
    """The text of :func:`make_text` cut at sentence ends into documents of ≈ ``doc_tokens`` tokens.

    Documents get ids ``synth_000000`` ..., synthetic paths ``synthetic/<id>.txt`` (never read)
    and the sha256 of their UTF-8 text. Concatenated, the documents give ``make_text`` except that
    every document ends with a line break.
    """
    from corpus_tools.corpus import Corpus, Document

    s = _stream(n_tokens, seed)
    n = len(s.tokens)
    targets = np.arange(doc_tokens, n, doc_tokens)
    cut = np.unique(
        s.sentence_ends[
            np.searchsorted(s.sentence_ends, targets - 1).clip(0, len(s.sentence_ends) - 1)
        ]
    )
    bounds = np.unique(np.concatenate([[0], cut + 1, [n]]))
    seps = s.seps.copy()
    seps[bounds[1:-1] - 1] = "\n"  # each document ends with a line break
    docs = []
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):  # per document
        text = _join(s.tokens[a:b], seps[a:b])
        doc_id = f"synth_{i:06d}"
        title = text.split("\n", 1)[0].strip()
        docs.append(
            Document(
                id=doc_id,
                title=title,
                text=text,
                path=Path("synthetic") / f"{doc_id}.txt",
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        )
    return Corpus(
        tuple(docs), source=f"synthetic:n_tokens={n_tokens},seed={seed},doc_tokens={doc_tokens}"
    )


if __name__ == "__main__":  # pragma: no cover - quick look: python benchmarks/synthetic.py
    import sys
    import time

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t0 = time.perf_counter()
    toks = make_tokens(size)
    t1 = time.perf_counter()
    print(f"{size:,} tokens in {t1 - t0:.2f}s; {len(set(toks)):,} distinct orthographic tokens")
    print(make_text(300)[:600])
