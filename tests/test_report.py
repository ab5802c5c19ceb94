"""The report: data helpers, notebook cleaning, the HTML page, and the full build on the seeds.

``test_build_report`` executes every notebook with nbclient (so a broken notebook fails CI),
checks the figures, tables and the self-contained HTML, and compares each file with the
committed ``reports/`` byte for byte (skipped, with the reason, when no report is committed).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import report as rp

ROOT = Path(__file__).resolve().parents[1]

FIGURES = (
    "corpus_overview",
    "freq_word_list",
    "freq_ngrams",
    "freq_dispersion",
    "keyness_by_document",
    "collocates",
    "collocation_measures",
    "collocation_network",
    "loanwords_brand_scripts",
    "loanwords_script_by_document",
    "loanwords_spelling_variants",
    "loanwords_clitics",
    "loanwords_frames",
    "loanwords_dispersion",
)


def test_data_date_of_the_seeds(corpus):
    # seed 003: «يومي 10 و11 فبراير 2025» is the newest date any seed mentions (hand-checked
    # with grep over the four files: 26 نوفمبر 2024, 29 يناير 2025, 11 فبراير 2025).
    assert rp.data_date(corpus) == "2025-02-11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("في 26 نوفمبر 2024 ظهر", "2024-11-26", id="day-month-year"),
        pytest.param("يومي 10 و11 فبراير 2025", "2025-02-11", id="day-range-takes-the-later-day"),
        pytest.param("في أكتوبر 2023 ثم في مايو 2021", "2023-10", id="month-year-only"),
        pytest.param("لا تاريخ هنا 2024", None, id="bare-year-is-not-a-date"),
    ],
)
def test_data_date_parses_arabic_dates(text, expected):
    from corpus_tools.corpus import Corpus, Document

    doc = Document(id="x", title="x", text=text, path=Path("x.txt"), sha256="0")
    assert rp.data_date(Corpus((doc,))) == expected


def _executed_like():
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook()
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    md = new_markdown_cell("# Title\n\nنص عربي عن الذكاء الاصطناعي")
    code = new_code_cell("print(1)", execution_count=7)
    code.metadata["execution"] = {"iopub.execute_input": "2026-11-22T10:00:00.000Z"}
    code.outputs = [new_output("stream", name="stdout", text="/home/me/work/main/reports\n")]
    nb.cells = [md, code]
    return nbformat.from_dict(nb)


def test_clean_notebook_strips_run_specific_metadata():
    nb = rp.clean_notebook(_executed_like(), {"/home/me/work/main": "."})
    assert set(nb.metadata) == {"kernelspec"}
    assert [c["id"] for c in nb.cells] == ["cell-01", "cell-02"]
    code = nb.cells[1]
    assert "execution" not in code.metadata
    assert code.execution_count == 1
    assert code.outputs[0]["text"] == "./reports\n"


def _info(**kw):
    base = {
        "signature": "annotator:rules|version:0.1.0",
        "annotator": "rules",
        "data_date": "2025-02-11",
        "corpus_sha256": "ab" * 32,
        "n_documents": 4,
        "reproduce": "nox -s report",
    }
    return rp.PageInfo(**(base | kw))


def test_render_report_header_and_directions():
    nb = rp.clean_notebook(_executed_like())
    page = rp.render_report([("01_x", nb)], _info())
    assert page.startswith("<!DOCTYPE html>")
    assert "annotator:rules|version:0.1.0" in page
    assert "2025-02-11" in page
    assert '<div dir="rtl"><p>نص عربي' in page  # Arabic narrative laid out right to left
    assert '<section id="01_x"><h2>Title</h2>' in page
    assert "nox -s report" in page
    assert page.index('id="findings"') < page.index('id="01_x"') < page.index('id="limitations"')
    assert "4 articles" in page  # the limitations say how small the corpus is
    assert '@font-face{font-family:"Noto Sans Arabic"' in page


def _findings_notebook(findings):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    nb = new_notebook()
    cell = new_code_cell("ctr.corpus_findings(overview)", execution_count=1)
    bundle = findings._repr_mimebundle_()
    cell.outputs = [new_output("display_data", data=bundle)]
    nb.cells = [cell]
    return nbformat.from_dict(nb)


def test_findings_cite_table_values_and_reach_the_top_of_the_page():
    table = pd.DataFrame(
        {"brand": ["OpenAI", "Google", "Meta"], "latin": [26, 0, 4], "total": [26, 8, 6]}
    )
    source = rp.Table("scripts", table)
    span = rp.num(source, "latin", brand="OpenAI")
    assert span.endswith(">26</span>")
    assert 'data-table="scripts"' in span
    assert 'data-col="latin"' in span
    assert rp.num(source, "total", agg="sum").endswith(">40</span>")  # 26 + 8 + 6
    assert rp.num(source, "brand", agg="count", latin=0).endswith(">1</span>")
    share = pd.DataFrame({"brand": ["x"], "share": [4 / 6]})
    assert rp.num(rp.Table("s", share), "share", ".0%").endswith(">67%</span>")
    with pytest.raises(ValueError, match="no row"):
        rp.num(source, "latin", brand="Apple")
    found = rp.Findings("loanwords", f"OpenAI: {span} of 26.")
    page = rp.render_report([("04_x", _findings_notebook(found))], _info())
    top = page[page.index('id="findings"') : page.index("</section>")]
    assert "Scripts and spellings." in top
    assert span in top
    assert '<div class="findings">' in page[page.index('id="04_x"') :]  # closes its section


def test_format_table_formats_shares_decimals_and_arabic():
    frame = pd.DataFrame({"brand": ["جوجل", "OpenAI"], "share": [0.25, 1.0], "n": [1234, 5]})
    html = rp.format_table(frame, percent=["share"])._repr_html_()
    assert '<td dir="rtl">جوجل</td>' in html
    assert '<td class="n">25%</td>' in html
    assert '<td class="n">100%</td>' in html
    assert '<td class="n">1,234</td>' in html


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("nbclient")
    pytest.importorskip("mistune")
    out = tmp_path_factory.mktemp("report")
    result = rp.build_report(
        out / "reports",
        seeds=ROOT / "seeds",
        notebooks=ROOT / "notebooks",
        dataset_dir=out / "dataset",
    )
    return result


@pytest.mark.slow
def test_build_report_writes_figures_tables_and_notebooks(built):
    out = built.out_dir
    for name in FIGURES:
        png = (out / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG"), name
        assert (out / "figures" / f"{name}.svg").read_bytes().startswith(b"<?xml"), name
        assert len(pd.read_csv(out / "tables" / f"{name}.csv")) > 0, name
    names = sorted(p.stem for p in (out / "notebooks").glob("*.ipynb"))
    assert names == list(rp.NOTEBOOKS)
    for path in (out / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text("utf-8"))
        for cell in nb["cells"]:
            assert "execution" not in cell["metadata"]
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error"
                assert output.get("name") != "stderr"


@pytest.mark.slow
def test_build_report_html_is_self_contained(built, corpus):
    page = (built.out_dir / "report.html").read_text("utf-8")
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert "<link " not in page
    assert "<script src" not in page
    assert built.signature in page
    assert "2025-02-11" in page
    assert corpus.sha256 in page
    assert 'dir="rtl"' in page
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(FIGURES)
    assert '<section id="findings">' in page
    assert '<section id="limitations">' in page
    assert "not tested here" in page  # the dataset section says the push is untested
    figure_bytes = {(built.out_dir / "figures" / f"{n}.png").read_bytes() for n in FIGURES}
    assert {base64.b64decode(i) for i in images} == figure_bytes


@pytest.mark.slow
def test_build_report_findings_numbers_are_the_tables(built):
    """Every number the findings cite is the value of its table (CSV read back here)."""
    import html as html_lib

    page = (built.out_dir / "report.html").read_text("utf-8")
    top = page[page.index('id="findings"') : page.index("<nav>")]
    spans = re.findall(r'<span class="num" ([^>]*)>([^<]*)</span>', top)
    assert len(spans) >= 20
    for attrs, text in spans:
        data = {k: html_lib.unescape(v) for k, v in re.findall(r'data-(\w+)="([^"]*)"', attrs)}
        table = pd.read_csv(built.out_dir / "tables" / f"{data['table']}.csv")
        value = rp.select(table, json.loads(data["where"]), data["col"], data["agg"])
        if data["fmt"].endswith("d"):
            value = int(value)
        assert format(value, data["fmt"]) == html_lib.unescape(text), data


@pytest.mark.slow
def test_build_report_leaks_no_path(built):
    leaks = [str(built.out_dir.parent), str(ROOT), str(Path.home())]
    for path in built.out_dir.rglob("*"):
        if path.suffix in (".ipynb", ".html", ".csv", ".svg"):
            text = path.read_text("utf-8")
            assert not [p for p in leaks if p in text], path


@pytest.mark.slow
def test_committed_report_is_what_the_code_produces(built):
    committed = ROOT / "reports"
    if not (committed / "report.html").is_file():
        pytest.skip("no committed report under reports/ (build it with `nox -s report`)")
    for row in built.files.itertuples(index=False):
        mine = (built.out_dir / row.path).read_bytes()
        theirs = committed / row.path
        assert theirs.is_file(), f"reports/{row.path} is not committed"
        assert theirs.read_bytes() == mine, (
            f"reports/{row.path} differs: rebuild with `nox -s report`"
        )
    produced = set(built.files["path"])
    stale = [
        p.relative_to(committed).as_posix()
        for p in committed.rglob("*")
        if p.is_file()
        and p.relative_to(committed).parts[0] in ("figures", "tables", "notebooks")
        and p.relative_to(committed).as_posix() not in produced
    ]
    assert not stale, f"stale files in reports/: {stale}"


@pytest.mark.slow
@pytest.mark.stanza
def test_stanza_variant_counts_lemmas_and_names_the_model(stanza_dir, tmp_path, monkeypatch):
    """`nox -s report -- --annotator stanza`: the variant CI builds with the shared test models."""
    pytest.importorskip("nbclient")
    monkeypatch.setenv("CORPUS_TOOLS_STANZA_DIR", str(stanza_dir))
    monkeypatch.setenv("CORPUS_TOOLS_CACHE_DIR", str(tmp_path / "cache"))
    result = rp.build_report(
        tmp_path / "reports" / "stanza",
        annotator="stanza",
        seeds=ROOT / "seeds",
        notebooks=ROOT / "notebooks",
        dataset_dir=tmp_path / "dataset",
    )
    page = (result.out_dir / "report.html").read_text("utf-8")
    assert "annotator:stanza" in result.signature
    assert "model:ar:" in result.signature
    assert result.signature in page
    words = pd.read_csv(result.out_dir / "tables" / "freq_word_list.csv")
    assert len(words) > 0
    assert "by:lemma" in page  # the word list of the stanza variant counts lemmas
    for path in (result.out_dir / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            assert all(o["output_type"] != "error" for o in cell.get("outputs", []))


def test_web_fonts_are_subset_reproducibly():
    """The embedded fonts keep the source font's timestamp, so two builds give the same bytes."""
    from fontTools.ttLib import TTFont

    from corpus_tools.plotting import font_path
    from corpus_tools.report import fonts

    ranges = fonts.WEB_FONTS["Noto Sans Arabic"]
    first = fonts._subset("Noto Sans Arabic", ranges)
    assert fonts._subset("Noto Sans Arabic", ranges) == first
    import io

    source = TTFont(str(font_path("Noto Sans Arabic")))
    subset = TTFont(io.BytesIO(first))
    assert subset["head"].modified == source["head"].modified
    assert 0x0634 in subset.getBestCmap()  # ش is kept, with the joining features
    assert "init" in {f.FeatureTag for f in subset["GSUB"].table.FeatureList.FeatureRecord}
