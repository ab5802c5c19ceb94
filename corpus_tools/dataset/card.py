"""The dataset card: ``README.md`` rendered from ``data/dataset_card_template.md``, and read back.

The YAML front matter (``configs:``, ``dataset_info:``) is written by the helpers that
``Dataset.push_to_hub`` itself uses (``MetadataConfigs.to_dataset_card_data`` and
``DatasetInfosDict.to_dataset_card_data``); the prose is the template filled with
``string.Template``. Three markers let the package read a card back: the repo id the loading
examples name, and the signatures of the token and mention tables; the build signature is the
fenced block of the "Data Collection and Processing" section.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import pandas as pd

from corpus_tools._version import __version__
from corpus_tools.dataset.schema import BRAND_LABELS, CONFIGS, DATA_FILE, FIELDS, PRETTY_NAME
from corpus_tools.signature import parse_signature

if TYPE_CHECKING:
    from datasets import Dataset, Features
    from huggingface_hub import DatasetCardData

__all__ = [
    "REPO_MARK",
    "CardFacts",
    "card_repo_id",
    "card_signature",
    "card_signatures",
    "render_card",
]

REPO_MARK = re.compile(r"<!-- corpus_tools: repo_id=(\S+) -->")
SIGNATURE_MARK = re.compile(r"^<!-- corpus_tools: (\w+)_signature=(.*) -->$", re.MULTILINE)
_BUILD_SIGNATURE = re.compile(r"^```\n(.+\|version:[^\n]+)\n```$", re.MULTILINE)
_SIZE_CATEGORIES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
)
_ROW_UNIT = {"documents": "text", "tokens": "sentence", "mentions": "mention"}


@dataclass(frozen=True)
class CardFacts:
    """Everything the card says about one build.

    Attributes
    ----------
    repo_id, license : the Hub repo named in the loading examples; the card's licence.
    features, datasets, sizes : per configuration: its features, its table, its parquet bytes.
    signature : the build signature; ``token_signature`` and ``mentions_signature`` those of
        the tables it was built from.
    annotator : the annotator that made the tokens (from their signature).
    source : where the mentions came from: ``gold``, ``given`` or ``detected``.
    gold_name : the gold file's name (``""`` when none).
    misaligned : brand mentions not on token boundaries, with ``reason``.
    n_brand : number of brand mentions.
    """

    repo_id: str
    license: str
    features: dict[str, Features]
    datasets: dict[str, Dataset]
    sizes: dict[str, int]
    signature: str
    token_signature: str
    mentions_signature: str
    annotator: str
    source: str
    gold_name: str
    misaligned: pd.DataFrame
    n_brand: int

    @property
    def rows(self) -> dict[str, int]:
        return {c: len(self.datasets[c]) for c in CONFIGS}


def render_card(facts: CardFacts) -> str:
    """The card's text: YAML front matter and the template's prose, filled from ``facts``."""
    wording = _mention_wording(facts.source, facts.mentions_signature, facts.gold_name)
    template = (
        resources.files("corpus_tools.data").joinpath("dataset_card_template.md").read_text("utf-8")
    )
    values = {
        "card_data": _card_data(facts, wording["creators"]).to_yaml(),
        **_overview_values(facts, wording),
        **_creation_values(facts, wording),
    }
    return string.Template(template).substitute(values)


def _card_data(facts: CardFacts, creators: str) -> DatasetCardData:
    """The YAML front matter, written by the helpers ``Dataset.push_to_hub`` uses."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    card_data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=facts.license,
        language=["ar"],
        multilinguality="monolingual",
        language_creators=["found"],
        annotations_creators=[creators],
        source_datasets=["original"],
        task_categories=["token-classification"],
        task_ids=["named-entity-recognition"],
        size_categories=[_size_category(max(facts.rows.values()))],
        tags=["arabic", "loanwords", "brand-names", "corpus-linguistics", "news"],
    )
    infos = {}
    for config in CONFIGS:
        nbytes = facts.datasets[config].data.nbytes
        splits = SplitDict()
        splits.add(SplitInfo(name="train", num_bytes=nbytes, num_examples=facts.rows[config]))
        infos[config] = DatasetInfo(
            config_name=config,
            features=facts.features[config],
            splits=splits,
            download_size=facts.sizes[config],
            dataset_size=nbytes,
        )
    DatasetInfosDict(infos).to_dataset_card_data(card_data)
    MetadataConfigs(
        {
            config: {
                "data_files": [{"split": "train", "path": f"data/{config}/train-*"}],
                **({"default": True} if config == "documents" else {}),
            }
            for config in CONFIGS
        }
    ).to_dataset_card_data(card_data)
    return card_data


def _overview_values(facts: CardFacts, wording: dict[str, str]) -> dict[str, Any]:
    """Summary, structure and field tables."""
    import pyarrow.compute as pc

    rows = facts.rows
    n_tokens = int(pc.sum(facts.datasets["documents"].data.table["n_tokens"]).as_py() or 0)
    configs_rows = [
        (f"`{c}`", _ROW_UNIT[c], rows[c], f"`{DATA_FILE.format(config=c)}`", facts.sizes[c])
        for c in CONFIGS
    ]
    return {
        "repo_id": facts.repo_id,
        "token_signature": facts.token_signature,
        "mentions_signature": facts.mentions_signature,
        "pretty_name": PRETTY_NAME,
        "license": facts.license,
        "version": __version__,
        "summary": (
            f"{rows['documents']} Arabic news texts ({n_tokens} tokens in {rows['tokens']} sentences) "
            f"with {facts.n_brand} English brand-name mentions ({wording['summary']}), as three "
            "tables: the verbatim texts, one row per sentence with the token table's columns and "
            "BIO brand tags, and the mentions."
        ),
        "n_documents": rows["documents"],
        "configs_table": _md_table(
            ("config", "one row per", "rows", "file", "bytes"), configs_rows
        ),
        **{f"{c}_fields": _fields_table(c, facts.features[c]) for c in CONFIGS},
        "label_names": ", ".join(f"`{n}`" for n in BRAND_LABELS),
        "alignment_note": _alignment_note(facts.misaligned, facts.n_brand),
    }


def _creation_values(facts: CardFacts, wording: dict[str, str]) -> dict[str, Any]:
    """How the build was made: signature, annotator, normalisation, mentions, limits."""
    fields = parse_signature(facts.token_signature)
    gold = facts.source == "gold"
    return {
        "signature": facts.signature,
        "signature_tex": facts.signature.replace("_", r"\_").replace("|", r"\textbar{}"),
        "annotator": facts.annotator,
        "annotator_note": _annotator_note(facts.annotator, fields),
        "norm_note": f"`{fields.get('norm', 'none')}` (the steps of `corpus_tools.normalize`: "
        "presentation forms, controls, diacritics, tatweel, alef variants, alef maqsura, digits, "
        "Latin case)",
        "mentions_note": wording["note"],
        "gold_flag": f" --gold {facts.gold_name or 'FILE'}" if gold else "",
        "outlet_note": "Where a text does not name its outlet, `documents.outlet` is null rather "
        "than a guess.",
        "annotation_process": wording["process"],
        "annotators": wording["annotators"],
        "annotator_limits": _annotator_limits(facts.annotator, fields),
        "mentions_kind": wording["kind"],
    }


def _annotator_note(annotator: str, fields: dict[str, str]) -> str:
    """What made the tokens, from the token table's signature."""
    if annotator == "stanza":
        return (
            "stanza (statistical clitic segmentation, lemmas and UPOS; model: "
            f"{fields.get('model', 'see signature')})"
        )
    if fields.get("segmentation") == "clitics":
        return (
            "the deterministic rules annotator of `corpus_tools.tokenize` with clitic segmentation "
            "(`corpus_tools.segment`, UD/PADT conventions: the proclitics و ف ب ل ك س and the "
            "pronominal enclitics are words of their own, `للشركة` → `ل` + `الشركة`, `وIntel` → "
            "`و` + `Intel`; each split decided by word-frequency evidence, no model; no lemmas or POS)"
        )
    return (
        "the deterministic rules annotator of `corpus_tools.tokenize` (no lemmas or POS; "
        "Arabic clitics stay attached except on Latin-script words and numbers, `وIntel` → "
        "`و` + `Intel`)"
    )


def _annotator_limits(annotator: str, fields: dict[str, str]) -> str:
    if annotator == "stanza":
        return (
            "Stanza output (segmentation, lemmas, POS) has errors, especially on Latin-script "
            "names inside Arabic."
        )
    if fields.get("segmentation") == "clitics":
        return (
            "Rules clitic splits are decided by word frequencies, not a model, and some are "
            "wrong (see the package's Words F1 on UD Arabic-PUD); rules tokens carry no lemmas "
            "or POS."
        )
    return (
        "Rules tokens do not split Arabic clitics (`والشركة` is one token) and carry no "
        "lemmas or POS."
    )


def _alignment_note(misaligned: pd.DataFrame, n_brand: int) -> str:
    if misaligned.empty:
        return (
            f"All {n_brand} brand mentions fall on token boundaries, so the tags give their spans "
            "back exactly."
        )
    counts = misaligned["reason"].value_counts().sort_index()
    why = ", ".join(f"{k}: {v}" for k, v in counts.items())
    return (
        f"{n_brand - len(misaligned)} of {n_brand} brand mentions fall on token boundaries and "
        f"their tags give the spans back exactly; {len(misaligned)} do not ({why}) — typically an "
        "Arabic clitic written onto a transliterated name that this annotator leaves attached — "
        "and their tags mark the whole tokens that contain them (`mentions.aligned` is false for them)."
    )


def _size_category(n: int) -> str:
    return next((name for limit, name in _SIZE_CATEGORIES if n < limit), "n>1M")


def _md_table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _fields_table(config: str, features: Features) -> str:
    rows = [(f"`{name}`", f"`{features[name]!r}`", FIELDS[config][name]) for name in features]
    return _md_table(("field", "type", "meaning"), rows)


def _mention_wording(source: str, signature: str, gold_name: str) -> dict[str, str]:
    """How the card describes the mentions, by where they came from."""
    if source == "gold":
        return {
            "summary": "gold annotation",
            "note": f"gold annotation (`{gold_name or 'a table'}`)",
            "process": (
                f"Brand mentions come from a hand-made gold annotation (`{gold_name or 'a table'}`) that follows the "
                "corpus_tools brand-mention guidelines: spans exclude attached clitics, quotes and model "
                "numbers; multiword names are one span; one canonical English name per brand."
            ),
            "annotators": "Human annotation, single annotator; no inter-annotator agreement was measured.",
            "kind": "a single annotator's gold annotation",
            "creators": "expert-generated",
        }
    if source == "given":
        return {
            "summary": "supplied to the build",
            "note": f"a mentions table supplied to the build (`{signature}`), offsets checked against the texts",
            "process": (
                f"Brand mentions were supplied to the build as a table (`{signature}`); every offset was "
                "checked against the texts. The build does not record how they were made."
            ),
            "annotators": "Not recorded by the build.",
            "kind": "supplied from outside the build",
            "creators": "other",
        }
    return {
        "summary": "detected by corpus_tools",
        "note": f"detected by `corpus_tools.loanwords` (`{signature}`)",
        "process": (
            "Brand mentions were detected automatically by `corpus_tools.loanwords` (a brand lexicon "
            "with generated spelling variants plus script and context cues), following the same "
            "guidelines as the package's gold annotation; tokens and tags come from the annotator "
            "named above."
        ),
        "annotators": "No human annotators: all annotations are machine-generated.",
        "kind": "machine-detected",
        "creators": "machine-generated",
    }


def card_signature(card_text: str) -> str:
    """The build signature a card states (``""`` when it states none)."""
    found = _BUILD_SIGNATURE.search(card_text)
    return found.group(1) if found else ""


def card_signatures(card_text: str) -> dict[str, str]:
    """The build's signature (``dataset``) and those of its tables (``tokens``, ``mentions``)."""
    return dict(SIGNATURE_MARK.findall(card_text)) | {"dataset": card_signature(card_text)}


def card_repo_id(card_text: str) -> str | None:
    """The repo id the card's loading examples name, if it has the marker."""
    found = REPO_MARK.search(card_text)
    return found.group(1) if found else None
