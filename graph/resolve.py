"""Free text → instrument, as CourtListener's citation lookup answers: found / ambiguous / not_found.

People type numbers loosely: ``Chỉ thị 19/CT-TU``, ``CT 19/TU``, ``19 ct tu``, ``NĐ 33``,
``Kế hoạch 171/KH-UBND của UBND Quận 1``. Matching uses the ref skeleton of ``indexer.refs``
(number, optional year, letter parts in any order, accents and case folded): the query's letter
parts must be a subset of the candidate's (``NĐ 33`` ⊆ ``33/2021/NĐ-CP``), its year, when given,
must agree, and a leading type word (``Chỉ thị``) filters by type. Administrative numbers repeat
across issuers (every district has a ``171/KH-UBND``), so those answers are ``ambiguous`` unless a
district named in the query narrows them.
"""
from __future__ import annotations

import re

from indexer.normalize import expand_abbreviations
from indexer.refs import fold_ref, normalize_ref, ref_parts
from indexer.terms import TYPE_WORDS as CITE_TYPE_WORDS

from .model import CitationGraph
from .names import district_of_issuer
from .views import Ambiguous, NotFound, summary

# Type words as typed (folded), from the extractor's grammar so resolving and extracting share one
# vocabulary; longest first so "bo luat" wins over "luat".
TYPE_WORDS = {fold_ref(w): w for w in CITE_TYPE_WORDS}
TYPE_WORDS["chuong trinh hanh dong"] = "Chương trình"
_TYPE_ALT = "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True))
_TYPE_RE = re.compile(rf"^({_TYPE_ALT})\b\s*(?:so\b\s*:?)?\s*")
# Words that end the number part of a query ("… của UBND Quận 1", "… ngày 19/10/2018").
_STOP = {"cua", "ngay", "ve", "nam", "thang", "tai", "quan", "huyen", "thanh", "tp", "so", "ban", "uy"}
_TOKEN = re.compile(r"[0-9a-z]+")


def _split_query(text: str) -> tuple[str | None, str, str]:
    """(type word, number part, rest) of a folded query."""
    f = " ".join(fold_ref(text).split())
    typ = None
    m = _TYPE_RE.match(f)
    if m:
        typ = TYPE_WORDS[m.group(1)]
        f = f[m.end():]
    f = re.sub(r"^so\b\s*:?\s*", "", f)
    toks = list(_TOKEN.finditer(f))
    end, seen_number = 0, False
    for t in toks:
        w = t.group()
        if w in _STOP and seen_number:
            break
        if w.isdigit():
            if seen_number and not re.match(r"^(19|20)\d\d$", w):
                break  # a second plain number starts a date ("ngày 19 …")
            seen_number = True
        end = t.end()
    return typ, f[:end], f[end:]


def _type_ok(cg: CitationGraph, ent: str, typ: str | None) -> bool:
    if not typ:
        return True
    t = cg.node(ent).get("type")
    return t is None or fold_ref(t) == fold_ref(typ)


def _candidate(cg: CitationGraph, ent: str) -> dict:
    out = summary(cg, ent)
    out["cited_by"] = cg.cite_count_of(ent)
    return out


def _answer(cg: CitationGraph, query: str, ents: list[str], normalized: str) -> dict:
    # one answer per entity: a short form joined to its full instrument (graph.aliases) is that instrument
    ents = sorted(dict.fromkeys(cg.entity.get(e, e) for e in ents), key=lambda e: (-cg.cite_count_of(e), e))
    status = "not_found" if not ents else "found" if len(ents) == 1 else "ambiguous"
    out = {"query": query, "status": status, "normalized": normalized,
           "candidates": [_candidate(cg, e) for e in ents[:50]], "total": len(ents)}
    if status == "not_found":
        n_missing = cg.missing_count
        out["message"] = (f"Không tìm thấy văn bản «{query}». Văn bản có thể được viết theo cách khác, "
                          f"hoặc chưa có trong kho. Kho biết {n_missing} văn bản được trích dẫn "
                          f"nhưng chưa có toàn văn.")
    elif status == "ambiguous":
        out["message"] = f"Tìm thấy nhiều văn bản khớp với «{query}»."
    return out


def resolve(cg: CitationGraph, text: str) -> dict:
    """Resolve free text to an instrument (or document) of the graph.

    Args:
        cg: the graph.
        text: ``Chỉ thị 19/CT-TU``, ``NĐ 33``, ``19-CT/TU``, a node id, or a name.

    Returns:
        ``{"query", "status": "found"|"ambiguous"|"not_found", "normalized", "candidates": [...],
        "total"}`` (plus a Vietnamese ``message`` unless found). Candidates are node summaries with
        ``cited_by``, most cited first.
    """
    q = (text or "").strip()
    if not q:
        return _answer(cg, q, [], "")
    for cand in (q, normalize_ref(q)):
        if cand in cg:
            return _answer(cg, q, [cg.entity[cand]], cand)
    typ, number_part, rest = _split_query(q)
    number, year, letters = ref_parts(number_part)
    version = _VERSION_RE.search(q)
    if not number or (version and not year and number == version.group(1)):
        return _resolve_name(cg, q)  # a name, or a name and its version (``Luật Đất đai 2013``)
    qletters = set(letters)
    hits: list[tuple[str, bool]] = []
    for ent, cyear, cletters in cg.skeletons(number):
        if not qletters <= cletters:
            continue
        if year and cyear != year and not (cyear is None and str(cg.node(ent).get("year")) == year):
            continue
        if _type_ok(cg, ent, typ):
            hits.append((ent, cletters == qletters))
    if any(exact for _, exact in hits):
        # "19-CT/TU" should not be made ambiguous by a longer symbol that merely contains its parts.
        hits = [h for h in hits if h[1]]
    ents = list(dict.fromkeys(e for e, _ in hits))
    district = district_of_issuer(rest.strip()) if rest.strip() else None
    if district and len(ents) > 1:
        narrowed = [e for e in ents if cg.node(e).get("district") == district]
        ents = narrowed or ents
    normalized = " ".join([number] + ([year] if year else []) + sorted(qletters))
    return _answer(cg, q, ents, normalized)


# A version after a name: ``Luật Đất đai 2013``, ``… năm 2013`` (the year is part of a law's identity).
_VERSION_RE = re.compile(r"(?:[ \t]+(?:năm|nam))?[ \t]+((?:19|20)\d\d)[ \t]*$", re.IGNORECASE)


def _resolve_name(cg: CitationGraph, q: str) -> dict:
    """Instruments cited by name (``Luật Giáo dục``, ``luat to chuc hdnd va ubnd 2003``): every
    query word must occur in the name (abbreviations spelled out, as names are); a version given
    after the name keeps the instruments of that year only."""
    version = _VERSION_RE.search(q)
    base = q[:version.start()] if version else q
    fq = " ".join(fold_ref(expand_abbreviations(base)).split())
    words = set(_TOKEN.findall(fq))
    if not words:
        return _answer(cg, q, [], fq)
    ents = [n for name, n in cg.names if name == fq] or \
        [n for name, n in cg.names if words <= set(_TOKEN.findall(name))]
    if version:
        ents = [n for n in ents if str(cg.node(n).get("year")) == version.group(1)]
        fq = f"{fq} {version.group(1)}"
    return _answer(cg, q, ents, fq)


def locate(cg: CitationGraph, text: str) -> str:
    """The graph node a user means by ``text``.

    Exact node ids win (document or instrument); then the canonical ref form; then
    :func:`graph.resolve.resolve`.

    Raises:
        NotFound: nothing matches.
        Ambiguous: several instruments match (``candidates`` attached).
    """
    t = (text or "").strip()
    if t in cg:
        return t
    if t and normalize_ref(t) in cg:
        return normalize_ref(t)
    numbered = cg.docs_numbered(t) if t else []
    if len(numbered) == 1:
        return numbered[0]
    ans = resolve(cg, t)
    if ans["status"] == "found":
        return ans["candidates"][0]["id"]
    if ans["status"] == "ambiguous":
        raise Ambiguous(ans["message"] + " Hãy chọn một văn bản trong danh sách.", ans["candidates"])
    raise NotFound(ans.get("message") or f"Không tìm thấy văn bản «{text}».")
