"""The query tree as a Typesense filter (``filter_by``) over the exact-token fields of the records
``pipeline.engine`` writes, and the parts of the tree a score is made of.

``Term(f, t)`` → ``f:=[`t`]`` (``t`` hex-encoded, as the records hold it; the terms of one field
under an ``Or`` in one list), ``And`` → ``&&``, ``Or`` → ``||``, ``AndMaybe(core, extra)`` →
``core`` (``extra`` only ranks), ``Every`` → ``ALL``, anything else → ``NOTHING``.
"""
from __future__ import annotations

import math
from collections import defaultdict

from whoosh.query import And, AndMaybe, Every, Or, Query, Term

from indexer.schema import TITLE_BOOST
from pipeline.engine import TOKEN_FIELDS, quoted

ALL = "*"  # every document: no filter
NOTHING = None  # no document
FIELD_BOOST = {"title_bigrams": TITLE_BOOST, "title_syl": TITLE_BOOST}


def idf(n: int, df: int) -> float:
    """BM25's idf of a leaf held by ``df`` of ``n`` documents: the weight of a leaf in the score of
    every Typesense path (score groups on the engine, the in-process ranking)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


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
