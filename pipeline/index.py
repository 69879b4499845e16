"""Build or update an index directory from a corpus: the indexer's stages, then the citation graph,
then one atomic publish of the new generation (layout: ``indexer.layout``).

A re-index reads only what changed (``indexer.incremental``): unchanged files are neither read nor
segmented nor written; the new generation starts as hard links to the old Whoosh segments and a
copy of the store, updated file by file; the graph is updated by the changed files' shares
(``graph.update``), or built again from the store when its format changed.
``<index>.lock`` (flock) keeps two builds from writing the same index at once.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import build_graph, save_graph
from graph.update import can_update, update_graph
from indexer.build import (
    BuildReport,
    FileError,
    Progress,
    _noop,
    corpus_files,
    load_documents,
    peak_rss_mb,
    read_documents,
    segment_documents,
    unresolved_count,
    write_store,
    write_whoosh,
)
from indexer.documents import id_prefixes
from indexer.incremental import Changes, FileState, diff, file_states, link_whoosh, update_whoosh
from indexer.ingest import display_path
from indexer.layout import (
    INDEX_VERSION,
    STORE_FILE,
    WHOOSH_DIR,
    IndexLockedError,
    has_manifest,
    index_lock,
    new_generation,
    publish,
    read_manifest,
    write_manifest,
)
from indexer.models import Document
from indexer.store import Store, StoreError
from pipeline.engine import EngineConfig, sync

logger = logging.getLogger(__name__)

__all__ = ["BuildReport", "IndexLockedError", "build_index", "read_documents", "read_manifest"]


@dataclass
class _Previous:
    """The generation a re-index starts from."""

    gen: Path
    store: Store
    manifest: dict
    files: dict[str, FileState] = field(default_factory=dict)


def _previous(index_dir: Path) -> _Previous | None:
    """The current generation if a re-index can start from it: same version, store readable."""
    if not has_manifest(index_dir):
        return None
    gen = index_dir.resolve()
    try:
        manifest = read_manifest(gen)
        if manifest.get("index_version") != INDEX_VERSION or not (gen / WHOOSH_DIR).is_dir():
            return None
        store = Store(gen)
    except (OSError, ValueError, StoreError):
        return None
    return _Previous(gen, store, manifest, store.files())


def build_index(corpus: Path, index_dir: Path, *, workers: int | None = None,
                progress: Progress = _noop, full: bool = False, engine: EngineConfig | None = None) -> BuildReport:
    """Build or update ``index_dir`` from ``corpus``.

    Args:
        corpus: a directory of .txt/.md/.html/.docx/.doc/.pdf/.rtf files, or one file.
        index_dir: where the index goes (a symlink to its current generation).
        workers: pyvi processes (default: all cores).
        progress: called as ``progress(stage, done, total)``.
        full: read every file even when an index of the corpus exists.
        engine: a Typesense cluster to bring to the new generation too (``pipeline.engine``),
            before the generation is published.

    Returns:
        A report with counts, per-stage seconds, what changed and every file that could not be read.

    Raises:
        FileNotFoundError: no corpus.
        IndexLockedError: another build holds the index.
        EngineError: the Typesense cluster could not be brought up to date (nothing published).
    """
    corpus, index_dir = Path(corpus), Path(index_dir).absolute()
    if not corpus.exists():
        raise FileNotFoundError(f"Corpus '{corpus}' does not exist")
    workers = workers or os.cpu_count() or 1
    report = BuildReport(corpus=str(corpus), index_dir=str(index_dir))
    with index_lock(index_dir):
        prev = None if full else _previous(index_dir)
        try:
            _build(corpus, index_dir, workers, progress, report, prev, engine)
        finally:
            if prev:
                prev.store.close()
    report.peak_rss_mb = peak_rss_mb()
    logger.info("%s index: %d files, %d documents, %d citations (%d unresolved), %d unreadable in %.1fs",
                report.mode, report.files, report.documents, report.citations, report.unresolved,
                len(report.errors), sum(report.seconds.values()))
    return report


def _build(corpus: Path, index_dir: Path, workers: int, progress: Progress, report: BuildReport,
           prev: _Previous | None, engine: EngineConfig | None = None) -> None:
    t0 = time.perf_counter()
    files = corpus_files(corpus, report)
    states = file_states(files, id_prefixes(list(files)), prev.files if prev else {})
    changes = diff(prev.files, states) if prev else Changes(added=sorted(states))
    report.changes = changes.summary()
    # A graph of an older format is built again from the store (no file is re-read).
    update = prev is not None and can_update(prev.gen)
    if prev and changes.empty and update:
        _unchanged(report, prev, t0)
        if engine:
            report.engine = sync(engine, report.documents, lambda: prev.store.iter_documents(),
                                 changed=([], []), previous=report.documents, cited=prev.store.cited_counts(),
                                 progress=progress)
        return
    failed: dict[str, str] = {}
    docs = load_documents(corpus, report, progress, files=files, only=changes.to_read, failed=failed,
                          workers=workers)
    t1 = time.perf_counter()
    segmented = segment_documents(docs, workers, progress)
    t2 = time.perf_counter()
    gen = new_generation(index_dir)
    _write_whoosh(gen, prev, changes, docs, segmented, workers, progress)
    report.mode = "incremental" if prev else "full"
    t3 = time.perf_counter()
    dropped = prev.store.documents_of_files(changes.to_drop) if prev and update else []
    if prev:
        shutil.copyfile(prev.gen / STORE_FILE, gen / STORE_FILE)
    write_store(gen, docs, (FileState(**{**states[r].__dict__, "error": failed.get(r, "")}) for r in changes.to_read),
                prev=(prev.gen, prev.store) if prev else None, drop=changes.to_drop)
    t4 = time.perf_counter()
    if prev and update:
        _update_graph(report, prev, gen, dropped, docs)
    else:
        _build_graph(report, gen, docs if prev is None else None)
    progress("đồ thị trích dẫn", 1, 1)
    t5 = time.perf_counter()
    for rel in changes.unchanged:  # a bad file left as it was is still named, not re-read
        if prev and prev.files[rel].error:
            report.errors.append(FileError(display_path(files[rel]), prev.files[rel].error))
    report.seconds = {"read_extract": round(t1 - t0, 3), "segment": round(t2 - t1, 3),
                      "whoosh": round(t3 - t2, 3), "store": round(t4 - t3, 3), "graph": round(t5 - t4, 3)}
    report.built_at = time.strftime("%Y-%m-%dT%H:%M:%S")
    report.generation = gen.name
    report.peak_rss_mb = peak_rss_mb()
    if engine:
        t6 = time.perf_counter()
        _sync_engine(engine, report, gen, prev, docs, changes, progress)
        report.seconds["engine"] = round(time.perf_counter() - t6, 3)
    write_manifest(gen, report.to_json())
    publish(index_dir, gen)


def _sync_engine(engine: EngineConfig, report: BuildReport, gen: Path, prev: _Previous | None,
                 docs: list[Document], changes: Changes, progress: Progress) -> None:
    """Bring the search cluster to the new generation (by document when it holds the previous one;
    a whole import reads the documents from the new store one at a time)."""
    store = Store(gen)
    try:
        report.engine = sync(engine, report.documents, lambda: docs if prev is None else store.iter_documents(),
                             changed=(docs, changes.to_drop) if prev else None,
                             previous=prev.manifest.get("documents") if prev else None,
                             cited=store.cited_counts(), cited_before=prev.store.cited_counts() if prev else None,
                             progress=progress)
    finally:
        store.close()


def _write_whoosh(gen: Path, prev: _Previous | None, changes: Changes, docs: list[Document],
                  segmented: list[str], workers: int, progress: Progress) -> None:
    """A new Whoosh index, or the previous one's segments linked and updated by the changes."""
    if prev:
        link_whoosh(prev.gen / WHOOSH_DIR, gen / WHOOSH_DIR)
        update_whoosh(gen / WHOOSH_DIR, changes.to_drop, docs, segmented)
    else:
        write_whoosh(gen / WHOOSH_DIR, docs, segmented, workers, progress)


def _update_graph(report: BuildReport, prev: _Previous, gen: Path, dropped: list[Document],
                  docs: list[Document]) -> None:
    """The previous graph with the dropped documents' shares taken out and the new ones put in."""
    store = Store(gen)
    try:
        stats = update_graph(prev.gen, gen, dropped, docs, store.documents)
    finally:
        store.close()
    report.graph = "updated"
    report.documents = stats["documents"]
    report.citations = (prev.manifest.get("citations", 0) - sum(len(d.citations) for d in dropped)
                        + sum(len(d.citations) for d in docs))
    report.unresolved = prev.manifest.get("unresolved", 0) - unresolved_count(dropped) + unresolved_count(docs)


def _build_graph(report: BuildReport, gen: Path, docs: list[Document] | None) -> None:
    """The graph of every document: ``docs`` on a full build, else read from the new store."""
    all_docs = read_documents(gen) if docs is None else docs
    save_graph(build_graph(all_docs), gen)
    report.graph = "built"
    report.documents = len(all_docs)
    report.citations = sum(len(d.citations) for d in all_docs)
    report.unresolved = unresolved_count(all_docs)


def _unchanged(report: BuildReport, prev: _Previous, t0: float) -> None:
    """Nothing to do: the report repeats the current generation's counts and remembered errors."""
    report.mode = "unchanged"
    report.files = len(prev.files)
    for k in ("documents", "citations", "unresolved"):
        setattr(report, k, prev.manifest.get(k, 0))
    report.errors += [FileError(p, s.error) for p, s in sorted(prev.files.items()) if s.error]
    report.generation = prev.gen.name
    report.built_at = prev.manifest.get("built_at", "")
    report.seconds = {"scan": round(time.perf_counter() - t0, 3)}
