"""Errors answer in the form the caller reads (issue 14, items 6 and 10): JSON for the API, a
Vietnamese HTML page for the web UI; and /docs works with no internet."""
from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path, status", [
    ("/documents/khong-co-van-ban-nay", 404),
    ("/khong-co-trang-nay", 404),
    ("/?q=foo:bar", 400),
])
def test_web_pages_answer_errors_with_an_html_page(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1" in r.text and 'lang="vi"' in r.text
    assert not r.text.lstrip().startswith("{")


@pytest.mark.parametrize("path, status", [
    ("/api/documents/khong-co-van-ban-nay", 404),
    ("/api/search?q=foo:bar", 400),
    ("/api/search?q=a&page=abc", 422),
])
def test_api_routes_answer_errors_in_the_json_shape(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    body = r.json()["error"]
    assert body["status"] == status and body["message"]


def test_docs_load_their_assets_from_the_server_not_a_cdn(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for a in assets:
        got = client.get(a)
        assert got.status_code == 200 and len(got.content) > 500, a
    assert client.get("/openapi.json").json()["paths"]


def test_every_csv_download_starts_with_a_bom_for_excel(client):
    """Issue 14 item 8: coverage and matrix CSVs had no BOM (Excel showed mojibake)."""
    key = client.get("/api/graph/most-cited", params={"limit": 1}).json()["items"][0]["id"]
    urls = ["/api/search.csv?q=19-CT/TU", f"/api/instruments/{key}/coverage?format=csv",
            f"/vb/{key}/coverage?format=csv", "/tong-quan/ma-tran.csv"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/csv"), url
        assert r.content.startswith("\ufeff".encode()), url
        assert "Quận" in r.text or "Văn bản" in r.text or "Số" in r.text, url


def test_bad_parameters_are_explained_in_vietnamese(client):
    """Issue 14 item 2: page=abc answered an English message; page 99 of 1 said nothing."""
    r = client.get("/", params={"q": "kế hoạch", "page": "abc"})
    assert r.status_code == 422 and "phải là một số nguyên" in r.text and "valid integer" not in r.text
    r = client.get("/api/documents", params={"size": 0})
    assert "phải lớn hơn hoặc bằng 1" in r.json()["error"]["message"]
    r = client.get("/", params={"q": "kế hoạch", "page": 99})
    assert r.status_code == 200 and "vượt quá số trang" in r.text and "Về trang cuối" in r.text


def test_the_advanced_form_writes_the_same_query_as_the_box(client):
    """Issue 14 item 12: an advanced search form whose fields become field:value filters."""
    page = client.get("/")
    assert 'action="/nang-cao"' in page.text and "Quận Tân Phú" in page.text
    r = client.get("/nang-cao", params={"words": "chuyển đổi số", "district": "Quận Tân Phú", "year": "2022"},
                   follow_redirects=False)
    assert r.status_code == 303
    from urllib.parse import parse_qs, urlparse

    q = parse_qs(urlparse(r.headers["location"]).query)["q"][0]
    assert q == 'chuyển đổi số district:"Quận Tân Phú" year:2022'
    typed = client.get("/api/search", params={"q": "chuyển đổi số district:Quận Tân Phú year:2022"}).json()
    via_form = client.get("/api/search", params={"q": q}).json()
    assert via_form["total"] == typed["total"] > 0
    assert [h["id"] for h in via_form["hits"]] == [h["id"] for h in typed["hits"]]
