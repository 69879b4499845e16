"""The citation-graph web pages (UX.md §5–7) of one instrument — its page, coverage table and the
resolver — called for real over the index built from corpus/ (chain, path and overview:
``test_web_graph_chain.py``).

Pages are read as HTML; each assertion is about content staff would look for: the four plans citing
19-CT/TU, the district rows of a coverage table, the resolver's three answers, and 4xx pages (never
500) for bad parameters.
"""
from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from web_pages import coverage_rows, text_of, vb

from indexer.places import HCMC_DISTRICTS

PLANS_CITING_19 = ["171/KH-UBND", "43/KH-UBND", "51/KH-UBND", "3707/KH-UBND"]
TASK_DISTRICTS_19 = {"Quận 1", "Quận Tân Phú", "Quận Gò Vấp"}


# -- instrument page ------------------------------------------------------------------------------

def test_instrument_page_lists_the_four_plans_citing_19_ct_tu(web):
    r = web.get("/vb/19-CT/TU")
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Chỉ thị số 19-CT/TU" in t
    assert "Chưa có toàn văn trong kho" in t
    assert "19/10/2018" in t  # dd/mm/yyyy
    assert "Được trích dẫn bởi 4 văn bản" in t
    for number in PLANS_CITING_19:
        assert number in t, number
    # Each item links to the document page at the citing line, and shows it.
    assert re.search(r'href="/documents/[^"#]+#L\d+"', r.text)
    assert re.search(r"Dòng \d+", t)
    # The citing sentence has the citation marked.
    assert re.search(r"<mark>[^<]*19-CT/TU[^<]*</mark>", r.text)
    # Groups: empty ones are shown, greyed, with (0).
    assert "Nhắc đến (4)" in t
    assert re.search(r'<h3 class="empty"[^>]*>Căn cứ \(0\)</h3>', r.text)
    assert re.search(r'<h3 class="empty"[^>]*>Thực hiện \(0\)</h3>', r.text)
    assert "Kho chưa ghi nhận văn bản sửa đổi, thay thế" in t
    assert "Các cách viết đã gặp" in t


def test_instrument_page_links_coverage_json_and_exports(web):
    page = web.get("/vb/19-CT/TU").text
    assert 'href="/vb/19-CT/TU/coverage"' in page
    assert 'href="/api/instruments/19-CT/TU"' in page
    assert "Tải xuống:" in text_of(page)
    exports = re.findall(r'href="(/api/graph/export\?[^"]+)"', page)
    assert {re.search(r"format=(\w+)", html.unescape(u)).group(1) for u in exports} == {"graphml", "json", "csv"}
    for u in exports:
        assert web.get(html.unescape(u)).status_code == 200, u
    assert web.get("/api/instruments/19-CT/TU").status_code == 200


def test_instrument_page_filters_by_district_and_relation(web):
    r = web.get("/vb/19-CT/TU", params={"district": "Tân Phú"})
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Được trích dẫn bởi 1 văn bản của Quận Tân Phú" in t
    assert "51/KH-UBND" in t and "171/KH-UBND" not in t
    r = web.get("/vb/19-CT/TU", params={"relation": "basis"})
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Được trích dẫn bởi 0 văn bản" in t
    assert "Chưa có văn bản nào trong kho trích dẫn văn bản này." in t


def test_typo_fixed_spelling_is_marked(web):
    t = text_of(web.get("/vb/23-CT/TU").text)
    assert re.search(r"23-CT/QU \(1, ?đã sửa lỗi đánh máy ?\)", t), t


def test_instrument_nobody_cites_shows_the_empty_state(web, number_to_id):
    # 43/KH-UBND is a plan of the corpus that no other document cites.
    r = web.get("/tra-cuu", params={"q": "43/KH-UBND"})
    assert r.status_code == 200 and "/vb/" in str(r.url)
    t = text_of(r.text)
    assert "Chưa có văn bản nào trong kho trích dẫn văn bản này." in t
    assert "Chưa có toàn văn trong kho" not in t
    assert f'href="/documents/{number_to_id["43/KH-UBND"]}"' in r.text


def test_loose_key_redirects_to_the_canonical_instrument_url(web):
    r = web.get("/vb/CT 19/TU", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/vb/19-CT/TU"


@pytest.mark.parametrize("url, params, expected", [
    ("/vb/CT 19/TU", {"district": "Quận 1", "sort": "oldest"}, "/vb/19-CT/TU?district=Qu%E1%BA%ADn+1&sort=oldest"),
    ("/vb/CT 19/TU/coverage", {"sort": "lag"}, "/vb/19-CT/TU/coverage?sort=lag"),
    ("/vb/CT 19/TU/coverage", {"format": "csv"}, "/vb/19-CT/TU/coverage?format=csv"),
])
def test_loose_key_redirect_keeps_the_query(web, url, params, expected):
    r = web.get(url, params=params, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == expected


@pytest.mark.parametrize("url", ["/vb/999-XX/YY", "/vb/999-XX/YY/coverage"])
def test_unknown_instrument_and_its_coverage_are_404_pages(web, url):
    r = web.get(url)
    assert r.status_code == 404 and 'class="error"' in r.text


def test_unknown_instrument_is_a_404_page_pointing_to_the_resolver(web):
    r = web.get("/vb/999-XX/YY")
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "Không tìm thấy văn bản" in text_of(r.text)
    assert 'action="/tra-cuu"' in r.text or 'href="/tra-cuu"' in r.text


@pytest.mark.parametrize("params", [
    {"district": "Quận Không Có"},
    {"relation": "cites"},
    {"sort": "random"},
    {"page": "abc"},
    {"page": "99"},
])
def test_instrument_bad_parameters_are_4xx_pages(web, params):
    r = web.get("/vb/19-CT/TU", params=params)
    assert 400 <= r.status_code < 500, (params, r.status_code)
    assert "text/html" in r.headers["content-type"]
    assert "không" in text_of(r.text).lower()


# -- coverage -------------------------------------------------------------------------------------

def test_coverage_of_19_ct_tu_tasks_only_in_three_districts(web):
    r = web.get("/vb/19-CT/TU/coverage")
    assert r.status_code == 200
    rows = coverage_rows(r.text)
    assert set(rows) == set(HCMC_DISTRICTS)
    for district, state in rows.items():
        expected = "Có nhiệm vụ trong văn bản khác" if district in TASK_DISTRICTS_19 else "Chưa có"
        assert state == expected, district
    t = text_of(r.text)
    assert "0/22 quận, huyện đã có kế hoạch thực hiện · 3 có nhiệm vụ trong văn bản khác · 19 chưa có" in t
    # plain words, with what the state means on hover (issue 14 item 9: no "triển khai trong nội dung")
    assert "triển khai trong nội dung" not in t.lower()
    assert 'title="Quận, huyện chưa có kế hoạch riêng; một văn bản khác' in r.text
    for col in ("Quận/huyện", "Kế hoạch thực hiện", "Thực hiện gián tiếp (qua văn bản của TP)",
                "Nhiệm vụ trong văn bản khác", "Ngày ban hành đầu tiên", "Số ngày sau văn bản gốc"):
        assert col in t
    assert "Danh sách 22 quận, huyện TP.HCM trước 01/7/2025 (có thể cấu hình)" in t
    assert 'href="/api/instruments/19-CT/TU/coverage"' in r.text




def test_coverage_of_84_kh_ubnd_tan_phu_has_a_plan(web, id_84):
    # A loose key lands on the canonical coverage URL.
    r = web.get("/vb/84/KH-UBND/coverage", follow_redirects=False)
    assert r.status_code == 303 and unquote(r.headers["location"]) == f"/vb/{id_84}/coverage"
    r = web.get(r.headers["location"])
    assert r.status_code == 200
    rows = coverage_rows(r.text)
    assert rows["Quận Tân Phú"] == "Đã có kế hoạch"
    assert "51/KH-UBND" in text_of(r.text)


def test_coverage_sort_by_lag_puts_dated_rows_first(web, id_84):
    rows = list(coverage_rows(web.get(vb(id_84, "/coverage"), params={"sort": "lag"}).text))
    assert rows[0] == "Quận Tân Phú"
    assert web.get(vb(id_84, "/coverage"), params={"sort": "-lag"}).status_code == 200


def test_coverage_csv(web):
    r = web.get("/vb/19-CT/TU/coverage", params={"format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("\ufeffQuận/huyện,")
    assert len(lines) == 1 + 22
    assert any(line.startswith("Quận Gò Vấp,Có nhiệm vụ trong văn bản khác") for line in lines)


@pytest.mark.parametrize("params", [{"sort": "days"}, {"format": "xml"}])
def test_coverage_bad_parameters_are_4xx(web, params):
    r = web.get("/vb/19-CT/TU/coverage", params=params)
    assert 400 <= r.status_code < 500


# -- resolver -------------------------------------------------------------------------------------

def test_resolver_redirects_a_loose_number_to_the_instrument(web):
    r = web.get("/tra-cuu", params={"q": "CT 19/TU"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/vb/19-CT/TU"


def test_resolver_ambiguous_lists_candidates(web):
    r = web.get("/tra-cuu", params={"q": "Nghị quyết Đại hội"})
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Tìm thấy nhiều văn bản khớp với «Nghị quyết Đại hội»" in t
    links = re.findall(r'<td><a href="(/vb/[^"]+)"', r.text)
    assert len(links) >= 2
    assert "Cơ quan ban hành" in t and "Quận/huyện" in t and "Năm" in t


def test_resolver_not_found_explains_why(web):
    r = web.get("/tra-cuu", params={"q": "Chỉ thị 999/CT-TU"})
    assert r.status_code == 404
    t = text_of(r.text)
    assert "Không tìm thấy văn bản «Chỉ thị 999/CT-TU»" in t
    n_missing = web.app.state.graph.missing_count
    assert f"Kho biết {n_missing} văn bản được trích dẫn nhưng chưa có toàn văn" in t
    assert "Tra số khác" in t


def test_resolver_empty_box(web):
    r = web.get("/tra-cuu")
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Tra cứu" in t
    assert 'placeholder="Nhập số ký hiệu hoặc đoạn văn có trích dẫn"' in r.text
