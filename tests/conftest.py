"""Shared fixtures: the seed corpus, the test data (tests/data), small realistic sentences."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = (ROOT / ".." / "shared").resolve()  # beside the checkout in CI only
DATA = ROOT / "tests" / "data"  # peer reference values and the UD sample, with sources (README.md)

# Small realistic fixtures: tatweel, diacritics, hamza variants, clitics on Latin words, RTL/LTR marks.
SENTENCES = {
    "clitics": "أعلنت IBM وMeta عن تحالف، وأطلقت OpenAI أداة لـSora الخاصة بـ Sora وIntel.",
    "diacritics": "أَثَارَ تَسْرِيبٌ حَدِيثٌ الجَدَلَ.",
    "tatweel": "الذكـــاء الاصطناعـي",
    "hamza": "أعلن إعلان آلة ٱلكتاب",
    "marks": "قال \u200fOpenAI\u200f إن \u2066GPT-4\u2069 جديد.",
    "digits": "عام ٢٠٢٤ و11 فبراير 3.5 مليار",
}


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def corpus():
    import corpus_tools as ct

    return ct.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_tokens(corpus):
    import corpus_tools as ct

    return ct.tokenize(corpus)


@pytest.fixture(scope="session")
def oracles_dir() -> Path:
    """UCS gold, Log Ratio gold and published worked examples (tests/data/oracles)."""
    return DATA / "oracles"


@pytest.fixture(scope="session")
def published(oracles_dir: Path) -> dict:
    """Worked examples from the literature and peer tools' tests (PUBLISHED.md gives sources)."""
    return json.loads((oracles_dir / "published.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def pud_test() -> tuple[Path, Path]:
    """UD Arabic-PUD, PADT-style test split (100 sentences): gold CoNLL-U and raw text."""
    base = DATA / "ud" / "pud_padt_style"
    return base / "test.conllu", base / "test.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED} (it sits beside the checkout in CI)")
    return SHARED


@pytest.fixture(scope="session")
def stanza_dir() -> Path:
    """Arabic stanza models: CORPUS_TOOLS_STANZA_DIR, else ../shared/stanza_resources."""
    env = os.environ.get("CORPUS_TOOLS_STANZA_DIR")
    path = Path(env) if env else SHARED / "stanza_resources"
    if not (path / "resources.json").is_file():
        pytest.skip(
            f"no Arabic stanza models at {path}: set CORPUS_TOOLS_STANZA_DIR to run stanza tests"
        )
    return path
