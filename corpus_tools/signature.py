"""Signatures: every result says how it was made (after sacreBLEU's ``Signature``).

A signature is a short ``key:value|key:value`` string with the settings first and the
package version last, e.g. ``annotator:rules|norm:nfkc+ctl+dia+tat+alef+ya+dig+lc|version:0.1.0``.
It is stored in ``DataFrame.attrs["signature"]`` and repeated in captions, the report header
and the dataset card, so that a number can be quoted together with how it was computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from corpus_tools._version import __version__

__all__ = ["extend_signature", "make_signature", "parse_signature"]


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list)):
        return "+".join(_fmt(v) for v in value) or "none"
    if value is None:
        return "none"
    return str(value).replace("|", "/")


def make_signature(**fields: Any) -> str:
    """Join settings in the given order, version last."""
    parts = [f"{k}:{_fmt(v)}" for k, v in fields.items() if k != "version"]
    parts.append(f"version:{__version__}")
    return "|".join(parts)


def parse_signature(signature: str) -> dict[str, str]:
    """Split a signature back into its fields (values stay strings)."""
    out: dict[str, str] = {}
    for part in signature.split("|"):
        key, _, value = part.partition(":")
        out[key] = value
    return out


def extend_signature(base: str | Mapping[str, Any] | None, **fields: Any) -> str:
    """Add analysis settings to an upstream signature (a token table's), version still last."""
    if isinstance(base, str):
        merged: dict[str, Any] = dict(parse_signature(base))
    else:
        merged = dict(base or {})
    merged.pop("version", None)
    merged.update(fields)
    return make_signature(**merged)
