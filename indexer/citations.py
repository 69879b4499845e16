"""Citation extraction and resolution: find every instrument a document cites, resolve short forms
and typos to one canonical instrument, and classify how the document relates to it.

Two passes, as eyecite separates ``find.py`` and ``resolve.py``: ``cite.find``/``cite.named``/``cite.titled`` return
surfaces as written; ``_resolve`` maps each surface to a canonical ref only when exactly one
candidate remains (``33/NĐ-CP`` → ``33/2021/NĐ-CP`` when the decree is cited in full elsewhere in
the document), otherwise it keeps the written form and a flag.

Public entry points: ``extract_citations``, ``annotate``, ``parse_citation``, ``to_json``,
``CiteContext``. The type tables are in ``indexer.terms``.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from indexer.cite import context as cc
from indexer.cite.find import Found, NamedFound, find_numbered, fold
from indexer.cite.grammar import REF_RE, type_of
from indexer.cite.identity import group_keys
from indexer.cite.named import find_named
from indexer.cite.relations import instrument_relations
from indexer.issuers import HCM, Locality, canonical_issuer, issuer_from_symbol
from indexer.models import (
    Citation,
    Document,
    DocumentMeta,
    InstrumentKey,
    InstrumentRelation,
    Mention,
    Relation,
)
from indexer.places import canonical_district
from indexer.reflow import reflow
from indexer.refs import normalize_ref
from indexer.terms import TYPE_ABBREVIATIONS, TYPE_WORDS

__all__ = [
    "CiteContext",
    "annotate",
    "extract_citations",
    "parse_citation",
    "to_json",
]

logger = logging.getLogger(__name__)

# Symbols that since 2006 always carry the year (Luật ban hành VBQPPL): a written ``107/NĐ-CP ngày
# 06 tháng 12 năm 2021`` is ``107/2021/NĐ-CP``. Resolutions of the Government (``99/NQ-CP``) and
# decisions of the Prime Minister (``1847/QĐ-TTg``) exist in both shapes, so they are not here.
_ALWAYS_NORMATIVE_RE = re.compile(r"^(?:NĐ-CP|TT-[A-ZĐ]+|TTLT(?:-[A-ZĐ]+)+|QH\d+)$")

# Party suffix implied by a stated Party issuer (``23-CT/QU của Ban Thường vụ Thành ủy`` → /TU).
_PARTY_SUFFIX = (("Thành ủy", "TU"), ("Tỉnh ủy", "TU"), ("Quận ủy", "QU"), ("Huyện ủy", "HU"),
                 ("Ban Chấp hành Trung ương", "TW"), ("Bộ Chính trị", "TW"))


@dataclass(kw_only=True)
class CiteContext(DocumentMeta):
    """What the extractor knows about the citing document: its header's fields, its file and province.

    ``number`` keeps self-references (and misprints of the own number in an appendix header) out;
    ``date`` bounds possible years; ``issuer``/``district``/``province`` resolve ``của Ủy ban nhân dân
    quận`` and infer issuers from symbols.
    """

    file: str = ""
    province: str | None = HCM

    @property
    def locality(self) -> Locality:
        return Locality(province=self.province, district=canonical_district(self.district) or self.district)


_NEWLINE_RE = re.compile(r"\n")
_SUFFIX_HEAD_RE = re.compile(r"^\d+[A-Z]?(?:/(?:19|20)\d\d)?[/-]")
_NUMBER_RE = re.compile(r"^\d+[A-Z]?")
_ANNEX_BEFORE_RE = re.compile(r"[Kk]èm theo[ \t\n]*$")
_REF_YEAR_RE = re.compile(r"^\d+[A-Z]?/((?:19|20)\d\d)/")

# Pure functions of a ref, called several times per mention: cached (refs repeat across documents).
_norm_ref = functools.lru_cache(maxsize=8192)(normalize_ref)


def _line_index(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE_RE.finditer(text)]


def _line_of(newlines: list[int], pos: int, first_line: int) -> int:
    return first_line + bisect.bisect_right(newlines, pos - 1) if pos else first_line


@functools.lru_cache(maxsize=8192)
def _suffix(ref: str) -> str:
    """``33/2021/NĐ-CP`` → ``NĐ-CP``; ``19-CT/TU`` → ``CT/TU``."""
    m = _SUFFIX_HEAD_RE.match(ref)
    return ref[m.end():] if m else ref


@functools.lru_cache(maxsize=8192)
def _number(ref: str) -> str:
    m = _NUMBER_RE.match(ref)
    return m.group(0) if m else ""


def _is_self(f: Found, text: str, ctx: CiteContext) -> bool:
    # An attached Quy định / Điều lệ opens with ``(Ban hành kèm theo Quyết định số 15/2010/QĐ-UBND ngày
    # 26/4/2010 …)``: that is the decision it belongs to (same date), not an instrument it cites.
    if (ctx.date and f.date == ctx.date and ctx.doc_type != f.doc_type
            and _ANNEX_BEFORE_RE.search(text[max(0, f.start - 30):f.start])):
        return True
    if not ctx.number:
        return False
    own = _norm_ref(ctx.number)
    if f.ref == own or f.written == own:
        return True
    # A misprint of the own number: same symbol, one digit off, and an appendix header ("kèm theo")
    # or the own date next to it (3707/KH-UBND's appendix says 3107/KH-UBND).
    if _suffix(f.ref) != _suffix(own):
        return False
    a, b = _number(f.ref), _number(own)
    if len(a) != len(b) or sum(x != y for x, y in zip(a, b)) != 1:
        return False
    return bool((ctx.date and f.date == ctx.date) or _ANNEX_BEFORE_RE.search(text[max(0, f.start - 30):f.start]))


def _is_own_title(n: NamedFound, ctx: CiteContext) -> bool:
    """Whether a named citation is the citing document itself: a Kế hoạch that says ``triển khai thực
    hiện Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030`` under that very title."""
    if not ctx.title or n.doc_type != ctx.doc_type:
        return False
    words = n.key.split()[len(fold(n.doc_type).split()):]
    if len(words) < 3:
        return False
    title = fold(ctx.title).split()
    if (" ".join(title) + " ").startswith(" ".join(words) + " "):
        return True
    # a shortened own title said of its own issuer: ``Căn cứ Kế hoạch phát động thi đua của UBND tỉnh``
    # in the Kế hoạch ``Phát động Phong trào thi đua …`` (same first word, the rest in order)
    if n.issuer is None and title and words[0] == title[0]:
        it = iter(title[:len(words) + 4])
        return all(w in it for w in words)
    return False


def _fix_party_suffix(f: Found, issuer: str | None) -> None:
    if f.shape != "party" or not issuer:
        return
    head, tail = f.ref.rsplit("/", 1)
    for prefix, suffix in _PARTY_SUFFIX:
        if issuer.startswith(prefix):
            if tail in ("TU", "QU", "HU", "TW") and tail != suffix and prefix != "Bộ Chính trị":
                f.ref = f"{head}/{suffix}"
                f.flags.add("typo_fixed")
            return


def _resolve(found: list[Found], ctx: CiteContext, text: str) -> list[Found]:
    """Resolve short forms and impossible years against the full forms cited in the same text."""
    here = ctx.locality
    kept = []
    for f in found:
        if _is_self(f, text, ctx):
            continue
        f.issuer = canonical_issuer(f.issuer_phrase, here)  # type: ignore[attr-defined]
        if f.issuer_phrase and f.issuer is None:  # type: ignore[attr-defined]
            # ``của các cơ sở`` is no issuer: the surface stops at the number/date
            f.issuer_phrase = None
        _fix_party_suffix(f, f.issuer)  # type: ignore[attr-defined]
        kept.append(f)
    full = defaultdict(set)
    for f in kept:
        if f.shape == "normative":
            full[(_number(f.ref), _suffix(f.ref))].add(f.ref)
    doc_year = ctx.year
    for f in kept:
        num, suf = _number(f.ref), _suffix(f.ref)
        if f.shape == "admin":
            cands = full.get((num, suf), set())
            year = int(f.date[:4]) if f.date else None
            if year:  # a stated date never resolves to an instrument of another year
                cands = {c for c in cands if c.split("/")[1] == str(year)}
            if len(cands) == 1:
                f.ref = next(iter(cands))
                f.flags.add("short_form")
            elif year and _ALWAYS_NORMATIVE_RE.match(suf):
                f.ref = f"{num}/{year}/{suf}"
                f.flags.add("short_form")
        if f.shape == "normative" and doc_year and f.year and f.year > doc_year:
            f.flags.add("impossible_year")
            cands = {c for c in full.get((num, suf), set()) if int(c.split("/")[1]) <= doc_year}
            if not cands:
                # no full form elsewhere: a decade slip (2028 for 2018) keeps the last digit; take it
                # only when it gives one year not after the document's
                y = str(f.year)
                fixed = {f"{y[:2]}{d}{y[3]}" for d in "0123456789"}
                cands = {f"{num}/{c}/{suf}" for c in fixed if c != y and 1945 <= int(c) <= doc_year
                         and int(c) > doc_year - 10}
            if len(cands) == 1:
                f.ref = next(iter(cands))
                f.flags.add("typo_fixed")
            else:
                f.flags.add("unresolved")
    return kept


def _year_of(ref: str | None, date: str | None) -> int | None:
    if ref:
        m = _REF_YEAR_RE.match(ref)
        if m:
            return int(m.group(1))
    return int(date[:4]) if date else None




def _grouped(flow: str, lay, items: list[Found | NamedFound], keys: list[tuple]) -> dict[tuple, list]:
    """The mentions of each instrument (``keys``: each mention's identity, ``cite.identity``), in
    order of first mention, each with the relation its place gives it (preamble, title, body) and
    whether it sits among the body's tasks."""
    ends: list[int] = []
    groups: dict[tuple, list] = {}
    for it, key in zip(items, keys):
        rel, body = cc.relation_at(flow, lay, it.start, ends)
        ends.append(it.end)
        groups.setdefault(key, []).append((it, rel, body))
    return groups


def _citation(members: list, flow: str, newlines: list[int], first_line: int, ctx: CiteContext) -> Citation:
    """One instrument's citation from its mentions: the strongest relation, every mention, the
    flags, and its identity (number with issuer and year, or name)."""
    best = max(members, key=lambda m: m[1].strength)
    relation = best[1]
    flags: set[str] = set()
    mentions = []
    for it, _rel, body in members:
        surface = flow[it.start:it.end]  # (as read: a number broken at the line's end, whole)
        # " ".join(split()) is ``re.sub(r"\s+", " ", s).strip()``: both use Unicode whitespace
        mentions.append(Mention(text=" ".join(surface.split()), line=_line_of(newlines, it.start, first_line),
                                start=it.start, end=it.end))
        flags |= set(it.flags)
        if body and relation is Relation.MENTIONS:
            flags.add("body_implements")
    first = next((m[0] for m in members if isinstance(m[0], Found)), members[0][0])  # the number, if any
    dates = [m[0].date for m in members if m[0].date]
    if isinstance(first, Found):
        ref = first.ref
        year = _year_of(ref, None)
        date = next((d for d in dates if year is None or d.startswith(str(year))), dates[0] if dates else None)
        year = year or _year_of(None, date)
        issuer = next((m[0].issuer for m in members if getattr(m[0], "issuer", None)), None)
        if issuer is None:
            issuer = issuer_from_symbol(ref, ctx.locality, ctx.issuer)
            if issuer:
                flags.add("issuer_inferred")
        doc_type = next((m[0].doc_type for m in members if m[0].type_word), first.doc_type)
        key = InstrumentKey(ref, issuer=issuer, year=year)
    else:
        date = dates[0] if dates else None
        issuer = next((m[0].issuer for m in members if m[0].issuer), None)
        if any(m[0].issuer_inferred for m in members) and issuer:
            flags.add("issuer_inferred")
        doc_type = first.doc_type
        key = InstrumentKey(None, issuer=issuer, year=first.year, name=" ".join(first.name.split()))
    sentence = cc.sentence_at(flow, best[0].start, best[0].end)
    return Citation(key=key, doc_type=doc_type, relation=relation, mentions=tuple(mentions),
                    date=date, sentence=sentence, flags=frozenset(flags))


def extract_citations(text: str, *, first_line: int = 1,
                      context: CiteContext | None = None) -> tuple[list[Citation], list[InstrumentRelation]]:
    """Find, resolve and classify every citation of one document.

    Args:
        text: the document's normalized text.
        first_line: the file line of the text's first line (``Mention.line`` is a file line).
        context: what is known of the citing document (own number, date, issuer, district).

    Returns:
        (citations, instrument relations): one ``Citation`` per distinct instrument, in order of
        first mention; relations between instruments stated in the text.
    """
    ctx = context or CiteContext()
    if not text:
        return [], []
    # The finders and the layout (preamble, title, body) read hard-wrapped paragraphs whole (a PDF's
    # "Luật Bảo" | "hiểm xã hội"); line numbers come from the lines as they are.
    flow = reflow(text)
    numbered = _resolve(find_numbered(flow), ctx, flow)
    named = [n for n in find_named(flow, numbered, ctx) if not _is_own_title(n, ctx)]
    on_its_own = {n.key for n in named if not n.subject}  # a number's subject counts if named on its own too
    named = [n for n in named if not n.subject or n.key in on_its_own]
    lay = cc.layout(flow)  # (a wrapped paragraph is one logical line, as in the file it came from)
    newlines = _line_index(text)
    items: list[Found | NamedFound] = sorted([*numbered, *named], key=lambda x: x.start)
    keys = group_keys(items, flow)
    groups = _grouped(flow, lay, items, keys)
    citations = [_citation(members, flow, newlines, first_line, ctx) for members in groups.values()]
    key_of = {gkey: c.key for gkey, c in zip(groups, citations)}
    placed = [(it.start, it.end, key_of[k]) for it, k in zip(items, keys)]
    rels = instrument_relations(flow, placed, first_line, ctx.file, newlines=newlines)
    logger.debug("%s: %d citations, %d instrument relations", ctx.file or "text", len(citations), len(rels))
    return citations, rels


# The province of an issuer as the headers spell it: "UBND tỉnh Gia Lai", "Sở Nội vụ tỉnh Bình Thuận",
# "UBND TP Hà Nội". A district of HCMC, or no issuer at all, leaves the default (TP.HCM).
_PROVINCE_IN_ISSUER_RE = re.compile(r"\b(tỉnh [A-ZĐ][\w ]*|TP (?!HCM\b|Hồ Chí Minh\b|Thủ Đức\b)[A-ZĐ][\w ]*)$")


def province_of(issuer: str | None) -> str:
    """``UBND tỉnh Gia Lai`` → ``tỉnh Gia Lai``; ``UBND TP Hà Nội`` → ``TP Hà Nội``; else ``TP.HCM``."""
    m = _PROVINCE_IN_ISSUER_RE.search(issuer or "")
    return m.group(1).strip() if m else HCM


def context_of(doc: Document) -> CiteContext:
    """A ``CiteContext`` from a document's header fields (the province from its issuer)."""
    district = canonical_district(doc.district) or doc.district
    return CiteContext(number=doc.number, doc_type=doc.doc_type, issuer=doc.issuer, district=district,
                       date=doc.date, file=doc.file, title=doc.title, province=province_of(doc.issuer))


def annotate(doc: Document) -> Document:
    """Return ``doc`` with its citations and instrument relations filled in."""
    cites, rels = extract_citations(doc.text, first_line=doc.line_start, context=context_of(doc))
    return dataclasses.replace(doc, citations=tuple(cites), relations=tuple(rels))


# A user-typed citation: type word or abbreviation, optional ``số``, then a number that may lack
# its symbol (``NĐ 33``) or be spaced (``19 ct tu``).
_QUERY_TYPE_RE = re.compile(
    r"^\s*(?P<type>" + "|".join(sorted((re.escape(w) for w in [*TYPE_WORDS, *TYPE_ABBREVIATIONS]), key=len,
                                        reverse=True)) + r")\b\.?\s*(?:số\s*)?(?P<rest>.*)$", re.IGNORECASE)


def parse_citation(text: str) -> list[Citation]:
    """Parse a citation typed by a user into candidate citations (best first).

    Args:
        text: ``Chỉ thị 19/CT-TU``, ``19-CT/TU``, ``NĐ 33``, ``Nghị định 33/2021/NĐ-CP``.

    Returns:
        Citations with ``unresolved`` flagged when only a bare number was typed; empty when
        nothing looks like a citation.
    """
    if not text or not text.strip():
        return []
    found, _ = extract_citations(text)
    found = [c for c in found if c.key.ref]
    if found:
        return found
    m = _QUERY_TYPE_RE.match(text)
    if not m:
        return []
    tw = m.group("type")
    doc_type = next((w for w in TYPE_WORDS if w.lower() == tw.lower()), None) or \
        TYPE_ABBREVIATIONS.get(tw.upper()) or type_of(tw.upper())
    rest = m.group("rest").strip()
    nm = re.match(r"^(\d{1,5}[a-zA-Z]?)(?:\s*[/ -]\s*((?:19|20)\d\d))?\b(.*)$", rest)
    if not nm:
        return []
    letters = re.findall(r"[A-Za-zĐđ]+", nm.group(3))
    code = TYPE_WORDS.get(doc_type or "", "") if doc_type else ""
    if letters:
        ref = normalize_ref(f"{nm.group(1)}/{'/'.join(letters)}")
    else:
        ref = normalize_ref(f"{nm.group(1)}/{nm.group(2) + '/' if nm.group(2) else ''}{code}") if code else nm.group(1)
    key = InstrumentKey(ref, year=int(nm.group(2)) if nm.group(2) else None)
    return [Citation(key=key, doc_type=doc_type, relation=Relation.MENTIONS,
                     mentions=(Mention(text=text.strip(), line=1, start=0, end=len(text)),),
                     flags=frozenset({"unresolved"}))]


def to_json(c: Citation) -> dict:
    """The citation in the agreed JSON contract of ``vanban extract --json``."""
    return {
        "type": c.doc_type,
        "number": c.key.ref,
        "name": c.key.name,
        "issuer": c.key.issuer,
        "year": c.key.year,
        "date": c.date,
        "relation": c.relation.value,
        "mentions": [{"text": m.text, "line": m.line} for m in c.mentions],
        "flags": sorted(c.flags),
    }


_ = REF_RE  # re-exported for callers that scan queries
