"""Table-driven tests of the citation grammar, one row per surface form (eyecite test_FindTest style)."""
from __future__ import annotations

import pytest
from conftest import CTX_HCM
from hypothesis import given
from hypothesis import strategies as st

from indexer.citations import CiteContext, extract_citations, parse_citation, to_json
from indexer.models import InstrumentRelationType, Relation
from indexer.terms import TYPE_CODES, TYPE_WORDS

# (text, expected canonical refs in order of first mention)
CASES = [
    # Party directive typed with spaces around the dash
    ("thực hiện Chỉ thị số 19 - CT/TU ngày 19/10/2018", ["19-CT/TU"]),
    # normative decree, full
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 29/3/2021 của Chính phủ", ["33/2021/NĐ-CP"]),
    # short form resolves to the decree cited earlier
    ("Căn cứ Nghị định số 33/2021/NĐ-CP; thực hiện Nghị định số 33/NĐ-CP của Chính phủ", ["33/2021/NĐ-CP"]),
    # year taken from the date for an always-normative symbol
    ("Nghị định số 107/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ", ["107/2021/NĐ-CP"]),
    # distinct years never merge
    ("Nghị định số 107/2020/NĐ-CP và Nghị định số 107/2021/NĐ-CP", ["107/2020/NĐ-CP", "107/2021/NĐ-CP"]),
    # administrative number, no "số"
    ("theo Quyết định 5525/QĐ-BYT ngày 01 tháng 12 năm 2021", ["5525/QĐ-BYT"]),
    # stray space in a normative number
    ("Nghị quyết số 131 /2020/QH14 của Quốc hội", ["131/2020/QH14"]),
    # stray dash before the slash (51/KH-UBND)
    ("Thông tri số 11-TT-/QU ngày 09/6/2021 của Quận ủy Tân Phú", ["11-TT/QU"]),
    # Party type code with lost Đ stroke
    ("Chương trình hành động số 09-CTrHD/TU ngày 25 tháng 11 năm 2021", ["09-CTRHĐ/TU"]),
    # wrong Party suffix corrected from the stated issuer
    ("Chỉ thị số 23-CT/QU ngày 25 tháng 7 năm 2019 của Ban Thường vụ Thành ủy", ["23-CT/TU"]),
    # lists sharing one symbol
    ("các Nghị quyết số 01, 02 và 03/NQ-HĐND", ["01/NQ-HĐND", "02/NQ-HĐND", "03/NQ-HĐND"]),
    # two instruments joined by "và"
    ("Chỉ thị số 19-CT/TU và Kết luận số 264-KL/TU", ["19-CT/TU", "264-KL/TU"]),
    # list continued with "và số"
    ("Quyết định số 23/2021/QĐ-TTg và số 08/2022/QĐ-TTg", ["23/2021/QĐ-TTG", "08/2022/QĐ-TTG"]),
    # ministry công văn with Ư in the unit code
    ("Công văn số 3364/BTTTT-ƯDCNTT ngày 12/9/2023 của Bộ Thông tin và Truyền thông", ["3364/BTTTT-ƯDCNTT"]),
    # joint circular of two ministries
    ("Thông tư liên tịch số 01/2007/TTLT-BTM-BCN ngày 10/01/2007", ["01/2007/TTLT-BTM-BCN"]),
    # provincial council resolution
    ("Nghị quyết số 09/2019/NQ-HĐND ngày 12/7/2019 của HĐND tỉnh Lâm Đồng", ["09/2019/NQ-HĐND"]),
    # circular of the Government Office
    ("Thông tư số 01/2018/TT-VPCP ngày 23 tháng 11 năm 2018 của Văn phòng Chính phủ", ["01/2018/TT-VPCP"]),
    # footnote marker glued to the symbol
    ("Nghị định số 143/2020/NĐ-CP² ngày 10 tháng 12 năm 2020", ["143/2020/NĐ-CP"]),
    # law with name and number
    ("Luật Công nghệ thông tin số 67/2006/QH11 ngày 29 tháng 06 năm 2006", ["67/2006/QH11"]),
    # old numbering with letter suffix
    ("Nghị quyết số 30a/2008/NQ-CP ngày 27/12/2008", ["30A/2008/NQ-CP"]),
    # old Council of Ministers decree without a slash
    ("Nghị định số 25-HĐBT ngày 18-3-1989", ["25-HĐBT"]),
    # Central Committee resolution
    ("Nghị quyết số 09-NQ/TW của Bộ Chính trị", ["09-NQ/TW"]),
    # district party decision
    ("Quyết định số 05-QĐ/QU ngày 02/01/2023 của Ban Thường vụ Huyện ủy", ["05-QĐ/HU"]),
    # Prime Minister's official letter
    ("thực hiện văn bản số 2600/TTg-KTTH của Thủ tướng Chính phủ", ["2600/TTG-KTTH"]),
    # provincial UBND decision, another province
    ("Quyết định số 1234/QĐ-UBND ngày 5/6/2024 của UBND tỉnh Gia Lai", ["1234/QĐ-UBND"]),
    # form numbers are not instruments
    ("kê khai theo mẫu số 10/KK-TNCN ban hành", []),
    # a date and a ratio are not numbers
    ("17/18 chỉ tiêu đạt, ngày 30/5/2022", []),
    # the document's own header number is not a citation
    ("Số: 51/KH-UBND\nTân Phú, ngày 01 tháng 3 năm 2022", []),
    # COVID-19 is no number
    ("phòng, chống dịch COVID-19 trên địa bàn", []),
    # PDF text breaks the line after the dash of a Party number
    ("triển khai Chương trình hành động số 06-\nCTr/TU, ngày 29/8/2025 của Ban Thường vụ Tỉnh ủy", ["06-CTR/TU"]),
    # PDF text breaks the line after the dash inside an administrative symbol
    ("và Quyết định số 2764/QĐ-\nTTg ngày 19 tháng 12 năm 2025 của Thủ tướng", ["2764/QĐ-TTG"]),
    # ... but a lower-case word on the next line is not a symbol part
    ("Thông báo số 5/TB-\nVăn phòng", ["5/TB"]),
    # sample headers ("Số 16-BC/ĐH" alone on a line) in a guidance on document format
    ("Ví dụ 1: Báo cáo của đại hội\n\nSố 16-BC/ĐH\n\nVí dụ 2", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_numbered(text: str, expected: list[str]) -> None:
    cites, _ = extract_citations(text, context=CTX_HCM)
    assert [c.key.ref for c in cites if c.key.ref] == expected


# (text, expected folded-name substring of the one named citation, doc type)
NAMED = [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "Luật Tổ chức chính quyền địa phương",
     "Luật"),
    ("theo Luật Giáo dục 2019", "Luật Giáo dục", "Luật"),
    # a stop word inside a law name (``hiện`` of ``hiện hành`` is not a stop alone)
    ("theo Luật Thực hiện dân chủ ở cơ sở năm 2022", "Luật Thực hiện dân chủ ở cơ sở", "Luật"),
    ("các lĩnh vực thuộc Bộ Luật Lao động.", "Bộ luật Lao động", "Bộ luật"),
    ("Căn cứ Hiến pháp năm 2013;", "Hiến pháp", "Hiến pháp"),
    ("thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng;",
     "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Nghị quyết"),
    ("gắn với việc thực hiện Nghị quyết Trung ương 4 khoá XII của Đảng;", "Nghị quyết Trung ương 4 khóa XII",
     "Nghị quyết"),
    ("hoàn thành các chỉ tiêu của Đề án “Phát triển ứng dụng dữ liệu dân cư” (gọi tắt là Đề án 06);",
     "Đề án Phát triển ứng dụng dữ liệu dân cư", "Đề án"),
    ("để thực hiện thắng lợi Chương trình phục hồi kinh tế giai đoạn 2022 - 2025;",
     "Chương trình phục hồi kinh tế", "Chương trình"),
    # older provincial decisions write the law in lower case in their legal basis
    ("Căn cứ Luật tổ chức HĐND và UBND năm 2003;", "Luật tổ chức Hội đồng nhân dân", "Luật"),
    ("- Căn cứ Luật tổ chức Hội đồng nhân dân và Uỷ ban nhân dân ngày 26 tháng 11 năm 2003;",
     "Luật tổ chức Hội đồng nhân dân", "Luật"),
    # the Party charter, cited by name
    ("theo quy định của Điều lệ Đảng hoặc văn bản thành lập", "Điều lệ Đảng", "Điều lệ"),
]


@pytest.mark.parametrize("text, name, doc_type", NAMED)
def test_named(text: str, name: str, doc_type: str) -> None:
    from indexer.cite.find import fold
    cites, _ = extract_citations(text, context=CTX_HCM)
    named = [c for c in cites if c.key.ref is None]
    assert len(named) == 1, [c.key for c in cites]
    assert fold(name) in fold(named[0].key.name or "")
    assert named[0].doc_type == doc_type


# Phrases that must NOT become named citations (REVIEW.md exclusions).
NOT_NAMED = [
    "Không vi phạm luật giao thông đường bộ",  # lower-case slogan
    "Xây dựng, hoàn thiện và triển khai Đề án “Nâng cao năng lực y tế phường”.",  # still to be drafted
    "tổng hợp Báo cáo kết quả thực hiện Kế hoạch “Năm xây dựng chính quyền đô thị”.",  # year theme
    "Tổ chức thực hiện có hiệu quả các Đề án của Thành phố.",  # plural, anaphoric
    "đạt kết quả cao nhất Kế hoạch CCHC quận 2022; tiếp tục",  # annual generic
    "Hoàn thành Chương trình Giảm nghèo bền vững năm 2022.",  # annual generic
    "theo Đề án đã được phê duyệt.",  # anaphoric
    "Kế hoạch là căn cứ để các phòng, ban triển khai.",  # the document itself
    "Giám đốc Sở Kế hoạch và Đầu tư tỉnh",  # office name, not a plan
    "Phòng Tài chính - Kế hoạch quận",  # office name
    "Giám đốc các Sở: Thông tin và Truyền thông, Kế hoạch Đầu tư, Công an Thành phố",  # offices listed after "Sở:"
    "Căn cứ Luật sửa đổi, bổ sung một số điều của các luật có liên quan;",  # title is the laws it amends
    "Công an Thành phố tổ chức Chương trình “School Tour” trong học sinh.",  # an event held, not an instrument
    # the content of a numbered instrument, and its other mentions in the document
    ("Tuyên truyền Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030 được ban hành tại Nghị quyết số "
     "76/NQ-CP và Chỉ thị số 23/CT-TTg về đẩy mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030."),
    ("Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai "
     "đoạn 2021 - 2030;\nCăn cứ Chỉ thị số 23/CT-TTg về đẩy mạnh việc thực hiện Chương trình tổng thể cải cách hành "
     "chính giai đoạn 2021 - 2030;"),
]


@pytest.mark.parametrize("text", NOT_NAMED)
def test_not_named(text: str) -> None:
    cites, _ = extract_citations(text, context=CTX_HCM)
    assert [c.key.name for c in cites if c.key.ref is None] == []


ISSUERS = [
    ("Chỉ thị số 07-CT/TU ngày 07/4/2021 của Thành ủy về", "Thành ủy TP.HCM"),
    ("Quyết định số 847/QĐ-UBND ngày 25 tháng 3 năm 2022 của Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh về",
     "UBND TP.HCM"),
    ("Kế hoạch số 298/KH-UBND ngày 02/12/2021 của UBND quận triển khai", "UBND Quận Tân Phú"),
    ("Thông tư số 14/2018/TT-BNV của Bộ Nội vụ", "Bộ Nội vụ"),
    ("Nghị quyết số 16-NQ/TW ngày 10/8/2012 của Bộ Chính trị,", "Bộ Chính trị"),
    ("Công văn số 1913/STTTT-CNTT ngày 04 tháng 10 năm 2021 của Sở Thông tin và Truyền thông về",
     "Sở Thông tin và Truyền thông TP.HCM"),
    ("Nghị quyết số 20-NQ/QU ngày 30/10/2018 của Quận ủy Tân Phú", "Quận ủy Tân Phú"),
    ("Quyết định 5525/QĐ-BYT ngày 01 tháng 12 năm 2021 để", "Bộ Y tế"),  # inferred from the symbol
    ("Quyết định số 12/QĐ-UBND của Ủy ban nhân dân tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng"),
    # central bodies named as written: a committee of the National Assembly, a general department
    ("Báo cáo số 412/BC-UBPLTP15 ngày 03/6/2025 của Ủy ban Pháp luật và Tư pháp,", "Ủy ban Pháp luật và Tư pháp"),
    ("Công văn số 5/TCT-CS của Tổng cục Thuế về", "Tổng cục Thuế"),
    ("Nghị quyết số 725/2009/UBTVQH12 của Uỷ ban Thường vụ Quốc hội khoá XII", "Ủy ban Thường vụ Quốc hội"),
]


@pytest.mark.parametrize("text, issuer", ISSUERS)
def test_issuer(text: str, issuer: str) -> None:
    cites, _ = extract_citations(text, context=CTX_HCM)
    assert cites[0].key.issuer == issuer


RELATIONS = [
    ("Căn cứ Quyết định số 4424/QĐ-UBND ngày 31 tháng 12 năm 2021;\n\nI. MỤC ĐÍCH\n\nNội dung.", Relation.BASIS),
    ("Thực hiện Kế hoạch số 164-KH/QU ngày 29 tháng 12 năm 2022;\n\nI. MỤC ĐÍCH\n\nNội dung.", Relation.IMPLEMENTS),
    ("Mở đầu.\n\nI. NỘI DUNG\n\nTiếp tục thực hiện Chỉ thị số 19-CT/TU.", Relation.MENTIONS),
    # one paragraph per line, no blank lines (vbpl.vn / Word exports): each "Căn cứ" line is a basis
    (("Ủy ban nhân dân tỉnh\nCăn cứ Nghị định số 181/2004/NĐ-CP ngày 29/10/2004 của Chính phủ về thi hành Luật "
     "Đất đai;\nQuyết định:\nĐiều 1. Nội dung."), Relation.BASIS),
    (("Ủy ban nhân dân tỉnh\nCăn cứ Luật Đất đai năm 2003;\nCăn cứ Nghị định số 17/2006/NĐ-CP ngày 27/01/2006 của "
     "Chính phủ; Thông tư số 69/2006/TT-BTC ngày 02/8/2006 hướng dẫn thực hiện Nghị định;\nQuyết định:\n"
     "Điều 1. Nội dung."), Relation.BASIS),
    # markdown emphasis between "số" and the number
    ("*Căn cứ Nghị quyết số* *76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025;*\n\n**QUYẾT NGHỊ:**", Relation.BASIS),
]


# (text, relation of each citation in order)
RELATION_LISTS = [
    # every list member of a preamble "Thực hiện …; …" paragraph is implemented
    (("Thực hiện Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ; Công văn số 1070/TCT ngày 18/3/2026 của Tổ "
     "Công tác; Ban Chỉ đạo báo cáo như sau:\nI. KẾT QUẢ\nNội dung."), [Relation.IMPLEMENTS, Relation.IMPLEMENTS]),
    # "xét Báo cáo …" after the basis is no basis
    (("Căn cứ Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ Nội vụ; xét Báo cáo số 228/BC-SNV ngày 28/11/2025 "
     "của Sở Nội vụ, Ủy ban nhân dân tỉnh yêu cầu:\nI. NHIỆM VỤ\nNội dung."), [Relation.BASIS, Relation.MENTIONS]),
]


@pytest.mark.parametrize("text, relations", RELATION_LISTS)
def test_relation_lists(text: str, relations: list[Relation]) -> None:
    cites, _ = extract_citations(text)
    assert [c.relation for c in cites] == relations


@pytest.mark.parametrize("text, relation", RELATIONS)
def test_relation(text: str, relation: Relation) -> None:
    cites, _ = extract_citations(text)
    assert cites[0].relation is relation


def test_law_name_stops_before_tu() -> None:
    cites, _ = extract_citations("triển khai thi hành Luật Dân quân tự vệ; thực hiện Luật Dân quân tự vệ từ năm 2010")
    assert [c.key.name for c in cites] == ["Luật Dân quân tự vệ"]


def test_body_task_flag() -> None:
    cites, _ = extract_citations("Mở đầu.\n\nII. NHIỆM VỤ\n\nTiếp tục thực hiện Chỉ thị số 19-CT/TU.")
    assert "body_implements" in cites[0].flags


def test_nested_in_basis_is_mention() -> None:
    text = ("Căn cứ Kế hoạch số 171/KH-UBND ngày 30 tháng 5 năm 2022 của Ủy ban nhân dân Quận 1 về triển khai "
            "Kế hoạch thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.\n\nI. NỘI DUNG\n")
    cites, _ = extract_citations(text)
    assert [c.relation for c in cites] == [Relation.BASIS, Relation.MENTIONS]


INSTRUMENT_RELATIONS = [
    (("Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 của Chính phủ sửa đổi, bổ sung một số điều của "
      "Nghị định số 24/2014/NĐ-CP"), ("107/2020/NĐ-CP", "amends", "24/2014/NĐ-CP")),
    (("Nghị định số 33/2021/NĐ-CP ngày 29/3/2021 của Chính phủ quy định chi tiết và biện pháp thi hành Nghị quyết "
      "số 131/2020/QH14"), ("33/2021/NĐ-CP", "guides", "131/2020/QH14")),
    (("Kết luận 264-KL/TU ngày 01 tháng 3 năm 2022 của Thành ủy Thành phố về tiếp tục triển khai thực hiện "
      "Chỉ thị số 23-CT/TU"), ("264-KL/TU", "implements", "23-CT/TU")),
    ("Nghị định số 10/2024/NĐ-CP thay thế Nghị định số 93/2001/NĐ-CP", ("10/2024/NĐ-CP", "replaces", "93/2001/NĐ-CP")),
]


@pytest.mark.parametrize("text, expected", INSTRUMENT_RELATIONS)
def test_instrument_relations(text: str, expected: tuple[str, str, str]) -> None:
    _, rels = extract_citations(text)
    assert [(r.source.ref, r.relation.value, r.target.ref) for r in rels] == [expected]
    assert rels[0].relation in InstrumentRelationType


# Lists, adjuncts and described targets: (text, every relation stated, as (source, relation, target)).
INSTRUMENT_RELATION_SHAPES = [
    # a list of targets, the first one's description between: both are amended
    (("Nghị định số 143/2020/NĐ-CP ngày 10 tháng 12 năm 2020 của Chính phủ sửa đổi, bổ sung một số điều của "
      "Nghị định số 108/2014/NĐ-CP ngày 20 tháng 11 năm 2014 của Chính phủ về chính sách tinh giản biên chế và "
      "Nghị định số 113/2018/NĐ-CP ngày 31 tháng 8 năm 2018 của Chính phủ"),
     {("143/2020/NĐ-CP", "amends", "108/2014/NĐ-CP"), ("143/2020/NĐ-CP", "amends", "113/2018/NĐ-CP")}),
    # ``và`` joins an instrument of another kind to the source, not to the target's list
    (("theo tinh thần Nghị định số 33/2021/NĐ-CP của Chính phủ quy định chi tiết và biện pháp thi hành "
      "Nghị quyết số 131/2020/QH14 và Nghị định số 34/2019/NĐ-CP."),
     {("33/2021/NĐ-CP", "guides", "131/2020/QH14")}),
    # ``gắn với mục tiêu thực hiện``: an adjunct of the sentence, not what the programme does
    (("các đề án thuộc Chương trình số 09-CTr/TU ngày 01/02/2021 của Thành ủy gắn với mục tiêu thực hiện hiệu "
      "quả Chương trình số 05-CTr/QU ngày 30/10/2020 của Quận ủy"), set()),
    # a target described by type is the instrument of that type the sentence says implements it
    (("Chương trình hành động số 09-CTrHĐ/TU ngày 25 tháng 11 năm 2021 của Thành ủy thực hiện Nghị quyết số "
      "01-NQ/TW ngày 02/02/2021 của Ban Chấp hành Trung ương và Quyết định số 847/QĐ-UBND ngày 25 tháng 3 năm "
      "2022 của Ủy ban nhân dân Thành phố về triển khai thực hiện Chương trình hành động thực hiện Nghị quyết số "
      "01-NQ/TW"),
     {("09-CTRHĐ/TU", "implements", "01-NQ/TW"), ("847/QĐ-UBND", "implements", "09-CTRHĐ/TU")}),
]


@pytest.mark.parametrize("text, expected", INSTRUMENT_RELATION_SHAPES)
def test_instrument_relation_shapes(text: str, expected: set[tuple[str, str, str]]) -> None:
    _, rels = extract_citations(text)
    assert {(r.source.ref, r.relation.value, r.target.ref) for r in rels} == expected


def test_self_reference_and_misprint() -> None:
    ctx = CiteContext(number="3707/KH-UBND", date="2022-09-30")
    text = "(Ban hành kèm theo Kế hoạch số 3107/KH-UBND ngày 30 tháng 9 năm 2022 của UBND quận Gò Vấp)"
    assert extract_citations(text, context=ctx)[0] == []
    assert extract_citations("theo Kế hoạch số 3707/KH-UBND", context=ctx)[0] == []


def test_attached_rule_names_its_decision() -> None:
    # the Quy định / Điều lệ attached to a decision opens with that decision: not a citation
    ctx = CiteContext(doc_type="Điều lệ", date="2022-03-23")
    text = "ĐIỀU LỆ\nQUỸ KHUYẾN HỌC TỈNH\n(Kèm theo Quyết định số 779  /QĐ-UBND ngày   23    /  3    /2022\ncủa Chủ tịch)"
    assert extract_citations(text, context=ctx)[0] == []
    # another date: a real citation
    assert len(extract_citations(text.replace("2022", "2021"), context=ctx)[0]) == 1


def test_own_title_is_not_a_named_citation() -> None:
    ctx = CiteContext(doc_type="Kế hoạch", title="Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng")
    text = "Đẩy mạnh tuyên truyền kết quả triển khai thực hiện Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030."
    assert extract_citations(text, context=ctx)[0] == []


def test_shortened_own_title_is_not_a_named_citation() -> None:
    ctx = CiteContext(doc_type="Kế hoạch", title="Phát động Phong trào thi đua “Đẩy mạnh cải cách hành chính” năm 2026")
    text = "a) Căn cứ Kế hoạch phát động thi đua của UBND tỉnh, các cơ quan xây dựng Kế hoạch trong Quý I/2026."
    assert [c.key.name for c in extract_citations(text, context=ctx)[0]] == []


def test_impossible_year_flagged() -> None:
    cites, _ = extract_citations("Thông tư số 14/2028/TT-BNV của Bộ Nội vụ", context=CTX_HCM)
    assert "impossible_year" in cites[0].flags


def test_mentions_lines_and_offsets() -> None:
    text = "Mở đầu\nCăn cứ Nghị định số 33/2021/NĐ-CP\nvà Nghị định số\n34/2019/NĐ-CP"
    cites, _ = extract_citations(text, first_line=10)
    assert [c.mentions[0].line for c in cites] == [11, 12]
    for c in cites:
        m = c.mentions[0]
        assert " ".join(text[m.start:m.end].split()) == m.text


def test_to_json_contract() -> None:
    cites, _ = extract_citations("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 29/3/2021 của Chính phủ;")
    j = to_json(cites[0])
    assert set(j) == {"type", "number", "name", "issuer", "year", "date", "relation", "mentions", "flags"}
    assert j["number"] == "33/2021/NĐ-CP" and j["issuer"] == "Chính phủ" and j["date"] == "2021-03-29"
    assert j["type"] == "Nghị định" and j["year"] == 2021 and j["mentions"][0]["line"] == 1


@pytest.mark.parametrize("query, ref", [("Chỉ thị 19-CT/TU", "19-CT/TU"), ("19-CT/TU", "19-CT/TU"),
                                        ("Nghị định 33/2021/NĐ-CP", "33/2021/NĐ-CP"), ("NĐ 33", "33/NĐ")])
def test_parse_citation(query: str, ref: str) -> None:
    assert parse_citation(query)[0].key.ref == ref


def test_type_tables() -> None:
    assert TYPE_CODES["NĐ"] == "Nghị định" and TYPE_CODES["CT"] == "Chỉ thị" and TYPE_WORDS["Kế hoạch"] == "KH"


def test_a_capitalised_trich_yeu_word_is_not_a_district_name():
    from indexer.citations import CiteContext

    text = ("Triển khai Kế hoạch số 328/KH-UBND ngày 25 tháng 10 năm 2022 của Ủy ban nhân dân quận "
            "Tổ chức thực hiện phong trào thi đua.")
    cites, _ = extract_citations(text, context=CiteContext(district="Quận 1"))
    assert [(c.key.ref, c.key.issuer) for c in cites] == [("328/KH-UBND", "UBND Quận 1")]


DATES = [  # (text, date, flagged): an impossible day never becomes a date (issue 12)
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 31 tháng 02 năm 2021 của Chính phủ;", None, True),
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 30/02/2021 của Chính phủ;", None, True),
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 31-04-2021 của Chính phủ;", None, True),
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 29/02/2024 của Chính phủ;", "2024-02-29", False),
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 29/02/2023 của Chính phủ;", None, True),
    ("Căn cứ Nghị định số 33/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ;", "2021-12-06", False),
]


@pytest.mark.parametrize("text, date, flagged", DATES)
def test_impossible_dates_are_flagged_and_never_a_date(text: str, date: str | None, flagged: bool) -> None:
    (c,), _ = extract_citations(text)
    assert c.date == date
    assert ("invalid_date" in c.flags) == flagged


def test_a_stated_date_never_resolves_a_short_form_to_another_year() -> None:
    """Issue 12: 211/QĐ-TTg dated 2009 was linked to 211/1998/QĐ-TTg cited earlier in the text."""
    text = ("Căn cứ Quyết định số 211/1998/QĐ-TTg ngày 31/10/1998 của Thủ tướng Chính phủ; "
            "Quyết định số 211/QĐ-TTg ngày 13 tháng 02 năm 2009 của Thủ tướng Chính phủ; "
            "Nghị định số 33/2021/NĐ-CP ngày 06/12/2021; Nghị định số 33/NĐ-CP ngày 06/12/2021.")
    found, _ = extract_citations(text)
    refs = {c.key.ref: c for c in found}
    assert "211/1998/QĐ-TTG" in refs and refs["211/1998/QĐ-TTG"].date == "1998-10-31"
    assert any(c.key.ref == "211/QĐ-TTG" and c.date == "2009-02-13" for c in found)
    assert "33/NĐ-CP" not in refs and "short_form" in refs["33/2021/NĐ-CP"].flags  # same year: resolved


@pytest.mark.parametrize("abbreviated, full", [
    ("Căn cứ Luật HTX năm 2012;", "Căn cứ Luật Hợp tác xã năm 2012;"),
    ("Căn cứ Luật NSNN năm 2015;", "Căn cứ Luật Ngân sách nhà nước năm 2015;"),
    ("Căn cứ Luật BHXH năm 2014;", "Căn cứ Luật Bảo hiểm xã hội năm 2014;"),
])
def test_a_law_written_with_abbreviations_is_the_law_spelled_out(abbreviated: str, full: str) -> None:
    """Issue 12: 'Luật HTX' and 'Luật Hợp tác xã' were two instruments; the surface stays as written."""
    (a,), _ = extract_citations(abbreviated)
    (b,), _ = extract_citations(full)
    assert a.key.id == b.key.id
    assert a.mentions[0].text.split()[1] in abbreviated  # "HTX" as written


@given(st.sampled_from(["Luật HTX", "Luật Tổ chức HĐND", "Chương trình CCHC", "Luật Đất đai", "Đề án TP.HCM"]))
def test_canonical_names_are_idempotent(name: str) -> None:
    from indexer.normalize import canonical_name

    assert canonical_name(canonical_name(name)) == canonical_name(name)
