"""Default folders and the environment variables that move them: one place for each."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "CACHE_ENV_VAR",
    "STANZA_ENV_VAR",
    "STANZA_FALLBACK_ENV_VAR",
    "default_cache_dir",
]

#: local stanza model folder (``resources.json`` + ``ar/<processor>/<package>.pt``)
STANZA_ENV_VAR = "CORPUS_TOOLS_STANZA_DIR"
#: stanza's own variable, consulted after ours
STANZA_FALLBACK_ENV_VAR = "STANZA_RESOURCES_DIR"
#: the annotation cache
CACHE_ENV_VAR = "CORPUS_TOOLS_CACHE_DIR"


def default_cache_dir() -> Path:
    """``$CORPUS_TOOLS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corpus_tools``, else ``~/.cache/corpus_tools``."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "corpus_tools"
