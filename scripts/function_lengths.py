"""Functions (and methods) of N lines or more under a folder: the figure issue #11 tracks.

python scripts/function_lengths.py [FOLDER] [N]     # defaults: corpus_tools 50
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def long_functions(root: Path, limit: int) -> tuple[list[tuple[int, str]], int]:
    """(lines, "path:line name") of every function of ``limit`` lines or more, and the total."""
    rows: list[tuple[int, str]] = []
    total = 0
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                total += 1
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines >= limit:
                    rows.append((lines, f"{path}:{node.lineno} {node.name}"))
    return sorted(rows, reverse=True), total


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus_tools")
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rows, total = long_functions(root, limit)
    for lines, where in rows:
        print(lines, where)
    print(f"{len(rows)} of {total} functions are {limit} lines or more")


if __name__ == "__main__":
    main()
