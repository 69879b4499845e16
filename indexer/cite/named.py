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

import re

from indexer.cite.find import Found, NamedFound, iso_date, overlaps, word_start
from indexer.cite.grammar import DATE_AFTER_RE, finditer_from
from indexer.cite.titled import titled

_UP = "A-ZĐƯƠÂĂÊÔÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_LOW = _UP.lower()  # a lower-case word may open with a marked vowel: ``ưu đãi``, ``ấn phẩm``
_W = r"[^\s,;.:()“”\"*\[\]<>|]+"

# Law names stop at function words that begin the sentence's continuation.
# ``số`` before a word is one of the name (``Tần số vô tuyến điện``); ``người có công với cách mạng``
# is one phrase.
_LAW_STOP = (r"ngày|năm|số(?![ \t]+[a-zđ])|và|của|đã|được|thì|(?<!người[ \t])có|theo|tại(?![ \t]+Việt Nam)"
             r"|trong(?![ \t]+nước)|này|là|để|do"
             r"|(?<!có công[ \t])với|cho|khi|nhằm|về|áp dụng"
             r"|hiện hành|hoặc|mà|nêu|trên|đến|các|những|cũng|sẽ|phải|hướng|ban(?=[ \t]+hành)|sau|trước|đang|vẫn"
             r"|(?<!Hàng[ \t])không|từ|quy định|năm|tháng|cụ thể|gồm|như|nay|đó|đối(?=[ \t]+với)"
             r"|liên quan|nghị định|quyết định|thông tư|[Cc]ăn cứ|Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết"
             r"|Quyết định|Thông tư|Chỉ thị|Hiến pháp|bao gồm|nếu|việc|xem xét|thuộc|mới|hết|xảy ra|tùy thuộc|tuỳ thuộc|Điều|Khoản|Chương"
             r"|\d{1,3}(?!\d)")
# A law name: after the capitalised type word (lower case ``luật giao thông`` is prose), a
# capitalised name (``Luật Công đoàn``) or one written in lower case (``Luật xử lý vi phạm hành
# chính``, ``Luật các tổ chức tín dụng``, ``Căn cứ Luật tổ chức HĐND và UBND``) of two words or
# more (checked in ``_laws``) that does not open with a word of prose (``Luật này``, ``Luật quy
# định``, ``Luật sửa đổi, bổ sung …``, whose title is the laws it amends).
_LC_NOT_FIRST = (r"này|sửa|quy|hiện|mới|cũ|và|của|về|thì|là|đã|được|có|cho|để|không|nào|trên|theo|sẽ|phải"
                 r"|nay|đó|pháp|sư|năm|số|ngày|với|tại|trong|khi|đều|cũng|vẫn|hoặc|như|mà|nêu|đến|từ|do|gồm"
                 r"|liên|khác|chung|cùng|hành|trước|sau|đã|đang|luôn|vừa|thì|ra|vào")
_LC_LAW_FIRST = rf"(?!(?:{_LC_NOT_FIRST})\b)[{_LOW}]"
# ``và`` inside a name joins two bodies (``Luật Tổ chức HĐND và UBND``, ``Luật Giáo dục và Đào
# tạo``): a word that is not another instrument's type follows it, nor an article (``Luật Trẻ em
# và khoản 4 Điều 42 Nghị định …``), nor a word that goes on with the sentence (``Luật Thi đua,
# khen thưởng và theo …``).
# A lower-case word after ``và`` goes on with the name only when names pair it so (``Phí và lệ
# phí``, ``Phòng cháy và chữa cháy``, ``Khoa học và công nghệ``); any other begins the sentence's
# next clause (``Luật Đấu thầu và lựa chọn nhà thầu …``).
_AND_LOWER = (r"(?:lệ phí|công nghệ|gia đình|quy chuẩn|chữa cháy|phát triển|công cụ|an ninh|kiểm dịch|giáo dục"
              r"|kiểm soát|bảo vệ|viên chức|đào tạo|môi trường|xã hội|du lịch|thể thao|truyền thông|hải đảo"
              r"|chống|cứu nạn|cứu hộ|sử dụng|quản lý|phòng|chăm sóc)")
_LAW_AND = (r"và(?![ \t]+(?:Luật|Bộ luật|Bộ Luật|Pháp lệnh|Nghị|Quyết|Thông|Chỉ|Hiến|Căn cứ|Điều|Khoản|Điểm"
            rf"|Chương|Mục|Phần|Phụ lục|Sở|Phó)\b)(?=[ \t]+(?:[{_UP}]|{_AND_LOWER}\b))")
# A comma inside a name joins two of its words (``Luật Thi đua, Khen thưởng``, ``Luật Khiếu nại, tố
# cáo``, ``Pháp lệnh Phòng, chống lụt, bão``): what follows is capitalised or one of the words law
# names pair that way, and not another instrument's type word (a list of laws, or prose, goes on).
_LAW_COMMA = (r"(?!(?:Luật|Bộ luật|Bộ Luật|Pháp lệnh|Nghị|Quyết|Thông|Chỉ|Hiến|Điều|Khoản|Điểm|Mục|Phần|Kế"
              r"|Chương|Công|Văn|Sở|Phó|Bộ(?![ \t]+[Ll]uật)|Cơ quan|Ủy ban|Uỷ ban|UBND|Chính phủ|Thủ tướng|Cục"
              r"|Tổng cục)\b)"
              rf"(?=[{_UP}]|(?:chống|sử dụng|bổ sung|vệ sinh|tố cáo|khen thưởng|hàng hóa|hàng hoá|bão|thể thao"
              r"|công chức|viên chức|chăm sóc|lệ phí|tiếp công dân|cứu nạn|cứu hộ|thuế|chữa bệnh|giáo dục|tôn giáo"
              r"|gia nhập|sản phẩm|dược|vật liệu|kinh doanh|nhập khẩu|nhập cảnh|quá cảnh|cư trú)\b)")
# The law's version: ``năm 2013`` or a bare year right after the name (never a word of the name).
LAW_RE = re.compile(
    rf"(?P<type>Bộ [Ll]uật|Luật|Pháp lệnh)[ \t]+(?P<name>(?:[{_UP}]|{_LC_LAW_FIRST}){_W}"
    rf"(?:(?:[ \t]+|,[ \t]+{_LAW_COMMA})(?:{_LAW_AND}|(?!(?:{_LAW_STOP})\b)"
    rf"(?!(?:19|20)\d\d\b){_W})){{0,11}})"
    rf"(?P<year>[ \t]+(?:năm[ \t]+)?(?:19|20)\d\d\b)?")
# An amending law is named by the law it amends: ``Luật sửa đổi, bổ sung một số điều của Luật Thi
# đua, Khen thưởng``, ``Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh Xử lý vi phạm hành
# chính`` — one instrument (the amended law is inside its name, not cited beside it).
AMENDING_RE = re.compile(r"(?P<type>Bộ [Ll]uật|Luật|Pháp lệnh)[ \t]+[Ss]ửa đổi,?[ \t]+bổ sung[ \t]+"
                         r"(?:một số điều|(?:các )?[Đđ]iều[ \t]+\d+(?:[ \t]*(?:,|và)[ \t]*\d+)*)[ \t]+của[ \t]+"
                         r"(?=(?:Bộ [Ll]uật|Luật|Pháp lệnh)[ \t])")
_AND_LAW_RE = re.compile(r"[ \t]*(?:,|và)[ \t]+(?=(?:Bộ [Ll]uật|Luật|Pháp lệnh)[ \t])")
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


def _date_after(text: str, end: int) -> tuple[str | None, int]:
    """The valid ISO date written right after ``end`` (``ngày 26/11/2003``) and where it ends
    (``(None, end)`` when there is none; an impossible date, 31/02, gives no date but is read)."""
    m = DATE_AFTER_RE.match(text[end:end + 60])
    if m is None:
        return None, end
    return iso_date(m.group("d"), m.group("m1") or m.group("m2"), m.group("y1") or m.group("y2")), end + m.end()


def _amending_laws(text: str, taken: list[tuple[int, int]]) -> list[NamedFound]:
    """Amending laws, named whole with the law they amend; the date after it gives the version
    (the surface ends with the name, as the marked real sentences span it)."""
    out = []
    for m in AMENDING_RE.finditer(text):
        inner = LAW_RE.match(text, m.end())
        while inner is not None and (more := _AND_LAW_RE.match(text, inner.end("name"))):
            inner = LAW_RE.match(text, more.end()) or inner  # ``… của Luật A và Luật B``: it amends both
            if inner.start() != more.end():
                break
        if inner is None or not word_start(text, m.start()) or overlaps(taken, m.start(), inner.end()):
            continue
        t = m.group("type")
        doc_type = "Bộ luật" if t.startswith("Bộ") else t
        name = " ".join(text[m.start() + len(t):inner.end("name")].split())
        year = int(_NON_DIGITS_RE.sub("", inner.group("year"))) if inner.group("year") else None
        date = _date_after(text, inner.end())[0] if year is None else None
        out.append(NamedFound(m.start(), inner.end("name"), f"{doc_type} {name}", doc_type,
                              issuer="Ủy ban Thường vụ Quốc hội" if t == "Pháp lệnh" else "Quốc hội",
                              issuer_inferred=True, year=year or (int(date[:4]) if date else None), date=date))
    return out


def _laws(text: str, taken: list[tuple[int, int]]) -> list[NamedFound]:
    out = _amending_laws(text, taken)
    taken = sorted(taken + [(n.start, n.end) for n in out])
    for m in finditer_from(LAW_RE, text, _LAW_STARTS):
        if not word_start(text, m.start()):
            continue
        if overlaps(taken, m.start(), m.end()) or _LAW_SKIP_BEFORE_RE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        name = " ".join(m.group("name").split())  # = re.sub(r"\s+", " ", …).strip()
        if name.split()[0] in ("Này", "Số") or text[m.end():m.end() + 4].startswith(" số"):
            continue
        if name[0].islower() and len(name.split()) < 2:  # ``Luật mới``: prose
            continue
        t = m.group("type")
        doc_type = "Bộ luật" if t.startswith("Bộ") else t
        year = int(_NON_DIGITS_RE.sub("", m.group("year"))) if m.group("year") else None
        # ``Luật … ngày 26/11/2003``: the date gives the version and is part of the surface, as a
        # numbered citation's date is
        date, end = _date_after(text, m.end()) if not m.group("year") else (None, m.end())
        out.append(NamedFound(m.start(), end, f"{doc_type} {name}", doc_type,
                              issuer="Ủy ban Thường vụ Quốc hội" if t == "Pháp lệnh" else "Quốc hội",
                              issuer_inferred=True, year=year or (int(date[:4]) if date else None),
                              date=date if date and (year is None or date.startswith(str(year))) else None))
    i = text.find("Điều lệ Đảng")
    while i >= 0:
        m = PARTY_CHARTER_RE.match(text, i)
        if m and word_start(text, i) and not overlaps(taken, m.start(), m.end()):
            out.append(NamedFound(m.start(), m.end(), "Điều lệ Đảng", "Điều lệ", issuer="Đại hội Đảng toàn quốc",
                                  issuer_inferred=True))
        i = text.find("Điều lệ Đảng", i + 1)
    for m in CONSTITUTION_RE.finditer(text):
        if word_start(text, m.start()) and not overlaps(taken, m.start(), m.end()):
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
        if overlaps(taken, m.start(), m.end()):
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
        if overlaps(taken, m.start(), m.end()):
            continue
        n = f" {m.group('n')}" if m.group("n") else ""
        out.append(NamedFound(m.start(), m.end(), f"Nghị quyết Trung ương{n} khóa {m.group('k')}", "Nghị quyết",
                              issuer="Ban Chấp hành Trung ương", issuer_inferred=True))
    return out


_NON_DIGITS_RE = re.compile(r"\D")
_WS_RUN_RE = re.compile(r"\s+")
_DISTRICT_WORD_RE = re.compile(r"(?:quận|huyện) ")
_AND_GAP_RE = re.compile(r"[ \t]+và[ \t]+")


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
    out += titled(text, taken, numbered)
    for nf in out:
        nf.year = nf.year or None
    return sorted(out, key=lambda n: n.start)
