"""Web fonts for the page: Noto Sans Arabic and Noto Sans from the ``fontpkg`` wheels, subset
to the scripts the report uses and embedded as ``@font-face`` data URLs, so the page looks the
same on every machine, offline. Subsetting keeps every OpenType layout feature (Arabic joining
forms and ligatures) and the variable weight axis; the output is deterministic for pinned
fonttools and font versions."""

from __future__ import annotations

import base64
import io
from functools import cache

from corpus_tools.plotting.style import font_path

__all__ = ["WEB_FONTS", "font_face_css"]

_COMMON = [(0x20, 0x40), (0xA0, 0xBF), (0x2000, 0x206F)]
#: family → the Unicode ranges kept (Arabic blocks; Latin and punctuation).
WEB_FONTS: dict[str, list[tuple[int, int]]] = {
    "Noto Sans Arabic": [
        *_COMMON,
        (0x0600, 0x06FF),
        (0x0750, 0x077F),
        (0x08A0, 0x08FF),
        (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF),
    ],
    "Noto Sans": [*_COMMON, (0x41, 0x7E), (0xC0, 0x24F), (0x2070, 0x20BF), (0x2190, 0x21FF)],
}


def _subset(family: str, ranges: list[tuple[int, int]]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False: keep the font's own head.modified, not the time of the build
    font = TTFont(str(font_path(family)), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for lo, hi in ranges for u in range(lo, hi + 1)])
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


@cache
def font_face_css() -> str:
    """``@font-face`` rules embedding both fonts (weights 100–900, ``font-display: block``)."""
    rules = []
    for family, ranges in WEB_FONTS.items():
        data = base64.b64encode(_subset(family, ranges)).decode("ascii")
        rules.append(
            f'@font-face{{font-family:"{family}";font-weight:100 900;font-display:block;'
            f'src:url(data:font/ttf;base64,{data}) format("truetype")}}'
        )
    return "\n".join(rules)
