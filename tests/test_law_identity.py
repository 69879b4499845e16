"""One law, one identity, however a document writes it (issue 12): the version is part of the
identity (``Luật Đất đai 2013`` is not ``… 2024``), ``và`` inside a name is kept (``Luật Tổ chức
HĐND và UBND``), a name given with its number is that number, a date gives the version, and a
mention without a version is the one version the document names. Table rows, plus properties of
the name key: idempotent, blind to case, diacritics and the standard abbreviations."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.citations import extract_citations
from indexer.cite.find import fold
from indexer.normalize import ABBREVIATIONS, canonical_name

ROWS = [
    # (text, the instruments cited: id → the mentions' texts)
    ("Căn cứ Luật Đất đai năm 2013; Căn cứ Luật Đất đai năm 2024; thực hiện Luật Đất đai 2013.",
     {"Luật Đất đai|2013": ["Luật Đất đai năm 2013", "Luật Đất đai 2013"],
      "Luật Đất đai|2024": ["Luật Đất đai năm 2024"]}),
    (("Căn cứ Luật Tổ chức HĐND và UBND năm 2003; Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân "
      "ngày 26/11/2003; Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân số 11/2003/QH11"),
     {"11/2003/QH11": ["Luật Tổ chức HĐND và UBND năm 2003",
                       "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003",
                       "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân số 11/2003/QH11"]}),
    ("Căn cứ Luật Đất đai số 31/2024/QH15; thực hiện đúng Luật Đất đai.",
     {"31/2024/QH15": ["Luật Đất đai số 31/2024/QH15", "Luật Đất đai"]}),
    ("Căn cứ Luật Đất đai số 31/2024/QH15; so với Luật Đất đai năm 2013.",
     {"31/2024/QH15": ["Luật Đất đai số 31/2024/QH15"], "Luật Đất đai|2013": ["Luật Đất đai năm 2013"]}),
    ("Căn cứ Luật Đất đai năm 2013; các quy định của Luật Đất đai về bồi thường.",
     {"Luật Đất đai|2013": ["Luật Đất đai năm 2013", "Luật Đất đai"]}),
    ("Căn cứ Luật Giáo dục và Luật Công đoàn; Pháp lệnh Phí và Lệ phí.",
     {"Luật Giáo dục": ["Luật Giáo dục"], "Luật Công đoàn": ["Luật Công đoàn"],
      "Pháp lệnh Phí và Lệ phí": ["Pháp lệnh Phí và Lệ phí"]}),
    ("Căn cứ Luật Khoa học và Công nghệ năm 2013 và Luật Đầu tư năm 2020;",
     {"Luật Khoa học và Công nghệ|2013": ["Luật Khoa học và Công nghệ năm 2013"],
      "Luật Đầu tư|2020": ["Luật Đầu tư năm 2020"]}),
    # an amending law is named by the laws it amends; the date after them is its own
    (("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ "
      "chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"),
     {"Luật Tổ chức Chính phủ|2015": ["Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015"],
      "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương|2019":
          ["Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"]}),
    ("Căn cứ Luật Thi đua, Khen thưởng năm 2003; Luật xử lý vi phạm hành chính năm 2012;",
     {"Luật Thi đua, Khen thưởng|2003": ["Luật Thi đua, Khen thưởng năm 2003"],
      "Luật xử lý vi phạm hành chính|2012": ["Luật xử lý vi phạm hành chính năm 2012"]}),
    # no 31 February: no version (the date is read, as written, but gives nothing)
    ("Căn cứ Luật Đất đai ngày 31/02/2013;", {"Luật Đất đai": ["Luật Đất đai ngày 31/02/2013"]}),
]


@pytest.mark.parametrize("text, expected", ROWS)
def test_a_law_is_one_instrument_however_it_is_written(text, expected):
    found, _ = extract_citations(text)
    assert {c.key.id: [m.text for m in c.mentions] for c in found} == expected


WORDS = ["Luật", "Tổ", "chức", "Hội", "đồng", "nhân", "dân", "và", "Ủy", "ban", "Ngân", "sách", "nhà", "nước",
         "Hợp", "tác", "xã", "Đất", "đai", "Bảo", "hiểm", "y", "tế"]
NAMES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def key(name: str) -> str:
    return fold(canonical_name(name))


@given(NAMES)
def test_the_name_key_is_idempotent_and_blind_to_case_and_diacritics(name):
    assert canonical_name(canonical_name(name)) == canonical_name(name)
    assert key(name) == key(name.lower()) == key(fold(name))


@given(NAMES, st.sampled_from(["HĐND", "UBND", "HTX", "NSNN", "BHXH", "BHYT"]))
def test_the_name_key_is_blind_to_the_standard_abbreviations(name, abbr):
    assert key(f"{name} {abbr}") == key(f"{name} {ABBREVIATIONS[abbr.lower()]}")


PLAN = """ỦY BAN NHÂN DÂN
{district_upper}
Số: {number}
{district}, ngày 05 tháng 01 năm 2023

KẾ HOẠCH
Về công tác quản lý đất đai năm 2023

{basis}
Ủy ban nhân dân {district} ban hành kế hoạch như sau.
"""


@pytest.fixture(scope="module")
def law_client(tmp_path_factory):
    """Two plans citing the same law in two spellings, and two versions of another law."""
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    root = tmp_path_factory.mktemp("laws")
    (root / "c").mkdir()
    (root / "c" / "a.txt").write_text(PLAN.format(
        district_upper="QUẬN 3", district="Quận 3", number="12/KH-UBND",
        basis="Căn cứ Luật Tổ chức HĐND và UBND năm 2003;\nCăn cứ Luật Đất đai năm 2013;"), "utf-8")
    (root / "c" / "b.txt").write_text(PLAN.format(
        district_upper="QUẬN 5", district="Quận 5", number="30/KH-UBND",
        basis="Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;\n"
              "Căn cứ Luật Đất đai năm 2024;"), "utf-8")
    build_index(root / "c", root / "ix", workers=1)
    with TestClient(create_app(Settings(index_dir=root / "ix"))) as client:
        yield client


@pytest.mark.parametrize("query", ["Luật Tổ chức HĐND và UBND", "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân",
                                   "luat to chuc hdnd va ubnd"])
def test_a_search_for_the_law_in_any_spelling_finds_both_plans(law_client, query):
    hits = law_client.get("/api/search", params={"q": query}).json()["hits"]
    assert {h["number"] for h in hits} == {"12/KH-UBND", "30/KH-UBND"}


@pytest.mark.parametrize("query, found", [
    ("Luật Tổ chức HĐND và UBND 2003", "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân|2003"),
    ("luat to chuc hdnd va ubnd", "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân|2003"),
    ("Luật Đất đai 2013", "Luật Đất đai|2013"),
    ("luat dat dai nam 2024", "Luật Đất đai|2024"),
])
def test_the_resolver_finds_the_law_and_its_version(law_client, query, found):
    r = law_client.get("/api/resolve", params={"q": query}).json()
    assert r["status"] == "found" and [c["id"] for c in r["candidates"]] == [found]


def test_the_resolver_says_which_versions_a_bare_name_may_be(law_client):
    r = law_client.get("/api/resolve", params={"q": "Luật Đất đai"}).json()
    assert r["status"] == "ambiguous" and {c["id"] for c in r["candidates"]} == {"Luật Đất đai|2013", "Luật Đất đai|2024"}
    assert law_client.get("/api/resolve", params={"q": "Luật Đất đai 1993"}).json()["status"] == "not_found"


def test_cited_by_gathers_every_spelling(law_client):
    r = law_client.get("/api/instruments/Luật Tổ chức HĐND và UBND 2003/cited-by").json()
    assert r["total"] == 2 and {i["number"] for i in r["items"]} == {"12/KH-UBND", "30/KH-UBND"}
