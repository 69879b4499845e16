"""The index directory's layout, owned here: every other module asks this one where things are.

An index directory is a symlink to a generation directory beside it (``index`` →
``index.gen-20261203T171500-4242``). A build writes a new generation and swaps the link with one
atomic ``rename``: a server keeps reading the generation it opened, a build killed at any point
leaves the old generation serving, and the previous generation is kept for servers still on it.

A generation holds:

- ``whoosh/`` — the full-text index (``indexer.schema``);
- ``store.sqlite`` — documents, file states, vocabulary, Whoosh document numbers (``indexer.store``);
- ``graph.sqlite`` and ``graph.arrays/`` — the citation graph (``graph.store``);
- ``manifest.json`` — the build report, written last (a generation without one is incomplete).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Bumped whenever the schema or the stored objects change: an index of another version is rebuilt.
INDEX_VERSION = 9
WHOOSH_DIR = "whoosh"
STORE_FILE = "store.sqlite"
GRAPH_STORE_FILE = "graph.sqlite"
# The graph's query arrays (``graph.arrays.ARRAYS``), one ``.npy`` file each, memory-mapped by readers.
GRAPH_ARRAYS_DIR = "graph.arrays"
MANIFEST_FILE = "manifest.json"
GENERATION_INFIX = ".gen-"


class IndexLockedError(RuntimeError):
    """Another ``vanban index`` is writing this index directory."""


def read_manifest(index_dir: Path) -> dict:
    """The build report of the generation at ``index_dir``."""
    return json.loads((Path(index_dir) / MANIFEST_FILE).read_text("utf-8"))


def write_manifest(gen: Path, report: dict) -> None:
    (gen / MANIFEST_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")


def has_manifest(index_dir: Path) -> bool:
    return (Path(index_dir) / MANIFEST_FILE).is_file()


@contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """Hold ``<index>.lock`` for one build; a second build fails at once with a clear message."""
    lock = index_dir.with_name(index_dir.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLockedError(f"Một lần lập chỉ mục khác đang ghi vào '{index_dir}'; "
                                   "hãy đợi nó xong rồi chạy lại.") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def new_generation(index_dir: Path) -> Path:
    """A new, empty generation directory beside ``index_dir``."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    gen = index_dir.with_name(f"{index_dir.name}{GENERATION_INFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}")
    gen.mkdir(parents=True)
    return gen


def publish(index_dir: Path, gen: Path) -> None:
    """Point ``index_dir`` at ``gen`` atomically; keep the previous generation, drop older ones."""
    previous = index_dir.resolve() if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():  # an index from before generations
        legacy = new_generation(index_dir)
        legacy.rmdir()
        index_dir.rename(legacy)
        previous = legacy
    link = index_dir.with_name(index_dir.name + ".link-tmp")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(gen.name)  # relative: the pair can be moved together
    os.replace(link, index_dir)
    keep = {gen.resolve(), previous}
    for old in index_dir.parent.glob(f"{index_dir.name}{GENERATION_INFIX}*"):
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


class IndexVersionError(FileNotFoundError):
    """The index directory exists but was built by another version: it must be rebuilt."""


def check_index(index_dir: Path) -> dict:
    """The manifest of a complete index of this version in ``index_dir``, or a one-line error.

    Raises:
        FileNotFoundError: no index there (missing or empty directory).
        IndexVersionError: an index of another version, or one whose manifest cannot be read.
    """
    index_dir = Path(index_dir)
    if not (index_dir / WHOOSH_DIR).exists() or not (index_dir / STORE_FILE).exists():
        raise FileNotFoundError(
            f"No index in '{index_dir}'. Build one first: vanban index corpus --index-dir {index_dir}")
    rebuild = f"Rebuild it: vanban index corpus --index-dir {index_dir}"
    try:
        manifest = read_manifest(index_dir)
    except (OSError, ValueError) as e:
        raise IndexVersionError(f"The index in '{index_dir}' has no readable manifest ({e}). {rebuild}") from e
    if manifest.get("index_version") != INDEX_VERSION:
        raise IndexVersionError(f"The index in '{index_dir}' was built by another version of "
                                f"vanban (format {manifest.get('index_version')}, expected "
                                f"{INDEX_VERSION}). {rebuild}")
    return manifest
