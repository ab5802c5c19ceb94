"""The research report: build the dataset, execute the notebooks, write ``reports/``.

:func:`build_report` is what ``nox -s report`` (``corpus-tools report``) runs:

1. builds the Hugging Face dataset folder from ``seeds/`` (:func:`corpus_tools.dataset.build_dataset`,
   ``build/dataset``; ``build/dataset-stanza`` for the stanza variant);
2. executes ``notebooks/01_*.ipynb`` … in order with nbclient, each in a fresh kernel started
   with ``PYTHONHASHSEED=0``; the notebooks load the corpus from that folder with
   ``datasets.load_dataset`` (exactly as an outside user loads the published dataset) and save
   every figure (PNG + SVG) and the table behind it under ``<out>/figures`` and ``<out>/tables``;
3. cleans the executed notebooks (no execution timestamps, no absolute paths, outputs kept)
   and writes them to ``<out>/notebooks``;
4. writes ``<out>/report.html``: one self-contained page (figures embedded as base64 PNG, no
   external CSS or scripts) with the narrative, figures and key tables, right-to-left where the
   content is Arabic, under a header stating the signature, the date of the data and how to
   reproduce it.

Everything written is byte-reproducible: run it twice and no byte under ``<out>`` changes. Nothing
in the output depends on the clock, the machine's paths or hash randomisation; the remaining
inputs (matplotlib, FreeType, the font, pandas) are pinned by ``.ci/constraints.txt``.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from corpus_tools._version import __version__
from corpus_tools.corpus import Corpus, Document

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "NOTEBOOKS",
    "ReportBuild",
    "ReportError",
    "build_report",
    "clean_notebook",
    "corpus_from_documents",
    "data_date",
    "execute_notebooks",
    "render_report",
]

log = logging.getLogger(__name__)

#: The notebooks of the report, in execution order (``notebooks/<name>.ipynb``).
NOTEBOOKS: tuple[str, ...] = (
    "01_corpus_overview",
    "02_frequencies",
    "03_collocations",
    "04_loanwords",
    "05_dataset",
)
ANNOTATORS = ("rules", "stanza")
TITLE = "English brand names in Arabic AI news: a corpus_tools report"
# Parts of <out> that a build owns and replaces (a variant's subfolder, e.g. reports/stanza/, stays).
_OWNED = ("figures", "tables", "notebooks", "report.html")
_DEFAULT_EPOCH = "1700000000"
_UD_GOLD = Path("shared/ud/pud_padt_style/test.conllu")  # beside the checkout, in CI

_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
_DATE = re.compile(
    r"(?:(?P<day>[0-9]{1,2})\s+(?:و\s*[0-9]{1,2}\s+)?)?(?P<month>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\s+(?P<year>(?:19|20)[0-9]{2})"
)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


class ReportError(RuntimeError):
    """A notebook failed, or wrote to stderr (warnings included), while building the report."""


@dataclass
class ReportBuild:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    out_dir : the report folder.
    signature : the token table's signature (annotator, models, normalisation, version).
    files : DataFrame ``path`` (relative, POSIX), ``bytes``, ``sha256`` of every file written.
    dataset : the dataset folder the notebooks loaded.
    """

    out_dir: Path
    signature: str
    files: pd.DataFrame = field(repr=False)
    dataset: Path


# --- data helpers used by the notebooks ---------------------------------------------------------
def corpus_from_documents(documents: pd.DataFrame | Any) -> Corpus:
    """Turn the dataset's ``documents`` configuration back into a :class:`Corpus`.

    ``documents`` is a DataFrame (or a ``datasets.Dataset``) with ``id``, ``title``, ``text``,
    ``source_file`` and ``sha256``; the texts are the verbatim seed texts, so every offset
    computed on this corpus indexes the published text.
    """
    if not isinstance(documents, pd.DataFrame):
        documents = documents.to_pandas()
    missing = {"id", "title", "text", "sha256"} - set(documents.columns)
    if missing:
        raise ValueError(f"the documents table lacks the column(s) {sorted(missing)}")
    names = (
        documents["source_file"] if "source_file" in documents.columns else documents["id"] + ".txt"
    )
    docs = tuple(
        Document(id=str(i), title=str(t), text=str(x), path=Path(str(n)), sha256=str(s))
        for i, t, x, n, s in zip(
            documents["id"],
            documents["title"],
            documents["text"],
            names,
            documents["sha256"],
            strict=True,
        )
    )
    return Corpus(docs, source="dataset")


def data_date(corpus: Corpus | Iterable[Document]) -> str | None:
    """The newest calendar date mentioned in the texts, ISO formatted (``2025-02-11``).

    The seed articles carry no publication date; the newest date they mention bounds the time
    the data describes. Recognises Arabic month names with a year, optionally a day
    (``11 فبراير 2025``, ``10 و11 فبراير 2025`` → the later day); a month without a day gives
    ``YYYY-MM``. ``None`` when no date is mentioned.
    """
    best: tuple[int, int, int] | None = None
    for doc in corpus:
        for m in _DATE.finditer(doc.text):
            day = int(m.group("day")) if m.group("day") else 0
            whole = m.group(0)
            days = [int(d) for d in re.findall(r"[0-9]{1,2}(?=\s)", whole)]
            if days:
                day = max(days)
            key = (int(m.group("year")), _MONTHS[m.group("month")], day)
            if best is None or key > best:
                best = key
    if best is None:
        return None
    y, mo, d = best
    return f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"


# --- notebooks ----------------------------------------------------------------------------------
def clean_notebook(nb: NotebookNode, replace: Mapping[str, str] | None = None) -> NotebookNode:
    """Strip what changes between runs or machines from an executed notebook; keep outputs.

    Removes execution timestamps (``metadata.execution``), the Python patch version, kernel/widget
    state and any
    ``collapsed``/``scrolled`` UI flags; renumbers ``execution_count`` 1, 2, … over the code
    cells; gives every cell a stable id (``cell-01`` …); replaces each key of ``replace`` (e.g.
    the absolute path of the checkout) by its value in every output.
    """
    replace = dict(replace or {})
    keep_meta = {"kernelspec", "language_info"}
    for key in list(nb.metadata):
        if key not in keep_meta:
            del nb.metadata[key]
    # the interpreter's patch version is machine-specific; the packages are pinned instead
    nb.metadata.get("language_info", {}).pop("version", None)
    count = 0
    for i, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{i:02d}"
        for key in ("execution", "collapsed", "scrolled", "ExecuteTime", "papermill"):
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = count
            if replace:
                _replace_in_output(out, replace)
    return nb


def _replace_in_output(out: Any, replace: Mapping[str, str]) -> None:
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in replace.items():
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    for key in ("text", "traceback", "evalue"):
        if key in out:
            out[key] = fix(out[key])
    data = out.get("data")
    if data:
        for mime in list(data):
            if mime.startswith("text/"):
                data[mime] = fix(data[mime])


def _problems(nb: NotebookNode, name: str) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{name} cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                found.append(f"{name} cell {i} wrote to stderr: {text.strip()[:500]}")
    return found


def _kernel_env(overrides: Mapping[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", _DEFAULT_EPOCH)
    # datasets' cache of the local dataset folder: never the user's ~/.cache unless they chose it
    env.setdefault("HF_HOME", str(Path(tempfile.gettempdir()) / "corpus_tools-hf-home"))
    env.update(
        {
            "PYTHONHASHSEED": "0",
            "MPLBACKEND": "Agg",
            "HF_DATASETS_OFFLINE": "1",
            "HF_HUB_OFFLINE": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
            "TQDM_DISABLE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # debugpy's frozen-modules note on stderr
            "TOKENIZERS_PARALLELISM": "false",
        }
    )
    env.update(overrides)
    return env


async def _execute(
    path: Path, env: Mapping[str, str], timeout: int, replace: Mapping[str, str]
) -> NotebookNode:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        await client.async_execute(env=dict(env))
    except CellExecutionError as exc:
        msg = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # no terminal colours in the error
        for old, new in replace.items():
            msg = msg.replace(old, new)
        raise ReportError(f"{path.name}: a cell failed:\n{msg[-3000:]}") from None
    problems = _problems(nb, path.name)
    if problems:
        raise ReportError("\n".join(problems))
    return clean_notebook(nb, replace)


def execute_notebooks(
    paths: Sequence[Path],
    env: Mapping[str, str],
    *,
    timeout: int = 600,
    replace: Mapping[str, str] | None = None,
    jobs: int = 1,
) -> list[NotebookNode]:
    """Execute notebooks, each in a fresh kernel (cwd = its folder); return them cleaned.

    Up to ``jobs`` kernels run at the same time (one asyncio event loop, no threads); the
    results come back in the order of ``paths`` and do not depend on ``jobs``. Raises
    :class:`ReportError` when a cell fails or anything is written to stderr (a warning, e.g. a
    glyph missing from the fonts, is an error in the report as in the tests).
    """
    import asyncio

    async def run_all() -> list[NotebookNode]:
        gate = asyncio.Semaphore(max(1, jobs))

        async def one(path: Path) -> NotebookNode:
            async with gate:
                log.info("executing %s", path.name)
                return await _execute(path, env, timeout, dict(replace or {}))

        return list(await asyncio.gather(*(one(p) for p in paths)))

    return asyncio.run(run_all())


# --- HTML ---------------------------------------------------------------------------------------
_CSS = """
body{font-family:"Noto Sans Arabic","Noto Sans","DejaVu Sans",system-ui,sans-serif;max-width:1100px;
margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1a1a1a}
header{border-bottom:2px solid #0072B2;margin-bottom:1.5rem}
h1{font-size:1.7rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}
code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:.85rem}
pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;direction:ltr;text-align:left}
.sig{word-break:break-all;background:#f6f6f6;padding:.3rem .5rem;display:block}
figure{margin:1.5rem 0;text-align:center}figure img{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#333;text-align:left;margin-top:.4rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
td,th{border:1px solid #ccc;padding:.2rem .5rem;unicode-bidi:plaintext}
details{margin:.5rem 0}summary{cursor:pointer;color:#0072B2}
.rtl{direction:rtl;text-align:right}nav ol{columns:2}
dl.meta dt{font-weight:bold;margin-top:.4rem}dl.meta dd{margin-left:1.2rem}
""".strip()


def _direction(text: str) -> str:
    """``rtl`` when Arabic letters outnumber Latin ones in the visible text, else ``ltr``."""
    visible = re.sub(r"<[^>]+>", " ", text)
    arabic = len(_ARABIC_LETTER.findall(visible))
    latin = len(_LATIN_LETTER.findall(visible))
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


def _cell_html(cell: Any, show_code: bool) -> str:
    if cell.cell_type == "markdown":
        body = _markdown(_join(cell.source))
        return f'<div dir="{_direction(body)}">{body}</div>'
    if cell.cell_type != "code":
        return ""
    parts = []
    src = _join(cell.source).strip()
    if show_code and src:
        parts.append(
            f"<details><summary>code</summary><pre><code>{html.escape(src)}</code></pre></details>"
        )
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(f"<pre>{html.escape(_join(out.get('text', '')))}</pre>")
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if "image/png" in data:
                caption = _join(data.get("text/plain", ""))
                png = _join(data["image/png"]).replace("\n", "")
                parts.append(
                    f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(caption, quote=True)}">'
                    f'<figcaption dir="ltr">{html.escape(caption)}</figcaption></figure>'
                )
            elif "text/html" in data:
                body = _join(data["text/html"])
                parts.append(f'<div dir="{_direction(body)}" class="output">{body}</div>')
            elif "text/markdown" in data:
                body = _markdown(_join(data["text/markdown"]))
                parts.append(f'<div dir="{_direction(body)}">{body}</div>')
            elif "text/plain" in data:
                parts.append(f"<pre>{html.escape(_join(data['text/plain']))}</pre>")
    return "\n".join(parts)


def _notebook_title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", _join(cell.source), re.MULTILINE)
            if m:
                return m.group(1).strip()
    return fallback


def render_report(
    notebooks: Sequence[tuple[str, Any]],
    *,
    signature: str,
    annotator: str,
    data_date: str | None,
    corpus_sha256: str,
    n_documents: int,
    dataset_signature: str = "",
    reproduce: str = "",
    show_code: bool = True,
) -> str:
    """The self-contained HTML page gathering the executed notebooks under one header."""
    toc = []
    sections = []
    for name, nb in notebooks:
        title = _notebook_title(nb, name)
        toc.append(f'<li><a href="#{name}">{html.escape(title)}</a></li>')
        cells = []
        first_heading_dropped = False
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not first_heading_dropped:
                src = _join(cell.source)
                if re.match(r"^#\s+", src):
                    first_heading_dropped = True
                    rest = re.sub(r"^#\s+.+\n?", "", src, count=1)
                    if rest.strip():
                        body = _markdown(rest)
                        cells.append(f'<div dir="{_direction(body)}">{body}</div>')
                    continue
            if "parameters" in cell.metadata.get("tags", []):
                continue
            cells.append(_cell_html(cell, show_code))
        sections.append(
            f'<section id="{name}"><h2>{html.escape(title)}</h2>\n'
            + "\n".join(c for c in cells if c)
            + f"\n<p><small>Notebook: <code>notebooks/{name}.ipynb</code> (executed copy in "
            f"<code>notebooks/</code> next to this page)</small></p></section>"
        )
    date_text = (
        f"{data_date} — the newest date mentioned in the texts (the articles carry no publication date)"
        if data_date
        else "not stated in the texts"
    )
    meta = [
        ("Signature", f'<code class="sig">{html.escape(signature)}</code>'),
        ("Annotator", html.escape(annotator)),
        ("Date of the data", html.escape(date_text)),
        ("Corpus", f"{n_documents} documents, sha256 <code>{corpus_sha256}</code>"),
        ("Package", f"corpus_tools {html.escape(__version__)}"),
    ]
    if dataset_signature and dataset_signature != signature:
        meta.insert(1, ("Dataset", f'<code class="sig">{html.escape(dataset_signature)}</code>'))
    if reproduce:
        meta.append(("How to reproduce", f"<pre>{html.escape(reproduce)}</pre>"))
    meta_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(TITLE)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        f'<header><h1>{html.escape(TITLE)}</h1>\n<dl class="meta">{meta_html}</dl></header>\n'
        f"<nav><h2>Contents</h2><ol>{''.join(toc)}</ol></nav>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def _reproduce_text(annotator: str) -> str:
    extra = "" if annotator == "rules" else f" -- --annotator {annotator}"
    return (
        "python3 -m pip install nox\n"
        f"nox -s report{extra}\n"
        "# a second run changes no byte under reports/ (PYTHONHASHSEED=0, SOURCE_DATE_EPOCH,\n"
        "# svg.hashsalt, execution metadata stripped; versions pinned in .ci/constraints.txt)"
    )


# --- the build ----------------------------------------------------------------------------------
def _files_table(root: Path) -> pd.DataFrame:
    rows = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            rows.append(
                (p.relative_to(root).as_posix(), len(data), hashlib.sha256(data).hexdigest())
            )
    return pd.DataFrame(rows, columns=["path", "bytes", "sha256"])


def build_report(
    out_dir: str | Path = "reports",
    *,
    annotator: str = "rules",
    seeds: str | Path = "seeds",
    notebooks: str | Path = "notebooks",
    dataset_dir: str | Path | None = None,
    timeout: int = 900,
    jobs: int | None = None,
) -> ReportBuild:
    """Build the dataset, execute the notebooks and write the report (see the module docstring).

    Parameters
    ----------
    out_dir : the report folder; its ``figures/``, ``tables/``, ``notebooks/`` and
        ``report.html`` are replaced (other entries, e.g. ``stanza/``, are left alone).
    annotator : ``rules`` (the committed, machine-independent report) or ``stanza`` (models from
        ``CORPUS_TOOLS_STANZA_DIR`` or stanza's default directory).
    seeds : the corpus folder.
    notebooks : the folder holding :data:`NOTEBOOKS`.
    dataset_dir : where to build the dataset (default ``build/dataset``, or
        ``build/dataset-<annotator>`` for other annotators).
    timeout : seconds allowed per notebook cell.
    jobs : notebooks executed at the same time (default: one per CPU core). The output does
        not depend on it.
    """
    import nbformat

    from corpus_tools.annotate import annotate
    from corpus_tools.corpus import load_corpus
    from corpus_tools.dataset import build_dataset

    if annotator not in ANNOTATORS:
        raise ValueError(f"annotator must be one of {ANNOTATORS}, got {annotator!r}")
    out = Path(out_dir)
    nb_dir = Path(notebooks)
    missing = [n for n in NOTEBOOKS if not (nb_dir / f"{n}.ipynb").is_file()]
    if missing:
        raise ReportError(f"{nb_dir}: notebook(s) not found: {', '.join(missing)}")
    dataset = (
        Path(dataset_dir)
        if dataset_dir is not None
        else Path("build/dataset" if annotator == "rules" else f"build/dataset-{annotator}")
    )

    corpus = load_corpus(seeds)
    tokens = annotate(corpus, annotator=cast(Any, annotator))  # stanza: cached for the notebooks
    signature = str(tokens.attrs.get("signature", ""))
    built = build_dataset(corpus, dataset, annotator=annotator, tokens=tokens)
    log.info("dataset built in %s (%s)", dataset, built.signature)

    out.mkdir(parents=True, exist_ok=True)
    for name in _OWNED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (out / "notebooks").mkdir()

    root = Path.cwd().resolve()
    replace = {str(root): ".", str(Path.home()): "~"}
    # UD evaluation only in model variants: the committed rules report must not depend on
    # material outside the repository (../shared is there in CI, not in a fresh clone).
    ud_gold = os.environ.get("CORPUS_TOOLS_UD_GOLD", "")
    if not ud_gold and (root.parent / _UD_GOLD).is_file():
        ud_gold = str(root.parent / _UD_GOLD)
    env = _kernel_env(
        {
            "CORPUS_TOOLS_DATASET": str(dataset.resolve()),
            "CORPUS_TOOLS_ANNOTATOR": annotator,
            "CORPUS_TOOLS_REPORT_DIR": str(out.resolve()),
            "CORPUS_TOOLS_UD_GOLD": "" if annotator == "rules" else ud_gold,
        }
    )
    executed = []
    # The notebooks are independent (each loads the dataset and writes its own figures), so
    # they run side by side, one kernel per core; results are gathered in notebook order.
    done = execute_notebooks(
        [nb_dir / f"{name}.ipynb" for name in NOTEBOOKS],
        env,
        timeout=timeout,
        replace=replace,
        jobs=max(1, min(jobs or os.cpu_count() or 1, len(NOTEBOOKS))),
    )
    for name, nb in zip(NOTEBOOKS, done, strict=True):
        text = nbformat.writes(nb) + "\n"
        for old in replace:
            if old in text and old != "~":
                raise ReportError(f"{name}: an absolute path ({old}) leaked into the notebook")
        (out / "notebooks" / f"{name}.ipynb").write_text(text, encoding="utf-8", newline="\n")
        executed.append((name, nb))

    page = render_report(
        executed,
        signature=signature,
        annotator=annotator,
        data_date=data_date(corpus),
        corpus_sha256=corpus.sha256,
        n_documents=len(corpus),
        dataset_signature=built.signature,
        reproduce=_reproduce_text(annotator),
    )
    (out / "report.html").write_text(page, encoding="utf-8", newline="\n")
    files = _files_table(out)
    files = files[files["path"].str.split("/").str[0].isin(_OWNED)].reset_index(drop=True)
    return ReportBuild(out_dir=out, signature=signature, files=files, dataset=dataset)
