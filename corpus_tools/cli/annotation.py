"""``tokens``, ``annotate``, ``models`` and ``evaluate-ud`` (corpus_tools.tokenize, .annotate,
.conllu_io, .evaluate).
"""

from __future__ import annotations

import argparse
import sys

from corpus_tools.cli.common import (
    UserError,
    _add_annotator_option,
    _add_format,
    _add_scale_options,
    _doc_names,
    _engine,
    _int_in,
    _load,
    _Parser,
    _positive_float,
)
from corpus_tools.cli.output import write_table


# --- tokens ---------------------------------------------------------------------------------
def _add_tokens(sub: argparse._SubParsersAction[_Parser]) -> None:
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


# --- annotate / models / evaluate-ud (corpus_tools.annotate, .conllu_io, .evaluate) ---------
#: The default shard size of ``annotate`` and ``dataset build`` (corpus_tools.distributed_annotate;
#: kept literal so that building the parser imports nothing: a test checks it).
_ANNOTATE_SHARDS = "stanza on workers 1 MB; else one shard up to 32 MB, else 8 MB"


def _add_stanza_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model-dir",
        default=None,
        help="stanza resources directory (default: $CORPUS_TOOLS_STANZA_DIR, "
        "$STANZA_RESOURCES_DIR, stanza's default)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument(
        "--cache-dir", default=None, help="annotation cache (default ~/.cache/corpus_tools)"
    )
    p.add_argument(
        "--threads", type=_int_in(1), default=None, help="torch threads (1 helps on a busy machine)"
    )


def _add_annotate(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("annotate", help="token table with lemmas and POS (stanza) or rules tokens")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    _add_annotator_option(p)
    p.add_argument(
        "--paragraphs",
        choices=("line", "blank"),
        default="line",
        help="stanza: a paragraph per line (default) or per blank-line block",
    )
    _add_stanza_options(p)
    p.add_argument("--format", choices=("jsonl", "csv", "conllu"), default="jsonl")
    _add_scale_options(p, title="scale", shards=_ANNOTATE_SHARDS)
    p.set_defaults(func=_cmd_annotate)


def _cmd_annotate(args: argparse.Namespace) -> None:
    from corpus_tools.distributed_annotate import sharded_annotate

    corpus = _load(args.paths)
    with _engine(args) as engine:
        tokens = sharded_annotate(
            corpus,
            args.annotator,
            model_dir=args.model_dir,
            cache=not args.no_cache,
            cache_dir=args.cache_dir,
            paragraphs=args.paragraphs,
            threads=args.threads,
            **engine,
        )
    print(f"# {tokens.attrs['signature']}", file=sys.stderr)
    if args.format == "conllu":
        from corpus_tools.conllu_io import to_conllu

        sys.stdout.write(to_conllu(tokens, text={d.id: d.text for d in corpus}))
        return
    write_table(tokens.assign(doc=tokens["doc"].map(_doc_names(corpus))), args.format)


def _add_models(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("models", help="stanza models: `models download` or `models status`")
    p.add_argument("action", choices=("download", "status"))
    p.add_argument(
        "--model-dir", default=None, help="target/lookup directory (default as annotate)"
    )
    p.add_argument(
        "--timeout", type=_positive_float, default=20.0, help="seconds to reach the server"
    )
    p.set_defaults(func=_cmd_models)


def _cmd_models(args: argparse.Namespace) -> None:
    from corpus_tools.annotate import ModelDownloadError, download_models, find_stanza_models

    if args.action == "download":
        try:
            where = download_models(args.model_dir, timeout=args.timeout)
        except ModelDownloadError as exc:
            raise UserError(str(exc)) from None
        print(f"stanza Arabic models in {where}", file=sys.stderr)
    models = find_stanza_models(args.model_dir)
    print(f"stanza Arabic models in {models.directory} (from {models.source})")
    for f in models.files:
        print(f"  {f.relative_to(models.directory)}")


def _add_evaluate_ud(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "evaluate-ud", help="score an annotator against UD gold (CoNLL 2018 alignment)"
    )
    p.add_argument("--gold", required=True, help="gold .conllu file")
    p.add_argument("--text", required=True, help="raw text of the gold file (.txt)")
    _add_annotator_option(p)
    _add_stanza_options(p)
    p.add_argument("--format", choices=("markdown", "jsonl", "csv"), default="markdown")
    p.set_defaults(func=_cmd_evaluate_ud)


def _cmd_evaluate_ud(args: argparse.Namespace) -> None:
    from pathlib import Path

    from corpus_tools.evaluate import evaluate_ud, format_scores

    for path in (args.gold, args.text):
        if not Path(path).is_file():
            raise UserError(f"{path}: no such file")
    scores = evaluate_ud(
        args.gold,
        args.text,
        args.annotator,
        model_dir=args.model_dir,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        threads=args.threads,
    )
    if args.format == "markdown":
        sys.stdout.write(format_scores(scores))
        print(f"\n{scores.attrs['signature']}")
    else:
        write_table(scores, args.format)
