"""The document store: ``store.sqlite`` in the index directory, the one owner of its layout.

The server used to unpickle every document (full text, citations, contexts) at start: 7 s and
1.2 GB at 10,000 plans, paid again by every worker process, and an unpickled file runs whatever
code a tampered one carries. Documents now live in SQLite (standard library), opened read-only
(``mode=ro``) with one connection per thread; the server keeps in memory only the few columns
every query needs (``Store.headers``) and reads a document's text and citations when a response
shows it. SQLite's pages are file-backed, so worker processes share them through the OS cache.

Tables (``SCHEMA_VERSION`` is checked at open; any other version, a missing or a corrupt file is
one ``StoreError`` line saying to rebuild):

- ``meta(key, value)``: schema version and build facts;
- ``files(path, size, mtime_ns, sha256, prefix, error)``: every corpus file seen (``error`` says
  why one could not be read), for the incremental re-index (``indexer.incremental``);
- ``documents``: one row per document, metadata columns for listing, filters and sorting,
  ``cited_by`` (how many other documents cite it) and ``data``, the whole document as
  zlib-compressed JSON (text, citations with mentions and sentences, instrument relations);
- ``citations(doc, instrument, ref, relation, line, start, end, sentence)``: one row per cited
  instrument of a document, for SQL over citations;
- ``cite_skels(doc, skel)`` / ``own_skels(doc, skel)``: loose ref keys a document cites and is
  known by, from which ``cited_by`` is counted in SQL;
- ``vocab(field, folded, term)``: the accented terms of the Whoosh fields an accentless query is
  expanded to, and ``docnums(docnum, id)``: Whoosh's document numbers (``indexer.vocab``), so
  that a server reads neither at start.
"""
from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from indexer.incremental import FileState
from indexer.layout import STORE_FILE
from indexer.models import (
    Citation,
    Document,
    InstrumentKey,
    InstrumentRelation,
    InstrumentRelationType,
    Mention,
    Relation,
)
from indexer.refs import ref_skeletons
from indexer.sqlite_ro import ReadOnlyDB

SCHEMA_VERSION = 2
ZLIB_LEVEL = 6
# Rows per executemany batch while building.
BATCH = 2000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                    sha256 TEXT NOT NULL, prefix TEXT NOT NULL, error TEXT NOT NULL DEFAULT '');
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, file TEXT NOT NULL,
    line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
    number TEXT, doc_type TEXT, issuer TEXT, district TEXT, date TEXT, title TEXT, signer TEXT,
    cited_by INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL);
CREATE INDEX documents_file ON documents(file);
CREATE TABLE citations (doc INTEGER NOT NULL, instrument TEXT NOT NULL, ref TEXT, relation TEXT NOT NULL,
                        line INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                        sentence TEXT NOT NULL);
CREATE INDEX citations_doc ON citations(doc);
CREATE INDEX citations_instrument ON citations(instrument);
CREATE TABLE cite_skels (doc INTEGER NOT NULL, skel TEXT NOT NULL);
CREATE INDEX cite_skels_skel ON cite_skels(skel);
CREATE INDEX cite_skels_doc ON cite_skels(doc);
CREATE TABLE own_skels (doc INTEGER NOT NULL, skel TEXT NOT NULL);
CREATE INDEX own_skels_doc ON own_skels(doc);
CREATE INDEX own_skels_skel ON own_skels(skel);
CREATE TABLE vocab (field TEXT NOT NULL, folded TEXT NOT NULL, term TEXT NOT NULL,
                    PRIMARY KEY (field, folded, term)) WITHOUT ROWID;
CREATE TABLE docnums (docnum INTEGER PRIMARY KEY, id TEXT NOT NULL);
"""

HEADER_COLUMNS = ("id", "number", "doc_type", "issuer", "district", "date", "title", "signer", "file",
                  "line_start", "line_end", "cited_by")


class StoreError(ValueError):
    """The store cannot be used (missing, another version, corrupt); ``str(e)`` is one line."""


@dataclass(frozen=True, slots=True)
class DocHeader:
    """What every query needs of a document, kept in memory by the searcher."""

    id: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    district: str | None
    date: str | None
    title: str | None
    signer: str | None
    file: str
    line_start: int
    line_end: int
    cited_by: int

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


# ---- the document as JSON (no pickle: a store is data, never code) ---------------------------
def _key_json(k: InstrumentKey) -> list:
    return [k.ref, k.issuer, k.year, k.name]


def _key(v: list) -> InstrumentKey:
    return InstrumentKey(v[0], v[1], v[2], v[3])


def _citation_json(c: Citation) -> list:
    return [_key_json(c.key), c.doc_type, str(c.relation), [[m.text, m.line, m.start, m.end] for m in c.mentions],
            c.date, c.sentence, sorted(c.flags)]


def _citation(v: list) -> Citation:
    return Citation(key=_key(v[0]), doc_type=v[1], relation=Relation(v[2]),
                    mentions=tuple(Mention(*m) for m in v[3]), date=v[4], sentence=v[5], flags=frozenset(v[6]))


def _relation_json(r: InstrumentRelation) -> list:
    return [_key_json(r.source), _key_json(r.target), str(r.relation), r.sentence, r.line, r.file]


def _relation(v: list) -> InstrumentRelation:
    return InstrumentRelation(_key(v[0]), _key(v[1]), InstrumentRelationType(v[2]), v[3], v[4], v[5])


def encode_document(d: Document) -> bytes:
    body = {"text": d.text, "number_variants": list(d.number_variants), "warnings": list(d.warnings),
            "citations": [_citation_json(c) for c in d.citations],
            "relations": [_relation_json(r) for r in d.relations]}
    return zlib.compress(orjson.dumps(body), ZLIB_LEVEL)


def decode_document(row: sqlite3.Row | tuple, data: bytes) -> Document:
    """A document from its header columns (``HEADER_COLUMNS`` order) and its ``data`` blob."""
    h = DocHeader(*row)
    body = orjson.loads(zlib.decompress(data))
    return Document(id=h.id, file=h.file, line_start=h.line_start, line_end=h.line_end, text=body["text"],
                    number=h.number, doc_type=h.doc_type, issuer=h.issuer, district=h.district, date=h.date,
                    title=h.title, signer=h.signer, number_variants=tuple(body["number_variants"]),
                    citations=tuple(_citation(c) for c in body["citations"]),
                    relations=tuple(_relation(r) for r in body["relations"]),
                    warnings=tuple(body["warnings"]))


# ---- writing -------------------------------------------------------------------------------
class StoreWriter:
    """Writes a new store, or updates a copy of the previous one file by file (re-index)."""

    def __init__(self, path: Path, *, new: bool = True) -> None:
        self.path = Path(path)
        if new and self.path.exists():
            self.path.unlink()
        self.conn = sqlite3.connect(str(self.path))
        # The store is written into a generation directory nobody reads yet: no journal needed.
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.new = new
        # A re-index recounts ``cited_by`` only for the documents whose numbers these cite or cited.
        self.touched_skels: set[str] = set()
        self.new_rows: list[int] = []
        if new:
            self.conn.executescript(_SCHEMA)
            self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        else:  # (stores written before this index existed)
            self.conn.execute("CREATE INDEX IF NOT EXISTS own_skels_skel ON own_skels(skel)")

    def set_meta(self, **values: object) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    def drop_files(self, paths: Iterable[str]) -> int:
        """Remove the documents (and their citations) of these corpus files and their file rows."""
        paths = list(paths)
        n = 0
        for i in range(0, len(paths), 500):
            chunk = paths[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = f"SELECT rowid FROM documents WHERE file IN ({marks})"
            self.touched_skels.update(s for (s,) in self.conn.execute(
                f"SELECT skel FROM cite_skels WHERE doc IN ({rows})", chunk))
            for table in ("citations", "cite_skels", "own_skels"):
                self.conn.execute(f"DELETE FROM {table} WHERE doc IN ({rows})", chunk)
            n += self.conn.execute(f"DELETE FROM documents WHERE file IN ({marks})", chunk).rowcount
            self.conn.execute(f"DELETE FROM files WHERE path IN ({marks})", chunk)
        return n

    def add_documents(self, docs: Iterable[Document]) -> None:
        cur = self.conn.cursor()
        for d in docs:
            cur.execute("INSERT INTO documents (id, file, line_start, line_end, number, doc_type, issuer, district,"
                        " date, title, signer, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (d.id, d.file, d.line_start, d.line_end, d.number, d.doc_type, d.issuer, d.district,
                         d.date, d.title, d.signer, encode_document(d)))
            rowid = cur.lastrowid
            cur.executemany("INSERT INTO citations VALUES (?,?,?,?,?,?,?,?)", [
                (rowid, c.key.id, c.key.ref, str(c.relation), c.line,
                 c.mentions[0].start if c.mentions else 0, c.mentions[0].end if c.mentions else 0, c.sentence)
                for c in d.citations])
            skels = {s for c in d.citations if c.key.ref for s in ref_skeletons(c.key.ref)}
            cur.executemany("INSERT INTO cite_skels VALUES (?,?)", [(rowid, s) for s in skels])
            if not self.new:
                self.touched_skels |= skels
                self.new_rows.append(rowid)
            own = {s for s in ref_skeletons(d.number)} if d.number else set()
            cur.executemany("INSERT INTO own_skels VALUES (?,?)", [(rowid, s) for s in own])

    def add_vocab(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """``(field, folded term, term)`` rows of the Whoosh vocabulary (duplicates ignored)."""
        self.conn.executemany("INSERT OR IGNORE INTO vocab VALUES (?,?,?)", rows)

    def set_docnums(self, rows: Iterable[tuple[int, str]]) -> None:
        """``(Whoosh document number, document id)`` of the Whoosh index of this generation."""
        self.conn.execute("DELETE FROM docnums")
        self.conn.executemany("INSERT INTO docnums VALUES (?,?)", rows)

    def set_files(self, states: Iterable[FileState]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)",
                              [(f.path, f.size, f.mtime_ns, f.sha256, f.prefix, f.error) for f in states])

    def count_cited_by(self) -> None:
        """``documents.cited_by``: how many other documents cite each one (by loose ref key); on a
        re-index, only for the new documents and those whose numbers the changed files cite."""
        if not self.new:
            self.conn.execute("CREATE TEMP TABLE touched (doc INTEGER PRIMARY KEY)")
            self.conn.executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(r,) for r in self.new_rows])
            skels = sorted(self.touched_skels)
            for i in range(0, len(skels), 500):
                chunk = skels[i:i + 500]
                self.conn.execute("INSERT OR IGNORE INTO touched SELECT doc FROM own_skels WHERE skel IN "
                                  f"({','.join('?' * len(chunk))})", chunk)
            self.conn.execute("""
                UPDATE documents SET cited_by = (
                    SELECT COUNT(DISTINCT c.doc) FROM own_skels o JOIN cite_skels c ON c.skel = o.skel
                    WHERE o.doc = documents.rowid AND c.doc != o.doc)
                WHERE rowid IN (SELECT doc FROM touched)""")
            self.conn.execute("DROP TABLE touched")
            return
        self.conn.execute("UPDATE documents SET cited_by = 0")
        self.conn.execute("""
            UPDATE documents SET cited_by = counts.n FROM (
                SELECT o.doc AS doc, COUNT(DISTINCT c.doc) AS n
                FROM own_skels o JOIN cite_skels c ON c.skel = o.skel AND c.doc != o.doc
                GROUP BY o.doc) AS counts
            WHERE documents.rowid = counts.doc""")

    def close(self) -> None:
        self.count_cited_by()
        self.conn.commit()
        self.conn.execute("PRAGMA journal_mode=DELETE")
        if self.new:  # (a re-index keeps the statistics of the copy: a few files change nothing)
            self.conn.execute("ANALYZE")
        self.conn.close()


# ---- reading -------------------------------------------------------------------------------
class Store(ReadOnlyDB):
    """A read-only store; every thread gets its own connection (sqlite3 objects are per thread)."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(Path(index_dir) / STORE_FILE, what="kho văn bản", version_key="schema_version",
                         version=SCHEMA_VERSION, error=StoreError)

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def cited_counts(self) -> dict[str, int]:
        """Every document's id → how many other documents cite it."""
        return dict(self.conn.execute("SELECT id, cited_by FROM documents"))

    def headers(self) -> Iterator[DocHeader]:
        cols = ", ".join(f'"{c}"' for c in HEADER_COLUMNS)
        for row in self.conn.execute(f"SELECT {cols} FROM documents ORDER BY rowid"):
            yield DocHeader(*row)

    def _decoded(self, column: str, values: list[str]) -> Iterator[tuple[int, Document]]:
        """``(rowid, document)`` of the rows whose ``column`` is one of ``values``, 500 a query."""
        cols = ", ".join(f'"{c}"' for c in HEADER_COLUMNS)
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            sql = f"SELECT rowid, {cols}, data FROM documents WHERE {column} IN ({','.join('?' * len(chunk))})"
            for row in self.conn.execute(sql, chunk):
                yield row[0], decode_document(row[1:-1], row[-1])

    def documents(self, ids: Iterable[str]) -> dict[str, Document]:
        """The full documents of ``ids`` (those that exist), in one query per 500 ids."""
        return {d.id: d for _, d in self._decoded("id", list(dict.fromkeys(ids)))}

    def documents_of_files(self, files: Iterable[str]) -> list[Document]:
        """The full documents read from these corpus files, in store order."""
        return [d for _, d in sorted(self._decoded("file", list(files)), key=lambda x: x[0])]

    def document(self, doc_id: str) -> Document | None:
        return self.documents([doc_id]).get(doc_id)

    def iter_documents(self) -> Iterator[Document]:
        cols = ", ".join(f'"{c}"' for c in HEADER_COLUMNS)
        for row in self.conn.execute(f"SELECT {cols}, data FROM documents ORDER BY rowid"):
            yield decode_document(row[:-1], row[-1])

    def folded_terms(self, field: str, folded: str) -> tuple[str, ...]:
        """The accented terms of Whoosh field ``field`` whose folded form is ``folded``."""
        return tuple(t for (t,) in self.conn.execute(
            "SELECT term FROM vocab WHERE field = ? AND folded = ? ORDER BY term", (field, folded)))

    def docnums(self) -> dict[int, str]:
        """Whoosh document number → document id."""
        return dict(self.conn.execute("SELECT docnum, id FROM docnums"))

    def files(self) -> dict[str, FileState]:
        return {r[0]: FileState(*r) for r in self.conn.execute("SELECT * FROM files")}
