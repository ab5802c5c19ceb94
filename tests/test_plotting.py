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

    with ctp.style():
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


CONTENT = ("punct", "digits", "stopwords", "residue")
NODES = ("الذكاء", "شركة", "OpenAI", "Meta")
MEASURES = ("log_dice", "g2", "mi", "t")


@pytest.fixture(scope="module")
def results(corpus, seed_tokens):
    """The analyses' result tables the figures draw (computed once, outside plotting)."""
    import corpus_tools as ct

    tokens = seed_tokens
    titles = {d.id: d.title for d in corpus}
    mentions = ct.brand_mentions(corpus)
    wl = ct.frequencies(tokens, by="norm", exclude=CONTENT)
    keywords = {
        d: ct.keyness(tokens[tokens.doc == d], tokens[tokens.doc != d], exclude=CONTENT, min_freq=2)
        for d in titles
    }
    found = ct.collocations(
        tokens,
        node=list(NODES),
        measures=("log_dice", "g2"),
        min_cofreq=2,
        top=None,
        exclude=("punct", "residue", "stopwords"),
    )
    compared = ct.collocations(
        tokens,
        node="شركة",
        measures=MEASURES,
        min_cofreq=2,
        top=None,
        exclude=("punct", "residue", "stopwords"),
    )
    edges = ct.collocation_network(
        tokens, list(NODES), top=5, min_cofreq=2, exclude=("punct", "residue", "stopwords")
    )
    heads = pd.DataFrame(
        {
            "brand": ["OpenAI", "OpenAI", "Meta"],
            "head": ["شركة", "منصة", "شركة"],
            "count": [7, 1, 3],
        }
    )
    heads.attrs["signature"] = mentions.attrs["signature"]
    totals = pd.DataFrame({"brand": ["OpenAI", "Meta", "Sora"], "total": [26, 6, 17]})
    variants = (
        mentions[mentions["category"] == "brand"]
        .groupby(["brand", "surface", "script"])
        .size()
        .reset_index(name="count")
        .rename(columns={"surface": "variant"})
        .sort_values(["brand", "count"], ascending=[True, False], kind="stable")
    )
    variants.attrs["signature"] = mentions.attrs["signature"]
    return {
        "tokens": tokens,
        "titles": titles,
        "mentions": mentions,
        "wl": wl,
        "keywords": keywords,
        "found": found,
        "compared": compared,
        "edges": edges,
        "heads": heads,
        "totals": totals,
        "variants": variants,
        "forms": ctp.display_forms(tokens),
        "lengths": {d.id: len(d.text) for d in corpus},
        "ngrams": {
            n: ct.frequencies(tokens, by="norm", ngram=n, exclude=CONTENT, min_freq=2)
            for n in (2, 3)
        },
    }


@pytest.fixture(scope="module")
def plots(results):
    r = results
    forms = r["forms"]
    made = [
        ctp.corpus_overview(r["tokens"], r["titles"]),
        ctp.word_list(r["wl"], forms=forms),
        ctp.ngram_lists(r["ngrams"], forms=forms),
        ctp.frequency_dispersion(r["wl"], forms=forms),
        ctp.keyness_by_document(r["keywords"], titles=r["titles"], forms=forms),
        ctp.collocates(r["found"], forms=forms),
        ctp.measure_comparison(r["compared"], measures=MEASURES, forms=forms),
        ctp.collocation_graph(r["edges"], forms=forms),
        ctp.brand_scripts(r["mentions"]),
        ctp.script_by_document(r["mentions"], titles=r["titles"]),
        ctp.spelling_variants(r["variants"]),
        ctp.brand_clitics(r["mentions"]),
        ctp.brand_frames(r["heads"], r["totals"]),
        ctp.brand_dispersion(r["mentions"], r["lengths"], titles=r["titles"]),
    ]
    return {p.name: p for p in made}, r["mentions"]


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


def test_plotting_draws_and_never_computes():
    """The plotting package imports no analysis module (it draws the tables it is given)."""
    import ast
    from pathlib import Path

    analyses = {
        "frequency",
        "keyness",
        "collocations",
        "association",
        "loanwords",
        "annotate",
        "tokenize",
        "dataset",
        "kwic",
    }
    folder = Path(ctp.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                assert not (
                    parts[0] == "corpus_tools" and len(parts) > 1 and parts[1] in analyses
                ), (path.name, node.module)


def test_word_list_draws_the_word_list_it_is_given(plots, seed_tokens):
    made, _ = plots
    table = made["freq_word_list"].table
    from corpus_tools.frequency import exclude_mask

    kept = seed_tokens[~exclude_mask(seed_tokens, CONTENT)]
    counts = Counter(kept["norm"])
    for term, freq in zip(table["term"], table["freq"], strict=True):
        assert counts[term] == freq
    most = max(counts.values())  # the word list sorts by frequency, then by term
    assert table["term"].iloc[0] == min(t for t, c in counts.items() if c == most)
    assert table.loc[table["term"] == "openai", "label"].item() == "OpenAI"  # display form


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
    assert scripts["total"].sum() == len(brands)  # the last row gathers the rare brands
    assert scripts["brands"].sum() == brands["brand"].nunique()
    top = brands["brand"].value_counts()
    named = scripts[scripts["brands"] == 1]
    for brand, total in zip(named["brand"], named["total"], strict=True):
        assert top[brand] == total
    by_doc = made["loanwords_script_by_document"].table
    for row in by_doc.itertuples(index=False):
        sub = brands[(brands["brand"] == row.brand) & (brands["doc"] == row.doc)]
        assert (row.latin, row.arabic) == (
            int((sub["script"] == "latin").sum()),
            int((sub["script"] == "arabic").sum()),
        )
        assert row.choice == (
            "mixed" if row.latin and row.arabic else "latin" if row.latin else "arabic"
        )
    clitics = made["loanwords_clitics"].table
    assert clitics["count"].sum() == len(brands)
    assert clitics.loc[clitics["attached"], "count"].sum() == int((brands["clitic"] != "").sum())
    disp = made["loanwords_dispersion"].table
    assert disp["position"].between(0, 1).all()


def test_brand_frames_split_mentions_into_frames_and_bare(plots):
    table = plots[0]["loanwords_frames"].table.set_index("brand")
    # hand-made heads: OpenAI 7 شركة + 1 منصة of 26; Meta 3 شركة of 6; Sora none of 17
    assert table.loc["OpenAI", ["شركة", "منصة", "bare", "framed"]].tolist() == [7, 1, 18, 8]
    assert table.loc["Meta", ["شركة", "bare"]].tolist() == [3, 3]
    assert table.loc["Sora", "bare"] == 17
    assert not table.loc["Sora", "has_frame"]


def test_collocates_keep_only_attracted_pairs(plots):
    table = plots[0]["collocates"].table
    assert (table["g2"] > 0).all()
    assert table.groupby("node")["rank"].min().eq(1).all()


def test_measure_comparison_ranks_are_consistent(plots):
    table = plots[0]["collocation_measures"].table
    for m in MEASURES:
        order = table.sort_values(m, ascending=False, kind="stable")
        assert np.all(np.diff(order[f"rank_{m}"].to_numpy()) >= 0)
    ranks = table[[f"rank_{m}" for m in MEASURES]]
    assert table["robust"].tolist() == (ranks <= 8).all(axis=1).tolist()


def test_keyness_panels_share_one_signature_without_sizes(plots):
    sig = plots[0]["keyness_by_document"].signature
    assert "reference:other-documents" in sig
    assert "target_size" not in sig


def _png_chunks(png: bytes) -> list[bytes]:
    pos, names = 8, []
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        names.append(png[pos + 4 : pos + 8])
        pos += 12 + length
    return names


def test_output_is_byte_reproducible(results):
    """Two independent builds of a figure give identical PNG, SVG and CSV bytes."""
    a = ctp.collocation_graph(results["edges"], forms=results["forms"])
    b = ctp.collocation_graph(results["edges"], forms=results["forms"])
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


def test_save_writes_png_svg_and_csv(tmp_path, results):
    plot = ctp.ngram_lists(results["ngrams"], forms=results["forms"]).save(tmp_path)
    assert (tmp_path / "figures" / "freq_ngrams.png").read_bytes() == plot.png()
    assert (tmp_path / "figures" / "freq_ngrams.svg").read_bytes().startswith(b"<?xml")
    table = pd.read_csv(tmp_path / "tables" / "freq_ngrams.csv")
    assert list(table.columns) == ["n", "rank", "term", "freq", "label", "range"]
    assert table.loc[0, "term"] == "الذكاء الاصطناعي"


def test_notebook_display_bundle(seed_tokens):
    import base64

    plot = ctp.corpus_overview(seed_tokens)
    bundle = plot._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == plot.png()
    assert plot.signature in bundle["text/plain"]
    meta = bundle["application/vnd.corpus-tools.plot+json"]
    assert meta["caption"] == plot.caption
    assert meta["signature"] == plot.signature


def test_display_forms_pick_the_most_frequent_spelling(seed_tokens):
    forms = ctp.display_forms(seed_tokens)
    assert forms["openai"] == "OpenAI"
    assert forms["ibm"] == "IBM"
    assert ctp.display_forms(seed_tokens, by="surface") == {}
    assert ctp.show_term(forms, "شركة openai") == "شركة OpenAI"
