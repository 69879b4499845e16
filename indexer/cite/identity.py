"""One instrument, one identity inside a document, however its mentions write it.

* A law's version is part of its identity: ``Luật Đất đai năm 2013`` and ``Luật Đất đai năm 2024``
  are two laws; ``Luật Đất đai 2013`` and ``… năm 2013`` one. A mention without a version is the
  version the document names (when it names one only).
* A name the document gives with its number is that number: after ``Luật Đất đai số
  31/2024/QH15``, a bare ``Luật Đất đai`` is 31/2024/QH15 (a stated year must agree).

:func:`group_keys` gives every mention the key of the instrument it is; ``indexer.citations``
groups mentions by it.
"""
from __future__ import annotations

import re

from indexer.cite.find import Found, NamedFound, fold
from indexer.normalize import canonical_name
from indexer.terms import LAW_TYPES

# ``Luật Đất đai số 31/2024/QH15``: the name written before a law's number, in a mention's text.
_LAW_NUMBER_RE = re.compile(r"^(?P<name>(?:Bộ [Ll]uật|Luật|Pháp lệnh)\s+(?!(?:số|sè|So|Số)\b).+?)"
                            r"\s+(?:(?:số|sè|So|Số)\s*:?\s*)?\d")


def written_law_name(mention: str) -> str | None:
    """The canonical name written before a law's number in a mention (``Luật Đất đai`` of ``Luật
    Đất đai số 31/2024/QH15``), or ``None``."""
    m = _LAW_NUMBER_RE.match(mention)
    return canonical_name(" ".join(m.group("name").split())) if m else None


def law_name(found: Found, flow: str) -> str | None:
    """The folded name written before a law's number (``Luật Đất đai`` of ``Luật Đất đai số
    31/2024/QH15``), or ``None`` for other citations."""
    if found.type_word is None or not found.type_word.startswith(LAW_TYPES + ("Bộ Luật",)):
        return None
    name = written_law_name(flow[found.start:found.ref_end])
    return fold(name) if name else None


def group_keys(items: list[Found | NamedFound], flow: str) -> list[tuple]:
    """The identity of each mention of ``items`` (same order): ``("n", ref)`` for a number (or a
    name given with one), ``("name", key, year)`` for a name, its version filled in where the
    document names one version only (the mention's ``year`` is set to it)."""
    numbered_names: dict[str, list[Found]] = {}
    for it in items:
        if isinstance(it, Found) and (name := law_name(it, flow)):
            numbered_names.setdefault(name, []).append(it)
    versions: dict[str, set[int]] = {}
    for it in items:
        if isinstance(it, NamedFound) and it.year:
            versions.setdefault(it.key, set()).add(it.year)
    out: list[tuple] = []
    for it in items:
        if isinstance(it, Found):
            out.append(("n", it.ref))
            continue
        same = {f.ref for f in numbered_names.get(it.key, ()) if it.year is None or f.year in (None, it.year)}
        if len(same) == 1:
            out.append(("n", same.pop()))
            continue
        if it.year is None and len(versions.get(it.key, ())) == 1:
            it.year = next(iter(versions[it.key]))
        out.append(("name", it.key, it.year))
    return out
