"""corpus_tools: reproducible corpus linguistics for Arabic news text.

``import corpus_tools as ct`` gives the public functions below. Modules keep their heavy
third-party imports (stanza, torch, datasets, matplotlib, nbclient) inside the functions that
need them, so importing the package stays light (numpy, pandas, pyarrow, scipy).
"""

from corpus_tools._version import __version__
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
from corpus_tools.evaluate import evaluate_tokens, evaluate_ud, format_scores
from corpus_tools.frequency import arf, dispersion, exclude_mask, frequencies, stopwords
from corpus_tools.keyness import keyness, keyness_scores
from corpus_tools.kwic import KwicTable, kwic
from corpus_tools.loanwords import brand_mentions, brand_usage, evaluate_mentions, load_lexicon
from corpus_tools.normalize import DEFAULT_STEPS, normalize
from corpus_tools.report import build_report
from corpus_tools.signature import make_signature, parse_signature
from corpus_tools.tokenize import TOKEN_COLUMNS, tokenize

__all__ = [
    "DEFAULT_STEPS",
    "MEASURES",
    "TOKEN_COLUMNS",
    "Corpus",
    "CorpusError",
    "Document",
    "KwicTable",
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
    "residue_spans",
    "stanza_available",
    "stopwords",
    "to_conllu",
    "tokenize",
]
