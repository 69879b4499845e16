"""What level an instrument comes from — a district, the city, the Party, the central state — read
from its identity alone (the overview filters its lists by it, issue 14 item 11).

The node id already says it: administrative numbers carry their issuer (``84/KH-UBND|UBND TP.HCM|2022``),
Party numbers put a dash after the number (``19-CT/TU``, ``264-KL/TU``, ``45-NQ/TW``), central
ones end in the government's codes (``33/2021/NĐ-CP``, ``28/2025/QĐ-TTg``, ``131/2020/QH14``,
``01/2021/TT-BNV``), laws are cited by name (``Luật Giáo dục``). No attribute is read, so a list of
100,000 instruments is classified without touching the store.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .names import district_of_issuer

KIND_LABELS = {"quan-huyen": "Quận, huyện", "thanh-pho": "Thành phố", "dang": "Đảng",
               "trung-uong": "Trung ương", "khac": "Khác"}

_PARTY = re.compile(r"^\d+[A-Za-z]?-[A-ZĐa-zđ]+[A-ZĐa-zđ-]*/[A-ZĐ]+")
_CENTRAL = re.compile(r"(?:-CP|-TTG|/QH\d*|/QH-\w+|/UBTVQH\d*|/TT-[A-ZĐ]+|/TTLT-[A-ZĐ-]+|/QĐ-B[A-ZĐ]+|/CT-TTG)$",
                      re.IGNORECASE)
_CENTRAL_NAMES = re.compile(r"^(?:Bộ luật|Luật|Hiến pháp|Pháp lệnh|Nghị quyết của Quốc hội)\b", re.IGNORECASE)
_PARTY_NAMES = re.compile(r"^Nghị quyết (?:Đại hội|Hội nghị|Trung ương)\b|Đảng\b", re.IGNORECASE)
_CENTRAL_ISSUERS = re.compile(r"Quốc hội|Chính phủ|Thủ tướng|^Bộ\s|Văn phòng Chính phủ")
_CITY = re.compile(r"Thành phố|TP\.?\s?HCM|Thành ủy|TP\b", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def instrument_kind(ent: str) -> str:
    """``quan-huyen``, ``thanh-pho``, ``dang``, ``trung-uong`` or ``khac`` for an entity id."""
    ref, _, rest = ent.partition("|")
    issuer = rest.rsplit("|", 1)[0] if rest else ""
    if issuer and district_of_issuer(issuer):
        return "quan-huyen"
    if _PARTY.match(ref):
        return "dang"
    if _CENTRAL.search(ref) or _CENTRAL_NAMES.match(ref):
        return "trung-uong"
    if _PARTY_NAMES.search(ref):
        return "dang"
    if issuer and _CENTRAL_ISSUERS.search(issuer):
        return "trung-uong"
    if issuer and _CITY.search(issuer):
        return "thanh-pho"
    if re.search(r"/(?:KH|QĐ|CT|NQ|TB)-(?:UBND|HĐND)$", ref) and not issuer:
        return "thanh-pho"
    return "khac"
