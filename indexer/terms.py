"""The domain's vocabulary, defined once: relations, flags and instrument types, with the words
staff read for each (UX.md). Every page, CSV, export and API label comes from here; a test
(``tests/test_terms.py``) checks the pages and files use these words and that nothing else
defines them (issue 11: labels, strengths and type tables had been written two or three times,
and disagreed).

- :class:`Relation` — how a document relates to an instrument it cites (căn cứ / thực hiện /
  nhắc đến), with its label, strength (the strongest of several wins) and colour;
- :class:`InstrumentRelation` — what one instrument does to another (hướng dẫn, sửa đổi, thay
  thế, thực hiện), stated in a text;
- :class:`Flag` — what a citation's reading needed (a typo fixed, a short form, …): label and hint;
- ``TYPE_CODES`` — the symbol code in a number → the type it names, for headers and citations;
  ``TYPE_HEADINGS`` — a document's printed type heading → the type; ``TYPE_WORDS`` — a type →
  its usual code.
"""
from __future__ import annotations

from enum import StrEnum


class Relation(StrEnum):
    """How a document relates to an instrument it cites (strongest wins: basis > implements > mentions)."""

    BASIS = "basis"
    IMPLEMENTS = "implements"
    MENTIONS = "mentions"

    @property
    def strength(self) -> int:
        return RELATION_STRENGTH[self.value]

    @property
    def label(self) -> str:
        return RELATION_LABELS[self.value]

    @property
    def colour(self) -> str:
        return RELATION_COLOURS[self.value]


class InstrumentRelationType(StrEnum):
    """Relations between two instruments that a text states."""

    IMPLEMENTS = "implements"
    GUIDES = "guides"
    AMENDS = "amends"
    REPLACES = "replaces"

    @property
    def label(self) -> str:
        return RELATION_LABELS[self.value]


# Every relation of the graph, in the order pages list them.
ALL_RELATIONS: tuple[str, ...] = ("basis", "implements", "mentions", "guides", "amends", "replaces")
DOC_RELATIONS: tuple[str, ...] = tuple(r.value for r in Relation)
INSTRUMENT_RELATIONS: tuple[str, ...] = tuple(r.value for r in InstrumentRelationType)

# What staff read for each relation, on every page, CSV and export (UX.md's words).
RELATION_LABELS: dict[str, str] = {
    "basis": "Căn cứ", "implements": "Thực hiện", "mentions": "Nhắc đến",
    "guides": "Hướng dẫn", "amends": "Sửa đổi", "replaces": "Thay thế",
}
# The labels of a document's relations to what it cites (basis, implements, mentions).
DOC_RELATION_LABELS: dict[str, str] = {r: RELATION_LABELS[r] for r in DOC_RELATIONS}
# A document's relations, strongest first: one citing document that both bases itself on and
# mentions an instrument is counted once, as căn cứ.
RELATION_STRENGTH: dict[str, int] = {"basis": 3, "implements": 2, "mentions": 1}
# The badge and drawing colour of each relation (basis green, implements blue, mentions grey).
RELATION_COLOURS: dict[str, str] = {"basis": "#2e8b57", "implements": "#3b6fd8", "mentions": "#9aa1ad",
                                    "guides": "#8e44ad", "amends": "#d35400", "replaces": "#c0392b"}
# A node missing from the corpus (cited, no text): dashed, in the colour of a mere mention.
MISSING_COLOUR: str = RELATION_COLOURS["mentions"]
# An edge read in words from the citer's side (chain and path pages)…
EDGE_WORDS: dict[str, str] = {"basis": "căn cứ", "implements": "thực hiện", "mentions": "nhắc đến",
                              "guides": "hướng dẫn", "amends": "sửa đổi", "replaces": "thay thế"}
# …and passive, when a path walks an edge backwards (from the cited to the citer).
EDGE_WORDS_PASSIVE: dict[str, str] = {"basis": "là căn cứ của", "implements": "được thực hiện bởi",
                                      "mentions": "được nhắc đến trong", "guides": "được hướng dẫn bởi",
                                      "amends": "được sửa đổi, bổ sung bởi",
                                      "replaces": "bị thay thế bởi"}
# "Who cites this document", by relation, as the plan page heads its groups.
CITED_BY_HEADINGS: dict[str, str] = {
    "basis": "Căn cứ vào văn bản này", "implements": "Thực hiện văn bản này", "mentions": "Nhắc đến văn bản này",
    "guides": "Hướng dẫn văn bản này", "amends": "Sửa đổi, bổ sung văn bản này", "replaces": "Thay thế văn bản này"}


class Flag(StrEnum):
    """What reading a citation needed; shown beside it in plain words (issue 14 item 9)."""

    SHORT_FORM = "short_form"
    TYPO_FIXED = "typo_fixed"
    IMPOSSIBLE_YEAR = "impossible_year"
    ISSUER_INFERRED = "issuer_inferred"
    BODY_IMPLEMENTS = "body_implements"
    UNRESOLVED = "unresolved"
    INVALID_DATE = "invalid_date"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.value]

    @property
    def hint(self) -> str:
        return FLAG_HINTS[self.value]


# The short label shown beside a citation, and the explanation shown on hover.
FLAG_LABELS: dict[str, str] = {
    "short_form": "số hiệu ghi tắt",
    "typo_fixed": "đã sửa lỗi đánh máy",
    "impossible_year": "năm không hợp lệ",
    "issuer_inferred": "cơ quan ban hành không ghi rõ",
    "body_implements": "thực hiện trong phần nhiệm vụ",
    "unresolved": "chưa xác định được văn bản",
    "invalid_date": "ngày ghi sai",
}
FLAG_HINTS: dict[str, str] = {
    "short_form": "Câu trích dẫn ghi số hiệu không đầy đủ (vd. «Quyết định số 28»); đã đối chiếu với cách "
                  "ghi đầy đủ của cùng văn bản.",
    "typo_fixed": "Số hiệu trong văn bản gốc có lỗi đánh máy; đã sửa khi đối chiếu với cách ghi đúng.",
    "impossible_year": "Năm trong số hiệu không thể đúng (vd. sau ngày ban hành của văn bản trích dẫn).",
    "issuer_inferred": "Câu trích dẫn không nêu cơ quan ban hành; đã xác định theo loại và số hiệu văn bản.",
    "body_implements": "Văn bản được nêu trong phần nhiệm vụ cần thực hiện, không phải trong phần căn cứ.",
    "unresolved": "Không xác định được đúng một văn bản ứng với cách ghi này.",
    "invalid_date": "Ngày ghi trong câu trích dẫn không có thật (vd. 31/02); không dùng ngày này.",
}

# ---- instrument types ------------------------------------------------------------------------
# Symbol code → type. The first part of an administrative or normative symbol (``KH`` in
# ``171/KH-UBND``) and the part before the slash of a Party symbol (``CT`` in ``19-CT/TU``) name
# the type. ``TT`` is *Thông tư* in state symbols but *Thông tri* in Party ones (``14-TT/QU``):
# ``PARTY_TYPE_CODES``. ``QH`` as a type code is a *Quy hoạch* (``12/QH-UBND``); ``QH14`` after a
# year (``131/2020/QH14``) is the issuer, the Quốc hội, and is read as such by the grammar.
TYPE_CODES: dict[str, str] = {
    "CT": "Chỉ thị", "QĐ": "Quyết định", "NQ": "Nghị quyết", "NQLT": "Nghị quyết liên tịch",
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "KH": "Kế hoạch", "KL": "Kết luận",
    "CTR": "Chương trình", "CTRHĐ": "Chương trình", "HD": "Hướng dẫn", "TB": "Thông báo", "ĐA": "Đề án",
    "TTR": "Tờ trình", "BC": "Báo cáo", "CV": "Công văn", "CĐ": "Công điện", "QC": "Quy chế",
    "QY": "Quy định", "QĐI": "Quy định", "PL": "Pháp lệnh", "L": "Luật", "LCT": "Lệnh", "HĐ": "Hợp đồng",
    "BB": "Biên bản", "GM": "Giấy mời", "PA": "Phương án", "QH": "Quy hoạch",
}
# Party types whose code differs from the state meaning of the same letters.
PARTY_TYPE_CODES: dict[str, str] = {"TT": "Thông tri", "CTRHĐ": "Chương trình", "CTR": "Chương trình"}

# Type → its usual symbol code (empty: the type has no code of its own). The types citations name.
TYPE_WORDS: dict[str, str] = {
    "Chỉ thị": "CT", "Quyết định": "QĐ", "Nghị quyết": "NQ", "Nghị quyết liên tịch": "NQLT",
    "Nghị định": "NĐ", "Thông tư": "TT", "Thông tư liên tịch": "TTLT", "Kế hoạch": "KH", "Kết luận": "KL",
    "Chương trình": "CTr", "Hướng dẫn": "HD", "Thông báo": "TB", "Đề án": "ĐA", "Tờ trình": "TTr",
    "Báo cáo": "BC", "Công văn": "CV", "Công điện": "CĐ", "Quy chế": "QC", "Quy định": "QĐi",
    "Thông tri": "TT", "Pháp lệnh": "PL", "Luật": "QH", "Bộ luật": "QH", "Hiến pháp": "", "Lệnh": "LCT",
    "Chiến lược": "", "Bộ tiêu chí": "",
}
# Abbreviated type words people type in queries and some texts write (``NĐ 33``, ``QĐ số 12``).
TYPE_ABBREVIATIONS: dict[str, str] = {
    "CT": "Chỉ thị", "QĐ": "Quyết định", "NQ": "Nghị quyết", "NĐ": "Nghị định", "TT": "Thông tư",
    "KH": "Kế hoạch", "KL": "Kết luận", "CTR": "Chương trình", "HD": "Hướng dẫn", "TB": "Thông báo",
    "ĐA": "Đề án", "CV": "Công văn", "TTLT": "Thông tư liên tịch", "PL": "Pháp lệnh",
}
# A document's printed type heading (upper case, alone on its line or cell) → its type.
TYPE_HEADINGS: dict[str, str] = {
    "KẾ HOẠCH": "Kế hoạch", "QUYẾT ĐỊNH": "Quyết định", "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết", "THÔNG BÁO": "Thông báo", "BÁO CÁO": "Báo cáo",
    "TỜ TRÌNH": "Tờ trình", "HƯỚNG DẪN": "Hướng dẫn", "CÔNG ĐIỆN": "Công điện",
    "THÔNG TƯ": "Thông tư", "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch", "NGHỊ ĐỊNH": "Nghị định",
    "CHƯƠNG TRÌNH": "Chương trình", "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình", "ĐỀ ÁN": "Đề án",
    "QUY ĐỊNH": "Quy định", "QUY CHẾ": "Quy chế", "ĐIỀU LỆ": "Điều lệ", "THÔNG TRI": "Thông tri",
    "KẾT LUẬN": "Kết luận", "LUẬT": "Luật", "PHÁP LỆNH": "Pháp lệnh", "PHIẾU TRÌNH": "Phiếu trình",
    "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC": "Phiếu trình",  # the internal routing slip's printed heading
    "GIẤY MỜI": "Giấy mời", "BIÊN BẢN": "Biên bản", "CÔNG VĂN": "Công văn", "THAM LUẬN": "Tham luận",
    "NGHỊ QUYẾT LIÊN TỊCH": "Nghị quyết liên tịch", "PHƯƠNG ÁN": "Phương án", "LỆNH": "Lệnh",
    "QUY HOẠCH": "Quy hoạch", "DỰ ÁN": "Dự án", "THÔNG CÁO": "Thông cáo", "CHIẾN LƯỢC": "Chiến lược",
}
# The types cited by name whose name is also written before their number (``Luật X số …``).
LAW_TYPES: tuple[str, ...] = ("Luật", "Bộ luật", "Pháp lệnh")
# Every type a document can have, from its heading or its number (what a ``type:`` filter may name).
DOC_TYPE_NAMES: frozenset[str] = frozenset({*TYPE_HEADINGS.values(), *TYPE_CODES.values()})
