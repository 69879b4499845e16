"""Update a saved citation graph after a re-index: the changed files' shares out, the new ones in.

Rebuilding the graph of 100,000 plans after one edited file took 240 s (every document decoded
from the store, 3.4 million edges put into networkx, SQLite and the arrays written again). A file
changes only its own documents' nodes and edges, the tallies of the instruments they cite
(``graph.tally``) and, through those, which instrument a few numbered documents are. So the
update copies ``graph.sqlite`` into the new generation and edits it there:

1. subtract the dropped documents' tallies, add the new ones (instruments whose tally empties and
   who no document is, disappear);
2. link the new documents, and again every document whose number names an instrument whose
   tally appeared, emptied or changed issuer or year, to the instrument it is;
3. rewrite the attributes of every instrument touched by 1 or 2; delete the dropped documents'
   nodes and edges, insert the new ones; re-derive the ``states`` edges stated by a changed file;
4. recompute the arrays from the old arrays' columns plus the changes (numpy, about a second at
   3 million edges).

The result is the graph a full build of the new corpus gives, up to the order of rows in the store
(tests/test_graph_update.py compares every node, edge and query with a full build).
"""
from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import orjson

from indexer.models import Document

from .aliases import group_aliases, group_keys
from .arrays import REL_CODE, edge_code, table_rows
from .store import (
    GRAPH_ARRAYS_DIR,
    GRAPH_STORE_FILE,
    GraphStore,
    GraphStoreError,
    graph_meta,
    insert_table_rows,
    write_arrays,
    write_tallies,
)
from .tally import (
    Tally,
    document_edges,
    document_node,
    document_statements,
    document_tallies,
    instrument_attrs,
    link_target,
    statement_edge,
)
from .update_arrays import updated_arrays

_CHUNK = 500


def _dumps(v) -> str:
    return orjson.dumps(v).decode()


def _chunks(items: list, n: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _delete_in(conn: sqlite3.Connection, table: str, column: str, values: Iterable) -> None:
    """``DELETE FROM table WHERE column IN values``, 500 values a statement."""
    for chunk in _chunks(sorted(values)):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)


def _state(t: Tally) -> tuple:
    """What of a tally decides which documents link to its instrument: cited at all, ref, year, district."""
    return (not t.empty, t.ref, t.cited_year, t.cited_district)


def can_update(old_dir: Path) -> bool:
    """Whether the graph of ``old_dir`` keeps what an update needs (its format and tallies)."""
    try:
        gs = GraphStore(old_dir)
    except (OSError, ValueError):
        return False
    try:
        return bool(gs.meta().get("tallies"))
    except (sqlite3.Error, ValueError):
        return False
    finally:
        gs.close()


class _Update:
    def __init__(self, old_dir: Path, new_dir: Path) -> None:
        gs = GraphStore(old_dir)
        try:
            self.meta = gs.meta()
            if not self.meta.get("tallies"):
                raise GraphStoreError(f"Đồ thị trích dẫn '{old_dir}' không lưu số đếm; cần dựng lại")
            self.ids = gs.ids()
            self.old = {name: np.array(a) for name, a in gs.arrays(self.meta).items()}
        finally:
            gs.close()
        self.index = {n: i for i, n in enumerate(self.ids)}
        self.tmp = Path(new_dir) / (GRAPH_STORE_FILE + ".tmp")
        shutil.copyfile(Path(old_dir) / GRAPH_STORE_FILE, self.tmp)
        self.conn = sqlite3.connect(str(self.tmp))
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.attrs: dict[str, dict] = {}  # node attributes read or changed
        self.dirty: set[str] = set()  # existing nodes whose attributes changed

    # -- reading ----------------------------------------------------------------------------------
    def node(self, n: str) -> dict | None:
        if n not in self.attrs:
            row = self.conn.execute("SELECT attrs FROM nodes WHERE id = ?", (n,)).fetchone()
            if row is None:
                return None
            self.attrs[n] = orjson.loads(row[0])
        return self.attrs[n]

    def tallies(self, ents: Iterable[str]) -> dict[str, Tally]:
        ents = list(ents)
        out = {e: Tally() for e in ents}
        for chunk in _chunks(ents):
            sql = f"SELECT ent, data FROM tallies WHERE ent IN ({','.join('?' * len(chunk))})"
            for ent, data in self.conn.execute(sql, chunk):
                out[ent] = Tally.from_json(orjson.loads(data))
        return out

    def cited(self, n: str) -> bool:
        return self.conn.execute("SELECT 1 FROM tallies WHERE ent = ?", (n,)).fetchone() is not None

    def candidates(self, ref: str, year: int | None) -> list[tuple[str, str | None]]:
        return self.conn.execute("SELECT ent, district FROM tallies WHERE ref = ? AND year IS ?", (ref, year)).fetchall()

    # -- the update -------------------------------------------------------------------------------
    def run(self, dropped: list[Document], added: list[Document],
            read_docs: Callable[[list[str]], dict[str, Document]]) -> None:
        gone = self._gone = {d.id for d in dropped}
        # 1. tallies
        shares = [(d, document_tallies(d), -1) for d in dropped] + [(d, document_tallies(d), 1) for d in added]
        touched = {ent for _, s, _ in shares for ent in s}
        tallies = self.tallies(sorted(touched))
        state = {e: _state(t) for e, t in tallies.items()}
        for _, share, sign in shares:
            for ent, t in share.items():
                tallies[ent].add(t, sign)
        moved_keys: set[tuple[str | None, int | None]] = set()  # (ref, year) whose cited instruments moved
        for e, t in tallies.items():
            after = _state(t)
            if after != state[e]:
                moved_keys |= {state[e][1:3], after[1:3]}
        _delete_in(self.conn, "tallies", "ent", [e for e, t in tallies.items() if t.empty])
        write_tallies(self.conn, ((e, t) for e, t in tallies.items() if not t.empty))

        # 2. identities
        link: dict[str, tuple[str | None, str | None]] = {}  # document → (old instrument, new instrument)
        for d in dropped:
            a = self.node(d.id)
            if a is not None:
                link[d.id] = (a.get("instrument"), None)
        new_nodes = {}
        for d in added:
            a = document_node(d)
            a["instrument"] = link_target(a, self.cited, self.candidates)
            new_nodes[d.id] = a
            old = link.get(d.id, (None, None))[0]
            link[d.id] = (old, a["instrument"])
        for ref in sorted({r for r, _ in moved_keys if r}):
            for (n,) in self.conn.execute("SELECT node FROM numbers WHERE number = ?", (ref,)).fetchall():
                if n in gone or n in new_nodes:
                    continue
                a = self.node(n)
                if a is None:
                    continue
                target = link_target(a, self.cited, self.candidates)
                if target != a.get("instrument"):
                    link[n] = (a.get("instrument"), target)
                    a["instrument"] = target
                    self.dirty.add(n)
        twin_touched = {x for pair in link.values() for x in pair if x}

        # 3. instruments
        self.rewrite_instruments(touched | twin_touched, tallies, link, new_nodes, gone)
        self.alias_groups(touched | twin_touched)
        self.rewrite_edges(dropped, added, gone, read_docs)
        self.insert_nodes(new_nodes)
        self.tables(touched | twin_touched, added, gone, new_nodes)
        self.realias()
        self.arrays(dropped, added)

    def rewrite_instruments(self, ents: set[str], tallies: dict[str, Tally], link: dict, new_nodes: dict,
                            gone: set[str]) -> None:
        known = self.tallies(sorted(ents - tallies.keys()))
        self.new_instruments: dict[str, dict] = {}
        self.deleted: set[str] = set()
        moved = {n for n, (old, new) in link.items() if old != new or n in gone}
        joining: dict[str, list[str]] = {}
        for n, (_, new) in link.items():
            if new:
                joining.setdefault(new, []).append(n)
        for ent in sorted(ents):
            old = self.node(ent)
            if old is not None and old.get("kind") != "instrument":
                raise GraphStoreError(f"Mã {ent!r} vừa là văn bản vừa là văn bản được trích dẫn")
            members = [n for n in (old or {}).get("documents", []) if n not in moved]
            members = sorted(set(members) | set(joining.get(ent, [])))
            twins = [{"id": n, **(new_nodes.get(n) or self.node(n) or {})} for n in members]
            t = tallies.get(ent) or known.get(ent)
            t = None if t is None or t.empty else t
            if t is None and not twins:
                if old is not None:
                    self.deleted.add(ent)
                continue
            attrs = instrument_attrs(t, twins)
            if old is None:
                self.new_instruments[ent] = attrs
            else:
                self.attrs[ent] = attrs
                self.dirty.add(ent)

    def alias_groups(self, ents: set[str]) -> None:
        """The alias groups (``graph.aliases``) of the instruments touched, as they were and are."""
        old: dict[str, dict] = {}
        for chunk in _chunks(sorted(ents | self.deleted)):
            sql = f"SELECT id, attrs FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            old.update((n, orjson.loads(a)) for n, a in self.conn.execute(sql, chunk))
        self.alias_keys: set[str] = set()
        for e in ents | self.deleted | set(self.new_instruments):
            before = old.get(e, {})
            now = self.new_instruments.get(e) or self.attrs.get(e) or before
            self.alias_keys |= group_keys(e, before) | group_keys(e, now)

    def realias(self) -> None:
        """Decide again the aliases of the groups touched (after the resolver's tables are written:
        they list each group's instruments) and write the nodes whose alias changed."""
        changed = []
        for key in sorted(self.alias_keys):
            if key.startswith("l|"):
                rows = self.conn.execute("SELECT ent FROM names WHERE name = ?", (key[2:],)).fetchall()
            else:
                _, number, letters = key.split("|", 2)
                rows = [(e,) for e, ls in self.conn.execute("SELECT ent, letters FROM skeletons WHERE number = ?",
                                                            (number,)) if " ".join(orjson.loads(ls)) == letters]
            members = {n: a for (n,) in rows if n not in self.deleted and (a := self.node(n)) is not None
                       and a.get("kind") == "instrument"}
            want = group_aliases(key, members)
            for n, a in members.items():
                if want.get(n) != a.get("alias_of"):
                    fresh = {k: v for k, v in a.items() if k != "alias_of"}
                    if want.get(n):
                        fresh["alias_of"] = want[n]
                    self.attrs[n] = fresh
                    self.dirty.add(n)
                    changed.append(n)
        self.conn.executemany("UPDATE nodes SET attrs = ? WHERE id = ?", [(_dumps(self.attrs[n]), n) for n in changed])

    def rewrite_edges(self, dropped: list[Document], added: list[Document], gone: set[str],
                      read_docs: Callable[[list[str]], dict[str, Document]]) -> None:
        o = self.old
        gone_idx = np.array(sorted(self.index[n] for n in gone if n in self.index), dtype=np.int64)
        self.keep_edge = ~np.isin(o["e_src"], gone_idx)
        rows = o["e_row"][~self.keep_edge].tolist()
        self.new_edges: list[tuple[str, str, str, dict]] = []
        for d in added:
            for target, data in document_edges(d).items():
                self.new_edges.append((d.id, target, data["relation"], data))
        # ``states`` edges stated by a changed file
        stated: dict[tuple[str, str, str], list[dict]] = {}
        for d in added:
            for key, ev in document_statements(d):
                stated.setdefault(key, []).append(ev)
        keys = set(stated) | {key for d in dropped for key, _ in document_statements(d)}
        self.updated: dict[int, tuple[int, int, int]] = {}  # edge position → (rel, flags, line)
        for key in sorted(keys):
            src, dst, rel = key
            pos = self._edge_position(src, dst, rel)
            old = [] if pos is None else self._statements(int(o["e_row"][pos]))
            now = [s for s in old if s["document"] not in gone] + stated.get(key, [])
            if now:
                now = self._with_evidence(now, key, read_docs)
            if pos is not None:
                if not now:
                    self.keep_edge[pos] = False
                    rows.append(int(o["e_row"][pos]))
                    continue
                data = statement_edge(rel, now)
                self.conn.execute("UPDATE edges SET heavy = ? WHERE seq = ?",
                                  (orjson.dumps(data), int(o["e_row"][pos])))
                self.updated[pos] = edge_code(data)
            elif now:
                self.new_edges.append((src, dst, rel, statement_edge(rel, now)))
        _delete_in(self.conn, "edges", "seq", rows)
        self.new_rows = []
        cur = self.conn.cursor()
        for u, v, k, data in self.new_edges:
            cur.execute("INSERT INTO edges (src, dst, key, heavy) VALUES (?,?,?,?)", (u, v, k, orjson.dumps(data)))
            self.new_rows.append(cur.lastrowid)

    def _edge_position(self, src: str, dst: str, rel: str) -> int | None:
        i, j = self.index.get(src), self.index.get(dst)
        if i is None or j is None:
            return None
        o = self.old
        lo, hi = int(o["in_ptr"][o["ent"][j]]), int(o["in_ptr"][o["ent"][j] + 1])
        hit = np.flatnonzero((o["e_src"][lo:hi] == i) & (o["e_dst"][lo:hi] == j) & (o["e_rel"][lo:hi] == REL_CODE[rel]))
        return lo + int(hit[0]) if len(hit) else None

    def _statements(self, row: int) -> list[dict]:
        data = orjson.loads(self.conn.execute("SELECT heavy FROM edges WHERE seq = ?", (row,)).fetchone()[0])
        first = {k: data[k] for k in ("sentence", "line", "file", "document")}
        return [first] + [{"document": n, "sentence": None} for n in data.get("also_stated_in", [])]

    def _with_evidence(self, stated: list[dict], key: tuple[str, str, str],
                       read_docs: Callable[[list[str]], dict[str, Document]]) -> list[dict]:
        """The statement that becomes the edge's evidence (the first by document id), when it is
        known only by its document: re-read from that document in the store."""
        first = min(range(len(stated)), key=lambda i: (stated[i]["document"], i))
        s = stated[first]
        if s.get("sentence") is not None:
            return stated
        doc = read_docs([s["document"]]).get(s["document"])
        evs = [ev for k, ev in document_statements(doc) if k == key] if doc else []
        occurrence = sum(1 for x in stated[:first] if x["document"] == s["document"])
        if occurrence < len(evs):
            stated = [*stated[:first], evs[occurrence], *stated[first + 1:]]
        return stated

    def insert_nodes(self, new_nodes: dict[str, dict]) -> None:
        _delete_in(self.conn, "nodes", "id", self.deleted | self._gone)
        self.conn.executemany("UPDATE nodes SET attrs = ? WHERE id = ?",
                              [(_dumps(self.attrs[n]), n) for n in sorted(self.dirty - self.deleted)])
        self.appended = list(self.new_instruments) + list(new_nodes)
        self.conn.executemany("INSERT INTO nodes (id, attrs) VALUES (?, ?)",
                              [(n, _dumps(a)) for n, a in [*self.new_instruments.items(), *new_nodes.items()]])
        self.attrs.update(self.new_instruments)
        self.attrs.update(new_nodes)

    def tables(self, touched: set[str], added: list[Document], gone: set[str], new_nodes: dict[str, dict]) -> None:
        ents = sorted(touched)
        _delete_in(self.conn, "skeletons", "ent", ents)
        _delete_in(self.conn, "names", "ent", ents)
        _delete_in(self.conn, "numbers", "node", gone)
        _delete_in(self.conn, "skeletons", "ent", gone)  # documents that are no instrument
        live = [e for e in ents if e not in self.deleted and self.node(e) is not None]
        nodes = {e: self.attrs[e] for e in live}
        members = [n for e in live for n in nodes[e].get("documents", [])]
        members += [n for n, a in new_nodes.items() if not a.get("instrument")]
        for n in members:
            nodes[n] = self.node(n) or {}
        rows = [r for r in table_rows(nodes, live + members) if r[0] != "number"]
        rows += [("number", a["number"], n, None, None) for n, a in new_nodes.items() if a.get("number")]
        insert_table_rows(self.conn, rows)

    def arrays(self, dropped: list[Document], added: list[Document]) -> None:
        plans = (self.meta["stats"]["plans"] - sum(1 for d in dropped if d.doc_type == "Kế hoạch")
                 + sum(1 for d in added if d.doc_type == "Kế hoạch"))
        self.result = updated_arrays(self, plans)

    def finish(self, new_dir: Path) -> dict:
        arrays, m, nodes = self.result
        meta = graph_meta(m["districts"], m["dates"], m["districts_seen"], m["stats"], nodes,
                          m["stats"]["edges"], tallies=True)
        self.conn.execute("UPDATE meta SET value = ? WHERE key = 'graph'", (_dumps(meta),))
        self.conn.commit()
        self.conn.close()
        write_arrays(Path(new_dir) / GRAPH_ARRAYS_DIR, arrays)
        self.tmp.replace(Path(new_dir) / GRAPH_STORE_FILE)
        return meta["stats"]


def update_graph(old_dir: Path, new_dir: Path, dropped: list[Document], added: list[Document],
                 read_docs: Callable[[list[str]], dict[str, Document]]) -> dict:
    """Write into ``new_dir`` the graph of ``old_dir`` without the documents ``dropped`` and with
    the documents ``added`` (``read_docs(ids)`` reads documents of the new corpus by id, for the
    evidence of a relation whose first statement left).

    Returns:
        The new graph's stats.

    Raises:
        GraphStoreError: the old graph cannot be updated (another format, no tallies): build it.
    """
    up = _Update(Path(old_dir), Path(new_dir))
    try:
        up.run(dropped, added, read_docs)
        return up.finish(new_dir)
    except BaseException:
        up.conn.close()
        up.tmp.unlink(missing_ok=True)
        raise
