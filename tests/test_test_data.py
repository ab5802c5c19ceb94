"""The test data keeps its provenance: every file has a source in tests/data/README.md, the copies
of other people's files are byte for byte what was copied (SHA256SUMS), and, where the shared
material sits beside the checkout (CI), byte-identical to it."""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHARED = DATA.parents[2] / "shared"
# tests/data path → path under ../shared of the original it was copied from
ORIGINALS = {
    "oracles/ucs-gold-100.ds": "oracles/ucs-gold-100.ds",
    "oracles/log-ratio-gold.tsv": "oracles/log-ratio-gold.tsv",
    "oracles/published.json": "oracles/published.json",
    "oracles/PUBLISHED.md": "oracles/PUBLISHED.md",
    "ud/pud_padt_style/test.conllu": "ud/pud_padt_style/test.conllu",
    "ud/pud_padt_style/test.txt": "ud/pud_padt_style/test.txt",
    "ud/LICENSE-UD_Arabic-PUD.txt": "ud/LICENSE-UD_Arabic-PUD.txt",
    "ud/README-UD_Arabic-PUD.md": "ud/README-UD_Arabic-PUD.md",
}


def _data_files() -> list[str]:
    return sorted(
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name not in {"README.md", "SHA256SUMS"}
    )


def _checksums() -> dict[str, str]:
    lines = (DATA / "SHA256SUMS").read_text("utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_data_file_has_a_source_in_the_readme() -> None:
    readme = (DATA / "README.md").read_text("utf-8")
    # a file is named by its path or by its folder (``heldout/``)
    unnamed = [
        f for f in _data_files() if f"`{f}`" not in readme and f"`{f.split('/')[0]}/`" not in readme
    ]
    assert unnamed == []


def test_copied_files_are_unchanged() -> None:
    """Every file matches SHA256SUMS; where ../shared sits beside the checkout (CI), every copy
    also matches its original byte for byte (a fresh clone has only the checksums)."""
    sums = _checksums()
    assert set(ORIGINALS) <= set(sums)
    changed = {
        name
        for name, digest in sums.items()
        if hashlib.sha256((DATA / name).read_bytes()).hexdigest() != digest
    }
    assert changed == set()
    if SHARED.is_dir():  # CI: the originals sit beside the checkout
        differ = [
            ours
            for ours, theirs in ORIGINALS.items()
            if not (SHARED / theirs).is_file()
            or (DATA / ours).read_bytes() != (SHARED / theirs).read_bytes()
        ]
        assert differ == []
