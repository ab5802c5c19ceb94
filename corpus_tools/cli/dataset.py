"""``dataset build`` and ``dataset push`` (corpus_tools.dataset)."""

from __future__ import annotations

import argparse

from corpus_tools.cli.annotation import _ANNOTATE_SHARDS
from corpus_tools.cli.common import (
    UserError,
    _add_annotator_option,
    _add_scale_options,
    _engine,
    _load,
    _Parser,
)

# --- dataset build / push (corpus_tools.dataset) ---------------------------------------------
# Same values as corpus_tools.dataset.DEFAULT_OUT / DEFAULT_REPO_ID (a test checks), kept literal
# here so that building the parser does not import pandas.
_DATASET_OUT = "dataset"
_DATASET_REPO_ID = "corpus-tools/arabic-ai-news-loanwords"


def _add_dataset(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "dataset", help="build the Hugging Face dataset folder, or push it to the Hub"
    )
    dsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    b = dsub.add_parser("build", help="write README.md (dataset card) + data/*/train-*.parquet")
    b.add_argument(
        "paths", nargs="*", default=["seeds"], metavar="PATH", help="texts (default: seeds)"
    )
    b.add_argument(
        "--out", default=_DATASET_OUT, help=f"dataset folder to write (default {_DATASET_OUT})"
    )
    _add_annotator_option(b)
    b.add_argument(
        "--gold", default=None, metavar="JSONL", help="tag gold mentions instead of detected ones"
    )
    b.add_argument(
        "--repo-id", default=_DATASET_REPO_ID, help="repo id named in the card's loading examples"
    )
    _add_scale_options(b, title="scale (annotation)", shards=_ANNOTATE_SHARDS)
    b.set_defaults(func=_cmd_dataset)
    u = dsub.add_parser(
        "push", help="upload a built folder to the Hub as one commit (token: HF_TOKEN or login)"
    )
    u.add_argument("--repo-id", required=True, help="Hub dataset repo, e.g. user/name")
    u.add_argument(
        "--folder", default=_DATASET_OUT, help=f"built dataset folder (default {_DATASET_OUT})"
    )
    u.add_argument("--private", action="store_true", help="create the repo as private")
    u.add_argument(
        "--revision", default=None, metavar="BRANCH", help="branch to commit to (default main)"
    )
    u.add_argument(
        "--dry-run", action="store_true", help="list every file and its size; upload nothing"
    )
    u.set_defaults(func=_cmd_dataset)


def _cmd_dataset(args: argparse.Namespace) -> None:
    from corpus_tools.dataset import PushError, build_dataset, format_plan, push_dataset

    if args.action == "build":
        corpus = _load(args.paths)
        with _engine(args) as engine:
            built = build_dataset(
                corpus,
                args.out,
                annotator=args.annotator,
                gold=args.gold,
                repo_id=args.repo_id,
                **engine,
            )
        for path, size in zip(built.files["path"], built.files["bytes"], strict=True):
            print(f"{size:>10,}  {built.folder / path}")
        print(f"rows: {', '.join(f'{c} {n}' for c, n in built.rows.items())}")
        print(f"brand mentions not on token boundaries: {len(built.misaligned)}")
        print(f"signature: {built.signature}")
        return
    try:
        result = push_dataset(
            args.folder,
            args.repo_id,
            private=args.private,
            revision=args.revision,
            dry_run=args.dry_run,
        )
    except PushError as exc:
        raise UserError(str(exc)) from None
    if result.dry_run:
        print(format_plan(result.files, result.repo_id, result.revision))
    else:
        print(
            f"uploaded {len(result.files)} files to datasets/{result.repo_id} ({result.revision}): {result.commit_url}"
        )
