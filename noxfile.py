"""Sessions: ``nox`` runs ``tests`` and ``lint``; ``report``, ``dataset``, ``publish`` on demand.

Every session installs with ``.ci/constraints.txt`` (one pinned environment, torch pinned to
the CPU build) so results and figures are reproducible. Works from a fresh clone with only
Python >= 3.11 and ``pip install nox``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.needs_version = ">=2024.4.15"
nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = False
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ROOT / ".ci" / "constraints.txt"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SHARED = ROOT.parent / "shared"

# Reproducible, offline-friendly environment for everything a session runs.
ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "1700000000",
    "MPLBACKEND": "Agg",
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def _env(session: nox.Session) -> dict[str, str]:
    env = dict(ENV)
    # Local test models for the stanza path (never committed; real users download the official ones).
    stanza_dir = SHARED / "stanza_resources"
    if "CORPUS_TOOLS_STANZA_DIR" not in os.environ and stanza_dir.is_dir():
        env["CORPUS_TOOLS_STANZA_DIR"] = str(stanza_dir)
    env["HF_HOME"] = str(Path(session.virtualenv.location) / "hf-home")
    return env


def _install(session: nox.Session, *groups: str, package: bool = True) -> None:
    if session.venv_backend == "none":  # `nox --no-venv`: use what is installed
        return
    reqs = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    args = ["-c", str(CONSTRAINTS), *reqs]
    if package:
        args.append(".")
    session.install(*args)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package (pass pytest args after --)."""
    _install(session, "test")
    session.run("pytest", *session.posargs, env=_env(session))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint + format check) and mypy."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


# --- sessions added by feature work (default=False) ------------------------------------------
