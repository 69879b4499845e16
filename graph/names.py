"""How an instrument is named: the written number of a mention, the district of an issuer."""
from __future__ import annotations

import re
from functools import lru_cache

from indexer.places import canonical_district

# The part of a written citation that is the number itself, for "Các cách viết đã gặp":
# "Chỉ thị số 23-CT/QU ngày 25 tháng 7 năm 2019 của Ban Thường vụ Thành ủy" → "23-CT/QU".
_TYPE_PREFIX = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Thông tư|Thông tri|Kết luận|"
    r"Chương trình hành động|Chương trình|Công văn|Hướng dẫn|Đề án|Thông báo|Văn bản)\s+)?(?:số\s*:?\s*)?",
    re.IGNORECASE)
_TAIL = re.compile(r"[,;]?\s+(?:ngày|của|về|năm|tại|do|ban hành|sửa đổi|thực hiện)\b.*$", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=65536)
def surface_form(text: str, numbered: bool) -> str:
    """The written number of a mention (type word, "số", date and issuer cut), or the whole surface."""
    s = " ".join(text.split())
    if not numbered:
        return s
    return _TAIL.sub("", _TYPE_PREFIX.sub("", s, count=1)).strip(" .,;:") or s


@lru_cache(maxsize=4096)
def district_of_issuer(issuer: str | None) -> str | None:
    """The district an issuing body belongs to, or ``None`` for city and central bodies.

    ``UBND Quận 1`` → ``Quận 1``; ``Quận ủy Tân Phú`` → ``Quận Tân Phú``;
    ``Phòng GD&ĐT Quận 1`` → ``Quận 1``; ``UBND TP.HCM`` → ``None``.
    Only suffixes of two words or more are tried, so a stray trailing digit never reads as ``Quận 1``.
    """
    if not issuer:
        return None
    words = issuer.split()
    for i in range(len(words) - 1):
        found = canonical_district(" ".join(words[i:]))
        if found:
            return found
    return None
