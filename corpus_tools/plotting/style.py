"""Fonts, palette and rcParams every figure is drawn and saved with.

Fonts: Noto Sans Arabic (OFL, from the ``fontpkg-noto-sans-arabic`` wheel, so pip alone installs
it) for Arabic, Noto Sans (``fontpkg-noto-sans``) for Latin, DejaVu Sans (bundled with matplotlib)
as fallback for any other symbol. The report page embeds the same two Noto fonts, so figures and
text look alike. Colours: the Okabe–Ito palette (distinct for the common colour-vision
deficiencies) for categories and viridis for quantities.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, cast

__all__ = [
    "DPI",
    "FONT_FAMILY",
    "OKABE_ITO",
    "SCRIPT_COLORS",
    "SCRIPT_NAMES_AR",
    "figure_style",
    "font_path",
    "register_fonts",
    "style",
]

#: Okabe & Ito (2008) colour-blind-safe qualitative palette.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
SCRIPT_COLORS = {
    "arabic": OKABE_ITO[0],
    "latin": OKABE_ITO[1],
    "digit": OKABE_ITO[2],
    "punct": "#999999",
    "other": OKABE_ITO[5],
}
#: Arabic names of the ``script`` values, for legends of Arabic figures.
SCRIPT_NAMES_AR = {
    "arabic": "عربي",
    "latin": "لاتيني",
    "digit": "أرقام",
    "punct": "ترقيم",
    "other": "أخرى",
}

#: Font families, first match wins per glyph: Arabic, Latin, then anything else.
FONT_FAMILY = ("Noto Sans Arabic", "Noto Sans", "DejaVu Sans")
#: The font wheel that provides each Noto family (what to pip install when one is missing).
FONT_PACKAGES = {"Noto Sans Arabic": "fontpkg-noto-sans-arabic", "Noto Sans": "fontpkg-noto-sans"}
SVG_HASHSALT = "corpus_tools"
DPI = 130


def font_path(family: str) -> Path:
    """The font file of a Noto ``family`` installed by its ``fontpkg-*`` wheel.

    Raises ``RuntimeError`` naming the package to install when it is missing (figures and the
    page would otherwise fall back silently to whatever the machine has).
    """
    package = FONT_PACKAGES[family]
    try:
        import fontpkg

        return Path(fontpkg.path(family))
    except Exception as exc:  # fontpkg raises its own error types; ImportError when absent
        raise RuntimeError(f"font {family!r} not installed: pip install {package} ({exc})") from exc


@cache
def register_fonts() -> tuple[str, ...]:
    """Register the Noto fonts with matplotlib; return the ``font.family`` list to use."""
    from matplotlib import font_manager

    for family in FONT_PACKAGES:
        font_manager.fontManager.addfont(str(font_path(family)))
    return FONT_FAMILY


def figure_style() -> dict[str, Any]:
    """The rcParams every figure is drawn and saved with."""
    from cycler import cycler

    return {
        "font.family": list(register_fonts()),
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
        "image.cmap": "viridis",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.unicode_minus": True,
    }


@contextmanager
def style() -> Iterator[None]:
    """Draw inside this context so every figure uses :func:`figure_style`."""
    import matplotlib as mpl

    with mpl.rc_context(cast(Any, figure_style())):
        yield
