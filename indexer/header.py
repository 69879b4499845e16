"""Read the header of one document: số ký hiệu, type, issuer, district, date, title, signer.

Headers follow Nghị định 30/2020/NĐ-CP's layout (agency lines, ``Số: 171/KH-UBND``, place and date,
the type heading, the trích yếu, the signer after ``Nơi nhận``) but come from OCR, Markdown,
antiword tables (``|`` cells) and PDF text layers, so every field is read from *cells* of lines,
never from fixed positions. Texts copied from legal portals have no header at all: their first
line is the title, type word first, then an issuer line or an enacting sentence names the issuer
(``_read_lead_title``). ``indexer.documents`` decides where each document starts and calls
``parse_header``. Nothing here raises on any text: unknown fields are ``None``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.normalize import fold
from indexer.places import HCMC_DISTRICTS, canonical_district
from indexer.refs import normalize_ref
from indexer.terms import PARTY_TYPE_CODES, TYPE_CODES, TYPE_HEADINGS

_ADDRESSEE_RE = re.compile(r"^\W*(Kính gửi|V/v)\b", re.IGNORECASE)


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


def _is_upper(text: str) -> bool:
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
        if cell.endswith(":") or not _is_upper(cell):
            continue
        key = re.sub(r"\s+", " ", _HEADING_TAIL_RE.sub("", cell)).strip()
        if key in TYPE_HEADINGS:
            return TYPE_HEADINGS[key]
    return None


def is_attachment_heading(line: str) -> bool:
    return type_heading(line) in _ATTACHMENT_TYPES and len(cells(line)) == 1


_MOTTO_RE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|Độc lập\s*-\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^[\s_\-=*.~·|]*$")


def is_headerish(line: str) -> bool:
    """Blank, separator, motto or upper-case agency line: what stands above a ``Số:`` line."""
    if _SEPARATOR_RE.match(line) or _MOTTO_RE.search(line):
        return True
    return all(_is_upper(c) or _MOTTO_RE.search(c) for c in cells(line))


_SIGNATURE_RE = re.compile(
    r"^\W*(Nơi nhận|Người nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.\s*CHỦ TỊCH|CHỦ TỊCH$|PHÓ CHỦ TỊCH$|GIÁM ĐỐC$|BÍ THƯ$|"
    r"TRƯỞNG PHÒNG$|CHÁNH VĂN PHÒNG$|BỘ TRƯỞNG$|THỦ TƯỚNG$|TRƯỞNG BAN$)")


_SIGNATURE_PREFILTER_RE = re.compile(
    r"nhận|TM\.|KT\.|TL\.|TUQ\.|CHỦ TỊCH|GIÁM ĐỐC|BÍ THƯ|TRƯỞNG|CHÁNH VĂN PHÒNG|THỦ TƯỚNG")


def is_signature_anchor(line: str) -> bool:
    if not _SIGNATURE_PREFILTER_RE.search(line):
        return False
    return any(_SIGNATURE_RE.match(c) for c in cells(line)[:3])


# ---- agencies, places and names ------------------------------------------------------------------

# Province-level units (before and after the 2025 merger), to recognise a place of issue and to
# restore capitals in an upper-case title. Centrally-run cities are written ``TP <name>``.
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
CENTRAL_CITIES: tuple[str, ...] = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_PROPER_NAMES = PROVINCES + CENTRAL_CITIES + ("Việt Nam", "Thủ Đức") + tuple(
    re.sub(r"^(Quận|Huyện|Thành phố)\s+", "", d) for d in HCMC_DISTRICTS if not d[-1].isdigit())

# Central bodies written in full in the gold vocabulary.
_FIXED_AGENCIES = {fold(k, lower=True): k for k in (
    "Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Thủ tướng Chính phủ", "Văn phòng Chính phủ",
    "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Ban Chấp hành Trung ương", "Bộ Chính trị",
    "Ban Bí thư", "Văn phòng Trung ương Đảng", "Kiểm toán Nhà nước", "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao")}
# Other spellings of those bodies: ``BAN CHẤP HÀNH TRUNG ƯƠNG`` / ``VĂN PHÒNG`` (36-HD/VPTW).
_FIXED_AGENCIES[fold("Văn phòng Ban Chấp hành Trung ương", lower=True)] = "Văn phòng Trung ương Đảng"
# Capitals an upper-case agency name keeps in sentence case (``Ban Chỉ đạo phòng, chống dịch
# COVID-19 TP.HCM``, ``Ban Chỉ huy PCTT và TKCN``, ``Đề án 06``).
_AGENCY_CAPITALS = ((re.compile(r"\bBan (chỉ đạo|chỉ huy|quản lý|thường vụ|chấp hành)\b"),
                     lambda m: "Ban " + m.group(1)[:1].upper() + m.group(1)[1:]),
                    (re.compile(r"\bđề án (?=\d)"), lambda m: "Đề án "))
# Fields of ministries, departments (Sở) and offices (Phòng), as each is written.
_FIELDS = {fold(k, lower=True): k for k in (
    "Nội vụ", "Tài chính", "Y tế", "Tư pháp", "Công an", "Quốc phòng", "Ngoại giao", "Xây dựng",
    "Công Thương", "Giáo dục và Đào tạo", "Thông tin và Truyền thông", "Kế hoạch và Đầu tư",
    "Lao động - Thương binh và Xã hội", "Giao thông vận tải", "Tài nguyên và Môi trường",
    "Văn hóa, Thể thao và Du lịch", "Khoa học và Công nghệ", "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường", "Dân tộc và Tôn giáo", "Tài chính - Kế hoạch", "Văn hóa và Thông tin",
    "Tư pháp - Hộ tịch", "Kinh tế", "Quản lý đô thị", "Y tế - Dân số")}
_ABBREVIATIONS = {"ỦY BAN NHÂN DÂN": "UBND", "HỘI ĐỒNG NHÂN DÂN": "HĐND", "GIÁO DỤC VÀ ĐÀO TẠO": "GD&ĐT",
                  "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM": "Ủy ban MTTQ Việt Nam"}
# What an agency line starts with when it names a new unit (else it continues the previous line:
# ``ỦY BAN NHÂN DÂN`` / ``QUẬN TÂN PHÚ``).
_UNIT_START_RE = re.compile(
    r"^(ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|SỞ|BỘ|PHÒNG|BAN|VĂN PHÒNG|TRUNG TÂM|CỤC|CHI CỤC|TRƯỜNG|"
    r"CÔNG AN|ĐẢNG BỘ|ĐẢNG ỦY|QUẬN ỦY|HUYỆN ỦY|THÀNH ỦY|TỈNH ỦY|THỊ ỦY|CHÍNH PHỦ|QUỐC HỘI|THỦ TƯỚNG|"
    r"THANH TRA|NGÂN HÀNG|TÒA ÁN|VIỆN|KHO BẠC|CHI NHÁNH|BCH|BCĐ|TỔNG CỤC|HỘI)\b")
# Agency names broken over two lines whose second line would look like a unit of its own
# (``ỦY BAN THƯỜNG VỤ`` / ``QUỐC HỘI``).
_INCOMPLETE_HEADS = frozenset({"uy ban thuong vu", "ban thuong vu", "ban chap hanh", "uy ban nhan dan",
                               "hoi dong nhan dan", "ban chap hanh dang bo", "van phong"})
_LOCALITY_RE = re.compile(
    r"^(?P<unit>.*?)\s*\b(?P<admin>THÀNH PHỐ|TP\.|TP|TỈNH|QUẬN|HUYỆN|THỊ XÃ|THỊ TRẤN|PHƯỜNG|XÃ)"
    r"\s*(?P<name>(?!ỦY\b)[^\W_].*)$")
_PARTY_COMMITTEE_RE = re.compile(r"^(QUẬN|HUYỆN|THÀNH|TỈNH|THỊ|ĐẢNG) ỦY$")
_SURNAMES = frozenset(
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trương", "Lâm", "Mai", "Trịnh", "Đinh", "Lưu", "Cao", "Tô", "Hà", "Tạ", "Châu", "Thái", "Lương", "Quách", "Từ", "Kiều", "Tăng", "Lại", "Triệu", "Chu", "Nông", "La", "Hứa", "Phùng", "Đàm", "Khổng", "Thân", "Lò", "Văn", "Tống", "Diệp", "Mạc", "Âu", "Hầu", "Giang", "Thạch", "Kim", "Lục", "Ông", "Quan", "Tôn", "Viên", "Ninh", "Bạch", "Lữ", "Y"])


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _title_case(name: str) -> str:
    return " ".join(_cap(w) for w in name.split())


# The shape of one Vietnamese syllable (accents folded): onset, 1-3 vowels, coda. An upper-case
# token of another shape is an acronym to keep as written (``UBND``, ``PCTT``, ``PAR``, ``INDEX``).
_SYLLABLE_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{0,3}(ng|nh|ch|[cmnpt])?$")


def _is_syllable(token: str) -> bool:
    t = fold(token, lower=True)
    return bool(re.search(r"[aeiouy]", t)) and bool(_SYLLABLE_RE.match(t))


def sentence_case(text: str) -> str:
    """An upper-case title in sentence case: capitals kept for the first word, the word after an
    opening quote, Roman numerals, acronyms (not shaped like a syllable: ``UBND``, ``CCHC``; or
    with digits: ``COVID-19``) and known place names (``TÂN PHÚ`` → ``Tân Phú``)."""
    out = []
    for i, tok in enumerate(text.split()):
        core = tok.strip("“”\"'‘’()[],.;:")
        if re.fullmatch(r"[IVXLC]+", core) or re.search(r"\d", core) or (core and not _is_syllable(core)):
            out.append(tok)
            continue
        low = tok.lower()
        if i == 0 or tok[:1] in "“\"‘(":
            j = next((k for k, c in enumerate(low) if c.isalpha()), 0)
            low = low[:j] + low[j:j + 1].upper() + low[j + 1:]
        out.append(low)
    result = " ".join(out)
    for name in _PROPER_NAMES:
        result = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, result)
    for rx, body in _BODY_NAMES:
        result = rx.sub(body, result)
    return result


# Central bodies keep their capitals in a sentence-cased title (60-NQ/TW: ``… Ban Chấp hành Trung
# ương Đảng khóa XIII``).
_BODY_NAMES = tuple((re.compile(rf"(?<!\w){re.escape(b.lower())}(?!\w)"), b) for b in (
    "Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư",
    "Đảng Cộng sản Việt Nam", "Ủy ban Thường vụ Quốc hội", "Quốc hội", "Chính phủ"))


def _locality(admin: str, name: str) -> tuple[str, str | None]:
    """(written locality, canonical HCMC district or None) of ``QUẬN`` + ``TÂN PHÚ``."""
    admin = "THÀNH PHỐ" if admin.startswith("TP") else admin
    name = name.strip(" .,;:-")
    district = canonical_district(f"{admin} {name}") if admin in ("QUẬN", "HUYỆN", "THÀNH PHỐ") else None
    if district:
        return district, district
    if admin == "THÀNH PHỐ" and fold(name, lower=True).replace(" ", "") in ("hochiminh", "hcm"):
        return "TP.HCM", None
    if admin == "THÀNH PHỐ":
        return f"TP {_title_case(name)}", None
    return f"{admin.lower()} {_title_case(name)}", None


def _unit_name(unit: str) -> str:
    """``SỞ NỘI VỤ`` → ``Sở Nội vụ``; ``ỦY BAN NHÂN DÂN`` → ``UBND``; ``QUẬN ỦY`` → ``Quận ủy``."""
    unit = re.sub(r"\s+", " ", unit).strip(" .,;:-")
    key = fold(unit, lower=True)
    if key in _FIXED_AGENCIES:
        return _FIXED_AGENCIES[key]
    for long, short in _ABBREVIATIONS.items():
        unit = re.sub(rf"\b{long}\b", short, unit)
    m = re.match(r"^(BỘ|SỞ|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC)\s+(.+)$", unit)
    if m:
        field = _FIELDS.get(fold(m.group(2), lower=True))
        return f"{_cap(m.group(1)) if ' ' not in m.group(1) else m.group(1).capitalize()} " + (
            field or _keep_acronyms(m.group(2)))
    name = _keep_acronyms(unit, first_cap=True)
    for rx, fix in _AGENCY_CAPITALS:
        name = rx.sub(fix, name)
    return name


def _keep_acronyms(text: str, first_cap: bool = True) -> str:
    words = []
    for i, w in enumerate(text.split()):
        if not _is_syllable(w.strip(",.;:()")) or not _is_upper(w):
            words.append(w)
        else:
            words.append(_cap(w) if i == 0 and first_cap else w.lower())
    return " ".join(words)


@dataclass
class _Unit:
    """One agency of a header (``ỦY BAN NHÂN DÂN`` + ``QUẬN 1``), from the top line down."""

    unit: str
    locality: str | None = None
    district: str | None = None


def _agency_units(lines: list[str]) -> list[_Unit]:
    """The agencies named by the upper-case lines above ``Số:`` (first cell of each line)."""
    texts: list[str] = []
    for line in lines:
        parts = cells(line)
        first = parts[0] if parts else ""
        motto = _MOTTO_RE.search(first)  # columns joined by one space: keep the left one
        text = re.sub(r"\s+", " ", first[:motto.start()] if motto else first).strip().replace("UỶ", "ỦY")
        if not _is_upper(text) or "DỰ THẢO" in text or len(re.sub(r"[\W\d_]", "", text)) < 3:
            continue
        if texts and (fold(texts[-1], lower=True) in _INCOMPLETE_HEADS or (
                not _UNIT_START_RE.match(text) and not _LOCALITY_RE.match(texts[-1]))):
            texts[-1] += " " + text
        else:
            texts.append(text)
    units = []
    for text in texts:
        m = _LOCALITY_RE.match(text)
        if m and m.group("unit"):
            locality, district = _locality(m.group("admin"), m.group("name"))
            units.append(_Unit(m.group("unit"), locality, district))
        else:
            party = re.match(r"^((?:TỈNH|THÀNH) ỦY)\s+(.+)$", text)
            if party:  # TỈNH ỦY LÂM ĐỒNG: the committee is named after the province
                units.append(_Unit(party.group(1), f"tỉnh {_title_case(party.group(2))}"))
            else:
                units.append(_Unit(text))
    return units


def _issuer_from_units(units: list[_Unit]) -> str | None:
    """The issuing unit is the lowest one, qualified by the nearest locality above it:
    ``ỦY BAN NHÂN DÂN QUẬN 1`` / ``PHÒNG GIÁO DỤC VÀ ĐÀO TẠO`` → ``Phòng GD&ĐT Quận 1``."""
    if not units:
        return None
    child = units[-1]
    locality = child.locality or next((u.locality for u in reversed(units) if u.locality), None)
    name = _unit_name(child.unit)
    if _PARTY_COMMITTEE_RE.match(child.unit):
        return _party_issuer(name, locality)
    if _DIVISION_RE.match(child.unit) and len(units) > 1 and units[-2].unit.startswith("VĂN PHÒNG"):
        units, child = units[:-1], units[-2]  # a division of an office signs for the office
        name = _unit_name(child.unit)
    if child.unit.startswith("VĂN PHÒNG") and len(child.unit.split()) <= 4 and len(units) > 1:
        parent = units[-2]
        joined = f"{name} {_unit_name(parent.unit)}"
        if fold(joined, lower=True) in _FIXED_AGENCIES:  # Văn phòng + Ban Chấp hành Trung ương
            return _FIXED_AGENCIES[fold(joined, lower=True)]
        return joined + (f" {parent.locality}" if parent.locality else "")
    if name in _FIXED_AGENCIES.values():
        return name
    return f"{name} {locality}" if locality else name


# ``VĂN PHÒNG UBND TỈNH BÌNH THUẬN`` / ``PHÒNG NCKSTTHC``: a Phòng under a Văn phòng is one of its
# internal divisions, which has no seal of its own; the Văn phòng is the issuer (the Phiếu trình of
# Văn phòng UBND tỉnh Bình Thuận). A Phòng under a UBND (``Phòng GD&ĐT Quận 1``) is an agency.
_DIVISION_RE = re.compile(r"^PHÒNG\b")


def _party_issuer(name: str, locality: str | None) -> str:
    if not locality:
        return name
    if locality == "TP.HCM":
        return "Thành ủy TP.HCM"
    return f"{name} {re.sub(r'^(tỉnh|TP) ', '', locality)}"


def _place_locality(place: str | None) -> tuple[str | None, str | None]:
    """(locality, district) of a place of issue: ``Quận 1`` → district, ``Lâm Đồng`` → ``tỉnh Lâm Đồng``."""
    if not place:
        return None, None
    district = canonical_district(place)
    if district:
        return district, district
    bare = re.sub(r"^(TP\.?|Thành phố|thành phố)\s*", "", place).strip()
    folded = fold(bare, lower=True).replace(" ", "")
    if folded in ("hochiminh", "hcm"):
        return "TP.HCM", None
    for city in CENTRAL_CITIES:
        if fold(city, lower=True).replace(" ", "") == folded:
            return f"TP {city}", None
    for province in PROVINCES:
        if fold(province, lower=True).replace(" ", "") == folded:
            return f"tỉnh {province}", None
    return None, None


def _issuer_from_number(number: str | None, locality: str | None, district: str | None) -> str | None:
    """``171/KH-UBND`` issued in ``Quận 1`` → ``UBND Quận 1``; ``05-QĐ/QU`` → ``Quận ủy <district>``."""
    if not number or not locality:
        return None
    code = re.split(r"[-/]", number)[-1]
    if code in ("UBND", "HĐND"):
        return f"{code} {locality}"
    if code in ("QU", "HU") and district:
        return f"{'Quận' if code == 'QU' else 'Huyện'} ủy {district}"
    if code == "TU" and not district:
        return _party_issuer("Tỉnh ủy" if locality.startswith("tỉnh") else "Thành ủy", locality)
    if code == "TU" and district:
        return "Thành ủy TP.HCM"
    return None


# ---- place, date, title, signer ------------------------------------------------------------------

# ``Quận 1, ngày 08 tháng 6 năm 2022``, ``ngày 30/5/2022``, ``ngày    23   tháng    3   năm 2022``,
# a draft's ``ngày     tháng 12 năm 2011``. ``Hà Nội, 30/5/2022`` without ``ngày`` is not taken:
# in 171/KH-UBND it is OCR of a handwritten note below the real date.
_DATE_RE = re.compile(
    r"(?:^|,|\|)\s*ngày\s+(?P<d>\d{1,2})?\s*(?:tháng\s*|/\s*)(?P<m>\d{1,2})?\s*(?:năm\s*|/\s*)"
    r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def _find_date(line: str) -> tuple[str | None, str | None] | None:
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
_BODY_START_RE = re.compile(
    r"^\W*(Căn cứ|Thực hiện|Kính gửi|Theo đề nghị|Xét đề nghị|Trên cơ sở|Điều \d|[IVX]+\.\s|\d+\.\s|"
    r"(Phần|Chương) [IVX\d]+\b|\(?(Ban hành )?[Kk]èm theo)")
# A title may itself begin with "Thực hiện …" (17/KH-UBND): its first line is only refused when it
# opens a preamble or an article.
_NOT_TITLE_START_RE = re.compile(r"^\W*(Căn cứ|Kính gửi|Điều \d|[IVX]+\.\s|\(?(Ban hành )?[Kk]èm theo)")
MAX_TITLE_LINES = 6
MAX_TITLE_CHARS = 600


def _title_after_heading(lines: list[str], h: int) -> str | None:
    parts = cells(lines[h])
    k = next((i for i, c in enumerate(parts) if type_heading(c)), 0)
    collected = parts[k + 1:]
    j = h + 1
    while not collected and j < len(lines) and not lines[j].strip() and j < h + 4:
        j += 1
    while j < len(lines) and len(collected) < MAX_TITLE_LINES:
        line = lines[j].strip(" |")
        body = _BODY_START_RE if collected else _NOT_TITLE_START_RE
        if not line or _SEPARATOR_RE.match(line) or body.match(line) or _MOTTO_RE.search(line):
            break
        if collected and _is_upper(line) and not _is_upper(" ".join(collected)):
            break  # the enacting body (``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``) follows the title
        if type_heading(line):
            break
        collected.append(" ".join(cells(line)))
        j += 1
    return _join_title(collected)


def _title_of_letter(lines: list[str], start: int) -> str | None:
    """The ``V/v …`` / ``Về …`` trích yếu of a Công văn, under its number."""
    for j in range(start, min(len(lines), start + 12)):
        first = (cells(lines[j]) or [""])[0]
        if re.match(r"^(V/v|v/v|Về)\s", first):
            collected = [first]
            for line in lines[j + 1:j + MAX_TITLE_LINES]:
                nxt = (cells(line) or [""])[0]
                if not nxt or _BODY_START_RE.match(nxt) or _MOTTO_RE.search(nxt) or _find_date(nxt) \
                        or _is_upper(nxt):
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
    if _is_upper(title):
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
    if words[0] in _SURNAMES:
        return not any(w in ("Ủy", "Ban", "Phòng", "Sở", "Quận", "Huyện", "Tỉnh", "Điều") for w in words)
    return len(words) >= 3 and not any(w in _NOT_NAME_WORDS for w in words)


def _find_signer(lines: list[str], after: int) -> str | None:
    anchors = [i for i in range(after, len(lines)) if is_signature_anchor(lines[i])]
    for a in anchors[:3]:
        for line in lines[a:a + SIGNER_SPAN]:
            for cell in cells(line):
                if _is_name(cell):
                    return cell
    return None


# ---- the header of one document ----------------------------------------------------------------

# Where to look for the header fields: agency lines, number, date and heading come first.
HEADER_ZONE = 45


@dataclass
class Header:
    """What a document's header says; ``None`` where it says nothing readable."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    district: str | None = None
    date: str | None = None
    title: str | None = None
    signer: str | None = None


def parse_header(lines: list[str], attached: bool = False) -> Header:
    """Read the header of one document from its (plain) lines.

    Args:
        lines: the document's lines, markup already reduced by ``plain``.
        attached: the document is a Quy định/Điều lệ issued with the previous one (no number).

    Returns:
        The header fields; never raises.
    """
    zone = lines[:HEADER_ZONE]
    num_i = next((i for i, line in enumerate(zone) if number_match(line)), None)
    head_i = next((i for i, line in enumerate(zone) if type_heading(line)), None)
    if num_i is not None and head_i is not None and head_i < num_i - 3 and not attached:
        head_i = next((i for i, line in enumerate(zone) if i > num_i and type_heading(line)), head_i)
    body_i = next((i for i, line in enumerate(zone) if _BODY_START_RE.match(line)
                   and i > max(num_i or 0, head_i or 0)), len(zone))
    h = Header()
    if num_i is not None and not attached:
        raw = number_match(zone[num_i]).group(1)  # type: ignore[union-attr]
        ref = normalize_ref(raw)
        h.number = ref if re.match(r"^\d", ref) else None
        code_type = _type_from_number(ref)
    else:
        code_type = None
    if num_i is None and head_i is None:  # no header: a legal portal's title line, or a fragment
        _read_lead_title(lines, h)
        h.signer = _find_signer(lines, 0)
        return h
    first_field = min(i for i in (num_i, head_i) if i is not None)
    date_end = head_i + 2 if head_i is not None else min(body_i, (num_i or 0) + 12)
    found = next((d for d in map(_find_date, zone[:max(date_end, 1)]) if d), None)
    date, place = found if found else (None, None)
    h.date = date
    units = _agency_units(zone[:first_field])
    place_locality, place_district = _place_locality(place)
    h.issuer = _issuer_from_units(units) or _issuer_from_number(h.number, place_locality, place_district)
    h.district = next((u.district for u in units if u.district), None) or place_district
    if h.issuer is None and num_i is None and head_i is not None:  # Tham luận: issuer under the title
        found_issuer = _issuer_line(lines[head_i + 1:min(body_i, head_i + 1 + LEAD_ISSUER_SPAN)])
        if found_issuer:
            h.issuer, h.district = found_issuer
    heading = type_heading(zone[head_i]) if head_i is not None else None
    if heading:
        h.doc_type = heading
        h.title = _title_after_heading(lines, head_i)  # type: ignore[arg-type]
    else:
        letter = any(_ADDRESSEE_RE.match(line) for line in zone[:body_i + 1])
        # a draft's blank ``Số:      /UBND-NC`` with ``V/v`` and ``Kính gửi`` is still a Công văn
        h.doc_type = code_type or ("Công văn" if (h.number and code_type is None) or (num_i is not None and letter)
                                   else None)
        h.title = _title_of_letter(lines, num_i) if num_i is not None else None
    h.signer = _find_signer(lines, max(head_i or 0, num_i or 0) + 1)
    return h


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


def _read_lead_title(lines: list[str], h: Header) -> None:
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
        if _BODY_START_RE.match(line.lstrip(" -")):
            break
        below.append(line)
    found = _issuer_line(below, lines) or _issuer_from_body(lines)
    if found:
        h.issuer, h.district = found


def _issuer_line(lines: list[str], context: list[str] | None = None) -> tuple[str, str | None] | None:
    """(issuer, district) of the first line that names only an agency (``Ủy ban nhân dân quận 5``)."""
    for line in lines:
        text = re.sub(r"\s+", " ", line).strip(" |")
        if not text or len(text.split()) > MAX_ISSUER_LINE_WORDS or not _ISSUER_LINE_RE.match(text):
            continue
        text = re.sub(r"^Chủ tịch\s+", "", text, flags=re.IGNORECASE)
        units = _agency_units([text.upper()])
        issuer = _issuer_from_units(units)
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
    field = _FIELDS.get(fold(phrase[3:].strip(), lower=True))
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


def _type_from_number(ref: str) -> str | None:
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
