"""corpus_tools: reproducible corpus linguistics for Arabic news text.

``import corpus_tools as ct`` gives the public functions below. They are imported lazily (PEP
562 module ``__getattr__``): ``import corpus_tools`` loads no third-party package, and
``ct.frequencies`` imports :mod:`corpus_tools.frequency` (numpy, pandas, pyarrow) on first
use. Modules keep their heavy imports (scipy, stanza, torch, datasets, matplotlib, nbclient)
inside the functions that need them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from corpus_tools._version import __version__

if TYPE_CHECKING:  # the names as type checkers and IDEs see them
    from corpus_tools.annotate import (
        StanzaModelsNotFound,
        annotate,
        download_models,
        find_stanza_models,
        stanza_available,
    )
    from corpus_tools.association import MEASURES
    from corpus_tools.collocations import collocation_network, collocations, cooccurrences
    from corpus_tools.conllu_io import from_conllu, to_conllu
    from corpus_tools.corpus import Corpus, CorpusError, Document, load_corpus, residue_spans
    from corpus_tools.dataset import build_dataset, load_dataset_tables, plan_push, push_dataset
    from corpus_tools.distributed import (
        sharded_collocations,
        sharded_frequencies,
        sharded_keyness,
        sharded_kwic,
    )
    from corpus_tools.distributed_annotate import sharded_annotate
    from corpus_tools.distributed_mentions import sharded_brand_usage, sharded_mentions
    from corpus_tools.evaluate import evaluate_tokens, evaluate_ud, format_scores
    from corpus_tools.frequency import (
        arf,
        dispersion,
        exclude_mask,
        frequencies,
        stopwords,
        term_by_document,
    )
    from corpus_tools.keyness import keyness, keyness_scores
    from corpus_tools.kwic import KwicTable, kwic
    from corpus_tools.loanwords import brand_mentions, brand_usage, evaluate_mentions, load_lexicon
    from corpus_tools.normalize import DEFAULT_STEPS, normalize
    from corpus_tools.report import build_report
    from corpus_tools.shards import LazyCorpus, read_corpus
    from corpus_tools.signature import make_signature, parse_signature
    from corpus_tools.tokenize import TOKEN_COLUMNS, tokenize

#: public name -> module that defines it
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "StanzaModelsNotFound",
            "annotate",
            "download_models",
            "find_stanza_models",
            "stanza_available",
        ),
        "annotate",
    ),
    "MEASURES": "association",
    **dict.fromkeys(("collocation_network", "collocations", "cooccurrences"), "collocations"),
    **dict.fromkeys(("from_conllu", "to_conllu"), "conllu_io"),
    **dict.fromkeys(
        ("Corpus", "CorpusError", "Document", "load_corpus", "residue_spans"), "corpus"
    ),
    **dict.fromkeys(
        ("build_dataset", "load_dataset_tables", "plan_push", "push_dataset"), "dataset"
    ),
    **dict.fromkeys(("evaluate_tokens", "evaluate_ud", "format_scores"), "evaluate"),
    **dict.fromkeys(
        ("arf", "dispersion", "exclude_mask", "frequencies", "stopwords", "term_by_document"),
        "frequency",
    ),
    **dict.fromkeys(("keyness", "keyness_scores"), "keyness"),
    **dict.fromkeys(("KwicTable", "kwic"), "kwic"),
    **dict.fromkeys(
        ("brand_mentions", "brand_usage", "evaluate_mentions", "load_lexicon"), "loanwords"
    ),
    **dict.fromkeys(("DEFAULT_STEPS", "normalize"), "normalize"),
    "build_report": "report",
    **dict.fromkeys(("LazyCorpus", "read_corpus"), "shards"),
    **dict.fromkeys(
        ("sharded_collocations", "sharded_frequencies", "sharded_keyness", "sharded_kwic"),
        "distributed",
    ),
    "sharded_annotate": "distributed_annotate",
    **dict.fromkeys(("sharded_brand_usage", "sharded_mentions"), "distributed_mentions"),
    **dict.fromkeys(("make_signature", "parse_signature"), "signature"),
    **dict.fromkeys(("TOKEN_COLUMNS", "tokenize"), "tokenize"),
}

__all__ = [
    "DEFAULT_STEPS",
    "MEASURES",
    "TOKEN_COLUMNS",
    "Corpus",
    "CorpusError",
    "Document",
    "KwicTable",
    "LazyCorpus",
    "StanzaModelsNotFound",
    "__version__",
    "annotate",
    "arf",
    "brand_mentions",
    "brand_usage",
    "build_dataset",
    "build_report",
    "collocation_network",
    "collocations",
    "cooccurrences",
    "dispersion",
    "download_models",
    "evaluate_mentions",
    "evaluate_tokens",
    "evaluate_ud",
    "exclude_mask",
    "find_stanza_models",
    "format_scores",
    "frequencies",
    "from_conllu",
    "keyness",
    "keyness_scores",
    "kwic",
    "load_corpus",
    "load_dataset_tables",
    "load_lexicon",
    "make_signature",
    "normalize",
    "parse_signature",
    "plan_push",
    "push_dataset",
    "read_corpus",
    "residue_spans",
    "sharded_annotate",
    "sharded_brand_usage",
    "sharded_collocations",
    "sharded_frequencies",
    "sharded_keyness",
    "sharded_kwic",
    "sharded_mentions",
    "stanza_available",
    "stopwords",
    "term_by_document",
    "to_conllu",
    "tokenize",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus_tools' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"corpus_tools.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


class _Package(types.ModuleType):
    """Keeps ``ct.tokenize`` the function when the submodule of the same name is imported.

    Importing ``corpus_tools.tokenize`` makes the import system set the package attribute
    ``tokenize`` to the module; the eager ``__init__`` of old rebound it to the function right
    after, and this does the same lazily for every public name that is also a module name.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, types.ModuleType)
            and _LAZY.get(name) == name
            and value.__name__ == f"{__name__}.{name}"
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
