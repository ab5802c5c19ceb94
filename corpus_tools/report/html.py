"""The report page: one self-contained HTML file gathering the executed notebooks.

Layout: a header (title, research question, signature in a collapsible block), the contents,
the findings of every section (``id="findings"``, collected from the notebooks' findings
blocks), one section per notebook (each closing with its findings), and the limitations. Figures
are embedded as base64 PNG with their Markdown caption; the fonts are embedded too
(:mod:`corpus_tools.report.fonts`), so the file needs nothing else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpus_tools._version import __version__
from corpus_tools.charsets import HAS_ARABIC, LATIN_LETTER
from corpus_tools.plotting.figure import PLOT_MIME
from corpus_tools.report.findings import FINDINGS_MIME
from corpus_tools.report.fonts import font_face_css

__all__ = ["TITLE", "PageInfo", "direction", "render_report"]

TITLE = "English brand names in Arabic AI news: a corpus_tools report"
QUESTION = (
    "How do Arabic news articles write English brand names: in which script and how "
    "consistently, with which competing spellings, with which clitics and introducing nouns, and "
    "among which words?"
)
_SECTION_NAMES = {
    "corpus": "The corpus",
    "frequencies": "Frequencies and keywords",
    "collocations": "Collocations",
    "loanwords": "Scripts and spellings",
    "clitics": "Clitics",
    "frames": "Company-noun frames",
    "dataset": "The dataset",
}

_CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans","Noto Sans Arabic",sans-serif;max-width:1100px;margin:0 auto;
padding:1rem;line-height:1.6;color:#1a1a1a;overflow-wrap:break-word}
[dir=rtl],.ar{font-family:"Noto Sans Arabic","Noto Sans",sans-serif}
header{border-bottom:2px solid #0072B2;margin-bottom:1.5rem}
h1{font-size:1.6rem;line-height:1.3}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}
code{font-family:"Noto Sans","Noto Sans Arabic",sans-serif;background:#f3f3f3;padding:0 .2em;
border-radius:3px;overflow-wrap:anywhere}
pre{font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;background:#f6f6f6;padding:.6rem;
overflow-x:auto;direction:ltr;text-align:left;max-width:100%}
pre code{background:none;font-family:inherit}
code.sig{display:block;font-size:.75rem;word-break:break-all;white-space:normal}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;display:block;margin:0 auto}
figcaption{font-size:.9rem;color:#333;margin-top:.4rem}figcaption p{margin:.3rem 0}
.table-wrap,.output{max-width:100%;overflow-x:auto}.table-wrap td[dir=rtl]{min-width:14em}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
td,th{border:1px solid #ccc;padding:.2rem .5rem;unicode-bidi:plaintext}td.n{text-align:right;
font-variant-numeric:tabular-nums}
details{margin:.4rem 0}summary{cursor:pointer;color:#0072B2}
.findings{background:#eef6fb;border-left:4px solid #0072B2;padding:.5rem 1rem;margin:1.2rem 0}
#findings li{margin:.4rem 0}.num{font-weight:600}
.rtl{direction:rtl;text-align:right}
dl.meta dt{font-weight:bold;margin-top:.4rem}dl.meta dd{margin-left:1.2rem}
@media (max-width:600px){body{padding:.6rem;font-size:15px}h1{font-size:1.3rem}
dl.meta dd{margin-left:.4rem}}
""".strip()


@dataclass
class PageInfo:
    """What the header and the limitations say about the build."""

    signature: str
    annotator: str
    data_date: str | None
    corpus_sha256: str
    n_documents: int
    dataset_signature: str = ""
    reproduce: str = ""


def direction(text: str) -> str:
    """``rtl`` when Arabic letters outnumber Latin ones in the visible text, else ``ltr``."""
    visible = re.sub(r"<[^>]+>", " ", text)
    arabic = len(HAS_ARABIC.findall(visible))
    latin = len(re.findall(f"[{LATIN_LETTER}]", visible))
    return "rtl" if arabic > latin else "ltr"


def _markdown(text: str, shift: int = 1) -> str:
    """Markdown → HTML; headings move down ``shift`` levels (a notebook is one section)."""
    import mistune

    rendered = str(mistune.html(text))
    if shift:
        rendered = re.sub(
            r"<(/?)h([1-6])>",
            lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}>",
            rendered,
        )
    return rendered


def _join(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _figure(data: dict[str, Any]) -> str:
    meta = data.get(PLOT_MIME) or {}
    caption = str(meta.get("caption") or _join(data.get("text/plain", "")))
    png = _join(data["image/png"]).replace("\n", "")
    sig = str(meta.get("signature") or "")
    sig_html = (
        f'<details><summary>signature</summary><code class="sig">{html.escape(sig)}</code></details>'
        if sig
        else ""
    )
    alt = html.escape(re.sub(r"[`*]", "", caption), quote=True)
    return (
        f'<figure><img src="data:image/png;base64,{png}" alt="{alt}">'
        f"<figcaption>{_markdown(caption, 0)}{sig_html}</figcaption></figure>"
    )


def _findings_html(data: dict[str, Any]) -> str:
    body = _markdown(str(data[FINDINGS_MIME]["markdown"]), 0)
    return f'<div class="findings"><strong>Findings.</strong> {body}</div>'


def _html_html(data: dict[str, Any]) -> str:
    body = _join(data["text/html"])
    return f'<div dir="{direction(body)}" class="output">{body}</div>'


def _markdown_html(data: dict[str, Any]) -> str:
    body = _markdown(_join(data["text/markdown"]))
    return f'<div dir="{direction(body)}">{body}</div>'


def _plain_html(data: dict[str, Any]) -> str:
    return f"<pre>{html.escape(_join(data['text/plain']))}</pre>"


#: How a display output is shown, by the first of its MIME types found in this order.
_RENDERERS = (
    (FINDINGS_MIME, _findings_html),
    ("image/png", _figure),
    ("text/html", _html_html),
    ("text/markdown", _markdown_html),
    ("text/plain", _plain_html),
)


def _output_html(out: Any) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f"<pre>{html.escape(_join(out.get('text', '')))}</pre>"
    data = out.get("data", {}) if kind in ("display_data", "execute_result") else {}
    return next((render(data) for mime, render in _RENDERERS if mime in data), "")


def _cell_html(cell: Any, show_code: bool) -> str:
    if cell.cell_type == "markdown":
        body = _markdown(_join(cell.source))
        return f'<div dir="{direction(body)}">{body}</div>'
    if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
        return ""
    parts = []
    src = _join(cell.source).strip()
    if show_code and src:
        parts.append(
            f"<details><summary>code</summary><pre><code>{html.escape(src)}</code></pre></details>"
        )
    parts.extend(_output_html(out) for out in cell.get("outputs", []))
    return "\n".join(p for p in parts if p)


def _notebook_title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", _join(cell.source), re.MULTILINE)
            if m:
                return m.group(1).strip()
    return fallback


def _section(name: str, nb: Any, show_code: bool) -> tuple[str, str]:
    title = _notebook_title(nb, name)
    cells = []
    for i, cell in enumerate(nb.cells):
        if i == 0 and cell.cell_type == "markdown" and re.match(r"^#\s+", _join(cell.source)):
            rest = re.sub(r"^#\s+.+\n?", "", _join(cell.source), count=1)
            body = _markdown(rest) if rest.strip() else ""
            cells.append(f'<div dir="{direction(body)}">{body}</div>' if body else "")
            continue
        cells.append(_cell_html(cell, show_code))
    body = "\n".join(c for c in cells if c)
    return title, (
        f'<section id="{name}"><h2>{html.escape(title)}</h2>\n{body}\n'
        f"<p><small>Notebook: <code>notebooks/{name}.ipynb</code> (executed copy in "
        f"<code>notebooks/</code> next to this page)</small></p></section>"
    )


def _findings(notebooks: Sequence[tuple[str, Any]]) -> str:
    items = []
    for _name, nb in notebooks:
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                found = out.get("data", {}).get(FINDINGS_MIME)
                if found:
                    label = _SECTION_NAMES.get(found["section"], found["section"])
                    body = _markdown(str(found["markdown"]), 0).strip()
                    body = re.sub(r"^<p>(.*)</p>$", r"\1", body, flags=re.DOTALL)
                    items.append(f"<li><strong>{html.escape(label)}.</strong> {body}</li>")
    return (
        '<section id="findings"><h2>Findings</h2>'
        "<p>Every number below is read from the tables of this build (<code>tables/*.csv</code>, "
        "one per figure); the sections after this one show the figures. Articles are named by "
        "the number their id starts with (the corpus section lists them).</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def _limitations(info: PageInfo) -> str:
    lexicon = re.search(r"lexicon:([^|]+)", info.dataset_signature or info.signature)
    segmented = "segmentation:clitics" in info.signature
    annot = (
        "the deterministic rules annotator (tokens, sentences, normalised forms"
        + (
            ", proclitics split off by rule; no lemmas or part-of-speech tags, so words are "
            "counted as normalised forms"
            if segmented
            else "; no lemmas or part-of-speech tags, so words are counted as normalised forms "
            "with their clitics"
        )
        + ")"
        if info.annotator == "rules"
        else f"the {html.escape(info.annotator)} annotator (models named in the signature)"
    )
    points = [
        (
            f"<strong>A tiny corpus.</strong> {info.n_documents} articles: the numbers describe "
            "these texts, not Arabic news in general; no test of significance generalises them, and "
            "a brand mentioned once or twice says little about how it is usually written."
        ),
        (
            f"<strong>The annotator.</strong> This build uses {annot}. The UD evaluation in the "
            "first section measures its tokenisation on another genre (UD Arabic-PUD)."
        ),
        "<strong>The lexicon.</strong> Brands are found with a hand-made lexicon"
        + (f" (<code>{html.escape(lexicon.group(1))}</code>)" if lexicon else "")
        + " and a scorer for names outside it; the lexicon was compiled from general knowledge "
        "and these articles, so recall on other texts is unknown, and the gold file that scores "
        "the detection was annotated by the same project.",
        (
            "<strong>What the numbers cannot say.</strong> Script choice, clitics and company-noun "
            "frames are counted, not explained: outlet style guides, translation from English "
            "sources and the writers' habits are not observed; the articles carry no publication "
            "date or outlet, so change over time cannot be studied."
        ),
    ]
    items = "".join(f"<li>{p}</li>" for p in points)
    return f'<section id="limitations"><h2>Limitations</h2><ul>{items}</ul></section>'


def _header(info: PageInfo) -> str:
    date_text = (
        f"{info.data_date}: the newest date mentioned in the texts (the articles carry no "
        "publication date)"
        if info.data_date
        else "not stated in the texts"
    )
    meta = [
        ("Annotator", html.escape(info.annotator)),
        ("Date of the data", html.escape(date_text)),
        ("Corpus", f"{info.n_documents} documents, sha256 <code>{info.corpus_sha256}</code>"),
        ("Package", f"corpus_tools {html.escape(__version__)}"),
        ("Signature", f'<code class="sig">{html.escape(info.signature)}</code>'),
    ]
    if info.dataset_signature and info.dataset_signature != info.signature:
        meta.append(
            ("Dataset signature", f'<code class="sig">{html.escape(info.dataset_signature)}</code>')
        )
    if info.reproduce:
        meta.append(("How to reproduce", f"<pre>{html.escape(info.reproduce)}</pre>"))
    meta_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    return (
        f"<header><h1>{html.escape(TITLE)}</h1>\n<p>{html.escape(QUESTION)}</p>\n"
        "<details><summary>About this build: annotator, data, signature, how to reproduce"
        f'</summary><dl class="meta">{meta_html}</dl></details></header>'
    )


def render_report(
    notebooks: Sequence[tuple[str, Any]], info: PageInfo, *, show_code: bool = True
) -> str:
    """The self-contained HTML page gathering the executed notebooks under one header."""
    toc = ['<li><a href="#findings">Findings</a></li>']
    sections = []
    for name, nb in notebooks:
        title, section = _section(name, nb, show_code)
        toc.append(f'<li><a href="#{name}">{html.escape(title)}</a></li>')
        sections.append(section)
    toc.append('<li><a href="#limitations">Limitations</a></li>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(TITLE)}</title>\n<style>\n{font_face_css()}\n{_CSS}\n</style>\n"
        f"</head>\n<body>\n{_header(info)}\n{_findings(notebooks)}\n"
        f"<nav><h2>Contents</h2><ol>{''.join(toc)}</ol></nav>\n"
        + "\n".join(sections)
        + f"\n{_limitations(info)}\n"
        "</body>\n</html>\n"
    )
