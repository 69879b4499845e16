"""Search over the index directory, with no HTTP: the API, CLI and web page all call ``Searcher``.

The index and the document store are opened once (``Searcher(index_dir)``) and shared by every
request. It parses the query (``search_api.query``), builds and runs the Whoosh queries
(``search_api.whoosh_query``), filters, sorts and pages with the document columns
(``search_api.columns``) and answers each hit with its passages and facets (``search_api.hits``).
Pages partition the result set: every page cuts one total order (score, newest, id).
"""
from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from whoosh.query import Or, Query, Term

from indexer.layout import IndexVersionError, check_index
from indexer.models import Document, Relation
from indexer.schema import CITE_FIELDS
from indexer.store import DocHeader, Store, StoreError
from search_api.backend import SearchBackend, WhooshBackend
from search_api.columns import DocColumns
from search_api.hits import HitViews, answer_head
from search_api.query import ParsedQuery, QueryError, SearchRequest, parse_query
from search_api.whoosh_query import (
    REL_WEIGHT,
    Deadline,
    QueryTimeout,
    WhooshQueries,
    citations_only,
    match_modes,
    page_sort,
    phrases_to_check,
    query_skels,
)

logger = logging.getLogger(__name__)

SORTS = {"relevance", "newest", "oldest", "cited"}
# Deepest page a search may ask for (page × size): past it, narrow the query or export the CSV.
MAX_OFFSET = 100_000
# Time budget of one search's own verification loops (phrases): a worker is never held for long.
SEARCH_BUDGET_S = 10.0


# Scores are compared at this precision: BM25 sums of the same terms can differ in the last bits.
SCORE_DIGITS = 6
# Above this many candidates, a quoted phrase's positions are checked for the pages shown only
# (checking 100,000 candidates of a common phrase takes seconds); the total is then an estimate.
PHRASE_EXACT_MAX = 3000
PHRASE_BATCH = 64
# Hits fetched past the page's end at first, so that a boundary tie rarely costs a second search.
TIE_MARGIN = 16


@dataclass
class _Run:
    """One search's result set before paging."""

    pq: ParsedQuery
    mode: str
    q: Query | None
    matched: set[int]
    sort: str
    skels: set[str]
    # Phrases still to be confirmed on positions: set when the candidates were too many to check
    # at once; ``matched`` is then the candidate set and pages are confirmed as they are cut.
    pending: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    all_of_q: bool = False  # ``matched`` is every match of ``q`` (no filter, no phrase dropped any)
    # A query of citations only: the documents of each (field, skeleton), which score it.
    cite_docs: dict[tuple[str, str], set[int]] | None = None


def _interned(h: DocHeader) -> DocHeader:
    """Share the strings that repeat across documents (types, issuers, districts, signers)."""
    return DocHeader(h.id, h.number, *(sys.intern(v) if v else v for v in
                                       (h.doc_type, h.issuer, h.district)), h.date, h.title,
                     sys.intern(h.signer) if h.signer else h.signer, h.file, h.line_start, h.line_end, h.cited_by)


# How a searcher opens its backend: given the searcher (store, document numbers) and the index
# directory as the user named it (for messages).
BackendFactory = Callable[["Searcher", Path], SearchBackend]


def whoosh_backend(searcher: Searcher, shown_as: Path) -> SearchBackend:
    """The embedded default: the Whoosh index of the searcher's generation."""
    return WhooshBackend(searcher.index_dir, shown_as)


class Searcher(WhooshQueries, HitViews):
    """An open index directory: Whoosh searcher, document store and per-document metadata."""

    def __init__(self, index_dir: Path, max_page_size: int = 100, budget_s: float = SEARCH_BUDGET_S,
                 backend: BackendFactory | None = None):
        # The index directory is a symlink to its current generation: resolve it once, so that a
        # re-index publishing a new generation never changes what this searcher reads.
        self.index_dir = Path(index_dir).resolve()
        self.max_page_size = max_page_size
        self.budget_s = budget_s
        self.manifest = check_index(Path(index_dir))
        try:
            self.store = Store(self.index_dir)
        except StoreError as e:
            raise IndexVersionError(str(e)) from e
        # Only what every query needs stays in memory: one small header per document. Text and
        # citations are read from the store for the hits a response shows.
        self.headers: dict[str, DocHeader] = {h.id: _interned(h) for h in self.store.headers()}
        self.docnum_to_id: dict[int, str] = self.store.docnums()
        self.id_to_docnum = {v: k for k, v in self.docnum_to_id.items()}
        self.cited_count = {i: h.cited_by for i, h in self.headers.items() if h.cited_by}
        self.columns = DocColumns(self.headers, self.docnum_to_id, self.cited_count)
        # Accentless terms → the accented terms of the index, looked up in the store per query term.
        self.accented = lru_cache(maxsize=100_000)(self.store.folded_terms)
        try:
            self.backend: SearchBackend = (backend or whoosh_backend)(self, Path(index_dir))
        except Exception:
            self.store.close()
            raise

    @property
    def document_count(self) -> int:
        return len(self.headers)

    def close(self) -> None:
        self.backend.close()
        self.store.close()

    def _filters(self, req: SearchRequest, pq: ParsedQuery) -> dict[str, str]:
        """The filters of a search (typed in the query or passed as parameters), checked."""
        f = {k: v for k, v in pq.filters.items()}
        for name in ("doc_type", "issuer", "district", "signer", "date_from", "date_to", "cites", "relation"):
            v = getattr(req, name)
            if v:
                f[name] = v
        if req.year:
            f["year"] = str(req.year)
        if "year" in f and not re.fullmatch(r"\d{4}", f["year"].strip()):
            raise QueryError(f"Năm «{f['year']}» không hợp lệ: cần 4 chữ số, vd. 2022.")
        for d in ("date_from", "date_to"):
            if d in f and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", f[d].strip()):
                raise QueryError(f"Ngày «{f[d]}» không hợp lệ: dùng dạng YYYY-MM-DD, vd. 2022-03-01.")
        if "relation" in f and f["relation"] not in {r.value for r in Relation}:
            raise QueryError(f"Quan hệ «{f['relation']}» không hợp lệ: basis, implements hoặc mentions.")
        return f

    @staticmethod
    def _cited_skels(f: dict[str, str]) -> set[str]:
        if "cites" not in f:
            return set()
        skels = {s for _, s in parse_query(f["cites"]).refs}
        if not skels:
            raise QueryError(f"«{f['cites']}» không phải là số ký hiệu văn bản (vd. 19-CT/TU).")
        return skels

    def _allowed(self, req: SearchRequest, pq: ParsedQuery) -> set[int] | None:
        f = self._filters(req, pq)
        if not f:
            return None
        cite_skels = self._cited_skels(f)
        base = None
        if cite_skels:
            rel_sets = self._relation_sets(cite_skels)
            base = self.columns.of(rel_sets[f["relation"]] if "relation" in f else set().union(*rel_sets.values()))
        elif "relation" in f:
            base = self.columns.of(self.backend.docs(Term("relations", f["relation"])))
        return set(np.flatnonzero(self.columns.mask(f, base)).tolist())

    def _relation_sets(self, skels: set[str], cite_docs: dict | None = None) -> dict[str, set[int]]:
        """For each relation, the documents citing any of ``skels`` that way (the cite fields hold
        every loose key of every cited ref, so no document's citations need reading)."""
        if cite_docs is not None and all((f, sk) in cite_docs for f in CITE_FIELDS.values() for sk in skels):
            return {str(rel): set().union(*(cite_docs[f, sk] for sk in skels)) for rel, f in CITE_FIELDS.items()}
        out = {}
        for rel, fieldname in CITE_FIELDS.items():
            q = Or([Term(fieldname, sk) for sk in sorted(skels)])
            out[str(rel)] = set(self.backend.docs(q))
        return out

    # ---- the search -------------------------------------------------------------------------
    def _validate(self, req: SearchRequest) -> None:
        if req.page < 1:
            raise QueryError(f"Trang «{req.page}» không hợp lệ: trang bắt đầu từ 1.")
        if not 1 <= req.size <= self.max_page_size:
            raise QueryError(f"Số kết quả mỗi trang «{req.size}» không hợp lệ: từ 1 đến {self.max_page_size}.")
        if req.sort not in SORTS:
            raise QueryError(f"Cách sắp xếp «{req.sort}» không hợp lệ: {', '.join(sorted(SORTS))}.")
        if (req.page - 1) * req.size >= MAX_OFFSET:
            deepest = f"{MAX_OFFSET:,}".replace(",", ".")
            raise QueryError(f"Trang {req.page} quá sâu (sau {deepest} kết quả đầu); hãy thu hẹp tìm kiếm "
                             "hoặc tải toàn bộ kết quả dạng CSV.")

    def _run(self, req: SearchRequest) -> _Run:
        """Parse, filter and match: the whole result set, unscored, and how to order it."""
        deadline = Deadline(self.budget_s)
        pq = parse_query(req.q)
        allowed = self._allowed(req, pq)
        if citations_only(pq):
            return self._citations_run(pq, allowed, req, deadline)
        modes = match_modes(pq.text)
        sort = page_sort(req.sort, pq)
        to_check = phrases_to_check(pq)
        pending: list[str] = []
        for mode in modes:
            q = self._build(pq, mode)
            matched = self._matching(q, allowed)
            all_of_q = allowed is None
            if to_check and len(matched) > PHRASE_EXACT_MAX:
                pending = to_check  # common phrases: confirm the pages shown, estimate the total
            elif to_check:
                n = len(matched)
                matched = self._verify_phrases(matched, to_check, deadline)
                all_of_q = all_of_q and len(matched) == n
            if matched or not pq.text:
                break
        return _Run(pq, mode, q, matched, sort, query_skels(pq), pending, deadline, all_of_q)

    def _citations_run(self, pq: ParsedQuery, allowed: set[int] | None, req: SearchRequest,
                       deadline: Deadline) -> _Run:
        """A query of citations only: each cited skeleton's documents per field, read once, give
        the match set, the relation facet and the score (the weight of the strongest field, so
        the plan that is the instrument, then basis, implements, mentions; ties newest first) —
        no BM25 pass over tens of thousands of citers (a popular decision at 100,000 plans)."""
        skels = [s for _, s in pq.refs if s]
        cite_docs = {(f, sk): set(self.backend.docs(Term(f, sk))) for sk in skels for f in REL_WEIGHT}
        matched: set[int] | None = None
        for sk in skels:
            docs = set().union(*(cite_docs[f, sk] for f in REL_WEIGHT))
            matched = docs if matched is None else matched & docs
        matched = matched or set()
        if allowed is not None:
            matched &= allowed
        # (no Whoosh query: the score and every order come from ``cite_docs`` and the columns)
        return _Run(pq, "exact", None, matched, req.sort, set(skels), [], deadline, allowed is None, cite_docs)

    def _citation_scores(self, run: _Run, docnums: list[int]) -> np.ndarray:
        score = np.zeros(len(docnums))
        m = np.array(docnums, dtype=np.int64)
        for sk in run.skels:
            best = np.zeros(len(docnums))
            for f, w in REL_WEIGHT.items():
                docs = run.cite_docs[f, sk]
                if docs:
                    best = np.maximum(best, np.where(self.columns.of(docs)[m], w, 0.0))
            score += best
        return score

    def _confirmed(self, run: _Run, ordered: list[tuple[str, float]], n: int, out: list) -> None:
        """Append to ``out`` the hits of ``ordered`` whose phrases are confirmed, up to ``n``."""
        for i in range(0, len(ordered), PHRASE_BATCH):
            chunk = ordered[i:i + PHRASE_BATCH]
            ok = self._verify_phrases({self.id_to_docnum[d] for d, _ in chunk}, run.pending, run.deadline)
            out += [h for h in chunk if self.id_to_docnum[h[0]] in ok]
            if len(out) >= n:
                return

    def _ranked(self, run: _Run, n: int) -> list[tuple[str, float]]:
        """The first ``n`` of the result set in its one total order (see ``_top`` and ``_sort``)."""
        if not run.matched or n <= 0:
            return []
        if run.pending:
            return self._ranked_confirmed(run, n)
        if run.sort == "relevance" and run.cite_docs is not None:
            docnums = list(run.matched)
            score = self._citation_scores(run, docnums)
            by = dict(zip(docnums, score.tolist()))
            return [(self.docnum_to_id[d], by[d]) for d in self.columns.first(docnums, "", n, score)]
        if run.sort == "relevance":
            # Score only the top of the list; the total and facets come from the unscored match set
            # (an exact unscored count is 2-3x cheaper than scoring every hit, WHOOSH.md).
            return self._top(run.q, run.matched, n, all_of_q=run.all_of_q)
        return [(self.docnum_to_id[d], 0.0) for d in self.columns.first(run.matched, run.sort, n)]

    def _ranked_confirmed(self, run: _Run, n: int) -> list[tuple[str, float]]:
        """The first ``n`` confirmed hits, walking the candidates in the result order."""
        out: list[tuple[str, float]] = []
        if run.sort != "relevance":
            ordered = self.columns.first(run.matched, run.sort, len(run.matched))
            self._confirmed(run, [(self.docnum_to_id[d], 0.0) for d in ordered], n, out)
            return out[:n]
        k, seen = 2 * n + TIE_MARGIN, 0
        while True:
            top = self._top(run.q, run.matched, min(k, len(run.matched)), all_of_q=run.all_of_q)
            self._confirmed(run, top[seen:], n, out)
            seen = len(top)
            if len(out) >= n or seen >= len(run.matched):
                return out[:n]
            k *= 4

    def search(self, req: SearchRequest) -> dict:
        """Run a search. Raises QueryError (→ HTTP 400/422) for bad input."""
        self._validate(req)
        remote = getattr(self.backend, "answer", None)  # an engine across the network pages itself
        if remote is not None and (answer := remote(self, req)) is not None:
            return answer
        run = self._run(req)
        pq, start = run.pq, (req.page - 1) * req.size
        page = self._ranked(run, start + req.size)[start:]
        rel_sets = self._relation_sets(run.skels, run.cite_docs) if run.skels else {}
        docs = self.store.documents(i for i, _ in page)
        return {
            **answer_head(req, pq, run.mode, len(run.matched), run.sort, bool(run.pending)),
            "hits": [self._hit(docs[i], score, pq, run.skels) for i, score in page],
            "facets": self._facets(run.matched, rel_sets),
        }

    def export(self, req: SearchRequest, limit: int) -> tuple[int, list[dict]]:
        """The first ``limit`` hits of a search in the order of its pages, as metadata rows (no
        snippets), in one pass: ``(total, rows)``. The CSV download; it equals the pages joined."""
        req = SearchRequest(**{**req.__dict__, "page": 1, "size": 1})
        self._validate(req)
        remote = getattr(self.backend, "export_rows", None)  # an engine across the network pages itself
        if remote is not None and (answer := remote(self, req, limit)) is not None:
            return answer
        run = self._run(req)
        if run.pending:  # a download is exact: confirm every candidate (within the time budget)
            run.matched = self._verify_phrases(run.matched, run.pending, run.deadline)
            run.pending = []
        rel_sets = self._relation_sets(run.skels, run.cite_docs) if run.skels else {}
        rows = [self._row(i, score, {r for r, docs in rel_sets.items() if self.id_to_docnum[i] in docs})
                for i, score in self._ranked(run, limit)]
        return len(run.matched), rows

    def _row(self, doc_id: str, score: float, rels: set[str]) -> dict:
        """One CSV row: the header, the score and the strongest way the document cites the query's."""
        d = self.headers[doc_id]
        best = max(rels, key=lambda r: Relation(r).strength) if rels else ""
        return {"id": d.id, "number": d.number, "type": d.doc_type, "issuer": d.issuer,
                "district": d.district, "date": d.date, "title": d.title, "signer": d.signer,
                "file": d.file, "score": round(score, 4), "relation": best}

    def _matching(self, q: Query, allowed: set[int] | None) -> set[int]:
        """Every matching docnum, unscored."""
        if allowed is not None and not allowed:
            return set()
        found = set(self.backend.docs(q))
        return found if allowed is None else found & allowed

    def _order(self, hit: tuple[str, float]) -> tuple:
        """The total order of relevance pages: score (rounded, so float noise never splits a tie),
        then newest, then id (the columns' ``newest`` rank, the order of the date sort). Every page
        and the CSV cut this one list."""
        return -round(hit[1], SCORE_DIGITS), int(self.columns.ranks["newest"][self.id_to_docnum[hit[0]]])

    def _top(self, q: Query, docnums: set[int], n: int, *, all_of_q: bool = False) -> list[tuple[str, float]]:
        """The ``n`` first documents among ``docnums`` in the order of ``_order``.

        Whoosh returns its top ``n`` with ties cut in its own order, so pages of different sizes
        used to disagree at their boundaries (issue 10: 462 hits paged to 411 distinct). The limit
        is widened until the last hit scores strictly below the ``n``-th: every document tied
        with the boundary is then in hand, and the cut is made in the total order.

        ``all_of_q`` says ``docnums`` is every match of ``q``: no filter is passed then, which lets
        Whoosh skip blocks that cannot reach the top instead of scoring every match (a common
        phrase at 30,000 plans: 7 s → see docs/benchmarks.md)."""
        limit = n + TIE_MARGIN
        only = None if all_of_q else docnums
        while True:
            res = self.backend.scored(q, limit, only)
            hits = [(self.docnum_to_id[d], s) for d, s in res.hits if d in self.docnum_to_id]
            if res.complete:  # every match is in hand
                break
            if round(hits[-1][1], SCORE_DIGITS) < round(hits[n - 1][1], SCORE_DIGITS):
                break
            limit *= 2
        if res.complete and len(hits) < min(n, len(docnums)):
            # A backend may leave a match unscored (one that ranks on other fields than it matched
            # on): those come after the scored ones, newest first (score 0, the same total order).
            got = {self.id_to_docnum[i] for i, _ in hits}
            rest = self.columns.first((d for d in docnums if d not in got), "newest", n - len(hits))
            hits += [(self.docnum_to_id[d], 0.0) for d in rest]
        return sorted(hits, key=self._order)[:n]

    def document(self, doc_id: str) -> Document | None:
        """One whole document (text, citations), read from the store."""
        return self.store.document(doc_id) if doc_id in self.headers else None

    def iter_headers(self, offset: int = 0, limit: int | None = None) -> list[DocHeader]:
        """Document headers in index order (the document list)."""
        items = list(self.headers.values())
        return items[offset:None if limit is None else offset + limit]


__all__ = ["IndexVersionError", "QueryError", "QueryTimeout", "SearchRequest", "Searcher", "check_index"]
