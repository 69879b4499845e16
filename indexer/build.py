"""Build the index directory: Whoosh index, document store and citation graph, from a corpus.

Stages run one way: ingest → documents → citations → pyvi → Whoosh + graph. pyvi is by far the
slowest stage (0.25–0.85 MB/s a core), so lines are de-duplicated across the corpus first and the
unique ones are segmented in worker processes across all cores. A file that cannot be read is
reported by name and reason and the rest is still indexed. The new index is written beside the
old one and swapped in at the end, so a running server never sees a half-built index.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from graph.build import build_graph, save_graph
from indexer.citations import annotate
from indexer.documents import id_prefixes, split_documents
from indexer.ingest import IngestError, display_path, iter_corpus, read_file
from indexer.models import Document
from indexer.schema import make_schema, to_record
from indexer.tokenize import iter_unique, segment_lines

logger = logging.getLogger(__name__)

# Bumped whenever the schema or the stored objects change: an index of another version is rebuilt.
INDEX_VERSION = 6
WHOOSH_DIR = "whoosh"
DOCS_FILE = "documents.pickle"
MANIFEST_FILE = "manifest.json"
# Lines per task sent to a pyvi worker: large enough to amortise pickling, small enough to balance.
CHUNK_LINES = 400
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

    def to_json(self) -> dict:
        return asdict(self)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def load_documents(corpus: Path, report: BuildReport, progress: Progress = _noop) -> list[Document]:
    """Read, split and annotate every file of the corpus; unreadable files go to ``report.errors``."""
    paths = iter_corpus(corpus)
    rels = [display_path(Path(os.path.relpath(p, corpus)).as_posix() if corpus.is_dir() else p.name)
            for p in paths]
    prefixes = id_prefixes(rels)
    docs: list[Document] = []
    for i, (path, rel) in enumerate(zip(paths, rels), 1):
        try:
            source = read_file(path)
        except IngestError as e:
            logger.warning("skipped %s: %s", display_path(path), e.reason)
            report.errors.append(FileError(display_path(path), e.reason))
            continue
        for doc in split_documents(source, prefixes[rel]):
            doc.file = rel
            docs.append(annotate(doc))
        progress("đọc tệp", i, len(paths))
    report.files = len(paths)
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


def build_index(corpus: Path, index_dir: Path, *, workers: int | None = None,
                progress: Progress = _noop) -> BuildReport:
    """Build (or rebuild) ``index_dir`` from ``corpus``.

    Args:
        corpus: a directory of .txt/.md/.html/.docx/.doc/.pdf/.rtf files, or one file.
        index_dir: where the index, document store, graph and manifest go.
        workers: pyvi processes (default: all cores).
        progress: called as ``progress(stage, done, total)``.

    Returns:
        A report with counts, per-stage seconds and every file that could not be read.
    """
    corpus, index_dir = Path(corpus), Path(index_dir)
    if not corpus.exists():
        raise FileNotFoundError(f"Corpus '{corpus}' does not exist")
    workers = workers or os.cpu_count() or 1
    report = BuildReport(corpus=str(corpus), index_dir=str(index_dir))
    t0 = time.perf_counter()
    docs = load_documents(corpus, report, progress)
    t1 = time.perf_counter()
    segmented = segment_documents(docs, workers, progress)
    t2 = time.perf_counter()
    tmp = index_dir.with_name(index_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    write_whoosh(tmp / WHOOSH_DIR, docs, segmented, workers, progress)
    t3 = time.perf_counter()
    with open(tmp / DOCS_FILE, "wb") as f:
        pickle.dump(docs, f, protocol=pickle.HIGHEST_PROTOCOL)
    save_graph(build_graph(docs), tmp)
    progress("đồ thị trích dẫn", 1, 1)
    t4 = time.perf_counter()
    report.documents = len(docs)
    report.citations = sum(len(d.citations) for d in docs)
    report.unresolved = sum(1 for d in docs for c in d.citations if "unresolved" in c.flags)
    report.seconds = {"read_extract": round(t1 - t0, 3), "segment": round(t2 - t1, 3),
                      "whoosh": round(t3 - t2, 3), "graph_store": round(t4 - t3, 3)}
    report.built_at = time.strftime("%Y-%m-%dT%H:%M:%S")
    (tmp / MANIFEST_FILE).write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1), "utf-8")
    old = index_dir.with_name(index_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(old)
    tmp.rename(index_dir)
    shutil.rmtree(old, ignore_errors=True)
    logger.info("indexed %d files, %d documents, %d citations (%d unresolved), %d unreadable in %.1fs",
                report.files, report.documents, report.citations, report.unresolved,
                len(report.errors), t4 - t0)
    return report


def read_documents(index_dir: Path) -> list[Document]:
    """The document store written by ``build_index``."""
    with open(Path(index_dir) / DOCS_FILE, "rb") as f:
        return pickle.load(f)


def read_manifest(index_dir: Path) -> dict:
    return json.loads((Path(index_dir) / MANIFEST_FILE).read_text("utf-8"))
