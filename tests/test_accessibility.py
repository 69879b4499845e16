"""Keyboard users reach results and a plan's text in one Tab (issue 14 item 10): every page starts
with a skip link whose target exists on the page, every page has one <h1>, and the year facet is in
year order, newest first."""
from __future__ import annotations

import re

import pytest

PAGES = ["/", "/?q=19-CT/TU", "/?q=kh%C3%B4ng+c%C3%B3+t%E1%BB%AB+n%C3%A0y+xyzxyz", "/tra-cuu", "/tong-quan",
         "/chain", "/nang-cao", "/tra-cuu?q=19-CT/TU", "/tra-cuu?q=171/KH-UBND", "/tra-cuu?q=9999/XYZ",
         "/tra-cuu?q=C%C4%83n+c%E1%BB%A9+Ch%E1%BB%89+th%E1%BB%8B+s%E1%BB%91+19-CT/TU%0AQuy%E1%BA%BFt+%C4%91%E1%BB%8Bnh+3235/Q%C4%90-UBND"]


def _check(html: str) -> str:
    body = html[html.index("<body"):]
    first_link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', body)
    assert first_link and first_link.group(1).startswith("#"), body[:300]
    target = first_link.group(1)[1:]
    assert f'id="{target}"' in html, target
    assert "Bỏ qua" in first_link.group(2)
    assert len(re.findall(r"<h1[ >]", html)) == 1
    return target


@pytest.mark.parametrize("path", PAGES)
def test_every_page_starts_with_a_skip_link_to_its_content(client, path):
    r = client.get(path)
    assert r.status_code in (200, 404), path  # not found is a page too
    _check(r.text)


def test_search_skips_to_results_and_a_plan_to_its_text(client, number_to_id):
    assert _check(client.get("/", params={"q": "kế hoạch"}).text) == "ket-qua"
    assert _check(client.get(f"/documents/{number_to_id['171/KH-UBND']}").text) == "noi-dung"


def test_year_facet_is_in_year_order(client):
    html = client.get("/", params={"q": "kế hoạch"}).text
    block = html[html.index(">Năm ban hành<"):]
    block = block[:block.index("</ul>")]
    years = [int(y) for y in re.findall(r">(\d{4})</a>", block)]
    assert len(years) >= 2 and years == sorted(years, reverse=True), years
