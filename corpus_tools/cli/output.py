"""Tables on stdout: JSON lines or CSV (the output contract of every subcommand)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


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
