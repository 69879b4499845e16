"""What changed in a corpus since the last build, and how the Whoosh index follows it by file.

A day's new files in an archive of 100,000 plans must not cost a full rebuild (hours of pyvi and
Whoosh). The index remembers every file it read (relative path, size, mtime, SHA-256, id prefix);
the next ``vanban index`` stats the corpus, hashes only files whose size or mtime moved, and
re-reads only files whose content (or id prefix) really changed.

Whoosh segments are written once and never modified, so the new generation starts as hard links
to the current one's files (no copy, and the serving generation is untouched): the writer deletes
the changed and removed files' documents by their ``file`` term and adds the new ones; its
commit writes a new table of contents and new segments only.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.models import Document
from indexer.schema import to_record

HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileState:
    """One corpus file as the index last saw it."""

    path: str  # relative to the corpus root, '/'-separated
    size: int
    mtime_ns: int
    sha256: str
    prefix: str  # document id prefix (indexer.documents.id_prefixes)
    error: str = ""  # why the file could not be read, if it could not


@dataclass
class Changes:
    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.removed)

    @property
    def to_read(self) -> list[str]:
        """Files whose documents must be (re)read: changed and added."""
        return sorted(self.changed + self.added)

    @property
    def to_drop(self) -> list[str]:
        """Files whose old documents leave the index: changed and removed."""
        return sorted(self.changed + self.removed)

    def summary(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("unchanged", "changed", "added", "removed")}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def file_states(files: Mapping[str, Path], prefixes: Mapping[str, str],
                previous: Mapping[str, FileState]) -> dict[str, FileState]:
    """The state of each corpus file (relative path → path); a file whose size and mtime match the
    previous build keeps its recorded hash unread (as git and rsync do), any other is hashed."""
    out: dict[str, FileState] = {}
    for rel, path in files.items():
        st = path.stat()
        old = previous.get(rel)
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            digest = old.sha256
        else:
            digest = sha256_file(path)
        error = old.error if old is not None and old.sha256 == digest else ""
        out[rel] = FileState(rel, st.st_size, st.st_mtime_ns, digest, prefixes[rel], error)
    return out


def diff(previous: Mapping[str, FileState], current: Mapping[str, FileState]) -> Changes:
    """Sort files into unchanged, changed (content or id prefix), added and removed."""
    ch = Changes()
    for rel, now in current.items():
        old = previous.get(rel)
        if old is None:
            ch.added.append(rel)
        elif (old.sha256, old.prefix) != (now.sha256, now.prefix):
            ch.changed.append(rel)
        else:
            ch.unchanged.append(rel)
    ch.removed = sorted(set(previous) - set(current))
    return ch


def link_whoosh(src: Path, dst: Path) -> None:
    """Start ``dst`` as hard links to the Whoosh files of ``src`` (locks excepted)."""
    dst.mkdir(parents=True)
    for name in os.listdir(src):
        if "LOCK" in name.upper():
            continue
        os.link(src / name, dst / name)


def update_whoosh(path: Path, drop_files: Iterable[str], docs: list[Document],
                  segmented: list[str]) -> None:
    """Delete the documents of ``drop_files`` from the Whoosh index at ``path`` and add ``docs``."""
    ix = whoosh_index.open_dir(str(path))
    writer = ix.writer(compound=False, limitmb=128)
    try:
        for rel in drop_files:
            writer.delete_by_term("file", rel)
        for doc, seg in zip(docs, segmented):
            writer.add_document(**to_record(doc, seg))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
