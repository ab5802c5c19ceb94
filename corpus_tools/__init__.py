"""corpus_tools: reproducible corpus linguistics for Arabic news text.

``import corpus_tools as ct`` gives the public functions below. Modules keep their heavy
third-party imports (stanza, torch, datasets, matplotlib) inside the functions that need them,
so importing the package stays light.
"""

from corpus_tools._version import __version__
from corpus_tools.corpus import Corpus, CorpusError, Document, load_corpus, residue_spans
from corpus_tools.normalize import DEFAULT_STEPS, normalize
from corpus_tools.tokenize import TOKEN_COLUMNS, tokenize

__all__ = [
    "DEFAULT_STEPS",
    "TOKEN_COLUMNS",
    "Corpus",
    "CorpusError",
    "Document",
    "__version__",
    "load_corpus",
    "normalize",
    "residue_spans",
    "tokenize",
]
