"""Tests of the transliteration model: features, exclusion of brands, determinism, sanity."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from corpus_tools import translit_model as tm
from corpus_tools.loanwords import load_lexicon
from corpus_tools.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "train_translit_model.py"
PROCLITICS = ("وال", "بال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def _load_script():
    spec = importlib.util.spec_from_file_location("train_translit_model", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _load_script()


@pytest.fixture(scope="module")
def full_lists() -> tm.TrainingLists:
    return tm.training_lists()


# ------------------------------------------------------------------------------------------
# features and scoring
# ------------------------------------------------------------------------------------------
def test_feature_pairs_count_ngrams_with_boundaries_and_never_across_words():
    settings = tm.FeatureSettings(orders=(1, 2, 3), bits=12)
    rows, cols = tm.feature_pairs(["اب", "جدة"], settings)
    # اب framed as ^اب$: 4 unigrams + 3 bigrams + 2 trigrams + 1 length = 10
    # جدة framed as ^جدة$: 5 + 4 + 3 + 1 = 13
    assert np.bincount(rows).tolist() == [10, 13]
    assert cols.min() >= 0
    assert cols.max() < 1 << 12
    # features of a word do not depend on its neighbours
    _alone_rows, alone_cols = tm.feature_pairs(["جدة"], settings)
    assert sorted(cols[rows == 1].tolist()) == sorted(alone_cols.tolist())


def test_scores_do_not_depend_on_batch_duplicates_or_marks():
    words = ["نتفليكس", "مدرسة", "نتفليكس", "كتب"]
    both = tm.transliteration_scores(words)
    alone = [tm.transliteration_scores([w])[0] for w in words]
    np.testing.assert_allclose(both, alone)
    assert both[0] == both[2]
    # diacritics, tatweel and alef forms are normalised away before scoring
    marked = tm.transliteration_scores(["نِتْفـليكس", "أمازون"])
    np.testing.assert_allclose(marked, tm.transliteration_scores(["نتفليكس", "امازون"]))
    assert tm.transliteration_scores([]).shape == (0,)


def test_sequences_are_scored_as_one_string_with_spaces_collapsed():
    a = tm.sequence_scores(["هاي فلاير", "  هاي \t فلاير "])
    assert a[0] == pytest.approx(a[1])
    assert a[0] == pytest.approx(tm.transliteration_scores(["هاي فلاير"])[0])
    # the space is a letter of the model: the pair is not the joined word
    assert a[0] != pytest.approx(tm.transliteration_scores(["هايفلاير"])[0])


def test_acronyms_are_spelled_with_letter_names():
    assert tm.render_acronym("bbc") == "بي بي سي"
    assert tm.render_acronym("ios") == "اي او اس"


def test_model_file_is_small_and_says_where_it_came_from():
    path = ROOT / "corpus_tools" / "data" / tm.MODEL_FILE
    assert path.stat().st_size < 2_000_000
    header = tm.load_model().header
    for key in ("_source", "seed", "features", "training", "excluded", "heldout", "version"):
        assert key in header
    assert "CC BY-SA" in header["_source"]


def test_a_broken_model_file_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"broken\.json"):
        tm.model_from_json('{"features": {}}', source="broken.json")


def test_weights_survive_quantisation_within_half_a_step():
    w = np.random.default_rng(0).normal(size=1000)
    text, scale = tm.encode_weights(w)
    back = tm.decode_weights(text, scale)
    assert np.abs(back - w).max() <= scale / 2 + 1e-12


# ------------------------------------------------------------------------------------------
# rendering
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("protocol", "بروتوكول"),
        ("server", "سيرفر"),
        ("digital", "ديجيتال"),
        ("mobile", "موبايل"),
        ("hacker", "هاكر"),
        ("flash", "فلاش"),
    ],
    ids=lambda v: v,
)
def test_usual_rendering_matches_established_loanword_spellings(english, arabic):
    # the spellings are those of loanwords.json's assimilated list (written independently)
    assert tm.render_english(english) == arabic


def test_sampled_renderings_are_seeded():
    a = [tm.render_english("gigabyte", np.random.default_rng(3)) for _ in range(5)]
    b = [tm.render_english("gigabyte", np.random.default_rng(3)) for _ in range(5)]
    assert a == b


# ------------------------------------------------------------------------------------------
# exclusion: no brand is known by name
# ------------------------------------------------------------------------------------------
def _stems(folded: str) -> set[str]:
    return {folded} | {
        folded[len(p) :] for p in PROCLITICS if folded.startswith(p) and len(folded) > len(p) + 3
    }


def test_no_lexicon_brand_or_spelling_is_in_any_training_list(full_lists):
    lex = load_lexicon(variants=True)
    lines = (ROOT / "corpus_tools/data/stopwords_ar.txt").read_text("utf-8").splitlines()
    stop = {tm.fold(w.strip()) for w in lines if w.strip() and not w.startswith("#")}
    arabic_spellings = {" ".join(k) for k in lex.arabic} | {"".join(k) for k in lex.arabic}
    arabic_spellings |= {w for k in lex.arabic if len(k) > 1 for w in k if w not in stop}
    trained = set()
    for w in full_lists.words:
        parts = tm.fold(w).split()
        trained |= _stems(tm.fold(w))
        # every run of words of a multiword example, spaced and joined
        for i in range(len(parts)):
            for j in range(i + 2, len(parts) + 1):
                trained |= {" ".join(parts[i:j]), "".join(parts[i:j])}
    assert not (trained & arabic_spellings)
    latin_words = set()
    for forms in lex.table["latin"]:
        for form in forms:
            latin_words |= {w for w in re.split(r"[^0-9a-z]+", form.casefold()) if w}
    sources = {g for g, label in zip(full_lists.groups, full_lists.labels, strict=True) if label}
    assert not (sources & latin_words)
    # and the shipped model was trained on exactly these lists (retrain after a lexicon change)
    digest = tm.load_model().header["training"]["words_sha256"]
    script = _load_script()
    assert script._digest(list(full_lists.words)) == digest


def test_exclude_brands_removes_a_name_and_its_spellings_everywhere():
    english = ["high", "flyer", "cookbook", "window", "market"]
    arabic = ["هاي", "وفلاير", "لومير", "كتاب", "مدرسة"]
    kept = tm.training_lists(english=english, arabic=arabic)
    dropped = tm.training_lists(["High-Flyer", "Lumiere"], english=english, arabic=arabic)
    folded = {tm.fold(w) for w in dropped.words}
    for spelling in ("فلاير", "لومير", "هايفلاير"):
        assert spelling in dropped.exclusion.arabic
        assert not any(spelling in _stems(f) for f in folded)
    # without the exclusion the name is ordinary training data (هاي alone is a native form)
    assert "flyer" in kept.groups
    assert {"وفلاير", "لومير"} <= set(kept.words)
    assert not {"high", "flyer"} & set(dropped.groups)
    assert "كتاب" in dropped.words
    assert "cookbook" in dropped.groups
    assert {"flyer", "high", "highflyer", "lumiere"} <= dropped.exclusion.latin


# ------------------------------------------------------------------------------------------
# determinism of the training script
# ------------------------------------------------------------------------------------------
def test_training_script_gives_the_same_bytes_twice(script, tmp_path, capsys):
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        assert script.main(["--limit", "300", "--out", str(out), "--seed", "7"]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    doc = json.loads(outs[0].read_text("utf-8"))
    assert doc["seed"] == 7
    assert doc["training"]["positives"] > 0
    assert "held-out" in capsys.readouterr().out


def test_roc_auc_agrees_with_mann_whitney(script):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    s = rng.normal(size=200) + y
    u = mannwhitneyu(s[y == 1], s[y == 0]).statistic
    assert script.roc_auc(y, s) == pytest.approx(u / ((y == 1).sum() * (y == 0).sum()))


# ------------------------------------------------------------------------------------------
# sanity on words the model never saw
# ------------------------------------------------------------------------------------------
def test_reserved_loanwords_rank_above_held_out_native_words(full_lists, script):
    held = script.heldout_mask(full_lists, tm.load_model().header["seed"])
    native = [
        w
        for w, lab, h in zip(full_lists.words, full_lists.labels, held, strict=True)
        if h and not lab
    ]
    loans = sorted(
        json.loads((ROOT / "corpus_tools/data/loanwords.json").read_text())["assimilated"]["words"]
    )
    trained = {normalize(w) for w in full_lists.words}
    assert not trained & {normalize(w) for w in loans}
    auc = script.roc_auc(
        np.r_[np.ones(len(loans)), np.zeros(len(native))],
        np.r_[tm.transliteration_scores(loans), tm.transliteration_scores(native)],
    )
    print(f"AUC reserved loanwords vs held-out native: {auc:.4f}")
    assert auc > 0.85
