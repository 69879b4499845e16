"""Where in a document a citation stands: preamble, purpose section or body, and its clause.

The gold relation is document-level and positional (tests/gold/REVIEW.md §2): ``basis`` = a
paragraph of the preamble that begins with ``Căn cứ``; ``implements`` = the title, preamble or the
purpose section (``Mục đích``) says the document carries the instrument out; ``mentions`` = all else.
A citation inside another one's trích yếu (``Căn cứ Kế hoạch số 171/KH-UBND … về triển khai … Nghị
quyết Đại hội XIII``) is that instrument's object, not the document's: ``mentions``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.models import Relation

# Roman-numeral section headings (``I. MỤC ĐÍCH, YÊU CẦU``, ``II.\tTập trung``) and the start of
# the operative part of decisions/resolutions end the preamble.
_HEADING = r"[ \t*#|]*(?:[IVX]{1,5})[.)][ \t]*\S"
_OPERATIVE = r"[ \t*#]*(?:Điều[ \t]+1\b|QUYẾT ĐỊNH[ \t]*:|QUYẾT NGHỊ[ \t]*:|CHỈ THỊ[ \t]*:)"
HEADING_RE = re.compile("^" + _HEADING, re.MULTILINE)
OPERATIVE_RE = re.compile("^" + _OPERATIVE, re.MULTILINE)

# The purpose section and where it stops (its ``Yêu cầu`` sibling or the next roman heading).
_PURPOSE = r"[ \t*#]*(?:[IVX0-9]{1,4}[.)][ \t]*)?(?:MỤC ĐÍCH|Mục đích)\b"
_REQUIREMENT = r"[ \t*#]*(?:[0-9a-z]{1,3}[.)][ \t]*)?(?:Yêu cầu|YÊU CẦU)\b"
PURPOSE_RE = re.compile("^" + _PURPOSE, re.MULTILINE)
REQUIREMENT_RE = re.compile("^" + _REQUIREMENT, re.MULTILINE)


class _LineStartRegex:
    """``re.compile("^" + body, re.MULTILINE).search`` as a search for ``"\n" + body``.

    ``re`` skips to a literal first character in a tight loop but tries a ``^`` pattern at every
    position: OPERATIVE_RE, which rarely matches, scanned the whole text at ~130 MB/s. Same
    result: ``^`` holds at 0 and after each ``\n`` (at ``pos`` only after a ``\n``, as ``re`` does).
    """

    def __init__(self, body: str) -> None:
        self._first = re.compile(body)
        self._after_newline = re.compile("\n" + body)

    def search(self, text: str, pos: int = 0) -> tuple[int, int] | None:
        """(start, end) of the first match at a line start at or after ``pos``, or ``None``."""
        if pos == 0:
            m = self._first.match(text)
            if m:
                return m.start(), m.end()
        m = self._after_newline.search(text, max(pos - 1, 0))
        return (m.start() + 1, m.end()) if m else None


_HEADING_LINE = _LineStartRegex(_HEADING)
_OPERATIVE_LINE = _LineStartRegex(_OPERATIVE)
_PURPOSE_LINE = _LineStartRegex(_PURPOSE)
_REQUIREMENT_LINE = _LineStartRegex(_REQUIREMENT)
_LEAD_PARAGRAPH_RE = re.compile(r"(?:^|\n)[ \t*-]*(?:Căn cứ|Thực hiện|Triển khai)\b[^\n]*")

# Paragraph opening words of the legal basis.
BASIS_START_RE = re.compile(r"^[ \t*_>\-–+•|]*(?:Căn cứ|CĂN CỨ)\b")
# A preamble paragraph that carries instruments out: ``Thực hiện Quyết định số 06/QĐ-TTg …; Công văn
# số 1070/TCT …`` — every list member after ``;`` is governed by the opening verb.
IMPLEMENTS_START_RE = re.compile(r"^[ \t*_>\-–+•|]*(?:Thực hiện|Triển khai|Tiếp tục thực hiện|Tiếp tục triển khai)\b")
# A clause of the basis paragraph that is no basis: ``…; xét Báo cáo số 228/BC-SNV …``.
_NOT_BASIS_CLAUSE_RE = re.compile(r"[ \t\n*_]*(?:[Xx]ét|[Tt]heo đề nghị)\b")
_SENTENCE_BREAK_RE = re.compile(r"\.[ \t\n]")

# Verbs saying the document (or a body task) carries an instrument out.
TRIGGER_RE = re.compile(
    r"(?:(?<=\s)|^)(?:[Tt]hực hiện|[Tt]riển khai|[Nn]hằm|[Cc]ụ thể hóa|[Cc]ụ thể hoá|[Qq]uán triệt|[Tt]hi hành)\b")
# The same matches, written to start with a character class so that ``re`` skips to candidate
# letters in its fast loop (a leading look-behind made it run the matcher at every position, 3x
# slower): the first letter, then ``(?<![^\s].)`` = "the character before it is a space or there
# is none", then the rest of the word chosen by that letter.
_TRIGGER_FAST_RE = re.compile(
    r"[TtNnCcQq](?<![^\s].)(?:(?<=[Tt])(?:hực hiện|riển khai|hi hành)|(?<=[Nn])hằm|(?<=[Cc])ụ thể h(?:óa|oá)"
    r"|(?<=[Qq])uán triệt)\b")

# Words that start a trích yếu or a description after a citation: what follows belongs to it.
DESCRIPTOR_RE = re.compile(
    r"\b(?:về|thực hiện|triển khai|quy định|hướng dẫn|ban hành|phê duyệt|sửa đổi|thi hành|thay thế)\b")

# The gap between two citations that makes the second a new list member, not part of the first.
LIST_END_RE = re.compile(r"(?:[,;][ \t]*|[ \t]+và[ \t]+|[ \t]+hoặc[ \t]+|:[ \t]*)(?:các[ \t]+)?$")

# An instrument noun just before the trigger: ``Chương trình hành động (của Thành ủy …) thực hiện X``
# names the object of that instrument, not of the document.
_INSTRUMENT_BEFORE_TRIGGER_RE = re.compile(
    r"(?:Chương trình|Kế hoạch|Chỉ thị|Quyết định|Nghị quyết|Đề án|Kết luận|Thông tri|Hướng dẫn)"
    r"(?:[ \t]+(?!và\b)[^\s,;.]+){0,12}?[ \t]*$")

_CLAUSE_BREAK_RE = re.compile(r"[;]|\.(?=[ \t\n])|\n[ \t]*\n|\n(?=[ \t]*[-+•*])")


@dataclass(frozen=True)
class Layout:
    """Offsets of the preamble end and the purpose section of one document text."""

    preamble_end: int
    purpose: tuple[int, int]


def layout(text: str) -> Layout:
    """Locate preamble and purpose section.

    Args:
        text: the document's text.

    Returns:
        A ``Layout``; without headings the preamble is the leading run of ``Căn cứ``/``Thực hiện``
        paragraphs.
    """
    ends = [m[0] for m in (_HEADING_LINE.search(text), _OPERATIVE_LINE.search(text)) if m]
    if ends:
        preamble_end = min(ends)
    else:
        preamble_end = 0
        for m in _LEAD_PARAGRAPH_RE.finditer(text[:4000]):
            preamble_end = m.end()
    purpose = (0, 0)
    pm = _PURPOSE_LINE.search(text, preamble_end)
    if pm and pm[0] < len(text) * 0.6:
        stop = len(text)
        rm = _REQUIREMENT_LINE.search(text, pm[1])
        hm = _HEADING_LINE.search(text, pm[1])
        for m in (rm, hm):
            if m:
                stop = min(stop, m[0])
        purpose = (pm[0], stop)
    return Layout(preamble_end=preamble_end, purpose=purpose)


# Texts converted from Word or vbpl.vn put one paragraph per line, with no blank line between
# (``Căn cứ Luật Đất đai năm 2003;\nCăn cứ Nghị định số 181/2004/NĐ-CP …``): a line opens a paragraph
# when the line before ends a sentence or a list item, or when it opens with ``Căn cứ`` itself.
_PARA_END_CHARS = (";", ".", ":", ",")
_LINE_OPENS_RE = re.compile(r"[ \t*_>\-–+•|]*(?:Căn cứ|CĂN CỨ|Thực hiện|Theo|Xét)\b")
_PARA_LOOKBACK = 3000


def paragraph_start(text: str, pos: int) -> int:
    """Start of the paragraph holding ``pos``: after a blank line, or a line that opens one."""
    i = text.rfind("\n\n", 0, pos)
    floor = 0 if i < 0 else i + 2
    floor = max(floor, pos - _PARA_LOOKBACK)
    j = text.rfind("\n", floor, pos)
    while j >= floor and j > 0:
        if _LINE_OPENS_RE.match(text, j + 1) or text[floor:j].rstrip(" \t").endswith(_PARA_END_CHARS):
            return j + 1
        j = text.rfind("\n", floor, j)
    return floor


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Start of the clause holding ``pos``: after the last ``;``, sentence end or paragraph break."""
    lo = max(floor, pos - 600)
    last = lo
    for m in _CLAUSE_BREAK_RE.finditer(text, lo, pos):
        last = m.end()
    return last


_SENT_START_RE = re.compile(r"\.(?=[ \t]+[A-ZĐ\"“])|\n[ \t]*\n|^", re.MULTILINE)
_SENT_END_RE = re.compile(r"\.(?=[ \t]+[A-ZĐ\"“]|[ \t]*$)|\n[ \t]*\n", re.MULTILINE)
_SENT_DOT_RE = re.compile(r"\.(?=[ \t]+[A-ZĐ\"“])")  # the first alternative of _SENT_START_RE
_WS_RE = re.compile(r"\s+")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around a span, one line, trimmed to at most 500 characters."""
    lo = max(0, start - 400)
    # The last ``_SENT_START_RE`` match in ``text[lo:start]`` ends after the last ``\n`` (the
    # empty ``^``, or ``\n[ \t]*\n``) or after a later sentence-ending dot: look for dots only
    # after that newline, and with ``endpos`` (look-aheads stop at ``start`` as on the slice).
    s = text.rfind("\n", lo, start) + 1 or lo
    for m in _SENT_DOT_RE.finditer(text, s, start):
        s = m.end()
    hi = min(len(text), end + 400)
    m = _SENT_END_RE.search(text, end, hi)  # endpos: ``$`` holds at ``hi`` as at the slice's end
    e = m.end() if m else hi
    # same as ``_WS_RE.sub(" ", …).strip()`` (str.split and ``\s`` share Unicode whitespace), 3x faster
    return " ".join(text[s:e].split())[:500]


def is_nested(text: str, start: int, cstart: int, prev_ends: list[int]) -> bool:
    """Whether a citation at ``start`` sits inside a previous citation's trích yếu in its clause."""
    for pe in reversed(prev_ends):
        if pe <= cstart or pe > start:
            continue
        gap = text[pe:start]
        if LIST_END_RE.search(gap):
            return False
        return bool(DESCRIPTOR_RE.search(gap))
    return False


def trigger_before(text: str, start: int, cstart: int) -> re.Match[str] | None:
    last = None
    for m in _TRIGGER_FAST_RE.finditer(text, cstart, start):  # = TRIGGER_RE.finditer
        last = m
    return last


def relation_at(text: str, lay: Layout, start: int, prev_ends: list[int]) -> tuple[Relation, bool]:
    """Relation of the document to a citation at ``start``, and whether a body task implements it.

    Args:
        text: document text.
        lay: its ``layout``.
        start: surface start of the citation.
        prev_ends: surface ends of the citations before it (for trích yếu nesting).

    Returns:
        (relation, body_implements).
    """
    pstart = paragraph_start(text, start)
    cstart = clause_start(text, start, pstart)
    nested = is_nested(text, start, cstart, prev_ends)
    trig = trigger_before(text, start, cstart)
    direct = trig is not None and not _INSTRUMENT_BEFORE_TRIGGER_RE.search(text[cstart:trig.start()])
    in_pre = start < lay.preamble_end
    in_purpose = lay.purpose[0] <= start < lay.purpose[1]
    if (in_pre and not nested and BASIS_START_RE.match(text[pstart:start])
            and not (cstart > pstart and _NOT_BASIS_CLAUSE_RE.match(text, cstart, start))):
        return Relation.BASIS, False
    if (in_pre or in_purpose) and direct and not nested:
        return Relation.IMPLEMENTS, False
    if (in_pre and trig is None and not nested and cstart > pstart
            and IMPLEMENTS_START_RE.match(text[pstart:start])
            and not _SENTENCE_BREAK_RE.search(text, pstart, cstart)):
        return Relation.IMPLEMENTS, False
    return Relation.MENTIONS, bool(trig) and not nested
