"""The plan page (issue 14 item 3), laid out as TVPL and vbpl.vn lay out a document: a header block
(số ký hiệu, loại, cơ quan, người ký, ngày ban hành, tình trạng), then tabs — Nội dung (the text,
first), Lược đồ (what it cites and who cites it: 171/KH-UBND is the basis of Công văn 539/GDĐT,
gold), Thuộc tính, Tải về (the original file and a print view)."""
from __future__ import annotations

import re

from conftest import CORPUS


def _section(html: str) -> str:
    start = html.index('id="duoc-trich-dan"')
    return html[start:html.index("</div>", start)]


def _page(client, doc_id: str, **params) -> str:
    r = client.get(f"/documents/{doc_id}", params=params)
    assert r.status_code == 200, r.text
    return r.text


def test_the_plan_page_opens_on_its_text_under_a_header_block(client, number_to_id):
    html = _page(client, number_to_id["171/KH-UBND"])
    for label in ("Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Ngày ban hành", "Tình trạng"):
        assert f"<dt>{label}</dt>" in html, label
    assert "<dd>30/05/2022</dd>" in html and "Kho chưa ghi nhận văn bản sửa đổi, thay thế" in html
    assert re.search(r'<a href="/documents/[^"?]+" aria-current="page">Nội dung</a>', html)
    text_at = html.index('<pre class="text">')
    assert "<table" not in html[:text_at], "no citation table before the text"
    for tab in ("luoc-do", "thuoc-tinh", "tai-ve"):
        assert f'?tab={tab}"' in html, tab


def test_the_diagram_tab_lists_both_directions(client, number_to_id):
    html = _page(client, number_to_id["171/KH-UBND"], tab="luoc-do")
    assert "Văn bản này trích dẫn" in html and 'aria-current="page">Lược đồ' in html
    part = _section(html)
    assert "Văn bản trích dẫn văn bản này (1)" in part
    assert "Căn cứ vào văn bản này (1)" in part
    assert re.search(r'href="/documents/[^"]+">Công văn số 539/GDĐT</a>', part), part
    api = client.get(f"/api/instruments/{number_to_id['171/KH-UBND']}/cited-by").json()
    assert api["total"] == 1 and api["items"][0]["number"] == "539/GDĐT"


def test_a_plan_nobody_cites_says_so(client, number_to_id):
    part = _section(_page(client, number_to_id["43/KH-UBND"], tab="luoc-do"))
    assert "Văn bản trích dẫn văn bản này (0)" in part
    assert "Chưa có văn bản nào trong kho trích dẫn văn bản này." in part


def test_the_attributes_tab_and_an_unknown_tab(client, number_to_id):
    html = _page(client, number_to_id["43/KH-UBND"], tab="thuoc-tinh")
    assert "<th>Trích yếu</th>" in html and "<th>Tệp nguồn</th>" in html and '<pre class="text">' not in html
    r = client.get(f"/documents/{number_to_id['43/KH-UBND']}", params={"tab": "khac"})
    assert r.status_code == 404 and "không có phần «khac»" in r.text


def test_the_download_tab_gives_the_original_file_and_a_print_view(client, number_to_id):
    doc_id = number_to_id["43/KH-UBND"]
    html = _page(client, doc_id, tab="tai-ve")
    assert f'href="/documents/{doc_id}/tep-goc"' in html and f'href="/documents/{doc_id}/ban-in"' in html
    meta = client.get(f"/api/documents/{doc_id}").json()
    r = client.get(f"/documents/{doc_id}/tep-goc")
    assert r.status_code == 200 and r.content == (CORPUS / meta["file"]).read_bytes()
    assert meta["file"] in r.headers["content-disposition"]
    printed = client.get(f"/documents/{doc_id}/ban-in").text
    assert meta["text"].split("\n")[0].strip() in printed and "<nav>" not in printed and "Bản in" in printed
