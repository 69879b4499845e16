"""Who issued a document: agency lines at the top of a header read as units (``ỦY BAN NHÂN DÂN`` /
``QUẬN TÂN PHÚ``), Party committees, the place of issue, the issuer a number implies; and the
case rules for agency names and titles (sentence case, acronyms and proper names kept)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.header_cells import MOTTO_RE, cells, is_upper
from indexer.ingest_text import is_syllable
from indexer.normalize import fold
from indexer.places import HCMC_DISTRICTS, canonical_district

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
FIELDS = {fold(k, lower=True): k for k in (
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
# ``THÀNH PHÓ``, ``TÍNH``: the admin words as OCR reads them too (``_ADMIN`` gives them back).
_LOCALITY_RE = re.compile(
    r"^(?P<unit>.*?)\s*\b(?P<admin>TH[ÀÁA]NH PH[ỐÓÒÔO]|TP\.|TP|T[ỈÍÌIĨ]NH|QUẬN|HUYỆN|THỊ XÃ|THỊ TRẤN|PHƯỜNG|XÃ)"
    r"\s*(?P<name>(?!ỦY\b)[^\W_].*)$")
_ADMIN = {"thanh pho": "THÀNH PHỐ", "tinh": "TỈNH"}
_PARTY_COMMITTEE_RE = re.compile(r"^(QUẬN|HUYỆN|THÀNH|TỈNH|THỊ|ĐẢNG) ỦY$")
SURNAMES = frozenset(
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trương", "Lâm", "Mai", "Trịnh", "Đinh", "Lưu", "Cao", "Tô", "Hà", "Tạ", "Châu", "Thái", "Lương", "Quách", "Từ", "Kiều", "Tăng", "Lại", "Triệu", "Chu", "Nông", "La", "Hứa", "Phùng", "Đàm", "Khổng", "Thân", "Lò", "Văn", "Tống", "Diệp", "Mạc", "Âu", "Hầu", "Giang", "Thạch", "Kim", "Lục", "Ông", "Quan", "Tôn", "Viên", "Ninh", "Bạch", "Lữ", "Y"])


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _title_case(name: str) -> str:
    return " ".join(_cap(w) for w in name.split())


def sentence_case(text: str) -> str:
    """An upper-case title in sentence case: capitals kept for the first word, the word after an
    opening quote, Roman numerals, acronyms (not shaped like a syllable: ``UBND``, ``CCHC``; or
    with digits: ``COVID-19``) and known place names (``TÂN PHÚ`` → ``Tân Phú``)."""
    out = []
    for i, tok in enumerate(text.split()):
        core = tok.strip("“”\"'‘’()[],.;:")
        if re.fullmatch(r"[IVXLC]+", core) or re.search(r"\d", core) or (core and not is_syllable(core)):
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
    admin = "THÀNH PHỐ" if admin.startswith("TP") else _ADMIN.get(fold(admin, lower=True), admin)
    name = name.strip(" .,;:-")
    district = canonical_district(f"{admin} {name}") if admin in ("QUẬN", "HUYỆN", "THÀNH PHỐ") else None
    if district:
        return district, district
    if admin == "THÀNH PHỐ" and fold(name, lower=True).replace(" ", "") in ("hochiminh", "hcm"):
        return "TP.HCM", None
    known = {fold(p, lower=True): p for p in (CENTRAL_CITIES if admin == "THÀNH PHỐ" else PROVINCES)}
    name = known.get(fold(name, lower=True), _title_case(name))  # ``LÂM ĐÒNG`` read by OCR: Lâm Đồng
    if admin == "THÀNH PHỐ":
        return f"TP {name}", None
    return f"{admin.lower()} {name}", None


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
        field = FIELDS.get(fold(m.group(2), lower=True))
        return f"{_cap(m.group(1)) if ' ' not in m.group(1) else m.group(1).capitalize()} " + (
            field or _keep_acronyms(m.group(2)))
    name = _keep_acronyms(unit, first_cap=True)
    for rx, fix in _AGENCY_CAPITALS:
        name = rx.sub(fix, name)
    return name


def _keep_acronyms(text: str, first_cap: bool = True) -> str:
    words = []
    for i, w in enumerate(text.split()):
        if not is_syllable(w.strip(",.;:()")) or not is_upper(w):
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


def agency_units(lines: list[str]) -> list[_Unit]:
    """The agencies named by the upper-case lines above ``Số:`` (first cell of each line)."""
    texts: list[str] = []
    for line in lines:
        parts = cells(line)
        first = parts[0] if parts else ""
        motto = MOTTO_RE.search(first)  # columns joined by one space: keep the left one
        text = re.sub(r"\s+", " ", first[:motto.start()] if motto else first).strip().replace("UỶ", "ỦY")
        text = " ".join(w for w in text.split() if any(c.isalnum() for c in w))  # OCR specks: ``-#``, ``“.``
        if not is_upper(text) or "DỰ THẢO" in text or len(re.sub(r"[\W\d_]", "", text)) < 3:
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


def issuer_from_units(units: list[_Unit]) -> str | None:
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


def locality_of_place(place: str | None) -> tuple[str | None, str | None]:
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


def issuer_from_number(number: str | None, locality: str | None, district: str | None) -> str | None:
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
