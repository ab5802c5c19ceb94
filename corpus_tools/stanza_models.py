"""Arabic stanza models: where they are, whether they are complete, how to get them.

Models are looked up in ``model_dir=``, else ``$CORPUS_TOOLS_STANZA_DIR``, else
``$STANZA_RESOURCES_DIR``, else stanza's default directory (:func:`resolve_model_dir`). A
directory is usable when its ``resources.json`` names a package for each of
:data:`PROCESSORS` and every model file (dependencies such as word vectors included) exists
(:func:`find_stanza_models`); anything missing is one :class:`StanzaModelsNotFound` naming the
directory, the missing piece and how to get the models.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.paths import STANZA_ENV_VAR, STANZA_FALLBACK_ENV_VAR

__all__ = [
    "LANG",
    "PARAGRAPH_MODES",
    "PROCESSORS",
    "ModelDownloadError",
    "StanzaModels",
    "StanzaModelsNotFound",
    "download_models",
    "find_stanza_models",
    "resolve_model_dir",
    "stanza_available",
]

#: the stanza processors the backend runs, in pipeline order
PROCESSORS = ("tokenize", "mwt", "pos", "lemma")
LANG = "ar"
#: how text is cut into paragraphs for stanza: a paragraph per line, or per blank-line block
PARAGRAPH_MODES = ("line", "blank")


class StanzaModelsNotFound(FileNotFoundError):
    """No usable Arabic stanza models in the resolved model directory."""


class ModelDownloadError(ConnectionError):
    """``stanza.download`` cannot reach the model server (offline, proxy, firewall)."""


# --- model directory ------------------------------------------------------------------------
def _stanza_default_dir() -> Path:
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR)


def resolve_model_dir(model_dir: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """Where to look for models, and why: argument → ``$CORPUS_TOOLS_STANZA_DIR`` →
    ``$STANZA_RESOURCES_DIR`` → stanza's default directory."""
    if model_dir is not None and str(model_dir):
        return Path(model_dir).expanduser(), "model_dir argument"
    for var in (STANZA_ENV_VAR, STANZA_FALLBACK_ENV_VAR):
        value = os.environ.get(var)
        if value:
            return Path(value).expanduser(), f"${var}"
    return _stanza_default_dir(), "stanza's default directory"


@dataclass(frozen=True)
class StanzaModels:
    """A located set of Arabic stanza models.

    Attributes
    ----------
    directory : the stanza resources directory (holds ``resources.json`` and ``ar/``).
    source : how the directory was chosen (argument, environment variable, default).
    packages : processor → package name, e.g. ``{"tokenize": "pud", ...}``.
    files : every model file the pipeline loads (dependencies such as word vectors included).
    """

    directory: Path
    source: str
    packages: dict[str, str]
    files: tuple[Path, ...]

    @property
    def packages_label(self) -> str:
        """``tokenize=pud,mwt=pud,pos=pud,lemma=pud``."""
        return ",".join(f"{p}={self.packages[p]}" for p in PROCESSORS)


def _missing_message(directory: Path, source: str, detail: str) -> str:
    return (
        f"no Arabic stanza models ({','.join(PROCESSORS)}) in {directory} (from {source}): "
        f"{detail}. Get the official models with `corpus-tools models download` (needs internet; "
        f"calls stanza.download('ar')), or point ${STANZA_ENV_VAR} (or model_dir=...) at a local stanza "
        f"resources directory holding resources.json and ar/<processor>/<package>.pt"
    )


def find_stanza_models(model_dir: str | os.PathLike[str] | None = None) -> StanzaModels:
    """Locate the Arabic models named by ``<dir>/resources.json``.

    Raises
    ------
    StanzaModelsNotFound
        with one message naming the directory, what is missing and how to get the models.
    """
    directory, source = resolve_model_dir(model_dir)
    res_path = directory / "resources.json"
    if not res_path.is_file():
        raise StanzaModelsNotFound(_missing_message(directory, source, "no resources.json"))
    try:
        res = json.loads(res_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StanzaModelsNotFound(
            _missing_message(directory, source, f"{res_path} is unreadable ({exc})")
        ) from None
    lang = res.get(LANG)
    if isinstance(lang, dict) and "alias" in lang:
        lang = res.get(lang["alias"])
    if not isinstance(lang, dict):
        raise StanzaModelsNotFound(
            _missing_message(directory, source, "resources.json has no 'ar'")
        )
    defaults = lang.get("default_processors", {})
    default_deps = lang.get("default_dependencies", {})
    packages: dict[str, str] = {}
    files: list[Path] = []
    for proc in PROCESSORS:
        pkg = defaults.get(proc)
        if isinstance(pkg, dict):  # some resources files nest {"package": ...}
            pkg = pkg.get("package")
        if not isinstance(pkg, str):
            raise StanzaModelsNotFound(
                _missing_message(directory, source, f"resources.json names no '{proc}' package")
            )
        packages[proc] = pkg
        files.append(directory / LANG / proc / f"{pkg}.pt")
        entry = lang.get(proc, {}).get(pkg, {}) if isinstance(lang.get(proc), dict) else {}
        deps = entry.get("dependencies") or default_deps.get(proc) or []
        files.extend(directory / LANG / d["model"] / f"{d['package']}.pt" for d in deps)
    files = list(dict.fromkeys(files))
    missing = [str(f.relative_to(directory)) for f in files if not f.is_file()]
    if missing:
        raise StanzaModelsNotFound(
            _missing_message(directory, source, f"missing {', '.join(missing)}")
        )
    return StanzaModels(directory, source, packages, tuple(files))


def stanza_available(model_dir: str | os.PathLike[str] | None = None) -> bool:
    """True when :func:`find_stanza_models` succeeds (what ``annotator="auto"`` checks)."""
    try:
        find_stanza_models(model_dir)
    except StanzaModelsNotFound:
        return False
    return True


def download_models(
    model_dir: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 20.0,
    resources_url: str | None = None,
) -> Path:
    """Download stanza's official Arabic ``tokenize,mwt,pos,lemma`` models (needs internet).

    The model server is probed first with ``timeout`` seconds, so an offline machine gets a
    clear :class:`ModelDownloadError` at once instead of a hang. The official models are
    trained on PADT (CC BY-NC-SA): use them, do not redistribute them.

    Returns
    -------
    The directory the models were written to (resolved like :func:`find_stanza_models`).
    """
    import requests
    import stanza
    from stanza.resources.common import DEFAULT_RESOURCES_URL, DEFAULT_RESOURCES_VERSION

    directory, _ = resolve_model_dir(model_dir)
    base = resources_url or DEFAULT_RESOURCES_URL
    probe = f"{base}/resources_{DEFAULT_RESOURCES_VERSION}.json"
    try:
        requests.head(probe, timeout=timeout, allow_redirects=True).raise_for_status()
        stanza.download(
            LANG,
            model_dir=str(directory),
            processors=",".join(PROCESSORS),
            resources_url=base,
            logging_level="INFO",
        )
    except requests.RequestException as exc:
        raise ModelDownloadError(
            f"cannot download the stanza Arabic models: {probe} is unreachable "
            f"({type(exc).__name__}). Without internet, copy a stanza resources directory "
            f"(resources.json + ar/...) to this machine and set ${STANZA_ENV_VAR} to it."
        ) from None
    return directory
