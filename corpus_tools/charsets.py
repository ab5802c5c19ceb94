"""Named character sets: the one place where Unicode ranges are written down.

Every regex or lookup table that needs "an Arabic letter" or "a Latin letter" is built from
these names (the CAMeL Tools habit: ``AR_LETTERS_CHARSET`` once, regexes built from it).

Blocks
    ``ARABIC_BLOCKS``: Arabic, Arabic Supplement, Arabic Extended-B/-A, Presentation Forms-A/-B.
    ``LATIN_BLOCKS``: Basic Latin to Latin Extended-B, Latin Extended Additional, Extended-C/-D,
    fullwidth Latin.

Letter classes (strings usable inside ``[...]`` of a regex)
    ``ARABIC_LETTER``: the Arabic letters proper (hamza to yeh, Persian/Urdu letters), without
    tatweel (U+0640), harakat (U+064B-U+065F), superscript alef (U+0670) or Arabic digits.
    ``ARABIC_MARK``: tatweel, harakat and superscript alef: what sits on or between letters.
    ``LATIN_LETTER``: ASCII letters and the Latin-1/Extended-A/B letters (À-ɏ).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "ARABIC_BLOCKS",
    "ARABIC_LETTER",
    "ARABIC_MARK",
    "HAS_ARABIC",
    "HAS_LATIN",
    "LATIN_BLOCKS",
    "LATIN_LETTER",
    "SCRIPTS",
    "in_blocks",
    "script_of",
]

ARABIC_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
LATIN_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0041, 0x024F),
    (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xFF21, 0xFF5A),
)

ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"
ARABIC_MARK = "\u0640\u064b-\u065f\u0670"
LATIN_LETTER = "A-Za-z\u00c0-\u024f"

HAS_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
HAS_LATIN = re.compile(f"[{LATIN_LETTER}]")
_DIGITS = re.compile(r"^[\d.,٫٬]*\d[\d.,٫٬]*$")
_PUNCT = re.compile(r"^[\W_]+$")

#: the values of the token table's ``script`` column
SCRIPTS = ("arabic", "latin", "digit", "punct", "other")


def in_blocks(cp: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    """Whether code point ``cp`` lies in one of ``blocks`` (inclusive ranges)."""
    return any(lo <= cp <= hi for lo, hi in blocks)


@cache
def script_of(form: str) -> str:
    """The script of a word form: the one classifier every module uses.

    ``arabic`` if it holds an Arabic letter, else ``latin`` if it holds a Latin letter, else
    ``digit`` if it holds a decimal digit and otherwise only digits and number separators, else
    ``punct`` if it holds no word character (punctuation, symbols, emoji, marks), else ``other``
    (letters of other scripts, the empty string).
    """
    if HAS_ARABIC.search(form):
        return "arabic"
    if HAS_LATIN.search(form):
        return "latin"
    if _DIGITS.search(form):
        return "digit"
    if _PUNCT.search(form):
        return "punct"
    return "other"
