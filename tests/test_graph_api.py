"""Graph endpoints over HTTP (FastAPI TestClient): statuses, JSON shapes, Vietnamese errors.

Two apps: the real ``create_app`` over an index built from ``corpus/`` by the real pipeline
(conftest's session client), and a minimal FastAPI app that includes the graph router over the
gold-built graph, so the routes are also tested independently of what the extractor does.
"""
from __future__ import annotations

import io
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from graph_fixtures import gold_documents

from graph import build_graph
from search_api.routes.graph import router

PLANS_CITING_19 = {"171/KH-UBND", "43/KH-UBND", "51/KH-UBND", "3707/KH-UBND"}


@pytest.fixture(scope="module", params=["gold", "real"])
def api(request):
    if request.param == "gold":
        app = FastAPI()
        app.include_router(router)
        app.state.graph = build_graph(gold_documents())
        with TestClient(app) as c:
            yield c
        return
    client = request.getfixturevalue("client")
    if client.app.state.graph is None:
        pytest.fail("create_app loaded no graph from the index")
    yield client


def message(resp) -> str:
    """The error message, in create_app's shape ({"error": {"message"}}) or FastAPI's ({"detail"})."""
    body = resp.json()
    if "error" in body:
        return body["error"]["message"]
    d = body["detail"]
    return d["message"] if isinstance(d, dict) else str(d)


def candidates(resp) -> list[dict]:
    body = resp.json()
    return body["error"]["candidates"] if "error" in body else body["detail"]["candidates"]


def test_cited_by_19_ct_tu(api):
    r = api.get("/api/instruments/19-CT/TU/cited-by")
    assert r.status_code == 200, r.text
    body = r.json()
    assert {i["number"] for i in body["items"]} == PLANS_CITING_19
    assert all(i["sentence"] and i["line"] for i in body["items"])
    r = api.get("/api/instruments/19-CT/TU/cited-by", params={"district": "Quận 1"})
    assert {i["number"] for i in r.json()["items"]} == {"171/KH-UBND", "43/KH-UBND"}


@pytest.mark.parametrize("typed", ["Chỉ thị 19/CT-TU", "CT 19/TU", "19 ct tu"])
def test_instrument_accepts_loose_key(api, typed):
    r = api.get(f"/api/instruments/{quote(typed)}/cited-by")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == "19-CT/TU"


def test_instrument_detail_with_pipe_key(api):
    graph = api.app.state.graph
    if "84/KH-UBND|UBND TP.HCM|2022" not in graph:
        pytest.xfail("extractor does not give 84/KH-UBND the gold issuer UBND TP.HCM yet (003:24)")
    r = api.get("/api/instruments/" + quote("84/KH-UBND|UBND TP.HCM|2022"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "84/KH-UBND|UBND TP.HCM|2022"
    assert body["missing_label"] == "Chưa có toàn văn trong kho"
    assert body["status"]["label"] == "Kho chưa ghi nhận văn bản sửa đổi, thay thế"


def test_instrument_not_found_and_ambiguous(api):
    r = api.get("/api/instruments/" + quote("Quyết định 9999/QĐ-UBND"))
    assert r.status_code == 404
    assert message(r).startswith("Không tìm thấy văn bản «Quyết định 9999/QĐ-UBND»")
    r = api.get("/api/instruments/" + quote("NĐ 108") + "/cited-by")
    assert r.status_code == 409
    assert "nhiều văn bản" in message(r)
    assert {c["id"] for c in candidates(r)} == {"108/2014/NĐ-CP", "108/2020/NĐ-CP"}


def test_coverage_endpoints(api):
    r = api.get("/api/instruments/19-CT/TU/coverage")
    assert r.status_code == 200, r.text
    rows = {row["district"]: row["state"] for row in r.json()["districts"]}
    assert {d for d, s in rows.items() if s == "Có nhiệm vụ trong văn bản khác"} == {
        "Quận 1", "Quận Tân Phú", "Quận Gò Vấp"}
    r = api.get("/api/instruments/" + quote("Kế hoạch 84/KH-UBND") + "/coverage")
    tp = next(row for row in r.json()["districts"] if row["district"] == "Quận Tân Phú")
    assert tp["state"] == "Đã có kế hoạch" and tp["lag_days"] == 49
    r = api.get("/api/instruments/19-CT/TU/coverage", params={"districts": "Gò Vấp,Quận 4"})
    assert [row["district"] for row in r.json()["districts"]] == ["Quận Gò Vấp", "Quận 4"]
    r = api.get("/api/instruments/19-CT/TU/coverage", params={"format": "csv"})
    assert r.status_code == 200 and r.text.startswith("\ufeffQuận/huyện,Tình trạng")


def test_document_cites(api):
    r = api.get("/api/resolve", params={"q": "51/KH-UBND"})
    doc_id = r.json()["candidates"][0]["documents"][0]
    r = api.get(f"/api/documents/{quote(doc_id)}/cites", params={"relation": "implements"})
    assert r.status_code == 200, r.text
    assert {"84/KH-UBND", "11-TT/QU"} <= {i["ref"] for i in r.json()["items"]}


def test_chain_and_path(api):
    r = api.get("/api/graph/chain", params={"id": "171/KH-UBND", "direction": "out", "depth": 2})
    assert r.status_code == 200, r.text
    kl = next(c for c in r.json()["tree"]["children"] if c["node"]["id"] == "264-KL/TU")
    assert any(c["node"]["id"] == "23-CT/TU" and c["relation"] == "implements" for c in kl["children"])
    r = api.get("/api/graph/path", params={"source": "539/GDĐT", "target": "19-CT/TU"})
    assert r.status_code == 200 and r.json()["length"] == 2


def test_overview_lists(api):
    r = api.get("/api/graph/most-cited", params={"limit": 2})
    assert {i["id"] for i in r.json()["items"]} == {"19-CT/TU", "23-CT/TU"}
    r = api.get("/api/graph/most-cited", params={"district": "Tân Phú"})
    assert r.status_code == 200 and r.json()["district"] == "Quận Tân Phú"
    r = api.get("/api/graph/missing")
    assert r.status_code == 200 and r.json()["total"] > 0


def test_resolve_endpoint(api):
    body = api.get("/api/resolve", params={"q": "NĐ 33"}).json()
    assert body["status"] == "found" and body["candidates"][0]["id"] == "33/2021/NĐ-CP"
    assert api.get("/api/resolve", params={"q": "NĐ 108"}).json()["status"] == "ambiguous"
    assert api.get("/api/resolve", params={"q": "99999/XYZ"}).json()["status"] == "not_found"


def test_export_graphml_round_trip(api):
    r = api.get("/api/graph/export", params={"format": "graphml"})
    assert r.status_code == 200 and "graphml" in r.headers["content-type"]
    g = nx.read_graphml(io.BytesIO(r.content), force_multigraph=True)
    json_body = api.get("/api/graph/export", params={"format": "json"}).json()
    assert g.number_of_nodes() == len(json_body["nodes"])
    assert g.number_of_edges() == len(json_body["edges"])
    r = api.get("/api/graph/export", params={"format": "csv", "id": "33/2021/NĐ-CP", "depth": 1})
    assert r.status_code == 200 and r.text.startswith("\ufeffsource,target,relation")  # BOM: Excel


@pytest.mark.parametrize("url, params, status, words", [
    ("/api/graph/chain", {"id": "19-CT/TU", "direction": "up"}, 422, "Hướng"),
    ("/api/graph/chain", {"id": "19-CT/TU", "depth": 9}, 422, "Độ sâu"),
    ("/api/graph/chain", {"id": "19-CT/TU", "depth": "abc"}, 422, ""),
    ("/api/instruments/19-CT/TU/cited-by", {"relation": "cites"}, 422, "Quan hệ"),
    ("/api/instruments/19-CT/TU/cited-by", {"district": "Quận 99"}, 422, "Quận/huyện"),
    ("/api/graph/export", {"format": "xml"}, 422, "Định dạng"),
    ("/api/graph/path", {"source": "19-CT/TU", "target": "không có gì"}, 404, "Không tìm thấy"),
    ("/api/instruments/19-CT/TU/coverage", {"format": "pdf"}, 422, "Định dạng"),
])
def test_bad_parameters_are_4xx_with_vietnamese_message(api, url, params, status, words):
    r = api.get(url, params=params)
    assert r.status_code == status, r.text
    assert words in message(r)


def test_no_graph_is_503():
    app = FastAPI()
    app.include_router(router)
    app.state.graph = None
    with TestClient(app) as c:
        r = c.get("/api/graph/missing")
    assert r.status_code == 503 and "Chưa có đồ thị" in r.json()["detail"]


# -- CLI: `vanban graph …` ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph_index(tmp_path_factory):
    from graph import save_graph

    out = tmp_path_factory.mktemp("graph-index")
    save_graph(build_graph(gold_documents()), out)
    return out


def run_cli(*args):
    from typer.testing import CliRunner

    from search_api.cli_graph import graph_app

    return CliRunner().invoke(graph_app, [str(a) for a in args])


def test_cli_cited_by_json_equals_api(graph_index, api):
    r = run_cli("cited-by", "19-CT/TU", "--index-dir", graph_index, "--json")
    assert r.exit_code == 0, r.output
    import json

    body = json.loads(r.output)
    assert {i["number"] for i in body["items"]} == PLANS_CITING_19
    if api.app.state.graph is not None and "error" not in api.get("/api/graph/missing").json():
        assert body["total"] == api.get("/api/instruments/19-CT/TU/cited-by").json()["total"]


@pytest.mark.parametrize("args, expect", [
    (["coverage", "19-CT/TU"], "0/22 quận, huyện đã có kế hoạch thực hiện · 3 có nhiệm vụ"),
    (["chain", "171/KH-UBND", "--depth", "2"], "thực hiện → Chỉ thị số 23-CT/TU"),
    (["resolve", "NĐ 33"], "Tìm thấy"),
    (["status", "108/2014/NĐ-CP"], "Theo kho: được sửa đổi, bổ sung bởi"),
    (["show", "23-CT/TU"], "Các cách viết đã gặp"),
    (["path", "539/GDĐT", "19-CT/TU"], "Chỉ thị số 19-CT/TU"),
    (["most-cited", "--limit", "2"], "19-CT/TU"),
    (["missing", "--limit", "3"], "chưa có trong kho"),
    (["export", "--format", "csv", "--id", "19-CT/TU"], "source,target,relation"),
])
def test_cli_commands(graph_index, args, expect):
    r = run_cli(*args, "--index-dir", graph_index)
    assert r.exit_code == 0, r.output
    assert expect in r.output


def test_cli_errors_exit_1_without_traceback(graph_index, tmp_path):
    r = run_cli("cited-by", "NĐ 108", "--index-dir", graph_index)
    assert r.exit_code == 1 and "nhiều văn bản" in r.output and "Traceback" not in r.output
    r = run_cli("chain", "19-CT/TU", "--direction", "up", "--index-dir", graph_index)
    assert r.exit_code == 1 and "Hướng" in r.output
    r = run_cli("missing", "--index-dir", tmp_path / "none")
    assert r.exit_code == 1 and "Chưa có đồ thị trích dẫn" in r.output


def test_coverage_matrix_json_twin_matches_the_overview(client):
    """The overview's matrix has a JSON twin: the same instruments, districts and states."""
    m = client.get("/api/graph/coverage-matrix").json()
    assert m["rows"] and len(m["columns"]) == len(m["rows"][0]["cells"])
    page_csv = client.get("/tong-quan/ma-tran.csv").text
    api_csv = client.get("/api/graph/coverage-matrix", params={"format": "csv"}).text
    assert page_csv == api_csv
    lines = api_csv.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 1 + len(m["rows"]) and all(r["id"] in api_csv for r in m["rows"])
    for r in m["rows"]:
        assert all(state in ("Đã có kế hoạch", "Có nhiệm vụ trong văn bản khác", "Chưa có") for _, state in r["cells"])
    assert client.get("/api/graph/coverage-matrix", params={"limit": 0}).status_code == 422
