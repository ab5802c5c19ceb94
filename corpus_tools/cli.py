"""Command-line interface: ``corpus-tools SUBCOMMAND ...`` (also ``python -m corpus_tools``).

A thin layer over the library. Conventions shared by every subcommand (a stable contract
that evaluation tooling reads): ``--format jsonl|csv`` on stdout, ``doc`` is the file name
(``000_30e8b2e888576925.txt``), offsets are Python ``str`` indices into the decoded text.
User mistakes (missing path, bad UTF-8, bad option) print one line to stderr and exit 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus

__all__ = ["main"]


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


def write_table(df: pd.DataFrame, fmt: str, out: Any = None) -> None:
    """Write a DataFrame as JSON lines (one object per row) or CSV to stdout.

    CSV is written by pyarrow's C++ writer (quotes only where needed, ``True``/``False`` for
    booleans, missing values empty, floats in their shortest round-trip form); JSON lines are
    built column by column, so both cost about the same per row whatever the column types.
    """
    out = out or sys.stdout
    if fmt == "csv":
        _write_csv(df, out)
        return
    for start in range(0, len(df), _JSONL_BATCH):
        out.write("".join(_jsonl_lines(df.iloc[start : start + _JSONL_BATCH])))


_JSONL_BATCH = 65_536


def _column_values(col: pd.Series) -> list[Any]:
    """Python values of one column for ``json``: missing values (NaN, NA) become None."""
    import numpy as np

    if col.dtype.kind in "iub":
        return col.tolist()
    missing = col.isna().to_numpy()
    values = col.astype(object).tolist()
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            values[i] = None
    return [_jsonable(v) for v in values] if col.dtype == object else values


def _jsonable(v: Any) -> Any:
    if hasattr(v, "item"):  # numpy scalar in an object column
        return v.item()
    return v


def _write_csv(df: pd.DataFrame, out: Any) -> None:
    import io

    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    columns = {}
    for name in df.columns:
        col = df[name]
        if col.dtype == bool:  # pandas' spelling, as the CSV files written so far
            col = pd.Series(np.where(col.to_numpy(), "True", "False"), dtype="str")
        elif isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype("str")
        columns[str(name)] = pa.array(col, from_pandas=True)
    table = pa.table(columns) if columns else pa.table({})
    buffer = io.BytesIO()
    options = pa_csv.WriteOptions(quoting_style="needed", batch_size=65_536)
    pa_csv.write_csv(table, buffer, write_options=options)
    data = buffer.getvalue()
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        binary.write(data)
        binary.flush()
    else:
        out.write(data.decode("utf-8"))


def _jsonl_lines(df: pd.DataFrame) -> list[str]:
    cols = [str(c) for c in df.columns]
    values = [_column_values(df[c]) for c in df.columns]
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    return [dumps(dict(zip(cols, row, strict=True))) + "\n" for row in zip(*values, strict=True)]


def _add_format(p: argparse.ArgumentParser, default: str = "jsonl") -> None:
    p.add_argument("--format", choices=("jsonl", "csv"), default=default, help="output format")


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


# --- subcommands added by feature modules go below this line (one _add_/_cmd_ pair each) ----


# --- freq / keyness / kwic (corpus_tools.frequency, .keyness, .kwic) --------------------------
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


def _add_scale_options(p: argparse.ArgumentParser) -> None:
    """Shards and workers (corpus_tools.distributed); rules tokens only."""
    g = p.add_argument_group("scale (rules annotator)")
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
        help="text per shard in MB (default: one shard up to 32 MB, else 8 MB, about 0.7M tokens)",
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
        raise UserError("--workers/--scheduler work with --annotator rules only")
    return args.annotator == "rules"


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
        built = build_dataset(
            _load(args.paths),
            args.out,
            annotator=args.annotator,
            gold=args.gold,
            repo_id=args.repo_id,
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


# --- annotate / models / evaluate-ud (corpus_tools.annotate, .conllu_io, .evaluate) ---------
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
    p.set_defaults(func=_cmd_annotate)


def _cmd_annotate(args: argparse.Namespace) -> None:
    from corpus_tools.annotate import annotate

    corpus = _load(args.paths)
    tokens = annotate(
        corpus,
        args.annotator,
        model_dir=args.model_dir,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        paragraphs=args.paragraphs,
        threads=args.threads,
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
    from corpus_tools.loanwords import brand_mentions, brand_usage

    corpus = _load(args.paths)
    mentions = brand_mentions(corpus, exclude_brands=_excluded(args))
    if args.usage:
        write_table(brand_usage(mentions, corpus), args.format)
        return
    mentions = mentions.assign(doc=mentions["doc"].map(_doc_names(corpus)))
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


# --- end of subcommands ---------------------------------------------------------------------

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


class _Parser(argparse.ArgumentParser):
    """Option mistakes print one line (``corpus-tools CMD: error: ...``) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


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
