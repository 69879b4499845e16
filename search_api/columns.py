"""Per-document columns over Whoosh document numbers: filters, facets and sort orders as numpy.

At 100,000 plans a Python pass over every header costs 50–100 ms, and sorting 50,000 matches by
date in Python as much again; a query must spend its time in the index, not there. The searcher
builds these columns once at start (one int32 code per document and field, the dates, three sort
ranks: about 3 MB at 100,000 plans) and then filters with a mask, counts facets with ``bincount``
(2 ms for 50,000 matches, where a loop took 105 ms: docs/benchmarks.md) and cuts a sorted page
with ``argpartition``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from indexer.fold import fold
from indexer.places import canonical_district
from indexer.store import DocHeader

CODED = ("doc_type", "issuer", "district", "year", "signer")
FACET_FIELDS = ("doc_type", "issuer", "district", "year")
UNRANKED = np.iinfo(np.int64).max  # a document number no document has (deleted in its segment)


def loose_key(s: str | None) -> str:
    """Case, accents and spacing ignored: how a filter value is compared with a header's."""
    return re.sub(r"\s+", " ", fold(s or "").lower()).strip()


class DocColumns:
    """Columns of every document, indexed by Whoosh document number."""

    def __init__(self, headers: Mapping[str, DocHeader], docnum_to_id: Mapping[int, str],
                 cited_count: Mapping[str, int]) -> None:
        self.size = max(docnum_to_id, default=-1) + 1
        self.live = np.zeros(self.size, dtype=np.bool_)
        self.codes: dict[str, np.ndarray] = {}
        self.values: dict[str, list] = {}
        docnums = np.fromiter(docnum_to_id, dtype=np.int64, count=len(docnum_to_id))
        heads = [headers[docnum_to_id[int(n)]] for n in docnums]
        self.live[docnums] = True
        for f in CODED:
            codes = np.full(self.size, -1, dtype=np.int32)
            seen: dict = {}
            codes[docnums] = [seen.setdefault(v, len(seen)) if v else -1 for v in (getattr(h, f) for h in heads)]
            self.codes[f], self.values[f] = codes, list(seen)
        self.dates = np.full(self.size, "", dtype="U10")
        self.dates[docnums] = [h.date or "" for h in heads]
        ids = [h.id for h in heads]
        by_id = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
        id_rank = np.empty(len(ids), dtype=np.int64)
        id_rank[by_id] = np.arange(len(ids))
        dates = self.dates[docnums]
        undated = dates == ""
        cited = np.array([cited_count.get(i, 0) for i in ids], dtype=np.int64)
        # Total orders (ties by id): newest / oldest first with undated last, most cited first.
        self.ranks = {
            "newest": self._ranked(docnums, np.lexsort((id_rank, _desc(dates), undated))),
            "oldest": self._ranked(docnums, np.lexsort((id_rank, dates, undated))),
            "cited": self._ranked(docnums, np.lexsort((id_rank, -cited))),
        }

    def _ranked(self, docnums: np.ndarray, order: np.ndarray) -> np.ndarray:
        rank = np.full(self.size, UNRANKED, dtype=np.int64)
        rank[docnums[order]] = np.arange(len(order))
        return rank

    # -- sorting ----------------------------------------------------------------------------------
    def first(self, docnums: Iterable[int], sort: str, n: int, score: np.ndarray | None = None) -> list[int]:
        """The first ``n`` of ``docnums`` in the order ``sort`` (``newest``, ``oldest``, ``cited``);
        with ``score`` (one per docnum, in iteration order), highest score first, then newest."""
        m = np.fromiter(docnums, dtype=np.int64)
        if not len(m) or n <= 0:
            return []
        if score is not None:
            return m[np.lexsort((self.ranks["newest"][m], -np.round(score, 6)))][:n].tolist()
        rank = self.ranks[sort][m]  # a total order: every rank differs
        if n < len(m):
            cut = np.argpartition(rank, n - 1)[:n]
            return m[cut[np.argsort(rank[cut])]].tolist()
        return m[np.argsort(rank)].tolist()

    # -- filters ----------------------------------------------------------------------------------
    def _codes_where(self, f: str, ok: Callable[[Any], bool]) -> np.ndarray:
        wanted = [i for i, v in enumerate(self.values[f]) if ok(v)]
        return np.isin(self.codes[f], np.array(wanted, dtype=np.int32))

    @staticmethod
    def value_tests(f: Mapping[str, str]) -> dict[str, Callable[[Any], bool]]:
        """For each coded column the filters ``f`` name (type, issuer, district, signer, year), the
        test a header value must pass: the one meaning of a filter, for the columns and the engine."""
        tests: dict[str, Callable[[Any], bool]] = {}
        if "doc_type" in f:
            tests["doc_type"] = lambda v: loose_key(v) == loose_key(f["doc_type"])
        if "issuer" in f:
            tests["issuer"] = lambda v: loose_key(f["issuer"]) in loose_key(v)
        if "district" in f:
            district = canonical_district(f["district"]) or f["district"]
            tests["district"] = lambda v: v == district
        if "signer" in f:
            tests["signer"] = lambda v: loose_key(v) == loose_key(f["signer"])
        if "year" in f:
            tests["year"] = lambda v: str(v) == f["year"].strip()
        return tests

    def passing(self, field: str, ok: Callable[[Any], bool]) -> list:
        """The values of column ``field`` that pass ``ok``."""
        return [v for v in self.values[field] if ok(v)]

    def mask(self, f: dict[str, str], base: np.ndarray | None = None) -> np.ndarray:
        """Documents whose headers pass the filters ``f`` (type, issuer, district, signer, year,
        date_from, date_to), among ``base`` (a boolean mask) when given."""
        m = self.live.copy() if base is None else base & self.live
        for name, ok in self.value_tests(f).items():
            m &= self._codes_where(name, ok)
        if "date_from" in f:
            m &= self.dates >= f["date_from"].strip()
        if "date_to" in f:
            # A date matches up to the precision typed: to:2022 keeps all of 2022.
            m &= (self.dates != "") & (self.dates <= f["date_to"].strip() + "~")
        return m

    def of(self, docnums: Iterable[int]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.bool_)
        idx = np.fromiter(docnums, dtype=np.int64)
        out[idx[idx < self.size]] = True
        return out

    # -- facets -----------------------------------------------------------------------------------
    def facets(self, matched: Iterable[int]) -> dict[str, list[dict]]:
        """Counts of each facet's values over the match set, most common first, ties by value (one
        rule for every backend: ``search_api.engine_pages`` orders the engine's counts alike)."""
        m = np.fromiter(matched, dtype=np.int64)
        out: dict[str, list[dict]] = {}
        for f in FACET_FIELDS:
            values = self.values[f]
            c = self.codes[f][m]
            c = c[c >= 0]
            counts = np.bincount(c, minlength=len(values))
            order = sorted(np.flatnonzero(counts).tolist(), key=lambda k: (-counts[k], str(values[k])))
            out[f] = [{"value": values[k], "count": int(counts[k])} for k in order]
        return out


def _desc(dates: np.ndarray) -> np.ndarray:
    """A key that sorts ISO dates newest first (lexsort sorts ascending)."""
    return -np.unique(dates, return_inverse=True)[1]
