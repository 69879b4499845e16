"""documents: split files into documents and read headers; the gold, then made-up headers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.documents import split_documents
from indexer.header_issuer import sentence_case
from indexer.ingest import read_file
from indexer.models import SourceText
from indexer.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "gold" / "seeds.json").read_text(encoding="utf-8"))["documents"]
FIELDS = ["number", "doc_type", "issuer", "district", "date", "title", "signer", "line_start", "line_end"]


def _docs_of(file: str):
    return split_documents(read_file(ROOT / "corpus" / file))


def _gold_cases():
    seen: dict[str, int] = {}
    for g in GOLD:
        i = seen[g["file"]] = seen.get(g["file"], 0) + 1
        for field in FIELDS:
            yield pytest.param(g["file"], i, field, g["type" if field == "doc_type" else field],
                               id=f"{g['number']}-{field}")


@pytest.mark.parametrize("file, i, field, expected", list(_gold_cases()))
def test_gold_documents(file, i, field, expected):
    doc = _docs_of(file)[i - 1]
    assert getattr(doc, field) == expected


@pytest.mark.parametrize("file", sorted({g["file"] for g in GOLD}))
def test_gold_document_count_ids_and_text(file):
    docs = _docs_of(file)
    gold = [g for g in GOLD if g["file"] == file]
    assert len(docs) == len(gold)
    lines = read_file(ROOT / "corpus" / file).lines
    for i, d in enumerate(docs, 1):
        assert d.id == f"{Path(file).stem}-{i}" and d.file == file
        assert d.text == "\n".join(lines[d.line_start - 1:d.line_end])
        assert d.citations == ()


def test_gold_misprinted_self_number():
    (doc,) = _docs_of("004_cfbd1625accb3dfa.txt")
    assert doc.number_variants == ("3107/KH-UBND",)
    for g in GOLD:
        if g["number"] != "3707/KH-UBND":
            docs = [d for d in _docs_of(g["file"]) if d.number == g["number"]]
            assert docs[0].number_variants == ()


# ---- header shapes the seed corpus does not have ---------------------------------------------

PROVINCE_DECISION = """ỦY BAN NHÂN DÂN
TỈNH LONG AN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/2021/QĐ-UBND
Long An, ngày 5 tháng 3 năm 2021

QUYẾT ĐỊNH
Ban hành Quy chế làm việc
của Ủy ban nhân dân tỉnh
ỦY BAN NHÂN DÂN TỈNH LONG AN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
Nơi nhận:
- Như Điều 3;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Út"""

PARTY_DECISION = """ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH
QUẬN ỦY QUẬN 3
*
Số 05-QĐ/QU
ĐẢNG CỘNG SẢN VIỆT NAM
Quận 3, ngày 10 tháng 01 năm 2022

QUYẾT ĐỊNH
về thành lập Ban Chỉ đạo

Căn cứ Điều lệ Đảng Cộng sản Việt Nam;
T/M BAN THƯỜNG VỤ
BÍ THƯ

Trần Văn Nam"""

CITY_DIRECTIVE = """|ỦY BAN NHÂN DÂN |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|THÀNH PHỐ HỒ CHÍ MINH |Độc lập - Tự do - Hạnh phúc |
|Số: 19/CT-UBND |Thành phố Hồ Chí Minh, ngày 08 tháng 9 năm 2020 |
CHỈ THỊ
Về tăng cường công tác phòng, chống dịch

Trong thời gian qua, công tác phòng, chống dịch đã đạt kết quả.
|Nơi nhận: |KT. CHỦ TỊCH |
|- Như trên; |PHÓ CHỦ TỊCH |
| |Lê Thanh Liêm |"""

LETTER = """UBND QUẬN GÒ VẤP
PHÒNG NỘI VỤ
Số: 123/PNV
V/v báo cáo công tác
cải cách hành chính
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Gò Vấp, ngày 3 tháng 4 năm 2022
Kính gửi: Ủy ban nhân dân 16 phường."""

DRAFT = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:             /KH-UBND | Lâm Đồng, ngày         tháng 01 năm 2026
KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2026
Thực hiện Kế hoạch số 9669/KH-UBND ngày 24/12/2025 của UBND tỉnh."""

FRAGMENT = """gửi: - Các Bộ, cơ quan ngang Bộ;
nội dung được sửa đổi như sau:
1. Bổ sung khoản 3."""

HEADER_CASES = [
    # provincial decision with Căn cứ, enacting body under the title
    (PROVINCE_DECISION, {"number": "12/2021/QĐ-UBND", "doc_type": "Quyết định", "issuer": "UBND tỉnh Long An",
                             "district": None, "date": "2021-03-05", "signer": "Nguyễn Văn Út",
                             "title": "Ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh"}),
    # Party decision: ``Số`` without colon, n-TYPE/ISSUER number, Quận ủy under Đảng bộ
    (PARTY_DECISION, {"number": "05-QĐ/QU", "doc_type": "Quyết định", "issuer": "Quận ủy Quận 3",
                          "district": "Quận 3", "date": "2022-01-10", "title": "về thành lập Ban Chỉ đạo",
                          "signer": "Trần Văn Nam"}),
    # city directive laid out as a table (antiword/docx ``|`` cells)
    (CITY_DIRECTIVE, {"number": "19/CT-UBND", "doc_type": "Chỉ thị", "issuer": "UBND TP.HCM", "district": None,
                          "date": "2020-09-08", "title": "Về tăng cường công tác phòng, chống dịch",
                          "signer": "Lê Thanh Liêm"}),
    # công văn: no type heading, number without type code, V/v title
    (LETTER, {"number": "123/PNV", "doc_type": "Công văn", "issuer": "Phòng Nội vụ Quận Gò Vấp",
                  "district": "Quận Gò Vấp", "date": "2022-04-03", "title": "V/v báo cáo công tác cải cách hành chính"}),
    # a draft: number and day left blank
    (DRAFT, {"number": None, "doc_type": "Kế hoạch", "issuer": "UBND tỉnh Lâm Đồng", "date": None,
                 "title": "Kiểm tra công tác cải cách hành chính năm 2026"}),
    # a fragment without header: one document, nothing known
    (FRAGMENT, {"number": None, "doc_type": None, "issuer": None, "district": None, "date": None, "title": None,
                    "signer": None, "line_start": 1, "line_end": 3}),
]


def _split(text: str):
    return split_documents(SourceText(path="x/made_up.txt", text=normalize_text(text), format="txt"))


@pytest.mark.parametrize("text, expected", HEADER_CASES, ids=[
    "province-decision", "party-decision", "city-directive-table", "letter", "draft", "fragment"])
def test_header_shapes(text, expected):
    (doc,) = _split(text)
    assert {k: getattr(doc, k) for k in expected} == expected


# Header shapes of the real documents in shared/realdocs (paraphrased, shortened).

DRAFT_LETTER = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:           /UBND-NC | Lâm Đồng, ngày         tháng 12 năm 2025
V/v cải thiện các chỉ số cải cách hành chính
Kính gửi: | - Các sở, ban, ngành;
Căn cứ Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ Nội vụ;"""

ROUTING_SLIP = """ VĂN PHÒNG UBND TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
              BÌNH THUẬN                                             Độc lập - Tự do - Hạnh phúc
      PHÒNG NCKSTTHC
                                                                          Bình Thuận, ngày 05 tháng 12 năm 2024

PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC

                Kính gửi:
- Lãnh đạo UBND tỉnh;
1. Vấn đề trình:"""

CENTRAL_PARTY_OFFICE = """|BAN CHẤP HÀNH TRUNG ƯƠNG                 |ĐẢNG CỘNG SẢN VIỆT NAM       |
|VĂN PHÒNG                                |---------------              |
|Số: 36-HD/VPTW                           |Hà Nội, ngày 03 tháng 4 năm 2018 |

HƯỚNG DẪN

THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG

Thực hiện Quy định số 66-QĐ/TW của Ban Bí thư."""

STANDING_OFFICE = """BAN CHỈ HUY PCTT VÀ TKCN
TỈNH THỪA THIÊN HUẾ
VĂN PHÒNG THƯỜNG TRỰC
Số: 254 /TB-PCTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Thừa Thiên Huế, ngày 06 tháng 9 năm 2022
THÔNG BÁO
Cảnh báo mưa to và dông
Kính gửi:"""

STEERING_COMMITTEE = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ,
CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06
 Số:           /BC-BCĐ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Lâm Đồng, ngày         tháng 4 năm 2026
BÁO CÁO
Kết quả triển khai Đề án 06 tháng 3/2026"""

SPEECH_PAPER = """THAM LUẬN
CHỦ ĐỀ:; Giải pháp xây dựng xã, phường không ma túy

UBND TP. Hồ Chí Minh

Xác định tội phạm ma túy là tội phạm nguồn."""

# Headers as OCR reads a scan: both columns on one line, marks misread (``CỌNG HÒA XÃ HỌI``,
# ``TÍNH LÂM ĐÒNG``, ``THÀNH PHÓ HÒ CHÍ MINH``) and specks of the seal (``-# “.``).
OCR_PROVINCE_NOTICE = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGì AM ÈT NAM
TÍNH LÂM ĐÒNG Độc lập - Tự do - Hạnh † phúc
Só:J¿92 /TB-UBND Lâm Đông, ngày J2 tháng 11 năm 2025
THÔNG BÁO
Kết luận của đồng chí Phó Chủ tịch UBND tỉnh"""

OCR_SCHOOL_PLAN = """BÔ CÔNG THƯƠNG CỌNG HÒA XÃ HỌI CHỦ NGHĨA VIỆT NAM

. Độc lập - Tự do - Hạnh phú
TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG -# “.
THÀNH PHÓ HÒ CHÍ MINH

Thành phố Hô Chí Minh, ngày khỗ tháng 6 năm 2026
Số: Á3/KH-DCT

KẾ HOẠCH
Khảo sát sự hài lòng của người học"""

HEADER_CASES_REAL = [
    # a draft công văn: blank number, V/v and Kính gửi, no type heading
    (DRAFT_LETTER, {"number": None, "doc_type": "Công văn", "issuer": "UBND tỉnh Lâm Đồng", "date": None}),
    # routing slip of an office: its internal Phòng does not issue; no number
    (ROUTING_SLIP, {"number": None, "doc_type": "Phiếu trình", "issuer": "Văn phòng UBND tỉnh Bình Thuận",
                    "district": None, "date": "2024-12-05"}),
    # Party central office written as BAN CHẤP HÀNH TRUNG ƯƠNG / VĂN PHÒNG
    (CENTRAL_PARTY_OFFICE, {"number": "36-HD/VPTW", "doc_type": "Hướng dẫn", "issuer": "Văn phòng Trung ương Đảng",
                            "date": "2018-04-03"}),
    # standing office of a provincial command: "Ban Chỉ huy" keeps its capitals
    (STANDING_OFFICE, {"number": "254/TB-PCTT", "doc_type": "Thông báo",
                       "issuer": "Văn phòng thường trực Ban Chỉ huy PCTT và TKCN tỉnh Thừa Thiên Huế"}),
    # steering committee under a provincial UBND, name over two lines
    (STEERING_COMMITTEE, {"number": None, "doc_type": "Báo cáo", "date": None,
                          "issuer": "Ban Chỉ đạo phát triển khoa học, công nghệ, chuyển đổi số và Đề án 06 tỉnh Lâm Đồng"}),
    # speech paper: no header block, issuer line under the title, "CHỦ ĐỀ:" label dropped
    (SPEECH_PAPER, {"doc_type": "Tham luận", "issuer": "UBND TP.HCM", "district": None,
                    "title": "Giải pháp xây dựng xã, phường không ma túy"}),
    # OCR: the province read back from its misread marks, the motto cut off the left column
    (OCR_PROVINCE_NOTICE, {"doc_type": "Thông báo", "issuer": "UBND tỉnh Lâm Đồng"}),
    (OCR_SCHOOL_PLAN, {"doc_type": "Kế hoạch", "issuer": "Trường đại học công thương TP.HCM"}),
]


@pytest.mark.parametrize("text, expected", HEADER_CASES_REAL, ids=[
    "draft-letter", "routing-slip", "central-party-office", "standing-office", "steering-committee", "speech-paper",
    "ocr-province-notice", "ocr-school-plan"])
def test_real_header_shapes(text, expected):
    (doc,) = _split(text)
    assert {k: getattr(doc, k) for k in expected} == expected


# Texts from a legal portal: no header block; a lower-cased title line (type word first), often an
# issuer line, then "Căn cứ …". Number and date are not stated: None.
NO_META = {"number": None, "date": None}
HEADERLESS_CASES = [
    # district UBND issuer line → district
    (("Quyết định ban hành quy chế tổ chức và hoạt động của phòng giáo dục và đào tạo quận 5\n"
     "Ủy ban nhân dân quận 5\nCăn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân;"),
     {"doc_type": "Quyết định", "issuer": "UBND Quận 5", "district": "Quận 5", **NO_META,
      "title": "ban hành quy chế tổ chức và hoạt động của phòng giáo dục và đào tạo quận 5"}),
    # the Chủ tịch decides for the UBND; lower-cased city name
    (("Quyết định về việc điều chỉnh chỉ tiêu năm 2009\nChủ tịch ủy ban nhân dân thành phố hồ chí minh\n"
     "Căn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân;"),
     {"doc_type": "Quyết định", "issuer": "UBND TP.HCM", "district": None, **NO_META}),
    ("Quyết định ban hành quy định cấp giấy phép xây dựng\nỦy ban nhân dân thành phố hà nội\nCăn cứ Luật Xây dựng;",
     {"issuer": "UBND TP Hà Nội"}),
    # council with its term line before Căn cứ
    (("Nghị quyết về việc quy định một số loại phí\nHội đồng nhân dân tỉnh bến tre\nKhóa vii - kỳ họp thứ 14\n"
     "Căn cứ Luật Phí và lệ phí;"), {"doc_type": "Nghị quyết", "issuer": "HĐND tỉnh Bến Tre", **NO_META}),
    # central bodies
    ("Quyết định sửa đổi quy chế khu kinh tế cửa khẩu\nThủ tướng chính phủ\nCăn cứ Luật Tổ chức Chính phủ;",
     {"doc_type": "Quyết định", "issuer": "Thủ tướng Chính phủ"}),
    ("Nghị định quy định chi tiết luật trách nhiệm bồi thường của nhà nước\nChính phủ\nCăn cứ Luật Tổ chức Chính phủ;",
     {"doc_type": "Nghị định", "issuer": "Chính phủ"}),
    # "Ủy ban nhân dân tỉnh" without a name: the one province the text names completes it
    (("Quyết định về việc sửa đổi quy định bồi thường\nỦy ban nhân dân tỉnh\nCăn cứ Luật Đất đai;\n"
     "Điều 1. Áp dụng trên địa bàn tỉnh Gia Lai.\nĐiều 2. Sở Tài chính tỉnh Gia Lai hướng dẫn."),
     {"issuer": "UBND tỉnh Gia Lai", "district": None}),
    # ... and when it names none, the issuer stays unknown
    ("Quyết định về việc sửa đổi quy định bồi thường\nỦy ban nhân dân tỉnh\nCăn cứ Luật Đất đai;",
     {"doc_type": "Quyết định", "issuer": None}),
    # no issuer line: the enacting sentence of the body names the issuer
    (("Chỉ thị về tăng cường quản lý đường thủy nội địa trên địa bàn thành phố hồ chí minh\n"
     "Giao thông đường thủy là vấn đề quan trọng của thành phố.\n"
     "Để bảo đảm an toàn, Uỷ ban nhân dân thành phố yêu cầu Thủ trưởng các sở thực hiện:"),
     {"doc_type": "Chỉ thị", "issuer": "UBND TP.HCM", **NO_META}),
    (("Chỉ thị về việc tổ chức thực hiện chỉ đạo của thủ tướng chính phủ\nThực hiện chỉ đạo của Thủ tướng.\n"
     "Bộ trưởng Bộ Công Thương yêu cầu các đơn vị thuộc Bộ thực hiện:"), {"issuer": "Bộ Công Thương"}),
    (("Thông tư quy định chi tiết nghị định số 77/2008/nđ-cp\nCăn cứ Nghị định số 77/2008/NĐ-CP;\n"
     "Bộ Tư pháp quy định chi tiết và hướng dẫn thi hành như sau:"),
     {"doc_type": "Thông tư", "issuer": "Bộ Tư pháp", **NO_META}),
    (("Thông tư liên tịch quy định chế độ thu phí dự thi\nCăn cứ Luật Giáo dục;\n"
     "Liên tịch Bộ Tài chính và Bộ Giáo dục và Đào tạo quy định như sau:"),
     {"doc_type": "Thông tư liên tịch", "issuer": "Bộ Tài chính và Bộ Giáo dục và Đào tạo"}),
    # a district UBND that does not name its district: unknown
    (("Chỉ thị về việc tăng cường phòng, chống tác hại thuốc lá.\nThực hiện Chỉ thị số 23/2009/CT-UBND.\n"
     "Uỷ ban nhân dân quận yêu cầu các phòng, ban thực hiện:"), {"doc_type": "Chỉ thị", "issuer": None,
                                                             "district": None}),
    # a body line about an instrument is not a title
    ("Quyết định này có hiệu lực sau 10 ngày.\nỦy ban nhân dân quận 5", {"doc_type": None, "issuer": None}),
    ("Quyết định số 12/2009/QĐ-UBND được sửa đổi như sau:\n1. Bổ sung khoản 3.", {"doc_type": None}),
]


@pytest.mark.parametrize("text, expected", HEADERLESS_CASES)
def test_headerless_portal_texts(text, expected):
    (doc,) = _split(text)
    assert {k: getattr(doc, k) for k in expected} == expected


def test_cover_letter_and_forwarded_plan_are_two_documents():
    text = LETTER + "\nĐề nghị các phường thực hiện.\nNơi nhận:\n- Như trên;\nTRƯỞNG PHÒNG\n\nLê Văn Ba\n\n" \
        + PROVINCE_DECISION
    first, second = _split(text)
    assert (first.number, first.signer, first.line_start) == ("123/PNV", "Lê Văn Ba", 1)
    assert second.number == "12/2021/QĐ-UBND" and second.line_start == first.line_end + 1
    assert second.text.startswith("ỦY BAN NHÂN DÂN\nTỈNH LONG AN")


def test_attached_regulation_is_a_document_of_its_own():
    text = PROVINCE_DECISION + "\n\nQUY ĐỊNH\nVề chế độ làm việc\n(Ban hành kèm theo Quyết định số 12/2021/" \
        "QĐ-UBND ngày 5 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh Long An)\nChương I\nĐiều 1. Phạm vi"
    _decision, regulation = _split(text)
    assert regulation.doc_type == "Quy định" and regulation.number is None
    assert regulation.title == "Về chế độ làm việc"
    assert (regulation.issuer, regulation.date) == ("UBND tỉnh Long An", "2021-03-05")


def test_appendix_is_not_a_document():
    text = PROVINCE_DECISION + "\n\nPHỤ LỤC\nDANH MỤC\n(Ban hành kèm theo Quyết định số 12/2021/QĐ-UBND)\nx"
    assert len(_split(text)) == 1


def test_quoted_header_in_body_does_not_split():
    text = PROVINCE_DECISION.replace("Điều 1.", "Số: 7/KH-UBND\nKẾ HOẠCH\nĐiều 1.")
    assert len(_split(text)) == 1


@pytest.mark.parametrize("upper, expected", [
    ("TỔ CHỨC THỰC HIỆN CHỦ ĐỀ NĂM 2022 “THÍCH ỨNG AN TOÀN” TRÊN ĐỊA BÀN QUẬN TÂN PHÚ",
     "Tổ chức thực hiện chủ đề năm 2022 “Thích ứng an toàn” trên địa bàn quận Tân Phú"),
    ("PHÒNG, CHỐNG DỊCH COVID-19 CỦA UBND TỈNH LÂM ĐỒNG", "Phòng, chống dịch COVID-19 của UBND tỉnh Lâm Đồng"),
    ("HỘI NGHỊ LẦN THỨ 11 KHÓA XIII", "Hội nghị lần thứ 11 khóa XIII"),
])
def test_sentence_case(upper, expected):
    assert sentence_case(upper) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "", "Số: 12/KH-UBND", "KẾ HOẠCH", "QUYẾT ĐỊNH", "Nơi nhận:", "CHỦ TỊCH", "Nguyễn Văn A",
    "ỦY BAN NHÂN DÂN", "QUẬN 1", "Quận 1, ngày 1 tháng 2 năm 2022", "Căn cứ Luật;", "QUY ĐỊNH",
    "(Ban hành kèm theo Quyết định số 1/QĐ-UBND)", "| |", "Số", "ngày 31/2/2022", "x"]) | st.text(),
    min_size=1, max_size=40))
def test_never_raises_and_covers_valid_ranges(lines):
    text = normalize_text("\n".join(lines))
    docs = _split(text)
    n = len(text.split("\n"))
    assert docs
    prev_end = 0
    for d in docs:
        assert prev_end < d.line_start <= d.line_end <= n
        assert d.text == "\n".join(text.split("\n")[d.line_start - 1:d.line_end])
        prev_end = d.line_end
