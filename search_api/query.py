"""Query understanding: split what a person typed into filters, citations, phrases and words.

``19-CT/TU chuyển đổi số district:Quận 1`` → filter district=Quận 1, citation skeleton
``19 ct tu``, words ``chuyển đổi số``. Citations are recognised in any spelling (with or without
the instrument word, "số", diacritics, spaces around ``-`` and ``/``, reordered as ``CT 19/TU`` or
``19/CT-TU``) and matched on the ref skeletons of the index, never on pyvi tokens: an unquoted
``19-CT/TU`` parsed by Whoosh would become ``19 AND ct AND tu``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.normalize import ABBREVIATIONS, expand_abbreviations, normalize_query  # noqa: F401
from indexer.places import canonical_district
from indexer.refs import ref_parts, ref_skeleton
from indexer.terms import DOC_TYPE_NAMES
from indexer.terms import TYPE_CODES as CITE_TYPE_CODES
from indexer.terms import TYPE_WORDS as CITE_TYPE_WORDS
from indexer.tokenize import fold

MAX_QUERY_CHARS = 1000
# Bounds on what one query may ask, so that no request can hold a worker for long: each phrase is
# verified on positions, each citation is a keyword lookup, each syllable pair a shingle term.
MAX_PHRASES = 10
MAX_REFS = 10
MAX_SYLLABLES = 64

# field:value filters people type. English names only: folded Vietnamese aliases ("quan:", "nam:")
# collide with prose. A value ends where its vocabulary says (see ``_value_extent``): a year or a
# date is one token, a district or a type the longest run of words that names one, a citation the
# longest run that reads as one; issuer and signer (free text) run to the next filter or the end,
# or are quoted: ``signer:"Nguyễn Văn A" kế hoạch``.
FILTER_FIELDS = {
    "type": "doc_type",
    "issuer": "issuer",
    "district": "district",
    "year": "year",
    "signer": "signer",
    "from": "date_from", "date_from": "date_from",
    "to": "date_to", "date_to": "date_to",
    "cites": "cites",
    "relation": "relation",
}
_FILTER = re.compile(r"(?<!\S)([A-Za-z_]+):\s*(.*?)(?=\s+[A-Za-z_]+:|$)")

# Symbol codes that can follow or precede a number in a typed citation (folded, lowercase), from
# the extractor's grammar so query and document meet in one vocabulary. Type codes make "19 ct tu"
# a citation; issuer codes alone ("tu", "ubnd") do not. "l" (Luật) is too short to trust alone.
_TYPE_ONLY = {fold(c).lower() for c in CITE_TYPE_CODES if len(c) > 1}
_ISSUER_CODES = {"tw", "tu", "qu", "ubnd", "hdnd", "cp", "ttg", "vpcp", "bnv", "byt", "btc", "bca", "bgddt",
                 "btttt", "bct", "bqp", "ub", "tc", "ql", "sl", "gddt"}
TYPE_CODES = _TYPE_ONLY | _ISSUER_CODES
_TYPE_WORD_ALT = "|".join(sorted({re.escape(fold(w).lower()) for w in CITE_TYPE_WORDS} | _TYPE_ONLY,
                                 key=len, reverse=True))

# A number with its symbol, written with separators: 19-CT/TU, 33/2021/NĐ-CP, 19/CT-TU, 131 /2020/QH14.
_SEP_REF = re.compile(
    r"(?<![\w/])\d{1,5}\s*(?:[-/]\s*\d{4}\s*)?[-/]\s*[^\W\d_][\w&]*(?:\s*[-/]\s*[\w&]+)*")
# Code first: "CT 19/TU", "NĐ 33", "QĐ 1234/QĐ-UBND" is handled by _SEP_REF.
_CODE_FIRST = re.compile(r"(?<!\w)([^\W\d_]{2,6})\s+(\d{1,5})(?:\s*/\s*([^\W\d_][\w&]*))?(?![\w/-])")
# Spaced, no separators: "19 ct tu", "33 2021 nd cp".
_SPACED = re.compile(r"(?<!\w)(\d{1,5})((?:\s+(?:\d{4}|[a-z]{1,6})){1,4})(?!\w)")
# Instrument words a person may type before the number (folded), and "số".
_TYPE_WORD = re.compile(rf"(?:(?:{_TYPE_WORD_ALT})\s+)?(?:so\s+)?$")


# The whole remaining text is an instrument word (or code) and a bare number: "chi thi 19", "NĐ 33".
_CODE_OF_WORD = {fold(w).lower(): fold(c).lower() for w, c in CITE_TYPE_WORDS.items()}
_CODE_OF_WORD.update({c: c for c in _TYPE_ONLY})
_LOOSE_REF = re.compile(rf"({_TYPE_WORD_ALT})\s+(?:so\s+)?(\d{{1,5}})")


class QueryError(ValueError):
    """The query cannot be run; ``str(e)`` is a Vietnamese message for the user."""


@dataclass
class ParsedQuery:
    raw: str
    filters: dict[str, str] = field(default_factory=dict)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (as typed, skeleton)
    # "chỉ thị 19", "NĐ 33": an instrument word and a bare number, read as a citation *or* as words
    loose_ref: tuple[str, str] | None = None
    phrases: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def empty(self) -> bool:
        return not (self.refs or self.phrases or self.text.strip())


def _cut(s: str, start: int, end: int) -> str:
    """Blank out s[start:end] and the instrument word typed just before it."""
    m = _TYPE_WORD.search(fold(s[:start]).lower())
    if m:
        start = m.start()
    return s[:start] + " " * (end - start) + s[end:]


# An instrument word (or code) and a number with its year, the symbol left out: "Nghị định 33/2021".
_TYPED_YEAR = re.compile(rf"(?<!\w)({_TYPE_WORD_ALT})\s+(?:so\s+)?(\d{{1,5}})\s*/\s*((?:19|20)\d\d)(?![\w/-])")


def _find_typed_year_refs(text: str) -> tuple[list[tuple[str, str]], str]:
    refs: list[tuple[str, str]] = []
    low = fold(text).lower()
    for m in list(_TYPED_YEAR.finditer(low)):
        code = _CODE_OF_WORD.get(m.group(1))
        if code:
            number = m.group(2).lstrip("0") or m.group(2)
            refs.append((text[m.start():m.end()].strip(), f"{number} {m.group(3)} {code}"))
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return refs, text


def _find_refs(text: str) -> tuple[list[tuple[str, str]], str]:
    refs, text = _find_typed_year_refs(text)
    for rx in (_CODE_FIRST, _SEP_REF):
        for m in list(rx.finditer(text)):
            typed = m.group(0)
            number, _year, letters = ref_parts(typed)
            if rx is _CODE_FIRST and fold(m.group(1)).lower() not in TYPE_CODES:
                continue
            if number and letters:
                refs.append((typed.strip(), ref_skeleton(typed)))
                text = _cut(text, m.start(), m.end())
    low = fold(text).lower()
    for m in list(_SPACED.finditer(low)):
        codes = m.group(2).split()
        if any(c in _TYPE_ONLY for c in codes) and all(c in TYPE_CODES or c.isdigit() for c in codes):
            typed = text[m.start():m.end()]
            refs.append((typed.strip(), ref_skeleton(typed)))
            text = _cut(text, m.start(), m.end())
    return refs, text


_ONE_TOKEN_FILTERS = {"year", "date_from", "date_to", "relation"}
_FOLDED_TYPES = {fold(t).lower() for t in DOC_TYPE_NAMES}
# Longest district or type name, in words ("Thành phố Thủ Đức", "Chương trình hành động").
_MAX_NAME_WORDS = 5


def _is_citation(text: str) -> bool:
    refs, rest = _find_refs(text)
    return bool(refs) and not rest.strip()


_NAMES = {
    "district": lambda v: canonical_district(v) is not None,
    "doc_type": lambda v: fold(v).lower() in _FOLDED_TYPES,
    "cites": _is_citation,
}


def _value_extent(field_name: str, value: str) -> tuple[str, str]:
    """Split what follows ``field:`` into the filter's value and the words typed after it."""
    quoted = re.match(r"[\"“]([^\"“”]*)[\"”]\s*(.*)", value, re.DOTALL)
    if quoted:
        return quoted.group(1).strip(), quoted.group(2)
    words = value.split()
    if field_name in _ONE_TOKEN_FILTERS:
        return (words[0] if words else ""), " ".join(words[1:])
    known = _NAMES.get(field_name)
    if known:
        for n in range(min(len(words), _MAX_NAME_WORDS + 2), 0, -1):
            if known(" ".join(words[:n])):
                return " ".join(words[:n]), " ".join(words[n:])
    return value, ""


def _check_bounds(pq: ParsedQuery) -> None:
    if len(pq.phrases) > MAX_PHRASES:
        raise QueryError(f"Câu truy vấn có {len(pq.phrases)} cụm từ trong ngoặc kép, tối đa {MAX_PHRASES}.")
    if len(pq.refs) > MAX_REFS:
        raise QueryError(f"Câu truy vấn có {len(pq.refs)} số ký hiệu, tối đa {MAX_REFS}.")
    n = len(re.findall(r"\w+", " ".join([pq.text, *pq.phrases])))
    if n > MAX_SYLLABLES:
        raise QueryError(f"Câu truy vấn có {n} tiếng, tối đa {MAX_SYLLABLES}; hãy rút gọn.")


def parse_query(q: str) -> ParsedQuery:
    """Parse a search box query.

    Raises:
        QueryError: query too long or an unknown ``field:`` filter.
    """
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"Câu truy vấn dài {len(q)} ký tự, vượt giới hạn {MAX_QUERY_CHARS} ký tự.")
    q = normalize_query(q)
    pq = ParsedQuery(raw=q)
    rest = q
    for m in list(_FILTER.finditer(q)):
        name, value = m.group(1).lower(), m.group(2).strip()
        after = m.group(0)[len(m.group(1)) + 1:][:1]
        if name not in FILTER_FIELDS and not (after.isalnum() or after in "\"“"):
            continue  # prose ("Chủ đề: …", "de:;" typed without accents), not a filter
        if name not in FILTER_FIELDS:
            known = ", ".join(sorted({k for k in FILTER_FIELDS if k.isascii() and "_" not in k}))
            raise QueryError(f"Trường lọc «{m.group(1)}» không tồn tại. Các trường hợp lệ: {known}.")
        value, after_value = _value_extent(FILTER_FIELDS[name], value)
        if not value:
            raise QueryError(f"Trường lọc «{name}:» thiếu giá trị.")
        pq.filters[FILTER_FIELDS[name]] = value
        rest = rest.replace(m.group(0), f" {after_value} ", 1)
    for m in re.finditer(r"[\"“”]([^\"“”]+)[\"“”]", rest):
        pq.phrases.append(m.group(1).strip())
    rest = re.sub(r"[\"“”][^\"“”]*[\"“”]", " ", rest)
    pq.refs, rest = _find_refs(rest)
    pq.text = re.sub(r"\s+", " ", rest.replace('"', " ")).strip()
    _check_bounds(pq)
    m = _LOOSE_REF.fullmatch(fold(pq.text).lower())
    if m and m.group(1) in _CODE_OF_WORD:
        number = m.group(2).lstrip("0") or m.group(2)
        pq.loose_ref = (pq.text, f"{number} {_CODE_OF_WORD[m.group(1)]}")
    return pq


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    size: int = 10
    sort: str = "relevance"
    doc_type: str | None = None
    issuer: str | None = None
    district: str | None = None
    year: int | None = None
    signer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    cites: str | None = None
    relation: str | None = None
