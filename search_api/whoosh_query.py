"""Whoosh queries of a parsed query, and the positional check of quoted phrases: the part of
``Searcher`` that speaks Whoosh's query language (``search_api.search`` runs them).

* citations → the ref-skeleton keyword fields, weighted by relation (basis 3, implements 2,
  mentions 1; the document that is the instrument 20);
* words → adjacent-syllable shingles, accented above folded, title above body; relaxed to
  "all syllables anywhere" for long queries no document holds as a sequence;
* ``"phrases"`` → shingles, then positions on the syllable field.
"""
from __future__ import annotations

import time

from whoosh.query import And, AndMaybe, Every, NullQuery, Or, Query, Term

from indexer.normalize import contract_abbreviations
from indexer.tokenize import bigrams, fold, has_diacritics, segment, syllables
from search_api.query import ParsedQuery, QueryError, expand_abbreviations

# A document that IS the instrument looked up comes first, then basis, implements, mentions.
REL_WEIGHT = {"cite_basis": 3.0, "cite_impl": 2.0, "cite_ment": 1.0, "self_skel": 20.0}
# Queries this long are relaxed to "all syllables anywhere" when no document has the sequence;
# shorter ones are not (``Quận 10`` must not fall back to "quận" and "10" anywhere).
RELAX_MIN_SYLLABLES = 3
RELAXED_SYLLABLE_WEIGHT = 0.2


def match_modes(text: str) -> list[str]:
    """How the words of a query are matched, tried in turn until one matches: as typed (accented),
    accent-folded, then (3+ syllables) every syllable anywhere."""
    modes = ["exact" if has_diacritics(text) else "folded"]
    if has_diacritics(text):
        modes.append("folded")
    if len(syllables(text)) >= RELAX_MIN_SYLLABLES:
        modes.append("relaxed")
    return modes


def citations_only(pq: ParsedQuery) -> bool:
    """A query of citations alone: ranked by how the plans cite them, never by words."""
    return bool(pq.refs and not pq.text and not pq.phrases)


def phrases_to_check(pq: ParsedQuery) -> list[str]:
    """The quoted phrases of 3+ syllables: their shingles give candidates, each to be confirmed."""
    return [p for p in pq.phrases if len(syllables(p)) >= 3]


def page_sort(sort: str, pq: ParsedQuery) -> str:
    """The order of the pages: as asked, but newest first when nothing is asked for by relevance."""
    return sort if not pq.empty or sort != "relevance" else "newest"


def query_skels(pq: ParsedQuery) -> set[str]:
    """The instruments a query names: their citing passages are shown, their relation counted."""
    return {s for _, s in pq.refs} | ({pq.loose_ref[1]} if pq.loose_ref else set())


class QueryTimeout(QueryError):
    """A search ran past its time budget (answered 4xx with a message, never left hanging)."""


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise QueryTimeout(f"Truy vấn cần hơn {self.seconds:g} giây; hãy thu hẹp (thêm từ, bộ lọc "
                               "hoặc bỏ bớt cụm từ trong ngoặc kép).")


class WhooshQueries:
    """Query building and phrase verification; mixed into ``Searcher``, which provides
    ``backend`` (``search_api.backend``) and ``accented`` (folded → accented terms)."""

    def _folded(self, vocab: str, folded_term: str, field: str | None = None) -> Query:
        """Any accented term of the index whose folded form is ``folded_term``."""
        terms = self.accented(vocab, folded_term)
        field = field or vocab
        if not terms:
            return NullQuery
        if len(terms) == 1:
            return Term(field, terms[0])
        return Or([Term(field, t) for t in terms])

    # ---- query building -------------------------------------------------------------------
    def _ref_query(self, skel: str) -> Query:
        fields = ("cite_basis", "cite_impl", "cite_ment", "self_skel")
        return Or([Term(f, skel, boost=REL_WEIGHT[f]) for f in fields])

    def _words_query(self, text: str, mode: str) -> Query | None:
        """Words as a query. ``mode``: ``exact`` (accented shingles), ``folded`` (accent-folded
        shingles, for queries typed without diacritics or when nothing matched exactly) or
        ``relaxed`` (every syllable anywhere)."""
        toks = syllables(text)
        if not toks:
            return None
        ftoks = [fold(t) for t in toks]
        if mode == "relaxed" or len(toks) == 1:
            core = And([Or([Term("body", t), Term("title_syl", t), self._folded("body", f)])
                        for t, f in zip(toks, ftoks)])
            if mode == "relaxed":  # rank on pairs and title below, not on counts of common syllables
                core = core.with_boost(RELAXED_SYLLABLE_WEIGHT)
        elif mode == "exact":
            core = And([Term("bigrams", b) for b in bigrams(toks)])
        else:
            core = And([self._folded("bigrams", b) for b in bigrams(ftoks)])
        extra: list[Query] = [Term("title_bigrams", b) for b in bigrams(toks)]
        extra += [self._folded("bigrams", b, field="title_bigrams") for b in bigrams(ftoks)]
        if len(toks) == 1:
            extra += [Term("title_syl", toks[0]), Term("body", toks[0], boost=2.0)]
        if mode == "relaxed":  # documents holding more of the query's adjacent pairs rank first
            extra += [Term("bigrams", b, boost=2.0) for b in bigrams(toks)]
            extra += [self._folded("bigrams", b) for b in bigrams(ftoks)]
        if mode in ("exact", "relaxed") and has_diacritics(text):
            extra += [Term("words", w.lower()) for w in segment(text).split() if "_" in w]
        return AndMaybe(core, Or(extra)) if extra else core

    def _phrase_query(self, phrase: str) -> Query | None:
        toks = syllables(phrase)
        if not toks:
            return None
        if not has_diacritics(phrase):
            ft = [fold(t) for t in toks]
            if len(ft) == 1:
                return self._folded("body", ft[0])
            return And([self._folded("bigrams", b) for b in bigrams(ft)])
        if len(toks) == 1:
            return Term("body", toks[0])
        shingles = [Term("bigrams", b) for b in bigrams(toks)]
        # 3+ syllables: the shingle AND gives candidates; ``_verify_phrases`` confirms the exact
        # sequence from positions of the candidates only (a Whoosh PhraseQuery decodes positions of
        # every document holding the syllables: 0.5–4 s at 20k documents, WHOOSH.md).
        return shingles[0] if len(shingles) == 1 else And(shingles)

    def _build(self, pq: ParsedQuery, mode: str) -> Query:
        parts: list[Query] = [self._ref_query(skel) for _, skel in pq.refs if skel]
        parts += [q for q in (self._phrase_query(p) for p in pq.phrases) if q is not None]
        wq = self._words_query(pq.text, mode) if pq.text else None
        if wq is not None:
            # "ĐVHC" also as "đơn vị hành chính", and "Hội đồng nhân dân" also as "HĐND"
            for other in dict.fromkeys((expand_abbreviations(pq.text), contract_abbreviations(pq.text))):
                if other == pq.text:
                    continue
                alt = self._words_query(other, mode)
                wq = Or([wq, alt]) if alt is not None else wq
        if wq is not None and pq.loose_ref:
            wq = Or([self._ref_query(pq.loose_ref[1]), wq])
        if wq is not None:
            parts.append(wq)
        if not parts:
            return Every()
        return parts[0] if len(parts) == 1 else And(parts)

    def _verify_phrases(self, docnums: set[int], phrases: list[str], deadline: Deadline) -> set[int]:
        """Keep the documents that hold every 3+-syllable phrase as an exact sequence (typed
        without diacritics: any accented spelling of each syllable), read from ``body`` positions."""
        for phrase in phrases:
            toks = syllables(phrase)
            if len(toks) < 3 or not docnums:
                continue
            if has_diacritics(phrase):
                alts = [{t} for t in toks]
            else:
                alts = [set(self.accented("body", fold(t))) for t in toks]
            docnums = self.backend.phrase_docs(alts, docnums, deadline) if all(alts) else set()
        return docnums
