"""The research report: build the dataset, execute the notebooks, write ``reports/``.

:func:`build_report` is what ``nox -s report`` (``corpus-tools report``) runs, logging each stage:

1. builds the Hugging Face dataset folder from ``seeds/`` (:func:`corpus_tools.dataset.build_dataset`,
   ``build/dataset``; ``build/dataset-stanza`` for the stanza variant);
2. executes ``notebooks/01_*.ipynb`` … (:mod:`corpus_tools.report.notebooks`), each in a fresh
   kernel with ``PYTHONHASHSEED=0``; the notebooks load the dataset with
   ``corpus_tools.load_dataset_tables`` (the token table, the mentions) and only call analyses
   and figures; their settings (nodes, measures, top-k) are in ``notebooks/report_config.py``;
3. cleans the executed notebooks and writes them to ``<out>/notebooks``;
4. writes ``<out>/report.html`` (:mod:`corpus_tools.report.html`).

Everything written is byte-reproducible: run it twice and no byte under ``<out>`` changes.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from corpus_tools.checksums import file_table
from corpus_tools.corpus import Corpus, Document
from corpus_tools.report.html import PageInfo, render_report
from corpus_tools.report.notebooks import NOTEBOOKS, ReportError, execute_notebooks, kernel_env

__all__ = ["ReportBuild", "build_report", "data_date", "ud_sample"]

log = logging.getLogger(__name__)

ANNOTATORS = ("rules", "stanza")
# Parts of <out> that a build owns and replaces (a variant's subfolder, e.g. reports/stanza/, stays).
_OWNED = ("figures", "tables", "notebooks", "report.html")
#: Where the UD sample the tests use lives (in the repository), then the shared copy beside it.
UD_SAMPLES = (
    Path("tests/data/ud/pud_padt_style/test.conllu"),
    Path("tests/data/ud/test.conllu"),
    Path("../shared/ud/pud_padt_style/test.conllu"),
)

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


# --- the build ----------------------------------------------------------------------------------
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
    from corpus_tools.annotate import annotate
    from corpus_tools.corpus import load_corpus
    from corpus_tools.dataset import build_dataset

    out, nb_dir = Path(out_dir), Path(notebooks)
    dataset = _check_inputs(annotator, nb_dir, dataset_dir)
    log.info("stage 1 of 3: building the dataset in %s (%s annotator)", dataset, annotator)
    corpus = load_corpus(seeds)
    tokens = annotate(corpus, annotator=cast(Any, annotator))
    built = build_dataset(corpus, dataset, annotator=annotator, tokens=tokens)
    _clear(out)
    root = Path.cwd().resolve()
    replace = {str(root): ".", str(Path.home()): "~"}
    env = _notebook_env(root, dataset, annotator, out)
    n_jobs = max(1, min(jobs or os.cpu_count() or 1, len(NOTEBOOKS)))
    log.info("stage 2 of 3: executing %d notebooks (%d at a time)", len(NOTEBOOKS), n_jobs)
    done = execute_notebooks(
        [nb_dir / f"{name}.ipynb" for name in NOTEBOOKS],
        env,
        timeout=timeout,
        replace=replace,
        jobs=n_jobs,
    )
    log.info("stage 3 of 3: writing %s", out / "report.html")
    executed = _write_notebooks(out, done, replace)
    info = PageInfo(
        signature=str(tokens.attrs.get("signature", "")),
        annotator=annotator,
        data_date=data_date(corpus),
        corpus_sha256=corpus.sha256,
        n_documents=len(corpus),
        dataset_signature=built.signature,
        reproduce=_reproduce_text(annotator),
    )
    (out / "report.html").write_text(render_report(executed, info), encoding="utf-8", newline="\n")
    files = file_table(out)
    files = files[files["path"].str.split("/").str[0].isin(_OWNED)].reset_index(drop=True)
    log.info("report written: %d files under %s", len(files), out)
    return ReportBuild(out_dir=out, signature=info.signature, files=files, dataset=dataset)


def _check_inputs(annotator: str, nb_dir: Path, dataset_dir: str | Path | None) -> Path:
    """The dataset folder, once the annotator and the notebooks are known to exist."""
    if annotator not in ANNOTATORS:
        raise ValueError(f"annotator must be one of {ANNOTATORS}, got {annotator!r}")
    missing = [n for n in NOTEBOOKS if not (nb_dir / f"{n}.ipynb").is_file()]
    if missing:
        raise ReportError(f"{nb_dir}: notebook(s) not found: {', '.join(missing)}")
    default = "build/dataset" if annotator == "rules" else f"build/dataset-{annotator}"
    return Path(dataset_dir) if dataset_dir is not None else Path(default)


def _notebook_env(root: Path, dataset: Path, annotator: str, out: Path) -> dict[str, str]:
    """The kernels' environment: where the dataset, the report and the UD sample are."""
    ud = ud_sample(root)
    return kernel_env(
        {
            "CORPUS_TOOLS_DATASET": str(dataset.resolve()),
            "CORPUS_TOOLS_ANNOTATOR": annotator,
            "CORPUS_TOOLS_REPORT_DIR": str(out.resolve()),
            "CORPUS_TOOLS_UD_GOLD": str(ud) if ud else "",
        }
    )


def ud_sample(root: Path) -> Path | None:
    """The UD gold file the report scores the annotator on (raw ``.txt`` beside it), if any.

    ``CORPUS_TOOLS_UD_GOLD`` wins; otherwise the first of :data:`UD_SAMPLES` found under
    ``root`` (the sample the tests use, then the shared copy).
    """
    chosen = os.environ.get("CORPUS_TOOLS_UD_GOLD")
    if chosen:
        return Path(chosen)
    for rel in UD_SAMPLES:
        path = (root / rel).resolve()
        if path.is_file() and path.with_suffix(".txt").is_file():
            return path
    return None


def _clear(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in _OWNED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (out / "notebooks").mkdir()


def _write_notebooks(out: Path, done: list[Any], replace: dict[str, str]) -> list[tuple[str, Any]]:
    import nbformat

    executed = []
    for name, nb in zip(NOTEBOOKS, done, strict=True):
        text = nbformat.writes(nb) + "\n"
        for old in replace:
            if old in text and old != "~":
                raise ReportError(f"{name}: an absolute path ({old}) leaked into the notebook")
        (out / "notebooks" / f"{name}.ipynb").write_text(text, encoding="utf-8", newline="\n")
        executed.append((name, nb))
    return executed


def _reproduce_text(annotator: str) -> str:
    extra = "" if annotator == "rules" else f" -- --annotator {annotator}"
    return (
        "python3 -m pip install nox\n"
        f"nox -s report{extra}\n"
        "# a second run changes no byte under reports/ (PYTHONHASHSEED=0, SOURCE_DATE_EPOCH,\n"
        "# svg.hashsalt, execution metadata stripped; versions pinned in .ci/constraints.txt)"
    )
