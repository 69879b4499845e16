"""A search answered by the engine itself: total, facets, sort and the page, so that a page of a
large result set never ships its match set across the network (``VANBAN_BACKEND=typesense``).

Typesense 0.24 hands out about 3,000 document ids a second, by any route (docs/backends.md): a
common word's 50,000 matches at 100,000 plans took 15 s to read, before any ranking. Everything a
page needs is therefore asked of the engine, on the header fields the records carry
(``pipeline.engine.header_fields``):

* the total is the ``found`` of the query's filter (the query tree compiled, plus the header
  filters as value lists: ``issuer`` contains "quận 3" → every issuer value that contains it);
* the facets are the engine's ``facet_by`` counts; the relation facet three ``found`` counts;
* ``newest``/``oldest``/``cited`` pages are the engine's ``sort_by`` (date, then id; the columns'
  very order, so both backends page alike);
* relevance pages cut the match set into **score groups**. A score here is a sum of parts, each the
  value of the strongest alternative a document holds: for a citation, 20 if the plan is the
  instrument, else 3/2/1 for basis/implements/mentions; for words, boost × idf of each leaf the
  query does not require (leaves every match holds add the same to all). Each combination of
  choices is a filter (``a && !b``…); combinations of one score are one group; groups are taken
  best first, newest first inside each, counted until the page is reached. The order is the same
  total order as the in-process path (score, then newest, then id): citations rank exactly as on
  Whoosh; words rank by presence (binary BM25), without term frequency.

Quoted phrases of 3+ syllables are confirmed on the stored text: with few candidates
(``PHRASE_EXACT_MAX``) all at once in process (``Searcher``, an exact total); with more, the pages
are confirmed as they are cut, walking the engine's order, and the total counts candidates, as the
in-process path does. Beyond ``MAX_GROUPS`` score combinations the weakest parts are left out of
the ranking (``rank_is_approximate`` in the answer).
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from whoosh.query import Or, Query, Term

from indexer.models import Relation
from indexer.schema import CITE_FIELDS
from pipeline.engine import FACETED, UNDATED_LAST, date_number, decode, encode, quoted
from search_api.hits import answer_head
from search_api.query import ParsedQuery, SearchRequest, parse_query
from search_api.search import PHRASE_EXACT_MAX
from search_api.ts_filter import ALL, NOTHING, compile_filter, idf, leaves, required_parts
from search_api.whoosh_query import (
    REL_WEIGHT,
    Deadline,
    citations_only,
    match_modes,
    page_sort,
    phrases_to_check,
    query_skels,
)

if TYPE_CHECKING:
    from search_api.search import Searcher

SORT_BY = {"newest": "date:desc,sid:asc", "oldest": "date_asc:asc,sid:asc", "cited": "cited:desc,sid:asc"}
MAX_GROUPS = 64
MAX_PER_PAGE = 250  # Typesense's largest page
SCORE_DIGITS = 6


def both(a: str | None, b: str | None) -> str | None:
    """The conjunction of two filters (``ALL``/``NOTHING`` aware)."""
    if a is NOTHING or b is NOTHING:
        return NOTHING
    if a == ALL:
        return b
    if b == ALL:
        return a
    return f"{a} && {b}"


def negated(flt: str) -> str | None:
    """``f:!=[…]`` for a leaf ``f:=[…]`` (a document holding none of the values), else None."""
    m = re.fullmatch(r"(\w+):=(\[[^\]]*\])", flt)
    return f"{m[1]}:!={m[2]}" if m else None


@dataclass
class Part:
    """One part of a score: the value of the strongest of ``alts`` (filter, value) a document holds."""

    alts: list[tuple[str, float]]


def groups(parts: list[Part], constant: float = 0.0) -> tuple[list[tuple[float, str]], bool]:
    """The score groups of ``parts``, best first: ``(score, filter)``, and whether every part is in
    (the strongest parts are kept within ``MAX_GROUPS`` combinations)."""
    parts = sorted(parts, key=lambda p: -max(v for _, v in p.alts))
    kept, n = [], 1
    for p in parts:
        if n * (len(p.alts) + 1) > MAX_GROUPS:
            break
        kept.append(p)
        n *= len(p.alts) + 1
    by_score: dict[float, list[str]] = defaultdict(list)
    choices = [[*[(i, p) for i in range(len(p.alts))], (None, p)] for p in kept]
    for combo in itertools.product(*choices):
        score, terms = constant, []
        for i, p in combo:
            alts = sorted(p.alts, key=lambda a: -a[1])
            above = alts if i is None else alts[:i]
            terms += [str(negated(f)) for f, _ in above]
            if i is not None:
                terms.append(alts[i][0])
                score += alts[i][1]
        by_score[round(score, SCORE_DIGITS)].append(" && ".join(terms) if terms else ALL)
    out = []
    for score, flts in sorted(by_score.items(), key=lambda x: -x[0]):
        out.append((score, ALL if ALL in flts else "(" + ") || (".join(flts) + ")" if len(flts) > 1 else flts[0]))
    return out, len(kept) == len(parts)


class EnginePages:
    """Answers ``Searcher.search`` on the engine; ``backend`` is a ``TypesenseBackend``."""

    def __init__(self, backend: Any):
        self.b = backend

    def _match(self, s: Searcher, req: SearchRequest, pq: ParsedQuery, facets: bool = True) -> tuple:
        """The query tree and filter of the first match mode that matches, with its ``found``
        (and facets): ``(q, flt, head, mode)``."""
        where = self._where(s, s._filters(req, pq))
        for mode in ["exact"] if citations_only(pq) else match_modes(pq.text):
            q = s._build(pq, mode)
            flt = both(compile_filter(q), where)
            head = self.b.search_params(flt, facets=facets)
            if head["found"] or not pq.text:
                break
        return q, flt, head, mode

    def export_rows(self, s: Searcher, req: SearchRequest, limit: int) -> tuple[int, list[dict]] | None:
        """The CSV download on the engine: the first ``limit`` hits in the order of the pages, as
        rows, read a page of ids at a time (None for a phrase query: confirmed in process)."""
        pq = parse_query(req.q)
        if phrases_to_check(pq):
            return None
        q, flt, head, _ = self._match(s, req, pq, facets=False)
        total = int(head["found"])
        order, _ = self._order(pq, q, flt, page_sort(req.sort, pq), citations_only(pq))
        hits = order(0, min(limit, total))
        rels = self._relations(flt, query_skels(pq), [i for i, _ in hits])
        return total, [s._row(i, score, rels.get(i, set())) for i, score in hits]

    def _relations(self, flt: str | None, skels: set[str], ids: list[str]) -> dict[str, set[str]]:
        """How each of ``ids`` cites ``skels`` (basis, implements, mentions), 250 ids a request."""
        out: dict[str, set[str]] = defaultdict(set)
        for k in range(0, len(ids) if skels else 0, MAX_PER_PAGE):
            chunk = ids[k:k + MAX_PER_PAGE]
            for r, field in CITE_FIELDS.items():
                cites = compile_filter(Or([Term(field, sk) for sk in sorted(skels)]))
                within = both(both(flt, cites), f"sid:={quoted(chunk)}")
                for i in self._window(within, SORT_BY["newest"], 0, len(chunk)):
                    out[i].add(str(r))
        return out

    def answer(self, s: Searcher, req: SearchRequest) -> dict | None:
        pq = parse_query(req.q)
        to_check = phrases_to_check(pq)
        q, flt, head, mode = self._match(s, req, pq)
        total = int(head["found"])
        if to_check and total <= PHRASE_EXACT_MAX:
            return None  # few candidates: confirmed all at once, in process (an exact total)
        sort = page_sort(req.sort, pq)
        start, end = (req.page - 1) * req.size, req.page * req.size
        order, approximate = self._order(pq, q, flt, sort, citations_only(pq))
        page = self._confirmed(s, order, to_check, end, total)[start:] if to_check else order(start, end)
        docs = s.store.documents(i for i, _ in page)
        skels = query_skels(pq)
        return {
            **answer_head(req, pq, mode, total, sort, bool(to_check)),
            **({"rank_is_approximate": True} if approximate else {}),
            "hits": [s._hit(docs[i], score, pq, skels) for i, score in page if i in docs],
            "facets": self._facets(s, head, flt, skels),
        }

    def _order(self, pq: ParsedQuery, q: Query, flt: str | None, sort: str,
               citations: bool) -> tuple[Callable[[int, int], list[tuple[str, float]]], bool]:
        """The result order as ``order(a, b)`` → hits ``a``..``b``; and whether it is approximate."""
        if sort != "relevance":
            return (lambda a, b: [(i, 0.0) for i in self._window(flt, SORT_BY[sort], a, b)]), False
        parts, constant = self._citation_parts(pq) if citations else self._word_parts(q)
        ranked, complete = groups(parts, constant)
        counts: dict[str, int] = {}
        return (lambda a, b: self._grouped(flt, ranked, a, b, counts)), not complete

    @staticmethod
    def _confirmed(s: Searcher, order: Callable[[int, int], list[tuple[str, float]]], phrases: list[str],
                   end: int, total: int) -> list[tuple[str, float]]:
        """The first ``end`` candidates in the result order whose phrases are confirmed on the
        stored text, walking the order a chunk at a time (as the in-process path does)."""
        deadline = Deadline(s.budget_s)
        out: list[tuple[str, float]] = []
        k = 0
        while len(out) < end and k < total:
            chunk = order(k, k + MAX_PER_PAGE)
            if not chunk:
                break
            ok = s._verify_phrases({s.id_to_docnum[i] for i, _ in chunk}, phrases, deadline)
            out += [h for h in chunk if s.id_to_docnum[h[0]] in ok]
            k += MAX_PER_PAGE
        return out[:end]

    # ---- the filter -------------------------------------------------------------------------
    def _where(self, s: Searcher, f: dict[str, str]) -> str | None:
        """The header filters as an engine filter, by the columns' own tests of each value."""
        out: str | None = ALL
        for name, ok in s.columns.value_tests(f).items():
            values = s.columns.passing(name, ok)
            if not values:
                return NOTHING
            if name == "year":
                out = both(out, f"year:=[{','.join(str(v) for v in values)}]")
            else:
                out = both(out, f"{name}:=[{','.join(f'`{encode(v)}`' for v in values)}]")
        if "date_from" in f:
            out = both(out, f"date:>={date_number(f['date_from'].strip())}")
        if "date_to" in f:
            out = both(out, f"date:>0 && date:<={_date_ceiling(f['date_to'].strip())}")
        skels = s._cited_skels(f)
        if skels:
            fields = [CITE_FIELDS[Relation(f["relation"])]] if "relation" in f else list(CITE_FIELDS.values())
            out = both(out, compile_filter(Or([Term(fl, sk) for fl in fields for sk in sorted(skels)])))
        elif "relation" in f:
            out = both(out, compile_filter(Term("relations", f["relation"])))
        return out

    # ---- scores -------------------------------------------------------------------------------
    @staticmethod
    def _citation_parts(pq: ParsedQuery) -> tuple[list[Part], float]:
        """Per instrument: 20 the plan that is it, else basis 3, implements 2, mentions 1."""
        parts = [Part([(str(compile_filter(Term(fl, sk))), w) for fl, w in REL_WEIGHT.items()])
                 for _, sk in pq.refs if sk]
        return parts, 0.0

    def _word_parts(self, q: Query) -> tuple[list[Part], float]:
        """Each leaf the query does not require: boost × idf (the in-process Typesense score)."""
        required, constant = required_parts(q), 0.0
        n = max(self.b.total, 1)
        value: dict[str, float] = defaultdict(float)
        for leaf, weight in leaves(q):
            df = self.b.count(leaf)
            if df:
                w = weight * idf(n, df)
                if leaf in required:
                    constant += w
                else:
                    value[leaf] += w
        return [Part([(leaf, v)]) for leaf, v in value.items() if negated(leaf)], constant

    def _grouped(self, flt: str | None, ranked: list[tuple[float, str]], start: int, end: int,
                 counts: dict[str, int]) -> list[tuple[str, float]]:
        """Documents ``start``..``end`` walking the score groups best first, newest first in each
        (``counts``: the groups counted so far, kept across the calls of one search)."""
        out: list[tuple[str, float]] = []
        seen = 0
        for score, g in ranked:
            if seen >= end:
                break
            gf = both(flt, g if g == ALL else f"({g})")
            if g not in counts:
                counts[g] = self.b.count(gf) if gf is not NOTHING else 0
            n = counts[g]
            if n and seen + n > start:
                a = max(start - seen, 0)
                out += [(i, score) for i in self._window(gf, SORT_BY["newest"], a, min(end - seen, n))]
            seen += n
        return out

    def _window(self, flt: str | None, sort_by: str, a: int, b: int) -> list[str]:
        """Documents ``a``..``b`` of ``flt`` in the order ``sort_by``, read by the fewest pages."""
        if flt is NOTHING or b <= a:
            return []
        per = next((p for p in range(b - a, MAX_PER_PAGE + 1) if a // p == (b - 1) // p), MAX_PER_PAGE)
        out: list[str] = []
        for page in range(a // per, (b - 1) // per + 1):
            r = self.b.search_params(flt, sort_by=sort_by, page=page + 1, per_page=per)
            ids = [decode(h["document"]["id"]) for h in r["hits"]]
            out += [i for k, i in enumerate(ids, page * per) if a <= k < b and i in self.b.id_to_docnum]
        return out

    # ---- facets -------------------------------------------------------------------------------
    def _facets(self, s: Searcher, head: dict, flt: str | None, skels: set[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        by_field = {c["field_name"]: c["counts"] for c in head.get("facet_counts") or []}
        for name in FACETED:
            conv: Callable[[str], Any] = int if name == "year" else decode
            counts = [(conv(c["value"]), int(c["count"])) for c in by_field.get(name, [])]
            out[name] = [{"value": v, "count": n} for v, n in sorted(counts, key=lambda x: (-x[1], str(x[0])))]
        rel = []
        for r, field in CITE_FIELDS.items():
            n = self.b.count(both(flt, compile_filter(Or([Term(field, sk) for sk in sorted(skels)])))) if skels else 0
            if n:
                rel.append({"value": str(r), "count": n})
        out["relation"] = sorted(rel, key=lambda x: -x["count"])
        return out


def _date_ceiling(date: str) -> int:
    """The last ``yyyymmdd`` a ``date_to`` of this precision keeps (``2022`` → 20229999)."""
    n = date_number(date)
    if not n:
        return UNDATED_LAST
    return n + (9999 if n % 10_000 == 0 else 99 if n % 100 == 0 else 0)
