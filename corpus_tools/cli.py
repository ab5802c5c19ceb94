"""Command-line interface: ``corpus-tools SUBCOMMAND ...`` (also ``python -m corpus_tools``).

A thin layer over the library. Conventions shared by every subcommand (a stable contract
that evaluation tooling reads): ``--format jsonl|csv`` on stdout, ``doc`` is the file name
(``000_30e8b2e888576925.txt``), offsets are Python ``str`` indices into the decoded text.
User mistakes (missing path, bad UTF-8, bad option) print one line to stderr and exit 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus

__all__ = ["main"]


class UserError(Exception):
    """A mistake in the command line or the input; reported without a traceback."""


def _load(paths: Sequence[str]) -> Corpus:
    from corpus_tools.corpus import load_corpus

    return load_corpus(list(paths))


def _doc_names(corpus: Corpus) -> dict[str, str]:
    return {d.id: d.name for d in corpus}


def write_table(df: pd.DataFrame, fmt: str, out: Any = None) -> None:
    """Write a DataFrame as JSON lines (one object per row) or CSV to stdout."""
    out = out or sys.stdout
    if fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
        return
    cols = list(df.columns)
    for row in df.itertuples(index=False, name=None):
        rec = {c: _jsonable(v) for c, v in zip(cols, row, strict=True)}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _jsonable(v: Any) -> Any:
    if v is None:
        return None
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return v


def _add_format(p: argparse.ArgumentParser, default: str = "jsonl") -> None:
    p.add_argument("--format", choices=("jsonl", "csv"), default=default, help="output format")


# --- tokens ---------------------------------------------------------------------------------
def _add_tokens(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tokens", help="tokenise texts (rules annotator) and print the token table")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    _add_format(p)
    p.set_defaults(func=_cmd_tokens)


def _cmd_tokens(args: argparse.Namespace) -> None:
    from corpus_tools.tokenize import tokenize

    corpus = _load(args.paths)
    tokens = tokenize(corpus)
    tokens = tokens.assign(doc=tokens["doc"].map(_doc_names(corpus)))
    write_table(tokens, args.format)


# --- subcommands added by feature modules go below this line (one _add_/_cmd_ pair each) ----


# --- end of subcommands ---------------------------------------------------------------------

_ADDERS = [
    _add_tokens,
    # feature adders are appended to this list
]


def build_parser() -> argparse.ArgumentParser:
    from corpus_tools._version import __version__

    parser = argparse.ArgumentParser(
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
    from corpus_tools.corpus import CorpusError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (UserError, CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"corpus-tools {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `corpus-tools tokens ... | head`
        return 0
    return 0
