"""``loanwords`` and ``evaluate-loanwords`` (corpus_tools.loanwords, corpus_tools.gold)."""

from __future__ import annotations

import argparse
import sys

from corpus_tools.cli.common import (
    UserError,
    _add_format,
    _add_scale_options,
    _engine,
    _list_corpus,
    _load,
    _Parser,
)
from corpus_tools.cli.output import write_table


# --- loanwords / evaluate-loanwords ---------------------------------------------------------
def _add_loanwords(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "loanwords",
        help="English brand names and loanwords in Arabic text (Latin and Arabic script)",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    p.add_argument(
        "--all", action="store_true", help="also print the extra columns (clitic, sentence, source)"
    )
    p.add_argument(
        "--usage", action="store_true", help="print the per-brand usage table instead of mentions"
    )
    _add_exclude_brands(p)
    _add_format(p)
    _add_scale_options(p)  # the detector reads rules tokens (orthographic words)
    p.set_defaults(func=_cmd_loanwords)


def _add_exclude_brands(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--exclude-brands",
        default="",
        metavar="B1,B2",
        help="canonical brand names to remove from every knowledge source (lexicon entries, "
        "generated variants, word lists): they can then only be found by generic evidence",
    )


def _excluded(args: argparse.Namespace) -> list[str]:
    return [b.strip() for b in args.exclude_brands.split(",") if b.strip()]


def _cmd_loanwords(args: argparse.Namespace) -> None:
    """Shard by shard (corpus_tools.distributed_mentions): here, or on --workers/--scheduler."""
    from corpus_tools.distributed_mentions import sharded_brand_usage, sharded_mentions
    from corpus_tools.shards import read_corpus

    _list_corpus(args.paths)
    lazy = read_corpus(list(args.paths))
    with _engine(args) as engine:
        if args.usage:
            usage = sharded_brand_usage(lazy, exclude_brands=_excluded(args), **engine)
            write_table(usage, args.format)
            return
        mentions = sharded_mentions(lazy, exclude_brands=_excluded(args), **engine)
    names = {f.stem: f.name for f in lazy.files}
    mentions = mentions.assign(doc=mentions["doc"].map(names))
    cols = ["doc", "start", "end", "surface", "brand", "script", "category"]
    write_table(mentions if args.all else mentions[cols], args.format)


def _add_evaluate_loanwords(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "evaluate-loanwords",
        help="span-exact precision/recall/F1 of brand mentions against a gold JSONL",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    p.add_argument(
        "--gold", required=True, metavar="GOLD.jsonl", help="gold mentions (doc, start, end, ...)"
    )
    p.add_argument(
        "--errors", action="store_true", help="also list misses and false alarms (on stderr)"
    )
    p.add_argument(
        "--heuristics",
        default=None,
        metavar="H1,H2",
        help="comma-separated heuristics to use (default: all)",
    )
    _add_exclude_brands(p)
    p.add_argument("--origins", default="general,seed,eval", help="lexicon origins to keep")
    _add_format(p, default="csv")
    p.set_defaults(func=_cmd_evaluate_loanwords)


def _cmd_evaluate_loanwords(args: argparse.Namespace) -> None:
    from pathlib import Path

    from corpus_tools.gold import read_gold
    from corpus_tools.loanwords import (
        HEURISTICS,
        brand_mentions,
        evaluate_mentions,
        load_lexicon,
        mention_errors,
    )

    if not Path(args.gold).is_file():
        raise UserError(f"{args.gold}: no such gold file")
    corpus = _load(args.paths)
    gold = read_gold(args.gold, corpus)
    heur = tuple(h for h in args.heuristics.split(",") if h) if args.heuristics else HEURISTICS
    lexicon = load_lexicon(
        exclude=_excluded(args),  # the mechanism of brand_mentions(exclude_brands=...)
        origins=[o for o in args.origins.split(",") if o],
        variants="variants" in heur,
    )
    pred = brand_mentions(corpus, lexicon=lexicon, heuristics=heur)
    scores = evaluate_mentions(pred, gold, lexicon=lexicon)
    write_table(scores, args.format)
    if args.errors:  # a second table: stderr, so stdout stays one parseable table
        write_table(mention_errors(pred, gold), args.format, out=sys.stderr)
