"""``field:value`` filters typed before the words (issue 14, item 2): the value ends where its
vocabulary says, so the words after it are still searched."""
from __future__ import annotations

import pytest

from search_api.query import parse_query


@pytest.mark.parametrize("q, filters, words", [
    ("district:Quận Tân Phú chuyển đổi số", {"district": "Quận Tân Phú"}, "chuyển đổi số"),
    ("district:q1 phòng cháy", {"district": "q1"}, "phòng cháy"),
    ("year:2022 chuyển đổi số", {"year": "2022"}, "chuyển đổi số"),
    ("from:2022-01-01 to:2022-12 dân vận", {"date_from": "2022-01-01", "date_to": "2022-12"}, "dân vận"),
    ("type:Kế hoạch cites:Chỉ thị 19-CT/TU tuyên truyền",
     {"doc_type": "Kế hoạch", "cites": "Chỉ thị 19-CT/TU"}, "tuyên truyền"),
    ('signer:"Nguyễn Văn A" kế hoạch', {"signer": "Nguyễn Văn A"}, "kế hoạch"),
    ("issuer:UBND Quận 1", {"issuer": "UBND Quận 1"}, ""),  # free text runs to the end
    ("relation:basis dân vận", {"relation": "basis"}, "dân vận"),
])
def test_filter_values_end_where_their_vocabulary_says(q, filters, words):
    pq = parse_query(q)
    assert pq.filters == filters and pq.text == words


@pytest.mark.parametrize("before, after", [
    ("district:Quận Tân Phú chuyển đổi số", "chuyển đổi số district:Tân Phú"),
    ("year:2022 chuyển đổi số", "chuyển đổi số year:2022"),
    ("type:Kế hoạch dân vận khéo", "dân vận khéo type:Kế hoạch"),
])
def test_a_filter_typed_first_answers_as_typed_last(client, before, after):
    a = client.get("/api/search", params={"q": before, "size": 50})
    b = client.get("/api/search", params={"q": after, "size": 50})
    assert a.status_code == b.status_code == 200
    assert a.json()["total"] > 0
    assert [h["id"] for h in a.json()["hits"]] == [h["id"] for h in b.json()["hits"]]


@pytest.mark.parametrize("typed, full", [
    ("Nghị định 33/2021", "33/2021/NĐ-CP"),
    ("nghi dinh so 33/2021", "33/2021/NĐ-CP"),
    ("NĐ 33/2021", "33/2021/NĐ-CP"),
])
def test_a_type_and_a_number_with_its_year_find_the_instrument(client, typed, full):
    """Issue 14 item 1: the symbol left out ('Nghị định 33/2021') found nothing."""
    a = client.get("/api/search", params={"q": typed, "size": 50}).json()
    b = client.get("/api/search", params={"q": full, "size": 50}).json()
    assert b["total"] > 0 and a["total"] == b["total"]
    assert {h["id"] for h in a["hits"]} == {h["id"] for h in b["hits"]}
