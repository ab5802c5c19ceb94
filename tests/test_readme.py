"""The README's Jupyter examples run as written, and the figures it quotes are what they print."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _section_code(readme: str, heading: str) -> list[str]:
    section = readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_jupyter_examples_run_and_quoted_figures_hold(monkeypatch, tmp_path) -> None:
    from corpus_tools.annotate import stanza_available

    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = _section_code(readme, "In Jupyter")
    assert len(blocks) == 2
    if not stanza_available():  # the one stanza line needs models (tests set the variable)
        blocks = [re.sub(r"^.*annotator=\"stanza\".*$", "", b, flags=re.MULTILINE) for b in blocks]
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CORPUS_TOOLS_CACHE_DIR", str(tmp_path / "cache"))
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    tokens = namespace["tokens"]
    assert f"'{tokens.attrs['signature']}'" in blocks[0]  # the signature shown is the real one
    # "starts الاصطناعي 114, الذكاء 97, التحالف 32, openai 25, with signature ..."
    quoted = re.search(r"starts `(\S+)` (\d+), `(\S+)` (\d+), `(\S+)` (\d+), `(\S+)` (\d+)", readme)
    assert quoted is not None
    pairs = list(zip(quoted.groups()[::2], map(int, quoted.groups()[1::2]), strict=True))
    wl = namespace["wl"]
    assert list(zip(wl["term"].head(4), wl["freq"].head(4), strict=True)) == pairs
    assert f"`{wl.attrs['signature']}`" in readme
