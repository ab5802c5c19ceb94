"""Fault injection (3/3): output folders of builds — user files, edits, kills at each step.

A build never removes or changes what it did not write, and a killed build leaves the old build
whole (or the new one whole, once swapped); the next build cleans the leftovers.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from fault_helpers import ROOT, SEEDS, run_cli, write_utf8


# --- builds that never lose anything (corpus_tools.atomic_dir + dataset build) -------------------
def _build(tmp: Path, version: str) -> None:
    """A small build: a card and a data file, both saying which version wrote them."""
    (tmp / "data").mkdir()
    (tmp / "README.md").write_text(f"build {version}\n", encoding="utf-8")
    (tmp / "data" / "part.bin").write_bytes(version.encode() * 1000)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _built(version: str) -> dict[str, bytes]:
    """What a complete build of ``version`` holds (without its manifest)."""
    return {"README.md": f"build {version}\n".encode(), "data/part.bin": version.encode() * 1000}


def _without_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    from corpus_tools.atomic_dir import MANIFEST

    return {k: v for k, v in files.items() if k != MANIFEST}


@pytest.fixture
def first_build(tmp_path):
    from corpus_tools.atomic_dir import replace_dir

    out = tmp_path / "out"
    replace_dir(out, lambda tmp: _build(tmp, "v1"))
    assert _without_manifest(_files(out)) == _built("v1")
    return out


USER_CHANGES = {
    "user-file-in-data": (
        lambda out: write_utf8(out / "data" / "my_notes.txt", "mine"),
        "data/my_notes.txt",
    ),
    "user-folder-deep": (
        lambda out: (
            (out / "data" / "extra").mkdir()
            or write_utf8(out / "data" / "extra" / "deep.txt", "mine")
        ),
        "data/extra/deep.txt",
    ),
    "empty-user-folder": (lambda out: (out / "data" / "empty").mkdir(), "data/empty/"),
    "edited-card": (
        lambda out: write_utf8(out / "README.md", "my edits"),
        "README.md (changed since the build)",
    ),
    "symlink": (lambda out: (out / "link").symlink_to(out / "README.md"), "link"),
    "top-level-note": (lambda out: write_utf8(out / "notes.txt", "mine"), "notes.txt"),
    "damaged-manifest": (
        lambda out: write_utf8(out / ".corpus_tools-build.json", "{not json"),
        "README.md",
    ),
}


@pytest.mark.parametrize("change", list(USER_CHANGES))
def test_rebuild_refuses_a_folder_holding_what_it_did_not_write(first_build, change):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    make, named = USER_CHANGES[change]
    make(first_build)
    before = _files(first_build)
    with pytest.raises(FolderError, match="refusing to replace the folder") as info:
        replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert named in str(info.value)
    assert _files(first_build) == before  # nothing touched
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]  # no temporary left


def test_output_path_that_is_a_file_or_a_link_is_refused(tmp_path):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    write_utf8(tmp_path / "file", "mine")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    for name in ("file", "link"):
        with pytest.raises(FolderError, match=f"{name}: exists and is not a folder"):
            replace_dir(tmp_path / name, lambda tmp: _build(tmp, "v2"))
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_rebuild_replaces_an_earlier_build_whole(first_build):
    from corpus_tools.atomic_dir import MANIFEST, replace_dir

    done = replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert _without_manifest(_files(first_build)) == _built("v2")
    assert done.files == ("README.md", "data/part.bin")
    manifest = json.loads((first_build / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert manifest["data/part.bin"]["bytes"] == len(b"v2" * 1000)
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_a_file_added_during_the_build_stops_the_swap(first_build):
    from corpus_tools.atomic_dir import FolderError, replace_dir

    def slow_build(tmp):
        _build(tmp, "v2")
        write_utf8(first_build / "added-meanwhile.txt", "mine")

    with pytest.raises(FolderError, match=r"added-meanwhile\.txt"):
        replace_dir(first_build, slow_build)
    assert _without_manifest(_files(first_build)) == _built("v1") | {"added-meanwhile.txt": b"mine"}
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_a_failing_write_leaves_the_old_build_whole(first_build):
    from corpus_tools.atomic_dir import replace_dir

    def disk_full(tmp):
        _build(tmp, "v2")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        replace_dir(first_build, disk_full)
    assert _without_manifest(_files(first_build)) == _built("v1")
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]


def test_leftovers_of_an_older_version_are_reported_and_kept(first_build, caplog):
    from corpus_tools.atomic_dir import replace_dir

    stranded = first_build.parent / ".out-k3j4h5g6"  # tempfile.mkdtemp name of earlier builds
    stranded.mkdir()
    write_utf8(stranded / "README.md", "half a build, or the user's")
    with caplog.at_level("WARNING"):
        done = replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert done.reported == (stranded,)
    assert f"{stranded}: left by an interrupted build" in caplog.text
    assert (stranded / "README.md").exists()


def test_a_concurrent_builds_temporary_folder_is_left_alone(first_build):
    from corpus_tools.atomic_dir import replace_dir

    busy = first_build.parent / f".out.build-{os.getppid()}-abc"  # its writer is alive
    busy.mkdir()
    replace_dir(first_build, lambda tmp: _build(tmp, "v2"))
    assert busy.is_dir()


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from corpus_tools import atomic_dir

out, step, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if mode == "two-renames":  # a system without an atomic exchange of two folders
    atomic_dir._exchange = lambda a, b: False

def kill_at(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)

def build(tmp):
    (tmp / "data").mkdir()
    (tmp / "README.md").write_text("build v2\\n", encoding="utf-8")
    with (tmp / "data" / "part.bin").open("wb") as fh:
        fh.write(b"v2" * 500)
        if step == "mid-write":  # killed inside a data file: half of it on disk
            fh.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        fh.write(b"v2" * 500)

atomic_dir._checkpoint = kill_at
atomic_dir.replace_dir(out, build)
"""

KILL_STEPS = [
    ("exchange", "temporary-created", "v1"),
    ("exchange", "mid-write", "v1"),
    ("exchange", "files-written", "v1"),
    ("exchange", "manifest-written", "v1"),
    ("exchange", "swapped", "v2"),
    ("two-renames", "manifest-written", "v1"),
    ("two-renames", "old-moved-aside", None),  # between the renames: the old build is aside
    ("two-renames", "swapped", "v2"),
]


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize(
    ("mode", "step", "visible"), KILL_STEPS, ids=[f"{m}-{s}" for m, s, _ in KILL_STEPS]
)
def test_a_build_killed_at_each_step_loses_nothing(first_build, mode, step, visible):
    """SIGKILL at each step: the folder holds the old or the new build whole, and the next
    build (or the recovery it starts with) cleans up every leftover."""
    import subprocess
    import sys

    from corpus_tools.atomic_dir import clean_leftovers, replace_dir

    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(first_build), step, mode], env=env, check=False
    )
    assert proc.returncode == -9  # it really died at that step
    if visible is None:
        assert not first_build.exists()
        cleaned, _ = clean_leftovers(first_build)  # what the next build does first
        assert len(cleaned) == 2  # the old build put back, the finished new one removed
        visible = "v1"
    assert _without_manifest(_files(first_build)) == _built(visible)
    replace_dir(first_build, lambda tmp: _build(tmp, "v3"))
    assert _without_manifest(_files(first_build)) == _built("v3")
    assert sorted(p.name for p in first_build.parent.iterdir()) == ["out"]  # leftovers gone


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    from corpus_tools.dataset import build_dataset

    return build_dataset(SEEDS, tmp_path_factory.mktemp("ds") / "dataset").folder


@pytest.fixture
def earlier_build(seed_build, tmp_path) -> Path:
    import shutil

    out = tmp_path / "dataset"
    shutil.copytree(seed_build, out)
    return out


def test_dataset_build_keeps_the_users_files(earlier_build, capsys):
    """The issue's case: notes in data/ and a subfolder data/extra/ of an earlier build."""
    write_utf8(earlier_build / "data" / "my_notes.txt", "mine")
    (earlier_build / "data" / "extra").mkdir()
    write_utf8(earlier_build / "data" / "extra" / "table.csv", "a,b\n")
    before = _files(earlier_build)
    code, out, err = run_cli(["dataset", "build", str(SEEDS), "--out", str(earlier_build)], capsys)
    assert (code, out) == (2, "")
    assert "refusing to replace the folder" in err
    assert "data/extra/table.csv" in err
    assert "data/my_notes.txt" in err
    assert _files(earlier_build) == before


def test_dataset_build_made_before_manifests_is_replaced_but_only_if_pure(
    earlier_build, seed_build
):
    from corpus_tools.atomic_dir import MANIFEST
    from corpus_tools.dataset import DatasetError, build_dataset

    (earlier_build / MANIFEST).unlink()  # as written by an older version
    write_utf8(earlier_build / "data" / "my_notes.txt", "mine")
    with pytest.raises(DatasetError, match=r"data/my_notes\.txt"):
        build_dataset(SEEDS, earlier_build)
    (earlier_build / "data" / "my_notes.txt").unlink()
    build_dataset(SEEDS, earlier_build)
    assert _files(earlier_build) == _files(seed_build)  # byte-identical, manifest included


DATASET_KILL_SCRIPT = """
import os, signal, sys
import datasets
from corpus_tools.dataset import build_dataset

calls = []
real = datasets.Dataset.to_parquet

def to_parquet_then_die(self, path, *args, **kwargs):
    calls.append(path)
    if len(calls) == 2:  # killed while writing the second parquet file: it is cut short
        with open(path, "wb") as fh:
            fh.write(b"PAR1")
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, path, *args, **kwargs)

datasets.Dataset.to_parquet = to_parquet_then_die
build_dataset(sys.argv[1], sys.argv[2])
"""


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_dataset_build_killed_inside_a_parquet_write(earlier_build, seed_build):
    import subprocess
    import sys

    from corpus_tools.dataset import build_dataset

    before = _files(earlier_build)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", DATASET_KILL_SCRIPT, str(SEEDS), str(earlier_build)],
        env=env,
        check=False,
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    assert _files(earlier_build) == before  # the old build, whole
    leftovers = [p.name for p in earlier_build.parent.iterdir() if p.name != "dataset"]
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".dataset.build-")
    build_dataset(SEEDS, earlier_build)  # the next build removes the killed one's folder
    assert [p.name for p in earlier_build.parent.iterdir()] == ["dataset"]
    assert _files(earlier_build) == _files(seed_build)
