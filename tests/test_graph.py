"""Citation graph on the seed corpus: built from the gold annotations, and from the real pipeline.

Every graph fact asserted here comes from ``tests/gold/seeds.json`` (REVIEW.md §6: who cites
19-CT/TU and 23-CT/TU; the 16 instrument relations). The ``cg`` fixture runs each test twice:
over a graph built from the gold documents, and over the graph that a real
``pipeline.index.build_index`` of ``corpus/`` saved beside the index (conftest's session index).
"""
from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pytest
from graph_fixtures import gold, gold_documents

from graph import (
    Ambiguous,
    BadParameter,
    NotFound,
    build_graph,
    chain,
    cited_by,
    cites,
    coverage,
    export,
    instrument_detail,
    load_graph,
    missing,
    most_cited,
    neighbourhood,
    paths,
    resolve,
    save_graph,
    status,
)
from graph.coverage import STATE_NONE, STATE_PLAN, STATE_TASKS
from indexer.models import Citation, Document, InstrumentKey, Mention, Relation
from indexer.places import HCMC_DISTRICTS

PLANS_CITING_19 = {"171/KH-UBND", "43/KH-UBND", "51/KH-UBND", "3707/KH-UBND"}


@pytest.fixture(scope="module")
def gold_graph():
    return build_graph(gold_documents())


@pytest.fixture(scope="module", params=["gold", "pipeline"])
def cg(request, gold_graph):
    if request.param == "gold":
        return gold_graph
    return load_graph(request.getfixturevalue("index_dir"))


CITY_84 = "84/KH-UBND|UBND TP.HCM|2022"


def require_city_issuer_of_84(cg) -> None:
    """Known extractor gap: until it reads «của Ủy ban nhân dân Thành phố tổ chức thực hiện …»
    (003:24) as UBND TP.HCM, identity-level checks of 84/KH-UBND are expected to fail there."""
    if CITY_84 not in cg:
        found = [n for n in cg.instruments if n.startswith("84/KH-UBND|")]
        pytest.xfail(f"extractor gives 84/KH-UBND the identity {found}, gold says {CITY_84!r}")


def gold_relation(doc_number: str, ref: str) -> str:
    doc = next(d for d in gold()["documents"] if d["number"] == doc_number)
    return next(c["relation"] for c in doc["citations"] if c["number"] == ref)


def doc_node(cg, number: str) -> str:
    (node,) = cg.docs_numbered(number)
    return node


# -- cited-by ------------------------------------------------------------------------------------

def test_cited_by_19_ct_tu_is_exactly_the_four_plans_with_their_relations(cg):
    res = cited_by(cg, "19-CT/TU")
    got = {i["number"]: i["relation"] for i in res["items"]}
    assert set(got) == PLANS_CITING_19
    assert got == {n: gold_relation(n, "19-CT/TU") for n in PLANS_CITING_19}
    assert res["total"] == 4
    for item in res["items"]:
        assert item["sentence"] and "19" in item["sentence"]
        assert item["line"] in next(c["lines"] for d in gold()["documents"] if d["number"] == item["number"]
                                    for c in d["citations"] if c["number"] == "19-CT/TU")


@pytest.mark.parametrize("query", ["19-CT/TU", "Chỉ thị 19/CT-TU", "CT 19/TU", "chi thi 19 ct tu"])
def test_cited_by_accepts_loose_forms(cg, query):
    assert {i["number"] for i in cited_by(cg, query)["items"]} == PLANS_CITING_19


def test_cited_by_filters_by_district_and_relation(cg):
    q1 = cited_by(cg, "19-CT/TU", district="Quận 1")
    assert {i["number"] for i in q1["items"]} == {"171/KH-UBND", "43/KH-UBND"}
    assert {i["number"] for i in cited_by(cg, "19-CT/TU", district="Tân Phú")["items"]} == {"51/KH-UBND"}
    assert cited_by(cg, "19-CT/TU", relation="basis")["total"] == 0
    assert cited_by(cg, "131/2020/QH14", relation="basis")["items"][0]["number"] == "51/KH-UBND"
    with pytest.raises(BadParameter, match="Quan hệ"):
        cited_by(cg, "19-CT/TU", relation="cites")
    with pytest.raises(BadParameter, match="Quận/huyện"):
        cited_by(cg, "19-CT/TU", district="Quận 99")


def test_cited_by_includes_instruments_stating_a_relation(cg):
    res = cited_by(cg, "23-CT/TU", relation="implements")
    assert [i["id"] for i in res["items"]] == ["264-KL/TU"]
    assert res["items"][0]["edge_kind"] == "states"


def test_document_is_the_instrument_it_cites_as(cg):
    node = doc_node(cg, "171/KH-UBND")
    inst = cg.node(node)["instrument"]
    assert inst.startswith("171/KH-UBND|")
    assert cg.node(inst)["missing"] is False and cg.node(inst)["documents"] == [node]
    # 539/GDĐT's "Căn cứ Kế hoạch số 171/KH-UBND" is a citation of that document.
    assert [(i["number"], i["relation"]) for i in cited_by(cg, node)["items"]] == [("539/GDĐT", "basis")]


def test_cites_of_a_document(cg):
    res = cites(cg, doc_node(cg, "51/KH-UBND"), relation="implements")
    refs = {i["ref"] for i in res["items"]}
    assert {"84/KH-UBND", "11-TT/QU"} <= refs


# -- chains and paths ----------------------------------------------------------------------------

def test_chain_from_171_reaches_23_ct_tu_through_264_kl_tu(cg):
    rel = next(r for r in gold()["instrument_relations"] if r["source"] == "264-KL/TU")
    assert rel["target"] == "23-CT/TU"
    tree = chain(cg, "171/KH-UBND", direction="out", depth=2)["tree"]
    kl = next(c for c in tree["children"] if c["node"]["id"] == "264-KL/TU")
    assert kl["relation"] == gold_relation("171/KH-UBND", "264-KL/TU")
    ct = next(c for c in kl["children"] if c["node"]["id"] == "23-CT/TU")
    assert ct["relation"] == rel["relation"] == "implements"
    assert ct["line"] == rel["line"]


def test_chain_depth_one_stops(cg):
    tree = chain(cg, "171/KH-UBND", depth=1)["tree"]
    assert all(c["children"] == [] for c in tree["children"])


def test_chain_inward_from_23_ct_tu(cg):
    tree = chain(cg, "23-CT/TU", direction="in", depth=1)["tree"]
    ids = {c["node"].get("number") or c["node"]["id"] for c in tree["children"]}
    assert PLANS_CITING_19 | {"264-KL/TU"} <= ids


def test_chain_rejects_bad_parameters(cg):
    with pytest.raises(BadParameter, match="Hướng"):
        chain(cg, "19-CT/TU", direction="up")
    with pytest.raises(BadParameter, match="Độ sâu"):
        chain(cg, "19-CT/TU", depth=0)


def test_paths(cg):
    direct = paths(cg, "171/KH-UBND", "23-CT/TU")
    assert direct["mode"] == "out" and direct["length"] == 1
    two = paths(cg, "539/GDĐT", "19-CT/TU")
    assert two["mode"] == "out" and two["length"] == 2
    assert two["paths"][0][1]["node"]["ref"] == "171/KH-UBND"
    back = paths(cg, "23-CT/TU", "264-KL/TU")
    assert back["mode"] == "in" and back["length"] == 1
    assert paths(cg, "847/QĐ-UBND", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")["length"] == 2


# -- coverage ------------------------------------------------------------------------------------

def rows(table: dict) -> dict[str, dict]:
    return {r["district"]: r for r in table["districts"]}


def test_coverage_of_84_kh_ubnd_shows_tan_phu_implementing_it(cg):
    table = coverage(cg, "84/KH-UBND")
    tp = rows(table)["Quận Tân Phú"]
    assert tp["state"] == STATE_PLAN
    assert [p["number"] for p in tp["plans"]] == ["51/KH-UBND"]
    assert tp["plans"][0]["relation"] in ("implements", "basis")
    assert tp["first_date"] == "2022-03-01"
    assert tp["lag_days"] == (date(2022, 3, 1) - date(2022, 1, 11)).days
    assert table["summary"]["with_plan"] == 1
    assert all(r["state"] == STATE_NONE for d, r in rows(table).items() if d != "Quận Tân Phú")
    require_city_issuer_of_84(cg)
    assert table["id"] == CITY_84 and table["node"]["issuer"] == "UBND TP.HCM"


def test_coverage_of_19_ct_tu_task_tier(cg):
    table = coverage(cg, "19-CT/TU")
    r = rows(table)
    assert list(r) == list(HCMC_DISTRICTS)
    task_tier = {d for d, row in r.items() if row["state"] == STATE_TASKS}
    assert task_tier == {"Quận 1", "Quận Tân Phú", "Quận Gò Vấp"}
    assert {p["number"] for p in r["Quận 1"]["tasks"]} == {"171/KH-UBND", "43/KH-UBND"}
    assert all(row["state"] == STATE_NONE and not row["plans"] and not row["tasks"]
               for d, row in r.items() if d not in task_tier)
    s = table["summary"]
    assert (s["with_plan"], s["tasks_only"], s["none"], s["total"]) == (0, 3, 19, 22)
    assert "Huyện Nhà Bè" in s["none_districts"] and "Thành phố Thủ Đức" in s["none_districts"]
    # Tier-2 row: first date and lag from the directive's stated date (19/10/2018).
    assert r["Quận 1"]["first_date"] == "2022-05-30"
    assert r["Quận 1"]["lag_days"] == (date(2022, 5, 30) - date(2018, 10, 19)).days


def test_coverage_with_a_configured_district_set(cg):
    table = coverage(cg, "19-CT/TU", districts=["Gò Vấp", "Quận 4"])
    assert [(r["district"], r["state"]) for r in table["districts"]] == [
        ("Quận Gò Vấp", STATE_TASKS), ("Quận 4", STATE_NONE)]
    assert {r["district"] for r in table["outside"]} == {"Quận 1", "Quận Tân Phú"}


def test_coverage_indirect_through_a_city_plan():
    """A district plan implementing a city plan that implements a city decision is tier 1, indirect."""
    city = Document(id="city", file="city.txt", line_start=1, line_end=9, text="", number="84/KH-UBND",
                    doc_type="Kế hoạch", issuer="UBND TP.HCM", date="2022-01-11",
                    citations=(_cit("1234/QĐ-UBND", "UBND TP.HCM", 2021, Relation.IMPLEMENTS, "2021-12-01"),))
    district = Document(id="q4", file="q4.txt", line_start=1, line_end=9, text="", number="12/KH-UBND",
                        doc_type="Kế hoạch", issuer="UBND Quận 4", district="Quận 4", date="2022-02-01",
                        citations=(_cit("84/KH-UBND", "UBND TP.HCM", 2022, Relation.IMPLEMENTS),))
    g = build_graph([city, district])
    r = rows(coverage(g, "1234/QĐ-UBND"))["Quận 4"]
    assert r["state"] == STATE_PLAN and r["plans"] == []
    assert [(p["number"], p["via"]["ref"]) for p in r["indirect"]] == [("12/KH-UBND", "84/KH-UBND")]
    assert r["lag_days"] == (date(2022, 2, 1) - date(2021, 12, 1)).days


def _cit(ref, issuer, year, relation, date_=None, flags=()):
    return Citation(key=InstrumentKey(ref, issuer=issuer, year=year), doc_type="Kế hoạch", relation=relation,
                    mentions=(Mention(text=ref, line=3),), date=date_, sentence=f"Thực hiện {ref}",
                    flags=frozenset(flags))


# -- status, most cited, missing, detail -----------------------------------------------------------

def test_status_amended_with_sentence(cg):
    st = status(cg, "108/2014/NĐ-CP")
    assert st["state"] == "amended"
    assert {b["id"] for b in st["by"]} == {"143/2020/NĐ-CP", "113/2018/NĐ-CP"}
    assert all(b["sentence"] for b in st["by"]) and st["label"].startswith("Theo kho:")
    assert status(cg, "19-CT/TU")["state"] == "unknown"
    assert [g["id"] for g in status(cg, "61/2018/NĐ-CP")["guided_by"]] == ["01/2018/TT-VPCP"]


def test_most_cited_overall_and_per_district(cg):
    top = most_cited(cg, limit=3)["items"]
    assert {i["id"] for i in top[:2]} == {"19-CT/TU", "23-CT/TU"} and top[0]["count"] == 4
    q1 = {i["id"]: i["count"] for i in most_cited(cg, district="Quận 1", limit=50)["items"]}
    assert q1["19-CT/TU"] == 2


def test_missing_lists_cited_instruments_without_text(cg):
    ids = {i["id"] for i in missing(cg, limit=1000)["items"]}
    assert "19-CT/TU" in ids and any(i.startswith("84/KH-UBND|") for i in ids)
    assert not any(i.startswith("171/KH-UBND|") for i in ids)


def test_instrument_detail(cg):
    d = instrument_detail(cg, "171/KH-UBND")
    assert d["missing_label"] is None and [x["number"] for x in d["documents"]] == ["171/KH-UBND"]
    d = instrument_detail(cg, "19-CT/TU")
    assert d["missing_label"] == "Chưa có toàn văn trong kho"
    assert d["cited_by_count"] == 4 and d["variants_label"].startswith("Các cách viết đã gặp: 19-CT/TU")


def test_surface_variants_mark_corrected_spellings(gold_graph):
    v = {x["text"]: x for x in instrument_detail(gold_graph, "23-CT/TU")["variants"]}
    assert "typo_fixed" in v["23-CT/QU"]["flags"] and v["23-CT/TU"]["flags"] == []


# -- resolve ----------------------------------------------------------------------------------------

RESOLVE_CASES = [
    # Party directive, every spelling people type
    ("19-CT/TU", "found", ["19-CT/TU"]),
    ("Chỉ thị 19/CT-TU", "found", ["19-CT/TU"]),
    ("CT 19/TU", "found", ["19-CT/TU"]),
    ("chi thi 19 ct tu", "found", ["19-CT/TU"]),
    # short decree forms meet the full number
    ("NĐ 33", "found", ["33/2021/NĐ-CP"]),
    ("Nghị định 33/NĐ-CP", "found", ["33/2021/NĐ-CP"]),
    ("nghi dinh 33/2021/ND-CP", "found", ["33/2021/NĐ-CP"]),
    # two decrees numbered 108 (2014 and 2020): ambiguous without the year
    ("NĐ 108", "ambiguous", ["108/2014/NĐ-CP", "108/2020/NĐ-CP"]),
    ("Nghị định 108/2014/NĐ-CP", "found", ["108/2014/NĐ-CP"]),
    # a type word that contradicts the instrument's type finds nothing
    ("Nghị định 19-CT/TU", "not_found", []),
    # administrative number with issuer and year in its id
    ("Kế hoạch 84/KH-UBND", "found", ["84/KH-UBND|UBND TP.HCM|2022"]),
    # the misprinted own number of 3707/KH-UBND (appendix header)
    ("Kế hoạch 3107/KH-UBND", "found", ["3707/KH-UBND|UBND Quận Gò Vấp|2022"]),
    # laws cited by name
    ("Luật Công đoàn", "found", ["Luật Công đoàn"]),
    ("Quyết định 9999/QĐ-UBND", "not_found", []),
    ("", "not_found", []),
]


@pytest.mark.parametrize("text, status_, ids", RESOLVE_CASES)
def test_resolve(cg, text, status_, ids):
    if CITY_84 in ids:
        require_city_issuer_of_84(cg)
    ans = resolve(cg, text)
    assert ans["status"] == status_, ans
    assert sorted(c["id"] for c in ans["candidates"]) == sorted(ids)
    if status_ == "not_found":
        assert ans["message"].startswith("Không tìm thấy")


def test_resolve_ambiguous_administrative_number_and_district_narrowing(gold_graph):
    other = Document(id="tp171", file="x.txt", line_start=1, line_end=5, text="", number="171/KH-UBND",
                     doc_type="Kế hoạch", issuer="UBND Quận Tân Phú", district="Quận Tân Phú", date="2022-06-01")
    g = build_graph(gold_documents() + [other])
    ans = resolve(g, "171/KH-UBND")
    assert ans["status"] == "ambiguous"
    assert {c["district"] for c in ans["candidates"]} == {"Quận 1", "Quận Tân Phú"}
    assert resolve(g, "Kế hoạch 171/KH-UBND của UBND Quận Tân Phú")["candidates"][0]["id"] == \
        "171/KH-UBND|UBND Quận Tân Phú|2022"
    with pytest.raises(Ambiguous) as e:
        cited_by(g, "171/KH-UBND")
    assert len(e.value.candidates) == 2
    with pytest.raises(NotFound, match="Không tìm thấy"):
        cited_by(g, "Quyết định 9999/QĐ-UBND")


# -- export, save/load ---------------------------------------------------------------------------

def test_graphml_round_trip_keeps_node_and_edge_counts(cg, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(export(cg, "graphml"), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == len(cg.ids)
    assert back.number_of_edges() == cg.edge_count
    assert back.nodes["19-CT/TU"]["missing"] is True
    assert json.loads(back.nodes["23-CT/TU"]["variants"])


def test_graphml_neighbourhood_round_trip(cg):
    node = doc_node(cg, "171/KH-UBND")
    sub = neighbourhood(cg, node, depth=1)
    back = nx.read_graphml(io.BytesIO(export(cg, "graphml", node=node).encode()), force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (sub.number_of_nodes(), sub.number_of_edges())
    assert "19-CT/TU" in back and cg.node(node)["instrument"] in back


def test_json_and_csv_exports(cg):
    data = json.loads(export(cg, "json"))
    g2 = nx.node_link_graph(data, edges="edges")
    assert g2.number_of_edges() == cg.edge_count
    lines = export(cg, "csv").strip().split("\n")
    assert lines[0].startswith("source,target,relation") and len(lines) >= cg.edge_count + 1
    with pytest.raises(BadParameter, match="Định dạng"):
        export(cg, "xml")


def test_save_and_load_round_trip(gold_graph, tmp_path):
    save_graph(gold_graph, tmp_path)
    back = load_graph(tmp_path)
    assert back.edge_count == gold_graph.edge_count == gold_graph.g.number_of_edges()
    assert back.g is None  # a loaded graph keeps edges as arrays, attributes in the store
    assert sorted(r[:4] for r in back.edge_recs()) == sorted(r[:4] for r in gold_graph.edge_recs())
    assert coverage(back, "19-CT/TU")["summary"] == coverage(gold_graph, "19-CT/TU")["summary"]
    with pytest.raises(FileNotFoundError):
        load_graph(tmp_path / "nowhere")


def test_chain_caps_the_tree(cg):
    res = chain(cg, "23-CT/TU", direction="in", depth=2, max_nodes=3)
    assert res["nodes"] == 3 and res["truncated"] is True
    assert res["tree"]["more"] == len(cg.in_recs("23-CT/TU")) - 2


def test_spellings_say_a_typo_was_corrected_in_plain_words(index_dir):
    """Issue 14 item 9: "đã tự sửa" was jargon; the label says what happened, as the pages do."""
    from graph.queries import instrument_detail

    label = instrument_detail(load_graph(index_dir), "23-CT/TU")["variants_label"]
    assert "23-CT/QU (1, đã sửa lỗi đánh máy)" in label and "tự sửa" not in label
