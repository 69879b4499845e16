"""Resolution across the documents read together (``vanban extract`` given several files).

A document often writes an instrument in short because another document of the same set gives it
in full. Once every file is read:

* a short number — ``Nghị định số 33/NĐ-CP ngày 29/3/2021`` — is the one full number of the set
  with the same number, symbol and type whose year agrees with its date
  (``33/2021/NĐ-CP``); with no stated date, or no year that agrees, it stays as written, so an
  individual decision ``211/QĐ-TTg ngày 13/02/2009`` is never ``211/1998/QĐ-TTg``; when two agree
  it stays as written and is flagged ``unresolved``;
* a law named without its number is the number another document gives it with (``Luật Đất đai số
  31/2024/QH15``), when its stated version, if any, agrees and only one number does;
* a law named without a version is the one version the set names (``Luật Đất đai năm 2013``).

The surfaces stay as written; a resolved short number is flagged ``short_form``. Citations of one
document that become the same instrument are merged (strongest relation, every mention).
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict

from indexer.cite.find import fold
from indexer.cite.identity import written_law_name
from indexer.models import Citation, Document, InstrumentKey
from indexer.refs import ref_parts
from indexer.terms import LAW_TYPES


def _year(c: Citation) -> int | None:
    return int(c.date[:4]) if c.date else c.key.year


def _short_key(c: Citation) -> tuple[str, tuple[str, ...], str | None] | None:
    """(number, symbol letters, type) of a numbered citation without a year in its number."""
    if not c.key.ref:
        return None
    number, year, letters = ref_parts(c.key.ref)
    return (number, tuple(sorted(letters)), c.doc_type) if number and not year else None


class _Corpus:
    """What the set of documents says of each instrument, read once."""

    def __init__(self, docs: list[Document]) -> None:
        self.full: dict[tuple, set[tuple[str, int]]] = defaultdict(set)  # (number, letters, type) → (ref, year)
        self.law_numbers: dict[str, set[tuple[str, int | None]]] = defaultdict(set)  # name key → (ref, year)
        self.versions: dict[str, set[int]] = defaultdict(set)  # law name key → years
        for doc in docs:
            for c in doc.citations:
                self._learn(c)

    def _learn(self, c: Citation) -> None:
        if c.key.ref:
            number, year, letters = ref_parts(c.key.ref)
            if number and year:
                self.full[(number, tuple(sorted(letters)), c.doc_type)].add((c.key.ref, int(year)))
            for m in c.mentions:
                if c.doc_type in LAW_TYPES and (name := written_law_name(m.text)):
                    self.law_numbers[fold(name)].add((c.key.ref, c.key.year))
        elif c.key.name and c.doc_type in LAW_TYPES and c.key.year:
            self.versions[fold(c.key.name)].add(c.key.year)

    def resolve(self, c: Citation) -> Citation:
        """``c`` as the set identifies it (unchanged when the set says nothing more)."""
        if (short := _short_key(c)) is not None:
            year = _year(c)
            agree = {ref for ref, y in self.full.get(short, ()) if year is not None and y == year}
            if len(agree) == 1:
                ref = agree.pop()
                return dataclasses.replace(c, key=InstrumentKey(ref, issuer=c.key.issuer, year=year),
                                           flags=c.flags | {"short_form"})
            if len(agree) > 1:
                return dataclasses.replace(c, flags=c.flags | {"unresolved"})
            return c
        if c.key.ref or not c.key.name or c.doc_type not in LAW_TYPES:
            return c
        name = fold(c.key.name)
        numbers = {ref for ref, y in self.law_numbers.get(name, ()) if c.key.year in (None, y)}
        if len(numbers) == 1:
            ref = numbers.pop()
            written_year = ref_parts(ref)[1]
            return dataclasses.replace(c, key=InstrumentKey(ref, issuer=c.key.issuer,
                                                            year=int(written_year) if written_year else None))
        if c.key.year is None and len(self.versions.get(name, ())) == 1:
            return dataclasses.replace(c, key=dataclasses.replace(c.key, year=next(iter(self.versions[name]))))
        return c


def _merged(citations: list[Citation]) -> list[Citation]:
    """Citations of one document that name one instrument, as one (in order of first mention)."""
    by_key: dict[InstrumentKey, list[Citation]] = {}
    for c in citations:
        by_key.setdefault(c.key, []).append(c)
    out = []
    for group in by_key.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        best = max(group, key=lambda c: c.relation.strength)
        mentions = tuple(sorted((m for c in group for m in c.mentions), key=lambda m: (m.line, m.start)))
        out.append(dataclasses.replace(best, mentions=mentions, date=next((c.date for c in group if c.date), None),
                                       flags=frozenset().union(*(c.flags for c in group))))
    return sorted(out, key=lambda c: (c.mentions[0].line, c.mentions[0].start))


def resolve_across(docs: list[Document]) -> list[Document]:
    """The documents with their citations resolved against the whole set (see the module)."""
    corpus = _Corpus(docs)
    out = []
    for doc in docs:
        resolved = [corpus.resolve(c) for c in doc.citations]
        if resolved != list(doc.citations):
            doc = dataclasses.replace(doc, citations=tuple(_merged(resolved)))
        out.append(doc)
    return out
