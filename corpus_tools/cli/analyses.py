"""``freq``, ``keyness``, ``kwic`` and ``collocations`` (corpus_tools.frequency, .keyness, .kwic,
.collocations; sharded through corpus_tools.distributed).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from corpus_tools.cli.common import (
    DEFAULT_BY,
    UserError,
    _add_analysis_options,
    _add_annotator_option,
    _add_format,
    _add_scale_options,
    _doc_names,
    _engine,
    _exclude_arg,
    _int_in,
    _list_corpus,
    _load,
    _Parser,
    _positive_float,
    _sharded,
    _token_table,
)
from corpus_tools.cli.output import write_table

if TYPE_CHECKING:
    import pandas as pd


def _add_freq(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("freq", help="word list / n-gram list with frequencies and dispersion")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    _add_analysis_options(p, by=DEFAULT_BY, exclude="punct")
    p.add_argument("--ngram", type=_int_in(1, 5), default=1, help="n-gram length 1..5 (default 1)")
    p.add_argument("--min-freq", type=_int_in(1), default=1, help="minimum frequency (default 1)")
    p.add_argument(
        "--chunks",
        type=_int_in(1),
        default=None,
        help="dispersion over K equal chunks instead of documents",
    )
    p.add_argument("--limit", type=_int_in(0), default=None, help="print only the first N rows")
    _add_format(p)
    _add_scale_options(p)
    p.set_defaults(func=_cmd_freq)


def _cmd_freq(args: argparse.Namespace) -> None:
    from corpus_tools.frequency import frequencies

    if _sharded(args) and args.chunks is None:  # chunks need the corpus-wide item positions
        from corpus_tools.distributed import sharded_frequencies

        _list_corpus(args.paths)

        with _engine(args) as engine:
            table = sharded_frequencies(
                list(args.paths),
                by=args.by,
                ngram=args.ngram,
                min_freq=args.min_freq,
                exclude=_exclude_arg(args.exclude),
                **engine,
            )
        write_table(table if args.limit is None else table.head(args.limit), args.format)
        return
    tokens = _token_table(_load(args.paths), args.annotator)
    table = frequencies(
        tokens,
        by=args.by,
        ngram=args.ngram,
        min_freq=args.min_freq,
        exclude=_exclude_arg(args.exclude),
        chunks=args.chunks,
    )
    write_table(table if args.limit is None else table.head(args.limit), args.format)


def _word_list_or_tokens(path: str, annotator: str) -> pd.DataFrame:
    """A .csv/.tsv/.jsonl word list (columns term, freq) or texts (file/folder) to tokenise."""
    import pandas as pd

    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    if suffix in {"csv", "tsv", "jsonl"}:
        try:
            if suffix == "jsonl":
                wl = pd.read_json(path, lines=True)
            else:
                wl = pd.read_csv(path, sep="\t" if suffix == "tsv" else ",", keep_default_na=False)
        except (OSError, ValueError) as exc:
            raise UserError(f"{path}: cannot read the word list ({exc})") from None
        if not {"term", "freq"} <= set(wl.columns):
            raise UserError(
                f"{path}: a word list needs the columns 'term' and 'freq' (found {list(wl.columns)})"
            )
        return wl
    return _token_table(_load([path]), annotator)


def _word_list_or_counts(path: str, args: argparse.Namespace, engine: dict[str, Any]) -> Any:
    """A word list file as it is; texts counted shard by shard (rules) or tokenised in memory."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    if suffix in {"csv", "tsv", "jsonl"} or not _sharded(args):
        return _word_list_or_tokens(path, args.annotator)
    from corpus_tools.distributed import sharded_frequencies

    _list_corpus([path])
    return sharded_frequencies(
        [path], by=args.by, exclude=_exclude_arg(args.exclude), dispersion=False, **engine
    )


def _add_keyness(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("keyness", help="keywords of TARGET against REFERENCE (texts or word lists)")
    p.add_argument(
        "target",
        metavar="TARGET",
        help=".txt file, folder, or word list (.csv/.tsv/.jsonl with term,freq)",
    )
    p.add_argument(
        "reference",
        metavar="REFERENCE",
        help="same kinds as TARGET, e.g. an external frequency list",
    )
    _add_analysis_options(p, by=DEFAULT_BY, exclude="punct")
    p.add_argument(
        "--target-size",
        type=_int_in(1),
        default=None,
        help="target corpus size (default: items counted)",
    )
    p.add_argument(
        "--reference-size",
        type=_int_in(1),
        default=None,
        help="reference size (for a truncated list)",
    )
    p.add_argument(
        "--reference-includes-target",
        action="store_true",
        help="subtract TARGET from REFERENCE first",
    )
    p.add_argument(
        "--simple-maths-n",
        type=_positive_float,
        default=1.0,
        help="Kilgarriff's smoothing N (default 1)",
    )
    p.add_argument(
        "--min-freq",
        type=_int_in(0),
        default=0,
        help="minimum target frequency (default 0: all terms)",
    )
    p.add_argument(
        "--sort-by", default="ll_2term", help="column to sort by, descending (default ll_2term)"
    )
    p.add_argument("--limit", type=_int_in(0), default=None, help="print only the first N rows")
    _add_format(p)
    _add_scale_options(p)
    p.set_defaults(func=_cmd_keyness)


def _cmd_keyness(args: argparse.Namespace) -> None:
    from corpus_tools.keyness import keyness

    with _engine(args) as engine:
        target = _word_list_or_counts(args.target, args, engine)
        reference = _word_list_or_counts(args.reference, args, engine)
    table = keyness(
        target,
        reference,
        by=args.by,
        exclude=_exclude_arg(args.exclude),
        target_size=args.target_size,
        reference_size=args.reference_size,
        reference_includes_target=args.reference_includes_target,
        simple_maths_n=args.simple_maths_n,
        min_freq=args.min_freq,
        sort_by=args.sort_by,
    )
    write_table(table if args.limit is None else table.head(args.limit), args.format)


def _add_kwic(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("kwic", help="concordance lines (exact text around each match)")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    p.add_argument(
        "query", metavar="QUERY", help="term(s) to find; several terms match consecutive tokens"
    )
    p.add_argument(
        "--window", type=_int_in(0), default=5, help="words of context on each side (default 5)"
    )
    p.add_argument(
        "--by", default=DEFAULT_BY, help=f"token attribute to match (default {DEFAULT_BY})"
    )
    p.add_argument(
        "--regex", action="store_true", help="QUERY terms are regular expressions (full match)"
    )
    _add_annotator_option(p)
    _add_format(p)
    _add_scale_options(p)
    p.set_defaults(func=_cmd_kwic)


def _cmd_kwic(args: argparse.Namespace) -> None:
    import pandas as pd

    from corpus_tools.kwic import kwic

    if _sharded(args):  # streamed shard by shard, lines in corpus order
        from corpus_tools.distributed import sharded_kwic
        from corpus_tools.shards import read_corpus

        _list_corpus(args.paths)
        lazy = read_corpus(list(args.paths))
        with _engine(args) as engine:
            table = sharded_kwic(
                lazy, args.query, window=args.window, by=args.by, regex=args.regex, **engine
            )
        names = {f.stem: f.name for f in lazy.files}
    else:
        corpus = _load(args.paths)
        tokens = _token_table(corpus, args.annotator)
        table = kwic(
            tokens, args.query, corpus=corpus, window=args.window, by=args.by, regex=args.regex
        )
        names = _doc_names(corpus)
    out = pd.DataFrame(table).assign(doc=table["doc"].map(names))
    write_table(out, args.format)


# --- collocations (corpus_tools.collocations) -------------------------------------------------
def _add_collocations(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("collocations", help="window-based collocates with association measures")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    p.add_argument(
        "--node", action="append", metavar="TERM", help="node word (repeatable; default: all pairs)"
    )
    p.add_argument(
        "--window",
        nargs=2,
        type=_int_in(0),
        default=(5, 5),
        metavar=("L", "R"),
        help="span left and right (default 5 5)",
    )
    _add_analysis_options(p, by=DEFAULT_BY, exclude="punct,residue")
    p.add_argument(
        "--measures",
        default="g2,log_dice,mi",
        help="comma-separated measure names (default g2,log_dice,mi)",
    )
    p.add_argument(
        "--min-cofreq",
        type=_int_in(1),
        default=3,
        help="minimum co-occurrence frequency (default 3)",
    )
    p.add_argument("--top", type=_int_in(0), default=50, help="rows per node, 0 = all (default 50)")
    p.add_argument(
        "--collocate-upos",
        default=None,
        help="comma-separated UD POS tags for collocates (needs stanza)",
    )
    p.add_argument(
        "--across-sentences", action="store_true", help="let windows cross sentence ends"
    )
    _add_format(p)
    _add_scale_options(p)
    p.set_defaults(func=_cmd_collocations)


def _cmd_collocations(args: argparse.Namespace) -> None:
    from corpus_tools.association import MEASURES
    from corpus_tools.collocations import collocations

    measures = tuple(m.strip() for m in args.measures.split(",") if m.strip())
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise UserError(f"unknown measure(s) {unknown}; choose from {', '.join(MEASURES)}")
    options: dict[str, Any] = {
        "node": args.node,
        "window": tuple(args.window),
        "by": args.by,
        "measures": measures,
        "min_cofreq": args.min_cofreq,
        "top": args.top or None,
        "exclude": _exclude_arg(args.exclude),
        "within_sentence": not args.across_sentences,
        "collocate_upos": _exclude_arg(args.collocate_upos) if args.collocate_upos else None,
    }
    if _sharded(args):
        from corpus_tools.distributed import sharded_collocations

        _list_corpus(args.paths)
        with _engine(args) as engine:
            table = sharded_collocations(list(args.paths), **options, **engine)
    else:
        table = collocations(_token_table(_load(args.paths), args.annotator), **options)
    write_table(table[["w1", "w2", "o11", "r1", "c1", "n", *measures]], args.format)
