"""Executing the report's notebooks: fresh kernels, quiet, cleaned of run-specific metadata."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["NOTEBOOKS", "ReportError", "clean_notebook", "execute_notebooks", "kernel_env"]

log = logging.getLogger(__name__)

#: The notebooks of the report, in execution order (``notebooks/<name>.ipynb``).
NOTEBOOKS: tuple[str, ...] = (
    "01_corpus_overview",
    "02_frequencies",
    "03_collocations",
    "04_loanwords",
    "05_dataset",
)
_DEFAULT_EPOCH = "1700000000"


class ReportError(RuntimeError):
    """A notebook failed, or wrote to stderr (warnings included), while building the report."""


def clean_notebook(nb: NotebookNode, replace: Mapping[str, str] | None = None) -> NotebookNode:
    """Strip what changes between runs or machines from an executed notebook; keep outputs.

    Removes execution timestamps (``metadata.execution``), the Python patch version, kernel/widget
    state and any ``collapsed``/``scrolled`` UI flags; renumbers ``execution_count`` 1, 2, … over
    the code cells; gives every cell a stable id (``cell-01`` …); replaces each key of
    ``replace`` (e.g. the absolute path of the checkout) by its value in every output.
    """
    replace = dict(replace or {})
    for key in list(nb.metadata):
        if key not in {"kernelspec", "language_info"}:
            del nb.metadata[key]
    # the interpreter's patch version is machine-specific; the packages are pinned instead
    nb.metadata.get("language_info", {}).pop("version", None)
    count = 0
    for i, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{i:02d}"
        for key in ("execution", "collapsed", "scrolled", "ExecuteTime", "papermill"):
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = count
            if replace:
                _replace_in_output(out, replace)
    return nb


def _replace_in_output(out: Any, replace: Mapping[str, str]) -> None:
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in replace.items():
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    for key in ("text", "traceback", "evalue"):
        if key in out:
            out[key] = fix(out[key])
    for mime, value in (out.get("data") or {}).items():
        if mime.startswith("text/"):
            out["data"][mime] = fix(value)


def _problems(nb: NotebookNode, name: str) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{name} cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                found.append(f"{name} cell {i} wrote to stderr: {text.strip()[:500]}")
    return found


def kernel_env(overrides: Mapping[str, str]) -> dict[str, str]:
    """The environment of every kernel: reproducible, offline, quiet, plus ``overrides``."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", _DEFAULT_EPOCH)
    # datasets' cache of the local dataset folder: never the user's ~/.cache unless they chose it
    env.setdefault("HF_HOME", str(Path(tempfile.gettempdir()) / "corpus_tools-hf-home"))
    env.update(
        {
            "PYTHONHASHSEED": "0",
            "MPLBACKEND": "Agg",
            "HF_DATASETS_OFFLINE": "1",
            "HF_HUB_OFFLINE": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
            "TQDM_DISABLE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # debugpy's frozen-modules note on stderr
            "TOKENIZERS_PARALLELISM": "false",
        }
    )
    env.update(overrides)
    return env


async def _execute(
    path: Path, env: Mapping[str, str], timeout: int, replace: Mapping[str, str]
) -> NotebookNode:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="corpus_tools-kernel-") as sockets:
        # IPC sockets in a private folder: nothing listens on TCP, and ipykernel has no
        # "running over TCP without encryption" warning to print
        km = AsyncKernelManager(
            kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel")
        )
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            # cleanup_kc: stop the kernel and close its channels although nbclient did not
            # create the manager (unclosed zmq sockets would warn)
            await client.async_execute(env=dict(env), cleanup_kc=True)
        except CellExecutionError as exc:
            msg = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # no terminal colours in the error
            for old, new in replace.items():
                msg = msg.replace(old, new)
            raise ReportError(f"{path.name}: a cell failed:\n{msg[-3000:]}") from None
        finally:
            if km.has_kernel:  # a failed start: nothing else stops it
                await km.shutdown_kernel(now=True)
    problems = _problems(nb, path.name)
    if problems:
        raise ReportError("\n".join(problems))
    return clean_notebook(nb, replace)


def execute_notebooks(
    paths: Sequence[Path],
    env: Mapping[str, str],
    *,
    timeout: int = 600,
    replace: Mapping[str, str] | None = None,
    jobs: int = 1,
) -> list[NotebookNode]:
    """Execute notebooks, each in a fresh kernel (cwd = its folder); return them cleaned.

    Up to ``jobs`` kernels run at the same time (one asyncio event loop, no threads); the
    results come back in the order of ``paths`` and do not depend on ``jobs``. Logs "notebook
    k of n" as each starts and finishes. Raises :class:`ReportError` when a cell fails or
    anything is written to stderr (a warning, e.g. a glyph missing from the fonts, is an error
    in the report as in the tests).
    """
    import asyncio

    total = len(paths)

    async def run_all() -> list[NotebookNode]:
        gate = asyncio.Semaphore(max(1, jobs))

        async def one(k: int, path: Path) -> NotebookNode:
            async with gate:
                log.info("notebook %d of %d: %s running", k, total, path.name)
                nb = await _execute(path, env, timeout, dict(replace or {}))
                log.info("notebook %d of %d: %s done", k, total, path.name)
                return nb

        return list(await asyncio.gather(*(one(k, p) for k, p in enumerate(paths, start=1))))

    return asyncio.run(run_all())
