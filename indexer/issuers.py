"""Issuers of cited instruments: the ``của …`` phrase or the symbol, mapped to one vocabulary.

The vocabulary is the gold's (tests/gold/REVIEW.md, "Issuer values"): ``Chính phủ``, ``Thủ tướng
Chính phủ``, ``Quốc hội``, ``UBND TP.HCM``, ``Thành ủy TP.HCM``, ``Quận ủy Quận 1``, ``UBND Quận
Tân Phú``, ``Bộ Y tế``, ``HĐND TP.HCM``… generalised to any province (``UBND tỉnh Lâm Đồng``,
``Tỉnh ủy Lâm Đồng``) and any ministry (``Bộ Tài chính``). A bare ``Thành phố``/``quận`` is the
locality of the citing document, taken from its context.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from indexer.places import canonical_district

HCM = "TP.HCM"

# Ministry and central-body codes in symbols (``14/2018/TT-BNV``). Only the issuer part after the type.
SYMBOL_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ", "TTG": "Thủ tướng Chính phủ", "VPCP": "Văn phòng Chính phủ",
    "TTCP": "Thanh tra Chính phủ", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "QH": "Quốc hội",
    "BNV": "Bộ Nội vụ", "BYT": "Bộ Y tế", "BTC": "Bộ Tài chính", "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng", "BTP": "Bộ Tư pháp", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BCT": "Bộ Công Thương", "BXD": "Bộ Xây dựng", "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BNG": "Bộ Ngoại giao", "NHNN": "Ngân hàng Nhà nước",
    "UBDT": "Ủy ban Dân tộc", "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao", "KTNN": "Kiểm toán nhà nước",
    "TW": "Ban Chấp hành Trung ương", "BCT/TW": "Bộ Chính trị",
}

# Spelled-out central bodies, folded spelling → vocabulary. Longest first when matching.
_CENTRAL: tuple[tuple[str, str], ...] = (
    (r"(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?", "Thủ tướng Chính phủ"),
    (r"Văn phòng Chính phủ", "Văn phòng Chính phủ"),
    (r"(?:Tổng )?Thanh tra Chính phủ", "Thanh tra Chính phủ"),
    (r"Chính phủ", "Chính phủ"),
    (r"(?:Ủy ban|UB) Thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"),
    (r"Quốc hội", "Quốc hội"),
    (r"Bộ Chính trị", "Bộ Chính trị"),
    (r"Ban Bí thư", "Ban Bí thư"),
    (r"Ban Chấp hành Trung ương(?: Đảng)?|Trung ương(?: Đảng)?", "Ban Chấp hành Trung ương"),
    (r"Ngân hàng Nhà nước(?: Việt Nam)?", "Ngân hàng Nhà nước"),
)
_CENTRAL_RES = tuple((re.compile(rf"^(?:Ban Thường vụ |Ban Thường trực )?{p}\b", re.IGNORECASE), v) for p, v in _CENTRAL)

# ``(Bộ trưởng) Bộ Y tế`` → ``Bộ Y tế``: a ministry name is ``Bộ`` + capitalised words.
_MINISTRY_RE = re.compile(r"^(?:Bộ trưởng |Thứ trưởng )?(Bộ [A-ZĐ][\w,]*(?: (?:và |- )?[\wĐđ,]+){0,6})")

# ``Ủy ban nhân dân``/``UBND`` (+ Chủ tịch) + locality. Locality words: thành phố, tỉnh, quận, huyện.
_UBND_RE = re.compile(
    r"^(?:Chủ tịch |Phó Chủ tịch )?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(?: (?P<loc>.*))?$", re.IGNORECASE)
_HDND_RE = re.compile(r"^(?:Thường trực )?(?:Hội đồng nhân dân|HĐND)(?: (?P<loc>.*))?$", re.IGNORECASE)
_PARTY_RE = re.compile(
    r"^(?:Ban Thường vụ |Ban Chấp hành |Thường trực )?(?P<kind>Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Quận ủy|Quận uỷ"
    r"|Huyện ủy|Huyện uỷ|Đảng bộ)(?: (?P<loc>.*))?$", re.IGNORECASE)
_DEPT_RE = re.compile(r"^(?:Giám đốc )?(Sở [A-ZĐ][\w]*(?: [\wĐđ,-]+){0,7}?)(?: (?:Thành phố|TP|tỉnh)\b.*)?$")
_BCD_RE = re.compile(r"^(Ban Chỉ đạo .*?)(?: (?:Thành phố|TP)\b.*)?$", re.IGNORECASE)
# A central body named by its head word and a capitalised name, kept as written: the National
# Assembly's committees (``Ủy ban Pháp luật và Tư pháp``, ``Hội đồng Dân tộc``), ``Tổng cục Thuế``,
# ``Kiểm toán Nhà nước``, ``Tòa án nhân dân tối cao``, ``Bảo hiểm xã hội Việt Nam``.
_NAMED_BODY_RE = re.compile(
    r"^(?:(?:Ủy ban|Hội đồng|Tổng cục|Cục|Kiểm toán|Bảo hiểm xã hội|Mặt trận|Trung ương Hội"
    r"|Tổng Liên đoàn) [A-ZĐ][\wđ]*(?: (?:và |- )?[\wĐđ]+){0,7}"
    r"|Tòa án nhân dân tối cao|Viện kiểm sát nhân dân tối cao)$")


@dataclass(frozen=True)
class Locality:
    """Where the citing document comes from: its province (``TP.HCM``, ``tỉnh Lâm Đồng``) and district."""

    province: str | None = HCM
    district: str | None = None  # canonical, ``Quận 1``


_UNIT_NAME_RE = re.compile(
    r"^(?P<unit>thành phố|TP\.?|tỉnh|quận|huyện|thị xã)(?P<name>(?:\s+(?:\d{1,2}\b|[A-ZĐ][\wđ]*))*)", re.IGNORECASE)


def _proper_prefix(loc: str) -> str:
    """The locality word and the proper name after it: ``Thành phố tổ chức thực hiện`` → ``Thành phố``."""
    loc = loc.strip(" ,.")
    m = _UNIT_NAME_RE.match(loc)
    if not m:
        return loc
    name = m.group("name")
    # re.I makes [A-ZĐ] match lower case too: keep only words that really start upper case or are digits
    words = []
    rest = name.split()
    for w in rest:
        if w[0].isdigit() or w[0].isupper():
            words.append(w)
        else:
            break
    # Place names have two or more syllables ("Tân Phú", "Lâm Đồng"), or are numbers ("Quận 5"): one
    # capitalised word followed by a lower-case one starts the trích yếu ("quận Tổ chức thực hiện").
    if len(words) == 1 and not words[0][0].isdigit() and len(rest) > 1:
        words = []
    return " ".join([m.group("unit"), *words])


def _province_of(loc: str, here: Locality) -> str | None:
    """``Thành phố (Hồ Chí Minh)`` → ``TP.HCM``; ``thành phố Hà Nội`` → ``TP Hà Nội`` (the document
    headers' spelling, so an administrative number's issuer is one string on both sides);
    ``tỉnh Lâm Đồng`` → ``tỉnh Lâm Đồng``."""
    loc = _proper_prefix(loc)
    if re.match(r"^(?:thành phố|TP\.?)\s*(?:Hồ Chí Minh|HCM)\b|^TP\.?HCM", loc, re.IGNORECASE):
        return HCM
    if re.fullmatch(r"(?:thành phố|TP\.?)", loc, re.IGNORECASE):
        return here.province
    m = re.match(r"^(?:thành phố|TP\.?)\s+(.+)$", loc, re.IGNORECASE)
    if m:
        return f"TP {m.group(1)}"
    m = re.match(r"^tỉnh\s*(.*)$", loc, re.IGNORECASE)
    if m:
        return f"tỉnh {m.group(1)}" if m.group(1) else here.province
    return None


def _district_of(loc: str, here: Locality) -> str | None:
    loc = _proper_prefix(loc)
    if re.fullmatch(r"(?:quận|huyện)", loc, re.IGNORECASE):
        return here.district
    m = re.match(r"^(quận|huyện)\s+(.+)$", loc, re.IGNORECASE)
    if not m:
        return None
    canon = canonical_district(loc)
    if canon:
        return canon
    return f"{m.group(1).capitalize()} {m.group(2)}"


def _party_district(district: str) -> str:
    """``Quận 1`` → ``Quận 1`` (numbered districts keep the word), ``Quận Tân Phú`` → ``Tân Phú``."""
    m = re.match(r"^(?:Quận|Huyện)\s+(.+)$", district)
    if m and not m.group(1).isdigit():
        return m.group(1)
    return district


@functools.lru_cache(maxsize=8192)  # pure; the same phrases recur in every document of a district
def _clean_phrase(phrase: str | None) -> str:
    """One spacing and tone placement; ``Quốc hội khoá XII`` is the body, not its term."""
    p = re.sub(r"\s+", " ", phrase or "").strip(" ,.;:").replace("Uỷ", "Ủy").replace("Toà", "Tòa")
    return re.sub(r" kho[áa] [IVXL]+$", "", p)


def canonical_issuer(phrase: str | None, here: Locality = Locality()) -> str | None:
    """Map an issuer phrase as written after ``của`` to the controlled vocabulary.

    Args:
        phrase: ``Ban Thường vụ Thành ủy``, ``Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh``,
            ``Ủy ban nhân dân quận``, ``Bộ Nội vụ``.
        here: the citing document's locality, for bare ``Thành phố``/``quận``.

    Returns:
        ``Thành ủy TP.HCM``, ``UBND TP.HCM``, ``UBND Quận 1``, ``Bộ Nội vụ``; ``None`` when the
        phrase is not an issuer.
    """
    p = _clean_phrase(phrase)
    if not p:
        return None
    for rx, value in _CENTRAL_RES:
        if rx.match(p):
            return value
    m = _MINISTRY_RE.match(p)
    if m:
        return re.sub(r"[ ,]+$", "", m.group(1))
    m = _UBND_RE.match(p) or _HDND_RE.match(p)
    if m:
        head = "UBND" if _UBND_RE.match(p) else "HĐND"
        loc = m.group("loc") or ""
        district = _district_of(loc, here)
        if district:
            return f"{head} {district}"
        province = _province_of(loc, here) if loc else None
        if province:
            return f"{head} {province}"
        return None
    m = _PARTY_RE.match(p)
    if m:
        kind = m.group("kind").replace("uỷ", "ủy").capitalize()
        loc = (m.group("loc") or "").strip()
        if kind == "Đảng bộ":
            district = _district_of(loc, here)
            if district:
                return f"Quận ủy {_party_district(district)}"
            province = _province_of(loc, here)
            return f"Thành ủy {province}" if province == HCM else None
        if kind in ("Quận ủy", "Huyện ủy"):
            district = _district_of(f"{kind.split()[0]} {loc}", here) if loc else here.district
            return f"{kind} {_party_district(district)}" if district else kind
        if loc and not _UNIT_NAME_RE.match(loc):
            loc = f"{'thành phố' if kind == 'Thành ủy' else 'tỉnh'} {loc}"
        province = _province_of(loc, here) if loc else here.province
        if kind == "Thành ủy":
            return f"Thành ủy {province or ''}".strip()
        return f"Tỉnh ủy {re.sub(r'^tỉnh ', '', province or '')}".strip()
    m = _DEPT_RE.match(p)
    if m:
        return f"{m.group(1)} {here.province}" if here.province else m.group(1)
    m = _BCD_RE.match(p)
    if m:
        return f"{m.group(1)} {here.province}" if here.province else m.group(1)
    if _NAMED_BODY_RE.match(p):
        return p
    return None


@functools.lru_cache(maxsize=8192)  # pure, called once per cited instrument
def issuer_from_symbol(ref: str, here: Locality = Locality(), own_issuer: str | None = None) -> str | None:
    """Infer an issuer from a canonical ref when the text names none.

    ``33/2021/NĐ-CP`` → ``Chính phủ``; ``5525/QĐ-BYT`` → ``Bộ Y tế``; ``131/2020/QH14`` → ``Quốc hội``;
    ``19-CT/TU`` → ``Thành ủy TP.HCM``; ``462/KH-UBND`` → the citing body when it is a UBND;
    ``03/2018/NQ-HĐND`` → the province's HĐND (districts have no HĐND of their own since 2021).
    """
    parts = ref.split("/")
    if len(parts) >= 2 and "-" in parts[0] and not parts[0].split("-")[0].isalpha():
        # Party: 19-CT/TU
        tail = parts[-1]
        if tail == "TW":
            return "Ban Chấp hành Trung ương"
        if tail in ("TU", "TỈNH ỦY"):
            if here.province == HCM:
                return "Thành ủy TP.HCM"
            return f"Tỉnh ủy {re.sub(r'^tỉnh ', '', here.province)}" if here.province else None
        if tail in ("QU", "HU") and here.district:
            return f"{'Quận' if tail == 'QU' else 'Huyện'} ủy {_party_district(here.district)}"
        return None
    sym = parts[-1]
    codes = sym.split("-")
    for code in reversed(codes[1:] if len(codes) > 1 else codes):
        c = re.sub(r"\d+$", "", code)
        if c in SYMBOL_ISSUERS:
            return SYMBOL_ISSUERS[c]
        if c == "HĐND" and here.province:
            return f"HĐND {here.province}"
        if c == "UBND":
            return own_issuer if own_issuer and own_issuer.startswith("UBND") else None
    return None
