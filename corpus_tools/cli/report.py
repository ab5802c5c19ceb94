"""``report``: build the dataset, execute the notebooks, write reports/ (corpus_tools.report)."""

from __future__ import annotations

import argparse
import sys

from corpus_tools.cli.common import _Parser


# --- report (corpus_tools.report) -----------------------------------------------------------
def _add_report(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "report",
        help="build the dataset, execute the notebooks and write reports/ (figures, tables, report.html)",
    )
    p.add_argument(
        "--annotator",
        choices=("rules", "stanza"),
        default="rules",
        help="rules (the committed report) or stanza (written to reports/stanza/)",
    )
    p.add_argument(
        "--out", default=None, help="report folder (default reports/ or reports/<annotator>/)"
    )
    p.add_argument("--seeds", default="seeds", help="corpus folder (default seeds/)")
    p.add_argument("--notebooks", default="notebooks", help="notebook folder (default notebooks/)")
    p.add_argument(
        "--dataset", default=None, help="dataset folder to build and load (default build/dataset)"
    )
    p.set_defaults(func=_cmd_report)


def _report_progress() -> None:
    """Stages and "notebook k of n" lines of the report build on stderr, with elapsed time."""
    import logging
    import time

    t0 = time.perf_counter()

    class _Elapsed(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return f"[{time.perf_counter() - t0:6.1f} s] {record.getMessage()}"

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Elapsed())
    logger = logging.getLogger("corpus_tools.report")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _cmd_report(args: argparse.Namespace) -> None:
    import time

    from corpus_tools.report import build_report

    out = args.out or ("reports" if args.annotator == "rules" else f"reports/{args.annotator}")
    _report_progress()
    t0 = time.perf_counter()
    built = build_report(
        out,
        annotator=args.annotator,
        seeds=args.seeds,
        notebooks=args.notebooks,
        dataset_dir=args.dataset,
    )
    print(f"{len(built.files)} files written to {out}/ ({built.signature})")
    print(f"report: {out}/report.html ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
