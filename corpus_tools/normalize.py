"""Arabic normalisation as small named steps over character maps (data in ``data/charmaps.json``).

Normalisation never changes a token's surface or offsets: it produces the extra ``norm``
column. Steps are composed by name; the chosen names are part of every signature.

=====================  =================================================================
step                   what it does
=====================  =================================================================
``presentation_forms`` NFKC-fold Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF)
``controls``           remove bidi and zero-width controls (U+200B–U+200F, U+202A–U+202E,
                       U+2066–U+2069, U+061C, U+FEFF)
``diacritics``         remove harakat, tanwin, shadda, sukun, dagger alef (U+064B–U+065F, U+0670)
``tatweel``            remove tatweel/kashida (U+0640)
``alef``               أ إ آ ٱ → ا
``alef_maqsura``       ى → ي
``teh_marbuta``        ة → ه  (not in the default)
``digits``             Arabic-Indic and Persian digits → ASCII
``casefold``           Latin case folding (``str.casefold``) for matching
=====================  =================================================================
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_STEPS",
    "STEPS",
    "normalize",
    "normalize_series",
    "normalizer",
    "steps_signature",
]

DEFAULT_STEPS: tuple[str, ...] = (
    "presentation_forms",
    "controls",
    "diacritics",
    "tatweel",
    "alef",
    "alef_maqsura",
    "digits",
    "casefold",
)

_SHORT = {
    "presentation_forms": "nfkc",
    "controls": "ctl",
    "diacritics": "dia",
    "tatweel": "tat",
    "alef": "alef",
    "alef_maqsura": "ya",
    "teh_marbuta": "ta",
    "digits": "dig",
    "casefold": "lc",
}


@cache
def _charmaps() -> dict[str, dict]:
    raw = resources.files("corpus_tools.data").joinpath("charmaps.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


def _table(name: str) -> dict[int, int | None]:
    spec = _charmaps()[name]
    table: dict[int, int | None] = {}
    for lo, hi in spec.get("delete_ranges", []):
        table.update(dict.fromkeys(range(int(lo, 16), int(hi, 16) + 1)))
    for src, dst in spec.get("map", {}).items():
        table[int(src, 16)] = int(dst, 16)
    return table


def _translator(name: str) -> Callable[[str], str]:
    table = _table(name)

    def step(text: str) -> str:
        return text.translate(table)

    step.__name__ = name
    step.__doc__ = f"Apply the ``{name}`` character map of ``data/charmaps.json``."
    return step


def presentation_forms(text: str) -> str:
    """NFKC-fold only the Arabic presentation-form characters, leaving everything else alone."""
    lo1, hi1 = (int(x, 16) for x in _charmaps()["presentation_forms"]["ranges"][0])
    lo2, hi2 = (int(x, 16) for x in _charmaps()["presentation_forms"]["ranges"][1])
    if not any(lo1 <= ord(c) <= hi1 or lo2 <= ord(c) <= hi2 for c in text):
        return text
    return "".join(
        unicodedata.normalize("NFKC", c) if (lo1 <= ord(c) <= hi1 or lo2 <= ord(c) <= hi2) else c
        for c in text
    )


def casefold(text: str) -> str:
    """Case-fold (Latin and any other cased script; Arabic has no case)."""
    return text.casefold()


STEPS: dict[str, Callable[[str], str]] = {
    "presentation_forms": presentation_forms,
    "controls": _translator("controls"),
    "diacritics": _translator("diacritics"),
    "tatweel": _translator("tatweel"),
    "alef": _translator("alef"),
    "alef_maqsura": _translator("alef_maqsura"),
    "teh_marbuta": _translator("teh_marbuta"),
    "digits": _translator("digits"),
    "casefold": casefold,
}


def _check(steps: Iterable[str]) -> tuple[str, ...]:
    steps = tuple(steps)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown normalisation step(s) {unknown}; choose from {sorted(STEPS)}")
    return steps


def normalizer(steps: Sequence[str] = DEFAULT_STEPS) -> Callable[[str], str]:
    """Compose named steps into one function ``str -> str`` (applied in the given order)."""
    chosen = [STEPS[s] for s in _check(steps)]

    def run(text: str) -> str:
        for step in chosen:
            text = step(text)
        return text

    return run


def normalize(text: str, steps: Sequence[str] = DEFAULT_STEPS) -> str:
    """Normalise one string, e.g. ``normalize("أُوبِنْ")`` → ``"اوبن"``."""
    return normalizer(steps)(text)


def normalize_series(values: pd.Series, steps: Sequence[str] = DEFAULT_STEPS) -> pd.Series:
    """Normalise a column of strings, computing each distinct value once (vocabulary-sized work)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    run = normalizer(steps)
    normed = pd.Series([run(u) for u in uniques], dtype="str")
    out = normed.take(np.maximum(codes, 0)) if len(normed) else pd.Series([], dtype="str")
    out = out.where(codes >= 0) if len(out) else out
    out.index = values.index
    out.name = values.name
    return out


def steps_signature(steps: Sequence[str] = DEFAULT_STEPS) -> str:
    """Short form of a step list for signatures: ``nfkc+ctl+dia+tat+alef+ya+dig+lc``."""
    return "+".join(_SHORT[s] for s in _check(steps)) or "none"
