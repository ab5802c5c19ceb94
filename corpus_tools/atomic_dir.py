"""Output folders that are replaced whole or not at all, and never lose a file they do not own.

:func:`replace_dir` is how a build (``dataset build``) writes its folder:

1. **Leftovers of killed builds** beside the folder are dealt with first: a temporary build
   folder (``.<name>.build-<pid>-*``) whose process is gone is removed; an old build moved aside
   by an interrupted swap (``.<name>.old-<pid>-*``) is put back if the folder is missing, else
   removed; a hidden sibling left by an older version (``.<name>-*``) is reported, not touched.
2. **Ownership.** The folder may be replaced only if every file and folder in it is listed in
   its manifest (``.corpus_tools-build.json``: path, size and sha256 of every file the build
   wrote) with the same content. Anything else — a user's ``data/my_notes.txt``, an edited
   card, an empty folder — is *foreign*: the build refuses and names it, and nothing is
   touched. (A folder without a manifest may be accepted by the caller's ``legacy`` rule, for
   builds made before manifests existed.)
3. **Atomic replacement.** The new build is written to a temporary sibling and its manifest
   added; only then are the two folders swapped in one step (``renameat2(RENAME_EXCHANGE)``
   on Linux; elsewhere two renames, which the recovery in step 1 completes if the process dies
   between them). Until the swap, the old folder is whole; after it, the new one is.

:data:`CHECKPOINTS` names the moments between steps; tests kill a build at each of them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHECKPOINTS",
    "MANIFEST",
    "FolderError",
    "Replaced",
    "check_replaceable",
    "clean_leftovers",
    "foreign_entries",
    "read_manifest",
    "replace_dir",
]

log = logging.getLogger(__name__)

#: The manifest a build writes into its folder (not part of what it publishes).
MANIFEST = ".corpus_tools-build.json"
#: The moments between the steps of :func:`replace_dir` (see :func:`_checkpoint`).
CHECKPOINTS: tuple[str, ...] = (
    "temporary-created",
    "files-written",
    "manifest-written",
    "old-moved-aside",  # only without an atomic exchange
    "swapped",
)
_SHOWN = 10
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class FolderError(ValueError):
    """The output folder holds files the build does not own (or is not a folder)."""


@dataclass(frozen=True)
class Replaced:
    """The outcome of :func:`replace_dir`: the files written (manifest order) and leftovers."""

    folder: Path
    files: tuple[str, ...]
    cleaned: tuple[Path, ...]
    reported: tuple[Path, ...]


def _checkpoint(step: str) -> None:
    """Called between steps; a test replaces it to kill or fail the build at ``step``."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk(folder: Path) -> tuple[list[str], list[str]]:
    """Relative POSIX paths of the files (and links) and of the folders under ``folder``."""
    files: list[str] = []
    dirs: list[str] = []
    for root, subdirs, names in os.walk(folder):
        rel = Path(root).relative_to(folder)
        for name in subdirs:
            (files if Path(root, name).is_symlink() else dirs).append((rel / name).as_posix())
        files.extend((rel / name).as_posix() for name in names)
    return sorted(files), sorted(dirs)


def read_manifest(folder: Path) -> dict[str, dict[str, object]] | None:
    """The manifest's ``files`` (path → ``bytes``, ``sha256``), or None if there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        files = json.loads(path.read_text("utf-8"))["files"]
    except (ValueError, KeyError, TypeError, OSError):
        return None  # a damaged manifest proves nothing: every file counts as foreign
    return files if isinstance(files, dict) else None


def _write_manifest(folder: Path) -> tuple[str, ...]:
    files, _ = _walk(folder)
    record = {
        "tool": "corpus_tools",
        "files": {
            f: {"bytes": (folder / f).stat().st_size, "sha256": _sha256(folder / f)} for f in files
        },
    }
    (folder / MANIFEST).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", "utf-8")
    return tuple(files)


def foreign_entries(
    folder: Path, legacy: Callable[[Path, list[str]], bool] | None = None
) -> list[str]:
    """What in ``folder`` the build does not own: unlisted or changed files, other folders.

    ``legacy(folder, files)`` may accept a folder that has no manifest (an older build).
    """
    files, dirs = _walk(folder)
    owned = read_manifest(folder)
    if owned is None:
        return (
            [] if legacy is not None and legacy(folder, files) else files + [f"{d}/" for d in dirs]
        )
    foreign = []
    for f in files:
        want = owned.get(f)
        path = folder / f
        if f == MANIFEST:
            continue
        if not isinstance(want, dict) or path.is_symlink():
            foreign.append(f)
        elif path.stat().st_size != want.get("bytes") or _sha256(path) != want.get("sha256"):
            foreign.append(f"{f} (changed since the build)")
    parents = {Path(f).parent.as_posix() for f in owned}
    parents |= {p.as_posix() for f in owned for p in Path(f).parents}
    foreign += [f"{d}/" for d in dirs if d not in parents]
    return foreign


def check_replaceable(
    folder: Path, legacy: Callable[[Path, list[str]], bool] | None = None
) -> None:
    """Raise :class:`FolderError` naming what in ``folder`` a build may not replace."""
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not folder.is_dir():
        raise FolderError(f"{folder}: exists and is not a folder; refusing to replace it")
    foreign = foreign_entries(folder, legacy)
    if foreign:
        more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        raise FolderError(
            f"{folder}: refusing to replace the folder: it holds what this build did not write: "
            f"{', '.join(foreign[:_SHOWN])}{more} (move them elsewhere, or choose another --out)"
        )


def process_gone(pid: int) -> bool:
    """Whether no process ``pid`` exists (never true for this process; false when unsure)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _leftovers(out: Path) -> Iterable[tuple[Path, str, int | None]]:
    """Siblings of ``out`` left by builds: (path, kind, pid of the writer)."""
    ours = re.compile(rf"^\.{re.escape(out.name)}\.(build|old)-(\d+)-")
    older = re.compile(rf"^\.{re.escape(out.name)}-[A-Za-z0-9_]{{8}}$")  # tempfile.mkdtemp names
    if not out.parent.is_dir():
        return
    for entry in sorted(out.parent.iterdir()):
        m = ours.match(entry.name)
        if m and entry.is_dir() and not entry.is_symlink():
            yield entry, m.group(1), int(m.group(2))
        elif older.match(entry.name) and entry.is_dir():
            yield entry, "older", None


def clean_leftovers(out: Path) -> tuple[list[Path], list[Path]]:
    """Finish or undo what killed builds left beside ``out``; returns (cleaned, reported)."""
    cleaned: list[Path] = []
    reported: list[Path] = []
    for path, kind, pid in _leftovers(out):
        if kind == "older":
            reported.append(path)
            log.warning(
                "%s: left by an interrupted build of an older version; check and delete it", path
            )
        elif pid is not None and process_gone(pid):
            if kind == "old" and not out.exists():
                os.rename(path, out)  # the swap was cut in half: the old build goes back
                log.warning("%s: restored from %s (a build was killed while swapping)", out, path)
            else:
                shutil.rmtree(path)
                log.info("removed %s (left by a killed build)", path)
            cleaned.append(path)
    return cleaned, reported


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where that is not available."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system or kernel cannot
        return False
    raise OSError(err, os.strerror(err), str(a))


def _swap_in(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.rename(tmp, out)
        _checkpoint("swapped")
        return
    if _exchange(tmp, out):
        _checkpoint("swapped")
        shutil.rmtree(tmp)  # it now holds the old build
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    os.replace(out, old)  # a folder may be renamed over an empty one
    _checkpoint("old-moved-aside")
    os.rename(tmp, out)
    _checkpoint("swapped")
    shutil.rmtree(old)


def replace_dir(
    out: str | Path,
    write: Callable[[Path], None],
    *,
    legacy: Callable[[Path, list[str]], bool] | None = None,
) -> Replaced:
    """Build ``out`` with ``write(folder)`` into a temporary sibling, then swap it in whole.

    Raises
    ------
    FolderError
        if ``out`` holds anything the earlier build did not write (naming it); nothing is
        written or removed then.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cleaned, reported = clean_leftovers(out)
    check_replaceable(out, legacy)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the build is an ordinary folder
        _checkpoint("temporary-created")
        write(tmp)
        _checkpoint("files-written")
        files = _write_manifest(tmp)
        _checkpoint("manifest-written")
        check_replaceable(out, legacy)  # again: the user may have added files during the build
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Replaced(out, files, tuple(cleaned), tuple(reported))
