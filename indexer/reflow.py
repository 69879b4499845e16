"""Read a hard-wrapped paragraph whole: the lines a PDF (or a wrapped text) broke, joined for the
citation finders, with every character where it was.

A PDF's text layer breaks each paragraph at the page's width: ``Căn cứ Luật Bảo`` | ``hiểm xã hội``,
``Chỉ thị số 23-CT/TU … của Ban Thường vụ`` | ``Thành ủy``. Read line by line, the name is cut and the
issuer lost. :func:`reflow` returns the text with each *soft* break replaced by a space — same
length, so every offset, and the file line computed from the original text, is unchanged.

A break is soft when the text shows it (never from the citation patterns): the document is
hard-wrapped (most of its lines stop near one width), the line reaches that width and does not end
a sentence or a clause, and the next line does not start a new item (a dash, a bullet, ``1.``,
``a)``, ``Điều``, ``Căn cứ`` …) or a heading in capitals. Documents written one paragraph per line
(the usual .txt and .docx) are returned as they are.
"""
from __future__ import annotations

import re

# A wrapped document: at least this many body lines, and this share of them ending near the width
# (within WIDTH_SLACK of the 90th-percentile line length).
MIN_LINES = 8
WRAPPED_SHARE = 0.4
WIDTH_SLACK = 0.25
MAX_WRAP_WIDTH = 160  # lines longer than this are paragraphs, not a page's width

# A full line ending in ";" or "," still runs on (the items of one "Căn cứ …; …; …" paragraph); a
# sentence's end or a colon may end the paragraph.
_ENDS_SENTENCE_RE = re.compile(r"[.:!?…]['\"”’)\]]*\s*$")
_STARTS_ITEM_RE = re.compile(
    r"^\s*(?:[-+•*–—]|\d{1,3}[.)]|[a-zđ][).]\s|[IVXLC]{1,6}[.)]\s|(?:Điều|Chương|Mục|Phần|Căn cứ|Xét|Theo đề nghị|"
    r"Nơi nhận|TM\.|KT\.|Q\.|Số:|Kính gửi)\b)")
_CAPS_LINE_RE = re.compile(r"^[^a-zàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]+$")


def _width(lengths: list[int]) -> int | None:
    """The page width of a hard-wrapped text, or ``None`` when its lines are paragraphs.

    Short lines (a header's cells, a signature, a paragraph's last line) say nothing of the width;
    the share is counted among lines of at least a third of it."""
    if len(lengths) < MIN_LINES:
        return None
    p90 = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    if p90 > MAX_WRAP_WIDTH or p90 < 30:
        return None
    body = [n for n in lengths if n >= p90 / 3]
    near = sum(1 for n in body if n >= (1 - WIDTH_SLACK) * p90)
    return p90 if len(body) >= MIN_LINES and near >= WRAPPED_SHARE * len(body) else None


def soft_breaks(lines: list[str]) -> list[int]:
    """Indexes ``i`` of the lines whose break before line ``i + 1`` is soft."""
    lengths = [len(ln.rstrip()) for ln in lines if ln.strip()]
    width = _width(lengths)
    if width is None:
        return []
    out = []
    for i in range(len(lines) - 1):
        cur, nxt = lines[i].rstrip(), lines[i + 1]
        if not cur.strip() or not nxt.strip():
            continue
        if len(cur) < (1 - WIDTH_SLACK) * width or _ENDS_SENTENCE_RE.search(cur):
            continue
        if _STARTS_ITEM_RE.match(nxt) or _CAPS_LINE_RE.match(nxt.strip()):
            continue
        out.append(i)
    return out


_SPLIT_TOKEN_RE = re.compile(r"[\w)]$")
_NEXT_TOKEN_RE = re.compile(r"^[^\s,;.]+")


def reflow(text: str) -> str:
    """``text`` with its soft line breaks as spaces (same length: offsets and lines unchanged).

    A number broken after its hyphen or slash (``3900/QĐ-`` | ``UBND``, as Word breaks them) is
    joined without a space: the break's space moves after the rest of the number, so only the
    characters of that rest shift, by one."""
    lines = text.split("\n")
    breaks = soft_breaks(lines)
    if not breaks:
        return text
    chars = list(text)
    pos, at = 0, set(breaks)
    for i, ln in enumerate(lines[:-1]):
        pos += len(ln)
        if i in at:
            rest = _NEXT_TOKEN_RE.match(lines[i + 1])
            if ln[-1:] in ("-", "/") and _SPLIT_TOKEN_RE.search(ln[:-1]) and rest:
                n = rest.end()
                chars[pos:pos + 1 + n] = [*lines[i + 1][:n], " "]
            else:
                chars[pos] = " "
        pos += 1
    return "".join(chars)
