#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Sessions: ``nox`` runs ``tests`` and ``lint``; ``report``, ``dataset``, ``publish`` on demand.

Every session installs with ``.ci/constraints.txt`` (one pinned environment, torch pinned to
the CPU build) so results and figures are reproducible. Works from a fresh clone with only
Python >= 3.11 and ``pip install nox``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"  # nox.project.dependency_groups
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
    # the session's own folder; `nox --no-venv` has none, so it gets one under .nox/
    no_venv = session.venv_backend == "none"
    venv = ROOT / ".nox" / "no-venv" if no_venv else Path(session.virtualenv.location)
    env["HF_HOME"] = str(venv / "hf-home")
    env["CORPUS_TOOLS_CACHE_DIR"] = str(venv / "annotation-cache")  # never the user's ~/.cache
    return env


def _install(session: nox.Session, *groups: str, package: bool = True) -> None:
    if session.venv_backend == "none":  # `nox --no-venv`: use what is installed
        return
    reqs = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    args = ["-c", str(CONSTRAINTS), *reqs]
    if package:
        args.append(".")
    session.install(*args)


@nox.session(default=True)
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package (pass pytest args after --).

    Where ../shared/eval is absent (a fresh clone), tests/conftest.py deselects the tests marked
    ``evalset`` and says so in the header and the summary; plain ``pytest`` behaves the same.
    """
    _install(session, "test")
    session.run("pytest", *session.posargs, env=_env(session))


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """The tooling contract: ruff (lint + format), mypy strict, the import layers, repo-review."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("lint-imports")  # [tool.importlinter] in pyproject.toml
    session.run("sp-repo-review", "--show", "err", ".")  # ignores carry reasons in pyproject.toml


# --- sessions added by feature work (default=False) ------------------------------------------


@nox.session(default=False)
def report(session: nox.Session) -> None:
    """Build the dataset, execute the notebooks, write reports/ (figures, tables, report.html).

    ``nox -s report -- --annotator stanza`` writes the stanza variant to reports/stanza/ (models
    from CORPUS_TOOLS_STANZA_DIR, ../shared/stanza_resources in CI; never committed). Re-running
    changes no byte under reports/; ``nox -R -s report`` reuses the environment.
    """
    _install(session, "report")
    session.run("corpus-tools", "report", *session.posargs, env=_env(session))


@nox.session(default=False)
def dataset(session: nox.Session) -> None:
    """Build the Hugging Face dataset folder dataset/ (README.md card + data/*/train-*.parquet)."""
    _install(session)
    session.run(
        "corpus-tools", "dataset", "build", "--out", "dataset", *session.posargs, env=_env(session)
    )


@nox.session(default=False)
def publish(session: nox.Session) -> None:
    """Push dataset/ to the Hub: nox -s publish -- --repo-id USER/NAME [--private] [--revision B].

    Token: HF_TOKEN or `hf auth login` (never printed). Rebuilds first so the card names the
    target repo. Needs the network; add --dry-run to list what would be uploaded.
    """
    _install(session, "publish")
    if "--repo-id" not in session.posargs:
        session.error("name the target: nox -s publish -- --repo-id USER/NAME")
    repo_id = session.posargs[session.posargs.index("--repo-id") + 1]
    build_env = _env(session)
    session.run(
        "corpus-tools", "dataset", "build", "--out", "dataset", "--repo-id", repo_id, env=build_env
    )
    env = build_env | {"HF_HUB_OFFLINE": "0", "HF_DATASETS_OFFLINE": "0"}
    # the login token lives in the user's own HF_HOME, not the session's private one
    env["HF_HOME"] = os.environ.get("HF_HOME") or str(
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "huggingface"
    )
    session.run("corpus-tools", "dataset", "push", "--folder", "dataset", *session.posargs, env=env)


if __name__ == "__main__":
    nox.main()
