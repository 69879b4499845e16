"""The date, place, title (trích yếu) and signer of a header."""
from __future__ import annotations

import re

from indexer.header_cells import MOTTO_RE, SEPARATOR_RE, cells, is_signature_anchor, is_upper, type_heading
from indexer.header_issuer import SURNAMES, sentence_case

# ---- place, date, title, signer ------------------------------------------------------------------

# ``Quận 1, ngày 08 tháng 6 năm 2022``, ``ngày 30/5/2022``, ``ngày    23   tháng    3   năm 2022``,
# a draft's ``ngày     tháng 12 năm 2011``. ``Hà Nội, 30/5/2022`` without ``ngày`` is not taken:
# in 171/KH-UBND it is OCR of a handwritten note below the real date.
_DATE_RE = re.compile(
    r"(?:^|,|\|)\s*ngày\s+(?P<d>\d{1,2})?\s*(?:tháng\s*|/\s*)(?P<m>\d{1,2})?\s*(?:năm\s*|/\s*)"
    r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def find_date(line: str) -> tuple[str | None, str | None] | None:
    """(ISO date or None for a blank draft date, place of issue or None), or None if no date."""
    m = _DATE_RE.search(line)
    if not m:
        return None
    date = None
    if m.group("d") and m.group("m"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo):
            date = f"{y:04d}-{mo:02d}-{d:02d}"
    words = re.split(r"[\s|]+", line[:m.start()].strip(" ,|"))
    place: list[str] = []
    for w in reversed(words):
        if not w or not (w[0].isupper() or w[0].isdigit()) or "/" in w or len(place) >= 5:
            break
        place.insert(0, w)
    return date, (" ".join(place) or None)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# The trích yếu ends where the body begins.
BODY_START_RE = re.compile(
    r"^\W*(Căn cứ|Thực hiện|Kính gửi|Theo đề nghị|Xét đề nghị|Trên cơ sở|Điều \d|[IVX]+\.\s|\d+\.\s|"
    r"(Phần|Chương) [IVX\d]+\b|\(?(Ban hành )?[Kk]èm theo)")
# A title may itself begin with "Thực hiện …" (17/KH-UBND): its first line is only refused when it
# opens a preamble or an article.
_NOT_TITLE_START_RE = re.compile(r"^\W*(Căn cứ|Kính gửi|Điều \d|[IVX]+\.\s|\(?(Ban hành )?[Kk]èm theo)")
MAX_TITLE_LINES = 6
MAX_TITLE_CHARS = 600


def title_after_heading(lines: list[str], h: int) -> str | None:
    parts = cells(lines[h])
    k = next((i for i, c in enumerate(parts) if type_heading(c)), 0)
    collected = parts[k + 1:]
    j = h + 1
    while not collected and j < len(lines) and not lines[j].strip() and j < h + 4:
        j += 1
    while j < len(lines) and len(collected) < MAX_TITLE_LINES:
        line = lines[j].strip(" |")
        body = BODY_START_RE if collected else _NOT_TITLE_START_RE
        if not line or SEPARATOR_RE.match(line) or body.match(line) or MOTTO_RE.search(line):
            break
        if collected and is_upper(line) and not is_upper(" ".join(collected)):
            break  # the enacting body (``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``) follows the title
        if type_heading(line):
            break
        collected.append(" ".join(cells(line)))
        j += 1
    return _join_title(collected)


def title_of_letter(lines: list[str], start: int) -> str | None:
    """The ``V/v …`` / ``Về …`` trích yếu of a Công văn, under its number."""
    for j in range(start, min(len(lines), start + 12)):
        first = (cells(lines[j]) or [""])[0]
        if re.match(r"^(V/v|v/v|Về)\s", first):
            collected = [first]
            for line in lines[j + 1:j + MAX_TITLE_LINES]:
                nxt = (cells(line) or [""])[0]
                if not nxt or BODY_START_RE.match(nxt) or MOTTO_RE.search(nxt) or find_date(nxt) \
                        or is_upper(nxt):
                    break
                collected.append(nxt)
            return _join_title(collected)
    return None


# A Tham luận prints its subject as ``CHỦ ĐỀ: Giải pháp …``: the label is not part of the title.
_TITLE_LABEL_RE = re.compile(r"^(?:CHỦ ĐỀ|Chủ đề)\s*:[\s;,]*")


def _join_title(parts: list[str]) -> str | None:
    title = re.sub(r"\s+", " ", " ".join(parts)).strip(" .;:|-")
    title = _TITLE_LABEL_RE.sub("", title)
    if not title:
        return None
    if is_upper(title):
        title = sentence_case(title)
    return title[:MAX_TITLE_CHARS]


# A signer: 2-5 capitalised syllables, the first a Vietnamese surname (or 3+ syllables).
_NOT_NAME_WORDS = frozenset(["Nơi", "Nhận", "Như", "Điều", "Lưu", "Chủ", "Tịch", "Phó", "Giám", "Đốc", "Ủy", "Ban", "Nhân", "Dân", "Phòng", "Sở", "Quận", "Huyện", "Tỉnh", "Thành", "Phố", "Kính", "Gửi", "Trưởng", "Văn", "Bí", "Thư", "Đã", "Ký"])
SIGNER_SPAN = 40


def _is_name(cell: str) -> bool:
    words = cell.split()
    if not 2 <= len(words) <= 5 or not all(
            w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return False
    if words[0] in SURNAMES:
        return not any(w in ("Ủy", "Ban", "Phòng", "Sở", "Quận", "Huyện", "Tỉnh", "Điều") for w in words)
    return len(words) >= 3 and not any(w in _NOT_NAME_WORDS for w in words)


def find_signer(lines: list[str], after: int) -> str | None:
    anchors = [i for i in range(after, len(lines)) if is_signature_anchor(lines[i])]
    for a in anchors[:3]:
        for line in lines[a:a + SIGNER_SPAN]:
            for cell in cells(line):
                if _is_name(cell):
                    return cell
    return None
