"""The HTTP API, called for real through TestClient on an index built from corpus/."""
from __future__ import annotations

import re

import pytest
from conftest import CORPUS


def numbers(resp_json) -> list[str]:
    return [h["number"] for h in resp_json["hits"]]


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["documents"] == 6
    assert body["unreadable_files"] == 0


def test_search_directive_returns_exactly_the_citing_plans(client, gold):
    case = next(q for q in gold["queries"] if q["q"] == "Chỉ thị 19-CT/TU")
    r = client.get("/api/search", params={"q": "Chỉ thị 19-CT/TU", "size": 100})
    assert r.status_code == 200
    body = r.json()
    assert sorted(numbers(body)) == sorted(case["expect"])
    assert body["total"] == len(case["expect"])
    for h in body["hits"]:
        for field in ("number", "type", "issuer", "district", "date", "title", "score", "snippet"):
            assert field in h
        assert "19-CT/TU" in h["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<mark>" in h["snippet"]
        assert h["citation"]["relation"] in {"basis", "implements", "mentions"}


def test_document_endpoint_has_metadata_text_and_citations(client, number_to_id):
    r = client.get(f"/api/documents/{number_to_id['51/KH-UBND']}")
    assert r.status_code == 200
    d = r.json()
    assert d["number"] == "51/KH-UBND"
    assert d["district"] == "Quận Tân Phú"
    assert d["text"].count("\n") == d["line_end"] - d["line_start"]
    refs = {c["number"] for c in d["citations"]}
    assert {"131/2020/QH14", "33/2021/NĐ-CP", "84/KH-UBND"} <= refs


def test_unknown_document_is_404_with_message(client):
    r = client.get("/api/documents/nope-1")
    assert r.status_code == 404
    assert "nope-1" in r.json()["error"]["message"]


@pytest.mark.parametrize("params, status", [
    ({"q": "x" * 1001}, 400),
    ({"q": "foo:bar"}, 400),
    ({"size": 101}, 400),
    ({"size": 0}, 400),
    ({"page": 0}, 400),
    ({"page": "abc"}, 422),
    ({"sort": "random"}, 400),
    ({"year": "20x2"}, 422),
    ({"q": "year:20x2"}, 400),
    ({"relation": "cites"}, 400),
])
def test_bad_parameters_get_4xx_with_one_error_shape(client, params, status):
    r = client.get("/api/search", params=params)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["status"] == status
    assert err["message"] and isinstance(err["message"], str)


def test_unknown_route_has_error_shape(client):
    r = client.get("/api/khong-co")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_openapi_documents_search(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    assert "/api/search" in r.json()["paths"]
    assert client.get("/docs").status_code == 200


def test_empty_query_lists_documents_newest_first(client):
    body = client.get("/api/search", params={"size": 100}).json()
    assert body["total"] == 6
    dates = [h["date"] for h in body["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_pagination_edges(client):
    full = client.get("/api/search", params={"size": 100}).json()
    p1 = client.get("/api/search", params={"size": 4, "page": 1}).json()
    p2 = client.get("/api/search", params={"size": 4, "page": 2}).json()
    p3 = client.get("/api/search", params={"size": 4, "page": 3}).json()
    assert p1["total"] == p2["total"] == full["total"] == 6
    assert p1["pages"] == 2
    assert len(p1["hits"]) == 4 and len(p2["hits"]) == 2 and p3["hits"] == []
    assert numbers(p1) + numbers(p2) == numbers(full)


def test_facets_counts_match_hits(client):
    body = client.get("/api/search", params={"q": "19-CT/TU", "size": 100}).json()
    districts = {f["value"]: f["count"] for f in body["facets"]["district"]}
    assert districts == {"Quận 1": 2, "Quận Tân Phú": 1, "Quận Gò Vấp": 1}
    assert sum(f["count"] for f in body["facets"]["doc_type"]) == body["total"]


def test_web_search_page_renders_vietnamese(client):
    r = client.get("/", params={"q": "Chỉ thị 19-CT/TU"})
    assert r.status_code == 200
    assert "Tìm thấy" in r.text and "19-CT/TU" in r.text
    r = client.get("/", params={"q": "Quận 10"})
    assert "Không tìm thấy văn bản nào" in r.text


def test_web_document_page_has_line_anchors(client, number_to_id):
    r = client.get(f"/documents/{number_to_id['43/KH-UBND']}")
    assert r.status_code == 200
    assert 'id="L3"' in r.text
    r = client.get(f"/documents/{number_to_id['43/KH-UBND']}", params={"tab": "luoc-do"})
    assert "Văn bản này trích dẫn" in r.text and re.search(r'href="/documents/[^"]+#L\d+">Dòng', r.text)


def test_web_document_page_links_citations_by_relation(client, number_to_id):
    r = client.get(f"/documents/{number_to_id['51/KH-UBND']}", params={"q": "khu phố"})
    assert r.status_code == 200
    assert 'class="cite basis" href="/vb/131/2020/QH14"' in r.text
    assert 'class="cite implements"' in r.text
    # the short form 33/NĐ-CP is shown as understood
    assert "Đã hiểu «Nghị định số 33/NĐ-CP" in r.text
    assert "<mark>khu phố</mark>" in r.text.lower()  # the phrase, where it occurs whole


def test_web_document_page_marks_the_cited_instrument_not_its_syllables(client, gold):
    """Issue 14 item 4: ?q=chi thi 19 marked every chỉ/thị/chi/thi ("đô thị", "chi tiết")."""
    citing = [d for d in client.get("/api/search", params={"q": "19-CT/TU", "size": 50}).json()["hits"]]
    assert citing
    r = client.get(f"/documents/{citing[0]['id']}", params={"q": "chi thi 19"})
    marks = re.findall(r"<mark>(.*?)</mark>", r.text)
    assert marks and all("19" in m for m in marks), marks


def test_web_document_page_highlight_never_breaks_character_references(client, number_to_id):
    for number in number_to_id:
        r = client.get(f"/documents/{number_to_id[number]}", params={"q": "so 34 39 quot amp"})
        assert not re.search(r"&#?\w*<mark>", r.text), number


def test_web_empty_state_suggests_the_instrument_meant(client):
    r = client.get("/", params={"q": "chi thi 19", "district": "Quận 4"})
    assert "Không tìm thấy văn bản nào" in r.text and "Bỏ bộ lọc" in r.text
    assert "Thử:" in r.text and "19-CT/TU" in r.text


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

QUERY_ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐQ019/-:\"“”()*&%<> \t\n.,;?ạảấồữỹ") +
                                 ["19-CT/TU", "type:", "district:", "year:", "cites:", "foo:", "Quận 1", "số "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.lists(QUERY_ALPHABET, max_size=30).map("".join),
       page=st.one_of(st.integers(-2, 5), st.text(max_size=3)),
       sort=st.sampled_from(["relevance", "newest", "oldest", "cited", "x", ""]))
def test_search_never_500(client, q, page, sort):
    r = client.get("/api/search", params={"q": q, "page": page, "sort": sort})
    assert r.status_code in (200, 400, 422), (q, page, sort, r.text)
    if r.status_code != 200:
        assert r.json()["error"]["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.lists(QUERY_ALPHABET, max_size=20).map("".join))
def test_pages_never_500(client, q):
    for path in ("/", "/tra-cuu", "/chain"):
        params = {"q": q} if path != "/chain" else {"id": q or "x"}
        r = client.get(path, params=params, follow_redirects=False)
        assert r.status_code < 500, (path, q, r.text[:300])
    from urllib.parse import quote

    r = client.get(f"/api/instruments/{quote(q or 'x', safe='/')}/cited-by")
    assert r.status_code < 500, (q, r.text[:300])


def test_search_results_as_csv(client):
    r = client.get("/api/search.csv", params={"q": "19-CT/TU"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("Số ký hiệu,Loại văn bản")
    assert len(lines) == 1 + 4
    assert client.get("/api/search.csv", params={"q": "foo:bar"}).status_code == 400


def test_document_page_lists_other_districts_implementing_the_same_instrument(tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(CORPUS / "003_7b9f8ea90a918d33.txt", corpus)
    (corpus / "govap.txt").write_text(
        "Số: 12/KH-UBND\n\nGò Vấp, ngày 05 tháng 3 năm 2022\n\nKẾ HOẠCH\n\n"
        "Tổ chức thực hiện chủ đề năm 2022 trên địa bàn quận Gò Vấp\n\n"
        "Thực hiện Kế hoạch số 84/KH-UBND ngày 11/01/2022 của Ủy ban nhân dân Thành phố tổ chức thực "
        "hiện chủ đề năm 2022;\n\nỦy ban nhân dân quận Gò Vấp xây dựng Kế hoạch như sau:\n", "utf-8")
    build_index(corpus, tmp_path / "ix", workers=1)
    with TestClient(create_app(Settings(index_dir=tmp_path / "ix"))) as c:
        docs = {d["number"]: d["id"] for d in c.get("/api/documents").json()["documents"]}
        page = c.get(f"/documents/{docs['12/KH-UBND']}", params={"tab": "luoc-do"}).text
    assert "Các quận khác cũng thực hiện" in page
    assert "Quận Tân Phú" in page and docs["51/KH-UBND"] in page


@pytest.mark.parametrize("q", ["19-CT/TU tuyên truyền", "33/2021/NĐ-CP dịch vụ công", "chỉ thị 19 học tập"])
def test_a_hit_never_shows_the_same_line_twice(client, q):
    for h in client.get("/api/search", params={"q": q, "size": 50}).json()["hits"]:
        lines = [p["line"] for p in h["passages"]]
        assert len(lines) == len(set(lines)), (q, h["id"], lines)
