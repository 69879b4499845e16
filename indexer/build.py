"""Build the index directory: Whoosh index, document store and citation graph, from a corpus.

Stages run one way: ingest → documents → citations → pyvi → Whoosh + store + graph. pyvi is by
far the slowest stage (0.25–0.85 MB/s a core), so lines are de-duplicated across the corpus first
and the unique ones are segmented in worker processes across all cores. A file that cannot be read
is reported by name and reason and the rest is still indexed.

The index directory is a symlink to a generation directory beside it (``index`` →
``index.gen-20261203T171500-4242``). A build writes a new generation and swaps the link with one
atomic ``rename``: a server keeps reading the generation it opened, a build killed at any point
leaves the old generation serving, and the previous generation is kept for servers still on it.
``<index>.lock`` (flock) keeps two builds from writing the same index at once.

A re-index reads only what changed (``indexer.incremental``): unchanged files are neither read nor
segmented nor written; the new generation starts as hard links to the old Whoosh segments and a
copy of the store, updated file by file; the graph is rebuilt from the store.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from graph.build import build_graph, save_graph
from graph.update import can_update, update_graph
from indexer.citations import annotate
from indexer.documents import id_prefixes, split_documents
from indexer.incremental import Changes, FileState, diff, file_states, link_whoosh, update_whoosh
from indexer.ingest import IngestError, display_path, read_file, walk_corpus
from indexer.models import Document
from indexer.schema import make_schema, to_record
from indexer.store import STORE_FILE, Store, StoreError, StoreWriter
from indexer.tokenize import iter_unique, segment_lines
from indexer.vocab import docnum_ids, new_terms

logger = logging.getLogger(__name__)

# Bumped whenever the schema or the stored objects change: an index of another version is rebuilt.
INDEX_VERSION = 9
WHOOSH_DIR = "whoosh"
MANIFEST_FILE = "manifest.json"
GENERATION_INFIX = ".gen-"
# Lines per task sent to a pyvi worker: large enough to amortise pickling, small enough to balance.
CHUNK_LINES = 400
# Files per task sent to a reading process, and the corpus size from which reading is parallel.
READ_CHUNK_FILES = 32
PARALLEL_READ_MIN_FILES = 200
# Below this many documents one Whoosh writer is faster than spawning sub-writers.
PARALLEL_WRITE_MIN_DOCS = 200

Progress = Callable[[str, int, int], None]


class IndexLockedError(RuntimeError):
    """Another ``vanban index`` is writing this index directory."""


@dataclass
class FileError:
    path: str
    reason: str


@dataclass
class BuildReport:
    corpus: str
    index_dir: str
    files: int = 0
    documents: int = 0
    citations: int = 0
    unresolved: int = 0
    errors: list[FileError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    built_at: str = ""
    index_version: int = INDEX_VERSION
    # "full" (everything read), "incremental" (only changed files read) or "unchanged" (nothing to do)
    mode: str = "full"
    changes: dict[str, int] = field(default_factory=dict)
    generation: str = ""
    peak_rss_mb: float = 0.0
    # "built" (from every document) or "updated" (the previous graph, the changed files' shares swapped)
    graph: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def corpus_files(corpus: Path, report: BuildReport | None = None) -> dict[str, Path]:
    """The supported files of a corpus by relative path (``/``-separated, safe to print); files
    that must not be read (links out of the corpus, FIFOs) go to ``report.errors``."""
    corpus = Path(corpus)
    skipped: list[tuple[Path, str]] = []
    files = walk_corpus(corpus, skipped)
    if report is not None:
        report.errors += [FileError(display_path(p), why) for p, why in skipped]
    return {display_path(rel): p for rel, p in files}


def _read_one(rel: str, path: Path, prefix: str) -> tuple[list[Document], str | None]:
    """The annotated documents of one file, or the reason it cannot be read."""
    try:
        source = read_file(path)
    except IngestError as e:
        return [], e.reason
    docs = split_documents(source, prefix)
    for doc in docs:
        doc.file = rel
    return [annotate(d) for d in docs], None


def _read_chunk(items: list[tuple[str, Path, str]]) -> list[tuple[list[Document], str | None]]:
    return [_read_one(*it) for it in items]


def load_documents(corpus: Path, report: BuildReport, progress: Progress = _noop, *,
                   files: Mapping[str, Path] | None = None, only: Iterable[str] | None = None,
                   failed: dict[str, str] | None = None, workers: int = 1) -> list[Document]:
    """Read, split and annotate the files of the corpus; unreadable files go to ``report.errors``.

    Args:
        files: the corpus files by relative path (default: all of ``corpus``).
        only: read just these relative paths (a re-index); ids still come from every file.
        failed: filled with relative path → reason of each unreadable file.
        workers: processes reading and extracting (files are independent; order is kept).
    """
    files = corpus_files(corpus) if files is None else files
    prefixes = id_prefixes(list(files))
    todo = sorted(files) if only is None else sorted(only)
    items = [(rel, files[rel], prefixes[rel]) for rel in todo]
    chunks = [items[i:i + READ_CHUNK_FILES] for i in range(0, len(items), READ_CHUNK_FILES)]
    docs: list[Document] = []
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 and len(items) >= PARALLEL_READ_MIN_FILES \
            else nullcontext() as pool:
        results = (r for chunk in (pool.map(_read_chunk, chunks) if pool else map(_read_chunk, chunks))
                   for r in chunk)  # in file order, as each chunk is done
        for i, ((rel, path, _), (found, reason)) in enumerate(zip(items, results), 1):
            if reason is not None:
                logger.warning("skipped %s: %s", rel, reason)
                report.errors.append(FileError(display_path(path), reason))
                if failed is not None:
                    failed[rel] = reason
            docs += found
            progress("đọc tệp", i, len(items))
    report.files = len(files)
    return docs


def segment_documents(docs: list[Document], workers: int, progress: Progress = _noop) -> list[str]:
    """pyvi-segment every document, each unique line once, across ``workers`` processes."""
    unique = list(iter_unique(line for d in docs for line in d.text.split("\n")))
    chunks = [unique[i:i + CHUNK_LINES] for i in range(0, len(unique), CHUNK_LINES)]
    segmented: dict[str, str] = {}
    if workers <= 1 or len(chunks) <= 1:
        for n, chunk in enumerate(chunks, 1):
            segmented.update(zip(chunk, segment_lines(chunk)))
            progress("tách từ", n, len(chunks))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for n, (chunk, out) in enumerate(zip(chunks, pool.map(segment_lines, chunks)), 1):
                segmented.update(zip(chunk, out))
                progress("tách từ", n, len(chunks))
    return ["\n".join(segmented.get(line.strip(), "") for line in d.text.split("\n")) for d in docs]


def write_whoosh(path: Path, docs: list[Document], segmented: list[str], workers: int,
                 progress: Progress = _noop) -> None:
    path.mkdir(parents=True)
    ix = whoosh_index.create_in(str(path), make_schema())
    # Non-compound segments: 20x faster open and a flat RSS (WHOOSH.md); several procs only pay
    # off on large corpora.
    procs = workers if len(docs) >= PARALLEL_WRITE_MIN_DOCS else 1
    kwargs = {"procs": procs, "multisegment": True, "limitmb": 256} if procs > 1 else {"limitmb": 128}
    writer = ix.writer(compound=False, **kwargs)
    for n, (doc, seg) in enumerate(zip(docs, segmented), 1):
        writer.add_document(**to_record(doc, seg))
        progress("ghi chỉ mục", n, len(docs))
    progress("lưu chỉ mục", 0, 1)
    writer.commit()
    progress("lưu chỉ mục", 1, 1)


# ---- generations -----------------------------------------------------------------------------
@contextmanager
def index_lock(index_dir: Path):
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


def _new_generation(index_dir: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    gen = index_dir.with_name(f"{index_dir.name}{GENERATION_INFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}")
    gen.mkdir(parents=True)
    return gen


def _publish(index_dir: Path, gen: Path) -> None:
    """Point ``index_dir`` at ``gen`` atomically; keep the previous generation, drop older ones."""
    previous = index_dir.resolve() if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():  # an index from before generations
        legacy = _new_generation(index_dir)
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


def _previous(index_dir: Path) -> tuple[Path, Store, dict] | None:
    """The generation a re-index can start from: current version, store readable."""
    if not (index_dir / MANIFEST_FILE).is_file():
        return None
    gen = index_dir.resolve()
    try:
        manifest = read_manifest(gen)
        if manifest.get("index_version") != INDEX_VERSION or not (gen / WHOOSH_DIR).is_dir():
            return None
        return gen, Store(gen), manifest
    except (OSError, ValueError, StoreError):
        return None


# ---- the build -------------------------------------------------------------------------------
def build_index(corpus: Path, index_dir: Path, *, workers: int | None = None,
                progress: Progress = _noop, full: bool = False) -> BuildReport:
    """Build or update ``index_dir`` from ``corpus``.

    Args:
        corpus: a directory of .txt/.md/.html/.docx/.doc/.pdf/.rtf files, or one file.
        index_dir: where the index goes (a symlink to its current generation).
        workers: pyvi processes (default: all cores).
        progress: called as ``progress(stage, done, total)``.
        full: read every file even when an index of the corpus exists.

    Returns:
        A report with counts, per-stage seconds, what changed and every file that could not be read.

    Raises:
        FileNotFoundError: no corpus.
        IndexLockedError: another build holds the index.
    """
    corpus, index_dir = Path(corpus), Path(index_dir).absolute()
    if not corpus.exists():
        raise FileNotFoundError(f"Corpus '{corpus}' does not exist")
    workers = workers or os.cpu_count() or 1
    report = BuildReport(corpus=str(corpus), index_dir=str(index_dir))
    with index_lock(index_dir):
        prev = None if full else _previous(index_dir)
        try:
            _build(corpus, index_dir, workers, progress, report, prev)
        finally:
            if prev:
                prev[1].close()
    report.peak_rss_mb = peak_rss_mb()
    logger.info("%s index: %d files, %d documents, %d citations (%d unresolved), %d unreadable in %.1fs",
                report.mode, report.files, report.documents, report.citations, report.unresolved,
                len(report.errors), sum(report.seconds.values()))
    return report


def peak_rss_mb() -> float:
    """Peak resident memory so far of this process or of any of its finished worker processes, MB."""
    return round(max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                                     resource.RUSAGE_CHILDREN)) / 1024, 1)


def _build(corpus: Path, index_dir: Path, workers: int, progress: Progress, report: BuildReport,
           prev: tuple[Path, Store, dict] | None) -> None:
    t0 = time.perf_counter()
    files = corpus_files(corpus, report)
    prefixes = id_prefixes(list(files))
    previous = prev[1].files() if prev else {}
    states = file_states(files, prefixes, previous)
    changes = diff(previous, states) if prev else Changes(added=sorted(states))
    report.changes = changes.summary()
    # A graph of an older format is built again from the store (no file is re-read).
    update = prev is not None and can_update(prev[0])
    if prev and changes.empty and update:
        _unchanged(report, prev, previous, t0)
        return
    failed: dict[str, str] = {}
    docs = load_documents(corpus, report, progress, files=files, only=changes.to_read, failed=failed,
                          workers=workers)
    t1 = time.perf_counter()
    segmented = segment_documents(docs, workers, progress)
    t2 = time.perf_counter()
    gen = _new_generation(index_dir)
    store_path = gen / STORE_FILE
    if prev:
        report.mode = "incremental"
        link_whoosh(prev[0] / WHOOSH_DIR, gen / WHOOSH_DIR)
        update_whoosh(gen / WHOOSH_DIR, changes.to_drop, docs, segmented)
        shutil.copyfile(prev[0] / STORE_FILE, store_path)
    else:
        write_whoosh(gen / WHOOSH_DIR, docs, segmented, workers, progress)
    t3 = time.perf_counter()
    dropped = prev[1].documents_of_files(changes.to_drop) if prev and update else []
    writer = StoreWriter(store_path, new=not prev)
    if prev:
        writer.drop_files(changes.to_drop)
    writer.add_documents(docs)
    writer.add_vocab(new_terms(gen / WHOOSH_DIR, prev[0] / WHOOSH_DIR if prev else None))
    writer.set_docnums(docnum_ids(gen / WHOOSH_DIR, prev[0] / WHOOSH_DIR if prev else None,
                                  prev[1].docnums() if prev else None))
    writer.set_files(FileState(**{**states[r].__dict__, "error": failed.get(r, "")}) for r in changes.to_read)
    writer.set_meta(index_version=INDEX_VERSION)
    writer.close()
    t4 = time.perf_counter()
    if prev and update:
        store = Store(gen)
        try:
            stats = update_graph(prev[0], gen, dropped, docs, store.documents)
        finally:
            store.close()
        report.graph = "updated"
        report.documents = stats["documents"]
        manifest = prev[2]
        report.citations = (manifest.get("citations", 0) - sum(len(d.citations) for d in dropped)
                            + sum(len(d.citations) for d in docs))
        report.unresolved = (manifest.get("unresolved", 0) - _unresolved(dropped) + _unresolved(docs))
    else:
        all_docs = read_documents(gen) if prev else docs
        save_graph(build_graph(all_docs), gen)
        report.graph = "built"
        report.documents = len(all_docs)
        report.citations = sum(len(d.citations) for d in all_docs)
        report.unresolved = _unresolved(all_docs)
    progress("đồ thị trích dẫn", 1, 1)
    t5 = time.perf_counter()
    for rel in changes.unchanged:  # a bad file left as it was is still named, not re-read
        if previous[rel].error:
            report.errors.append(FileError(display_path(files[rel]), previous[rel].error))
    report.seconds = {"read_extract": round(t1 - t0, 3), "segment": round(t2 - t1, 3),
                      "whoosh": round(t3 - t2, 3), "store": round(t4 - t3, 3), "graph": round(t5 - t4, 3)}
    report.built_at = time.strftime("%Y-%m-%dT%H:%M:%S")
    report.generation = gen.name
    report.peak_rss_mb = peak_rss_mb()
    (gen / MANIFEST_FILE).write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1), "utf-8")
    _publish(index_dir, gen)


def _unresolved(docs: list[Document]) -> int:
    return sum(1 for d in docs for c in d.citations if "unresolved" in c.flags)


def _unchanged(report: BuildReport, prev: tuple[Path, Store, dict], previous: dict[str, FileState],
               t0: float) -> None:
    """Nothing to do: the report repeats the current generation's counts and remembered errors."""
    manifest = prev[2]
    report.mode = "unchanged"
    report.files = len(previous)
    for k in ("documents", "citations", "unresolved"):
        setattr(report, k, manifest.get(k, 0))
    report.errors += [FileError(p, s.error) for p, s in sorted(previous.items()) if s.error]
    report.generation = prev[0].name
    report.built_at = manifest.get("built_at", "")
    report.seconds = {"scan": round(time.perf_counter() - t0, 3)}


def read_documents(index_dir: Path) -> list[Document]:
    """Every document of an index, from its store (tests, benchmarks, exports)."""
    store = Store(Path(index_dir).resolve())
    try:
        return list(store.iter_documents())
    finally:
        store.close()


def read_manifest(index_dir: Path) -> dict:
    return json.loads((Path(index_dir) / MANIFEST_FILE).read_text("utf-8"))
