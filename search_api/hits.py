"""What a search answers for its hits: each hit's header, passages and how it cites the
instrument searched for; the facet counts of the match set (mixed into ``Searcher``)."""
from __future__ import annotations

import html
from collections import Counter

from indexer.models import Document, Relation
from indexer.refs import ref_skeletons
from indexer.tokenize import syllables
from search_api.query import ParsedQuery, SearchRequest
from search_api.serialize import header_json

FACETS = ("doc_type", "issuer", "district", "year", "relation")
SNIPPETS_PER_HIT = 3
SNIPPET_CHARS = 260


def answer_head(req: SearchRequest, pq: ParsedQuery, mode: str, total: int, sort: str, estimate: bool) -> dict:
    """What every search answer opens with, on any backend: the query as understood, the total
    and the paging."""
    return {
        "query": req.q,
        "understood": {"refs": [{"typed": t, "skeleton": s} for t, s in pq.refs],
                       "phrases": pq.phrases, "words": pq.text, "filters": pq.filters,
                       "match": mode if pq.text else None, "relaxed": mode == "relaxed"},
        "total": total,
        # A common quoted phrase: pages are confirmed, the total counts candidates (an upper bound).
        **({"total_is_estimate": True} if estimate else {}),
        "page": req.page, "size": req.size, "pages": (total + req.size - 1) // req.size, "sort": sort,
    }


class HitViews:
    """Facets and hits; ``Searcher`` provides ``columns`` and ``cited_count``."""

    def _facets(self, matched: set[int], rel_sets: dict[str, set[int]]) -> dict[str, list[dict]]:
        """Counts of each facet's values over the match set, most common first."""
        out = self.columns.facets(matched)
        rel = Counter()
        for r, docs in rel_sets.items():
            if docs & matched:
                rel[r] = len(docs & matched)
        out["relation"] = [{"value": v, "count": n} for v, n in rel.most_common()]
        return {f: out[f] for f in FACETS}

    def _hit(self, d: Document, score: float, pq: ParsedQuery, skels: set[str]) -> dict:
        from search_api.snippets import citation_passages, distinct_lines, text_passages

        cited = [c for c in d.citations if c.key.ref and skels & set(ref_skeletons(c.key.ref, partial=True))]
        passages = citation_passages(d, cited) if cited else []
        terms = [syllables(p) for p in pq.phrases] + ([syllables(pq.text)] if pq.text else [])
        passages = distinct_lines(
            passages + text_passages(d, [t for t in terms if t], SNIPPETS_PER_HIT, SNIPPET_CHARS), SNIPPETS_PER_HIT)
        if not passages and skels:
            passages = text_passages(d, [syllables(r) for r, _ in pq.refs], 1, SNIPPET_CHARS)
        if not passages:
            first = next((ln for ln in d.text.split("\n") if ln.strip()), "")
            passages = [{"line": d.line_start, "html": html.escape(first[:SNIPPET_CHARS])}]
        hit = {
            **header_json(d),
            "score": round(score, 4),
            "snippet": passages[0]["html"],
            "passages": passages[:SNIPPETS_PER_HIT],
            "cited_by_count": self.cited_count.get(d.id, 0),
        }
        if cited:
            best = max(cited, key=lambda c: Relation(c.relation).strength)
            hit["citation"] = {"ref": best.key.ref, "relation": str(best.relation),
                               "mentions": sum(len(c.mentions) for c in cited),
                               "sentence": best.sentence, "line": best.line,
                               "flags": sorted(best.flags)}
        return hit
