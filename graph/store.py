"""The citation graph on disk: ``graph.sqlite`` in the index directory, the one owner of its layout.

The graph used to be pickled whole (every sentence, surface and line of every edge) and unpickled
by every server process: 10 s and 640 MB at 10,000 plans, and unpickling runs whatever code a
tampered file carries. Now nodes and edges are rows of SQLite (standard library); the server loads
node attributes into networkx and, per edge, one compact record (relation, first line, two flags,
its row) for the query indexes (``graph.model``), and reads an edge's evidence (sentence, lines, surfaces, file, dates) from the store when
a response shows it. Exports stream every attribute from the store.

Tables: ``meta(key, value)`` (``FORMAT_VERSION`` checked at open: another version, a missing or a
corrupt file is one ``GraphStoreError`` line saying to rebuild), ``nodes(seq, id, attrs)`` and
``edges(seq, src, dst, key, light, heavy)``: attributes as JSON, ``light`` the few that queries
walk, ``heavy`` all of them in the builder's order (compressing each small edge cost more than it saved).
"""
from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import orjson

from indexer.sqlite_ro import ReadOnlyDB

GRAPH_STORE_FILE = "graph.sqlite"
FORMAT_VERSION = 2
# Edge attributes every graph query walks; the rest is evidence, read when a response shows it.
LIGHT_EDGE_ATTRS = ("kind", "relation", "line", "body_implements", "flags")
# The row of an edge in ``edges``, kept on the in-memory edge to find its evidence.
ROW = "_row"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, attrs TEXT NOT NULL);
CREATE TABLE edges (seq INTEGER PRIMARY KEY, src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL,
                    light TEXT NOT NULL, heavy BLOB NOT NULL);
"""


class GraphStoreError(ValueError):
    """The graph store cannot be used; ``str(e)`` is one line saying what to do."""


def _dumps(v) -> bytes:
    return orjson.dumps(v)


def _loads_heavy(blob: bytes):
    """An edge's attributes: JSON, or zlib-compressed JSON as the first graph stores wrote it."""
    return orjson.loads(zlib.decompress(blob) if blob[:1] == b"\x78" else blob)


def save(g: nx.MultiDiGraph, index_dir: Path) -> Path:
    """Write ``g`` (every attribute) to ``index_dir/graph.sqlite``."""
    path = Path(index_dir) / GRAPH_STORE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(str(tmp))
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('format_version', ?)", (str(FORMAT_VERSION),))
        conn.executemany("INSERT INTO nodes (id, attrs) VALUES (?, ?)",
                         ((n, _dumps(a).decode()) for n, a in g.nodes(data=True)))
        rows = []
        for u, v, k, a in g.edges(keys=True, data=True):
            light = {f: a[f] for f in LIGHT_EDGE_ATTRS if f in a}
            full = {f: x for f, x in a.items() if f != ROW}  # in the order the builder wrote them
            rows.append((u, v, k, _dumps(light).decode(), _dumps(full)))
            if len(rows) >= 5000:
                conn.executemany("INSERT INTO edges (src, dst, key, light, heavy) VALUES (?,?,?,?,?)", rows)
                rows = []
        conn.executemany("INSERT INTO edges (src, dst, key, light, heavy) VALUES (?,?,?,?,?)", rows)
        conn.commit()
    finally:
        conn.close()
    tmp.replace(path)
    return path


class GraphStore(ReadOnlyDB):
    """Read-only access to ``graph.sqlite``; one connection per thread."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(Path(index_dir) / GRAPH_STORE_FILE, what="đồ thị trích dẫn", version_key="format_version",
                         version=FORMAT_VERSION, error=GraphStoreError, missing=FileNotFoundError)

    def load_nodes(self) -> nx.MultiDiGraph:
        """The graph's nodes with their attributes (edges: ``light_edges``)."""
        g = nx.MultiDiGraph()
        for n, attrs in self.conn.execute("SELECT id, attrs FROM nodes ORDER BY seq"):
            g.add_node(n, **orjson.loads(attrs))
        return g

    def light_edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """``(src, dst, key, light attributes + the row)`` of every edge, in graph order."""
        for seq, u, v, k, light in self.conn.execute("SELECT seq, src, dst, key, light FROM edges ORDER BY seq"):
            a = orjson.loads(light)
            a[ROW] = seq
            yield u, v, k, a

    def evidence(self, row: int) -> dict:
        """Every attribute of one edge."""
        got = self.conn.execute("SELECT heavy FROM edges WHERE seq = ?", (row,)).fetchone()
        return _loads_heavy(got[0]) if got else {}

    def iter_edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """Every edge with every attribute, in graph order (exports)."""
        for u, v, k, heavy in self.conn.execute("SELECT src, dst, key, heavy FROM edges ORDER BY seq"):
            yield u, v, k, _loads_heavy(heavy)
