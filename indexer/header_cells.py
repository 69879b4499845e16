"""Reading a header's lines: markup reduced, table cells split, and the lines that mark a header's
parts (the number ``Số: …``, the type heading, the motto, the signature anchor)."""
from __future__ import annotations

import re

from indexer.terms import PARTY_TYPE_CODES, TYPE_CODES, TYPE_HEADINGS

ADDRESSEE_RE = re.compile(r"^\W*(Kính gửi|V/v)\b", re.IGNORECASE)


# ---- reading lines: markup and table layout ------------------------------------------------------

# Markdown emphasis and escapes left in .txt exports (``Số: **43** /KH-UBND``, ``KẾ HOẠCH**Thực…``).
_MD_MARK_RE = re.compile(r"\*\*|__|(?<!\w)\*|\*(?!\w)|\\(?=[-*_.()\[\]\s]|$)|^\s*#+\s+")
# Cell boundaries in a header laid out as a table: ``|`` (antiword, python-docx), tabs, runs of
# 3+ spaces (PDF text), and the ``**`` of a Markdown bold run gluing heading and title.
_CELL_SPLIT_RE = re.compile(r"\s*(?:\||\t|\*\*| {3,})\s*")


def plain(line: str) -> str:
    """A line without Markdown marks, table bars kept as cell breaks (``|``)."""
    if not any(c in line for c in "*_\\#"):
        return line.rstrip()
    line = line.replace("**", " | ") if "**" in line and _BOLD_GLUE_RE.search(line) else line
    return _MD_MARK_RE.sub("", line).rstrip()


# ``KẾ HOẠCH**Thực hiện`` : bold glued to a word on both sides separates two header parts.
_BOLD_GLUE_RE = re.compile(r"[^\W\d_]\*\*[^\W\d_]")


def cells(line: str) -> list[str]:
    """The non-empty cells of a (plain) line; separator runs like ``______`` are dropped."""
    if "|" not in line and "   " not in line and "\t" not in line and "**" not in line:
        return [line.strip()] if line.strip(" _-=*.·~") else []  # most lines: one cell, no regex
    return [c.strip() for c in _CELL_SPLIT_RE.split(line) if c.strip(" _-=*.·~")]


def is_upper(text: str) -> bool:
    """Has letters and no lower-case one (``str.isupper`` ignores digits and punctuation)."""
    return text.isupper()


# ---- the parts of a header --------------------------------------------------------------------

# ``Số: 171/KH-UBND``, ``Số 05-QĐ/QU``, ``Số:  779    /QĐ-UBND``, ``Số: 15/2010/QĐ-UBND``, and the
# blank number of a draft ``Số:      /KH-UBND``. The letter parts may not be followed by a bare word
# (the place of ``Số: 09/2009/CT-UBND Thủ Dầu Một, ngày …`` is not part of the number).
_REF_BODY = r"(?:\d[\d.]*\s*)?(?:/\s*(?:19|20)\d\d\s*)?[/-]\s*[A-Za-zĐđ][\wĐđ&]*(?:\s*[-/]\s*[A-Za-zĐđ0-9][\wĐđ&]*)*"
_NUMBER_RE = re.compile(r"(?:^|\|)\s*Số\s*(?:ký hiệu\s*)?[:.]?\s*(" + _REF_BODY + ")")
_PARTY_NUMBER_RE = re.compile(r"^\d+[.]?\s*-\s*[A-ZĐ]")


# A header's ``Số:`` sits in the left or right column of a two-column layout; one deeper in a
# table row (36-HD/VPTW's table of examples: ``|3. |Số và ký hiệu… |Số 127-QĐ/TW``) is content.
MAX_BARS_BEFORE_NUMBER = 2


def number_match(line: str) -> re.Match[str] | None:
    if "Số" not in line:
        return None
    m = _NUMBER_RE.search(line)
    if m and re.search(r"[A-Za-zĐđ]", m.group(1)) and line.count("|", 0, m.start()) <= MAX_BARS_BEFORE_NUMBER:
        return m
    return None


# Normative attachments issued "kèm theo" a decision: a document of their own.
_ATTACHMENT_TYPES = frozenset({"Quy định", "Quy chế", "Điều lệ", "Kế hoạch", "Chương trình", "Đề án",
                               "Hướng dẫn", "Phương án"})
_HEADING_TAIL_RE = re.compile(r"\s*(\(.*\))?\s*$")
_TYPE_PREFILTER_RE = re.compile(
    r"(?:^|\|)\s*(?:" + "|".join(sorted(map(re.escape, TYPE_HEADINGS), key=len, reverse=True)) + ")")


def type_heading(line: str) -> str | None:
    """The canonical type when a cell of the line is a type heading (``KẾ HOẠCH``,
    ``ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)``); ``QUYẾT ĐỊNH:`` (the enacting formula) is not one."""
    if not _TYPE_PREFILTER_RE.search(line):  # cheap test first: split() runs on every line
        return None
    for cell in cells(line)[:2]:
        if cell.endswith(":") or not is_upper(cell):
            continue
        key = re.sub(r"\s+", " ", _HEADING_TAIL_RE.sub("", cell)).strip()
        if key in TYPE_HEADINGS:
            return TYPE_HEADINGS[key]
    return None


def is_attachment_heading(line: str) -> bool:
    return type_heading(line) in _ATTACHMENT_TYPES and len(cells(line)) == 1


# The motto whatever marks OCR put on its vowels (``CỌNG HÒA XÃ HỌI``, ``CONG HOA XA HOI``).
MOTTO_RE = re.compile(r"C[^\W\d_]NG\s+H[^\W\d_]{1,2}\s+X[^\W\d_]\s+H[^\W\d_]I\b|Độc lập\s*-\s*Tự do"
                      r"|ĐẢNG CỘNG SẢN VIỆT NAM", re.IGNORECASE)
SEPARATOR_RE = re.compile(r"^[\s_\-=*.~·|]*$")


def is_headerish(line: str) -> bool:
    """Blank, separator, motto or upper-case agency line: what stands above a ``Số:`` line."""
    if SEPARATOR_RE.match(line) or MOTTO_RE.search(line):
        return True
    return all(is_upper(c) or MOTTO_RE.search(c) for c in cells(line))


_SIGNATURE_RE = re.compile(
    r"^\W*(Nơi nhận|Người nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.\s*CHỦ TỊCH|CHỦ TỊCH$|PHÓ CHỦ TỊCH$|GIÁM ĐỐC$|BÍ THƯ$|"
    r"TRƯỞNG PHÒNG$|CHÁNH VĂN PHÒNG$|BỘ TRƯỞNG$|THỦ TƯỚNG$|TRƯỞNG BAN$)")


_SIGNATURE_PREFILTER_RE = re.compile(
    r"nhận|TM\.|KT\.|TL\.|TUQ\.|CHỦ TỊCH|GIÁM ĐỐC|BÍ THƯ|TRƯỞNG|CHÁNH VĂN PHÒNG|THỦ TƯỚNG")


def is_signature_anchor(line: str) -> bool:
    if not _SIGNATURE_PREFILTER_RE.search(line):
        return False
    return any(_SIGNATURE_RE.match(c) for c in cells(line)[:3])


def type_from_number(ref: str) -> str | None:
    """The type named by the code of a number; ``Công văn`` numbers have no type code
    (``539/GDĐT``, ``2769/UBND-NCKSTTHC``) and give ``None``."""
    if _PARTY_NUMBER_RE.match(ref):  # 05-QĐ/QU: code after the dash
        code = ref.split("-", 1)[1].split("/", 1)[0]
        return PARTY_TYPE_CODES.get(code) or TYPE_CODES.get(code)
    parts = ref.split("/")
    rest = [p for p in parts[1:] if not re.fullmatch(r"(19|20)\d\d", p)]
    if not rest or "-" not in rest[0]:
        return None
    return TYPE_CODES.get(rest[0].split("-", 1)[0])
