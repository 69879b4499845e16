"""The citation graph on disk, the one owner of its layout: ``graph.sqlite`` and ``graph.arrays/``.

The graph used to be pickled whole and unpickled by every server process (10 s and 640 MB at
10,000 plans; unpickling runs whatever code a tampered file carries), then loaded from SQLite into
networkx with one record per edge (134 s and 2.2 GB at 100,000 plans). Now the indexer writes the
query arrays of ``graph.arrays`` as ``.npy`` files (no pickle: ``allow_pickle=False``), which the
server memory-maps, and every attribute as SQLite rows, which it reads when a response shows them.

Tables: ``meta(key, value)`` (``FORMAT_VERSION`` checked at open: another version, a missing or a
corrupt file is one ``GraphStoreError`` line saying to rebuild; ``graph``: districts, dates,
counts), ``nodes(seq, id, attrs)`` (``seq`` = integer id + 1), ``edges(seq, src, dst, key,
heavy)`` (every attribute as JSON, in the builder's order: ``seq`` is an edge's row),
``skeletons`` / ``numbers`` / ``names`` (the resolver's lookups, indexed by number).
"""
from __future__ import annotations

import shutil
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import orjson

from indexer.layout import GRAPH_ARRAYS_DIR, GRAPH_STORE_FILE
from indexer.sqlite_ro import ReadOnlyDB

from .arrays import ARRAYS, table_rows
from .model import CitationGraph

FORMAT_VERSION = 5  # 5: instruments joined to the one they are short for (alias_of, graph.aliases)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, attrs TEXT NOT NULL);
CREATE TABLE edges (seq INTEGER PRIMARY KEY, src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL,
                    heavy BLOB NOT NULL);
CREATE TABLE skeletons (number TEXT NOT NULL, ent TEXT NOT NULL, year TEXT, letters TEXT NOT NULL);
CREATE TABLE numbers (number TEXT NOT NULL, node TEXT NOT NULL);
CREATE TABLE names (name TEXT NOT NULL, ent TEXT NOT NULL);
CREATE TABLE tallies (ent TEXT PRIMARY KEY, ref TEXT, year INTEGER, district TEXT, data TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX skeletons_number ON skeletons (number);
CREATE INDEX numbers_number ON numbers (number);
CREATE INDEX numbers_node ON numbers (node);
CREATE INDEX skeletons_ent ON skeletons (ent);
CREATE INDEX names_ent ON names (ent);
CREATE INDEX tallies_ref ON tallies (ref, year);
"""


class GraphStoreError(ValueError):
    """The graph store cannot be used; ``str(e)`` is one line saying what to do."""


def _dumps(v) -> bytes:
    return orjson.dumps(v)


def _loads_heavy(blob: bytes):
    """An edge's attributes: JSON, or zlib-compressed JSON as the first graph stores wrote it."""
    return orjson.loads(zlib.decompress(blob) if blob[:1] == b"\x78" else blob)


def save(cg: CitationGraph, index_dir: Path) -> Path:
    """Write ``cg`` (built in memory: every attribute) to ``index_dir/graph.sqlite`` and its query
    arrays to ``index_dir/graph.arrays/``."""
    g = cg.g
    index_dir = Path(index_dir)
    write_arrays(index_dir / GRAPH_ARRAYS_DIR, {name: getattr(cg, name) for name in ARRAYS})
    path = index_dir / GRAPH_STORE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(str(tmp))
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        meta = graph_meta(cg.district_names, cg.date_strs, cg.districts_seen, cg.stats, len(cg.ids),
                          cg.edge_count, tallies=cg.tallies is not None)
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [("format_version", str(FORMAT_VERSION)), ("graph", _dumps(meta).decode())])
        conn.executemany("INSERT INTO nodes (seq, id, attrs) VALUES (?, ?, ?)",
                         ((i + 1, n, _dumps(g._node[n]).decode()) for i, n in enumerate(cg.ids)))
        conn.executemany("INSERT INTO edges (src, dst, key, heavy) VALUES (?,?,?,?)",
                         ((u, v, k, _dumps(a)) for u, v, k, a in g.edges(keys=True, data=True)))
        insert_table_rows(conn, table_rows(g._node, cg.ids))
        if cg.tallies is not None:
            write_tallies(conn, cg.tallies.items())
        conn.executescript(_INDEXES)
        conn.commit()
    finally:
        conn.close()
    tmp.replace(path)
    return path


def graph_meta(districts, dates, districts_seen, stats, nodes: int, edges: int, *, tallies: bool) -> dict:
    """The ``graph`` row of ``meta``: code tables of the arrays, counts, whether tallies are kept
    (a re-index can update the graph only if they are)."""
    return {"districts": list(districts), "dates": list(dates), "districts_seen": list(districts_seen),
            "stats": stats, "nodes": nodes, "edges": edges, "tallies": tallies}


def insert_table_rows(conn: sqlite3.Connection, rows) -> None:
    """The resolver's rows (``graph.arrays.table_rows``) into their tables."""
    for kind, a, b, c, d in rows:
        if kind == "skeleton":
            conn.execute("INSERT INTO skeletons VALUES (?,?,?,?)", (a, b, c, _dumps(list(d)).decode()))
        elif kind == "number":
            conn.execute("INSERT INTO numbers VALUES (?,?)", (a, b))
        else:
            conn.execute("INSERT INTO names VALUES (?,?)", (a, b))


def write_tallies(conn: sqlite3.Connection, items) -> None:
    """``(instrument id, Tally)`` rows, replacing any row of the same instrument."""
    conn.executemany("INSERT OR REPLACE INTO tallies VALUES (?,?,?,?,?)",
                     ((ent, t.ref, t.cited_year, t.cited_district, _dumps(t.to_json()).decode())
                      for ent, t in items))


def write_arrays(arrays_dir: Path, arrays: dict[str, np.ndarray]) -> None:
    if arrays_dir.exists():
        shutil.rmtree(arrays_dir)
    arrays_dir.mkdir(parents=True)
    for name in ARRAYS:
        np.save(arrays_dir / f"{name}.npy", np.ascontiguousarray(arrays[name]), allow_pickle=False)


class GraphStore(ReadOnlyDB):
    """Read-only access to ``graph.sqlite`` and its arrays; one connection per thread."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(Path(index_dir) / GRAPH_STORE_FILE, what="đồ thị trích dẫn", version_key="format_version",
                         version=FORMAT_VERSION, error=GraphStoreError, missing=FileNotFoundError)
        self.arrays_dir = Path(index_dir) / GRAPH_ARRAYS_DIR

    def meta(self) -> dict:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'graph'").fetchone()
        if not row:
            raise GraphStoreError(f"Đồ thị trích dẫn '{self.path}' thiếu mô tả; chạy lại vanban index")
        return orjson.loads(row[0])

    def ids(self) -> list[str]:
        """Node ids by integer id (``seq - 1``)."""
        return [n for (n,) in self.conn.execute("SELECT id FROM nodes ORDER BY seq")]

    def arrays(self, meta: dict) -> dict[str, np.ndarray]:
        """The query arrays, memory-mapped (their pages are shared by every process reading them)."""
        out = {}
        for name, dtype in ARRAYS.items():
            f = self.arrays_dir / f"{name}.npy"
            try:
                arr = np.load(f, mmap_mode="r", allow_pickle=False)
            except (OSError, ValueError) as e:
                raise GraphStoreError(f"Đồ thị trích dẫn '{self.path.parent}' thiếu hoặc hỏng mảng {name} ({e}); "
                                      f"chạy lại vanban index") from e
            want = meta["edges"] if name.startswith("e_") or name == "out_idx" else meta["nodes"]
            want += 1 if name.endswith("_ptr") else 0
            if arr.dtype != np.dtype(dtype) or len(arr) != want:
                raise GraphStoreError(f"Mảng {name} của đồ thị trích dẫn '{self.path.parent}' không khớp "
                                      f"({arr.dtype}, {len(arr)}); chạy lại vanban index")
            out[name] = arr
        return out

    def node_attrs(self, node: str) -> dict:
        """Every attribute of a node."""
        return orjson.loads(self.conn.execute("SELECT attrs FROM nodes WHERE id = ?", (node,)).fetchone()[0])

    def iter_nodes(self) -> Iterator[tuple[str, dict]]:
        for n, attrs in self.conn.execute("SELECT id, attrs FROM nodes ORDER BY seq"):
            yield n, orjson.loads(attrs)

    def evidence(self, row: int) -> dict:
        """Every attribute of one edge."""
        got = self.conn.execute("SELECT heavy FROM edges WHERE seq = ?", (row,)).fetchone()
        return _loads_heavy(got[0]) if got else {}

    def iter_edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """Every edge with every attribute, in graph order (exports)."""
        for u, v, k, heavy in self.conn.execute("SELECT src, dst, key, heavy FROM edges ORDER BY seq"):
            yield u, v, k, _loads_heavy(heavy)

    def skeletons(self, number: str) -> list[tuple[str, str | None, frozenset[str]]]:
        return [(e, y, frozenset(orjson.loads(letters))) for e, y, letters in self.conn.execute(
            "SELECT ent, year, letters FROM skeletons WHERE number = ? ORDER BY rowid", (number,))]

    def numbers(self, number: str) -> list[str]:
        return [n for (n,) in self.conn.execute("SELECT node FROM numbers WHERE number = ? ORDER BY rowid", (number,))]

    def names(self) -> list[tuple[str, str]]:
        return [(n, e) for n, e in self.conn.execute("SELECT name, ent FROM names ORDER BY rowid")]


def load(index_dir: Path) -> CitationGraph:
    """The graph saved in ``index_dir``: arrays mapped, ids read, attributes left in the store."""
    gs = GraphStore(index_dir)
    meta = gs.meta()
    return CitationGraph(gs.arrays(meta), gs.ids(), meta, store=gs)
