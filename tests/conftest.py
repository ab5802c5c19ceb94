"""Shared fixtures: the seed corpus, the test data (tests/data), small realistic sentences."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = (ROOT / ".." / "shared").resolve()  # beside the checkout in CI only
EVAL_SET = SHARED / "eval" / "brand_mentions"  # gold measurements on external data, not ours
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
def eval_set() -> Path:
    """The external evaluation set (tests marked ``evalset``; deselected where it is absent)."""
    if not (EVAL_SET / "gold.jsonl").is_file():  # only when asked for by ``-m evalset``
        pytest.fail(f"evaluation set not found at {EVAL_SET} (it sits beside the checkout in CI)")
    return EVAL_SET


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


# --- the evaluation set: figures measured on external data that a fresh clone does not have ----
_EVALSET_DROPPED = pytest.StashKey[int]()


def _evalset_absent(config: pytest.Config) -> bool:
    """Deselect ``evalset`` tests where the set is absent, unless ``-m`` names the marker."""
    return not EVAL_SET.is_dir() and "evalset" not in (config.getoption("markexpr") or "")


def pytest_report_header(config: pytest.Config) -> str | None:
    if _evalset_absent(config):
        return f"evaluation set not found at {EVAL_SET}: tests marked 'evalset' are deselected"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _evalset_absent(config):
        return
    dropped = [item for item in items if item.get_closest_marker("evalset")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("evalset")]
        config.stash[_EVALSET_DROPPED] = len(dropped)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    dropped = config.stash.get(_EVALSET_DROPPED, 0)
    if dropped:
        terminalreporter.write_line(
            f"deselected {dropped} 'evalset' tests: evaluation set not found at {EVAL_SET}"
        )
