"""Find pass: every place a text cites a numbered instrument, as written, with its local context.

Nothing here decides identity across the document (that is ``cite_resolve``); a ``Found`` is one
surface: the số ký hiệu as written, the type word before it, the date and ``của <issuer>`` after it.
Only windows around a digit followed by ``/`` or ``-`` are parsed (``g.iter_refs``: two
literal-prefix scans, then ``REF_RE.match`` at the digits before each separator), so plain prose
costs two fast regex scans.
"""
from __future__ import annotations

import bisect
import datetime
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from indexer.cite import grammar as g
from indexer.fold import fold_key
from indexer.normalize import canonical_name
from indexer.refs import normalize_ref

logger = logging.getLogger(__name__)

# The same few hundred symbols repeat across documents; ``normalize_ref`` is pure.
_norm_ref = functools.lru_cache(maxsize=8192)(normalize_ref)

_BACK = 160  # characters looked at before a number for its type word
_FWD = 260  # characters looked at after it for date and issuer

# A type word right before the number (``Chỉ thị số``, ``Quyết định 5525``, ``Nghị định số:``).
TYPE_DIRECT_RE = re.compile(
    rf"(?P<type>{g.TYPE_WORD_ALT})[ \t*]*(?:\n[ \t*]*)?(?:(?:số|sè|Số)[ \t*]*:?[ \t*]*)?$")

# A law named before its number: ``Luật Công nghệ thông tin số 67/2006/QH11`` (``số`` required, else
# ``Luật`` ten words back would claim any number).
LAW_BEFORE_RE = re.compile(
    r"(?P<type>Bộ luật|Bộ Luật|Luật|Pháp lệnh|Hiến pháp)(?P<lawname>(?:[ \t]+[^\s,;.()“”\"]+){1,12}?)"
    r"[ \t]+(?:số|sè)[ \t]*:?[ \t]*$")

# ``Số: 17/KH-UBND`` at the start of a line is a document's own header number, never a citation; so
# is ``Số 16-BC/ĐH`` alone at a line start (a header without the colon, or the sample headers of a
# guidance on document format). Lower-case ``số`` there is a citation wrapped after its type word.
HEADER_NUMBER_RE = re.compile(r"(?:^|\n)[ \t*#>|]*(?:(?:Số|SỐ|số)[ \t]*:|Số|SỐ)[ \t*]*$")

# Form and table numbers are not instruments: ``mẫu số 10/KK-TNCN``, ``Biểu số 29/BC-BDT``.
FORM_BEFORE_RE = re.compile(r"(?:[Mm]ẫu|[Bb]iểu|[Mm]ẫu biểu|[Pp]hụ lục|[Ss]ổ|[Tt]ờ khai)[ \t]+(?:số[ \t]*)?:?[ \t]*$")

# Words between two list members that keep them one list: ``Nghị định số 1 … và 2``.
_LIST_GAP_RE = re.compile(r"^[ \t]*(?:,|;|và|hoặc)[ \t]*(?:(?:các[ \t]+)?(?:số)[ \t]*)?$")

_ITEM_RE = re.compile(r"\d{1,5}[a-z]?")
_SO_END_RE = re.compile(r"(?:số|Số)[ \t]*$")
_TRAILING_DIGITS_RE = re.compile(r"\d+$")
# Words one of which LAW_BEFORE_RE needs: every spelling of ``Luật`` contains ``uật``.
_LAW_WORDS = ("uật", "Pháp lệnh", "Hiến pháp")


# Every character after the type word in a TYPE_DIRECT_RE match, and after the space before
# ``số`` in a SO_BEFORE_RE match: ``[ \t]*(?:\n[ \t]*)?(?:(?:số|sè|Số)[ \t]*:?[ \t]*)?(?:\*\*)?`` and the
# final ``\n`` that ``$`` may stand before.
_TAIL_CHARS = " \t\n:*sSốè"
_TYPE_WORD_MAX = max(map(len, g.TYPE_WORD_LIST))


def _type_direct(window: str) -> re.Match[str] | None:
    """``TYPE_DIRECT_RE.search(window)``, started where a match can first begin.

    The search tried all 33 type words at every position (25 µs per 60-character window). A match
    is a type word then a tail of ``_TAIL_CHARS`` only, so it starts at most ``_TYPE_WORD_MAX``
    characters before the window's longest such suffix; earlier positions cannot match.
    """
    return TYPE_DIRECT_RE.search(window, max(0, len(window.rstrip(_TAIL_CHARS)) - _TYPE_WORD_MAX))


def _so_before(window: str) -> re.Match[str] | None:
    """``g.SO_BEFORE_RE.search(window)``, started at the one character (``^`` or a space) before the
    longest suffix of ``_TAIL_CHARS``, the earliest place a match can begin."""
    return g.SO_BEFORE_RE.search(window, max(0, len(window.rstrip(_TAIL_CHARS)) - 1))


def _ends_with(window: str, tails: tuple[str, ...], space: str = " \t") -> bool:
    """Whether ``window`` ends (``$``: at the end or before one final ``\n``) with one of ``tails``
    followed by ``space`` characters only; a cheap necessary test before a ``$``-anchored search."""
    if window.rstrip(space).endswith(tails):
        return True
    return window.endswith("\n") and window[:-1].rstrip(space).endswith(tails)


@dataclass
class Found:
    """One numbered citation surface found in a text."""

    start: int  # surface start (type word, or the number)
    end: int  # surface end (number, date, issuer)
    ref_start: int
    ref_end: int
    ref: str  # normalized as written (after mechanical fixes)
    written: str  # normalized exactly as written
    doc_type: str | None
    type_word: str | None
    date: str | None = None
    issuer_phrase: str | None = None
    issuer_start: int = 0
    flags: set[str] = field(default_factory=set)
    shape: str = "admin"  # admin | normative | party
    year: int | None = None
    issuer: str | None = None  # canonical, set by resolve


def iso_date(d: str, m: str, y: str) -> str | None:
    """``ngày 19 tháng 10 năm 2018`` → ``2018-10-19``; ``None`` for a day that does not exist
    (``31 tháng 02``): an impossible date never becomes a date."""
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat() if 1900 <= int(y) <= 2100 else None
    except ValueError:
        return None


def _canon_ref(m: re.Match[str]) -> tuple[str, str, str, set[str]]:
    """(canonical, written, shape, flags) of a REF_RE match."""
    written = _norm_ref(m.group(0).replace("*", ""))
    flags: set[str] = set()
    num = m.group("num").upper()
    if m.group("year"):
        sym = _norm_ref(m.group("nsym"))
        ref, shape = f"{num}/{m.group('year')}/{sym}", "normative"
    elif m.group("ptype"):
        ptype = _norm_ref(m.group("ptype"))
        if ptype in g.PARTY_CODE_TYPOS:
            ptype = g.PARTY_CODE_TYPOS[ptype]
            flags.add("typo_fixed")
        ref, shape = f"{num}-{ptype}/{_norm_ref(m.group('psym'))}", "party"
    else:
        ref, shape = f"{num}/{_norm_ref(m.group('asym'))}", "admin"
    if "-/" in written:
        flags.add("typo_fixed")  # ``11-TT-/QU``: the stray dash is dropped
    return ref, written, shape, flags


def _doc_type(type_word: str | None, ref: str, shape: str) -> str | None:
    if type_word:
        w = type_word[0].upper() + type_word[1:]
        if w == "Bộ Luật":
            w = "Bộ luật"
        if w == "Chương trình hành động":
            return "Chương trình"
        if w in ("Thông tư liên bộ",):
            return "Thông tư"
        if w == "Văn bản":
            return "Công văn"
        return w
    if shape == "party":
        code = ref.split("-", 1)[1].split("/")[0]
        return g.type_of(code, party=True)
    sym = ref.split("/")[-1]
    code = sym.split("-")[0]
    t = g.type_of(_TRAILING_DIGITS_RE.sub("", code)) if code else None
    if t:
        return t
    return "Công văn" if shape == "admin" else None


def _after(text: str, pos: int, f: Found) -> None:
    """Extend ``f`` over the date, ``năm yyyy`` and ``của <issuer>`` that follow, in either order."""
    window = text[pos:pos + _FWD]
    i = 0
    while window[i:i + 1] in g.FOOTNOTE_CHARS and window[i:i + 1]:
        i += 1
    end = i
    for _ in range(2):
        rest = window[end:]
        m = g.DATE_AFTER_RE.match(rest)
        if m and f.date is None:
            f.date = iso_date(m.group("d"), m.group("m1") or m.group("m2"), m.group("y1") or m.group("y2"))
            if f.date is None:
                f.flags.add("invalid_date")
            end += m.end()
            continue
        m = g.YEAR_AFTER_RE.match(rest)
        if m and f.date is None and f.year is None:
            f.year = int(m.group("y"))
            end += m.end()
            continue
        m = g.ISSUER_HEAD_RE.match(rest)
        if m and f.issuer_phrase is None:
            body = rest[m.end():m.end() + 160]
            stop = g.ISSUER_STOP_RE.search(body)
            phrase = body[:stop.start()] if stop else body
            phrase = " ".join(phrase.split(" ")[:12]).rstrip()
            if phrase:
                f.issuer_phrase = phrase
                f.issuer_start = pos + end + m.end()
                end += m.end() + len(phrase)
                continue
        break
    f.end = pos + end if end else f.ref_end


def _is_own_number(before: str) -> bool:
    """A header's ``Số: …`` or a form's number field: the document's own number, not a citation."""
    b40 = before[-40:]
    # every HEADER_NUMBER_RE match holds a ``:``, ``Số`` or ``SỐ``: test for them before the search
    return bool(((":" in b40 or "Số" in b40 or "SỐ" in b40) and HEADER_NUMBER_RE.search(b40))
                or FORM_BEFORE_RE.search(before[-20:]))


def _type_before(before: str, s: int) -> tuple[str | None, int]:
    """The type word written before the number at ``s`` (``Quyết định số``, ``Luật … số``) and where
    the citation then starts; ``(None, s)`` when there is none."""
    b60 = before[-60:]
    tm = _type_direct(b60)
    if tm:
        return tm.group("type"), s - (len(b60) - tm.start())
    if any(w in before for w in _LAW_WORDS) and _ends_with(before, ("số", "sè"), " \t:"):
        lm = LAW_BEFORE_RE.search(before)
        if lm:
            return lm.group("type"), s - (len(before) - lm.start())
    return None, s


def _listed_before(text: str, s: int, suffix: str) -> list[tuple[int, int, str]]:
    """List members written before the number at ``s`` (``số 01, 02 và 03/NQ-HĐND``): each one's
    span and its number with the shared ``suffix``."""
    pre = text[max(0, s - 60):s]
    lm3 = g.LIST_BEFORE_RE.search(pre) if _ends_with(pre, (",", "và", ";")) else None
    if not (lm3 and _SO_END_RE.search(pre[:lm3.start()])):
        return []
    listed = []
    for im in _ITEM_RE.finditer(lm3.group("items")):
        istart = s - len(pre) + lm3.start() + im.start()
        listed.append((istart, istart + len(im.group(0)), im.group(0).upper() + suffix))
    return listed


def find_numbered(text: str) -> list[Found]:
    """Find every numbered citation surface in ``text``, in order.

    Args:
        text: normalized document text.

    Returns:
        One ``Found`` per written number (list members each get their own).
    """
    out: list[Found] = []
    seps = g.separators_after_digit(text)
    for m in g.iter_refs(text, seps):
        s, e = m.span()
        if not g.starts_token(text, s):
            continue
        before = text[max(0, s - _BACK):s]
        if _is_own_number(before):
            continue
        ref, written, shape, flags = _canon_ref(m)
        type_word, start = _type_before(before, s)
        if type_word is None:
            prev = out[-1] if out else None
            # ``s - prev.end`` first: slicing the gap to measure it copied the text between
            # two distant citations
            if prev and s - prev.end < 40 and _LIST_GAP_RE.match(text[prev.end:s]):
                type_word = prev.type_word
            elif shape == "admin" and "-" not in ref.split("/", 1)[1] and not _so_before(before):
                # ``539/GDĐT`` alone: too weak without a type word or ``số``
                continue
        listed = _listed_before(text, s, ref[len(m.group("num")):])
        doc_type = _doc_type(type_word, ref, shape)
        year = int(m.group("year")) if m.group("year") else None
        f = Found(start=start, end=e, ref_start=s, ref_end=e, ref=ref, written=written, doc_type=doc_type,
                  type_word=type_word, flags=set(flags), shape=shape, year=year)
        _after(text, e, f)
        for istart, iend, iref in listed:
            out.append(Found(start=istart, end=iend, ref_start=istart, ref_end=iend, ref=iref, written=iref,
                             doc_type=doc_type, type_word=type_word, shape=shape, year=year,
                             date=None, issuer_phrase=f.issuer_phrase))
        if listed:
            f.start = s
        out.append(f)
    _bare_dash(text, out, seps)
    return out


def _bare_dash(text: str, out: list[Found], seps: list[int]) -> None:
    """Old numbers without a slash (``Nghị định số 25-HĐBT``), only right after a type word."""
    spans = {f.ref_start for f in out}
    extra = []
    for m in g.iter_bare_dash(text, seps):
        s, e = m.span("ref")
        if s in spans:
            continue
        before = text[max(0, s - 60):s]
        tm = _type_direct(before)
        if not tm:
            continue
        ref = _norm_ref(m.group("ref"))
        f = Found(start=s - (len(before) - tm.start()), end=e, ref_start=s, ref_end=e, ref=ref, written=ref,
                  doc_type=_doc_type(tm.group("type"), ref, "party"), type_word=tm.group("type"), shape="old")
        _after(text, e, f)
        extra.append(f)
    if extra:
        out.extend(extra)
        out.sort(key=lambda f: f.start)


# ---- named surfaces (``cite.named``, ``cite.titled``) -------------------------------------------

def word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")


def fold(s: str) -> str:
    """Accent-, case- and punctuation-folded name (same result as the gold scorer's ``fold``)."""
    return fold_key(unicodedata.normalize("NFC", s))


@dataclass
class NamedFound:
    """One named citation surface."""

    start: int
    end: int
    name: str
    doc_type: str
    issuer: str | None = None
    issuer_inferred: bool = False
    year: int | None = None
    date: str | None = None
    quoted: bool = False
    flags: set[str] = field(default_factory=set)
    key: str = ""
    type_word: str | None = None
    # the trích yếu of the number just before it (``cite.titled``): a citation only if named elsewhere too
    subject: bool = False

    def __post_init__(self) -> None:
        # One identity however it is written: abbreviations in the name spelled out (Luật HTX =
        # Luật Hợp tác xã); the surfaces keep what was written.
        self.name = canonical_name(self.name)
        if not self.key:
            self.key = fold(self.name)


def overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of ``spans`` (few per document; bisect keeps it linear overall)."""
    i = bisect.bisect_left(spans, (e, e))
    return any(a < e and s < b for a, b in spans[max(0, i - 8):i])
