"""The build: corpus → token table → mentions → the Hub-ready folder.

:func:`build_dataset` annotates (or takes a token table), detects brand mentions (or takes a
mentions table or a gold file), aligns them with the tokens as BIO tags, and writes
``README.md`` + ``data/<config>/train-00000-of-00001.parquet``. Builds are deterministic: the
same corpus and settings give byte-identical files (no dates, no absolute paths, fixed writer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corpus_tools.annotate import DEFAULT_ANNOTATOR, check_annotator
from corpus_tools.atomic_dir import MANIFEST, FolderError, check_replaceable, replace_dir
from corpus_tools.checksums import file_table
from corpus_tools.corpus import Corpus, load_corpus
from corpus_tools.dataset.bio import bio_tags
from corpus_tools.dataset.card import REPO_MARK, CardFacts, render_card
from corpus_tools.dataset.mentions import prepare_mentions, read_mentions
from corpus_tools.dataset.schema import (
    CARD,
    CONFIGS,
    DATA_FILE,
    DEFAULT_OUT,
    DEFAULT_REPO_ID,
    FIELDS,
    DatasetError,
    dataset_features,
)
from corpus_tools.dataset.tables import documents_frame, quiet_progress, sentence_columns
from corpus_tools.signature import extend_signature, parse_signature
from corpus_tools.tokenize import TOKEN_COLUMNS

if TYPE_CHECKING:
    from datasets import Dataset

__all__ = ["DatasetBuild", "build_dataset"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatasetBuild:
    """What :func:`build_dataset` wrote.

    Attributes
    ----------
    folder : the dataset folder.
    signature : settings + version of the build (also in the card).
    files : DataFrame ``path`` (relative, POSIX), ``bytes``, ``sha256`` of every file written.
    rows : number of rows per configuration.
    misaligned : the mentions whose span does not fall on token boundaries, with ``reason``.
    """

    folder: Path
    signature: str
    files: pd.DataFrame
    rows: dict[str, int]
    misaligned: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class _Mentions:
    """The mentions a build tags: the table, where it came from, its signature."""

    table: pd.DataFrame
    source: str  # gold, given or detected
    signature: str
    gold_name: str = ""


def build_dataset(
    corpus: Corpus | str | Path,
    out_dir: str | Path = DEFAULT_OUT,
    *,
    annotator: str = DEFAULT_ANNOTATOR,
    tokens: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    gold: pd.DataFrame | str | Path | None = None,
    repo_id: str = DEFAULT_REPO_ID,
    license: str = "other",
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
) -> DatasetBuild:
    """Write the Hub-ready dataset folder: ``README.md`` + ``data/<config>/train-*.parquet``.

    Parameters
    ----------
    corpus : the corpus, or a folder/file to load with :func:`corpus_tools.corpus.load_corpus`.
    out_dir : the folder to write; replaced as a whole if it holds an earlier build, refused if it
        holds anything else. Written to a temporary sibling first, so a failed build leaves the
        old folder untouched.
    annotator : a name of :data:`corpus_tools.annotate.ANNOTATORS` (default ``rules``,
        deterministic), used when ``tokens`` is not given.
    tokens : a token table to use instead of annotating.
    mentions : brand mentions (``doc``, ``start``, ``end``, ``surface``, ``brand``, ``script``,
        ``category``) instead of running the detector.
    gold : gold mentions (a DataFrame or a JSON-lines file); tags then come from the gold.
    repo_id : Hub repo id written into the card's loading examples.
    license : the card's ``license`` field (``other``: the texts keep their publishers' copyright).
    client, shard_bytes, progress : annotate shard by shard, on a ``distributed.Client`` when
        given (:func:`corpus_tools.distributed_annotate.sharded_annotate`); the folder is
        byte-identical to a one-process build.
    """
    out = Path(out_dir)
    check_annotator(annotator)  # before any slow work
    _check_out_dir(out)
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    if tokens is None:
        tokens = _annotated(corpus, annotator, client, shard_bytes, progress)
    token_sig = str(tokens.attrs.get("signature") or "annotator:unknown")
    used = parse_signature(token_sig).get("annotator", annotator)
    source = _mentions_source(corpus, tokens if used == "rules" else None, mentions, gold)
    tokens = _ordered_tokens(tokens, corpus)
    m = prepare_mentions(source.table, corpus)
    codes, misaligned = _tag(tokens, m, corpus)
    n_brand = int((m["category"] == "brand").sum())
    signature = _build_signature(token_sig, source)
    dsets = _datasets(corpus, tokens, codes, m)
    facts = CardFacts(
        repo_id=repo_id,
        license=license,
        features={c: dataset_features(c) for c in CONFIGS},
        datasets=dsets,
        sizes={},
        signature=signature,
        token_signature=token_sig,
        mentions_signature=source.signature,
        annotator=used,
        source=source.source,
        gold_name=source.gold_name,
        misaligned=misaligned,
        n_brand=n_brand,
    )
    _write_folder(out, dsets, lambda sizes: render_card(_with_sizes(facts, sizes)))
    return DatasetBuild(
        folder=out,
        signature=signature,
        files=file_table(out, skip_names={MANIFEST}),  # the manifest: the build's own record
        rows=facts.rows,
        misaligned=misaligned.reset_index(drop=True),
    )


def _annotated(
    corpus: Corpus, annotator: str, client: Any, shard_bytes: int | None, progress: bool | None
) -> pd.DataFrame:
    """The token table, annotated shard by shard (on ``client`` when given)."""
    from corpus_tools.distributed_annotate import sharded_annotate

    return sharded_annotate(
        corpus,
        annotator,  # type: ignore[arg-type]
        client=client,
        shard_bytes=shard_bytes,
        progress=progress,
    )


def _mentions_source(
    corpus: Corpus,
    rules_tokens: pd.DataFrame | None,
    mentions: pd.DataFrame | None,
    gold: pd.DataFrame | str | Path | None,
) -> _Mentions:
    """Gold mentions if given, else the given table, else the detector's (which reuses rules
    tokens to spare a second tokenisation)."""
    if gold is not None:
        name = ""
        if not isinstance(gold, pd.DataFrame):
            name = Path(gold).name
            gold = read_mentions(gold, corpus)
        return _Mentions(gold, "gold", str(gold.attrs.get("signature") or "gold"), name)
    if mentions is not None:
        return _Mentions(mentions, "given", str(mentions.attrs.get("signature") or "given"))
    from corpus_tools.loanwords import brand_mentions

    detected = brand_mentions(corpus, rules_tokens)
    return _Mentions(detected, "detected", str(detected.attrs.get("signature") or "detected"))


def _ordered_tokens(tokens: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """The whole token table in corpus order, checked so that the loader gives it back."""
    missing = [c for c in TOKEN_COLUMNS if c not in tokens.columns]
    if missing:
        raise DatasetError(f"the token table lacks the column(s) {', '.join(missing)}")
    order = pd.Categorical(tokens["doc"], categories=corpus.ids).codes
    if (order < 0).any():
        bad = tokens.loc[order < 0, "doc"].iloc[0]
        raise DatasetError(f"the token table names a document not in the corpus: {bad!r}")
    tokens = tokens.assign(_o=order).sort_values(["_o", "index"], kind="stable").drop(columns="_o")
    tokens = tokens.reset_index(drop=True)
    # the loader numbers tokens within each document again; a table with gaps would not come back
    if not (tokens["index"].to_numpy() == tokens.groupby("doc", sort=False).cumcount()).all():
        raise DatasetError(
            "the token table's `index` does not number each document's tokens 0, 1, 2, ... "
            "(a filtered table?); build from the whole token table"
        )
    return tokens


def _tag(tokens: pd.DataFrame, m: pd.DataFrame, corpus: Corpus) -> tuple[np.ndarray, pd.DataFrame]:
    """BIO codes per token; sets ``m["aligned"]``; the misaligned brand mentions with reasons."""
    codes, alignment = bio_tags(tokens, m, corpus)
    aligned = alignment["aligned"].to_numpy()
    m["aligned"] = aligned
    brand = (m["category"] == "brand").to_numpy()
    bad = brand & ~aligned
    misaligned = m.loc[bad, ["doc", "start", "end", "surface", "brand"]].assign(
        reason=alignment.loc[bad, "reason"].to_numpy()
    )
    if len(misaligned):
        log.info(
            "%d of %d brand mentions do not fall on token boundaries; their tags cover the "
            "containing tokens",
            len(misaligned),
            int(brand.sum()),
        )
    return codes, misaligned


def _build_signature(token_sig: str, mentions: _Mentions) -> str:
    """The token table's signature + where the mentions came from (+ the detector's settings:
    lexicon, heuristics) + the tagging scheme."""
    token_fields = parse_signature(token_sig)
    mention_sig = mentions.signature
    detector = {
        k: v
        for k, v in parse_signature(mention_sig).items()
        if ":" in mention_sig and k not in token_fields and k not in {"version", "task", "mentions"}
    }
    return extend_signature(token_sig, mentions=mentions.source, **detector, tags="bio-brand")


def _datasets(
    corpus: Corpus, tokens: pd.DataFrame, codes: np.ndarray, m: pd.DataFrame
) -> dict[str, Dataset]:
    """The three configurations as ``datasets.Dataset`` objects with their features."""
    from datasets import Dataset

    features = {c: dataset_features(c) for c in CONFIGS}
    mentions_out = m.rename(columns={"doc": "doc_id"})[list(FIELDS["mentions"])]
    with quiet_progress():
        return {
            "documents": Dataset.from_pandas(
                documents_frame(corpus, tokens),
                features=features["documents"],
                preserve_index=False,
            ),
            "tokens": Dataset.from_dict(
                sentence_columns(tokens, codes), features=features["tokens"]
            ),
            "mentions": Dataset.from_pandas(
                mentions_out, features=features["mentions"], preserve_index=False
            ),
        }


def _with_sizes(facts: CardFacts, sizes: dict[str, int]) -> CardFacts:
    return replace(facts, sizes=sizes)


def _write_folder(
    out: Path, dsets: dict[str, Dataset], card_for: Callable[[dict[str, int]], str]
) -> None:
    """Write the parquet files and the card (``card_for(parquet sizes)``) into a temporary
    sibling, then swap it in whole (:func:`corpus_tools.atomic_dir.replace_dir`): the old
    folder stays whole until the new one is complete, and no file the build does not own is
    ever replaced."""

    def write_build(tmp: Path) -> None:
        sizes = {}
        with quiet_progress():
            for config in CONFIGS:
                path = tmp / DATA_FILE.format(config=config)
                path.parent.mkdir(parents=True, exist_ok=True)
                dsets[config].to_parquet(str(path))
                sizes[config] = path.stat().st_size
        (tmp / CARD).write_bytes(card_for(sizes).encode("utf-8"))

    try:
        replace_dir(out, write_build, legacy=_legacy_build)
    except FolderError as exc:
        raise DatasetError(str(exc)) from None


def _check_out_dir(out: Path) -> None:
    """Refuse, before any slow work, a folder holding what no earlier build wrote."""
    try:
        check_replaceable(out, _legacy_build)
    except FolderError as exc:
        raise DatasetError(str(exc)) from None


def _legacy_build(folder: Path, files: list[str]) -> bool:
    """A build made before manifests existed: only the card (with our mark) and data files."""
    known = {CARD} | {DATA_FILE.format(config=c) for c in CONFIGS}
    card = folder / CARD
    return (
        set(files) <= known
        and card.is_file()
        and REPO_MARK.search(card.read_text(encoding="utf-8", errors="replace")) is not None
    )
