"""Strict reading of the project's text inputs: UTF-8 only, with errors that say what the file is.

One place decides what a text file may hold, for the corpus (:mod:`corpus_tools.corpus`) and
the gold files (:mod:`corpus_tools.gold`):

* **Encoding.** UTF-8, with or without a byte-order mark (the BOM is not part of the text).
  Anything else is refused with an error naming the file, the byte offset and, where the bytes
  say so, the encoding the file is really in: UTF-16/UTF-32 (by their byte-order marks, or, with
  no mark, by the high byte that every other byte repeats), Windows-1256 (Arabic) or
  Latin-1/Windows-1252 (by what the non-ASCII bytes decode to).
* **Control characters.** NUL and the other C0 controls (U+0000-U+0008, U+000E-U+001F), DEL and
  the C1 controls other than NEL are refused with file, character offset and byte offset: they
  are never text (a NUL usually means a binary or UTF-16 file; a C1 control, text decoded twice),
  so tokenising them would silently count garbage.
* **Line breaks.** Every Unicode line break ends a line: LF, CR, CR LF, VT, FF, NEL (U+0085),
  LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) — the mandatory breaks of UAX #14,
  and what :meth:`str.splitlines` splits on (less the C0 separators U+001C-U+001E, refused above).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

__all__ = [
    "HORIZONTAL_SPACE",
    "LINE_BREAKS",
    "LINE_BREAK_CODEPOINTS",
    "decode_utf8",
    "find_control",
    "shown_path",
    "sniff_encoding",
]

#: Characters that end a line (a CR LF pair ends one line).
LINE_BREAKS = "\n\x0b\x0c\r\x85\u2028\u2029"
LINE_BREAK_CODEPOINTS: tuple[int, ...] = tuple(ord(c) for c in LINE_BREAKS)
#: Regex class: white space that does not end a line.
HORIZONTAL_SPACE = rf"[^\S{LINE_BREAKS}]"

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BOMS: tuple[
    tuple[bytes, str], ...
] = (  # longest first: the UTF-32-LE mark starts like UTF-16-LE's
    (codecs.BOM_UTF32_LE, "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "UTF-32-BE"),
    (codecs.BOM_UTF16_LE, "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "UTF-16-BE"),
)
_SNIFF_BYTES = 4096


def shown_path(path: str | Path) -> str:
    """The path as printable text: bytes of a name that is not UTF-8 appear as ``\\xNN``."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def sniff_encoding(raw: bytes) -> str | None:
    """Name the UTF-16/UTF-32 encoding of ``raw`` if its bytes show one, else ``None``.

    With a byte-order mark the mark decides. Without one, UTF-16 text repeats a high byte in
    every other position (``00`` for Latin, ``06`` for Arabic); a byte below ``08`` filling more
    than half of the even (big-endian) or odd (little-endian) positions is that high byte, since
    UTF-8 text holds no such control bytes.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return f"{name} (byte-order mark {bom.hex(' ').upper()})"
    head = raw[:_SNIFF_BYTES]
    if len(head) < 4:
        return None
    for parity, name in ((0, "UTF-16-BE"), (1, "UTF-16-LE")):
        lane = head[parity::2]
        if any(lane.count(high) * 2 > len(lane) for high in range(8)):
            return f"{name} (no byte-order mark)"
    return None


def _legacy_guess(raw: bytes) -> str:
    """Which 8-bit code page the non-ASCII bytes most likely come from (a hint, not a decision)."""
    arabic = raw.decode("cp1256", errors="replace")
    high = [c for c in arabic if ord(c) > 0x7F]
    if high and sum("\u0600" <= c <= "\u06ff" for c in high) * 5 >= len(high) * 4:
        return "Windows-1256 (Arabic)"
    return "Latin-1/Windows-1252"


def decode_utf8(raw: bytes, path: str | Path, error: type[Exception] = ValueError) -> str:
    """Decode a file's bytes as strict UTF-8 (a leading BOM is dropped) and refuse controls.

    Raises ``error`` naming the file, the byte (or character) offset and, where it can be told,
    the encoding the file is really in.
    """
    shown = shown_path(path)
    other = sniff_encoding(raw)
    if other is not None:
        raise error(f"{shown}: not UTF-8: the file looks like {other}; save it as UTF-8")
    body = raw.removeprefix(codecs.BOM_UTF8)
    skipped = len(raw) - len(body)
    try:
        text = body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        raise error(
            f"{shown}: invalid UTF-8 at byte offset {offset} "
            f"(byte 0x{raw[offset]:02x}: {exc.reason}); the file looks like "
            f"{_legacy_guess(body)}; the input must be UTF-8"
        ) from None
    found = find_control(text)
    if found is not None:
        where, char = found
        byte = len(text[:where].encode("utf-8")) + skipped
        raise error(
            f"{shown}: control character U+{ord(char):04X} at character offset {where} "
            f"(byte offset {byte}); text files may not hold NUL or other control characters "
            "(is it a binary file, or text decoded twice?)"
        )
    return text


def find_control(text: str) -> tuple[int, str] | None:
    """Offset and character of the first refused control character, or ``None``."""
    m = _CONTROL.search(text)
    return None if m is None else (m.start(), m.group())
