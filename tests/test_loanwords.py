"""Tests of corpus_tools.loanwords: brand mentions in Arabic text, usage table, evaluation.

Expected spans are worked out by hand from GUIDELINES.md (../shared/eval/brand_mentions); the
seed gold (tests/data/seeds_brand_gold.jsonl) is a hand annotation of the four seed articles.
Decisions recorded there: ``OpenAl`` (seed 000, a typo for OpenAI) IS a brand mention (the
guidelines annotate misspellings as found); the calque ``وجه العناق`` (Hugging Face translated)
is not a transliteration and is not annotated; organisations and initiatives (CERN, NASA,
AI Alliance, ROOST, Current AI, InvestAI, UNEP, ITU, UNI Global Union, مجموعة أوميديار), people,
places (Grand Palais), the film Oppenheimer and the generic terms CSAM/deepfake are not brands;
the AI model ``o1`` and the platform ``X`` (بمنصة X) are.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.cli import main
from corpus_tools.corpus import load_corpus
from corpus_tools.loanwords import (
    HEURISTICS,
    brand_heads,
    brand_mentions,
    brand_usage,
    brand_variants,
    evaluate_mentions,
    load_lexicon,
    mention_errors,
    read_gold,
    skeleton,
)

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "seeds_brand_gold.jsonl"


def brands(text: str, **kw: object) -> list[tuple[str, str, str]]:
    m = brand_mentions(text, **kw)  # type: ignore[arg-type]
    assert all(
        text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"], strict=True)
    )
    m = m[m["category"] == "brand"]
    return list(zip(m["surface"], m["brand"], m["clitic"], strict=True))


# ---------------------------------------------------------------- spans, clitics, multiword
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "أعلنت IBM وIntel عن شراكة.", [("IBM", "IBM", ""), ("Intel", "Intel", "و")], id="wIntel"
        ),
        pytest.param(
            "عمل على الترويج لـSora في هوليوود.", [("Sora", "Sora", "لـ")], id="l-tatweel-Sora"
        ),
        pytest.param("الخاصة بـ Sora على المنصة.", [("Sora", "Sora", "بـ")], id="detached-b-Sora"),
        pytest.param("وجوجل تطلق نظاما جديدا.", [("جوجل", "Google", "و")], id="wa-google"),
        pytest.param(
            "سمح لمايكروسوفت بجمع البيانات.", [("مايكروسوفت", "Microsoft", "ل")], id="li-microsoft"
        ),
        pytest.param("على حسابه في الفيسبوك.", [("فيسبوك", "Facebook", "ال")], id="al-facebook"),
        pytest.param(
            "رسالة لـ”مايكروسوفت” أمس.", [("مايكروسوفت", "Microsoft", "")], id="tatweel-quote"
        ),
        pytest.param("تواجه شركة #غوغل عقوبة.", [("غوغل", "Google", "")], id="hashtag"),
        pytest.param(
            "أعلنت أوبن إيه آي عن نموذج.", [("أوبن إيه آي", "OpenAI", "")], id="openai-3-words"
        ),
        pytest.param(
            "أعلنت أوبن إيه.آي عن نموذج.", [("أوبن إيه.آي", "OpenAI", "")], id="openai-dotted"
        ),
        pytest.param(
            "ظهر على Hugging Face أمس.", [("Hugging Face", "Hugging Face", "")], id="hugging-face"
        ),
        pytest.param(
            "مؤسس تطبيق واتس آب استقال.", [("واتس آب", "WhatsApp", "")], id="whatsapp-2-words"
        ),
        pytest.param("لواتس آب مستخدمون كثر.", [("واتس آب", "WhatsApp", "ل")], id="li-whatsapp"),
        pytest.param("استخدم اليكسا في المنزل.", [("اليكسا", "Alexa", "")], id="alexa-keeps-al"),
        pytest.param("جمع سيارات البورش النادرة.", [("بورش", "Porsche", "ال")], id="al-porsche"),
        pytest.param(
            "زيارة موقع Facebook.com الآن.", [("Facebook.com", "Facebook", "")], id="domain-latin"
        ),
        pytest.param("زيارة أمازون.كوم الآن.", [("أمازون.كوم", "Amazon", "")], id="domain-arabic"),
    ],
)
def test_spans_follow_guidelines(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert brands(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("نظام التشغيل ويندوز 10 الجديد", ["ويندوز"], id="windows-10"),
        pytest.param("هاتف جالكسي S8 بلس الجديد", ["جالكسي"], id="galaxy-s8-plus"),
        pytest.param("هاتفها آيفون X الشهير", ["آيفون"], id="iphone-x"),
        pytest.param(
            "واجهة سامسونج الجديدة Touchwiz Grace UX .",
            ["سامسونج", "Touchwiz"],
            id="touchwiz-grace",
        ),
        pytest.param("استعمال تطبيق ماسنجر Lite فقط", ["ماسنجر"], id="messenger-lite"),
        pytest.param("نظام أندرويد 8.0 Oreo الجديد", ["أندرويد"], id="android-oreo"),
    ],
)
def test_model_designators_are_excluded(text: str, expected: list[str]) -> None:
    assert [s for s, _, _ in brands(text)] == expected


# ---------------------------------------------------------------- spelling variants
@pytest.mark.parametrize(
    ("spelling", "brand"),
    [
        ("غوغل", "Google"),
        ("جوجل", "Google"),
        ("قوقل", "Google"),
        ("گوگل", "Google"),  # g-letter fold: گ → ج, like غ and ق
        ("مايكروسوفت", "Microsoft"),
        ("ميكروسوفت", "Microsoft"),
        (
            "مايكرسوفت",
            "Microsoft",
        ),  # generated: optional long vowel (a misspelling of GUIDELINES.md)
        ("انستجرام", "Instagram"),
        ("إنستاجرام", "Instagram"),
        ("فيسبوك", "Facebook"),
        ("فيس بوك", "Facebook"),
        ("واتساب", "WhatsApp"),
        ("سامسونغ", "Samsung"),
        ("سامسونج", "Samsung"),
        ("جيميني", "Gemini"),
        ("جيمناي", "Gemini"),
        ("تشات جي بي تي", "ChatGPT"),
        ("تشات جي.بي.تي", "ChatGPT"),
        ("شات جي بي تي", "ChatGPT"),
        ("أوبن أيه آي", "OpenAI"),
        ("اوبن اي اي", "OpenAI"),
        ("دال – إي", "DALL-E"),
        ("كامبردج أناليتيكا", "Cambridge Analytica"),  # generated from كامبريدج
    ],
)
def test_spelling_variants(spelling: str, brand: str) -> None:
    text = f"أعلنت {spelling} عن خدمة."
    assert [(s, b) for s, b, _ in brands(text)] == [(spelling, brand)]


def test_openal_typo_is_openai() -> None:
    """Seed 000 writes ``OpenAl`` (lowercase L): annotated as found, brand OpenAI."""
    assert brands("أن يصبح OpenAl أكثر انفتاحًا") == [("OpenAl", "OpenAI", "")]
    assert brands("أن يصبح OpenAl أكثر", heuristics=[h for h in HEURISTICS if h != "variants"]) != [
        ("OpenAl", "OpenAI", "")
    ]


# ---------------------------------------------------------------- native look-alikes
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("يهتم البدو برعي الإبل في الصحراء.", id="ibil-camels"),
        pytest.param("يملك الرجل ابل كثيرة.", id="ibl-camels-no-hamza"),
        pytest.param("بنى الأهالي سورا حول المدينة.", id="sur-wall"),
        pytest.param("وجدوه ميتا في منزله.", id="mayyit-dead"),
        pytest.param("لقد أبلغنا الشركتين أمس.", id="ablagha"),
        pytest.param("ويزعم التحقيق أن الشركة خالفت القانون.", id="yazumu"),
        pytest.param("زرع الفلاحون كروم العنب.", id="kurum-vines"),
        # native words that sound like brands, or that a classifier word precedes: no evidence
        pytest.param("حتى شهر كانون الثاني.", id="kanun-month-not-Canon"),
        pytest.param("في شهر نيسان الماضي.", id="nisan-month-not-Nissan"),
        pytest.param("وضعه في جيب السترة.", id="jayb-pocket-not-Jeep"),
        pytest.param("قال كريم إنه سيحضر.", id="karim-name-not-Careem"),
        pytest.param("أطلقت شركة أمريكية تطبيقا جديدا.", id="classifier-adjective"),
        pytest.param("يعمل الهاتف بنظام التشغيل الجديد.", id="classifier-definite-noun"),
        pytest.param("يحمل جهاز تبويب جديدا.", id="classifier-tafil-template"),
        pytest.param("قالت الشركة إن الهاتف سيصل غدا.", id="definite-classifier-verb"),
    ],
)
def test_native_lookalikes_do_not_fire(text: str) -> None:
    assert brands(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("تحالفت شركة ميتا مع غيرها.", [("ميتا", "Meta")], id="classifier-meta"),
        pytest.param(
            "أطلقت OpenAI أداة Sora. ويخشى الفنانون أن يتسبب سورا في الضرر.",
            [("OpenAI", "OpenAI"), ("Sora", "Sora"), ("سورا", "Sora")],
            id="latin-elsewhere-sora",
        ),
        pytest.param(
            "شكر آبل وجوجل على موقفهما.", [("آبل", "Apple"), ("جوجل", "Google")], id="hamza-apple"
        ),
        pytest.param(
            "شكر ابل وجوجل على موقفهما.",
            [("ابل", "Apple"), ("جوجل", "Google")],
            id="neighbour-apple",
        ),
        pytest.param("يثبت متصفح كروم على الهواتف.", [("كروم", "Chrome")], id="classifier-chrome"),
    ],
)
def test_lookalikes_fire_with_context(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s, b) for s, b, _ in brands(text)] == expected


def test_lookalikes_fire_without_context_heuristic() -> None:
    """The ablation switch: without ``context`` every ambiguous spelling is accepted."""
    heur = [h for h in HEURISTICS if h != "context"]
    assert [b for _, b, _ in brands("بنى الأهالي سورا حول المدينة.", heuristics=heur)] == ["Sora"]


# ---------------------------------------------------------------- English, French, unknown names
def test_french_english_and_brand_latin_runs() -> None:
    text = (
        "قمة العمل (بالفرنسية: Sommet pour l’action sur l’intelligence artificielle أو Sommet pour l’action "
        "sur l’IA, SAIA) في القصر الكبير (Grand Palais). مقاطع بتقنية “deepfake” وأداة “InvestAI” "
        "من شركة “General Catalyst”."
    )
    m = brand_mentions(text)
    got = list(zip(m["surface"], m["category"], strict=True))
    assert ("Sommet pour l’action sur l’intelligence artificielle", "foreign") in got
    assert ("Sommet pour l’action sur l’IA", "foreign") in got
    assert ("SAIA", "foreign") in got
    assert ("deepfake", "english") in got
    assert ("General Catalyst", "brand") in got
    assert not any(c == "brand" and s in ("Grand Palais", "SAIA", "deepfake") for s, c in got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("مؤسس التطبيق بافل دوروف Pavel Durov قال", [], id="person"),
        pytest.param("الأقمار (GPS) وتقنية NFC و USB 3.1 Type C", [], id="generic-terms"),
        pytest.param("وكالة NASA والمنظمة الأوروبية CERN", [], id="organisations"),
        pytest.param("الاتحاد الدولي للاتصالات (ITU) أعلن", [], id="translated-acronym"),
        pytest.param("مستشهدًا بفيلم أوبنهايمر (Oppenheimer) الشهير", [], id="film"),
        pytest.param("وقال على حسابه بمنصة X إن", [("X", "X")], id="platform-x-with-classifier"),
        pytest.param("نموذجًا جديدًا ينافس نموذج “o1” من الشركة", [("o1", "o1")], id="model-o1"),
        pytest.param(
            "أطلقت شركة Zylaxo الناشئة تطبيقها", [("Zylaxo", "Zylaxo")], id="unknown-latin-shape"
        ),
        pytest.param("أطلقت VoxNova تطبيقها", [("VoxNova", "VoxNova")], id="unknown-camelcase"),
        pytest.param(
            "أعلنت شركة بيربلكسيتي عن متصفح",
            [("بيربلكسيتي", "Perplexity")],
            id="lexicon-perplexity",
        ),
    ],
)
def test_latin_shape_and_exclusions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s, b) for s, b, _ in brands(text)] == expected


def test_unknown_arabic_brand_needs_evidence() -> None:
    """Out of the lexicon: classifier noun, a Latin gloss, or the Latin form elsewhere in the text."""
    lex = load_lexicon(exclude=["Perplexity"])
    assert brands("أعلنت شركة بيربلكسيتي عن متصفح.", lexicon=lex) == [
        ("بيربلكسيتي", "بيربلكسيتي", "")
    ]
    rules = [h for h in HEURISTICS if h != "name_score"]
    assert brands("أعلنت بيربلكسيتي عن متصفح.", lexicon=lex, heuristics=rules) == []  # no rule
    # the scorer weighs the spelling (learned transliteration score) and the feminine verb
    # that takes companies as subject (أعلنت): enough for a name spelled like this one
    assert brands("أعلنت بيربلكسيتي عن متصفح.", lexicon=lex) == [("بيربلكسيتي", "بيربلكسيتي", "")]
    assert brands("أعلنت الحكومة عن متصفح.", lexicon=lex) == []  # a native word: no
    glossed = brands("أعلنت بيربلكسيتي Perplexity عن متصفح.", lexicon=lex)
    assert [(s, b) for s, b, _ in glossed] == [
        ("بيربلكسيتي", "Perplexity"),
        ("Perplexity", "Perplexity"),
    ]
    elsewhere = brands("أطلقت Perplexity متصفحا. وقالت بيربلكسيتي إن المتصفح مجاني.", lexicon=lex)
    assert [(s, b) for s, b, _ in elsewhere] == [
        ("Perplexity", "Perplexity"),
        ("بيربلكسيتي", "Perplexity"),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Spotify", "سبوتيفاي"),
        ("Telegram", "تيليجرام"),
        ("Cortana", "كورتانا"),
        ("Microsoft", "ميكروسوفت"),
    ],
)
def test_skeletons_match_across_scripts(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_assimilated_loanwords() -> None:
    m = brand_mentions("تطور التكنولوجيا عبر الإنترنت يهدد الديمقراطية.")
    assert list(zip(m["surface"], m["category"], m["brand"], strict=True)) == [
        ("تكنولوجيا", "assimilated", "technology"),
        ("إنترنت", "assimilated", "internet"),
        ("ديمقراطية", "assimilated", "democracy"),
    ]


# ---------------------------------------------------------------- usage table
def test_brand_usage_counts_by_hand() -> None:
    text = "أعلنت شركة غوغل وجوجل. وقالت Google إن تطبيق غوغل مجاني. وتطبيق Telegram تيليجرام."
    m = brand_mentions(text)
    u = brand_usage(m, text).set_index("brand")
    g = u.loc["Google"]
    # غوغل, وجوجل, Google, غوغل: 4 mentions, 1 Latin, 1 clitic (و), heads شركة + تطبيق
    assert (g["total"], g["latin"], g["arabic"]) == (4, 1, 3)
    assert g["latin_share"] == pytest.approx(0.25)
    assert (g["n_variants"], g["n_headed"]) == (3, 2)
    assert g["clitic_rate"] == pytest.approx(0.25)
    t = u.loc["Telegram"]
    assert (t["total"], t["glossed"], t["n_headed"]) == (2, 2, 1)
    assert "signature" in u.attrs
    # tidy long tables: one row per brand × written form, one per brand × classifier noun
    v = brand_variants(m)
    google = v[v["brand"] == "Google"]
    assert list(zip(google["variant"], google["script"], google["count"], strict=True)) == [
        ("غوغل", "arabic", 2),
        ("Google", "latin", 1),
        ("جوجل", "arabic", 1),
    ]
    h = brand_heads(m, text)
    assert list(zip(h["brand"], h["head"], h["count"], strict=True)) == [
        ("Google", "تطبيق", 1),
        ("Google", "شركة", 1),
        ("Telegram", "تطبيق", 1),
    ]
    assert list(v.columns) == ["brand", "variant", "script", "count"]
    assert list(h.columns) == ["brand", "head", "count"]


# ---------------------------------------------------------------- evaluation
def test_evaluate_mentions_by_hand() -> None:
    gold = pd.DataFrame(
        {
            "doc": ["a.txt", "a.txt", "a.txt"],
            "start": [0, 10, 20],
            "end": [5, 15, 25],
            "surface": ["x", "y", "z"],
            "brand": ["Google", "Zzz", "Google"],
            "script": ["arabic", "latin", "latin"],
        }
    )
    pred = pd.DataFrame(
        {
            "doc": ["a", "a", "a"],
            "start": [0, 10, 30],
            "end": [5, 14, 35],
            "surface": ["x", "y", "w"],
            "brand": ["Google", "Zzz", "Google"],
            "script": ["arabic", "latin", "latin"],
            "category": ["brand"] * 3,
            "source": ["lexicon"] * 3,
        }
    )
    s = evaluate_mentions(pred, gold).set_index("slice")
    # TP 1 (0-5); FP 2 (10-14, 30-35); FN 2 (10-15, 20-25): P = 1/3, R = 1/3, F1 = 1/3
    assert (s.loc["all", "tp"], s.loc["all", "fp"], s.loc["all", "fn"]) == (1, 2, 2)
    assert s.loc["all", "f1"] == pytest.approx(1 / 3)
    assert (
        s.loc["script=latin", "tp"],
        s.loc["script=latin", "fp"],
        s.loc["script=latin", "fn"],
    ) == (0, 2, 2)
    assert (s.loc["lexicon=out", "tp"], s.loc["lexicon=out", "fn"]) == (
        0,
        1,
    )  # Zzz is not in the lexicon
    assert math.isclose(s.loc["script=arabic", "f1"], 1.0)
    err = mention_errors(pred, gold)
    assert list(err["kind"]) == ["false_alarm", "false_alarm", "miss", "miss"]


def _check_gold_spans(gold: pd.DataFrame, folder: Path) -> None:
    texts = {p.name: p.read_text("utf-8") for p in folder.glob("*.txt")}
    for doc, g in gold.groupby("doc"):
        text = texts[doc]
        ends = -1
        for s, e, surf in sorted(zip(g["start"], g["end"], g["surface"], strict=True)):
            assert text[s:e] == surf, (doc, s, e, surf)
            assert s >= ends, f"overlap at {doc}:{s}"
            ends = e
            assert surf[0] not in 'و"“”«»#(ـ' or surf.startswith(("واتس", "وايمو", "ويندوز", "ويز"))
            assert surf[-1] not in '"“”«»)ـ'


def test_seed_gold_spans_match_text() -> None:
    gold = read_gold(SEED_GOLD)
    assert len(gold) == 104
    _check_gold_spans(gold, SEEDS)
    assert set(gold["script"]) == {"latin", "arabic"}
    assert ("OpenAl", "OpenAI") in set(zip(gold["surface"], gold["brand"], strict=True))


def test_seed_gold_f1() -> None:
    """Target F1 >= 0.97 on the hand-annotated seeds (measured: 1.000)."""
    s = evaluate_mentions(brand_mentions(load_corpus(SEEDS)), read_gold(SEED_GOLD)).set_index(
        "slice"
    )
    assert s.loc["all", "f1"] >= 0.97
    assert s.loc["script=latin", "f1"] >= 0.97
    assert s.loc["script=arabic", "f1"] >= 0.97


@pytest.fixture(scope="module")
def eval_scores(eval_set: Path) -> pd.DataFrame:
    pred = brand_mentions(load_corpus(eval_set / "docs"))
    return evaluate_mentions(pred, read_gold(eval_set / "gold.jsonl")).set_index("slice")


@pytest.mark.evalset
def test_eval_set_f1(eval_scores: pd.DataFrame) -> None:
    """Target F1 >= 0.93 on ../shared/eval/brand_mentions (measured 0.969: latin 0.993, arabic 0.964)."""
    assert eval_scores.loc["all", "f1"] >= 0.93
    assert eval_scores.loc["script=latin", "f1"] >= 0.93
    assert eval_scores.loc["script=arabic", "f1"] >= 0.93


@pytest.mark.evalset
def test_eval_gold_spans_match_text(eval_set: Path) -> None:
    gold = read_gold(eval_set / "gold.jsonl")
    texts = {p.name: p.read_text("utf-8") for p in (eval_set / "docs").glob("*.txt")}
    assert all(
        texts[d][s:e] == x
        for d, s, e, x in zip(gold["doc"], gold["start"], gold["end"], gold["surface"], strict=True)
    )


# ---------------------------------------------------------------- table contract, CLI
def test_mentions_table_contract() -> None:
    corpus = load_corpus(SEEDS)
    m = brand_mentions(corpus)
    assert list(m.columns) == [
        "doc",
        "start",
        "end",
        "surface",
        "brand",
        "script",
        "category",
        "clitic",
        "sentence",
        "source",
        "in_lexicon",
    ]
    assert set(m["category"]) <= {"brand", "english", "foreign", "assimilated"}
    for doc in corpus:
        sub = m[m["doc"] == doc.id]
        assert all(
            doc.text[s:e] == x
            for s, e, x in zip(sub["start"], sub["end"], sub["surface"], strict=True)
        )
    assert m.attrs["signature"].endswith(f"|version:{ct.__version__}")  # version last
    assert "heuristics:" in m.attrs["signature"]
    again = brand_mentions(corpus)
    pd.testing.assert_frame_equal(m, again)


def test_unknown_heuristic_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown heuristic"):
        brand_mentions("نص", heuristics=["nope"])


def test_cli_jsonl_contract(capsys: pytest.CaptureFixture[str]) -> None:
    path = SEEDS / "001_d764068c8b4cb97f.txt"
    assert main(["loanwords", str(path), "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines
    text = path.read_text("utf-8")
    for rec in lines:
        assert list(rec) == ["doc", "start", "end", "surface", "brand", "script", "category"]
        assert rec["doc"] == path.name
        assert text[rec["start"] : rec["end"]] == rec["surface"]
    assert {
        "doc": path.name,
        "start": 11,
        "end": 15,
        "surface": "Meta",
        "brand": "Meta",
        "script": "latin",
        "category": "brand",
    } in lines


def test_cli_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate-loanwords", "--gold", str(SEED_GOLD), str(SEEDS)]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows[0] == ["slice", "tp", "fp", "fn", "precision", "recall", "f1", "gold", "predicted"]
    assert rows[1][:4] == ["all", "104", "0", "0"]
    assert main(["evaluate-loanwords", "--gold", "missing.jsonl", str(SEEDS)]) == 2


# ---------------------------------------------------------------- unknown-brand evidence
# Expected spans below are worked out by hand from GUIDELINES.md; the brands involved are left
# out of the lexicon (exclude=...) so that only the evidence heuristics can find them.
HELDOUT = ROOT / "tests" / "data" / "heldout"


def test_lexicon_covers_general_brands() -> None:
    """500+ canonical brands, one row each, every listed Arabic spelling of one brand only."""
    lex = load_lexicon()
    table = lex.table
    assert len(table) >= 500
    assert table["canonical"].is_unique
    general = table[table["origin"] == "general"]
    assert len(general) >= 500
    for name in ["Anthropic", "Xiaomi", "Qualcomm", "TikTok", "Reuters", "BYD", "Nvidia"]:
        assert name in set(table["canonical"]), name


def test_classifier_accepts_brand_spellings_of_the_word_list() -> None:
    """فيسبوك is in the Arabic word list (wordfreq holds famous brands): after شركة it is a
    name, and later mentions of it in the document follow (propagate), clitics split off."""
    lex = load_lexicon(exclude=["Facebook"])
    text = "أعلنت شركة فيسبوك عن ميزة. وقالت فيسبوك إنها مجانية لمستخدمي الفيسبوك."
    got = brand_mentions(text, lexicon=lex)
    assert list(zip(got["surface"], got["clitic"], got["source"], strict=True)) == [
        ("فيسبوك", "", "classifier"),
        ("فيسبوك", "", "propagate"),
        ("فيسبوك", "ال", "propagate"),
    ]
    assert brand_mentions(
        text, lexicon=lex, heuristics=set(HEURISTICS) - {"propagate", "name_score"}
    )["source"].tolist() == ["classifier"]


def test_invented_name_after_classifier_propagates() -> None:
    got = brands("أعلنت شركة زينتروكس عن هاتف. ثم قالت زينتروكس إن الهاتف سيصل.")
    assert got == [("زينتروكس", "زينتروكس", ""), ("زينتروكس", "زينتروكس", "")]


def test_transliteration_score_separates_spellings() -> None:
    """Sign of the trigram log-odds, trained without the brand (leave-one-out)."""
    lex = load_lexicon(exclude=["Facebook"])
    assert lex.translit_score("فيسبوك") > 0 > lex.translit_score("المحمولة")


def test_latin_gloss_promotes_dictionary_word() -> None:
    """تيليجرام Telegram: the capitalised English word glosses the transliteration before it."""
    lex = load_lexicon(exclude=["Telegram"])
    got = brands("وأعلن تيليجرام Telegram عودة الخدمة.", lexicon=lex)
    assert [(s, b) for s, b, _ in got] == [("تيليجرام", "Telegram"), ("Telegram", "Telegram")]
    assert brands("وأعلن تيليجرام Telegram عودة الخدمة.", lexicon=lex, heuristics=["lexicon"]) == []


def test_hamza_alef_after_proclitic_starts_the_name() -> None:
    """وألفابت = و + ألفابت (a W sound is spelled وا, never وأ)."""
    lex = load_lexicon(exclude=["Alphabet"])
    got = brands("أعلنت شركة Alphabet أرباحها. وتملك غوغل وألفابت حصصا.", lexicon=lex)
    assert got == [
        ("Alphabet", "Alphabet", ""),
        ("غوغل", "Google", ""),
        ("ألفابت", "Alphabet", "و"),
    ]


@pytest.mark.parametrize(
    ("text", "exclude", "expected"),
    [
        pytest.param(
            "مع واجهة سامسونج الجديدة Touchwiz Grace UX فقط.",
            ["TouchWiz"],
            [("سامسونج", "Samsung"), ("Touchwiz", "Touchwiz")],
            id="trailing-qualifiers-trimmed",
        ),
        pytest.param(
            "يمكنه استعمال ماسنجر Lite أو غيره.",
            ["Messenger"],
            [],
            id="lone-qualifier-not-a-brand",
        ),
        pytest.param(
            "منعت الوصول إلى متجر Google Play أمس.",
            ["Google", "Google Play"],
            [("Google Play", "Google Play")],
            id="name-tail-not-a-person",
        ),
        pytest.param(
            "حرب مع مؤسس التطبيق بافل دوروف Pavel Durov أمس.",
            [],
            [],
            id="person-gloss-vetoes-classifier",
        ),
    ],
)
def test_latin_shape_rules(text: str, exclude: list[str], expected: list[tuple[str, str]]) -> None:
    lex = load_lexicon(exclude=exclude)
    assert [(s, b) for s, b, _ in brands(text, lexicon=lex)] == expected


def test_heldout_gold_spans_match_text() -> None:
    """The held-out paragraphs (written before the detector was tuned, never tuned on)."""
    gold = read_gold(HELDOUT / "heldout_brand_gold.jsonl")
    assert len(gold) == 78
    _check_gold_spans(gold, HELDOUT)


def test_heldout_f1() -> None:
    """Generalisation floor on the held-out paragraphs (measured 0.987 full lexicon; 0.803 with
    every held-out brand left out of the lexicon, 0.542 before the unknown-name scorer)."""
    gold = read_gold(HELDOUT / "heldout_brand_gold.jsonl")
    corpus = load_corpus(HELDOUT)
    full = evaluate_mentions(brand_mentions(corpus), gold).set_index("slice")
    assert full.loc["all", "f1"] >= 0.95
    lex = load_lexicon(exclude=sorted(set(gold["brand"])))
    llo = evaluate_mentions(brand_mentions(corpus, lexicon=lex), gold, lexicon=lex)
    assert llo.set_index("slice").loc["all", "f1"] >= 0.78
    assert llo.set_index("slice").loc["all", "precision"] >= 0.95


def test_glossing_counts_brackets_and_twins_not_plain_neighbours():
    """Hand-counted: the Arabic name glossed by «(Telegram)», the Latin name inside the
    brackets, and a later bare Latin mention that is not glossed; OpenAI sits between Arabic
    words only, which is no gloss."""
    text = "أطلقت شركة تيليجرام (Telegram) ميزة جديدة. ويستخدم Telegram ملايين الناس، كما أعلنت OpenAI عن نموذج."
    mentions = ct.brand_mentions(text)
    usage = ct.brand_usage(mentions, text).set_index("brand")
    assert usage.loc["Telegram", "total"] == 3
    assert usage.loc["Telegram", "glossed"] == 2
    assert usage.loc["OpenAI", "glossed"] == 0


def test_evaluate_cli_keeps_stdout_one_table(tmp_path, capsys) -> None:
    """Drop one gold mention by hand: stdout holds only the scores table, and the one
    resulting false alarm is listed on stderr."""
    root = Path(__file__).resolve().parents[1]
    lines = (root / "tests" / "data" / "seeds_brand_gold.jsonl").read_text("utf-8").splitlines()
    dropped = json.loads(lines[0])
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines[1:]) + "\n", "utf-8")
    argv = ["evaluate-loanwords", "--gold", str(gold), str(root / "seeds"), "--errors"]
    assert main([*argv, "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(x) for x in captured.out.splitlines()]
    assert len({tuple(r) for r in rows}) == 1  # every stdout record has the same keys
    errors = [json.loads(x) for x in captured.err.splitlines() if x.startswith("{")]
    assert len(errors) == 1
    assert (errors[0]["start"], errors[0]["end"]) == (dropped["start"], dropped["end"])


# ---------------------------------------------------------------- leave-lexicon-out
def test_excluded_brand_is_known_by_name_nowhere() -> None:
    from corpus_tools.loanwords.lexicon import brand_spellings, read_brands, select_brands
    from corpus_tools.loanwords.wordlists import fold
    from corpus_tools.translit_model import exclusion

    excluded = ["Spotify", "Google"]
    full = select_brands(read_brands(), (), ("general", "seed", "eval"))
    spellings = brand_spellings(full[full["canonical"].isin(excluded)])
    # hand-checked spellings of the two brands must be among them
    assert {"سبوتيفاي", "جوجل", "spotify", "google"} <= {fold(s) for s in spellings}
    lex = load_lexicon(exclude=excluded)
    assert not {"spotify", "google"} & lex.canonicals
    arabic_words = {w for key in lex.arabic for w in key} | {"".join(k) for k in lex.arabic}
    latin_words = {w for key in lex.latin for w in key}
    entries = {e.canonical for es in lex.latin.values() for e in es}
    entries |= {e.canonical for e in lex.arabic.values()}
    assert not entries & set(excluded)
    for known in (
        arabic_words,
        latin_words,
        lex.translit_words,
        lex.native_words,
        lex.english_words,
        lex.dictionary_words,
    ):
        assert not {s for s in spellings if len(s) >= 3} & known
    # the learned transliteration model never trained on them either
    dropped = exclusion(excluded)
    assert all(dropped.drops_arabic(s) for s in ("سبوتيفاي", "جوجل", "غوغل"))
    assert dropped.drops_latin("spotify")
    assert dropped.drops_latin("google")


def test_excluded_brand_found_only_by_generic_evidence() -> None:
    text = "أعلنت شركة سبوتيفاي عن ميزة جديدة. وقالت سبوتيفاي إن الميزة مجانية."
    full = brand_mentions(text)
    assert set(full["source"]) == {"lexicon"}
    assert full["in_lexicon"].all()
    left_out = brand_mentions(text, exclude_brands=["Spotify"])
    assert list(left_out["surface"]) == ["سبوتيفاي", "سبوتيفاي"]
    assert not left_out["in_lexicon"].any()
    assert "lexicon" not in set(left_out["source"])


def test_cli_loanwords_exclude_brands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("أطلقت Google وسبوتيفاي خدمة.", encoding="utf-8")
    assert main(["loanwords", str(doc), "--all", "--format", "jsonl"]) == 0
    with_lexicon = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    args = ["loanwords", str(doc), "--all", "--format", "jsonl", "--exclude-brands", "Spotify"]
    assert main(args) == 0
    without = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    spotify = [m for m in with_lexicon if m["surface"] == "سبوتيفاي"]
    assert [(m["brand"], m["source"]) for m in spotify] == [("Spotify", "lexicon")]
    assert all(m["brand"] != "Spotify" for m in without)


def test_batch_skeletons_equal_one_by_one():
    from corpus_tools.loanwords.transliteration import skeleton, skeletons

    names = ["سبوتيفاي", "Spotify", "جوجل", "ﻣﻴﺘﺎ", "أوبن إيه آي", "a\nb", "", "واتساب"]
    assert skeletons(names) == [skeleton(n) for n in names]
    assert skeletons(["سبوتيفاي"]) == ["SBTF"]


def test_resolve_matches_pairwise_overlap_rule():
    import random

    from corpus_tools.loanwords.detection import resolve
    from corpus_tools.loanwords.document import Candidate

    def pairwise(cands):
        kept = []
        for c in sorted(cands, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
            if not any(c.start < k.end and k.start < c.end for k in kept):
                kept.append(c)
        return sorted(kept, key=lambda c: c.start)

    rng = random.Random(7)
    for _ in range(300):
        cands = []
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 60)
            end = start + rng.randint(0, 8)  # empty spans included
            cands.append(
                Candidate("d", start, end, "b", "latin", "brand", "", 0, 0, "s", rng.randint(0, 3))
            )
        assert resolve(cands) == pairwise(cands)
