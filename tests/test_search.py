"""Search behaviour through the real API on the seed index: spellings, diacritics, tone placement,
phrases, Quận 1 vs Quận 10, filters, facets, sorting and ranking."""
from __future__ import annotations

import shutil

import pytest

CITING_19 = {"171/KH-UBND", "43/KH-UBND", "51/KH-UBND", "3707/KH-UBND"}


def search(client, q="", **params):
    r = client.get("/api/search", params={"q": q, "size": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()


def numbers(body) -> list[str]:
    return [h["number"] for h in body["hits"]]


@pytest.mark.parametrize("q", [
    "Chỉ thị 19-CT/TU",          # as written in the plans
    "Chỉ thị số 19-CT/TU",       # with "số"
    "chỉ thị số 19 - CT / TU",   # spaces around the separators
    "19-ct/tu",                  # lower case, no instrument word
    "19-CT/TU",
    "CT 19/TU",                  # reordered: code first
    "19/CT-TU",                  # reordered: administrative shape
    "chi thi 19 ct tu",          # no diacritics, no separators
    "Chi thi so 19-CT/TU",
    "CHỈ THỊ 19–CT/TU",          # en dash
])
def test_every_spelling_of_a_directive_finds_the_same_plans(client, q):
    assert set(numbers(search(client, q))) == CITING_19


@pytest.mark.parametrize("q, expected", [
    ("Nghị định 33/2021/NĐ-CP", {"51/KH-UBND"}),
    ("nghi dinh 33/2021/ND-CP", {"51/KH-UBND"}),   # Đ typed as D
    ("Nghị định 33/NĐ-CP", {"51/KH-UBND"}),        # short form without the year
    ("Nghị định 107/2021/NĐ-CP", {"17/KH-UBND"}),  # never merged with 107/2020/NĐ-CP
])
def test_normative_numbers(client, q, expected):
    assert set(numbers(search(client, q))) == expected


def test_107_2020_and_107_2021_are_different_instruments(client):
    a = set(numbers(search(client, "107/2020/NĐ-CP")))
    b = set(numbers(search(client, "107/2021/NĐ-CP")))
    assert a == b == {"17/KH-UBND"}
    body = search(client, "107/2021/NĐ-CP")
    assert body["hits"][0]["citation"]["ref"] == "107/2021/NĐ-CP"


def test_diacritics_on_and_off_meet(client):
    assert numbers(search(client, "dân vận khéo")) == numbers(search(client, "dan van kheo")) == ["43/KH-UBND"]


def test_old_and_new_tone_placement_meet(client):
    old, new = search(client, "văn hoá công vụ"), search(client, "văn hóa công vụ")
    assert numbers(old) == numbers(new)
    assert {"171/KH-UBND", "17/KH-UBND"} <= set(numbers(new))
    # 43/KH-UBND writes "khoá XII" (old placement); the new placement finds it.
    assert "43/KH-UBND" in numbers(search(client, "Trung ương 4 khóa XII"))
    assert "43/KH-UBND" in numbers(search(client, "Trung ương 4 khoá XII"))


def test_quan_1_never_matches_quan_10(client):
    assert search(client, "Quận 10")["total"] == 0
    q1 = set(numbers(search(client, "Quận 1")))
    assert {"539/GDĐT", "171/KH-UBND", "43/KH-UBND", "17/KH-UBND"} <= q1
    assert "51/KH-UBND" not in q1


def test_phrase_versus_words(client):
    phrase = search(client, '"bạo lực gia đình"')
    assert numbers(phrase) == ["171/KH-UBND"]
    # Reordered words are not the phrase; a long query is relaxed to "all words anywhere" and says so.
    reordered = search(client, "gia đình bạo lực")
    assert reordered["understood"]["relaxed"] is True
    assert "171/KH-UBND" in numbers(reordered)
    assert search(client, '"gia đình bạo lực"')["total"] == 0


def test_unaccented_phrase(client):
    assert "43/KH-UBND" in numbers(search(client, '"khong de ai bi bo lai phia sau"'))


def test_citation_and_words_mixed(client):
    body = search(client, "19-CT/TU chuyển đổi số")
    assert body["understood"]["refs"][0]["skeleton"] == "19 ct tu"
    assert body["understood"]["words"] == "chuyển đổi số"
    assert set(numbers(body)) <= CITING_19 and numbers(body)


def test_snippets_show_matching_passage_with_line(client):
    body = search(client, "dan van kheo")
    hit = body["hits"][0]
    assert "<mark>" in hit["snippet"]
    assert "Dân vận khéo" in hit["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert all(p["line"] >= 1 for p in hit["passages"])


def test_citation_ranking_basis_and_implements_above_mentions(client):
    body = search(client, "Nghị quyết 131/2020/QH14")
    assert numbers(body)[0] == "51/KH-UBND"  # the only plan citing it as basis
    assert body["hits"][0]["citation"]["relation"] == "basis"
    rels = [h["citation"]["relation"] for h in body["hits"]]
    assert rels[1:] == ["mentions"] * (len(rels) - 1)


def test_title_weighs_more_than_body(client):
    body = search(client, "cải cách hành chính")
    assert numbers(body)[0] == "17/KH-UBND"  # the plan whose title is about it


@pytest.mark.parametrize("params, expected", [
    ({"type": "Công văn"}, {"539/GDĐT"}),
    ({"q": "type:Công văn"}, {"539/GDĐT"}),
    ({"q": "type:cong van"}, {"539/GDĐT"}),
    ({"district": "Tân Phú"}, {"51/KH-UBND"}),
    ({"q": "district:Quận Gò Vấp"}, {"3707/KH-UBND"}),
    ({"issuer": "Phòng GD&ĐT Quận 1"}, {"539/GDĐT"}),
    ({"year": 2023}, {"43/KH-UBND"}),
    ({"signer": "Phạm Minh Mẫn"}, {"51/KH-UBND"}),
    ({"date_from": "2022-06-01", "date_to": "2022-12-31"}, {"539/GDĐT", "3707/KH-UBND"}),
    ({"q": "from:2023"}, {"43/KH-UBND"}),
    ({"cites": "84/KH-UBND"}, {"51/KH-UBND"}),
    ({"cites": "19-CT/TU", "relation": "mentions"}, CITING_19),
    ({"q": "19-CT/TU", "district": "Quận 1"}, {"171/KH-UBND", "43/KH-UBND"}),
    ({"q": "chuyển đổi số", "district": "Quận 1", "year": 2022}, {"171/KH-UBND", "17/KH-UBND"}),
])
def test_filters(client, params, expected):
    q = params.pop("q", "")
    assert set(numbers(search(client, q, **params))) == expected


def test_filter_that_matches_nothing_is_empty_not_an_error(client):
    body = search(client, "", district="Quận 4")
    assert body["total"] == 0 and body["hits"] == []


def test_facets_come_with_every_result(client):
    body = search(client, "chuyển đổi số")
    assert {"doc_type", "issuer", "district", "year", "relation"} <= set(body["facets"])
    years = {f["value"]: f["count"] for f in body["facets"]["year"]}
    assert sum(years.values()) == body["total"]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_date(client, sort):
    dates = [h["date"] for h in search(client, "chuyển đổi số", sort=sort)["hits"]]
    assert dates == sorted(dates, reverse=sort == "newest")


def test_sort_by_most_cited(client):
    hits = search(client, "", sort="cited")["hits"]
    assert hits[0]["number"] == "171/KH-UBND"  # cited by the cover letter 539/GDĐT
    assert hits[0]["cited_by_count"] >= 1


def test_same_results_through_web_page(client):
    api = numbers(search(client, "dan van kheo"))
    page = client.get("/", params={"q": "dan van kheo"}).text
    assert all(n in page for n in api)


@pytest.fixture(scope="module")
def accent_client(tmp_path_factory):
    """A tiny index of two real-looking plan lines that differ only in diacritics."""
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    root = tmp_path_factory.mktemp("accents")
    (root / "c").mkdir()
    (root / "c" / "a.txt").write_text("Số: 1/KH-UBND\n\nKẾ HOẠCH\n\nTổ chức bàn giao hồ sơ cho phường\n", "utf-8")
    (root / "c" / "b.txt").write_text("Số: 2/KH-UBND\n\nKẾ HOẠCH\n\nTổ chức ban giao lưu văn nghệ\n", "utf-8")
    # every shingle of "tăng cường kiểm tra giám sát" occurs in 4, but not the sequence
    (root / "c" / "c.txt").write_text("Số: 3/KH-UBND\n\nKẾ HOẠCH\n\nTăng cường kiểm tra giám sát\n", "utf-8")
    (root / "c" / "d.txt").write_text("Số: 4/KH-UBND\n\nKẾ HOẠCH\n\nTăng cường kiểm tra và kiểm tra\ngiám sát\n",
                                      "utf-8")
    build_index(root / "c", root / "ix", workers=1)
    with TestClient(create_app(Settings(index_dir=root / "ix"))) as c:
        yield c
    shutil.rmtree(root, ignore_errors=True)


def test_exact_diacritics_win_over_folded_matches(accent_client):
    exact = search(accent_client, "bàn giao")
    assert numbers(exact) == ["1/KH-UBND"]
    assert exact["understood"]["match"] == "exact"
    folded = search(accent_client, "ban giao")
    assert set(numbers(folded)) == {"1/KH-UBND", "2/KH-UBND"}


@pytest.mark.parametrize("q", ['"tăng cường kiểm tra giám sát"', '"tang cuong kiem tra giam sat"'])
def test_phrase_needs_the_exact_sequence_not_just_its_shingles(accent_client, q):
    assert numbers(search(accent_client, q)) == ["3/KH-UBND"]


def test_phrase_across_a_line_break(accent_client):
    assert numbers(search(accent_client, '"kiểm tra giám sát"')) == ["3/KH-UBND", "4/KH-UBND"] or \
        set(numbers(search(accent_client, '"kiểm tra giám sát"'))) == {"3/KH-UBND", "4/KH-UBND"}


@pytest.mark.parametrize("q, expected", [
    ("chi thi 19", CITING_19),  # an instrument word and a bare number
    ("Chỉ thị số 19", CITING_19),
    ("NĐ 33", {"51/KH-UBND"}),
])
def test_instrument_word_and_bare_number(client, q, expected):
    assert expected <= set(numbers(search(client, q)))


def test_named_instrument_with_a_number_is_still_found_as_words(client):
    assert "3707/KH-UBND" in numbers(search(client, "Đề án 06"))


def test_a_passage_shows_the_word_as_typed_when_the_document_has_it():
    """``thuế`` typed with its marks: the passage is the line where ``thuế`` is written, not an
    earlier ``thuê`` that only matches folded; a word typed without marks still finds both."""
    from indexer.models import Document
    from search_api.snippets import text_passages

    doc = Document(id="x-1", file="x.txt", line_start=1, line_end=3,
                   text="Bản sao hợp đồng thuê nhà làm trụ sở.\nMục khác.\nThực hiện nghĩa vụ thuế theo quy định.")
    (p,) = text_passages(doc, [["thuế"]], 1, 260)
    assert p["line"] == 3 and "<mark>thuế</mark>" in p["html"]
    assert {q["line"] for q in text_passages(doc, [["thue"]], 3, 260)} == {1, 3}
    (only,) = text_passages(Document(id="y-1", file="y.txt", line_start=1, line_end=1,
                                     text="Bản sao hợp đồng thuê nhà."), [["thuế"]], 1, 260)
    assert "<mark>thuê</mark>" in only["html"]  # no «thuế» in it: the folded match is shown
