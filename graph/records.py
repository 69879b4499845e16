"""Views over the citation graph's arrays: an edge as a record (:class:`EdgeRec`), lists of edge
records made only when read (:class:`Recs`), a node's entity and the node ids of one kind; and
the display name of a node (:func:`label`). ``cg`` is always a ``graph.model.CitationGraph``."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np


class EdgeRec(NamedTuple):
    """One edge seen from the entity level (``src``/``dst`` are graph nodes, ``key`` the edge key)."""

    src: str
    dst: str
    key: str  # the builder keys every edge by its relation
    relation: str
    src_entity: str
    dst_entity: str
    district: str | None  # of the source
    date: str | None  # of the source
    body_implements: bool
    line: int | None  # first line of the evidence
    row: int = -1  # the edge's row in graph.sqlite (its evidence)
    unresolved: bool = False


def label(attrs: dict) -> str:
    """Display name: ``Chỉ thị số 19-CT/TU``, ``Luật Giáo dục``, ``Kế hoạch số 171/KH-UBND``."""
    ref = attrs.get("ref") if attrs["kind"] == "instrument" else attrs.get("number")
    typ = attrs.get("type")
    if ref:
        return f"{typ} số {ref}" if typ else ref
    return attrs.get("name") or attrs.get("title") or "?"


class Recs(Sequence):
    """Edge records selected by positions in the edge columns, made into :class:`EdgeRec` only
    when read (``len`` and a page of a 50,000-citer list cost what the page costs)."""

    __slots__ = ("cg", "idx")

    def __init__(self, cg: Any, idx: np.ndarray) -> None:
        self.cg, self.idx = cg, idx

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.cg._recs(self.idx[i])
        return self.cg._recs(self.idx[i:i + 1] if i >= 0 else self.idx[i:][:1])[0]

    def __iter__(self) -> Iterator[EdgeRec]:
        for start in range(0, len(self.idx), 4096):
            yield from self.cg._recs(self.idx[start:start + 4096])

    def __bool__(self) -> bool:
        return len(self.idx) > 0


class EntityView:
    """``cg.entity[node]``: the entity (instrument id, or the document's own id) of a node."""

    __slots__ = ("cg",)

    def __init__(self, cg: Any) -> None:
        self.cg = cg

    def __getitem__(self, n: str) -> str:
        cg = self.cg
        return cg.ids[int(cg.ent[cg.index[n]])]

    def get(self, n: str, default=None):
        return self[n] if n in self.cg.index else default

    def __contains__(self, n: str) -> bool:
        return n in self.cg.index


class KindSet:
    """``cg.docs`` / ``cg.instruments``: the node ids of one kind, as a read-only set."""

    __slots__ = ("cg", "docs")

    def __init__(self, cg: Any, docs: bool) -> None:
        self.cg, self.docs = cg, docs

    def __contains__(self, n: str) -> bool:
        i = self.cg.index.get(n)
        return i is not None and bool(self.cg.is_doc[i]) == self.docs

    def __len__(self) -> int:
        n = int(np.count_nonzero(self.cg.is_doc))
        return n if self.docs else len(self.cg.ids) - n

    def __iter__(self) -> Iterator[str]:
        ids = self.cg.ids
        mask = self.cg.is_doc if self.docs else ~np.asarray(self.cg.is_doc)
        return (ids[i] for i in np.flatnonzero(mask).tolist())
