"""What the subcommands share: user errors, loading texts, option types and groups, the engine."""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus


class UserError(Exception):
    """A mistake in the command line or the input; reported without a traceback."""


def _load(paths: Sequence[str]) -> Corpus:
    from corpus_tools.corpus import load_corpus

    corpus = load_corpus(list(paths))
    _note_skipped(corpus.skipped)
    return corpus


def _note_skipped(skipped: Sequence[Any]) -> None:
    """Say on stderr what a folder held that is not read (the rule: see load_corpus)."""
    from corpus_tools.corpus import skipped_note

    if skipped:
        print(f"corpus-tools: {skipped_note(skipped)}", file=sys.stderr)


def _list_corpus(paths: Sequence[str]) -> None:
    """For the sharded engine, which reads files itself: the folder rule's note, at once."""
    from corpus_tools.corpus import corpus_files

    _note_skipped(corpus_files(list(paths))[1])


def _int_in(low: int, high: int | None = None) -> Any:
    """An argparse ``type``: an integer in ``[low, high]`` (a clear error otherwise)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < low or (high is not None and number > high):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is out of range (must be {bound})")
        return number

    parse.__name__ = "integer"
    return parse


def _positive_float(value: str) -> float:
    """An argparse ``type``: a finite number above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"{value} is out of range (must be a finite number > 0)")
    return number


def _doc_names(corpus: Corpus) -> dict[str, str]:
    return {d.id: d.name for d in corpus}


def _add_format(p: argparse.ArgumentParser, default: str = "jsonl") -> None:
    p.add_argument("--format", choices=("jsonl", "csv"), default=default, help="output format")


# --- options of the analyses (freq, keyness, kwic, collocations) -----------------------------
#: One default for ``--by`` in every command, as in the API (freq, kwic, keyness, collocations).
DEFAULT_BY = "norm"


def _add_analysis_options(p: argparse.ArgumentParser, *, by: str, exclude: str) -> None:
    p.add_argument(
        "--by",
        default=by,
        help=f"token attribute to count (surface, norm, lemma, upos ...; default {by})",
    )
    p.add_argument(
        "--exclude",
        default=exclude,
        help=f"comma-separated: punct,digits,stopwords,residue,latin or 'none' (default {exclude})",
    )
    _add_annotator_option(p)


def _add_annotator_option(p: argparse.ArgumentParser) -> None:
    from corpus_tools.annotate import ANNOTATORS, DEFAULT_ANNOTATOR

    p.add_argument(
        "--annotator",
        choices=ANNOTATORS,
        default=DEFAULT_ANNOTATOR,
        help=f"tokens from (default {DEFAULT_ANNOTATOR}; auto: stanza when models are found)",
    )


def _exclude_arg(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip() and x.strip() != "none")


def _token_table(corpus: Corpus, annotator: str) -> pd.DataFrame:
    from corpus_tools.annotate import annotate

    return annotate(corpus, annotator=annotator)  # type: ignore[arg-type]


def _add_scale_options(
    p: argparse.ArgumentParser,
    *,
    title: str = "scale (rules annotator)",
    shards: str = "one shard up to 32 MB, else 8 MB, about 0.7M tokens",
) -> None:
    """Shards and workers (corpus_tools.distributed; ``annotate`` and ``dataset build``:
    corpus_tools.distributed_annotate, every annotator)."""
    g = p.add_argument_group(title)
    g.add_argument(
        "--workers",
        type=_int_in(1),
        default=None,
        metavar="N",
        help="run the shards on N local worker processes (needs the dask extra)",
    )
    g.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the shards on an existing Dask cluster, e.g. tcp://HOST:8786",
    )
    g.add_argument(
        "--shard-mb",
        type=_positive_float,
        default=None,
        metavar="MB",
        help=f"text per shard in MB (default: {shards})",
    )
    g.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


@contextlib.contextmanager
def _engine(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """Keyword arguments for corpus_tools.distributed (client, shard size, progress)."""
    from corpus_tools.distributed import connect

    client = None  # --workers and --shard-mb are checked by their argparse types
    if args.workers or args.scheduler:
        try:
            client = connect(workers=args.workers, scheduler=args.scheduler)
        except ImportError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"cannot reach the Dask scheduler {args.scheduler}: {exc}") from None
    shard_bytes = int(args.shard_mb * 1e6) if args.shard_mb else None  # None: the default rule
    try:
        yield {
            "client": client,
            "shard_bytes": shard_bytes,
            "progress": False if args.quiet else None,
        }
    finally:
        if client is not None:
            cluster = client.cluster if args.workers else None
            client.close()
            if cluster is not None:
                cluster.close()


def _sharded(args: argparse.Namespace) -> bool:
    """The sharded engine counts rules tokens; other annotators take the in-memory path."""
    if args.annotator != "rules" and (args.workers or args.scheduler):
        raise UserError(
            "--workers/--scheduler count with --annotator rules only "
            "(annotate and dataset build take every annotator)"
        )
    return args.annotator == "rules"


class _Parser(argparse.ArgumentParser):
    """Option mistakes print one line (``corpus-tools CMD: error: ...``) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")
