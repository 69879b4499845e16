"""The citation-graph web pages (UX.md §5–7) that walk the graph — chain, path, overview with its
coverage matrix — called for real over the index built from corpus/: the nested chain
171 → 264-KL/TU → 23-CT/TU, its drawing, and 4xx pages (never 500) for bad parameters.
"""
from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from web_pages import text_of, vb

PLANS_CITING_19 = ["171/KH-UBND", "43/KH-UBND", "51/KH-UBND", "3707/KH-UBND"]
TASK_DISTRICTS_19 = {"Quận 1", "Quận Tân Phú", "Quận Gò Vấp"}




# -- chain and path -------------------------------------------------------------------------------

def test_chain_from_171_depth_2_nests_23_ct_tu_under_264_kl_tu(web):
    r = web.get("/chain", params={"id": "171/KH-UBND", "depth": 2})
    assert r.status_code == 200
    page = r.text
    # The <li> of 264-KL/TU holds a nested tree whose first entry is 23-CT/TU, with the edge in words.
    m = re.search(r'<li>(?:(?!<li>).)*?Kết luận số 264-KL/TU.*?<ul class="tree">(.*?)</ul>', page,
                  flags=re.DOTALL)
    assert m, "264-KL/TU has no nested branch"
    nested = text_of(m.group(1))
    assert "Chỉ thị số 23-CT/TU" in nested
    assert nested.startswith("thực hiện")
    t = text_of(page)
    for word in ("căn cứ", "nhắc đến", "thực hiện"):
        assert word in t
    assert "Văn bản này căn cứ / thực hiện ↑" in t and "Văn bản thực hiện văn bản này ↓" in t
    assert "Độ sâu: 1 · 2 · 3" in t
    assert "Tìm đường đi tới văn bản khác" in t
    assert 'href="/api/graph/chain?' in page


def svg_of(page: str) -> str:
    m = re.search(r'<svg [^>]*class="chain-svg".*?</svg>', page, flags=re.DOTALL)
    assert m, "no chain drawing on the page"
    return m.group()


def test_chain_drawing_of_171_depth_2_shows_264_kl_tu_implementing_23_ct_tu(web):
    page = web.get("/chain", params={"id": "171/KH-UBND", "depth": 2}).text
    svg = svg_of(page)
    # The drawing comes after the tree (the tree stays the primary view).
    assert page.index('<ul class="tree">') < page.index("<svg ")
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "Kết luận số 264-KL/TU" in texts and "Chỉ thị số 23-CT/TU" in texts
    # One box per node: 23-CT/TU is cited twice in the tree (by 171 and by 264-KL/TU) but drawn once.
    assert svg.count('data-id="23-CT/TU"') == 1
    # The edge 264-KL/TU → 23-CT/TU, labelled in words and coloured by its relation.
    edge = re.search(r'<g class="edge implements" data-from="264-KL/TU" data-to="23-CT/TU">(.*?)</g>', svg,
                     flags=re.DOTALL)
    assert edge, "no implements edge from 264-KL/TU to 23-CT/TU"
    assert re.search(r"<text[^>]*>thực hiện</text>", edge.group(1))
    assert 'stroke="#3b6fd8"' in edge.group(1)
    edge_words = set(re.findall(r'<g class="edge[^"]*"[^>]*>.*?<text[^>]*>([^<]*)</text>', svg, flags=re.DOTALL))
    assert {"căn cứ", "nhắc đến", "thực hiện"} <= edge_words
    # Boxes link to the pages: the plan to its document, a cited instrument to /vb/…
    assert re.search(r'<a href="/documents/[^"]+" class="node document root"', svg)
    assert re.search(r'<a href="/vb/264-KL/TU" class="node missing" data-id="264-KL/TU">', svg)
    # Instruments without text in the corpus are drawn dashed.
    box_264 = re.search(r'data-id="264-KL/TU">.*?<rect ([^>]*)/>', svg, flags=re.DOTALL).group(1)
    assert "stroke-dasharray" in box_264
    t = text_of(page)
    assert "Sơ đồ" in t and "chưa có toàn văn trong kho" in t
    assert "<script" not in page


def test_chain_drawing_says_when_it_is_capped(web, monkeypatch):
    from search_api.routes import web_graph

    full = web.get("/chain", params={"id": "171/KH-UBND", "depth": 2}).text
    total = len(re.findall(r'<a href="[^"]+" class="node', svg_of(full)))
    assert "Hiển thị" not in text_of(full)
    monkeypatch.setattr(web_graph, "SVG_MAX_NODES", 5)
    page = web.get("/chain", params={"id": "171/KH-UBND", "depth": 2}).text
    assert len(re.findall(r'<a href="[^"]+" class="node', svg_of(page))) == 5
    assert f"Hiển thị 5/{total} nút" in text_of(page)


def test_chain_svg_escapes_labels_and_caps_breadth_first():
    from indexer.terms import EDGE_WORDS
    from search_api.svg import chain_svg
    from search_api.templating import node_url

    evil = {"id": 'x"><script>alert(1)</script>', "kind": "instrument", "label": '<b>Chỉ thị "số" 1 & 2</b>',
            "issuer": "Sở <i>", "missing": True}
    kids = [{"relation": "basis", "sentence": "</title><script>", "node": evil, "children": []}]
    kids += [{"relation": "mentions", "sentence": "", "children": [],
              "node": {"id": f"{n}-CT/TU", "kind": "instrument", "label": f"Chỉ thị số {n}-CT/TU"}}
             for n in range(70)]
    tree = {"node": {"id": "doc-1", "kind": "document", "label": "Kế hoạch số 1/KH-UBND"}, "children": kids}
    d = chain_svg(tree, node_url, EDGE_WORDS, max_nodes=60)
    assert (d.shown, d.total, d.capped) == (60, 72, True)
    assert "<script" not in d.svg and "<b>" not in d.svg and "<i>" not in d.svg
    assert "&lt;b&gt;Chỉ thị &quot;số&quot; 1 &amp; 2&lt;/b&gt;" in d.svg
    assert d.svg.count('class="node') == 60 and d.svg.count('<g class="edge') == 59
    # The root first, then its children in tree order: the 59th child is drawn, the 60th is not.
    assert 'data-id="57-CT/TU"' in d.svg and 'data-id="58-CT/TU"' not in d.svg
    assert "<text" in d.svg and "căn cứ" in d.svg


def test_chain_inward_drawing_points_at_the_cited(web):
    page = web.get("/chain", params={"id": "171/KH-UBND", "direction": "in", "depth": 1}).text
    svg = svg_of(page)
    assert "539/GDĐT" in html.unescape(svg)
    # Inward, children cite the root: the arrow is at the line's start (the root's side).
    assert "marker-start=" in svg and "marker-end=" not in svg


def test_chain_inward(web):
    r = web.get("/chain", params={"id": "171/KH-UBND", "direction": "in", "depth": 1})
    assert r.status_code == 200
    assert "539/GDĐT" in text_of(r.text)


@pytest.mark.parametrize("params", [
    {"id": "171/KH-UBND", "depth": 9},
    {"id": "171/KH-UBND", "depth": 0},
    {"id": "171/KH-UBND", "depth": "abc"},
    {"id": "171/KH-UBND", "direction": "up"},
    {"id": "999-XX/YY"},
])
def test_chain_bad_parameters_are_4xx_pages(web, params):
    r = web.get("/chain", params=params)
    assert 400 <= r.status_code < 500, (params, r.status_code)
    assert 'class="error"' in r.text


def test_path_from_171_to_23_ct_tu(web):
    r = web.get("/path", params={"source": "171/KH-UBND", "target": "23-CT/TU"})
    assert r.status_code == 200
    t = text_of(r.text)
    assert "Đường 1" in t
    assert "Kế hoạch số 171/KH-UBND" in t and "Chỉ thị số 23-CT/TU" in t
    assert 'href="/api/graph/path?' in r.text
    assert web.get("/path", params={"source": "171/KH-UBND"}).status_code == 422


# -- overview -------------------------------------------------------------------------------------

def test_overview_counts_and_lists(web):
    r = web.get("/tong-quan")
    assert r.status_code == 200
    t = text_of(r.text)
    cg = web.app.state.graph
    assert re.search(r"6 văn bản · 5 kế hoạch · \d+ văn bản được trích dẫn · \d+ quan hệ trích dẫn · cập nhật lúc "
                     r"\d\d/\d\d/\d{4} \d\d:\d\d", t), t[:400]
    assert f"{cg.edge_count} quan hệ trích dẫn" in t
    assert "Văn bản được trích dẫn nhiều nhất" in t
    for col in ("Văn bản", "Số văn bản trích dẫn", "Thực hiện", "Căn cứ"):
        assert col in t
    assert "Chỉ thị số 19-CT/TU" in t
    n_missing = web.get("/api/graph/missing").json()["total"]
    assert f"Văn bản được trích dẫn nhưng chưa có trong kho ({n_missing})" in t
    assert "Số lần trích dẫn" in t
    n_unresolved = sum(1 for r in cg.edge_recs() if r.unresolved)
    if n_unresolved:
        assert f"Trích dẫn chưa xác định được ({n_unresolved})" in t


def test_overview_per_district(web):
    r = web.get("/tong-quan", params={"district": "Tân Phú"})
    assert r.status_code == 200
    t = text_of(r.text)
    assert "trong văn bản của Quận Tân Phú" in t
    assert "Kế hoạch số 84/KH-UBND" in t
    assert web.get("/tong-quan", params={"district": "Hà Nội"}).status_code == 422


def matrix_rows(page: str) -> dict[str, dict[str, str]]:
    """Instrument id → {district → cell mark}, read from the overview's coverage matrix."""
    table = re.search(r'<table class="matrix">(.*?)</table>', page, flags=re.DOTALL)
    assert table, "no coverage matrix on the overview"
    out = {}
    for rid, body in re.findall(r'<tr data-id="([^"]+)">(.*?)</tr>', table.group(1), flags=re.DOTALL):
        cells = re.findall(r'data-district="([^"]+)"><a href="([^"]+)"[^>]*>([●◐○])</a>', body)
        for _, href, _ in cells:
            assert unquote(href) == f"/vb/{html.unescape(rid)}/coverage"
        out[html.unescape(rid)] = {html.unescape(d): mark for d, _, mark in cells}
    return out


def test_overview_coverage_matrix(web, id_84):
    page = web.get("/tong-quan").text
    rows = matrix_rows(page)
    assert 1 <= len(rows) <= 15
    # Columns are the configured districts, in order, for every row.
    districts = list(web.app.state.settings.districts)
    assert all(list(cells) == districts for cells in rows.values())
    # 19-CT/TU: three districts carry it out in their tasks, none has a plan for it.
    for district, mark in rows["19-CT/TU"].items():
        assert mark == ("◐" if district in TASK_DISTRICTS_19 else "○"), district
    # The city's plan 84/KH-UBND: Tân Phú made a plan for it (51/KH-UBND).
    assert rows[id_84]["Quận Tân Phú"] == "●"
    # The most implemented first: 19-CT/TU is cited by four district plans.
    assert next(iter(rows)) == "19-CT/TU"
    # A district's own instruments are not rows.
    assert all(web.app.state.graph.node(r).get("district") is None for r in rows)
    t = text_of(page)
    assert "● có kế hoạch" in t and "◐ có nhiệm vụ trong văn bản khác" in t and "○ chưa có" in t
    assert 'href="/tong-quan/ma-tran.csv"' in page and "Tải CSV" in t
    # Each cell says what it means, for hover and screen readers.
    assert 'aria-label="Quận Gò Vấp: có nhiệm vụ trong văn bản khác"' in page


def test_overview_coverage_matrix_csv(web, id_84):
    import csv
    import io

    r = web.get("/tong-quan/ma-tran.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text.removeprefix("\ufeff"))))
    districts = list(web.app.state.settings.districts)
    assert rows[0] == ["Văn bản", "Mã văn bản", "Cơ quan ban hành", *districts]
    by_id = {row[1]: dict(zip(districts, row[3:])) for row in rows[1:]}
    # The same rows as the page, in words.
    assert set(by_id) == set(matrix_rows(web.get("/tong-quan").text))
    assert by_id["19-CT/TU"]["Quận Gò Vấp"] == "Có nhiệm vụ trong văn bản khác"
    assert by_id["19-CT/TU"]["Quận 3"] == "Chưa có"
    assert by_id[id_84]["Quận Tân Phú"] == "Đã có kế hoạch"


def test_overview_coverage_matrix_follows_the_configured_districts(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from search_api.app import create_app

    with TestClient(create_app(replace(settings, districts=("Quận Gò Vấp", "Quận 3")))) as c:
        rows = matrix_rows(c.get("/tong-quan").text)
        header = c.get("/tong-quan/ma-tran.csv").text.removeprefix("\ufeff").splitlines()[0]
    assert rows["19-CT/TU"] == {"Quận Gò Vấp": "◐", "Quận 3": "○"}
    assert header == "Văn bản,Mã văn bản,Cơ quan ban hành,Quận Gò Vấp,Quận 3"
    # Only plans of configured districts rank a row: Tân Phú's plan for 84/KH-UBND is not counted.
    assert not any(r.startswith("84/KH-UBND") for r in rows)


def test_resolver_pasted_passage_lists_every_citation(web):
    passage = ("Căn cứ Chỉ thị số 19-CT/TU ngày 19 tháng 10 năm 2018 của Ban Thường vụ Thành ủy và "
               "Kế hoạch số 84/KH-UBND ngày 11/01/2022 của Ủy ban nhân dân Thành phố; Chỉ thị số 999-CT/TU.")
    r = web.get("/tra-cuu", params={"q": passage})
    assert r.status_code == 200
    t = text_of(r.text)
    for col in ("Trích dẫn", "Chuẩn hóa", "Kết quả", "Vị trí"):
        assert col in t
    assert "19-CT/TU Được trích dẫn, chưa có toàn văn trong kho" in t  # cited, no text in the seeds
    assert "84/KH-UBND Được trích dẫn, chưa có toàn văn trong kho" in t
    assert "999-CT/TU Không tìm thấy" in t
    assert 'href="/vb/19-CT/TU"' in r.text


def test_a_pasted_passage_keeps_its_lines_and_says_what_the_corpus_holds(web):
    """Issue 14 item 7: the one-line input flattened a paragraph (every citation at "Dòng 1") and
    said "Tìm thấy" for instruments whose text the corpus does not hold."""
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            "Thực hiện Chỉ thị số 19-CT/TU ngày 19 tháng 10 năm 2018 của Ban Thường vụ Thành ủy;\n"
            "Căn cứ Kế hoạch số 43/KH-UBND ngày 07 tháng 02 năm 2023 của Ủy ban nhân dân Quận 1.")
    r = web.get("/tra-cuu", params={"q": text})
    assert r.status_code == 200
    assert "<textarea" in r.text and "Dòng 2" in r.text and "Dòng 3" in r.text
    assert "chưa có toàn văn" in r.text and "Có trong kho" in r.text


def test_a_plan_dated_before_its_decision_is_flagged_not_a_negative_lag(tmp_path):
    """Issue 14 item 9: a plan dated before the decision it implements showed "−70" days."""
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = ["ỦY BAN NHÂN DÂN", "QUẬN 1", "", "Số: 12/KH-UBND", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", "", "Quận 1, ngày 01 tháng 3 năm 2023", "", "KẾ HOẠCH",
             "Triển khai chuyển đổi số năm 2023", "",
             ("Thực hiện Quyết định số 100/QĐ-UBND ngày 10 tháng 5 năm 2023 của Ủy ban nhân dân Thành phố, "
              "Ủy ban nhân dân Quận 1 xây dựng Kế hoạch như sau:"), "", "I. MỤC ĐÍCH", "Triển khai thực hiện.", "",
             "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Nguyễn Văn An", ""]
    (corpus / "kh.txt").write_text("\n".join(lines), "utf-8")
    build_index(corpus, tmp_path / "ix", workers=1)
    with TestClient(create_app(Settings(index_dir=tmp_path / "ix", corpus=corpus))) as c:
        key = c.get("/api/resolve", params={"q": "100/QĐ-UBND"}).json()["candidates"][0]["id"]
        row = next(r for r in c.get(f"/api/instruments/{key}/coverage").json()["districts"]
                   if r["district"] == "Quận 1")
        assert row["lag_days"] == -70
        page = c.get(f"/vb/{key}/coverage").text
        assert "ban hành trước văn bản gốc 70 ngày" in page and "−70" not in page and ">-70<" not in page


def test_an_instrument_cited_with_two_dates_says_so(web):
    """Issue 14 item 9: 61/2018/NĐ-CP is cited as of 23/04/2018 and of 23/04/2020 in the seeds."""
    t = text_of(web.get(vb("61/2018/NĐ-CP")).text)
    assert "Được trích dẫn với 2 ngày ban hành khác nhau — cần kiểm tra: 23/04/2018 (1 lần), 23/04/2020 (1 lần)" in t
    t = text_of(web.get(vb("19-CT/TU")).text)
    assert "ngày ban hành khác nhau" not in t


def test_the_overview_lists_filter_by_level_of_issuer(web):
    """Issue 14 item 11: the most-cited and cited-but-missing lists by level (Party, central, city,
    district), in the page, its paging links and its JSON twin."""
    party = web.get("/api/graph/most-cited", params={"kind": "dang", "limit": 1000}).json()
    central = web.get("/api/graph/most-cited", params={"kind": "trung-uong", "limit": 1000}).json()
    ids = {k: {i["id"] for i in r["items"]} for k, r in (("dang", party), ("trung-uong", central))}
    assert "19-CT/TU" in ids["dang"] and "33/2021/NĐ-CP" not in ids["dang"]
    assert "33/2021/NĐ-CP" in ids["trung-uong"] and "131/2020/QH14" in ids["trung-uong"]
    assert not ids["dang"] & ids["trung-uong"]
    everything = web.get("/api/graph/most-cited", params={"limit": 1000}).json()
    assert party["total"] + central["total"] < everything["total"]
    missing = web.get("/api/graph/missing", params={"kind": "dang", "limit": 1000}).json()
    assert {i["id"] for i in missing["items"]} <= ids["dang"]
    page = web.get("/tong-quan", params={"loai": "dang"})
    start = page.text.index('id="nhieu-nhat"')
    t = text_of(page.text[start:page.text.index("<h2", start + 10)])
    assert "Văn bản cấp đảng được trích dẫn nhiều nhất" in t and "Chỉ thị số 19-CT/TU" in t
    assert "Nghị định số 33/2021/NĐ-CP" not in t
    assert '<option value="dang" selected>Đảng</option>' in page.text
    assert 'href="/api/graph/most-cited?kind=dang"' in page.text
    bad = web.get("/api/graph/most-cited", params={"kind": "khong-co"})
    assert bad.status_code in (400, 422) and "Loại «khong-co» không hợp lệ" in bad.text
