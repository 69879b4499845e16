"""The Typesense backend: the searcher's query trees run on a Typesense cluster.

The tree ``search_api.whoosh_query`` builds for Whoosh is compiled to a Typesense ``filter_by``
expression over the exact-token fields ``pipeline.engine`` writes: ``Term(f, t)`` → ``f:=[`t`]``
(``t`` hex-encoded, as the records hold it)
(the terms of one field under an ``Or`` in one list), ``And`` → ``&&``, ``Or`` → ``||``,
``AndMaybe(core, extra)`` → ``core`` (``extra`` only ranks). The match set is the ids of an
``export`` of that filter: the same documents as Whoosh, by construction.

Typesense ranks by its own text match, without term frequency, on its own tokenizer; so relevance
is scored here, on the same tree: every leaf of it (a term, or an ``Or`` of one field's spellings)
adds ``boost × idf`` to the matching documents that hold it — BM25 with term frequency 0 or 1
(the leaf's documents are read, restricted to the match set, by one export each). Phrases are
confirmed on the stored text of the candidates (Typesense keeps no positions of exact tokens).
Filters, facets, sorting and paging stay the searcher's (``search_api.columns``).
"""
from __future__ import annotations

import math
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
from typesense.exceptions import ObjectNotFound, TypesenseClientError
from whoosh.query import And, AndMaybe, Every, Or, Query, Term

from indexer.layout import IndexVersionError
from indexer.schema import TITLE_BOOST
from indexer.settings import Settings
from indexer.tokenize import syllables
from pipeline.engine import TOKEN_FIELDS, EngineConfig, decode, doc_key, engine_config, quoted
from search_api.backend import Deadline, Scored

ALL = "*"  # every document: no filter
NOTHING = None  # no document
FIELD_BOOST = {"title_bigrams": TITLE_BOOST, "title_syl": TITLE_BOOST}
PHRASE_BATCH = 256


class EngineUnavailable(IndexVersionError):
    """The cluster does not answer or does not hold this generation (the server cannot start)."""


def compile_filter(q: Query) -> str | None:
    """The ``filter_by`` of a query tree: ``ALL``, ``NOTHING`` or an expression."""
    if isinstance(q, Term):
        if q.fieldname not in TOKEN_FIELDS:
            return NOTHING
        return f"{q.fieldname}:={quoted([q.text])}"
    if isinstance(q, Every):
        return ALL
    if isinstance(q, AndMaybe):
        return compile_filter(q.a)
    if isinstance(q, And):
        compiled = [compile_filter(s) for s in q.subqueries]
        parts = [p for p in compiled if p is not None and p != ALL]
        if any(p is NOTHING for p in compiled):
            return NOTHING
        return ALL if not parts else parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"
    if isinstance(q, Or):
        return _or(q.subqueries)
    return NOTHING  # NullQuery and anything the searcher never builds


def _or(subs: list[Query]) -> str | None:
    by_field: dict[str, list[str]] = defaultdict(list)
    parts: list[str] = []
    for s in subs:
        if isinstance(s, Term) and s.fieldname in TOKEN_FIELDS:
            by_field[s.fieldname].append(s.text)
            continue
        p = compile_filter(s)
        if p == ALL:
            return ALL
        if p is not NOTHING:
            parts.append(p)
    parts += [f"{f}:={quoted(dict.fromkeys(ts))}" for f, ts in by_field.items()]
    if not parts:
        return NOTHING
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def required_parts(q: Query) -> set[str]:
    """The filters every match of ``q`` satisfies: ``q``'s own, and those of the parts of its
    ``And``s and of the first part of its ``AndMaybe``s, down the tree."""
    f = compile_filter(q)
    out = {f} if f is not None and f != ALL else set()
    if isinstance(q, AndMaybe):
        out |= required_parts(q.a)
    elif isinstance(q, And):
        for s in q.subqueries:
            out |= required_parts(s)
    return out


def leaves(q: Query, boost: float = 1.0) -> list[tuple[str, float]]:
    """The scoring leaves of a tree: (filter, weight) for each term, or each ``Or`` of one
    field's terms (the spellings of one folded term), with the boosts of the path to it."""
    b = boost * getattr(q, "boost", 1.0)
    if isinstance(q, Term):
        f = compile_filter(q)
        return [(f, b * FIELD_BOOST.get(q.fieldname, 1.0))] if f else []
    if isinstance(q, Or) and q.subqueries and all(isinstance(s, Term) for s in q.subqueries) and \
            len({s.fieldname for s in q.subqueries}) == 1:
        f = compile_filter(q)
        w = max(getattr(s, "boost", 1.0) for s in q.subqueries) * FIELD_BOOST.get(q.subqueries[0].fieldname, 1.0)
        return [(f, b * w)] if f else []
    if isinstance(q, AndMaybe):
        return leaves(q.a, b) + leaves(q.b, b)
    if isinstance(q, (And, Or)):
        return [leaf for s in q.subqueries for leaf in leaves(s, b)]
    return []


class TypesenseBackend:
    """The aliased collection of a cluster, read by the searcher's document numbers."""

    name = "typesense"

    def __init__(self, config: EngineConfig, searcher, shown_as: Path):
        self.config = config
        self.client = config.client(timeout_s=10.0)
        self.collection = self.client.collections[config.alias]
        self.id_to_docnum: dict[str, int] = searcher.id_to_docnum
        self.docnum_to_id: dict[int, str] = searcher.docnum_to_id
        self.key_to_docnum = {doc_key(i): d for i, d in self.id_to_docnum.items()}
        self._last = threading.local()
        self.store = searcher.store
        where = f"Typesense ({', '.join(config.nodes)}), collection '{config.alias}'"
        try:
            held = int(self.collection.retrieve()["num_documents"])
        except ObjectNotFound:
            raise EngineUnavailable(f"{where} does not exist. Index with the backend selected: "
                                    f"VANBAN_BACKEND=typesense vanban index corpus --index-dir {shown_as}") from None
        except (TypesenseClientError, OSError) as e:
            raise EngineUnavailable(f"{where} does not answer ({e}). Start it: make cluster") from e
        if held != searcher.document_count:
            raise EngineUnavailable(f"{where} holds {held} documents, the index in '{shown_as}' "
                                    f"{searcher.document_count}: index again with VANBAN_BACKEND=typesense.")
        self.total = held

    def _export(self, flt: str | None) -> set[int]:
        if flt is NOTHING:
            return set()
        if flt == ALL:
            return set(self.id_to_docnum.values())
        params: Any = {"q": "*", "filter_by": flt, "per_page": 0, "facet_by": "key",
                       "max_facet_values": self.total + 1}
        r = self.collection.documents.search(params)
        counts = r["facet_counts"][0]["counts"] if r.get("facet_counts") else []
        if len(counts) != r["found"]:  # a key shared by two ids (never seen): read the ids
            out = self.collection.documents.export({"filter_by": flt, "include_fields": "id"})
            ids = (decode(orjson.loads(line)["id"]) for line in out.splitlines() if line)
            return {self.id_to_docnum[i] for i in ids if i in self.id_to_docnum}
        by_key = self.key_to_docnum
        return {d for d in (by_key.get(int(c["value"])) for c in counts) if d is not None}

    def _count(self, flt: str) -> int:
        params: Any = {"q": "*", "filter_by": flt, "per_page": 0}
        r = self.collection.documents.search(params)
        return int(r["found"])

    def docs(self, q: Query) -> set[int]:
        """The match set, kept for this thread's next ``scored`` of the same tree (the searcher
        matches, then ranks: the set is read once)."""
        out = self._export(compile_filter(q))
        self._last.docs = (q, out)
        return out

    def scored(self, q: Query, limit: int, only: set[int] | None) -> Scored:
        """Every match of ``q`` (among ``only``) that holds a leaf, by Σ weight × idf of its leaves.
        Complete whatever ``limit``: the searcher asking again with a wider limit (phrases confirmed
        page by page) gets the same list back from this thread's last answer."""
        last = getattr(self._last, "scored", None)
        if last is not None and last[0] is q and last[1] is only:
            return last[2]
        result = self._scored(q, only)
        self._last.scored = (q, only, result)
        return result

    def _scored(self, q: Query, only: set[int] | None) -> Scored:
        flt = compile_filter(q)
        last = getattr(self._last, "docs", None)
        matched = set(last[1]) if last is not None and last[0] is q else self._export(flt)
        if only is not None:
            matched &= only
        required = required_parts(q)  # every match holds these: no need to read who does
        score: dict[int, float] = defaultdict(float)
        n = max(self.total, 1)
        for leaf, weight in leaves(q):
            df = self._count(leaf)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            within = leaf if flt in (ALL, NOTHING) else f"{leaf} && {flt}"
            for d in matched if leaf in required else self._export(within) & matched:
                score[d] += weight * idf
        hits = sorted(score.items(), key=lambda x: -x[1])
        return Scored(hits, complete=True)

    def phrase_docs(self, alts: list[set[str]], candidates: set[int], deadline: Deadline) -> set[int]:
        """Candidates whose text holds the sequence, on the stored text cut as the ``body`` field
        is (``indexer.tokenize.syllables``); a text lacking one of the syllables is not cut."""
        out: set[int] = set()
        ids = sorted(self.docnum_to_id[d] for d in candidates if d in self.docnum_to_id)
        for i in range(0, len(ids), PHRASE_BATCH):
            deadline.check()
            for doc_id, d in self.store.documents(ids[i:i + PHRASE_BATCH]).items():
                low = d.text.lower()
                if all(any(t in low for t in a) for a in alts) and holds_sequence(syllables(d.text), alts):
                    out.add(self.id_to_docnum[doc_id])
        return out

    def close(self) -> None:
        return None


def holds_sequence(tokens: list[str], alts: list[set[str]]) -> bool:
    """Whether ``tokens`` hold, at consecutive positions, one of ``alts[0]``, one of ``alts[1]``…"""
    k = len(alts)
    return any(all(tokens[p + j] in alts[j] for j in range(k))
               for p in range(len(tokens) - k + 1) if tokens[p] in alts[0])


def typesense_backend(config: EngineConfig):
    """A searcher's backend factory for the cluster of ``config``."""
    return lambda searcher, shown_as: TypesenseBackend(config, searcher, shown_as)


def backend_for(settings: Settings):
    """The backend factory the settings select: None (the Whoosh default) or the cluster's."""
    config = engine_config(settings)
    return typesense_backend(config) if config else None
