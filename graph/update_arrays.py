"""The query arrays of an updated graph, from the old arrays' columns: nodes kept (those of
removed documents and emptied instruments dropped), rewritten (instruments whose attributes
changed, documents relinked) and appended; edges kept with their positions updated in place, then
the new ones. ``graph.arrays.arrays_from_columns`` sorts them as a full build does."""
from __future__ import annotations

from typing import Any

import numpy as np

from .arrays import arrays_from_columns, edge_code


def updated_arrays(up: Any, plans: int) -> tuple[dict[str, np.ndarray], dict, int]:
    """``(arrays, meta, node count)`` of the graph ``up`` (a ``graph.update._Update`` that has
    rewritten its tables) describes; ``plans``: the new number of plans."""
    removed = up._gone | up.deleted
    keep = np.ones(len(up.ids), dtype=np.bool_)
    keep[[up.index[n] for n in removed if n in up.index]] = False
    ids = [n for n, k in zip(up.ids, keep.tolist()) if k] + up.appended
    new_index = {n: i for i, n in enumerate(ids)}
    remap = np.full(len(up.ids), -1, dtype=np.int64)
    remap[keep] = np.arange(int(keep.sum()))
    cols = _node_columns(up, np.flatnonzero(keep), remap, new_index, removed)
    edges = _edge_columns(up, remap, new_index)
    arrays, meta = arrays_from_columns(ids, np.array(cols["is_doc"], dtype=np.bool_),
                                       np.array(cols["ent"], dtype=np.int32), cols["district"], cols["date"],
                                       np.array(cols["missing"], dtype=np.bool_), edges, plans)
    return arrays, meta, len(ids)


def _node_columns(up: Any, kept_idx: np.ndarray, remap: np.ndarray, new_index: dict[str, int],
                  removed: set[str]) -> dict[str, list]:
    """Per node of the new graph: kind, entity (new integer), district, date, missing flag."""
    o, dn, ds = up.old, up.meta["districts"], up.meta["dates"]
    cols: dict[str, list] = {
        "is_doc": o["is_doc"][kept_idx].tolist(),
        "ent": remap[o["ent"][kept_idx]].tolist(),
        "district": [dn[c] if c >= 0 else None for c in o["district"][kept_idx].tolist()],
        "date": [ds[c] if c >= 0 else None for c in o["date"][kept_idx].tolist()],
        "missing": o["missing"][kept_idx].tolist(),
    }
    # Attributes rewritten: instruments, relinked documents. A node appended by this update (an
    # instrument new to a group of short forms is dirty too) gets its columns below, appended.
    for n in up.dirty - removed - set(up.appended):
        i, a = new_index[n], up.attrs[n]
        if a["kind"] == "instrument":
            cols["district"][i], cols["date"][i], cols["missing"][i] = a.get("district"), a.get("date"), bool(a.get("missing"))
            cols["ent"][i] = new_index[a.get("alias_of") or n]
        else:
            cols["ent"][i] = new_index[a.get("instrument") or n]
    for n in up.appended:
        a = up.attrs[n]
        doc = a["kind"] == "document"
        cols["is_doc"].append(doc)
        cols["ent"].append(-1)
        cols["district"].append(a.get("district"))
        cols["date"].append(a.get("date"))
        cols["missing"].append(bool(a.get("missing")) and not doc)
    for n in up.appended:
        a = up.attrs[n]
        cols["ent"][new_index[n]] = new_index[(a.get("instrument") or n) if a["kind"] == "document"
                                              else (a.get("alias_of") or n)]
    return cols


def _edge_columns(up: Any, remap: np.ndarray, new_index: dict[str, int]) -> dict[str, np.ndarray]:
    """The old edge columns kept (positions updated in place), then the new edges'."""
    o = up.old
    rel, flags, line = o["e_rel"].astype(np.int64), o["e_flags"].astype(np.int64), o["e_line"].astype(np.int64)
    for pos, (r, f, ln) in up.updated.items():
        rel[pos], flags[pos], line[pos] = r, f, ln
    k = up.keep_edge
    new_cols = [(new_index[u], new_index[v], *edge_code(d)) for u, v, _, d in up.new_edges]
    nc = np.array(new_cols, dtype=np.int64).reshape(-1, 5)
    return {
        "src": np.concatenate([remap[o["e_src"][k]], nc[:, 0]]),
        "dst": np.concatenate([remap[o["e_dst"][k]], nc[:, 1]]),
        "rel": np.concatenate([rel[k], nc[:, 2]]),
        "flags": np.concatenate([flags[k], nc[:, 3]]),
        "line": np.concatenate([line[k], nc[:, 4]]),
        "row": np.concatenate([o["e_row"][k].astype(np.int64), np.array(up.new_rows, dtype=np.int64)]),
    }
