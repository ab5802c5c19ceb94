"""The Hugging Face dataset: folder layout, offline round trip, card, BIO tags, determinism, push.

Everything is checked against values computed here independently: the seed files' own bytes,
the token table of ``corpus_tools.tokenize``, brand mentions found with a plain regular
expression, and (for misaligned mentions) the held-out gold file of ``tests/data/heldout``.
The live upload is not tested (no Hub here): the push is asserted up to the calls made to
``huggingface_hub``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.atomic_dir import MANIFEST
from corpus_tools.corpus import load_corpus
from corpus_tools.dataset import (
    BRAND_LABELS,
    CONFIGS,
    DEFAULT_OUT,
    DEFAULT_REPO_ID,
    DatasetError,
    PushError,
    build_dataset,
    dataset_features,
    format_plan,
    load_dataset_tables,
    plan_push,
    push_dataset,
)
from corpus_tools.tokenize import tokenize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# held-out gold: 12 of its 78 mentions start or end inside a token (clitics glued to names)
HELDOUT = ROOT / "tests" / "data" / "heldout"
EXPECTED_FILES = [
    "README.md",
    "data/documents/train-00000-of-00001.parquet",
    "data/mentions/train-00000-of-00001.parquet",
    "data/tokens/train-00000-of-00001.parquet",
]
# Latin-script brand names of the seeds, found by regex (independent of corpus_tools.loanwords);
# "Hugging Face" is a two-token name, so the I-BRAND tag is exercised.
BRANDS = {
    "OpenAI": "OpenAI",
    "Hugging Face": "Hugging Face",
    "Sora": "Sora",
    "IBM": "IBM",
    "Meta": "Meta",
    "AMD": "AMD",
    "Intel": "Intel",
    "Reddit": "Reddit",
}
BRAND_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, BRANDS)) + r")(?![A-Za-z])")


def _regex_mentions(corpus) -> pd.DataFrame:
    rows = [
        (d.id, m.start(), m.end(), m.group(), BRANDS[m.group()], "latin", "brand")
        for d in corpus
        for m in BRAND_RE.finditer(d.text)
    ]
    return pd.DataFrame(
        rows, columns=["doc", "start", "end", "surface", "brand", "script", "category"]
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment with no Hugging Face token, cache or offline switch from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE"))}
    env.pop("TRANSFORMERS_OFFLINE", None)
    env |= {"HF_HOME": str(tmp / "hf_home"), "HF_DATASETS_CACHE": str(tmp / "hf_datasets_cache")}
    env |= extra
    return env


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def mentions(seeds) -> pd.DataFrame:
    return _regex_mentions(seeds)


@pytest.fixture(scope="module")
def built(seeds, mentions, tmp_path_factory):
    return build_dataset(seeds, tmp_path_factory.mktemp("build") / "dataset", mentions=mentions)


LOAD_SCRIPT = """
import json, sys
from datasets import load_dataset
out = {}
for config in ("documents", "tokens", "mentions"):
    ds = load_dataset(sys.argv[1], config, split="train")
    out[config] = {"features": ds.features.to_dict(), "rows": ds.to_list()}
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
"""


@pytest.fixture(scope="module")
def loaded(built, tmp_path_factory) -> dict:
    """Load the folder in a fresh interpreter, offline, with its own cache: as an outside user."""
    tmp = tmp_path_factory.mktemp("load")
    out = tmp / "loaded.json"
    env = _clean_env(tmp, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(built.folder), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


# --- layout and round trip ----------------------------------------------------------------------
def test_build_writes_exactly_the_hub_folder(built):
    assert sorted(_tree(built.folder)) == [MANIFEST, *EXPECTED_FILES]  # + the build's manifest
    assert list(built.files["path"]) == EXPECTED_FILES
    for path, size, sha in built.files[["path", "bytes", "sha256"]].itertuples(index=False):
        assert (built.folder / path).stat().st_size == size
        assert _sha(built.folder / path) == sha


def test_offline_load_restores_features_with_classlabel_names(loaded):
    from datasets import Features

    for config in CONFIGS:
        assert Features.from_dict(loaded[config]["features"]) == dataset_features(config), config
    tags = Features.from_dict(loaded["tokens"]["features"])["brand_tags"]
    assert tags.feature.names == ["O", "B-BRAND", "I-BRAND"] == list(BRAND_LABELS)


def test_documents_text_is_each_seed_files_decoded_text(loaded):
    docs = loaded["documents"]["rows"]
    files = sorted(SEEDS.glob("*.txt"))
    assert [d["source_file"] for d in docs] == [f.name for f in files]
    for doc, f in zip(docs, files, strict=True):
        raw = f.read_bytes()
        assert doc["text"] == raw.decode("utf-8")
        assert doc["id"] == f.stem
        assert doc["sha256"] == hashlib.sha256(raw).hexdigest()
        assert doc["n_chars"] == len(raw.decode("utf-8"))


def test_documents_metadata_is_only_what_the_texts_show(loaded):
    docs = {d["id"]: d for d in loaded["documents"]["rows"]}
    assert all(d["outlet"] is None for d in docs.values())  # no seed names its outlet
    assert all(d["topic"] for d in docs.values())
    assert "Sora" in docs["000_30e8b2e888576925"]["topic"]
    assert "[24]" in docs["003_3351da57d2e8731a"]["notes"]
    assert "[24]" in docs["003_3351da57d2e8731a"]["text"]


def test_token_lists_are_the_token_table(loaded, seeds):
    tokens = tokenize(seeds)
    rows = loaded["tokens"]["rows"]
    flat = pd.DataFrame(
        [
            (r["doc_id"], r["sentence"], t, s, e, n)
            for r in rows
            for t, s, e, n in zip(r["tokens"], r["starts"], r["ends"], r["norms"], strict=True)
        ],
        columns=["doc", "sentence", "surface", "start", "end", "norm"],
    )
    expected = tokens[["doc", "sentence", "surface", "start", "end", "norm"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(flat, expected, check_dtype=False, check_categorical=False)
    texts = {d.id: d.text for d in seeds}
    assert all(
        texts[d][s:e] == t
        for d, t, s, e in flat[["doc", "surface", "start", "end"]].itertuples(index=False)
    )
    n_tokens = {d["id"]: d["n_tokens"] for d in loaded["documents"]["rows"]}
    assert n_tokens == tokens.groupby("doc").size().to_dict()
    assert len(rows) == tokens.groupby(["doc", "sentence"]).ngroups


def _spans_from_bio(rows: list[dict]) -> set[tuple[str, int, int]]:
    """Read BIO tags back into character spans (the way a CoNLL user would)."""
    spans = set()
    for r in rows:
        current = None
        for tag, s, e in zip(r["brand_tags"], r["starts"], r["ends"], strict=True):
            label = BRAND_LABELS[tag]
            if label == "B-BRAND" or (label == "I-BRAND" and current is None):
                if current:
                    spans.add(current)
                current = (r["doc_id"], s, e)
            elif label == "I-BRAND":
                current = (current[0], current[1], e)
            else:
                if current:
                    spans.add(current)
                current = None
        if current:
            spans.add(current)
    return spans


def _brand_spans(tok: pd.DataFrame) -> set[tuple[str, int, int]]:
    """The brand spans the ``brand_tag`` column encodes, read back sentence by sentence."""
    return _spans_from_bio(
        [
            {
                "doc_id": d,
                "brand_tags": [BRAND_LABELS.index(t) for t in g["brand_tag"]],
                "starts": list(g["start"]),
                "ends": list(g["end"]),
            }
            for (d, _), g in tok.groupby(["doc", "sentence"], sort=False)
        ]
    )


def test_bio_tags_reconstruct_the_mention_spans_exactly(loaded, mentions):
    expected = set(mentions[["doc", "start", "end"]].itertuples(index=False, name=None))
    assert len(expected) == len(mentions) > 0
    assert ("000_30e8b2e888576925", 589, 601) in expected  # "Hugging Face": B + I
    assert _spans_from_bio(loaded["tokens"]["rows"]) == expected
    assert all(m["aligned"] for m in loaded["mentions"]["rows"])
    loaded_m = {
        (m["doc_id"], m["start"], m["end"], m["surface"]) for m in loaded["mentions"]["rows"]
    }
    assert loaded_m == set(
        mentions[["doc", "start", "end", "surface"]].itertuples(index=False, name=None)
    )


def test_clitic_glued_latin_brands_align_on_the_seeds(built, seeds, mentions):
    # وMeta, وIBM, لـSora: the rules annotator splits the clitic, so every Latin mention aligns.
    glued = [
        (d, s)
        for d, s in mentions[["doc", "start"]].itertuples(index=False)
        if s > 0 and seeds[d].text[s - 1] in "وـ"
    ]
    assert len(glued) >= 3
    assert built.misaligned.empty


# --- the card -------------------------------------------------------------------------------------
def test_card_yaml_parses_into_dataset_card_data(built):
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard, DatasetCardData

    card = DatasetCard.load(built.folder / "README.md")
    assert isinstance(card.data, DatasetCardData)
    data = card.data
    assert data.language == ["ar"]
    assert data.license == "other"
    assert data.pretty_name
    assert data.task_categories == ["token-classification"]
    assert data.size_categories == ["n<1K"]  # 161 sentence rows, the largest configuration
    configs = MetadataConfigs.from_dataset_card_data(data)
    assert sorted(configs) == sorted(CONFIGS)
    assert configs.get_default_config_name() == "documents"
    assert configs["tokens"]["data_files"] == [{"split": "train", "path": "data/tokens/train-*"}]
    infos = DatasetInfosDict.from_dataset_card_data(data)
    for config in CONFIGS:
        assert infos[config].features == dataset_features(config)
        assert infos[config].splits["train"].num_examples == built.rows[config]
        size = (built.folder / f"data/{config}/train-00000-of-00001.parquet").stat().st_size
        assert infos[config].download_size == size


def test_card_prose_follows_the_template_and_names_the_build(built):
    text = (built.folder / "README.md").read_text(encoding="utf-8")
    for heading in (
        "## Dataset Details",
        "## Uses",
        "## Dataset Structure",
        "## Dataset Creation",
        "#### Data Collection and Processing",
        "## Bias, Risks, and Limitations",
        "## Licensing Information",
        "## Citation",
    ):
        assert f"\n{heading}\n" in text, heading
    assert built.signature in text
    assert built.signature.startswith("annotator:rules|segmentation:clitics|norm:")
    # the card says how the rules annotator cut the words (clitics split, as in UD/PADT)
    assert "`للشركة` → `ل` + `الشركة`" in text
    assert "do not split Arabic clitics" not in text
    assert built.signature.endswith("|version:0.1.0")
    assert f'load_dataset("{DEFAULT_REPO_ID}", "documents", split="train")' in text
    assert 'load_dataset("path/to/DIR", "tokens", split="train")' in text
    assert "@misc{corpus_tools_dataset," in text
    assert "copyright" in text
    assert not re.search(r"20\d\d-\d\d-\d\d", text)  # no build date anywhere
    assert str(SEEDS) not in text
    assert str(built.folder) not in text


# --- determinism -----------------------------------------------------------------------------------
def test_two_builds_are_byte_identical(built, seeds, mentions, tmp_path):
    again = build_dataset(seeds, tmp_path / "again", mentions=mentions)
    assert _tree(again.folder) == _tree(built.folder)
    # rebuilding over an earlier build replaces it, same bytes
    third = build_dataset(seeds, tmp_path / "again", mentions=mentions)
    assert _tree(third.folder) == _tree(built.folder)


def test_build_refuses_to_replace_a_foreign_folder(seeds, mentions, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DatasetError, match="refusing to replace"):
        build_dataset(seeds, tmp_path / "mine", mentions=mentions)
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary folder left


# --- bad mentions -----------------------------------------------------------------------------------
def test_mention_offsets_must_match_the_text(seeds, mentions, tmp_path):
    bad = mentions.copy()
    bad.loc[0, "end"] += 1
    with pytest.raises(
        DatasetError, match=r"000_30e8b2e888576925\.txt: mention 'Sora' at \[19, 24\)"
    ):
        build_dataset(seeds, tmp_path / "x", mentions=bad)
    assert not (tmp_path / "x").exists()


def test_overlapping_brand_mentions_are_refused(seeds, mentions, tmp_path):
    first = mentions.iloc[[0]].assign(start=mentions.iloc[0]["start"] + 1, surface="ora")
    with pytest.raises(DatasetError, match="brand mentions overlap"):
        build_dataset(seeds, tmp_path / "x", mentions=pd.concat([mentions, first]))


def test_unknown_document_is_refused(seeds, mentions, tmp_path):
    with pytest.raises(DatasetError, match="not in the corpus: nope"):
        build_dataset(seeds, tmp_path / "x", mentions=mentions.assign(doc="nope"))


# --- gold with clitics glued to Arabic-script names: misaligned mentions ---------------------------
def test_gold_build_counts_misaligned_mentions_and_tags_them(tmp_path):
    corpus = load_corpus(sorted(HELDOUT.glob("*.txt")))
    gold_path = HELDOUT / "heldout_brand_gold.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line]
    built = build_dataset(corpus, tmp_path / "gold", gold=gold_path)
    tokens = tokenize(corpus)
    # independent alignment rule: both ends on token boundaries of the same sentence
    starts = {(d, s): k for d, s, k in tokens[["doc", "start", "sentence"]].itertuples(index=False)}
    ends = {(d, e): k for d, e, k in tokens[["doc", "end", "sentence"]].itertuples(index=False)}
    expected_bad = {
        (Path(g["doc"]).stem, g["start"], g["end"])
        for g in gold
        if starts.get((Path(g["doc"]).stem, g["start"]), -1)
        != ends.get((Path(g["doc"]).stem, g["end"]), -2)
    }
    got_bad = set(built.misaligned[["doc", "start", "end"]].itertuples(index=False, name=None))
    assert got_bad == expected_bad
    assert 0 < len(got_bad) < len(gold)
    assert set(built.misaligned["reason"]) <= {"inside a token", "crosses a sentence boundary"}
    card = (built.folder / "README.md").read_text(encoding="utf-8")
    assert (
        f"{len(gold) - len(got_bad)} of {len(gold)} brand mentions fall on token boundaries" in card
    )
    assert "expert-generated" in card

    tables = load_dataset_tables(built.folder, cache_dir=tmp_path / "cache")
    tok = tables["tokens"]
    spans = _brand_spans(tok)
    good = {(Path(g["doc"]).stem, g["start"], g["end"]) for g in gold} - expected_bad
    assert good <= spans  # aligned mentions come back exactly
    for doc, s, e in expected_bad:  # misaligned ones: a tagged span covers them
        assert any(d == doc and a <= s and e <= b for d, a, b in spans), (doc, s, e)
    m = tables["mentions"]
    assert len(m) == len(gold)
    assert (~m["aligned"]).sum() == len(expected_bad)


# --- the way back --------------------------------------------------------------------------------
def test_load_dataset_tables_gives_the_token_table_back(built, seeds, tmp_path, monkeypatch):
    import datasets.config
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    tables = load_dataset_tables(built.folder, cache_dir=tmp_path / "cache")
    cols = ["doc", "sentence", "index", "start", "end", "surface", "norm"]
    pd.testing.assert_frame_equal(
        tables["tokens"][cols], tokenize(seeds)[cols].reset_index(drop=True)
    )
    # the token table keeps its annotator's signature; the build's travels beside it
    assert tables["tokens"].attrs["signature"] == tokenize(seeds).attrs["signature"]
    assert tables["tokens"].attrs["dataset_signature"] == built.signature
    assert tables["documents"].attrs["signature"] == built.signature
    assert (tables["tokens"]["brand_tag"] == "B-BRAND").sum() == len(_regex_mentions(seeds))
    assert sorted(_tree(built.folder)) == [MANIFEST, *EXPECTED_FILES]  # loading wrote nothing


# --- push ------------------------------------------------------------------------------------------
def test_plan_push_lists_every_file_card_first(built):
    plan = plan_push(built.folder)
    assert list(plan["path"]) == EXPECTED_FILES
    for path, size, sha in plan[["path", "bytes", "sha256"]].itertuples(index=False):
        assert size == (built.folder / path).stat().st_size
        assert sha == _sha(built.folder / path)
    assert plan.attrs["signature"] == built.signature


def test_plan_push_refuses_stray_and_missing_files(built, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(built.folder, folder)
    (folder / "data" / "notes.txt").write_text("not data", encoding="utf-8")
    with pytest.raises(
        DatasetError, match=r"not part of the dataset would be uploaded: data/notes\.txt"
    ):
        plan_push(folder)
    (folder / "data" / "notes.txt").unlink()
    (folder / "data" / "tokens" / "train-00000-of-00001.parquet").unlink()
    with pytest.raises(
        DatasetError, match="'tokens' names 'data/tokens/train-\\*', but no such file"
    ):
        plan_push(folder)
    with pytest.raises(DatasetError, match="no such dataset folder"):
        plan_push(tmp_path / "nowhere")


class _Recorder:
    """Stands in for the three HfApi methods a push calls; records what they receive."""

    def __init__(self):
        self.calls: list[tuple[str, tuple, dict]] = []

    def install(self, monkeypatch):
        from huggingface_hub import HfApi

        for name in ("create_repo", "create_branch", "create_commit"):
            monkeypatch.setattr(HfApi, name, self._make(name))

    def _make(self, name):
        def method(api, *args, **kwargs):
            self.calls.append((name, args, kwargs))
            if name == "create_commit":
                return type(
                    "CommitInfo", (), {"commit_url": "https://huggingface.co/datasets/x/commit/0"}
                )()
            return None

        return method


@pytest.fixture
def online(monkeypatch):
    import huggingface_hub.constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


def test_push_makes_one_commit_with_every_file(built, monkeypatch, online, capsys, caplog):
    rec = _Recorder()
    rec.install(monkeypatch)
    secret = "hf_dummyTokenNeverShown123"
    result = push_dataset(built.folder, DEFAULT_REPO_ID, private=True, revision="v1", token=secret)
    names = [c[0] for c in rec.calls]
    assert names == ["create_repo", "create_branch", "create_commit"]
    _, args, kwargs = rec.calls[0]
    assert args == (DEFAULT_REPO_ID,)
    assert kwargs == {"repo_type": "dataset", "private": True, "exist_ok": True}
    assert rec.calls[1][2] == {"branch": "v1", "repo_type": "dataset", "exist_ok": True}
    _, args, kwargs = rec.calls[2]
    operations = args[1]
    assert [op.path_in_repo for op in operations] == EXPECTED_FILES
    for op in operations:
        assert (
            Path(op.path_or_fileobj).read_bytes() == (built.folder / op.path_in_repo).read_bytes()
        )
    assert kwargs["repo_type"] == "dataset"
    assert kwargs["revision"] == "v1"
    assert kwargs["commit_message"] == "Upload dataset built by corpus_tools 0.1.0 (4 files)"
    assert built.signature in kwargs["commit_description"]
    assert result.commit_url == "https://huggingface.co/datasets/x/commit/0"
    out = capsys.readouterr()
    assert secret not in out.out + out.err + caplog.text
    assert all(
        secret not in p.read_bytes().decode("utf-8", "replace")
        for p in built.folder.rglob("*")
        if p.is_file()
    )


def test_push_to_main_creates_no_branch(built, monkeypatch, online):
    rec = _Recorder()
    rec.install(monkeypatch)
    push_dataset(built.folder, DEFAULT_REPO_ID, token="hf_dummy")
    assert [c[0] for c in rec.calls] == ["create_repo", "create_commit"]
    assert rec.calls[0][2]["private"] is False
    assert rec.calls[1][2]["revision"] == "main"


def test_push_when_the_hub_is_unreachable(built, monkeypatch, online):
    # the transport huggingface_hub itself uses (httpx2 since huggingface_hub 2)
    httpx = pytest.importorskip("httpx2")
    from huggingface_hub import HfApi

    rec = _Recorder()
    rec.install(monkeypatch)

    def refuse(api, *args, **kwargs):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(HfApi, "create_repo", refuse)
    before = _tree(built.folder)
    with pytest.raises(
        PushError,
        match=r"cannot reach the Hugging Face Hub to create the repository \(ConnectError\)",
    ):
        push_dataset(built.folder, DEFAULT_REPO_ID, token="hf_dummy")
    assert rec.calls == []  # no commit attempted
    assert _tree(built.folder) == before


def test_push_refuses_a_card_built_for_another_repo(built):
    with pytest.raises(
        DatasetError, match="rebuild with `corpus-tools dataset build --repo-id someone/else`"
    ):
        push_dataset(built.folder, "someone/else", dry_run=True)


def _cli(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "corpus_tools", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    return proc, time.perf_counter() - t0


def test_cli_dry_run_lists_every_file_and_size(built, tmp_path):
    proc, _ = _cli(
        [
            "dataset",
            "push",
            "--repo-id",
            DEFAULT_REPO_ID,
            "--folder",
            str(built.folder),
            "--dry-run",
        ],
        _clean_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    sizes = {p: (built.folder / p).stat().st_size for p in EXPECTED_FILES}
    assert [line.split()[-1] for line in lines[:-1]] == EXPECTED_FILES
    assert [int(line.split()[0].replace(",", "")) for line in lines[:-1]] == [
        sizes[p] for p in EXPECTED_FILES
    ]
    assert lines[-1] == (
        f"4 files, {sum(sizes.values()):,} bytes would be uploaded to datasets/{DEFAULT_REPO_ID} "
        "(revision main) in one commit"
    )
    assert proc.stdout == format_plan(plan_push(built.folder), DEFAULT_REPO_ID) + "\n"


def test_cli_push_without_token_fails_clearly(built, tmp_path):
    before = _tree(built.folder)
    proc, seconds = _cli(
        ["dataset", "push", "--repo-id", DEFAULT_REPO_ID, "--folder", str(built.folder)],
        _clean_env(tmp_path),
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "corpus-tools dataset: error: no Hugging Face token: set HF_TOKEN"
    )
    assert "Traceback" not in proc.stderr
    assert seconds < 30
    assert _tree(built.folder) == before


def test_cli_push_offline_fails_within_seconds(built, tmp_path):
    secret = "hf_dummyOfflineToken456"
    before = _tree(built.folder)
    env = _clean_env(tmp_path, HF_HUB_OFFLINE="1", HF_TOKEN=secret)
    proc, seconds = _cli(
        ["dataset", "push", "--repo-id", DEFAULT_REPO_ID, "--folder", str(built.folder)], env
    )
    assert proc.returncode == 2
    assert "HF_HUB_OFFLINE is set" in proc.stderr
    assert "nothing was uploaded" in proc.stderr
    assert secret not in proc.stdout + proc.stderr
    assert seconds < 30  # in practice about a second: no connection is attempted
    assert _tree(built.folder) == before
    assert not (tmp_path / "hf_home").exists()  # nothing half-done locally: no cache, no token file


def test_cli_build_with_gold(seeds, mentions, built, tmp_path):
    gold = tmp_path / "gold.jsonl"
    with gold.open("w", encoding="utf-8") as f:
        for rec in (
            mentions.drop(columns="category")
            .assign(doc=lambda m: m["doc"] + ".txt")
            .to_dict("records")
        ):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    proc, _ = _cli(
        ["dataset", "build", str(SEEDS), "--out", str(tmp_path / "ds"), "--gold", str(gold)],
        _clean_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    assert "brand mentions not on token boundaries: 0" in proc.stdout
    assert "signature: annotator:rules|" in proc.stdout
    got = _tree(tmp_path / "ds")
    # same data as the build from the DataFrame; only the card's wording (gold) differs
    for path in EXPECTED_FILES[1:]:
        assert got[path] == (built.folder / path).read_bytes(), path
    assert "gold annotation (`gold.jsonl`)" in got["README.md"].decode("utf-8")


def test_cli_defaults_match_the_library():
    from corpus_tools import cli

    assert cli._DATASET_OUT == DEFAULT_OUT
    assert cli._DATASET_REPO_ID == DEFAULT_REPO_ID


# --- stanza builds add forms, lemmas and upos -----------------------------------------------------
@pytest.mark.stanza
@pytest.mark.slow
def test_stanza_build_adds_lemmas_and_upos(stanza_dir, mentions, tmp_path):
    from corpus_tools.annotate import annotate

    corpus = load_corpus([SEEDS / "001_d764068c8b4cb97f.txt"])
    tokens = annotate(corpus, annotator="stanza", model_dir=stanza_dir, cache=False)
    m = mentions[mentions["doc"] == "001_d764068c8b4cb97f"]
    built = build_dataset(corpus, tmp_path / "stanza", tokens=tokens, mentions=m)
    assert built.signature.startswith("annotator:stanza|model:")
    tables = load_dataset_tables(built.folder, cache_dir=tmp_path / "cache")
    got = tables["tokens"]
    for col in ("form", "lemma", "upos"):
        assert got[col].tolist() == tokens[col].tolist(), col
    from datasets import Features

    features = Features.from_dict(dict(dataset_features("tokens").to_dict()))
    assert {"forms", "lemmas", "upos", "feats"} <= set(features)
    assert got[list(tokens.columns)].equals(tokens.reset_index(drop=True))
    card = (built.folder / "README.md").read_text(encoding="utf-8")
    assert "--annotator stanza" in card
    assert "model: ar:" in card


# --- the default build: mentions detected by corpus_tools.loanwords --------------------------------
@pytest.mark.slow
def test_default_build_tags_the_detected_brands(seeds, tmp_path):
    loanwords = pytest.importorskip("corpus_tools.loanwords")
    detected = loanwords.brand_mentions(seeds)
    built = build_dataset(seeds, tmp_path / "detected")
    assert "|mentions:detected|" in built.signature
    assert built.rows["mentions"] == len(detected)
    tables = load_dataset_tables(built.folder, cache_dir=tmp_path / "cache")
    m = tables["mentions"]
    got = set(m[["doc", "start", "end", "surface", "category"]].itertuples(index=False, name=None))
    cols = ["doc", "start", "end", "surface", "category"]
    assert got == set(detected[cols].itertuples(index=False, name=None))
    brands = detected[detected["category"] == "brand"]
    tokens = tokenize(seeds)
    starts = {(d, s): k for d, s, k in tokens[["doc", "start", "sentence"]].itertuples(index=False)}
    ends = {(d, e): k for d, e, k in tokens[["doc", "end", "sentence"]].itertuples(index=False)}
    aligned = {
        (d, s, e)
        for d, s, e in brands[["doc", "start", "end"]].itertuples(index=False)
        if starts.get((d, s), -1) == ends.get((d, e), -2)
    }
    assert len(brands) - len(aligned) == len(built.misaligned)
    tok = tables["tokens"]
    spans = _brand_spans(tok)
    assert aligned <= spans
