"""The annotator interface: model lookup, the stanza backend, Latin-word clitics, cache, CoNLL-U."""

from __future__ import annotations

import importlib
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from corpus_tools.annotate import (
    ENV_VAR,
    ModelDownloadError,
    StanzaModelsNotFound,
    annotate,
    download_models,
    find_stanza_models,
    resolve_model_dir,
)
from corpus_tools.annotation_cache import AnnotationCache, file_sha256
from corpus_tools.conllu_io import from_conllu, to_conllu
from corpus_tools.corpus import Document, load_corpus
from corpus_tools.frequency import frequencies, stopwords
from corpus_tools.normalize import DEFAULT_STEPS, normalizer
from corpus_tools.tokenize import TOKEN_COLUMNS

# the package re-exports the function `annotate`, so `import corpus_tools.annotate as x` would
# bind the function; importlib gives the module itself
ann = importlib.import_module("corpus_tools.annotate")
backend = importlib.import_module("corpus_tools.stanza_backend")

CLITIC_TEXT = "أعلنت IBM وMeta عن تحالف، وأطلقت OpenAI أداة لـSora الخاصة بـ Sora وIntel."


def _invariant(table: pd.DataFrame, texts: dict[str, str]) -> None:
    assert list(table.columns) == list(TOKEN_COLUMNS)
    assert {c: str(t) for c, t in table.dtypes.items()} == TOKEN_COLUMNS
    for doc, rows in table.groupby("doc"):
        text = texts[str(doc)]
        assert [text[s:e] for s, e in zip(rows["start"], rows["end"], strict=True)] == rows[
            "surface"
        ].tolist()
        assert (rows["token_start"] <= rows["start"]).all()
        assert (rows["end"] <= rows["token_end"]).all()
        assert (rows["index"].to_numpy() == np.arange(len(rows))).all()
        assert (np.diff(rows["sentence"].to_numpy()) >= 0).all()


# --- model directory resolution and errors (no models needed) --------------------------------
def test_model_dir_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    monkeypatch.setenv(ENV_VAR, str(b))
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(c))
    assert resolve_model_dir(a) == (a, "model_dir argument")
    assert resolve_model_dir() == (b, f"${ENV_VAR}")
    monkeypatch.delenv(ENV_VAR)
    assert resolve_model_dir() == (c, "$STANZA_RESOURCES_DIR")


def test_missing_models_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StanzaModelsNotFound) as err:
        annotate("نص", "stanza", model_dir=tmp_path)
    msg = str(err.value)
    assert str(tmp_path) in msg
    assert "corpus-tools models download" in msg
    assert ENV_VAR in msg


def test_missing_model_file_is_named(tmp_path: Path) -> None:
    res = {
        "ar": {
            "default_processors": {"tokenize": "x", "mwt": "x", "pos": "x", "lemma": "x"},
            "pos": {"x": {"dependencies": [{"model": "pretrain", "package": "conll17"}]}},
        }
    }
    (tmp_path / "resources.json").write_text(json.dumps(res), encoding="utf-8")
    for proc in ("tokenize", "mwt", "pos", "lemma"):
        (tmp_path / "ar" / proc).mkdir(parents=True)
        (tmp_path / "ar" / proc / "x.pt").write_bytes(b"")
    with pytest.raises(StanzaModelsNotFound, match=r"missing ar/pretrain/conll17\.pt"):
        find_stanza_models(tmp_path)
    (tmp_path / "ar" / "pretrain").mkdir()
    (tmp_path / "ar" / "pretrain" / "conll17.pt").write_bytes(b"")
    models = find_stanza_models(tmp_path)
    assert models.packages_label == "tokenize=x,mwt=x,pos=x,lemma=x"
    assert len(models.files) == 5


def test_auto_falls_back_to_rules_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="corpus_tools.annotate"):
        table = annotate(CLITIC_TEXT, "auto", model_dir=tmp_path)
    assert "annotator=auto: using rules" in caplog.text
    assert table.attrs["signature"].startswith("annotator:rules|")
    assert "|requested:auto|" in table.attrs["signature"]
    assert table["lemma"].isna().all()


def test_download_offline_fails_fast_with_a_clear_error(tmp_path: Path) -> None:
    # port 9 (discard) on localhost refuses the connection at once: what offline looks like
    with pytest.raises(ModelDownloadError, match=r"unreachable.*CORPUS_TOOLS_STANZA_DIR"):
        download_models(tmp_path, timeout=5, resources_url="http://127.0.0.1:9")


def test_unknown_annotator() -> None:
    with pytest.raises(ValueError, match="unknown annotator 'spacy'"):
        annotate("نص", "spacy")  # type: ignore[arg-type]


# --- one registry, one dispatcher, one default ---------------------------------------------------
NORM_TEXT = "أَثَارَ OpenAI الـGPT ٢٠٢٤ إعلانـــات"


def _norm_only_casefolded(table: pd.DataFrame) -> None:
    """``norm`` is ``form`` with Latin case folded and nothing else (diacritics, tatweel, hamza
    and Arabic-Indic digits kept), checked with ``str.casefold``, independent of the package."""
    assert table["norm"].tolist() == [f.casefold() for f in table["form"]]
    assert "أَثَارَ" in set(table["norm"])  # the default steps would strip the diacritics
    assert "openai" in set(table["norm"])
    assert "|norm:lc|" in table.attrs["signature"]


def test_rules_backend_honours_norm_steps() -> None:
    table = annotate(NORM_TEXT, "rules", norm_steps=("casefold",))
    _norm_only_casefolded(table)
    default = annotate(NORM_TEXT, "rules")
    assert "اثار" in set(default["norm"])  # the default normalisation does strip them


def test_auto_without_models_honours_norm_steps(tmp_path: Path) -> None:
    _norm_only_casefolded(annotate(NORM_TEXT, "auto", model_dir=tmp_path, norm_steps=("casefold",)))


@pytest.mark.stanza
def test_stanza_backend_honours_norm_steps(stanza_dir: Path, tmp_path: Path) -> None:
    table = annotate(
        NORM_TEXT, "stanza", model_dir=stanza_dir, cache_dir=tmp_path, norm_steps=("casefold",)
    )
    _norm_only_casefolded(table)


def test_one_registry_and_one_default_everywhere() -> None:
    import inspect

    from corpus_tools import cli
    from corpus_tools.dataset import build_dataset

    assert ann.ANNOTATORS == (*ann.BACKENDS, "auto") == ("rules", "stanza", "auto")
    assert inspect.signature(annotate).parameters["annotator"].default == ann.DEFAULT_ANNOTATOR
    assert inspect.signature(build_dataset).parameters["annotator"].default == ann.DEFAULT_ANNOTATOR
    parser = cli.build_parser()
    commands = {
        "freq": ["freq", "x"],
        "keyness": ["keyness", "x", "y"],
        "collocations": ["collocations", "x", "--node", "n"],
        "kwic": ["kwic", "x", "q"],
        "annotate": ["annotate", "x"],
        "dataset build": ["dataset", "build"],
        "evaluate-ud": ["evaluate-ud", "--gold", "g", "--text", "t"],
    }
    for name, argv in commands.items():
        assert parser.parse_args(argv).annotator == ann.DEFAULT_ANNOTATOR, name
        for choice in ann.ANNOTATORS:
            assert parser.parse_args([*argv, "--annotator", choice]).annotator == choice, name
        with pytest.raises(SystemExit):
            parser.parse_args([*argv, "--annotator", "spacy"])


def test_dispatcher_hands_every_option_to_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def fake(docs: list[Document], options: Any) -> pd.DataFrame:
        seen.append(options)
        return annotate(docs, "rules").iloc[:0].copy()

    monkeypatch.setitem(ann.BACKENDS, "stanza", ann.Backend("stanza", "fake", fake))
    annotate(
        "نص",
        "stanza",
        model_dir="m",
        cache=False,
        cache_dir="c",
        progress=False,
        paragraphs="blank",
        norm_steps=["casefold"],
        threads=3,
    )
    assert seen == [
        ann.AnnotateOptions(
            model_dir="m",
            cache=False,
            cache_dir="c",
            progress=False,
            paragraphs="blank",
            norm_steps=("casefold",),
            threads=3,
        )
    ]


# --- stanza output → token table, without models ----------------------------------------------
def _raw(
    text: str, tokens: list[tuple[str, list[tuple[str, str | None, str | None]]]]
) -> pd.DataFrame:
    """Raw rows as stanza would give them: (token text, [(word, lemma, upos)])."""
    rows, pos = [], 0
    for k, (tok, words) in enumerate(tokens):
        start = text.index(tok, pos)
        rows.extend((0, k, start, start + len(tok), w, lem, upos, None) for w, lem, upos in words)
        pos = start + len(tok)
    return pd.DataFrame(rows, columns=list(backend._RAW_DTYPES)).astype(backend._RAW_DTYPES)


def _doc(text: str) -> Document:
    return Document(id="t", title="", text=text, path=Path("t.txt"), sha256="0")


def test_word_spans_contiguous_pieces_and_restored_words() -> None:
    # وبالشركة = و + ب + الشركة exactly; للشركة = ل + الشركة (ال restored: not a piece, so the
    # whole token's span); ارتداؤه = ارتداء (normalised hamza: not a piece) + ه (right piece).
    text = "وبالشركة للشركة ارتداؤه"
    raw = _raw(
        text,
        [
            ("وبالشركة", [("و", "وَ", "CCONJ"), ("ب", "بِ", "ADP"), ("الشركة", "شَرِكَة", "NOUN")]),
            ("للشركة", [("ل", "لِ", "ADP"), ("الشركة", "شَرِكَة", "NOUN")]),
            ("ارتداؤه", [("ارتداء", "ٱِرتِداء", "NOUN"), ("ه", "هُوَ", "PRON")]),
        ],
    )
    t = backend._raw_to_table(raw, _doc(text), DEFAULT_STEPS)
    got = list(zip(t["form"], t["surface"], t["part"], t["clitic"], strict=True))
    assert got == [
        ("و", "و", 0, True),
        ("ب", "ب", 1, True),
        ("الشركة", "الشركة", 2, False),
        ("ل", "ل", 0, True),
        ("الشركة", "للشركة", 1, False),
        ("ارتداء", "ارتداؤه", 0, False),
        ("ه", "ه", 1, False),
    ]
    assert t["norm"].tolist()[4] == "الشركة"  # norm from form: the restored article counts
    # plain lemmas: harakat gone, alef wasla (ٱ) made a bare alef, as in norm
    assert t["lemma"].tolist() == ["و", "ب", "شركة", "ل", "شركة", "ارتداء", "هو"]
    assert t["lemma_raw"].tolist() == ["وَ", "بِ", "شَرِكَة", "لِ", "شَرِكَة", "ٱِرتِداء", "هُوَ"]
    _invariant(t, {"t": text})


# Stanza's known failures on Latin words (../shared/stanza_resources/README.md), simulated.
STANZA_LIKE = [
    ("وMeta", [("وMeta", "وُMeِtَة", "NOUN")]),  # not split, Arabic-looking lemma
    ("لـSora", [("ل", "لِ", "ADP"), ("ـSora", "ـُSoَrِa", "NOUN")]),  # tatweel on the brand
    ("بـ", [("ب", "بِ", "ADP"), ("ـ", "ـ", "SYM")]),  # detached clitic split in two
    ("Sora", [("Sora", "Sُorِيّ", "NOUN")]),
    ("وIntel", [("و", "وَ", "CCONJ"), ("Intel", "Iُntَeِl", "ADV")]),
    ("OpenA", [("OpenA", "OُpeُnA", "NOUN")]),  # a brand cut in two tokens
    ("I", [("I", "I", "X")]),
]


def test_latin_clitics_fixed_whatever_stanza_did() -> None:
    text = "وMeta لـSora بـ Sora وIntel OpenAI"
    t = backend._raw_to_table(_raw(text, STANZA_LIKE), _doc(text), DEFAULT_STEPS)
    _invariant(t, {"t": text})
    got = list(zip(t["surface"], t["lemma_raw"], t["upos"], t["clitic"], t["part"], strict=True))
    assert got == [
        ("و", "وَ", "CCONJ", True, 0),
        ("Meta", "Meta", "PROPN", False, 1),
        ("لـ", "لِ", "ADP", True, 0),
        ("Sora", "Sora", "PROPN", False, 1),
        ("بـ", "بِ", "ADP", True, 0),
        ("Sora", "Sora", "PROPN", False, 0),
        ("و", "وَ", "CCONJ", True, 0),
        ("Intel", "Intel", "PROPN", False, 1),
        ("OpenAI", "OpenAI", "PROPN", False, 0),
    ]
    assert (t.loc[t["script"] == "latin", "feats"] == "Foreign=Yes").all()
    # the brands' spans are exact and the tatweel stays with the clitic
    assert t.loc[t["surface"] == "Sora", ["start", "end"]].to_numpy().tolist() == [
        [8, 12],
        [16, 20],
    ]
    assert t.loc[t["surface"] == "لـ", ["token_start", "token_end"]].to_numpy().tolist() == [
        [6, 12]
    ]


def test_latin_clitic_sequences_split_per_clitic() -> None:
    # و+ل and ل+ال(contracted) are two UD words each; the tatweel goes with the last clitic
    text = "ولـOpenAI للـGPU"
    raw = _raw(
        text, [("ولـOpenAI", [("ولـOpenAI", "x", "NOUN")]), ("للـGPU", [("للـGPU", "x", "NOUN")])]
    )
    t = backend._raw_to_table(raw, _doc(text), DEFAULT_STEPS)
    assert t["surface"].tolist() == ["و", "لـ", "OpenAI", "ل", "لـ", "GPU"]
    assert t["upos"].tolist() == ["CCONJ", "ADP", "PROPN", "ADP", "DET", "PROPN"]
    assert t["part"].tolist() == [0, 1, 2, 0, 1, 2]
    _invariant(t, {"t": text})


# --- both backends: brand spans -----------------------------------------------------------------
BRANDS = ("IBM", "Meta", "OpenAI", "Sora", "Intel")


def _check_brands(table: pd.DataFrame, text: str) -> None:
    latin = table[table["script"] == "latin"]
    assert latin["surface"].tolist() == ["IBM", "Meta", "OpenAI", "Sora", "Sora", "Intel"]
    for row in latin.itertuples():
        assert text[row.start : row.end] == row.surface
    # Meta, Sora, Sora, Intel follow their clitic: و (glued), لـ (glued), بـ (detached), و
    before = table.shift(1).loc[latin.index[[1, 3, 4, 5]]]
    assert before["surface"].tolist() == ["و", "لـ", "بـ", "و"]
    assert before["clitic"].tolist() == [True, True, True, True]
    glued = latin.loc[latin.index[[1, 3, 5]]]
    assert (glued["part"] == 1).all()
    assert (glued["token_start"] == glued["start"] - [1, 2, 1]).all()


def test_brand_spans_rules() -> None:
    t = annotate(CLITIC_TEXT, "rules")
    _check_brands(t, CLITIC_TEXT)


@pytest.mark.stanza
def test_brand_spans_stanza(stanza_dir: Path, tmp_path: Path) -> None:
    t = annotate(CLITIC_TEXT, "stanza", model_dir=stanza_dir, cache_dir=tmp_path, threads=1)
    _check_brands(t, CLITIC_TEXT)
    latin = t[t["script"] == "latin"].astype(str)  # compare values, not categories
    assert (latin["lemma_raw"] == latin["surface"]).all()
    assert (latin["lemma"] == latin["surface"].str.casefold()).all()
    assert (latin["upos"] == "PROPN").all()
    _invariant(t, {"": CLITIC_TEXT})


# --- stanza end to end on the seeds, cache (threads=1: fast on a busy shared machine) ---
@pytest.fixture(scope="module")
def stanza_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stanza-cache")


@pytest.fixture(scope="module")
def seed_stanza(corpus, stanza_dir: Path, stanza_cache: Path) -> pd.DataFrame:
    return annotate(
        corpus, "stanza", model_dir=stanza_dir, cache_dir=stanza_cache, progress=False, threads=1
    )


@pytest.mark.stanza
@pytest.mark.slow
def test_seeds_annotate_end_to_end_through_stanza(corpus, seed_stanza: pd.DataFrame) -> None:
    t = seed_stanza
    _invariant(t, {d.id: d.text for d in corpus})
    assert t["doc"].unique().tolist() == corpus.ids
    sig = t.attrs["signature"]
    assert sig.startswith("annotator:stanza|model:ar:tokenize=pud,mwt=pud,pos=pud,lemma=pud@")
    assert "|processors:tokenize+mwt+pos+lemma|paragraphs:line|norm:" in sig
    assert t["upos"].notna().all()
    assert t["lemma"].notna().all()
    # clitic segmentation happened: words outnumber orthographic tokens
    n_tokens = len(t.drop_duplicates(["doc", "token_start"]))
    assert len(t) > n_tokens
    # every multi-word token numbers its words 0..n-1
    parts = t.groupby(["doc", "token_start"])["part"].agg(list)
    assert all(p == list(range(len(p))) for p in parts)
    # scraper residue at the end of seed 003 is marked
    res = t[t["residue"]]
    assert set(res["surface"]) >= {"Loading", "شارك", "الخبر"}
    # brands glued to clitics in the seeds: exact spans, Latin lemma
    for brand in ("Meta", "Intel", "IBM", "OpenAI", "Sora"):
        rows = t[t["form"] == brand]
        assert len(rows) > 0
        assert (rows["surface"] == brand).all()
        assert (rows["lemma_raw"] == brand).all()
        assert (rows["lemma"] == brand.casefold()).all()
    # no sentence crosses a line break (paragraphs="line")
    for doc in corpus:
        rows = t[t["doc"] == doc.id]
        for _, sent in rows.groupby("sentence"):
            assert "\n" not in doc.text[sent["start"].min() : sent["end"].max()]


# --- plain lemmas: normalised like norm, the model's lemma kept in lemma_raw ------------------
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, harakat, dagger alef


@pytest.mark.stanza
@pytest.mark.slow
def test_lemmas_are_plain_and_one_lemma_is_one_lemma(seed_stanza: pd.DataFrame) -> None:
    t = seed_stanza
    assert t["lemma_raw"].str.contains(_ARABIC_MARKS).sum() > 1000  # the model writes harakat
    assert not t["lemma"].str.contains(_ARABIC_MARKS).any()
    # the lemma is the raw lemma under the norm's steps (checked per row, by the normaliser)
    run = normalizer(DEFAULT_STEPS)
    assert t["lemma"].tolist() == [run(v) for v in t["lemma_raw"]]
    # شَرِكَة is counted and found as شركة
    wl = frequencies(t, by="lemma")
    assert "شركة" in set(wl["term"])
    assert "شَرِكَة" not in set(wl["term"])
    assert int(wl.loc[wl["term"] == "شركة", "freq"].iloc[0]) == (t["lemma_raw"] == "شَرِكَة").sum()
    # الذكاء: the model gives it more than one written lemma; they are one lemma now
    ai = t[t["norm"].isin(["الذكاء", "ذكاء"])]
    assert len(set(ai["lemma_raw"])) > 1
    assert set(ai["lemma"]) == {"ذكاء"}


@pytest.mark.stanza
@pytest.mark.slow
def test_stopwords_apply_to_lemmas(seed_stanza: pd.DataFrame) -> None:
    listed = {normalizer(DEFAULT_STEPS)(w) for w in stopwords()}
    assert {"هو", "في", "من"} <= listed
    wl = frequencies(seed_stanza, by="lemma", exclude=("punct", "stopwords"))
    assert not set(wl["term"]) & listed
    # the raw lemmas of those stopwords carry diacritics, so only the plain lemma matches them
    raw = set(seed_stanza.loc[seed_stanza["lemma"].isin(listed), "lemma_raw"])
    assert {"هُوَ", "فِي", "مِن"} <= raw


@pytest.mark.stanza
def test_stanza_lemmas_follow_norm_steps(stanza_dir: Path, tmp_path: Path) -> None:
    table = annotate(
        NORM_TEXT, "stanza", model_dir=stanza_dir, cache_dir=tmp_path, norm_steps=("casefold",)
    )
    lemmas = table.dropna(subset=["lemma_raw"])
    assert len(lemmas) == len(table)
    assert lemmas["lemma"].tolist() == [v.casefold() for v in lemmas["lemma_raw"]]


def test_rules_lemmas_are_missing_in_both_columns() -> None:
    table = annotate(NORM_TEXT, "rules")
    assert table["lemma"].isna().all()
    assert table["lemma_raw"].isna().all()


@pytest.mark.stanza
@pytest.mark.slow
def test_second_run_reads_the_cache(
    corpus, stanza_dir: Path, stanza_cache: Path, seed_stanza: pd.DataFrame, monkeypatch
) -> None:

    def no_stanza(*args, **kwargs):
        raise AssertionError("stanza ran although every document is cached")

    monkeypatch.setattr(backend, "_stanza_raw", no_stanza)
    again = annotate(corpus, "stanza", model_dir=stanza_dir, cache_dir=stanza_cache)
    pd.testing.assert_frame_equal(again, seed_stanza)
    assert again.attrs == seed_stanza.attrs
    # byte-identical CoNLL-U from the cached run
    texts = {d.id: d.text for d in corpus}
    assert to_conllu(again, text=texts) == to_conllu(seed_stanza, text=texts)


@pytest.mark.stanza
def test_cache_key_changes_with_a_model_file(stanza_dir: Path) -> None:
    models = find_stanza_models(stanza_dir)
    hashes = {f.name + str(i): "a" * 64 for i, f in enumerate(models.files)}
    one = backend._StanzaSetup(models, hashes, "line")
    changed = backend._StanzaSetup(models, {**hashes, next(iter(hashes)): "b" * 64}, "line")
    other_para = backend._StanzaSetup(models, hashes, "blank")
    store = AnnotationCache(Path("c"), "stanza")
    paths = {store.entry_path("d" * 64, s.cache_signature) for s in (one, changed, other_para)}
    assert len(paths) == 3
    assert one.signature_fields()["model"] != changed.signature_fields()["model"]


@pytest.mark.stanza
def test_model_hash_is_the_file_sha256(stanza_dir: Path, tmp_path: Path) -> None:
    import hashlib

    f = find_stanza_models(stanza_dir).files[0]
    assert file_sha256(f, tmp_path) == hashlib.sha256(f.read_bytes()).hexdigest()
    assert file_sha256(f, tmp_path) == hashlib.sha256(f.read_bytes()).hexdigest()  # memo


# --- CoNLL-U ------------------------------------------------------------------------------------
def _roundtrip_columns() -> list[str]:
    return ["sentence", "start", "end", "surface", "form", "lemma", "upos", "feats", "part"]


def test_conllu_roundtrip_rules(corpus) -> None:
    import conllu

    doc = corpus[0]
    t = annotate(doc, "rules")
    text = to_conllu(t, text=doc)
    sentences = conllu.parse(text)
    assert sum(1 for s in sentences for w in s if isinstance(w["id"], int)) == len(t)
    back = from_conllu(io.StringIO(text), text=doc)
    cols = _roundtrip_columns()
    pd.testing.assert_frame_equal(back[cols], t[cols])
    rebuilt = from_conllu(io.StringIO(text))  # no text: rebuilt from forms
    rt = rebuilt.attrs["text"]
    assert all(
        rt[s:e] == x
        for s, e, x in zip(rebuilt["start"], rebuilt["end"], rebuilt["surface"], strict=True)
    )
    assert rebuilt["surface"].tolist() == t["surface"].tolist()


def test_from_conllu_reads_ud_gold(pud_test: tuple[Path, Path]) -> None:
    gold_path, text_path = pud_test
    doc = load_corpus([text_path])[0]
    gold = from_conllu(gold_path, text=doc)
    assert len(gold) == 2213  # words in the gold file (the scorer's count)
    assert gold.drop_duplicates("token_start").shape[0] == 1929  # tokens
    _invariant(gold, {doc.id: doc.text})
    assert gold.attrs["signature"].startswith("annotator:conllu|source:test.conllu|")


@pytest.mark.stanza
def test_conllu_roundtrip_stanza(stanza_dir: Path, tmp_path: Path) -> None:
    t = annotate(CLITIC_TEXT, "stanza", model_dir=stanza_dir, cache_dir=tmp_path, threads=1)
    back = from_conllu(io.StringIO(to_conllu(t)), text=CLITIC_TEXT)
    cols = _roundtrip_columns()
    pd.testing.assert_frame_equal(back[cols], t[cols])
