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
