"""The search backend: the engine that holds the full-text fields and answers a query tree.

``Searcher`` keeps everything that makes vanban's search vanban's: query understanding
(``search_api.query``), the query tree (``search_api.whoosh_query`` builds it from Whoosh's query
classes, ``Term``/``And``/``Or``/``AndMaybe``/``Every``/``NullQuery``), the header columns that
filter, facet, sort and page (``search_api.columns``), the total order of pages, the hits and
passages (``search_api.hits``) and the document store. A backend only matches and scores:

* ``docs(q)`` — every document matching ``q``, unscored (a set of the searcher's document numbers);
* ``scored(q, limit, only)`` — documents of ``q`` (among ``only``) with a score, best first;
* ``phrase_docs(alts, candidates, deadline)`` — the candidates holding a syllable sequence.

``WhooshBackend`` (here) is the embedded default. ``search_api.typesense_backend`` runs the same
trees on a Typesense cluster (``VANBAN_BACKEND=typesense``). Document numbers are the searcher's
(the store's ``docnums``, which are Whoosh's): a backend that knows documents by id maps them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index
from whoosh.query import Query
from whoosh.reading import TermNotFound

from indexer.layout import WHOOSH_DIR, IndexVersionError

BACKENDS = ("whoosh", "typesense")


class BackendUnavailable(RuntimeError):
    """The search engine does not answer (a cluster down): HTTP 503, the request can be retried."""


class Deadline(Protocol):
    def check(self) -> None: ...


@dataclass
class Scored:
    """Scored documents, best first; ``complete``: every document of the query is in ``hits``."""

    hits: list[tuple[int, float]]
    complete: bool


class SearchBackend(Protocol):
    name: str

    def docs(self, q: Query) -> set[int]: ...

    def scored(self, q: Query, limit: int, only: set[int] | None) -> Scored: ...

    def phrase_docs(self, alts: list[set[str]], candidates: set[int], deadline: Deadline) -> set[int]: ...

    def close(self) -> None: ...


class WhooshBackend:
    """The Whoosh index of one generation of the index directory."""

    name = "whoosh"

    def __init__(self, gen_dir: Path, shown_as: Path):
        rebuild = f"Rebuild it: vanban index corpus --index-dir {shown_as}"
        try:
            self.ix = whoosh_index.open_dir(str(gen_dir / WHOOSH_DIR))
        except (AttributeError, ImportError, EOFError, OSError) as e:  # unpickling an old schema
            raise IndexVersionError(f"The index in '{shown_as}' cannot be opened ({e}). {rebuild}") from e
        self.gen_dir = gen_dir
        # Whoosh readers seek and read shared file objects: a searcher used by two threads at once
        # interleaves their reads (corrupt postings, 500s, silently wrong answers). Each thread of the
        # server's pool gets its own searcher over the same generation of the index.
        self.generation = self.ix.latest_generation()
        self._local = threading.local()
        self._opened: list = []
        self._opened_lock = threading.Lock()

    @property
    def searcher(self):
        """This thread's Whoosh searcher (opened on first use, on the generation opened at start)."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self.ix.searcher()
            if s.reader().generation() not in (self.generation, None, -1):
                s.close()
                raise IndexVersionError(f"The index in '{self.gen_dir}' changed while it was open; restart.")
            self._local.searcher = s
            with self._opened_lock:
                self._opened.append(s)
        return s

    def docs(self, q: Query) -> set[int]:
        return set(self.searcher.docs_for_query(q))

    def scored(self, q: Query, limit: int, only: set[int] | None) -> Scored:
        res = self.searcher.search(q, limit=limit, filter=only)
        hits = [(h.docnum, float(h.score or 0.0)) for h in res]
        return Scored(hits, complete=len(hits) < limit)

    def phrase_docs(self, alts: list[set[str]], candidates: set[int], deadline: Deadline) -> set[int]:
        """Docnums among ``candidates`` whose ``body`` holds, at consecutive positions, one term
        of ``alts[0]``, then one of ``alts[1]``, and so on (read from the postings' positions)."""
        out: set[int] = set()
        subs = self.searcher.subsearchers or [(self.searcher, 0)]
        for sub, offset in subs:
            reader = sub.reader()
            local = sorted(d - offset for d in candidates if offset <= d < offset + reader.doc_count_all())
            if not local:
                continue
            matchers = {}
            for w in set().union(*alts):
                try:
                    matchers[w] = reader.postings("body", w)
                except TermNotFound:  # a spelling absent from this segment
                    continue
            for i, d in enumerate(local):
                if i % 256 == 0:
                    deadline.check()
                pos: dict[str, set[int]] = {}
                for w, m in matchers.items():
                    if m.is_active() and m.id() < d:
                        m.skip_to(d)
                    if m.is_active() and m.id() == d:
                        pos[w] = set(m.value_as("positions"))
                at = [set().union(*(pos.get(w, ()) for w in a)) for a in alts]
                if all(at) and any(sequence_at(at, p) for p in at[0]):
                    out.add(d + offset)
        return out

    def close(self) -> None:
        with self._opened_lock:
            for s in self._opened:
                s.close()
            self._opened.clear()
        self._local = threading.local()


def sequence_at(at: list[set[int]], p: int) -> bool:
    """Whether position ``p`` starts the sequence: ``p + k`` is in ``at[k]`` for every k."""
    return all(p + k in at[k] for k in range(1, len(at)))
