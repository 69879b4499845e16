"""The grammar of Vietnamese document numbers (số ký hiệu) and of the words that introduce them.

Kept apart from ``citations.py`` so that query understanding can reuse it without pulling in
extraction (the type tables are in ``indexer.terms``). Every regex is a named constant
with a comment on why it looks the way it does, as eyecite does in ``eyecite/regexes.py``.

Three shapes of number (see DESIGN.md, "Identity of an instrument"):

* administrative ``n/TYPE-ISSUER``: ``171/KH-UBND``, ``539/GDĐT``, ``3364/BTTTT-ƯDCNTT``;
* normative ``n/year/TYPE-ISSUER``: ``33/2021/NĐ-CP``, ``131/2020/QH14``, ``01/2007/TTLT-BTM-BCN``;
* Party ``n-TYPE/ISSUER``: ``19-CT/TU``, ``09-CTrHĐ/TU``, ``05-QĐ/QU``, ``11-TT-/QU`` (stray dash).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.terms import PARTY_TYPE_CODES, TYPE_CODES

# Party symbols whose Đ is often typed as D (``09-CTrHD/TU``): the Party code is CTrHĐ.
PARTY_CODE_TYPOS: dict[str, str] = {"CTRHD": "CTRHĐ"}

# Footnote markers glued to a symbol (``143/2020/NĐ-CP²``): normalize removes them upstream, but the
# number must still end before them (they are ``\w`` to ``re``).
FOOTNOTE_CHARS = "¹²³⁴⁵⁶⁷⁸⁹⁰"

# Vietnamese upper-case letters that start a symbol part. ``Ư`` starts ``ƯDCNTT`` (3364/BTTTT-ƯDCNTT).
_UP = "A-ZĐƯƠÂĂÊÔÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"
_LO = "a-zđươâăêôáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự"

# One part of a symbol: starts upper case (``TTg``, ``CTrHĐ``, ``QH14``, ``GD&ĐT``); lower-case
# letters allowed inside because ministries write ``TTg``, ``BNNPTNT``, ``Ctr``. Requiring the
# upper-case start keeps ``17/18 chỉ tiêu`` and dates out.
SYMBOL_PART = rf"[{_UP}][{_UP}{_LO}0-9&]*"

# A part continued on the next line after a dash (``2764/QĐ-\nTTg``, PDF line wrap): a code, upper
# case with at most one lower-case letter (``TTg``, ``CTr``), so ``… số 5/TB-\nVăn phòng`` stays apart.
_WRAPPED_PART = rf"-[ \t]*\n[ \t]*[{_UP}][{_UP}0-9&]*(?:[a-z][{_UP}0-9&]*)?(?![\w])"

# A part after a dash and one stray space (``346/UBND- NC``, ``787/QĐ- UBND``): a code, as above.
_SPACED_PART = rf"-[ \t][{_UP}][{_UP}0-9&]*(?:[a-z][{_UP}0-9&]*)?(?![\w])"

# A symbol: parts joined by ``-`` or ``/`` (``TTLT-BTC-BGDĐT``, ``TTLT/BNN-TCTK``, ``TC/QĐ/CĐKT``).
SYMBOL = rf"{SYMBOL_PART}(?:[-/]{SYMBOL_PART}|{_WRAPPED_PART}|{_SPACED_PART})*"

# A number: digits, optionally one letter suffix (``30a/2008/NQ-CP``, ``210A-TC/VP``).
NUMBER = r"\d{1,5}[a-zA-Z]?"

YEAR = r"(?:19[4-9]\d|20\d\d)"

# Separators may carry one stray space either side (``131 /2020/QH14``, ``19 - CT/TU``) and markdown
# emphasis left around the number (``Số: **43** /KH-UBND``).
_S = r"[ \t]?(?:\*\*)?[ \t]?"

# After the dash of a Party number, PDF text may break the line (``Chương trình hành động số 06-\n
# CTr/TU``, ``Nghị quyết số 19-\nNQ/TW``): the line break is part of the number.
_WRAP = rf"(?:{_S}|[ \t]*\n[ \t]*)"

# The whole số ký hiệu (the caller checks that it starts a token: ``starts_token``). Branches, most specific first:
#   normative  33/2021/NĐ-CP, 73/1999NĐ-CP (lost slash), 139/1999-QĐ-KHCN
#   party      19-CT/TU, 11-TT-/QU (stray dash before the slash), 999-TC/QĐ/CĐKT
#   admin      171/KH-UBND, 539/GDĐT, 1111/NQ-UBTVQH14
REF_RE = re.compile(
    rf"(?P<num>{NUMBER})"
    rf"(?:"
    rf"{_S}/{_S}(?P<year>{YEAR}){_S}[/-]?{_S}(?P<nsym>{SYMBOL})"
    rf"|{_S}-{_WRAP}(?P<ptype>{SYMBOL_PART})-?{_S}/{_S}(?P<psym>{SYMBOL})"
    rf"|{_S}/{_S}(?P<asym>{SYMBOL})"
    rf")(?=[{FOOTNOTE_CHARS}]|(?![\w]))"
)

# A Party or old-style number with no slash at all, only after a type word: ``Nghị định số
# 25-HĐBT``. Without a type word ``COVID-19``-like tokens would match, so ``find`` demands one.
BARE_DASH_REF_RE = re.compile(rf"(?:số|Số)[ \t]*:?[ \t]*(?P<ref>(?P<num>\d{{1,5}}){_S}-{_S}(?P<sym>{SYMBOL}))(?![\w/])")

# The cheap prefilter: a digit followed (within a stray space or markdown) by a slash or dash and a
# letter or digit. Only windows around such places are parsed.
PREFILTER_RE = re.compile(r"\d[ \t*]{0,4}[/-]")

# Every REF_RE match has its first ``/`` or ``-`` at most 10 characters after its start, right after
# the last digit of the number and at most 5 characters of ``[a-zA-Z]?[ \t]?(?:\*\*)?[ \t]?``;
# after that separator and ``_S`` come a year or an upper-case letter (a ``-`` first: only the
# letter). ``re`` finds a literal first character in a tight loop but tests a character class at
# every position (~10 ns/char): ``REF_RE.finditer`` ran at ~30 MB/s, these two literal-prefix scans
# at ~200 MB/s (realdocs). ``iter_refs`` then tries ``REF_RE.match`` only at the digits in the 11
# characters before each such separator; dates (``16/11/2020``) mostly fail the look-ahead.
_DIGIT_BEHIND = "(?:" + "|".join(rf"(?<=\d[a-zA-Z \t*]{{{k}}}.)" for k in range(6)) + ")"
_SLASH_AFTER_DIGIT_RE = re.compile(rf"/(?={_S}(?:{YEAR}|[{_UP}])){_DIGIT_BEHIND}")
_DASH_AFTER_DIGIT_RE = re.compile(rf"-(?={_WRAP}[{_UP}]){_DIGIT_BEHIND}")
_REF_WINDOW = 11


def separators_after_digit(text: str) -> list[int]:
    """Sorted offsets of every ``/`` or ``-`` that can be the first separator of a REF_RE or
    BARE_DASH_REF_RE match: within 5 characters after a digit, before a year or upper-case letter."""
    seps = [m.start() for m in _SLASH_AFTER_DIGIT_RE.finditer(text)]
    seps += [m.start() for m in _DASH_AFTER_DIGIT_RE.finditer(text)]
    seps.sort()
    return seps


def iter_refs(text: str, seps: list[int] | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``REF_RE.finditer(text)``, found by trying only positions near a separator.

    Exact: a match can only start at a digit at most 10 characters before a separator that
    ``separators_after_digit`` lists, and positions are tried in increasing order, each at most once,
    restarting after each match's end, as ``finditer`` does.
    """
    match = REF_RE.match
    nxt = 0
    for j in separators_after_digit(text) if seps is None else seps:
        p = max(nxt, j - _REF_WINDOW)
        while p < j:
            if text[p].isdecimal():  # ``\d`` of a str pattern is Unicode decimal
                m = match(text, p)
                if m:
                    yield m
                    p = m.end()
                    continue
            p += 1
        nxt = max(nxt, p)

def iter_bare_dash(text: str, seps: list[int]) -> Iterator[re.Match[str]]:
    """The matches of ``BARE_DASH_REF_RE.finditer(text)``, given ``separators_after_digit(text)``.

    Exact: every match has a ``-`` within 5 characters after its last digit (so in ``seps``); from
    that dash the only possible start is found by walking back over ``[ \t*]``, the digits and
    ``[ \t]*:?[ \t]*`` to ``số``/``Số``; candidates are tried in order, skipping overlaps as
    ``finditer`` does. Replaces a scan that tested ``[sS]`` at every character (~90 MB/s).
    """
    starts = []
    for j in seps:
        if text[j] != "-":
            continue
        i = j
        while i > 0 and text[i - 1] in " \t*":
            i -= 1
        k = i
        while k > 0 and text[k - 1].isdecimal():
            k -= 1
        if k == i:
            continue
        q = k
        while q > 0 and text[q - 1] in " \t":
            q -= 1
        if q > 0 and text[q - 1] == ":":
            q -= 1
            while q > 0 and text[q - 1] in " \t":
                q -= 1
        if q >= 2 and text[q - 2:q] in ("số", "Số"):
            starts.append(q - 2)
    end = 0
    for q in starts:  # ascending: ``seps`` is sorted and a later dash never walks back further
        if q < end:
            continue
        m = BARE_DASH_REF_RE.match(text, q)
        if m:
            yield m
            end = m.end()


def finditer_from(rx: re.Pattern[str], text: str, literals: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern every match of which starts with one of ``literals``.

    ``re`` scans a leading alternation like ``Luật|Pháp lệnh`` by testing the class of first letters
    at every character; ``str.find`` per literal, then ``rx.match`` at the hits in order (skipping
    those inside the previous match, as ``finditer`` does), is 1.5–3x faster. Exact when
    ``literals`` covers every possible start and ``rx`` has no look-behind at its start.
    """
    starts = set()
    for lit in literals:
        i = text.find(lit)
        while i >= 0:
            starts.add(i)
            i = text.find(lit, i + 1)
    end = 0
    for p in sorted(starts):
        if p < end:
            continue
        m = rx.match(text, p)
        if m:
            yield m
            end = m.end()


# Type words that introduce a citation, longest first so ``Thông tư liên tịch`` wins over ``Thông
# tư``. Case-insensitive on the first letter only: ``nghị định số 12`` is written, ``NGHỊ ĐỊNH`` is a
# heading. Old OCR writes ``sè`` for ``số``.
TYPE_WORD_LIST: tuple[str, ...] = (
    "Thông tư liên tịch", "Thông tư liên bộ", "Nghị quyết liên tịch", "Chương trình hành động",
    "Chương trình", "Chỉ thị", "Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Kế hoạch",
    "Công văn", "Kết luận", "Hướng dẫn", "Thông báo kết luận", "Thông báo", "Đề án", "Quy định",
    "Thông tri", "Bộ luật", "Luật", "Hiến pháp", "Pháp lệnh", "Chiến lược", "Tờ trình", "Báo cáo",
    "Công điện", "Quy chế", "Lệnh", "Văn bản", "Điều lệ", "Sắc lệnh", "Bộ tiêu chí",
)


def _cap_alt(word: str) -> str:
    head, rest = word[0], re.escape(word[1:])
    return f"[{head}{head.lower()}]{rest}"


TYPE_WORD_ALT = "|".join(_cap_alt(w) for w in TYPE_WORD_LIST)

# Type word, optional law name (``Luật Công nghệ thông tin số 67/2006/QH11``), then ``số``, right
# before a number. Matched backwards from the number on a short window (``$`` anchors at it).
TYPE_BEFORE_RE = re.compile(
    rf"(?P<type>{TYPE_WORD_ALT})"
    rf"(?P<lawname>(?:[ \t]+[^\s,;.()“”\"]+){{1,12}}?)??"
    rf"[ \t]*(?:\n[ \t]*)?(?:(?P<so>số|sè|So|Số)[ \t]*:?[ \t]*)?(?:\*\*)?$"
)

# ``số`` alone before the number, for list members and ``Quyết định … và số 08/2022/QĐ-TTg``.
SO_BEFORE_RE = re.compile(r"(?:^|\s)(?:số|Số)[ \t]*:?[ \t]*(?:\*\*)?$")

# Preceding numbers of a list sharing one symbol: ``số 01, 02 và 03/NQ-HĐND``.
LIST_BEFORE_RE = re.compile(r"(?P<items>(?:\d{1,5}[a-z]?[ \t]*(?:,|và|;)[ \t]*)+)$")

# The date that follows a citation: ``ngày 19 tháng 10 năm 2018``, ``ngày 16/11/2020``,
# ``ngày 18-3-1989``. Optional comma before it.
DATE_AFTER_RE = re.compile(
    r"^[ \t]*,?[ \t]*(?:\n[ \t]*)?(?:ban hành |được ban hành )?ngày[ \t]+(?P<d>\d{1,2})[ \t]*"
    r"(?:tháng[ \t]*(?P<m1>\d{1,2})[ \t]*(?:\n[ \t]*)?năm[ \t]*(?P<y1>\d{4})"
    r"|[/.-][ \t]*(?P<m2>\d{1,2})[ \t]*[/.-][ \t]*(?P<y2>\d{4}))"
)

# ``năm 2017`` right after a number (``54/2017/QH14 năm 2017``), kept in the surface.
YEAR_AFTER_RE = re.compile(r"^[ \t]+năm[ \t]+(?P<y>\d{4})\b")

# ``của <issuer>`` after the number or the date; the phrase itself is cut by ISSUER_STOP_RE (two
# linear regexes: one nested lazy pattern with a look-ahead alternation backtracked badly).
ISSUER_HEAD_RE = re.compile(r"^[ \t]*,?[ \t]*(?:\n[ \t]*)?của[ \t]+")

# Where an issuer phrase ends: punctuation, a paragraph break, or a word that begins the trích yếu
# or the rest of the sentence. ``và`` only before another instrument or a lower-case word (``Bộ
# Giáo dục và Đào tạo`` goes on). A lower-case word after a name that is whole — ``Chính phủ``,
# ``Quốc hội``, ``Ủy ban nhân dân tỉnh`` — begins the rest of the sentence (``của Chính phủ cơ sở
# dữ liệu …``, ``của UBND tỉnh công bố …``), except ``ủy`` and ``khóa`` (``Tỉnh ủy``, ``Quốc hội
# khóa XV``).
ISSUER_STOP_RE = re.compile(
    r"(?:(?<=Chính phủ)|(?<=Quốc hội)|(?<=[Tt]ỉnh)|(?<=[Hh]uyện)|(?<=[Qq]uận)|(?<=[Tt]hành phố))[ \t]+"
    rf"(?!(?:ủy|uỷ|khóa|khoá)\b)(?=[{_LO}])|[ \t]và(?=[ \t]+[{_LO}])|"
    r"[,;.:()“”\"]|\n[ \t]*\n|[ \t\n](?:về|ngày|quy định|hướng dẫn|ban hành|thực hiện|triển khai|phê duyệt"
    r"|sửa đổi|tại|theo|đã|được|có|nhằm|thì|trong|đối với|cho|để|giai đoạn|từ|với|gắn(?=[ \t]+với)|khi|là|do|nay|gồm"
    rf"|và(?=[ \t]+(?:{TYPE_WORD_ALT}|các|số|\d)))(?![\w])")

_BAD_BEFORE = frozenset("/.-")


def starts_token(text: str, pos: int) -> bool:
    """Whether a number starting at ``pos`` is a token of its own (not inside ``A12`` or ``1.5/2``).

    Checked in Python rather than by a look-behind, which would stop ``re`` from scanning for the
    first digit in C.
    """
    if pos == 0:
        return True
    c = text[pos - 1]
    return not (c.isalnum() or c == "_" or c in _BAD_BEFORE)


def type_of(code: str, *, party: bool = False) -> str | None:
    """The type word of a symbol code (``NĐ`` → ``Nghị định``), or ``None`` when unknown."""
    c = code.upper()
    if party and c in PARTY_TYPE_CODES:
        return PARTY_TYPE_CODES[c]
    if c.startswith("QH"):
        return "Nghị quyết"
    return TYPE_CODES.get(c)
