"""Where a citation's written form ends: a law's name, an issuer's phrase — not running on into the
sentence that follows (measured on the marked real sentences by ``vanban eval laws``)."""
from __future__ import annotations

import pytest
from conftest import CTX_HCM

from indexer.citations import extract_citations


@pytest.mark.parametrize("text, surfaces", [
    # a name stops before what follows ``và`` when it is an article, a body or the sentence going on
    ("theo Điều 22 Luật Phòng, chống rửa tiền và Điều 14 Nghị định số 116/2013/NĐ-CP.", ["Luật Phòng, chống rửa tiền"]),
    ("theo Điều 84 của Luật Thi đua, khen thưởng và theo hướng dẫn của Bộ.", ["Luật Thi đua, khen thưởng"]),
    ("theo quy định của Luật Doanh nghiệp và pháp luật có liên quan.", ["Luật Doanh nghiệp"]),
    ("tại Điều 40 Luật Xử lý vi phạm hành chính xem xét và ra quyết định.", ["Luật Xử lý vi phạm hành chính"]),
    ("tại Điều 20 của Luật Đấu thầu, Khoản 4 Điều 2 của Luật Xây dựng.", ["Luật Đấu thầu", "Luật Xây dựng"]),
    ("theo quy định của Luật Đấu thầu và lựa chọn nhà thầu xây dựng.", ["Luật Đấu thầu"]),
    ("Căn cứ Pháp lệnh Phí và lệ phí; Luật Bảo vệ và phát triển rừng.",
     ["Pháp lệnh Phí và lệ phí", "Luật Bảo vệ và phát triển rừng"]),
    ("các giấy tờ tại Điều 24 Luật Quốc tịch Việt Nam bao gồm: a) hộ chiếu.", ["Luật Quốc tịch Việt Nam"]),
    ("theo Luật Kinh doanh bảo hiểm 2. Nghị định này", ["Luật Kinh doanh bảo hiểm"]),
    ("theo Pháp lệnh Thú y, Bộ Nông nghiệp và Phát triển nông thôn hướng dẫn", ["Pháp lệnh Thú y"]),
    ("quy định tại Luật Việc làm và một số điều của Nghị định này", ["Luật Việc làm"]),
    ("kể từ ngày Luật Bảo vệ, chăm sóc và giáo dục trẻ em hết hiệu lực", ["Luật Bảo vệ, chăm sóc và giáo dục trẻ em"]),
    ("theo Luật Chất lượng, sản phẩm hàng hóa.", ["Luật Chất lượng, sản phẩm hàng hóa"]),
    # ``số`` inside a name (``Tần số``) is a word of it, not the number that follows a name
    ("Căn cứ Luật Tần số vô tuyến điện ngày 23 tháng 11 năm 2009;", ["Luật Tần số vô tuyến điện ngày 23 tháng 11 năm 2009"]),
    # a lower-case name may open with a marked vowel, and hold a set phrase
    ("theo Pháp lệnh ưu đãi người có công với cách mạng.", ["Pháp lệnh ưu đãi người có công với cách mạng"]),
    # an amending law written with a capital ``Sửa`` is still one instrument
    ("Căn cứ Luật Sửa đổi, bổ sung một số điều của Luật Giáo dục;", ["Luật Sửa đổi, bổ sung một số điều của Luật Giáo dục"]),
    # and the names that hold ``và`` or a comma stay whole
    ("Căn cứ Luật Phòng cháy và chữa cháy; Pháp lệnh Tín ngưỡng, tôn giáo; Luật Khoa học và Công nghệ.",
     ["Luật Phòng cháy và chữa cháy", "Pháp lệnh Tín ngưỡng, tôn giáo", "Luật Khoa học và Công nghệ"]),
])
def test_a_law_name_ends_where_the_name_ends(text, surfaces):
    cites, _ = extract_citations(text)
    got = sorted(m.text for c in cites if c.doc_type in ("Luật", "Bộ luật", "Pháp lệnh") and not c.key.ref
                 for m in c.mentions)
    assert got == sorted(surfaces)


@pytest.mark.parametrize("text, surface", [
    # the issuer ends where a whole name meets a lower-case word (the sentence goes on)
    ("theo Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ cơ sở dữ liệu quốc gia về pháp luật",
     "Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ"),
    ("Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh công bố thủ tục hành chính",
     "Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh"),
    ("Nghị quyết số 54/2017/QH14 ngày 24/11/2017 của Quốc hội và đề xuất phương hướng",
     "Nghị quyết số 54/2017/QH14 ngày 24/11/2017 của Quốc hội"),
    # … and goes on through ``ủy``, ``khóa`` and a ``và`` that joins two names
    ("Kế hoạch số 31-KH/TU ngày 28/01/2026 của Ban Thường vụ Tỉnh ủy và đang phối hợp",
     "Kế hoạch số 31-KH/TU ngày 28/01/2026 của Ban Thường vụ Tỉnh ủy"),
    ("Nghị quyết số 26/2008/QH12 ngày 15 tháng 11 năm 2008 của Quốc hội khoá XII",
     "Nghị quyết số 26/2008/QH12 ngày 15 tháng 11 năm 2008 của Quốc hội khoá XII"),
    ("Thông tư số 01/2020/TT-BGDĐT của Bộ Giáo dục và Đào tạo",
     "Thông tư số 01/2020/TT-BGDĐT của Bộ Giáo dục và Đào tạo"),
])
def test_the_issuer_phrase_ends_with_the_name(text: str, surface: str) -> None:
    cites, _ = extract_citations(text, context=CTX_HCM)
    assert cites[0].mentions[0].text == surface
