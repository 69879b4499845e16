"""Every JSON response has a documented shape (issue 11): ``/openapi.json`` names a model for each
operation's answer, and every answer the seed corpus gives — the 300-odd recorded in
``fixtures/seed_responses.json``, across search, documents and every graph view — fits its model
with no key left undocumented."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from pydantic import BaseModel, ValidationError

from search_api import schemas as S
from search_api import schemas_graph as G

FIXTURE = Path(__file__).parent / "fixtures" / "seed_responses.json"

# The model of each JSON route, by the first path segments that tell them apart.
ROUTES: list[tuple[str, str, type[BaseModel]]] = [
    ("/api/instruments/", "/cited-by", G.CitedBy),
    ("/api/instruments/", "/coverage", G.Coverage),
    ("/api/instruments/", "", G.InstrumentOut),
    ("/api/documents/", "/cites", G.Cites),
    ("/api/documents/", "", S.DocumentOut),
    ("/api/graph/chain", "", G.Chain),
    ("/api/graph/coverage-matrix", "", G.CoverageMatrix),
    ("/api/graph/path", "", G.GraphPath),
    ("/api/graph/most-cited", "", G.MostCited),
    ("/api/graph/missing", "", G.Missing),
    ("/api/graph/export", "", G.GraphExport),
    ("/api/resolve", "", G.Resolved),
    ("/api/search", "", S.SearchResponse),
    ("/api/documents", "", S.DocumentList),
    ("/healthz", "", S.Health),
]


def model_of(url: str, status: int) -> type[BaseModel] | None:
    if status >= 400:
        return S.Error
    path = unquote(url.split("?")[0])
    if path.endswith(".csv") or "format=csv" in url or "format=graphml" in url:
        return None
    for prefix, suffix, model in ROUTES:
        if path.startswith(prefix) and path.endswith(suffix):
            return model
    raise AssertionError(f"no model for {url}")


def recorded() -> list[tuple[str, dict]]:
    return sorted(json.loads(FIXTURE.read_text("utf-8")).items())


def test_every_json_operation_documents_its_answer(client):
    spec = client.get("/openapi.json").json()
    missing = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = op["responses"]["200"].get("content", {})
            json_schema = ok.get("application/json", {}).get("schema", {})
            if path.startswith(("/api", "/healthz")) and not path.endswith(".csv") and "$ref" not in json_schema:
                missing.append(f"{method.upper()} {path}")
            if path.startswith("/api") and "$ref" not in op["responses"].get("422", {}).get(
                    "content", {}).get("application/json", {}).get("schema", {}):
                missing.append(f"{method.upper()} {path} 422")
    assert not missing, missing


def test_every_recorded_answer_fits_its_model():
    bad, checked = [], 0
    for url, answer in recorded():
        model = model_of(url, answer["status"])
        if model is None:
            continue
        try:
            model.model_validate(answer["body"], strict=False)
        except ValidationError as e:
            bad.append(f"{url}: {str(e)[:600]}")
        checked += 1
    assert checked > 200
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("url", [
    "/api/graph/path?source=000_72a511fd5a08e8a6-1&target=19-CT/TU",
    "/api/graph/path?source=19-CT/TU&target=23-CT/TU",
    "/api/resolve?q=CT 19/TU", "/api/resolve?q=zzz", "/api/resolve?q=171/KH-UBND",
    "/api/documents?size=3", "/healthz", "/api/graph/most-cited?kind=dang",
    "/api/instruments/zzz", "/api/search?q=19-CT/TU&relation=foo", "/api/graph/export?id=Hồ", "/api/documents?size=0",
    "/api/search?q=chuyen+doi+so&size=2&page=2", "/api/documents/000_72a511fd5a08e8a6-1?text=false",
    "/api/graph/chain?id=19-CT/TU&direction=in&max_children=1", "/api/graph/coverage-matrix?limit=3", "/api/search?q=%22k%E1%BA%BF+ho%E1%BA%A1ch%22",
])
def test_live_answers_fit_their_model(client, url):
    r = client.get(url)
    model = model_of(url, r.status_code)
    assert model is not None
    model.model_validate(r.json())


def test_a_key_missing_from_a_model_is_caught():
    """The models forbid unknown keys: the test above cannot pass by ignoring them."""
    with pytest.raises(ValidationError):
        S.Health.model_validate({"status": "ok", "documents": 1, "files": 1, "citations": 1,
                                 "unreadable_files": 0, "built_at": None, "graph": True, "extra": 1})


def test_json_search_csv_export_and_web_page_take_the_same_filters(client):
    """One declaration of the search parameters (search_api/params.py): the CSV export takes every
    filter of the JSON search, and the web page applies them too (it once dropped four)."""
    spec = client.get("/openapi.json").json()["paths"]
    names = {p: {x["name"] for x in spec[p]["get"]["parameters"]} for p in ("/api/search", "/api/search.csv")}
    assert names["/api/search"] - {"page", "size"} == names["/api/search.csv"]
    asked = {"q": "kế hoạch", "signer": "Lê Đức Thanh"}
    api = client.get("/api/search", params=asked).json()
    every = client.get("/api/search", params={"q": "kế hoạch"}).json()
    assert 0 < api["total"] < every["total"]
    assert f"Tìm thấy <strong>{api['total']}</strong> văn bản" in client.get("/", params=asked).text
    rows = client.get("/api/search.csv", params=asked).text.strip().splitlines()
    assert len(rows) == 1 + api["total"]
