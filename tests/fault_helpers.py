"""What the three fault-injection modules (test_faults*.py) share: the checkout's folders, a
small Arabic document, and the CLI run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tools.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARABIC = "أعلنت الشركة عن نموذج جديد"
TITLE = "عنوان الخبر"


def write_utf8(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 bytes (no newline translation) and return ``path``."""
    path.write_bytes(text.encode("utf-8"))
    return path


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``corpus-tools argv`` in this process: exit code, stdout, stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err
