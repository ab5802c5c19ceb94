"""Shared fixtures: the seed corpus, the read-only shared material, small realistic sentences."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = (ROOT / ".." / "shared").resolve()

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
