"""What the searcher needs of the Whoosh index, read once by the indexer instead of at every start.

A server used to read, at start, every term of the ``body`` and ``bigrams`` fields (to find the
accented spellings of an accentless query) and every stored ``doc_id`` (to map Whoosh document
numbers to ids): 2.7 s at 10,000 plans, growing with the archive and paid by every worker. The
indexer now writes both into the store (``indexer.store``: tables ``vocab`` and ``docnums``), and
the searcher looks up the few terms a query has.

On a re-index only the segments Whoosh wrote for this generation are read for new terms (the
terms of the segments it kept are in the copied store already; a term whose documents were all
deleted stays in ``vocab`` and matches nothing). Document numbers are kept for the segments that
kept their place (Whoosh numbers a document by its segment's offset), and read for the segments
it wrote or merged.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.tokenize import fold

# Fields whose accented terms an accentless query is expanded to.
FOLDED_FIELDS = ("body", "bigrams")


def _segment_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {s.segment_id() for s in whoosh_index.open_dir(str(path))._segments()}


def new_terms(path: Path, previous: Path | None = None) -> Iterator[tuple[str, str, str]]:
    """``(field, folded term, term)`` of the Whoosh index at ``path``, from the segments that are
    not in the index at ``previous`` (all of them when ``previous`` is ``None``)."""
    old = _segment_ids(previous) if previous is not None else set()
    with whoosh_index.open_dir(str(path)).reader() as reader:
        leaves = [r for r, _ in reader.leaf_readers()]
        for leaf in leaves:
            if leaf.segment() is not None and leaf.segment().segment_id() in old:
                continue
            for field in FOLDED_FIELDS:
                if field in leaf.indexed_field_names():
                    for term in leaf.field_terms(field):
                        yield field, fold(term), term


def _offsets(path: Path) -> dict[str, int]:
    with whoosh_index.open_dir(str(path)).reader() as reader:
        return {leaf.segment().segment_id(): off for leaf, off in reader.leaf_readers() if leaf.segment()}


def docnum_ids(path: Path, previous: Path | None = None,
               known: dict[int, str] | None = None) -> Iterator[tuple[int, str]]:
    """``(Whoosh document number, document id)`` of every live document of the index at ``path``.

    With the ``previous`` index and its numbers ``known``, a segment found at the same offset in
    both keeps its numbers (its deleted documents left out) and only the others are read."""
    kept = _offsets(previous) if previous is not None and known is not None else {}
    with whoosh_index.open_dir(str(path)).reader() as reader:
        for leaf, off in reader.leaf_readers():
            seg = leaf.segment()
            if seg is not None and kept.get(seg.segment_id()) == off:
                for local in range(leaf.doc_count_all()):
                    if not leaf.is_deleted(local) and off + local in known:
                        yield off + local, known[off + local]
                continue
            for local, fields in leaf.iter_docs():
                yield off + local, fields["doc_id"]
