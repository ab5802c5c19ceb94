"""The corpus as a Hugging Face dataset: a Hub-ready folder, its card, the push, the way back.

:func:`build_dataset` writes exactly what a Hub dataset repository holds — ``README.md`` (the
dataset card, YAML front matter + prose) and one parquet file per configuration under
``data/`` — so that ``datasets.load_dataset(folder, "tokens")`` works offline and the same call
with a repo id works once the folder is pushed:

==============  ==================  ========================================================
config          one row per         columns
==============  ==================  ========================================================
``documents``   text                ``id``, ``title``, ``text`` (verbatim), ``source_file``,
                                    ``sha256``, ``n_chars``, ``n_sentences``, ``n_tokens``,
                                    ``outlet``, ``topic``, ``notes``
``tokens``      sentence            ``doc_id``, ``sentence`` and one list per column of the
                                    token table (``tokens``, ``starts``, ``ends``, ``forms``,
                                    ``norms``, ``lemmas``, ``lemmas_raw``, ``upos``, ``feats``,
                                    ``scripts``,
                                    ``clitics``, ``parts``, ``token_starts``, ``token_ends``,
                                    ``residue``), ``brand_tags`` (``List(ClassLabel)``, BIO)
``mentions``    mention             every column of the mention table (``doc_id``, ``start``,
                                    ``end``, ``surface``, ``brand``, ``script``, ``category``,
                                    ``clitic``, ``sentence``, ``source``, ``in_lexicon``) and
                                    ``aligned``
==============  ==================  ========================================================

:func:`load_dataset_tables` turns the folder back into the package's own tables: ``tokens`` *is*
a token table (every column of :data:`corpus_tools.tokenize.TOKEN_COLUMNS`, same dtypes, the
annotator's signature) and ``mentions`` a mention table, so every analysis runs on the loaded
dataset and gives what it gives on ``tokenize(corpus)``.

The card's ``configs:`` and ``dataset_info:`` blocks are written by the helpers that
``Dataset.push_to_hub`` itself uses (``MetadataConfigs.to_dataset_card_data`` and
``DatasetInfosDict.to_dataset_card_data``), and every parquet file carries the features in its
schema metadata, so ``ClassLabel`` names survive either way. Builds are deterministic: the same
corpus and settings give byte-identical files (no dates, no absolute paths, fixed writer).

:func:`push_dataset` uploads such a folder as one commit (``huggingface_hub``); :func:`plan_push`
is everything it does before the network, and is what the tests check. The live upload itself
is not exercised by the test suite (there is no Hub to talk to here).

BIO tags (Ramshaw & Marcus 1995; the CoNLL-2003 convention): a token is ``B-BRAND`` if a brand
mention starts on it, ``I-BRAND`` if it lies inside one, ``O`` otherwise. A mention is
*aligned* when it starts and ends on token boundaries inside one sentence; then the tags give
its span back exactly. A mention that does not align (an Arabic clitic written onto a
transliterated name that the annotator leaves attached, ``وديسكورد`` as one token) tags the
tokens that overlap it; such mentions are counted, listed by :func:`build_dataset` and reported in the card,
never dropped.

Modules: :mod:`~corpus_tools.dataset.schema` (configurations, features, field documentation),
:mod:`~corpus_tools.dataset.mentions` (gold reading, mention checks),
:mod:`~corpus_tools.dataset.bio` (BIO tags), :mod:`~corpus_tools.dataset.tables` (the tables
written), :mod:`~corpus_tools.dataset.card` (the card), :mod:`~corpus_tools.dataset.build`
(the build), :mod:`~corpus_tools.dataset.hub` (plan and push),
:mod:`~corpus_tools.dataset.load` (the way back).
"""

from corpus_tools.dataset.bio import bio_tags
from corpus_tools.dataset.build import DatasetBuild, build_dataset
from corpus_tools.dataset.hub import PushResult, format_plan, plan_push, push_dataset
from corpus_tools.dataset.load import dataset_corpus, load_dataset_tables
from corpus_tools.dataset.mentions import read_mentions
from corpus_tools.dataset.schema import (
    BRAND_LABELS,
    CONFIGS,
    DEFAULT_OUT,
    DEFAULT_REPO_ID,
    TOKEN_LIST_FIELDS,
    DatasetError,
    PushError,
    dataset_features,
)

__all__ = [
    "BRAND_LABELS",
    "CONFIGS",
    "DEFAULT_OUT",
    "DEFAULT_REPO_ID",
    "TOKEN_LIST_FIELDS",
    "DatasetBuild",
    "DatasetError",
    "PushError",
    "PushResult",
    "bio_tags",
    "build_dataset",
    "dataset_corpus",
    "dataset_features",
    "format_plan",
    "load_dataset_tables",
    "plan_push",
    "push_dataset",
    "read_mentions",
]
