"""The Typesense backend: the searcher's query trees run on a Typesense cluster.

A search is answered by the engine (``search_api.engine_pages``): the tree compiled to a filter
(``search_api.ts_filter``), its ``found``, facets, sorted page and score groups, so a page never
ships its match set. The in-process path of ``Searcher`` remains for what the engine cannot say
(3+-syllable phrases, confirmed on the stored text; the CSV export): for it, ``docs`` reads a match
set (the counts of a facet on ``key``, one value per document) and ``scored`` ranks it here, every
leaf of the tree adding ``boost × idf`` to the documents that hold it (BM25 with term frequency 0
or 1). Typesense's own tokenizer, typo tolerance and ranking are never used.

A failed request is said in Vietnamese: a time-out asks to narrow the query (400), a cluster that
does not answer is a 503 (``search_api.backend.BackendUnavailable``).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import orjson
from typesense.exceptions import ObjectNotFound, RequestMalformed, TypesenseClientError
from typesense.exceptions import Timeout as TypesenseTimeout
from whoosh.query import Query

from indexer.layout import IndexVersionError
from indexer.settings import Settings
from indexer.tokenize import syllables
from pipeline.engine import Engine, EngineConfig, decode, doc_key, engine_config
from search_api.backend import BackendUnavailable, Deadline, Scored
from search_api.columns import FACET_FIELDS
from search_api.engine_pages import EnginePages
from search_api.ts_filter import ALL, NOTHING, compile_filter, idf, leaves, required_parts
from search_api.whoosh_query import QueryTimeout

PHRASE_BATCH = 256
ENGINE_TIMEOUT_S = 10.0


class EngineUnavailable(IndexVersionError):
    """The cluster does not answer or does not hold this generation (the server cannot start)."""


class TypesenseBackend:
    """The aliased collection of a cluster, read by the searcher's document numbers."""

    name = "typesense"

    def __init__(self, config: EngineConfig, searcher, shown_as: Path):
        self.config = config
        self.client = config.client(timeout_s=ENGINE_TIMEOUT_S)
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
        if not Engine(config).schema_ok():
            raise EngineUnavailable(f"{where} was built by an older vanban (no header fields): index again "
                                    "with VANBAN_BACKEND=typesense.")
        self.total = held
        self.facet_values = max(len(searcher.columns.values[f]) for f in FACET_FIELDS) + 1
        self.pages = EnginePages(self)

    def answer(self, searcher, req) -> dict | None:
        """The whole answer of a search from the engine (``search_api.engine_pages``), or None
        when the query needs the in-process path."""
        return self.pages.answer(searcher, req)

    def export_rows(self, searcher, req, limit: int) -> tuple[int, list[dict]] | None:
        """The CSV rows of a search from the engine, a page of ids at a time (or None)."""
        return self.pages.export_rows(searcher, req, limit)

    def _call(self, request: Any) -> Any:
        """One request to the cluster; a failure said in Vietnamese (time-out → narrow the query:
        400; no node answers → 503, retry later). A malformed filter is vanban's bug: raised as is."""
        try:
            return request()
        except RequestMalformed:
            raise
        except ObjectNotFound as e:
            raise self._gone() from e
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout, TypesenseTimeout) as e:
            raise QueryTimeout(f"Máy chủ tìm kiếm cần hơn {ENGINE_TIMEOUT_S:g} giây cho truy vấn này; hãy thu hẹp "
                               "(thêm từ hoặc bộ lọc).") from e
        except (httpx.HTTPError, TypesenseClientError, OSError) as e:
            raise BackendUnavailable("Máy chủ tìm kiếm (Typesense) không trả lời; vui lòng thử lại sau ít phút "
                                     f"hoặc báo quản trị viên ({type(e).__name__}).") from e

    def _gone(self) -> BackendUnavailable:
        return BackendUnavailable(f"Bộ chỉ mục «{self.config.alias}» không còn trên máy chủ tìm kiếm Typesense; "
                                  "cần lập chỉ mục lại.")

    def search_params(self, flt: str | None, *, facets: bool = False, sort_by: str | None = None,
                      page: int = 1, per_page: int = 0) -> dict:
        """One engine search of the filter ``flt``: ``found``, the facets, a page of ids."""
        if flt is NOTHING:
            return {"found": 0, "hits": [], "facet_counts": []}
        params: Any = {"q": "*", "per_page": per_page, "page": page, "include_fields": "id"}
        if flt != ALL:
            params["filter_by"] = flt
        if sort_by:
            params["sort_by"] = sort_by
        if facets:
            params.update(facet_by=",".join(FACET_FIELDS), max_facet_values=self.facet_values)
        return self._post(params)

    def _post(self, params: dict) -> dict:
        """One search sent in a POST body (``multi_search``): a filter of 250 ids or of many value
        lists is longer than the 4,000 characters a GET's query string may hold."""
        search: Any = {"collection": self.config.alias, **params}
        r = self._call(lambda: self.client.multi_search.perform({"searches": [search]}, {}))["results"][0]
        if "error" in r:
            if r.get("code") == 404:
                raise self._gone()
            raise RuntimeError(f"Typesense refused a search ({r.get('code')}): {r['error']}")
        return r

    def count(self, flt: str | None) -> int:
        return int(self.search_params(flt)["found"])

    def _export(self, flt: str | None) -> set[int]:
        if flt is NOTHING:
            return set()
        if flt == ALL:
            return set(self.id_to_docnum.values())
        r = self._post({"q": "*", "filter_by": flt, "per_page": 0, "facet_by": "key",
                        "max_facet_values": self.total + 1})
        counts = r["facet_counts"][0]["counts"] if r.get("facet_counts") else []
        if len(counts) != r["found"]:  # a key shared by two ids (never seen): read the ids
            out = self._call(lambda: self.collection.documents.export({"filter_by": flt, "include_fields": "id"}))
            ids = (decode(orjson.loads(line)["id"]) for line in out.splitlines() if line)
            return {self.id_to_docnum[i] for i in ids if i in self.id_to_docnum}
        by_key = self.key_to_docnum
        return {d for d in (by_key.get(int(c["value"])) for c in counts) if d is not None}

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
            df = self.count(leaf)
            if not df:
                continue
            w = weight * idf(n, df)
            within = leaf if flt in (ALL, NOTHING) else f"{leaf} && {flt}"
            for d in matched if leaf in required else self._export(within) & matched:
                score[d] += w
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
