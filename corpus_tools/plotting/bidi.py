"""Right-to-left text in figures: isolates for Latin runs, signatures, display forms.

matplotlib ≥ 3.11 shapes Arabic and lays out right-to-left text itself (libraqm), so labels are
passed as plain Unicode strings — never through ``arabic_reshaper`` or ``python-bidi``, which
would now mirror every word. The one thing the bidi algorithm gets "wrong" for a reader is a
Latin or digit run with neutral separators inside Arabic text (``2024-05-01`` shown as
``01-05-2024``); :func:`bidi_label` wraps such runs in Unicode isolates (U+2066 … U+2069).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.charsets import ARABIC_LETTER, ARABIC_MARK, HAS_ARABIC, LATIN_LETTER

__all__ = ["bidi_label", "display_forms", "doc_label", "show_term", "signature_label"]

_LRI, _RLI, _PDI = "\u2066", "\u2067", "\u2069"
# a Latin/digit run, with separators inside it (dates, versions, domains, l’action)
_LTR_RUN = re.compile(rf"[{LATIN_LETTER}0-9]+(?:[-./:’'_,&%+][{LATIN_LETTER}0-9]+)*")
_ARABIC_RUN = re.compile(rf"[{ARABIC_LETTER}{ARABIC_MARK}]+(?: [{ARABIC_LETTER}{ARABIC_MARK}]+)*")


def bidi_label(text: Any, width: int | None = None) -> str:
    """A label that matplotlib's bidi layout shows in reading order.

    In a label containing Arabic, every Latin/digit run (``GPT-4``, ``2024-05-01``,
    ``Fortune.com``) is wrapped in a left-to-right isolate, so its inner order survives and
    the label reads right to left even when it starts with a Latin word. Labels without Arabic
    are returned unchanged. ``width`` shortens long labels with an ellipsis.
    """
    s = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    s = " ".join(s.split())
    if width is not None and len(s) > width:
        cut = s[: width - 1]
        if " " in cut[width // 2 :]:  # end on a whole word when one ends late enough
            cut = cut[: cut.rindex(" ")]
        s = cut.rstrip() + "…"
    if not HAS_ARABIC.search(s):
        return s
    return _LTR_RUN.sub(lambda m: f"{_LRI}{m.group(0)}{_PDI}", s)


def signature_label(signature: str, width: int = 140) -> str:
    """A signature laid out for a figure: lines broken after ``|``, Arabic values isolated.

    The signature reads left to right like code; each Arabic value is wrapped in a
    right-to-left isolate so the bidi algorithm cannot move it (``node:الذكاء+شركة`` keeps
    its order).
    """
    lines: list[str] = []
    line = ""
    for part in signature.split("|"):
        piece = part if not line else f"|{part}"
        if line and len(line) + len(piece) > width:
            lines.append(line + "|")
            piece = part
            line = ""
        line += piece
    lines.append(line)
    return "\n".join(_ARABIC_RUN.sub(lambda m: f"{_RLI}{m.group(0)}{_PDI}", ln) for ln in lines)


def display_forms(tokens: pd.DataFrame, by: str = "norm") -> dict[str, str]:
    """Term → its most frequent surface spelling, to label figures counted on ``norm``.

    Normalised forms are for matching; readers see ``OpenAI`` for ``openai`` and ``على`` for
    ``علي`` (which would read as the name Ali). Ties go to the alphabetically first spelling.
    For other attributes the map is empty.
    """
    if by != "norm" or not {"norm", "surface"} <= set(tokens.columns) or not len(tokens):
        return {}
    pairs = tokens.groupby(["norm", "surface"], sort=True).size().rename("k").reset_index()
    pairs = pairs.sort_values(
        ["norm", "k", "surface"], ascending=[True, False, True], kind="stable"
    )
    best = pairs.drop_duplicates("norm")
    return dict(zip(best["norm"], best["surface"], strict=True))


def show_term(forms: Mapping[str, str] | None, term: Any) -> str:
    """A term (or a space-separated n-gram) in its display spelling."""
    forms = forms or {}
    return " ".join(forms.get(w, w) for w in str(term).split(" "))


def doc_label(doc: Any, titles: Mapping[str, str] | None, width: int = 40) -> str:
    """``000 · <title>``: the number the document id starts with (the prose says "article
    000") and its title, shortened to ``width`` characters."""
    number = str(doc).split("_", 1)[0]
    title = (titles or {}).get(str(doc), "")
    return bidi_label(f"{number} · {title}" if title else number, width)
