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
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from importlib import resources
from typing import Any

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
def _charmaps() -> dict[str, dict[str, Any]]:
    raw = resources.files("corpus_tools.data").joinpath("charmaps.json").read_text("utf-8")
    maps: dict[str, dict[str, Any]] = json.loads(raw)
    return {k: v for k, v in maps.items() if not k.startswith("_")}


_DELETE = np.uint32(0xFFFFFFFF)
_N_CODEPOINTS = 0x110000


@cache
def _lut(name: str) -> np.ndarray:
    """Code-point lookup table of one character-map step (``_DELETE`` marks deletions)."""
    spec = _charmaps()[name]
    lut = np.arange(_N_CODEPOINTS, dtype=np.uint32)
    for lo, hi in spec.get("delete_ranges", []):
        lut[int(lo, 16) : int(hi, 16) + 1] = _DELETE
    for src, dst in spec.get("map", {}).items():
        lut[int(src, 16)] = int(dst, 16)
    return lut


@cache
def _compose(names: tuple[str, ...]) -> np.ndarray:
    """One table doing several character-map steps in order (deletions stay deletions)."""
    lut = _lut(names[0]).copy()
    for name in names[1:]:
        keep = lut != _DELETE
        lut[keep] = _lut(name)[lut[keep]]
    return lut


def _apply_lut(text: str, lut: np.ndarray) -> str:
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = lut[cp]
    out = out[out != _DELETE]
    text_out: str = out.tobytes().decode("utf-32-le", "surrogatepass")
    return text_out


def _translator(name: str) -> Callable[[str], str]:
    lut = _lut(name)

    def step(text: str) -> str:
        return _apply_lut(text, lut)

    step.__name__ = name
    step.__doc__ = f"Apply the ``{name}`` character map of ``data/charmaps.json``."
    return step


@cache
def _presentation_re() -> re.Pattern[str]:
    ranges = _charmaps()["presentation_forms"]["ranges"]
    cls = "".join(f"\\u{lo}-\\u{hi}" for lo, hi in ranges)
    return re.compile(f"[{cls}]+")


def presentation_forms(text: str) -> str:
    """NFKC-fold only the Arabic presentation-form characters, leaving everything else alone."""
    return _presentation_re().sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


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


_CHARMAP_STEPS = frozenset(
    ("controls", "diacritics", "tatweel", "alef", "alef_maqsura", "teh_marbuta", "digits")
)


def _check(steps: Iterable[str]) -> tuple[str, ...]:
    steps = tuple(steps)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown normalisation step(s) {unknown}; choose from {sorted(STEPS)}")
    return steps


def normalizer(steps: Sequence[str] = DEFAULT_STEPS) -> Callable[[str], str]:
    """Compose named steps into one function ``str -> str`` (applied in the given order).

    Consecutive character-map steps are fused into one code-point lookup table, applied with
    numpy, so normalising a whole vocabulary joined into one string costs a few array passes.
    """
    chosen = _check(steps)
    funcs: list[Callable[[str], str]] = []
    i = 0
    while i < len(chosen):
        j = i
        while j < len(chosen) and chosen[j] in _CHARMAP_STEPS:
            j += 1
        if j > i:
            funcs.append(partial(_apply_lut, lut=_compose(tuple(chosen[i:j]))))
            i = j
        else:
            funcs.append(STEPS[chosen[i]])
            i += 1

    def run(text: str) -> str:
        for func in funcs:
            text = func(text)
        return text

    return run


def normalize(text: str, steps: Sequence[str] = DEFAULT_STEPS) -> str:
    """Normalise one string, e.g. ``normalize("أُوبِنْ")`` → ``"اوبن"``."""
    return normalizer(steps)(text)


def normalize_series(values: pd.Series, steps: Sequence[str] = DEFAULT_STEPS) -> pd.Series:
    """Normalise a column of strings, computing each distinct value once (vocabulary-sized work)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    run = normalizer(steps)
    forms = [str(u) for u in np.asarray(uniques, dtype=object)]
    joined = "\n".join(forms)
    # Every step maps characters independently and leaves "\n" alone, so the whole vocabulary
    # is normalised in one pass over one string; values containing "\n" take the slow path.
    parts = run(joined).split("\n") if "\n" not in "".join(forms) else [run(f) for f in forms]
    normed = pd.Series(parts, dtype="str")
    out = normed.take(np.maximum(codes, 0)) if len(normed) else pd.Series([], dtype="str")
    out = out.where(codes >= 0) if len(out) else out
    out.index = values.index
    out.name = values.name
    return out


def steps_signature(steps: Sequence[str] = DEFAULT_STEPS) -> str:
    """Short form of a step list for signatures: ``nfkc+ctl+dia+tat+alef+ya+dig+lc``."""
    return "+".join(_SHORT[s] for s in _check(steps)) or "none"
