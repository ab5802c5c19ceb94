"""Figures: Arabic shaping and order, fonts, palettes, captions, byte-reproducible output.

pytest turns warnings into errors, so every figure built here also proves that no glyph was
missing from the fonts (matplotlib warns "Glyph ... missing from font(s)").
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")

from corpus_tools import plotting as ctp

LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        pytest.param("OpenAI", "OpenAI", id="latin-only-unchanged"),
        pytest.param("شركة", "شركة", id="arabic-only-unchanged"),
        pytest.param("شركة OpenAI", f"شركة {LRI}OpenAI{PDI}", id="latin-run-isolated"),
        pytest.param("في 2024-05-01", f"في {LRI}2024-05-01{PDI}", id="date-kept-in-order"),
        pytest.param("نموذج GPT-4", f"نموذج {LRI}GPT-4{PDI}", id="hyphenated-model-name"),
        pytest.param("  شركة   Meta  ", f"شركة {LRI}Meta{PDI}", id="white-space-collapsed"),
    ],
)
def test_bidi_label(label, expected):
    assert ctp.bidi_label(label) == expected


def test_bidi_label_truncates_with_ellipsis():
    assert ctp.bidi_label("الذكاء الاصطناعي التوليدي", width=10) == "الذكاء…"  # whole words
    assert ctp.bidi_label("abcdefghijkl", width=6) == "abcde…"


def test_signature_label_isolates_arabic_values_and_breaks_at_bars():
    sig = "annotator:rules|node:الذكاء+شركة|version:0.1.0"
    out = ctp.signature_label(sig, width=20)
    assert out.split("\n") == [
        "annotator:rules|",
        "node:\u2067الذكاء\u2069+\u2067شركة\u2069|",
        "version:0.1.0",
    ]
    assert out.replace("\n", "").replace("\u2067", "").replace(PDI, "") == sig


def _layout(text: str):
    """Glyphs of ``text`` as matplotlib lays them out (private API, the renderer's own path)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import LoadFlags

    with ctp._style():
        prop = font_manager.FontProperties()
        files = font_manager.fontManager._find_fonts_by_props(prop)
    font = font_manager.get_font(files)
    font.set_size(12, 72)
    return list(font._layout(text, LoadFlags.NO_HINTING))


def test_noto_sans_arabic_is_registered_and_first():
    from matplotlib import font_manager

    family = ctp.register_fonts()
    assert family[0] == "Noto Sans Arabic"
    assert "Noto Sans Arabic" in {f.name for f in font_manager.fontManager.ttflist}
    assert ctp.figure_style()["font.family"] == list(family)


def test_arabic_letters_are_joined():
    """Shaping: ش inside «شركة» gets other glyphs (its initial form) than ش standing alone,
    and the word is drawn with the Noto Sans Arabic font."""

    def glyphs(text: str, char: str) -> set[int]:
        return {i.glyph_index for i in _layout(text) if i.char == char}

    in_word = glyphs("شركة", "ش")
    alone = glyphs("ش", "ش")
    assert in_word
    assert alone
    assert in_word != alone
    # a zero-width non-joiner blocks joining: then ش takes its isolated glyphs again
    assert glyphs("ش\u200cركة", "ش") == alone
    assert {i.ft_object.family_name for i in _layout("شركة")} == {"Noto Sans Arabic"}


def test_mixed_label_reads_right_to_left():
    """«شركة OpenAI»: the Arabic word is read first, so it sits to the right of the Latin one."""
    items = _layout(ctp.bidi_label("شركة OpenAI"))
    x = {i.char: i.x for i in items}
    assert x["ش"] > x["ة"]  # Arabic letters run right to left
    assert x["O"] < x["I"]  # the Latin word keeps left-to-right order
    assert x["I"] < x["ة"]  # and stands to the left of the Arabic word


def test_isolated_date_keeps_its_order():
    items = _layout(ctp.bidi_label("تاريخ 2024-05-01"))
    digits = "".join(
        i.char for i in sorted(items, key=lambda i: i.x) if i.char.isdigit() or i.char == "-"
    )
    assert digits == "2024-05-01"


def test_palette_is_okabe_ito():
    assert ctp.OKABE_ITO[:3] == ("#0072B2", "#D55E00", "#009E73")


@pytest.fixture(scope="module")
def plots(corpus, seed_tokens):
    from corpus_tools.loanwords import brand_heads, brand_mentions, brand_usage

    titles = {d.id: d.title for d in corpus}
    mentions = brand_mentions(corpus)
    usage = brand_usage(mentions, corpus)
    made = [
        ctp.corpus_overview(seed_tokens, titles),
        ctp.word_lists(seed_tokens),
        ctp.ngram_lists(seed_tokens),
        ctp.frequency_dispersion(seed_tokens),
        ctp.keyness_by_document(seed_tokens, titles=titles),
        ctp.collocates(seed_tokens),
        ctp.measure_comparison(seed_tokens),
        ctp.collocation_graph(seed_tokens),
        ctp.brand_scripts(mentions),
        ctp.spelling_variants(mentions),
        ctp.brand_clitics(mentions),
        ctp.classifier_nouns(usage, brand_heads(mentions, corpus)),
        ctp.brand_dispersion(mentions, corpus),
        ctp.brand_heatmap(mentions, titles=titles),
    ]
    return {p.name: p for p in made}, mentions


def test_every_figure_renders_with_signature_and_table(plots):
    made, _ = plots
    assert len(made) == 14  # names are unique
    for name, plot in made.items():
        png = plot.png()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert plot.signature.endswith("|version:0.1.0"), name
        assert plot.signature in plot.full_caption
        assert len(plot.table) > 0, name
        assert plot.csv().decode("utf-8").count("\n") == len(plot.table) + 1, name


def test_word_list_counts_match_an_independent_count(plots, seed_tokens):
    made, _ = plots
    table = made["freq_word_lists"].table
    surface = table[table["by"] == "surface"]
    from corpus_tools.frequency import exclude_mask

    kept = seed_tokens[~exclude_mask(seed_tokens, ("punct", "digits", "stopwords", "residue"))]
    counts = Counter(kept["surface"])
    for term, freq in zip(surface["term"], surface["freq"], strict=True):
        assert counts[term] == freq
    assert surface["term"].iloc[0] == "الاصطناعي"
    assert surface.loc[surface["term"] == "OpenAI", "freq"].item() == counts["OpenAI"]


def test_corpus_overview_counts_every_token(plots, seed_tokens):
    table = plots[0]["corpus_overview"].table
    scripts = [c for c in ("arabic", "latin", "digit", "punct", "other") if c in table.columns]
    assert int(table[scripts].to_numpy().sum()) == len(seed_tokens)
    latin_001 = table.loc[table["doc"] == "001_d764068c8b4cb97f", "latin"].item()
    doc = seed_tokens[seed_tokens["doc"] == "001_d764068c8b4cb97f"]
    assert latin_001 == int((doc["script"] == "latin").sum())


def test_brand_figures_count_the_mentions(plots):
    made, mentions = plots
    brands = mentions[mentions["category"] == "brand"]
    scripts = made["loanwords_brand_scripts"].table
    top = brands["brand"].value_counts()
    for brand, total in zip(scripts["brand"], scripts["total"], strict=True):
        assert top[brand] == total
    heat = made["loanwords_doc_brand"].table.set_index("doc")
    for brand in heat.columns:
        per_doc = brands[brands["brand"] == brand].groupby("doc").size()
        assert heat[brand].sum() == per_doc.sum()
    disp = made["loanwords_dispersion"].table
    assert disp["position"].between(0, 1).all()


def test_measure_comparison_ranks_are_consistent(plots):
    table = plots[0]["collocation_measures"].table
    for m in ("log_dice", "g2", "mi"):
        order = table.sort_values(m, ascending=False, kind="stable")
        assert np.all(np.diff(order[f"rank_{m}"].to_numpy()) >= 0)


def _png_chunks(png: bytes) -> list[bytes]:
    pos, names = 8, []
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        names.append(png[pos + 4 : pos + 8])
        pos += 12 + length
    return names


def test_output_is_byte_reproducible(seed_tokens):
    """Two independent builds of a figure give identical PNG, SVG and CSV bytes."""
    a = ctp.collocation_graph(seed_tokens)
    b = ctp.collocation_graph(seed_tokens)
    assert a.png() == b.png()
    assert a.svg() == b.svg()
    assert a.csv() == b.csv()
    assert b"tIME" not in _png_chunks(a.png())  # no timestamp chunk
    svg = a.svg().decode("utf-8")
    assert "<dc:date>" not in svg
    assert re.search(r"Matplotlib v[0-9.]+", svg)  # the pinned version is recorded, nothing else


def test_svg_hash_salt_fixes_clip_path_ids(seed_tokens):
    """The plot saves with its own ``svg.hashsalt``, whatever the caller's rcParams say."""
    import matplotlib as mpl

    first = ctp.corpus_overview(seed_tokens).svg()
    with mpl.rc_context({"svg.hashsalt": "something-else"}):
        second = ctp.corpus_overview(seed_tokens).svg()
    assert first == second
    assert re.findall(r'clip-path="url\(#(p[0-9a-f]{10})\)"', first.decode())


def test_save_writes_png_svg_and_csv(tmp_path, seed_tokens):
    plot = ctp.ngram_lists(seed_tokens).save(tmp_path)
    assert (tmp_path / "figures" / "freq_ngrams.png").read_bytes() == plot.png()
    assert (tmp_path / "figures" / "freq_ngrams.svg").read_bytes().startswith(b"<?xml")
    table = pd.read_csv(tmp_path / "tables" / "freq_ngrams.csv")
    assert list(table.columns) == ["n", "rank", "term", "freq", "range"]
    assert table.loc[0, "term"] == "الذكاء الاصطناعي"


def test_notebook_display_bundle(seed_tokens):
    import base64

    plot = ctp.corpus_overview(seed_tokens)
    bundle = plot._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == plot.png()
    assert plot.signature in bundle["text/plain"]


def test_display_forms_pick_the_most_frequent_spelling(seed_tokens):
    forms = ctp.display_forms(seed_tokens)
    assert forms["openai"] == "OpenAI"
    assert forms["ibm"] == "IBM"
    assert ctp.display_forms(seed_tokens, by="surface") == {}
