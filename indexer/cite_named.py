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


def _titled(text: str, taken: list[tuple[int, int]], numbered: list[Found]) -> list[NamedFound]:
    accepted: list[NamedFound] = []
    weak: list[NamedFound] = []
    aliases: dict[str, NamedFound] = {}
    vehicle_keys: set[str] = set()
    num_ends = [f.end for f in numbered]
    for m in finditer_from(TITLED_RE, text, TITLED_TYPES):
        s, e = m.start("type"), m.end("type")
        if not _word_start(text, s) or _overlaps(taken, s, e):
            continue
        qopen = _OPEN_QUOTE_RE.search(text[max(0, s - 3):s])
        qstart = s - (len(text[max(0, s - 3):s]) - qopen.start()) if qopen else s
        t = m.group("type")
        doc_type = "Chương trình" if t.startswith("Chương trình") else t
        before = text[max(0, s - 60):s]
        after = text[e:e + 400]
        if _NUMBER_AFTER_RE.match(after):
            am = _SHORT_NUMBER_AFTER_RE.match(after)
            if am and fold(f"{t} {am.group(1)}") in aliases:
                a = aliases[fold(f"{t} {am.group(1)}")]
                accepted.append(NamedFound(s, e + am.end(), a.name, a.doc_type, key=a.key, quoted=True))
            continue
        quoted = False
        if after[:1] == "\t":
            continue  # a table cell ends here
        if qopen:
            close = text.find("”", e, e + 300)
            if close < 0:
                continue
            title = text[e:close].strip()
            end = close + 1
            quoted = True
            name = f"{t} {title}"
        else:
            qm = _QUOTED_AFTER_RE.match(after)
            if qm:
                title = qm.group("t").strip()
                end = e + qm.end()
                quoted = True
                name = f"{t} “{title}”"
            else:
                stop = _DESC_STOP_RE.search(after)
                desc = after[:stop.start()] if stop else after[:120]
                desc = " ".join(desc.split())  # = re.sub(r"\s+", " ", desc).strip()
                if not desc:
                    continue
                end = e + len(after[:stop.start()].rstrip()) if stop else e + len(desc)
                title = desc
                name = f"{t} {_expand(desc)}"
        words = title.split()
        if not words:
            continue
        if t == "Kế hoạch" and fold(" ".join(words[:3])).startswith(("dau tu", "va dau tu")):
            continue  # ``Sở Kế hoạch và Đầu tư`` in a list of offices (``Giám đốc các Sở: …, Kế hoạch Đầu tư``)
        cont = text[end:end + 160].split(";")[0].split("\n")[0]
        if quoted and _YEAR_THEME_RE.match(title):
            continue  # year theme: Kế hoạch “Năm xây dựng chính quyền đô thị …”
        if not quoted and words[0].lower() in _BAD_FIRST:
            continue
        if _VEHICLE_AFTER_RE.search(cont):
            # the content of a numbered instrument (REVIEW.md §2): so are its other mentions
            # (``Chỉ thị số 23/CT-TTg về đẩy mạnh thực hiện Chương trình tổng thể …``)
            vehicle_keys.add(fold(name))
            continue
        if num_ends and _VEHICLE_BEFORE_RE.search(before) and any(s - 80 < ne <= s for ne in num_ends):
            if _VEHICLE_RIGHT_BEFORE_RE.search(before):  # ``76/NQ-CP … ban hành Chương trình …`` itself
                vehicle_keys.add(fold(name))
            continue
        if (_PLURAL_BEFORE_RE.search(before) or _FUTURE_BEFORE_RE.search(before) or _ORG_BEFORE_RE.search(before)
                or _EVENT_BEFORE_RE.search(before)):
            continue
        if _SINGLE_YEAR_RE.search((title if not quoted else "") + cont[:60]):
            continue
        strong = (quoted or t in ("Chiến lược", "Bộ tiêu chí")
                  or (words[0][0].isupper() and not words[0].isupper() and words[0].lower() not in _BAD_FIRST
                      and words[0].lower() not in _OFFICE_FIRST)
                  or _PERIOD_RE.search(title + " " + _CLAUSE_CUT_RE.split(cont, 1)[0])
                  or _PLACE_RE.search(title)
                  or (_CITY_ISSUER_RE.match(cont) and len(words) <= 4))
        nf = NamedFound(qstart, end, name, doc_type, quoted=quoted, type_word=t)
        if strong:
            accepted.append(nf)
            am = _ALIAS_RE.match(text[end:end + 60])
            if am:
                aliases[fold(am.group("a"))] = nf
        elif len(words) >= 2:
            weak.append(nf)
    # A weak phrase that repeats an accepted title in short (``Chương trình chuyển đổi số``,
    # ``Đề án xây dựng đô thị thông minh``) is a mention of it.
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
