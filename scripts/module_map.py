"""The package's layout for issue #11's closing note: module → responsibility → lines.

python scripts/module_map.py [FOLDER]     # default: corpus_tools; Markdown on stdout

The responsibility is the first sentence of the module docstring, so the map stays true as long
as the docstrings do.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def responsibility(path: Path) -> str:
    """The first sentence of the module docstring (its first paragraph, on one line)."""
    doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".") if first else "(no docstring)"


def module_map(root: Path) -> list[str]:
    """Markdown rows grouped by package: module, responsibility, lines."""
    rows = ["| module | responsibility | lines |", "| --- | --- | ---: |"]
    packages = sorted({p.parent for p in root.rglob("*.py")}, key=lambda p: p.parts)
    for package in packages:
        files = sorted(package.glob("*.py"))
        total = sum(len(f.read_text("utf-8").splitlines()) for f in files)
        rows.append(f"| **{package.as_posix()}/** | {len(files)} modules | **{total}** |")
        for f in files:
            lines = len(f.read_text("utf-8").splitlines())
            rows.append(f"| {f.name} | {responsibility(f).replace('|', '/')} | {lines} |")
    return rows


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus_tools")
    print("\n".join(module_map(root)))


if __name__ == "__main__":
    main()
