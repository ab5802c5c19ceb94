"""The Hugging Face Hub side: what a push would upload (checked), and the push as one commit.

:func:`plan_push` is everything :func:`push_dataset` does before the network, and is what the
tests check; the live upload is not exercised by the test suite (there is no Hub to talk to).
"""

from __future__ import annotations

import importlib
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from corpus_tools._version import __version__
from corpus_tools.atomic_dir import MANIFEST
from corpus_tools.checksums import file_table
from corpus_tools.dataset.card import card_repo_id, card_signature
from corpus_tools.dataset.schema import CARD, DatasetError, PushError

__all__ = ["PushResult", "format_plan", "plan_push", "push_dataset"]


def plan_push(folder: str | Path) -> pd.DataFrame:
    """Everything a push uploads, checked: the card and the data files its configs name.

    The folder must be a dataset build: ``README.md`` whose YAML parses as a dataset card with
    ``configs``, every config's data files present, and no other file (nothing stray is ever
    uploaded).

    Returns
    -------
    DataFrame, one row per file to upload, ``README.md`` first then by path: ``path`` (path in
    the repo, POSIX), ``bytes``, ``sha256``, ``local_path``; ``attrs["signature"]`` is the card's.
    """
    from huggingface_hub import DatasetCard

    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(
            f"{root}: no such dataset folder (build it with `corpus-tools dataset build --out {root}`)"
        )
    if not (root / CARD).is_file():
        raise DatasetError(f"{root}: no {CARD} (dataset card); not a dataset build")
    card = DatasetCard((root / CARD).read_text(encoding="utf-8"))
    configs = card.data.to_dict().get("configs") or []
    if not configs:
        raise DatasetError(f"{root / CARD}: the card's YAML has no `configs:`")
    files = file_table(root, local_paths=True, skip_names={MANIFEST})  # never published
    wanted: set[str] = {CARD}
    for config in configs:
        for item in config.get("data_files", []):
            paths = item["path"] if isinstance(item, dict) else item
            for pattern in [paths] if isinstance(paths, str) else paths:
                hits = [
                    p
                    for p in files["path"]
                    if Path(p).match(pattern)
                    and Path(p).parts[: len(Path(pattern).parts) - 1] == Path(pattern).parts[:-1]
                ]
                if not hits:
                    raise DatasetError(
                        f"{root}: config {config.get('config_name')!r} names {pattern!r}, but no such file exists"
                    )
                wanted.update(hits)
    stray = sorted(set(files["path"]) - wanted)
    if stray:
        raise DatasetError(
            f"{root}: file(s) not part of the dataset would be uploaded: {', '.join(stray[:5])}; rebuild the folder"
        )
    plan = (
        files.assign(_card=files["path"] != CARD)
        .sort_values(["_card", "path"])
        .drop(columns="_card")
    )
    plan = plan.reset_index(drop=True)
    plan.attrs["signature"] = card_signature((root / CARD).read_text(encoding="utf-8"))
    return plan


def format_plan(plan: pd.DataFrame, repo_id: str, revision: str | None = None) -> str:
    """The dry-run listing: one line per file (size in bytes and path), then the total."""
    width = max(len(f"{b:,}") for b in plan["bytes"]) if len(plan) else 1
    lines = [f"{b:>{width},}  {p}" for p, b in zip(plan["path"], plan["bytes"], strict=True)]
    lines.append(
        f"{len(plan)} files, {int(plan['bytes'].sum()):,} bytes would be uploaded to "
        f"datasets/{repo_id} (revision {revision or 'main'}) in one commit"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class PushResult:
    """Outcome of :func:`push_dataset`: the files (see :func:`plan_push`) and the commit URL."""

    repo_id: str
    revision: str
    files: pd.DataFrame
    commit_url: str | None
    dry_run: bool


def _offline() -> bool:
    from huggingface_hub import constants

    env = os.environ.get("HF_HUB_OFFLINE", "").strip().upper()
    return bool(constants.is_offline_mode()) or env in {"1", "ON", "YES", "TRUE"}


def _network_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    # huggingface_hub >= 2 talks through httpx2; older releases through httpx or requests
    for module in ("httpx2", "httpx"):
        with suppress(ImportError):
            errors.append(importlib.import_module(module).TransportError)
    try:
        import requests

        errors.append(requests.exceptions.ConnectionError)
        errors.append(requests.exceptions.Timeout)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def push_dataset(
    folder: str | Path,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    token: str | None = None,
    dry_run: bool = False,
    commit_message: str | None = None,
) -> PushResult:
    """Upload a built dataset folder to the Hugging Face Hub as one commit.

    Creates the dataset repo if needed (``exist_ok``), the branch ``revision`` if given, then
    commits every file of :func:`plan_push` (``CommitOperationAdd``) with one message. The
    token comes from ``token``, else ``HF_TOKEN`` or the standard login
    (``huggingface_hub.get_token``); it is never printed, logged or written anywhere.

    Raises
    ------
    DatasetError
        the folder is not a build, or its card was built for another repo id.
    PushError
        no token, offline (``HF_HUB_OFFLINE``), the Hub unreachable or refusing. Nothing is
        written locally in any case; a failure before the commit uploads nothing.
    """
    plan = plan_push(folder)
    card_repo = card_repo_id((Path(folder) / CARD).read_text(encoding="utf-8"))
    if card_repo is not None and card_repo != repo_id:
        raise DatasetError(
            f"{folder}: the card was built for {card_repo!r} (its loading examples name it), not {repo_id!r}; "
            f"rebuild with `corpus-tools dataset build --repo-id {repo_id}`"
        )
    branch = revision or "main"
    if dry_run:
        return PushResult(repo_id, branch, plan, None, True)
    if _offline():
        raise PushError(
            "HF_HUB_OFFLINE is set: cannot upload to the Hugging Face Hub; nothing was uploaded"
        )

    from huggingface_hub import get_token

    token = token or get_token()
    if not token:
        raise PushError(
            "no Hugging Face token: set HF_TOKEN or log in with `hf auth login`; nothing was uploaded"
        )
    info = _commit(plan, repo_id, branch, token=token, private=private, message=commit_message)
    return PushResult(repo_id, branch, plan, str(getattr(info, "commit_url", "") or ""), False)


def _commit(
    plan: pd.DataFrame,
    repo_id: str,
    branch: str,
    *,
    token: str,
    private: bool,
    message: str | None,
) -> Any:
    """Create the repo (and branch) if needed, then commit every file of ``plan`` at once."""
    from huggingface_hub import CommitOperationAdd, HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(token=token)
    operations = [
        CommitOperationAdd(path_in_repo=p, path_or_fileobj=lp)
        for p, lp in zip(plan["path"], plan["local_path"], strict=True)
    ]
    message = message or f"Upload dataset built by corpus_tools {__version__} ({len(plan)} files)"
    description = "\n".join(
        [
            f"signature: {plan.attrs.get('signature', '')}",
            "",
            *(f"{b:>12}  {p}" for p, b in zip(plan["path"], plan["bytes"], strict=True)),
        ]
    )
    step = "create the repository"
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        if branch != "main":
            step = f"create the branch {branch!r}"
            api.create_branch(repo_id, branch=branch, repo_type="dataset", exist_ok=True)
        step = "commit the files"
        return api.create_commit(
            repo_id,
            operations,
            commit_message=message,
            commit_description=description,
            repo_type="dataset",
            revision=branch,
        )
    except _network_errors() as exc:
        raise PushError(
            f"cannot reach the Hugging Face Hub to {step} ({type(exc).__name__}); nothing was committed"
        ) from None
    except HfHubHTTPError as exc:
        raise PushError(
            f"the Hugging Face Hub refused to {step}: {exc}; nothing was committed"
        ) from None
