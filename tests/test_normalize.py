"""Each normalisation step on hand-written input/expected pairs."""

from __future__ import annotations

import pytest

from corpus_tools.normalize import (
    DEFAULT_STEPS,
    STEPS,
    normalize,
    normalize_series,
    steps_signature,
)


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        pytest.param("diacritics", "أَثَارَ تَسْرِيبٌ", "أثار تسريب", id="diacritics-harakat-tanwin"),
        pytest.param("diacritics", "هٰذا مُدَّة", "هذا مدة", id="diacritics-dagger-alef-shadda"),
        pytest.param("tatweel", "الذكـــاء لـSora", "الذكاء لSora", id="tatweel"),
        pytest.param("alef", "أعلن إعلان آلة ٱلكتاب", "اعلن اعلان الة الكتاب", id="alef-forms"),
        pytest.param("alef_maqsura", "مستشفى على", "مستشفي علي", id="alef-maqsura"),
        pytest.param("teh_marbuta", "شركة مدينة", "شركه مدينه", id="teh-marbuta"),
        pytest.param("digits", "٢٠٢٤ و۱۱", "2024 و11", id="arabic-indic-and-persian-digits"),
        pytest.param(
            "presentation_forms", "\ufefb \ufe8d\ufedf", "لا ال", id="presentation-forms-nfkc"
        ),
        pytest.param("presentation_forms", "ﷲ x²", "الله x²", id="presentation-forms-only"),
        pytest.param(
            "controls",
            "\u200fOpenAI\u200e \u2066GPT\u2069\u200b\u061c",
            "OpenAI GPT",
            id="bidi-zw-controls",
        ),
        pytest.param("casefold", "OpenAI IBM Straße", "openai ibm strasse", id="casefold-latin"),
    ],
)
def test_each_step(step, text, expected):
    assert STEPS[step](text) == expected


def test_default_composition_and_order():
    assert "teh_marbuta" not in DEFAULT_STEPS
    assert (
        normalize("أُوبِنْ إيـه آي «OpenAI» ٢٠٢٤ مستشفى شركة")
        == "اوبن ايه اي «openai» 2024 مستشفي شركة"
    )
    # presentation forms fold before diacritics are stripped: U+FE76 (isolated fatha) NFKC-folds
    # to space + fatha, the fatha is then removed; U+FE8D is an isolated alef
    assert normalize("\ufe76\ufe8d") == " ا"
    assert normalize("شركة", steps=("teh_marbuta",)) == "شركه"
    assert normalize("أَ", steps=()) == "أَ"


def test_unknown_step_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown normalisation step"):
        normalize("x", steps=("stem",))


def test_series_and_signature():
    import pandas as pd

    s = pd.Series(["أعلن", "أعلن", "IBM"])
    assert list(normalize_series(s)) == ["اعلن", "اعلن", "ibm"]
    assert steps_signature() == "nfkc+ctl+dia+tat+alef+ya+dig+lc"
