"""Documents without a header block: texts copied from a legal portal, whose first line is the
title (type word first), followed by an issuer line or an enacting sentence naming the issuer."""
from __future__ import annotations

import re

from indexer.header_fields import BODY_START_RE, MAX_TITLE_CHARS
from indexer.header_issuer import CENTRAL_CITIES, FIELDS, PROVINCES, agency_units, issuer_from_units
from indexer.models import DocumentMeta
from indexer.normalize import fold

# ---- documents without a header ----------------------------------------------------------------

# Texts copied from a legal portal (vbpl.vn and the like) keep no header block: the first line is
# the title, type word first (``Quyết định về việc …``, ``Chỉ thị về …``, ``Thông tư liên tịch quy
# định …``), often followed by an issuer line (``Ủy ban nhân dân thành phố hồ chí minh``, ``Chính
# phủ``) and then ``Căn cứ …``. Not a title: a sentence about an instrument (``Quyết định này …``,
# ``Quyết định số 12/…``).
_LEAD_TYPES = ("Thông tư liên tịch", "Nghị quyết liên tịch", "Quyết định", "Chỉ thị", "Nghị quyết",
               "Nghị định", "Thông tư", "Kế hoạch", "Báo cáo", "Thông báo", "Hướng dẫn", "Công điện",
               "Tờ trình", "Chương trình", "Đề án", "Quy định", "Quy chế", "Pháp lệnh", "Luật", "Kết luận")
_LEAD_TITLE_RE = re.compile(
    r"^\s*(?P<type>" + "|".join(_LEAD_TYPES) + r")\s+(?!(?:số|này|nói|đó|của|trên|được|đã|và|có|là|ngày|nêu|"
    r"tại|sau|trước|cũng|thì|phải|sẽ|không|cho|với|theo)\b)(?P<title>[^\W\d_][^\n]*)$")
# The issuer line under a lead title: an agency and its locality, nothing else. ``Chủ tịch`` of a
# UBND decides for the UBND (the gold records 847/QĐ-UBND, signed by the Chủ tịch, as UBND TP.HCM).
_ISSUER_LINE_RE = re.compile(
    r"^\s*(?:Chủ tịch\s+)?(?P<agency>(?:Ủy|Uỷ) ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Chính phủ|"
    r"Thủ tướng Chính phủ|Quốc hội|(?:Ủy|Uỷ) ban thường vụ quốc hội|Bộ|Sở|Tỉnh (?:ủy|uỷ)|Thành (?:ủy|uỷ)|"
    r"Quận (?:ủy|uỷ)|Huyện (?:ủy|uỷ)|Ban chấp hành trung ương|Bộ chính trị|Ban bí thư|Văn phòng|Kiểm toán "
    r"nhà nước|Ngân hàng nhà nước(?: việt nam)?|Thanh tra chính phủ)\b(?:[^.;:!?]|(?<=TP)\.)*$", re.IGNORECASE)
MAX_ISSUER_LINE_WORDS = 12
# How far below a lead title (or a header-less heading) the issuer line may stand.
LEAD_ISSUER_SPAN = 6
# In the body: the issuer giving its orders (``Uỷ ban nhân dân thành phố yêu cầu``, ``Bộ trưởng Bộ
# Công Thương yêu cầu``, ``Bộ Tư pháp quy định``, ``Liên tịch Bộ Tài chính và Bộ … quy định``).
_ENACTING_VERBS = r"(?:yêu cầu|chỉ thị|quy định|hướng dẫn|xây dựng [Kk]ế hoạch|ban hành|quyết định)"
_ENACTING_UBND_RE = re.compile(
    r"(?:^|[.;:,]\s+)\W*(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?P<admin>tỉnh|[Tt]hành phố)"
    r"\s+" + _ENACTING_VERBS + r"\b")
_ENACTING_MINISTRY_RE = re.compile(
    r"(?:^|[.;:,]\s+)\W*(?:Bộ trưởng\s+|Liên tịch\s+)?(?P<m1>Bộ [^\W\d_][^.;:]*?)"
    r"(?:\s+và\s+(?P<m2>Bộ [^\W\d_][^.;:]*?))?\s+" + _ENACTING_VERBS + r"\b")
BODY_ISSUER_SPAN = 150


def read_lead_title(lines: list[str], h: DocumentMeta) -> None:
    """Type, title and issuer of a document whose first line is its title (no header block)."""
    first = next((i for i, line in enumerate(lines[:5]) if line.strip()), None)
    if first is None:
        return
    m = _LEAD_TITLE_RE.match(lines[first])
    if not m or not m.group("title")[0].islower() or len(lines[first]) > MAX_TITLE_CHARS:
        return  # ``Quyết định Ban hành …`` in a body line, or a long sentence
    h.doc_type = m.group("type")
    h.title = m.group("title").strip(" .;")
    below = []
    for line in lines[first + 1:first + 1 + LEAD_ISSUER_SPAN]:
        if BODY_START_RE.match(line.lstrip(" -")):
            break
        below.append(line)
    found = issuer_line(below, lines) or _issuer_from_body(lines)
    if found:
        h.issuer, h.district = found


def issuer_line(lines: list[str], context: list[str] | None = None) -> tuple[str, str | None] | None:
    """(issuer, district) of the first line that names only an agency (``Ủy ban nhân dân quận 5``)."""
    for line in lines:
        text = re.sub(r"\s+", " ", line).strip(" |")
        if not text or len(text.split()) > MAX_ISSUER_LINE_WORDS or not _ISSUER_LINE_RE.match(text):
            continue
        text = re.sub(r"^Chủ tịch\s+", "", text, flags=re.IGNORECASE)
        units = agency_units([text.upper()])
        issuer = issuer_from_units(units)
        if issuer and re.fullmatch(r"(UBND|HĐND) (tỉnh|TP|thành phố)", issuer):  # ``Ủy ban nhân dân tỉnh``
            issuer = _complete_locality(issuer, context or lines)
        if issuer:
            return issuer, next((u.district for u in units if u.district), None)
    return None


def _issuer_from_body(lines: list[str]) -> tuple[str, str | None] | None:
    """The issuer named by an enacting sentence of a header-less text, its locality completed from
    the places the text names; ``None`` when the locality stays unknown (``Uỷ ban nhân dân quận``)."""
    for line in lines[:BODY_ISSUER_SPAN]:
        if "yêu cầu" not in line and "quy định" not in line and "chỉ thị" not in line \
                and "hướng dẫn" not in line and "ế hoạch" not in line and "ban hành" not in line:
            continue
        m = _ENACTING_UBND_RE.search(line)
        if m:
            admin = "tỉnh" if m.group("admin") == "tỉnh" else "TP"
            issuer = _complete_locality(f"UBND {admin}", lines)
            return (issuer, None) if issuer else None
        m = _ENACTING_MINISTRY_RE.search(line)
        if m:
            names = [_ministry(m.group(g)) for g in ("m1", "m2") if m.group(g)]
            if all(names):
                return " và ".join(names), None  # type: ignore[arg-type]
    return None


def _ministry(phrase: str) -> str | None:
    """``Bộ Công Thương`` → ``Bộ Công Thương``, for ministries whose field is known."""
    field = FIELDS.get(fold(phrase[3:].strip(), lower=True))
    return f"Bộ {field}" if field else None


def _mention_re(word: str, names: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex over folded text for ``<word> <name>``, and folded name → name."""
    folded = {re.sub(r"\s+", " ", fold(n, lower=True)): n for n in names}
    alts = "|".join(sorted(map(re.escape, folded), key=len, reverse=True)).replace("\\ ", r"\s+")
    return re.compile(rf"\b{word}\s+({alts})\b"), folded


_PROVINCE_MENTION = _mention_re("tinh", PROVINCES)
_CITY_MENTION = _mention_re(r"(?:thanh pho|tp\.?)", CENTRAL_CITIES)


def _complete_locality(issuer: str, lines: list[str]) -> str | None:
    """``UBND tỉnh`` + the one province the text names (``tỉnh Gia Lai`` …) → ``UBND tỉnh Gia Lai``;
    a city likewise (``thành phố hà nội`` → ``UBND TP Hà Nội``). ``None`` when the text names none,
    or several without one clearly first."""
    head, admin = issuer.split(" ", 1)
    rx, names = _PROVINCE_MENTION if admin == "tỉnh" else _CITY_MENTION
    counts: dict[str, int] = {}
    for m in rx.finditer(fold("\n".join(lines), lower=True)):
        name = names[m.group(1)]
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    best = ranked[0][0]
    if admin == "tỉnh":
        return f"{head} tỉnh {best}"
    return f"{head} TP.HCM" if best == "Hồ Chí Minh" else f"{head} TP {best}"
