"""Titled programmes, projects, strategies and plans cited by name (``Đề án “Xây dựng đô thị thông
minh”``, ``Chương trình tổng thể cải cách hành chính giai đoạn 2021 - 2030``): a quoted title, a
capitalised title, a named period, a named place or the City as issuer mark a specific instrument;
the named reject rules (``_REJECTS``, ``_REJECTS_AROUND``, ``_vehicle``) say why a phrase is not
one, as tests/gold/REVIEW.md §2 and §5 decide.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.cite.find import Found, NamedFound, fold, overlaps, word_start
from indexer.cite.grammar import finditer_from

# Titled programmes and projects.
TITLED_TYPES = ("Chương trình hành động", "Chương trình", "Đề án", "Kế hoạch", "Chiến lược", "Bộ tiêu chí",
                "Hướng dẫn", "Quy hoạch")
TITLED_RE = re.compile(r"(?P<type>" + "|".join(TITLED_TYPES) + r")(?![\w])")
_OPEN_QUOTE_RE = re.compile(r"“[ \t]*$")
_QUOTED_AFTER_RE = re.compile(r"^[ \t]*“(?P<t>[^”\n]{3,300})”")
# Descriptor words stop here (the name is cut, not the check of features that follows).
_DESC_STOP_RE = re.compile(
    r"[;.:()“”\"\n\t*]|,(?![ \t]+chống\b)|[ \t]-[ \t]|[ \t](?:của|tại|trên địa bàn|giai đoạn|năm|đến năm|theo|để|nhằm|và|đã|được|do"
    r"|với|đối với|trong|cho|trực thuộc|thuộc|gắn với|phù hợp|nhưng|đồng thời)(?=[ \t\n,;.]|$)")
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
# ``Kế hoạch số 298/KH-UBND … của UBND quận triển khai thực hiện Đề án …``: right after a number,
# the title it carries out is its trích yếu (REVIEW.md §2; ``_is_subject``).
_SUBJECT_GAP_RE = re.compile(r"[ \t]*,?[ \t]*(?:về[ \t]+)?(?:việc[ \t]+)?(?:triển khai[ \t]+)?thực hiện[ \t]+")
_VEHICLE_BEFORE_RE = re.compile(r"\b(?:phê duyệt|ban hành)\b[^;.\n]{0,40}$")
_VEHICLE_RIGHT_BEFORE_RE = re.compile(r"\b(?:phê duyệt|ban hành)[ \t]+$")
_ALIAS_RE = re.compile(r"^[ \t]*\((?:gọi tắt là|sau đây gọi (?:tắt )?là|viết tắt là)[ \t]+(?P<a>[^)]{2,40})\)")
_ABBREVIATIONS = {"CCHC": "cải cách hành chính", "CNTT": "công nghệ thông tin", "KT-XH": "kinh tế - xã hội",
                  "TP.HCM": "Thành phố Hồ Chí Minh", "TTHC": "thủ tục hành chính"}
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


def _is_subject(c: _Titled, start: int, num_ends: list[int]) -> bool:
    """Right after a number, the title it carries out is its trích yếu (``Kế hoạch số 298/KH-UBND …
    của UBND quận triển khai thực hiện Đề án …``, REVIEW.md §2): a citation only where the document
    also names it on its own; the relation the number states to it stands."""
    return any(_SUBJECT_GAP_RE.fullmatch(c.before[len(c.before) - (start - ne):])
               for ne in num_ends if start - min(40, len(c.before)) <= ne <= start)


def _rejected(rules: tuple[tuple[str, Callable[[_Titled], bool]], ...], c: _Titled) -> str | None:
    """The name of the first of ``rules`` that rejects ``c`` (``None``: none does)."""
    return next((name for name, test in rules if test(c)), None)


# ``Triển khai thực hiện Đề án nâng cao năng lực …``, ``Tham mưu triển khai Đề án thí điểm …``: a
# task to carry out one project, described (a plan or programme so introduced is often generic).
_TASK_BEFORE_RE = re.compile(r"(?:\n|[-–•\t]|\d[.)]?|[a-zđ]\))[ \t]*(?:[Tt]ham mưu[ \t]+)?[Tt]riển khai"
                             r"(?:[ \t]+thực hiện)?[ \t]+$")


def _strong(c: _Titled) -> bool:
    """A title that stands alone: quoted, a Chiến lược or Bộ tiêu chí, capitalised like a name (not
    an office), with a period (``giai đoạn 2021-2025``) or a place, few words issued by the city, or
    a described Đề án a task line carries out."""
    first = c.words[0]
    return bool(c.quoted or c.t in ("Chiến lược", "Bộ tiêu chí")
                or (c.t == "Đề án" and len(c.words) >= 3 and _TASK_BEFORE_RE.search(c.before))
                or (first[0].isupper() and not first.isupper() and first.lower() not in _BAD_FIRST
                    and first.lower() not in _OFFICE_FIRST)
                or _PERIOD_RE.search(c.title + " " + _CLAUSE_CUT_RE.split(c.cont, 1)[0])
                or _PLACE_RE.search(c.title)
                or (_CITY_ISSUER_RE.match(c.cont) and len(c.words) <= 4))


def titled(text: str, taken: list[tuple[int, int]], numbered: list[Found]) -> list[NamedFound]:
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
        if not word_start(text, s) or overlaps(taken, s, e):
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
        if c is None or _rejected(_REJECTS, c):
            continue
        reject, mark = _vehicle(c, s, num_ends)
        if mark:
            vehicle_keys.add(fold(c.name))
        if reject or _rejected(_REJECTS_AROUND, c):
            continue
        qstart = s - (len(text[max(0, s - 3):s]) - qopen.start()) if qopen else s
        nf = NamedFound(qstart, c.end, c.name, "Chương trình" if t.startswith("Chương trình") else t,
                        quoted=c.quoted, type_word=t, subject=_is_subject(c, s, num_ends))
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
