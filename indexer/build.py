"""The indexer's stages over a corpus: read and extract, segment, write Whoosh, write the store.

Stages run one way: ingest → documents → citations → pyvi → Whoosh + store. pyvi is by far the
slowest stage (0.25–0.85 MB/s a core), so lines are de-duplicated across the corpus first and the
unique ones are segmented in worker processes across all cores. A file that cannot be read is
reported by name and reason and the rest is still indexed.

The stages are run, with the citation graph after them and a new generation published at the end,
by ``pipeline.index.build_index``; the directory they write is described in ``indexer.layout``.
"""
from __future__ import annotations

import logging
import resource
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.citations import annotate
from indexer.documents import id_prefixes, split_documents
from indexer.incremental import FileState
from indexer.ingest import IngestError, display_path, read_file, walk_corpus
from indexer.layout import INDEX_VERSION, STORE_FILE, WHOOSH_DIR
from indexer.models import Document
from indexer.schema import make_schema, to_record
from indexer.store import Store, StoreWriter
from indexer.tokenize import iter_unique, segment_lines
from indexer.vocab import docnum_ids, new_terms

logger = logging.getLogger(__name__)

# Lines per task sent to a pyvi worker: large enough to amortise pickling, small enough to balance.
CHUNK_LINES = 400
# Files per task sent to a reading process, and the corpus size from which reading is parallel.
READ_CHUNK_FILES = 32
PARALLEL_READ_MIN_FILES = 200
# Below this many documents one Whoosh writer is faster than spawning sub-writers.
PARALLEL_WRITE_MIN_DOCS = 200

Progress = Callable[[str, int, int], None]


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
    # The Typesense copy, when a cluster is configured: "rebuilt", "updated" or "unchanged"
    engine: str = ""

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


def peak_rss_mb() -> float:
    """Peak resident memory so far of this process or of any of its finished worker processes, MB."""
    return round(max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                                     resource.RUSAGE_CHILDREN)) / 1024, 1)


def read_documents(index_dir: Path) -> list[Document]:
    """Every document of an index, from its store (tests, benchmarks, exports)."""
    store = Store(Path(index_dir).resolve())
    try:
        return list(store.iter_documents())
    finally:
        store.close()


def write_store(gen: Path, docs: list[Document], states: Iterable[FileState], *,
                prev: tuple[Path, Store] | None = None, drop: Iterable[str] = ()) -> None:
    """Write the generation's document store: a new one, or the previous generation's copied and
    updated (the files of ``drop`` taken out, ``docs`` put in); then the vocabulary of the Whoosh
    segments this generation wrote, Whoosh document numbers and file states."""
    writer = StoreWriter(gen / STORE_FILE, new=prev is None)
    if prev is not None:
        writer.drop_files(drop)
    writer.add_documents(docs)
    old_whoosh = prev[0] / WHOOSH_DIR if prev is not None else None
    writer.add_vocab(new_terms(gen / WHOOSH_DIR, old_whoosh))
    writer.set_docnums(docnum_ids(gen / WHOOSH_DIR, old_whoosh, prev[1].docnums() if prev is not None else None))
    writer.set_files(states)
    writer.set_meta(index_version=INDEX_VERSION)
    writer.close()


def unresolved_count(docs: list[Document]) -> int:
    """Citations of ``docs`` that name no one instrument."""
    return sum(1 for d in docs for c in d.citations if "unresolved" in c.flags)
