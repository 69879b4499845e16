"""Find pass for instruments cited by name only (32 of the 121 gold citations).

Three families, each a grammar rather than a list of titles:

* laws and codes: ``Luật Công đoàn``, ``Bộ Luật Lao động``, ``Luật Giáo dục 2019``, ``Hiến pháp năm 2013``;
* Party congress and plenum resolutions: ``Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của
  Đảng``, ``Nghị quyết Đại hội XI Đảng bộ Thành phố``, ``Nghị quyết Trung ương 4 khóa XII``;
* titled Đề án / Chương trình / Kế hoạch / Chiến lược / Bộ tiêu chí / Hướng dẫn: a quoted title, a
  capitalised title, a named period (``giai đoạn 2021 - 2030``), a named place or the City as
  issuer mark a specific instrument; plural (``các Đề án``), anaphoric (``Đề án của …``), annual
  generic (``… năm 2022``), still-to-be-drafted (``Xây dựng … Đề án``) and year themes
  (``Kế hoạch “Năm …”``) are left out, as tests/gold/REVIEW.md §2 and §5 decide.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.cite_find import Found
from indexer.cite_grammar import finditer_from
from indexer.fold import fold_key
from indexer.normalize import canonical_name

_UP = "A-ZĐƯƠÂĂÊÔÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_W = r"[^\s,;.:()“”\"*\[\]<>|]+"

# Law names stop at function words that begin the sentence's continuation.
_LAW_STOP = (r"ngày|năm|số|và|của|đã|được|thì|có|theo|tại|trong|này|là|để|do|với|cho|khi|nhằm|về|quy"
             r"|hiện hành|hoặc|mà|nêu|trên|đến|các|những|cũng|sẽ|phải|hướng|ban|sau|trước|đang|vẫn|không|từ")
# A law name: capitalised first word (``Luật Công đoàn``; lower case ``luật giao thông`` is prose),
# ``phòng, chống``-style comma compounds kept.
# Older provincial texts write the law in lower case in their legal basis (``Căn cứ Luật tổ chức
# HĐND và UBND năm 2003``): right after ``Căn cứ`` a lower-case name is a law too (not ``Luật sửa
# đổi, bổ sung …``, whose title is the laws it amends).
_LC_LAW_FIRST = (r"(?:(?<=Căn cứ Luật[ \t])|(?<=Căn cứ Pháp lệnh[ \t])|(?<=Căn cứ Bộ luật[ \t]))"
                 r"(?!sửa\b)[a-zđ]")
LAW_RE = re.compile(
    rf"(?P<type>Bộ [Ll]uật|Luật|Pháp lệnh)[ \t]+(?P<name>(?:[{_UP}]|{_LC_LAW_FIRST}){_W}"
    rf"(?:(?:[ \t]+|,[ \t]+(?=chống\b|vệ sinh\b|bổ sung\b))(?!(?:{_LAW_STOP})\b){_W}){{0,9}})"
    rf"(?P<year>[ \t]+(?:năm[ \t]+)?(?:19|20)\d\d\b)?")
# Every LAW_RE match starts with one of these (``finditer_from``).
_LAW_STARTS = ("Bộ luật", "Bộ Luật", "Luật", "Pháp lệnh")
# The Party's charter is cited by name like the Constitution (``theo quy định của Điều lệ Đảng``).
PARTY_CHARTER_RE = re.compile(r"Điều lệ Đảng(?:[ \t]+Cộng sản Việt Nam)?(?![\w])")
CONSTITUTION_RE = re.compile(r"Hiến pháp(?:[ \t]+nước Cộng hòa xã hội chủ nghĩa Việt Nam)?"
                             r"(?:[ \t]+(?:năm[ \t]+)?(?P<year>(?:19|20)\d\d))?")

# Future or self: ``dự thảo Luật``, ``Luật này``.
_LAW_SKIP_BEFORE_RE = re.compile(r"(?:[Dd]ự thảo|[Dd]ự án|[Tt]ờ trình)[ \t]*$")

_ROMAN = r"[IVXL]{1,6}"
_LOCALITY = (r"(?:[Tt]hành phố|[Tt]ỉnh|[Qq]uận|[Hh]uyện|[Tt]hị xã)(?:[ \t]+(?:\d{1,2}\b|Hồ Chí Minh"
             rf"|[{_UP}]\w*(?:[ \t]+[{_UP}]\w*){{0,3}}))?")
# Congress resolutions. ``Nghị quyết, Đại hội …`` (a stray comma in 43/KH-UBND) and ``Nghị quyết
# Đại hội XI Đảng bộ Thành phố`` (ordinal first) are the same grammar.
_SP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
# Where a congress phrase can start; CONGRESS_RE (all parts optional) is only tried there.
_CONGRESS_ANCHORS = ("Nghị quyết", "Đại hội", "toàn quốc", "Đảng bộ")
CONGRESS_ANCHOR_RE = re.compile("|".join(_CONGRESS_ANCHORS))
CONGRESS_RE = re.compile(
    rf"(?P<nq>Nghị quyết,?{_SP}(?:của{_SP})?)?"
    rf"(?P<dh>Đại hội{_SP}(?:(?:đại|Đại){_SP}biểu{_SP})?)?"
    rf"(?:(?P<ord1>{_ROMAN}){_SP})?"
    rf"(?P<body>toàn quốc|Đảng bộ{_SP}{_LOCALITY})"
    rf"(?:{_SP}lần{_SP}thứ{_SP}(?P<ord2>{_ROMAN}))?(?P<dang>{_SP}của{_SP}Đảng)?"
    rf"(?P<term>{_SP}nhiệm kỳ[ \t]+\d{{4}}[ \t]*-[ \t]*\d{{4}})?")
PLENUM_RE = re.compile(
    rf"Nghị quyết[ \t]+(?:Hội nghị[ \t]+)?(?:lần[ \t]+thứ[ \t]+\w+[ \t]+)?(?:Ban Chấp hành[ \t]+)?Trung ương"
    rf"[ \t]+(?P<n>\d{{1,2}}|[a-zà-ỹ]+)?[ \t]*(?:khóa|khoá|Khóa)[ \t]+(?P<k>{_ROMAN})(?P<dang>[ \t]+của[ \t]+Đảng)?")

# Titled programmes and projects.
TITLED_TYPES = ("Chương trình hành động", "Chương trình", "Đề án", "Kế hoạch", "Chiến lược", "Bộ tiêu chí",
                "Hướng dẫn", "Quy hoạch")
TITLED_RE = re.compile(r"(?P<type>" + "|".join(TITLED_TYPES) + r")(?![\w])")
_OPEN_QUOTE_RE = re.compile(r"“[ \t]*$")


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")
_QUOTED_AFTER_RE = re.compile(r"^[ \t]*“(?P<t>[^”\n]{3,300})”")
# Descriptor words stop here (the name is cut, not the check of features that follows).
_DESC_STOP_RE = re.compile(
    r"[;.:()“”\"\n\t*]|,(?![ \t]+chống\b)|[ \t]-[ \t]|[ \t](?:của|tại|trên địa bàn|giai đoạn|năm|đến năm|theo|để|nhằm|và|đã|được|do"
    r"|với|đối với|trong|cho|thuộc|gắn với|phù hợp|nhưng|đồng thời)(?=[ \t\n,;.]|$)")
# First descriptor words that make the phrase anaphoric, generic or a heading, not a title.
_BAD_FIRST = {"này", "đã", "được", "của", "trên", "và", "các", "số", "cụ", "đề", "chi", "năm", "công", "thực",
              "triển", "hành", "phối", "liên", "là", "để", "nhằm", "theo", "tại", "đó", "với",
              "đối", "cho", "trong", "này.", "kèm", "chung", "chính", "hoạt", "cấp", "hằng", "hàng", "đặt",
              "mới", "riêng", "ra", "sẽ", "đang", "không", "có", "thì", "về", "tháng", "quý", "tuần", "giai"}
# Capitalised words that open an office or body name, not a title (a lost table-cell boundary:
# ``Kế hoạch | Trưởng Phòng Tài chính``).
_OFFICE_FIRST = {"trưởng", "phó", "chủ", "giám", "thủ", "phòng", "ủy", "uỷ", "ubnd", "sở", "ban", "văn", "chánh",
                 "bộ", "cục", "tổng", "trung", "hội", "đảng", "quận", "huyện", "phường", "xã", "thành", "tỉnh"}
_PERIOD_RE = re.compile(r"giai đoạn[ \t]+\d{4}[ \t]*[-–][ \t]*\d{4}|đến năm[ \t]+\d{4}")
_SINGLE_YEAR_RE = re.compile(r"(?:năm|quận|quý)[ \t]+(?:học[ \t]+)?\d{4}(?![ \t]*[-–][ \t]*\d)|\d{4}[²³¹]")
_PLACE_RE = re.compile(r"Thành phố Hồ Chí Minh|TP\.? ?HCM|Quận[ \t]+\d+|[Tt]ỉnh[ \t]+[A-ZĐ]")
_CITY_ISSUER_RE = re.compile(r"^[ \t]+của[ \t]+(?:Thành phố|thành phố|Chính phủ|Thủ tướng|UBND|Ủy ban nhân dân|tỉnh)")
_FUTURE_BEFORE_RE = re.compile(r"(?:[Xx]ây dựng|[Hh]oàn thiện|[Bb]an hành|[Dd]ự thảo|[Ss]oạn thảo|[Đđ]ề xuất"
                               r"|[Gg]óp ý)\b[^.;:\n]{0,30}$")
# ``Sở Kế hoạch và Đầu tư``, ``Phòng Tài chính - Kế hoạch``: the type word is part of an office name.
_ORG_BEFORE_RE = re.compile(r"(?:Sở|Bộ|Phòng|Vụ|Cục|Ban|Chi cục|Tài chính)[ \t]*-?[ \t]*$")
_PLURAL_BEFORE_RE = re.compile(r"(?:các|những|mọi|nhiều)[ \t]+$")
_VEHICLE_AFTER_RE = re.compile(r"^[^;.\n]{0,200}?\b(?:theo|kèm theo|tại)[ \t]+"
                               r"(?:Công văn|Quyết định|Kế hoạch|Nghị quyết|Nghị định|Thông tư|Chỉ thị)[ \t]+số")
# ``tổ chức Chương trình “School Tour”``: an event being held, not an instrument.
_EVENT_BEFORE_RE = re.compile(r"(?<![\w])[Tt]ổ chức[ \t]+$")
_VEHICLE_BEFORE_RE = re.compile(r"\b(?:phê duyệt|ban hành)\b[^;.\n]{0,40}$")
_VEHICLE_RIGHT_BEFORE_RE = re.compile(r"\b(?:phê duyệt|ban hành)[ \t]+$")
_ALIAS_RE = re.compile(r"^[ \t]*\((?:gọi tắt là|sau đây gọi (?:tắt )?là|viết tắt là)[ \t]+(?P<a>[^)]{2,40})\)")
_ABBREVIATIONS = {"CCHC": "cải cách hành chính", "CNTT": "công nghệ thông tin", "KT-XH": "kinh tế - xã hội",
                  "TP.HCM": "Thành phố Hồ Chí Minh", "TTHC": "thủ tục hành chính"}


def fold(s: str) -> str:
    """Accent-, case- and punctuation-folded name (same result as the gold scorer's ``fold``)."""
    return fold_key(unicodedata.normalize("NFC", s))


@dataclass
class NamedFound:
    """One named citation surface."""

    start: int
    end: int
    name: str
    doc_type: str
    issuer: str | None = None
    issuer_inferred: bool = False
    year: int | None = None
    date: str | None = None
    quoted: bool = False
    flags: set[str] = field(default_factory=set)
    key: str = ""
    type_word: str | None = None

    def __post_init__(self) -> None:
        # One identity however it is written: abbreviations in the name spelled out (Luật HTX =
        # Luật Hợp tác xã); the surfaces keep what was written.
        self.name = canonical_name(self.name)
        if not self.key:
            self.key = fold(self.name)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of ``spans`` (few per document; bisect keeps it linear overall)."""
    i = bisect.bisect_left(spans, (e, e))
    return any(a < e and s < b for a, b in spans[max(0, i - 8):i])


def _laws(text: str, taken: list[tuple[int, int]]) -> list[NamedFound]:
    out = []
    for m in finditer_from(LAW_RE, text, _LAW_STARTS):
        if not _word_start(text, m.start()):
            continue
        if _overlaps(taken, m.start(), m.end()) or _LAW_SKIP_BEFORE_RE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        name = " ".join(m.group("name").split())  # = re.sub(r"\s+", " ", …).strip()
        if name.split()[0] in ("Này", "Số") or text[m.end():m.end() + 4].startswith(" số"):
            continue
        t = m.group("type")
        doc_type = "Bộ luật" if t.startswith("Bộ") else t
        year = int(_NON_DIGITS_RE.sub("", m.group("year"))) if m.group("year") else None
        out.append(NamedFound(m.start(), m.end(), f"{doc_type} {name}", doc_type,
                              issuer="Ủy ban Thường vụ Quốc hội" if t == "Pháp lệnh" else "Quốc hội",
                              issuer_inferred=True, year=year))
    i = text.find("Điều lệ Đảng")
    while i >= 0:
        m = PARTY_CHARTER_RE.match(text, i)
        if m and _word_start(text, i) and not _overlaps(taken, m.start(), m.end()):
            out.append(NamedFound(m.start(), m.end(), "Điều lệ Đảng", "Điều lệ", issuer="Đại hội Đảng toàn quốc",
                                  issuer_inferred=True))
        i = text.find("Điều lệ Đảng", i + 1)
    for m in CONSTITUTION_RE.finditer(text):
        if _word_start(text, m.start()) and not _overlaps(taken, m.start(), m.end()):
            year = int(m.group("year")) if m.group("year") else None
            out.append(NamedFound(m.start(), m.end(), "Hiến pháp", "Hiến pháp", issuer="Quốc hội",
                                  issuer_inferred=True, year=year))
    return out


def _congress_body(body: str, ctx) -> tuple[str, str]:
    """(name part, issuer) of a congress body: ``Đảng bộ Thành phố`` → Đảng bộ Thành phố Hồ Chí Minh."""
    b = _WS_RUN_RE.sub(" ", body)
    if b == "toàn quốc":
        return "toàn quốc", "Đại hội Đảng toàn quốc"
    loc = b[len("Đảng bộ "):]
    low = loc.lower()
    if low in ("thành phố", "thành phố hồ chí minh") or low.endswith("hồ chí minh"):
        if ctx.province == "TP.HCM":
            return "Đảng bộ Thành phố Hồ Chí Minh", "Đại hội Đảng bộ TP.HCM"
        return f"Đảng bộ {loc}", f"Đại hội Đảng bộ {loc}"
    if low in ("quận", "huyện") and ctx.district:
        loc = ctx.district
    elif _DISTRICT_WORD_RE.match(low):
        loc = loc[0].upper() + loc[1:]
    return f"Đảng bộ {loc}", f"Đại hội Đảng bộ {loc}"


def _congresses(text: str, taken: list[tuple[int, int]], ctx) -> list[NamedFound]:
    out: list[NamedFound] = []
    done = 0
    for a in finditer_from(CONGRESS_ANCHOR_RE, text, _CONGRESS_ANCHORS):
        if a.start() < done:
            continue
        m = CONGRESS_RE.match(text, a.start())
        if not m:
            continue
        done = m.end()
        if not m.group("nq"):
            # ``… và Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII`` continuing a congress resolution
            prev = out[-1] if out else None
            if not (m.group("dh") and prev and _AND_GAP_RE.fullmatch(text, prev.end, m.start())):
                continue
        if not (m.group("dh") or m.group("body").startswith("Đảng bộ")):
            continue
        if _overlaps(taken, m.start(), m.end()):
            continue
        body, issuer = _congress_body(m.group("body"), ctx)
        ordinal = m.group("ord1") or m.group("ord2")
        if ordinal:
            name = f"Nghị quyết Đại hội đại biểu {body} lần thứ {ordinal}"
            if body == "toàn quốc":
                name += " của Đảng"
        else:
            name = f"Nghị quyết Đại hội {body}"
        start = m.start() if m.group("nq") or not m.group("dh") else m.start("dh")
        out.append(NamedFound(start, m.end(), name, "Nghị quyết", issuer=issuer,
                              issuer_inferred=not m.group("nq")))
    for m in PLENUM_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        n = f" {m.group('n')}" if m.group("n") else ""
        out.append(NamedFound(m.start(), m.end(), f"Nghị quyết Trung ương{n} khóa {m.group('k')}", "Nghị quyết",
                              issuer="Ban Chấp hành Trung ương", issuer_inferred=True))
    return out


_NON_DIGITS_RE = re.compile(r"\D")
_WS_RUN_RE = re.compile(r"\s+")
_DISTRICT_WORD_RE = re.compile(r"(?:quận|huyện) ")
_AND_GAP_RE = re.compile(r"[ \t]+và[ \t]+")
_NUMBER_AFTER_RE = re.compile(r"^[ \t]*(?:số[ \t]*)?\d")
_SHORT_NUMBER_AFTER_RE = re.compile(r"^[ \t]*(\d{1,3})\b(?![/-])")
_YEAR_THEME_RE = re.compile(r"^[ \t]*Năm\b")
_CLAUSE_CUT_RE = re.compile(r"[,(;]")

_ABBREV_RE = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")(?![\w])")


def _expand(s: str) -> str:
    """``Chương trình tổng thể CCHC`` → ``… cải cách hành chính`` so both spellings meet."""
    return _ABBREV_RE.sub(lambda m: _ABBREVIATIONS[m.group(0)], s)


@dataclass
class _Titled:
    """A titled phrase being read: the type word, its title (quoted or the descriptor words after
    it), the full name, where it ends, and the text around it that the rules look at."""

    t: str
    title: str
    name: str
    end: int
    quoted: bool
    before: str  # up to 60 characters before the type word
    cont: str  # what follows the title, to the end of its clause

    @property
    def words(self) -> list[str]:
        return self.title.split()


# Why a titled phrase is not a citation, one named rule each, in the order they are tried (the first
# that matches rejects the phrase). Each has a row in tests/test_named_rejects.py that the rule
# decides. The rules about a numbered vehicle (the content of a decision) are in ``_vehicle``.
_REJECTS: tuple[tuple[str, Callable[[_Titled], bool]], ...] = (
    # ``Sở Kế hoạch và Đầu tư`` in a list of offices (``Giám đốc các Sở: …, Kế hoạch và Đầu tư``).
    ("office_ke_hoach_dau_tu", lambda c: c.t == "Kế hoạch" and fold(" ".join(c.words[:3])).startswith(("dau tu", "va dau tu"))),
    # A year's theme, not an instrument: Kế hoạch “Năm xây dựng chính quyền đô thị …”.
    ("year_theme", lambda c: c.quoted and bool(_YEAR_THEME_RE.match(c.title))),
    # Anaphoric, generic or a heading: ``Kế hoạch này``, ``Chương trình công tác``, ``Đề án được …``.
    ("generic_first_word", lambda c: not c.quoted and c.words[0].lower() in _BAD_FIRST),
)
_REJECTS_AROUND: tuple[tuple[str, Callable[[_Titled], bool]], ...] = (
    # Several of a kind, not one instrument: ``các Chương trình mục tiêu``.
    ("plural_before", lambda c: bool(_PLURAL_BEFORE_RE.search(c.before))),
    # One still to be written: ``Xây dựng Đề án …``, ``dự thảo Kế hoạch …``.
    ("future_before", lambda c: bool(_FUTURE_BEFORE_RE.search(c.before))),
    # Part of an office's name: ``Phòng Tài chính - Kế hoạch``.
    ("office_name_before", lambda c: bool(_ORG_BEFORE_RE.search(c.before))),
    # An event being held: ``tổ chức Chương trình “School Tour”``.
    ("event_before", lambda c: bool(_EVENT_BEFORE_RE.search(c.before))),
    # One year's routine plan (``Kế hoạch cải cách hành chính năm 2022``), named by its number if at all.
    ("single_year", lambda c: bool(_SINGLE_YEAR_RE.search((c.title if not c.quoted else "") + c.cont[:60]))),
)


def _read_title(text: str, m: re.Match[str], qopen: re.Match[str] | None) -> _Titled | None:
    """The title after the type word of ``m``: in quotes (opened before it or right after it), or
    the descriptor words up to a stop; ``None`` when there is none (or a table cell ends there)."""
    s, e, t = m.start("type"), m.end("type"), m.group("type")
    after = text[e:e + 400]
    if after[:1] == "\t":
        return None  # a table cell ends here
    quoted = True
    if qopen:
        close = text.find("”", e, e + 300)
        if close < 0:
            return None
        title, end = text[e:close].strip(), close + 1
        name = f"{t} {title}"
    elif qm := _QUOTED_AFTER_RE.match(after):
        title, end = qm.group("t").strip(), e + qm.end()
        name = f"{t} “{title}”"
    else:
        quoted = False
        stop = _DESC_STOP_RE.search(after)
        title = " ".join((after[:stop.start()] if stop else after[:120]).split())
        if not title:
            return None
        end = e + len(after[:stop.start()].rstrip()) if stop else e + len(title)
        name = f"{t} {_expand(title)}"
    if not title.split():
        return None
    cont = text[end:end + 160].split(";")[0].split("\n")[0]
    return _Titled(t, title, name, end, quoted, text[max(0, s - 60):s], cont)


def _vehicle(c: _Titled, start: int, num_ends: list[int]) -> tuple[bool, bool]:
    """``(reject, mark)``: the phrase is the content of a numbered instrument — named in the same
    clause (``Chương trình … theo Quyết định số …``) or approved just before (``76/NQ-CP … ban
    hành Chương trình …``); ``mark``: its other mentions are that instrument's content too."""
    if _VEHICLE_AFTER_RE.search(c.cont):
        return True, True
    if num_ends and _VEHICLE_BEFORE_RE.search(c.before) and any(start - 80 < ne <= start for ne in num_ends):
        return True, bool(_VEHICLE_RIGHT_BEFORE_RE.search(c.before))
    return False, False


def _rejected(c: _Titled) -> str | None:
    """The name of the first rule of ``_REJECTS`` that rejects ``c`` (``None``: none does)."""
    return next((name for name, test in _REJECTS if test(c)), None)


def _rejected_around(c: _Titled) -> str | None:
    """The name of the first rule of ``_REJECTS_AROUND`` that rejects ``c``."""
    return next((name for name, test in _REJECTS_AROUND if test(c)), None)


def _strong(c: _Titled) -> bool:
    """A title that stands alone: quoted, a Chiến lược or Bộ tiêu chí, capitalised like a name (not
    an office), with a period (``giai đoạn 2021-2025``) or a place, or few words issued by the city."""
    first = c.words[0]
    return bool(c.quoted or c.t in ("Chiến lược", "Bộ tiêu chí")
                or (first[0].isupper() and not first.isupper() and first.lower() not in _BAD_FIRST
                    and first.lower() not in _OFFICE_FIRST)
                or _PERIOD_RE.search(c.title + " " + _CLAUSE_CUT_RE.split(c.cont, 1)[0])
                or _PLACE_RE.search(c.title)
                or (_CITY_ISSUER_RE.match(c.cont) and len(c.words) <= 4))


def _titled(text: str, taken: list[tuple[int, int]], numbered: list[Found]) -> list[NamedFound]:
    """Programmes, projects, strategies and plans cited by title: strong titles are accepted, weak
    ones only where they repeat an accepted title in short; a title that is a numbered
    instrument's content is dropped with every mention of it."""
    accepted: list[NamedFound] = []
    weak: list[NamedFound] = []
    aliases: dict[str, NamedFound] = {}
    vehicle_keys: set[str] = set()
    num_ends = [f.end for f in numbered]
    for m in finditer_from(TITLED_RE, text, TITLED_TYPES):
        s, e = m.start("type"), m.end("type")
        if not _word_start(text, s) or _overlaps(taken, s, e):
            continue
        t = m.group("type")
        if _NUMBER_AFTER_RE.match(text[e:e + 400]):  # ``Đề án 06``: a short name given by an alias
            am = _SHORT_NUMBER_AFTER_RE.match(text[e:e + 400])
            if am and fold(f"{t} {am.group(1)}") in aliases:
                a = aliases[fold(f"{t} {am.group(1)}")]
                accepted.append(NamedFound(s, e + am.end(), a.name, a.doc_type, key=a.key, quoted=True))
            continue
        qopen = _OPEN_QUOTE_RE.search(text[max(0, s - 3):s])
        c = _read_title(text, m, qopen)
        if c is None or _rejected(c):
            continue
        reject, mark = _vehicle(c, s, num_ends)
        if mark:
            vehicle_keys.add(fold(c.name))
        if reject or _rejected_around(c):
            continue
        qstart = s - (len(text[max(0, s - 3):s]) - qopen.start()) if qopen else s
        nf = NamedFound(qstart, c.end, c.name, "Chương trình" if t.startswith("Chương trình") else t,
                        quoted=c.quoted, type_word=t)
        if _strong(c):
            accepted.append(nf)
            if am := _ALIAS_RE.match(text[c.end:c.end + 60]):
                aliases[fold(am.group("a"))] = nf
        elif len(c.words) >= 2:
            weak.append(nf)
    return _with_short_mentions(accepted, weak, vehicle_keys)


def _with_short_mentions(accepted: list[NamedFound], weak: list[NamedFound], vehicle_keys: set[str]) -> list[NamedFound]:
    """The accepted titles, and each weak phrase that repeats one of them in short (``Chương trình
    chuyển đổi số``, ``Đề án xây dựng đô thị thông minh``) as a mention of it; none of a vehicle's."""
    out = list(accepted)
    for w in weak:
        target = _subsequence_target(w, accepted)
        if target:
            out.append(NamedFound(w.start, w.end, target.name, target.doc_type, key=target.key))
    for nf in list(out):
        target = _subsequence_target(nf, [a for a in accepted if a.key != nf.key and not nf.quoted])
        if target and not nf.quoted:
            nf.name, nf.key = target.name, target.key
    if vehicle_keys:
        out = [nf for nf in out if not any(_same_title(v, nf.key) for v in vehicle_keys)]
    return out


def _same_title(a: str, b: str) -> bool:
    """Whether two folded names of at least four words are one title, one a word-run of the other
    (``chuong trinh tong the cai cach hanh chinh`` and ``… hanh chinh nha nuoc``)."""
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 4 and f" {short} " in f" {long_} "


def _subsequence_target(nf: NamedFound, accepted: list[NamedFound]) -> NamedFound | None:
    words = nf.key.split()
    hits = {}
    for a in accepted:
        if a.doc_type != nf.doc_type or a.key == nf.key:
            continue
        it = iter(a.key.split())
        if all(w in it for w in words):
            hits[a.key] = a
    return next(iter(hits.values())) if len(hits) == 1 else None


def find_named(text: str, numbered: list[Found], ctx) -> list[NamedFound]:
    """Find every named citation surface in ``text``.

    Args:
        text: normalized document text.
        numbered: the numbered surfaces already found (named ones never overlap them).
        ctx: the citing document's ``CiteContext``.

    Returns:
        Named surfaces in text order; ``key`` (folded canonical name) groups them.
    """
    taken = sorted((f.start, f.end) for f in numbered)
    out = _laws(text, taken)
    taken = sorted(taken + [(n.start, n.end) for n in out])
    cong = _congresses(text, taken, ctx)
    out += cong
    taken = sorted(taken + [(n.start, n.end) for n in cong])
    out += _titled(text, taken, numbered)
    for nf in out:
        nf.year = nf.year or None
    return sorted(out, key=lambda n: n.start)
