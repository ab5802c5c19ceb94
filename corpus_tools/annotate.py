"""Annotators: one registry, one dispatcher, one token table.

``annotate(corpus, annotator=...)`` returns the token table of :mod:`corpus_tools.tokenize`
(one row per *syntactic word*) from a backend of :data:`BACKENDS`:

``rules``
    :func:`corpus_tools.tokenize.tokenize` — orthographic tokens, Latin-word clitics split by
    rule; ``lemma``, ``upos`` and ``feats`` are NA. Deterministic, needs no model.
``stanza``
    Stanza's ``tokenize,mwt,pos,lemma`` pipeline for Arabic, loaded from local files only
    (:mod:`corpus_tools.stanza_backend`): statistical clitic segmentation (multi-word-token
    expansion, ``وبالشركة`` → ``و`` ``ب`` ``الشركة``), UD POS tags, features and lemmas;
    analyses cached on disk (:mod:`corpus_tools.annotation_cache`).

and one more name, ``auto``: ``stanza`` when Arabic models are found (see
:func:`find_stanza_models`), else ``rules``; the choice is logged and recorded in the signature
(``requested:auto``). :data:`ANNOTATORS` lists every accepted name and
:data:`DEFAULT_ANNOTATOR` is the one default of the library and the command line (``rules``: the
same input gives the same table on every machine, with or without models).

Every backend honours the same options: ``norm_steps`` always; ``model_dir``, ``cache``,
``cache_dir``, ``progress``, ``paragraphs`` and ``threads`` where the backend has a model (the
rules backend has none to locate, cache or thread, and ends sentences at line breaks itself).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from corpus_tools.paths import STANZA_ENV_VAR, default_cache_dir
from corpus_tools.signature import extend_signature
from corpus_tools.stanza_models import (
    PARAGRAPH_MODES,
    PROCESSORS,
    ModelDownloadError,
    StanzaModels,
    StanzaModelsNotFound,
    download_models,
    find_stanza_models,
    resolve_model_dir,
    stanza_available,
)

# Light on purpose: the command line builds its parser from this registry without importing
# pandas, numpy or a backend; each backend is imported when it runs.
if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus, Document

__all__ = [
    "ANNOTATORS",
    "BACKENDS",
    "DEFAULT_ANNOTATOR",
    "ENV_VAR",
    "PROCESSORS",
    "AnnotateOptions",
    "Backend",
    "ModelDownloadError",
    "StanzaModels",
    "StanzaModelsNotFound",
    "annotate",
    "check_annotator",
    "default_cache_dir",
    "download_models",
    "find_stanza_models",
    "resolve_annotator",
    "resolve_model_dir",
    "stanza_available",
]

logger = logging.getLogger(__name__)

#: kept for callers of the old name; the variable is :data:`corpus_tools.paths.STANZA_ENV_VAR`
ENV_VAR = STANZA_ENV_VAR


@dataclass(frozen=True)
class AnnotateOptions:
    """The options of :func:`annotate` handed to a backend (see there for their meaning)."""

    model_dir: str | os.PathLike[str] | None = None
    cache: bool = True
    cache_dir: str | os.PathLike[str] | None = None
    progress: bool | None = None
    paragraphs: str = "line"
    norm_steps: tuple[str, ...] | None = None  # None: corpus_tools.normalize.DEFAULT_STEPS
    threads: int | None = None


@dataclass(frozen=True)
class Backend:
    """One annotator: its name, what it gives, and the function that runs it.

    ``run(docs, options)`` returns the token table with ``attrs["signature"]`` set.
    """

    name: str
    summary: str
    run: Callable[[list[Document], AnnotateOptions], pd.DataFrame]


def _steps(options: AnnotateOptions) -> tuple[str, ...]:
    from corpus_tools.normalize import DEFAULT_STEPS

    return DEFAULT_STEPS if options.norm_steps is None else options.norm_steps


def _run_rules(docs: list[Document], options: AnnotateOptions) -> pd.DataFrame:
    from corpus_tools.corpus import Corpus
    from corpus_tools.tokenize import tokenize

    return tokenize(Corpus(tuple(docs)), steps=_steps(options), paragraphs=options.paragraphs)


def _run_stanza(docs: list[Document], options: AnnotateOptions) -> pd.DataFrame:
    from corpus_tools.stanza_backend import annotate_stanza

    return annotate_stanza(
        docs,
        model_dir=options.model_dir,
        cache=options.cache,
        cache_dir=options.cache_dir,
        progress=options.progress,
        paragraphs=options.paragraphs,
        norm_steps=_steps(options),
        threads=options.threads,
    )


#: The backends, by the name users type.
BACKENDS: dict[str, Backend] = {
    "rules": Backend("rules", "deterministic rules: orthographic words, no lemmas", _run_rules),
    "stanza": Backend("stanza", "stanza models: clitic segmentation, lemmas, UPOS", _run_stanza),
}
#: Every name ``annotator=`` accepts (library and command line): a backend, or ``auto``.
ANNOTATORS: tuple[str, ...] = (*BACKENDS, "auto")
#: The one default annotator of the library and the command line.
DEFAULT_ANNOTATOR: Final = "rules"


def check_annotator(annotator: str) -> str:
    """``annotator`` if it is a name of :data:`ANNOTATORS`; a ``ValueError`` naming them if not."""
    if annotator not in ANNOTATORS:
        raise ValueError(f"unknown annotator {annotator!r}; choose from {', '.join(ANNOTATORS)}")
    return annotator


def resolve_annotator(annotator: str, model_dir: str | os.PathLike[str] | None = None) -> str:
    """The backend ``annotator`` stands for: itself, or for ``auto`` stanza when models exist."""
    if check_annotator(annotator) != "auto":
        return annotator
    try:
        models = find_stanza_models(model_dir)
    except StanzaModelsNotFound as exc:
        logger.info("annotator=auto: using rules (%s)", exc)
        return "rules"
    logger.info(
        "annotator=auto: using stanza (Arabic models in %s, from %s)",
        models.directory,
        models.source,
    )
    return "stanza"


def _documents(corpus: Corpus | Document | str | Iterable[Document]) -> list[Document]:
    from corpus_tools.corpus import Document

    if isinstance(corpus, Document):
        return [corpus]
    if isinstance(corpus, str):
        sha = hashlib.sha256(corpus.encode("utf-8")).hexdigest()
        title = next((ln.strip() for ln in corpus.splitlines() if ln.strip()), "")
        return [Document(id="", title=title, text=corpus, path=Path("<text>"), sha256=sha)]
    return list(corpus)


def annotate(
    corpus: Corpus | Document | str | Iterable[Document],
    annotator: Literal["rules", "stanza", "auto"] = DEFAULT_ANNOTATOR,
    *,
    model_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    paragraphs: Literal["line", "blank"] = "line",
    norm_steps: Sequence[str] | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Annotate a corpus with a backend of :data:`BACKENDS`; the same token table either way.

    Parameters
    ----------
    corpus : a :class:`~corpus_tools.corpus.Corpus`, one :class:`Document`, documents, or a str.
    annotator : ``"rules"`` (default), ``"stanza"`` or ``"auto"`` (stanza when Arabic models
        are found, else rules).
    model_dir : stanza resources directory; else ``$CORPUS_TOOLS_STANZA_DIR``, else
        ``$STANZA_RESOURCES_DIR``, else stanza's default.
    cache, cache_dir : read/write stanza analyses in the on-disk cache
        (:mod:`corpus_tools.annotation_cache`).
    progress : show a tqdm bar (documents, words/s); default: when stderr is a terminal.
    paragraphs : ``"line"`` (every line is a paragraph) or ``"blank"`` (blank lines separate
        paragraphs; single line breaks are wraps). Every backend; sentences never cross one.
    norm_steps : normalisation steps for ``norm`` (:mod:`corpus_tools.normalize`; None: its
        ``DEFAULT_STEPS``), honoured by every backend.
    threads : torch threads while stanza runs (restored afterwards); None keeps torch's
        default (one per core). On a busy shared machine ``1`` can be many times faster,
        because torch's OpenMP threads wait for each other when cores are oversubscribed.

    Returns
    -------
    DataFrame, one row per syntactic word in document order, columns
    ``doc, sentence, index, start, end, surface, form, norm, lemma, upos, feats, script,
    clitic, part, token_start, token_end, residue`` (see :mod:`corpus_tools.tokenize`), with
    ``attrs["signature"]``, e.g.
    ``annotator:stanza|model:ar:tokenize=pud,...@1a2b3c4d5e6f|stanza:1.15.0|...|version:0.1.0``.

    Raises
    ------
    StanzaModelsNotFound
        ``annotator="stanza"`` and no models: the message says how to get them.
    """
    check_annotator(annotator)
    if paragraphs not in PARAGRAPH_MODES:
        raise ValueError(f"paragraphs must be 'line' or 'blank', not {paragraphs!r}")
    options = AnnotateOptions(
        model_dir=model_dir,
        cache=cache,
        cache_dir=cache_dir,
        progress=progress,
        paragraphs=paragraphs,
        norm_steps=None if norm_steps is None else tuple(norm_steps),
        threads=threads,
    )
    backend = BACKENDS[resolve_annotator(annotator, model_dir)]
    table = backend.run(_documents(corpus), options)
    if annotator == "auto":
        table.attrs["signature"] = extend_signature(table.attrs["signature"], requested="auto")
    return table
