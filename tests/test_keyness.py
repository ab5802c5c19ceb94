"""Keyness statistics against published keyness values, quanteda's test and scipy."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import xlogy

from corpus_tools.cli import main
from corpus_tools.frequency import frequencies
from corpus_tools.keyness import keyness, keyness_scores
from corpus_tools.tokenize import tokenize_text

# PUBLISHED.md 3.6: (a, b, c, d) = target freq, reference freq, target size, reference size.
CASES = {
    "toy a=100 b=50 c=10000 d=100000": ((100, 50, 10_000, 100_000), "rayson-toy"),
    "Gabrielatos&Marchi %DIFF example": (
        (206523, 178174, 959641, 1562358),
        "gabrielatos-marchi2011-p18",
    ),
    "Kilgarriff simple-maths example": ((35, 263, 112289776, 1559716979), "kilgarriff2009"),
}
EXPECTED = {
    "toy a=100 b=50 c=10000 d=100000": {
        "LL_2term_Rayson": 298.155822,
        "LL_4term": 298.979538,
        "log_ratio": 4.321928,
        "pct_diff": 1900.0,
        "simple_maths_n1": 19.962076,
        "simple_maths_n100": 16.833333,
        "BIC": 286.547586,
        "ELL": 0.0010374195,
    },
    "Gabrielatos&Marchi %DIFF example": {
        "LL_2term_Rayson": 38531.759388,
        "LL_4term": 45784.791495,
        "log_ratio": 0.916174,
        "pct_diff": 88.710409,
        "simple_maths_n1": 1.887096,
        "simple_maths_n100": 1.886327,
        "BIC": 38517.018825,
        "ELL": 0.0012845391,
    },
    "Kilgarriff simple-maths example": {
        "LL_2term_Rayson": 9.97607,
        "LL_4term": 9.976072,
        "log_ratio": 0.88635,
        "pct_diff": 84.84933,
        "simple_maths_n1": 1.122429,
        "simple_maths_n100": 1.001428,
        "BIC": -11.261221,
        "ELL": 2e-09,
    },
}
OURS = {
    "LL_2term_Rayson": ("ll_2term", 1.0),
    "LL_4term": ("ll_4term", 1.0),
    "log_ratio": ("log_ratio", 1.0),
    "pct_diff": ("pct_diff", 1.0),
    "simple_maths_n1": ("simple_maths", 1.0),
    "simple_maths_n100": ("simple_maths", 100.0),
    "BIC": ("bic", 1.0),
}
# The "ELL" values above are UCREL's calculator, G² / (N ln E_min), kept to check the JSON; our
# ``ell`` follows Johnston et al. (2006) and is tested by hand below.
ORACLE = [
    pytest.param(
        case,
        measure,
        value,
        id=f"{OURS.get(measure, ('ucrel_' + measure.lower(),))[0]}"
        f"{'-n100' if measure.endswith('100') else ''}-{value}-{src}",
    )
    for case, (_, src) in CASES.items()
    for measure, value in EXPECTED[case].items()
]


@pytest.mark.parametrize(
    ("case", "measure", "expected"),
    [p for p in ORACLE if p.values[1] in OURS],  # noqa: PD011 (pytest ParameterSet)
)
def test_published_keyness(case: str, measure: str, expected: float) -> None:
    a, b, c, d = CASES[case][0]
    column, n = OURS[measure]
    got = keyness_scores([a], [b], [c], [d], simple_maths_n=n)[column][0]
    assert got == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("case", "measure", "expected"), ORACLE)
def test_values_are_the_published_json(published, case, measure, expected) -> None:
    assert published["keyness"][case][measure] == expected


def test_published_keyness_through_word_lists() -> None:
    # The toy case as two word lists: "x" 100 of 10,000 vs 50 of 100,000.
    target = pd.DataFrame({"term": ["x", "y"], "freq": [100, 9_900]})
    reference = pd.DataFrame({"term": ["x", "y"], "freq": [50, 99_950]})
    row = keyness(target, reference).set_index("term").loc["x"]
    assert row["ll_2term"] == pytest.approx(298.155822, abs=1e-6)
    assert row["ll_4term"] == pytest.approx(298.979538, abs=1e-6)
    assert row["log_ratio"] == pytest.approx(4.321928, abs=1e-6)
    assert row["pct_diff"] == pytest.approx(1900.0, abs=1e-6)


def test_external_list_with_reference_size() -> None:
    # Kilgarriff's example: an external list holding one word, with the corpus size given.
    target = pd.DataFrame({"term": ["w"], "freq": [35]})
    reference = pd.DataFrame({"term": ["w"], "freq": [263]})
    out = keyness(target, reference, target_size=112289776, reference_size=1559716979)
    assert out.loc[0, "simple_maths"] == pytest.approx(1.122429, abs=1e-6)
    assert out.attrs["reference_size"] == 1559716979
    assert "reference_size:1559716979" in out.attrs["signature"]


# quanteda tests/testthat/test-textstat_keyness.R: target d1, feature b (a=7, b=2, c=10, d=9).
QUANTEDA = [
    pytest.param("ll_4term", 4.534939, id="G2-4.534939-quanteda-keyness-correction-none"),
    pytest.param("p_ll_4term", 0.03321, id="p-G2-0.03321-quanteda-keyness"),
    pytest.param("chi2", 4.33716, id="chi2-4.33716-quanteda-keyness-correction-none"),
]


@pytest.mark.parametrize(("column", "expected"), QUANTEDA)
def test_quanteda_toy_from_token_tables(column: str, expected: float) -> None:
    d1 = tokenize_text("b b b b b b b a a a", doc="d1")
    d2 = tokenize_text("a a a a a a a b b", doc="d2")
    out = keyness(d1, d2, by="surface").set_index("term")
    assert out.loc["b", column] == pytest.approx(expected, abs=1e-6)
    assert out.loc["b", "freq_target"] == 7
    assert out.loc["a", "ll_4term"] < 0  # under-used in the target: negative


def test_quanteda_values_are_the_published_json(published) -> None:
    q = published["quanteda_keyness_toy"]
    assert (q["G2_none"], q["p_G2"], q["chi2_none"]) == (4.534939, 0.03321, 4.33716)


def test_against_scipy() -> None:
    rng = np.random.default_rng(3)
    c = rng.integers(1_000, 1_000_000, size=50)
    d = rng.integers(1_000, 1_000_000, size=50)
    a = rng.integers(0, 500, size=50)
    b = rng.integers(1, 500, size=50)
    s = keyness_scores(a, b, c, d)
    for i in range(50):
        observed = np.array([[a[i], b[i]], [c[i] - a[i], d[i] - b[i]]])
        g2, p_g2, _, expected = stats.chi2_contingency(
            observed, correction=False, lambda_="log-likelihood"
        )
        chi2, p_chi2, _, _ = stats.chi2_contingency(observed, correction=False)
        sign = np.sign(a[i] / c[i] - b[i] / d[i])
        # abs: scipy's xlogy sum loses ~1e-9 on a G² of 0.03 (case 27; ours matches a 50-digit
        # mpmath referee to 1e-15, the log1p form of corpus_tools.association.g2)
        assert s["ll_4term"][i] == pytest.approx(sign * g2, rel=1e-9, abs=1e-9)
        assert s["p_ll_4term"][i] == pytest.approx(p_g2, rel=1e-6)
        assert s["chi2"][i] == pytest.approx(sign * chi2, rel=1e-9)
        assert s["p_chi2"][i] == pytest.approx(p_chi2, rel=1e-6)
        # Rayson & Garside's 2-term form: the first row of the table only.
        ll2 = 2 * (xlogy(a[i], a[i] / expected[0, 0]) + xlogy(b[i], b[i] / expected[0, 1]))
        assert s["ll_2term"][i] == pytest.approx(sign * ll2, rel=1e-9)
        assert s["p_ll_2term"][i] == pytest.approx(stats.chi2.sf(ll2, 1), rel=1e-6)


def test_zero_frequencies() -> None:
    s = keyness_scores([5, 0], [0, 5], [1000, 1000], [2000, 2000])
    # Hardie: a zero frequency counts as 0.5.
    assert s["log_ratio"][0] == pytest.approx(np.log2((5 / 1000) / (0.5 / 2000)))
    assert s["log_ratio"][1] == pytest.approx(np.log2((0.5 / 1000) / (5 / 2000)))
    # Gabrielatos & Marchi: a zero reference frequency counts as 1e-18.
    assert s["pct_diff"][0] == pytest.approx(100 * (5 / 1000) / 1e-18)
    assert s["pct_diff"][1] == pytest.approx(-100.0)
    assert s["ll_2term"][0] > 0 > s["ll_2term"][1]
    assert np.isfinite(s["ll_4term"]).all()


def test_document_against_the_rest(seed_tokens) -> None:
    doc = seed_tokens["doc"].iloc[0]
    target = seed_tokens[seed_tokens["doc"] == doc]
    rest = seed_tokens[seed_tokens["doc"] != doc]
    out = keyness(target, rest)
    # The same result from word lists, and from the whole corpus with the target subtracted.
    via_lists = keyness(
        frequencies(target, by="norm", exclude="punct"),
        frequencies(rest, by="norm", exclude="punct"),
    )
    pd.testing.assert_frame_equal(out, via_lists)
    sub = keyness(target, seed_tokens, reference_includes_target=True)
    pd.testing.assert_frame_equal(out, sub)
    top = out.iloc[0]
    assert top["ll_2term"] > 0
    assert out["ll_2term"].is_monotonic_decreasing
    n_target = int((target["script"] != "punct").sum())
    assert out.attrs["target_size"] == n_target
    assert out["freq_target"].sum() == n_target
    assert out.attrs["signature"].startswith("annotator:rules")
    assert "analysis:keyness" in out.attrs["signature"]


def test_min_freq_and_sort() -> None:
    out = keyness(
        {"x": 3, "y": 0, "z": 5}, {"x": 1, "y": 4, "z": 5}, min_freq=1, sort_by="log_ratio"
    )
    assert out["term"].tolist() == ["x", "z"]
    with pytest.raises(ValueError, match="sort_by"):
        keyness({"x": 3}, {"x": 1}, sort_by="nonsense")


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="exceeds its corpus size"):
        keyness({"x": 3}, {"x": 1, "y": 10}, reference_includes_target=True)
    with pytest.raises(ValueError, match="sizes must be positive"):
        keyness({"x": 3}, {"x": 1}, reference_includes_target=True)
    with pytest.raises(TypeError, match="token table"):
        keyness(["x"], {"x": 1})


# --- CLI ---------------------------------------------------------------------------------------
def test_cli_keyness(seeds_dir, tmp_path, capsys) -> None:
    target = min(seeds_dir.glob("*.txt"))
    assert (
        main(
            [
                "keyness",
                str(target),
                str(seeds_dir),
                "--reference-includes-target",
                "--limit",
                "3",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3
    assert float(rows[0]["ll_2term"]) >= float(rows[1]["ll_2term"]) > 0

    # An external frequency list as reference.
    ref = tmp_path / "ref.csv"
    ref.write_text("term,freq\nsora,1\nفي,5000\n", encoding="utf-8")
    assert (
        main(["keyness", str(target), str(ref), "--reference-size", "100000", "--format", "jsonl"])
        == 0
    )
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    sora = next(r for r in lines if r["term"] == "sora")
    assert sora["freq_reference"] == 1
    assert sora["per_million_reference"] == pytest.approx(10.0)


def test_cli_keyness_bad_word_list(seeds_dir, tmp_path, capsys) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text("word,count\nx,1\n", encoding="utf-8")
    assert main(["keyness", str(seeds_dir), str(ref)]) == 2
    assert "needs the columns 'term' and 'freq'" in capsys.readouterr().err


# --- statistics worked by hand (issue #13) -----------------------------------------------------
def test_ell_hand_worked_johnston2006() -> None:
    # Rayson's toy: a=100, b=50, c=10,000, d=100,000. The 150 occurrences against shares 1/11 and
    # 10/11: G² = 2 (100 ln(100/13.636…) + 50 ln(50/136.36…)) = 298.155822; the largest G² for
    # 150 occurrences puts all of them in the smaller corpus: 2 · 150 · ln 11 = 719.368…
    g2_max = 2 * 150 * np.log(11)
    got = keyness_scores([100], [50], [10_000], [100_000])
    assert got["ell"][0] == pytest.approx(298.155822 / g2_max, abs=1e-8)
    assert got["ell"][0] == pytest.approx(0.414469, abs=1e-6)
    # All occurrences in the smaller corpus: ELL = 1; spread as the sizes predict: ELL = 0.
    extreme = keyness_scores([150, 10], [0, 100], [10_000] * 2, [100_000] * 2)["ell"]
    assert extreme[0] == pytest.approx(1.0, abs=1e-12)
    assert extreme[1] == pytest.approx(0.0, abs=1e-12)


def test_ell_stays_in_unit_interval_for_over_and_under_use() -> None:
    rng = np.random.default_rng(0)
    c, d = 20_000, 50_000
    a = rng.integers(0, 300, 500)
    b = rng.integers(0, 300, 500)
    got = keyness_scores(a, b, c, d)
    assert ((got["ell"] >= 0) & (got["ell"] <= 1)).all()
    f = a + b
    expected = np.abs(got["ll_2term"]) / (-2 * f * np.log(c / (c + d)))
    ok = f > 0
    np.testing.assert_allclose(got["ell"][ok], expected[ok], rtol=1e-12)


def test_log_ratio_sign_follows_ll_at_zero_frequency() -> None:
    # a = 0, b = 1 in a reference 1000× larger: Hardie's 0.5 alone gives log2((0.5/10)/(1/10000))
    # = +8.97, although the term is under-used (LL < 0). The value is 0 instead.
    got = keyness_scores([0, 0, 5], [1, 400, 0], [10, 10_000, 10_000], [10_000] * 3)
    assert got["ll_2term"][0] < 0
    assert got["log_ratio"][0] == 0.0
    # where the 0.5 agrees with the direction it is kept: log2((0.5/10000)/(400/10000))
    assert got["log_ratio"][1] == pytest.approx(np.log2(0.5 / 400), abs=1e-12)
    assert got["log_ratio"][2] == pytest.approx(np.log2(5 / 0.5), abs=1e-12)
    assert (np.sign(got["log_ratio"]) * np.sign(got["ll_2term"]) >= 0).all()


def test_keyness_statistics_come_from_the_association_registry() -> None:
    from corpus_tools.association import MEASURES

    a, b, c, d = np.array([7.0, 0.0, 40.0]), np.array([2.0, 3.0, 1.0]), 10.0 + 40, 9.0 + 40
    got = keyness_scores(a, b, c, d, statistics=("ll_4term", "chi2", "log_ratio"))
    assert list(got) == ["ll_4term", "chi2", "log_ratio"]
    for ours, theirs in (("ll_4term", "g2"), ("chi2", "chi2"), ("log_ratio", "log_ratio")):
        np.testing.assert_array_equal(got[ours], MEASURES[theirs](a, c, a + b, c + d))
    with pytest.raises(ValueError, match="unknown keyness statistic"):
        keyness_scores(a, b, c, d, statistics=("ll",))


def test_keyness_sizes_are_word_tokens_whatever_is_excluded() -> None:
    target = tokenize_text("في البيت قطة . في الحديقة كلب .", doc="t")
    reference = tokenize_text("في البيت كلب . كلب وقطة .", doc="r")
    both = keyness(target, reference, exclude=("punct", {"في"}))
    assert both.attrs["target_size"] == 6
    assert both.attrs["reference_size"] == 6  # وقطة is two words: و + قطة
    row = both.set_index("term").loc["كلب"]
    assert row["per_million_target"] == pytest.approx(1 / 6 * 1e6)
    counted = keyness(target, reference, exclude=("punct", {"في"}), normalize_by="counted")
    assert counted.attrs["target_size"] == 4
    assert counted.attrs["reference_size"] == 5
