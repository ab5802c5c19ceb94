"""Generic evidence that carries to unseen names: inflected Arabic words, units of measurement,
and a company name + product word as one span (GUIDELINES.md rule 3)."""

from __future__ import annotations

import pytest

from corpus_tools.loanwords import brand_mentions
from corpus_tools.loanwords.morphology import COMMON_ZIPF, inflected_native, is_inflected_native
from corpus_tools.loanwords.wordlists import fold, unit_words, wordlist
from corpus_tools.normalize import normalize
from corpus_tools.segment import lexicon


@pytest.mark.parametrize(
    ("word", "base"),
    [
        pytest.param("ويبدأون", "يبدأ", id="verb-plural-after-wa"),
        pytest.param("شركتا", "شركة", id="dual-construct"),
        pytest.param("بغرامات", "غرامة", id="feminine-plural-after-bi"),
    ],
)
def test_inflected_form_of_a_common_word(word: str, base: str) -> None:
    assert lexicon()[base] >= COMMON_ZIPF  # the base is common, independently of the module
    assert is_inflected_native(fold(normalize(word)))


@pytest.mark.parametrize("word", ["أمازون", "سامسونغ", "كانون", "ريفيان", "تشانغان"])
def test_transliterated_names_are_not_inflected_words(word: str) -> None:
    assert not is_inflected_native(fold(normalize(word)))


def test_vectorised_equals_the_per_word_function() -> None:
    words = sorted({fold(normalize(w)) for w in wordlist("wordlist_ar.txt")})
    words += [fold(normalize(w)) for w in ("ويبدأون", "شركتا", "للشركات", "كانون", "ab", "")]
    expected = [is_inflected_native(w) for w in words]
    got = inflected_native(words).tolist()
    assert got == expected
    assert sum(expected) > 1000  # the word list holds many inflected forms: a real comparison


def test_prefixed_units_only() -> None:
    units = unit_words()
    assert units[normalize("ميليمتر")] == "millimetre"
    assert units[normalize("ميغابكسل")] == "megapixel"
    assert units[normalize("غيغابايت")] == "gigabyte"
    assert normalize("بايت") not in units  # also the first word of names (بايت دانس)


def test_units_are_assimilated_not_brands() -> None:
    text = "الكاميرا بدقة 12 ميغابكسل والسماكة 7 ميليمتر، وأعلنت شركة سامسونج أن الهاتف يصل قريبا."
    found = brand_mentions(text, exclude_brands=["Samsung"])
    units = found[found["surface"].isin(["ميغابكسل", "ميليمتر"])]
    assert list(units["category"]) == ["assimilated", "assimilated"]
    assert list(found.loc[found["category"] == "brand", "surface"]) == ["سامسونج"]


def test_unknown_company_and_product_word_are_one_span() -> None:
    text = (
        "أعلنت شركة غوغل عن تحديث لخدمة غوغل مابس. وقالت غوغل إن التحديث مجاني "
        "وإن غوغل الأمريكية ستطلقه قريبا."
    )
    found = brand_mentions(text, exclude_brands=["Google", "Google Maps"])
    brands = found[found["category"] == "brand"]
    assert list(brands["surface"]) == ["غوغل", "غوغل مابس", "غوغل", "غوغل"]
    assert set(brands["source"]) == {"name_score"}  # no lexicon entry: generic evidence only
    maps = brands.iloc[1]
    assert text[maps["start"] : maps["end"]] == "غوغل مابس"


def test_quotes_delimit_an_unknown_name() -> None:
    text = (
        'قررت فيسبوك تحدي "لينكد إن" في سوق الوظائف. وقالت شركة "لينكد إن" إنها لا تخشى المنافسة.'
    )
    found = brand_mentions(text, exclude_brands=["LinkedIn", "Facebook"])
    brands = found[found["category"] == "brand"]
    # إن is a stopword; only the closing quote right after it makes it part of the name
    assert list(brands["surface"]) == ["لينكد إن", "لينكد إن"]
    assert [text[s:e] for s, e in zip(brands["start"], brands["end"], strict=True)] == [
        "لينكد إن",
        "لينكد إن",
    ]


def test_latin_name_runs_through_a_connector() -> None:
    text = 'ربحت الشركة بفضل لعبتيها "Clash of Clans" و"Honor of Kings" هذا العام.'
    found = brand_mentions(text, exclude_brands=["Clash of Clans", "Honor of Kings"])
    assert list(found["surface"]) == ["Clash of Clans", "Honor of Kings"]
    assert not found["in_lexicon"].any()
