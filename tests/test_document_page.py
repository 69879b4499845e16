"""A plan's page shows who cites it, not only what it cites (issue 14 item 3): 171/KH-UBND is the
basis of Công văn 539/GDĐT (gold), and a plan nobody cites says so."""
from __future__ import annotations

import re


def _section(html: str) -> str:
    start = html.index('id="duoc-trich-dan"')
    return html[start:html.index("<h2", start + 10)]


def test_the_plan_page_lists_the_documents_citing_it(client, number_to_id):
    html = client.get(f"/documents/{number_to_id['171/KH-UBND']}").text
    part = _section(html)
    assert "Văn bản trích dẫn văn bản này (1)" in part
    assert "Căn cứ vào văn bản này (1)" in part
    assert re.search(r'href="/documents/[^"]+">Công văn số 539/GDĐT</a>', part), part
    assert 'href="#duoc-trich-dan"' in html  # reachable from the page's table of contents
    api = client.get(f"/api/instruments/{number_to_id['171/KH-UBND']}/cited-by").json()
    assert api["total"] == 1 and api["items"][0]["number"] == "539/GDĐT"


def test_a_plan_nobody_cites_says_so(client, number_to_id):
    part = _section(client.get(f"/documents/{number_to_id['43/KH-UBND']}").text)
    assert "Văn bản trích dẫn văn bản này (0)" in part
    assert "Chưa có văn bản nào trong kho trích dẫn văn bản này." in part
