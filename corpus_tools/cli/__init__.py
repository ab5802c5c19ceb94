"""Command-line interface: ``corpus-tools SUBCOMMAND ...`` (also ``python -m corpus_tools``).

A thin layer over the library. Conventions shared by every subcommand (a stable contract
that evaluation tooling reads): ``--format jsonl|csv`` on stdout, ``doc`` is the file name
(``000_30e8b2e888576925.txt``), offsets are Python ``str`` indices into the decoded text.
User mistakes (missing path, bad UTF-8, bad option) print one line to stderr and exit 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from corpus_tools.cli.analyses import _add_collocations, _add_freq, _add_keyness, _add_kwic
from corpus_tools.cli.annotation import _add_annotate, _add_evaluate_ud, _add_models, _add_tokens
from corpus_tools.cli.common import DEFAULT_BY as DEFAULT_BY
from corpus_tools.cli.common import UserError as UserError
from corpus_tools.cli.common import _Parser
from corpus_tools.cli.dataset import _DATASET_OUT as _DATASET_OUT
from corpus_tools.cli.dataset import _DATASET_REPO_ID as _DATASET_REPO_ID
from corpus_tools.cli.dataset import _add_dataset
from corpus_tools.cli.loanwords import _add_evaluate_loanwords, _add_loanwords
from corpus_tools.cli.output import write_table as write_table
from corpus_tools.cli.report import _add_report

__all__ = ["main"]


# One module per command group (one _add_/_cmd_ pair per subcommand); shared helpers in
# corpus_tools.cli.common, the table writers in corpus_tools.cli.output.
_ADDERS = [
    _add_tokens,
    _add_freq,
    _add_keyness,
    _add_kwic,
    _add_dataset,
    _add_annotate,
    _add_models,
    _add_evaluate_ud,
    _add_collocations,
    _add_report,
    _add_loanwords,
    _add_evaluate_loanwords,
    # feature adders are appended to this list
]


def build_parser() -> argparse.ArgumentParser:
    from corpus_tools._version import __version__

    parser = _Parser(
        prog="corpus-tools",
        description="Corpus linguistics for Arabic news text (frequencies, collocations, loanwords).",
    )
    parser.add_argument("--version", action="version", version=f"corpus-tools {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _ADDERS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``corpus-tools`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)  # before any heavy import: --help stays instant
    from corpus_tools.corpus import CorpusError
    from corpus_tools.dataset import PushError as _PushError
    from corpus_tools.report import ReportError as _ReportError

    try:
        args.func(args)
    except BrokenPipeError:  # `corpus-tools tokens ... | head`
        return 0
    except (UserError, CorpusError, ValueError, OSError, _ReportError, _PushError) as exc:
        # user mistakes and environment problems (missing file, no permission, offline)
        print(f"corpus-tools {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0
