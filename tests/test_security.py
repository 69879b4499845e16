"""Nothing outside the corpus reaches a user through the HTTP edge (issue #9): no route reads a file
by a path it was given, ids and keys that look like paths are just unknown ids, headers leak nothing."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROUTES = Path(__file__).resolve().parent.parent / "search_api" / "routes"
FILE_CALLS = {"open", "read_text", "read_bytes", "FileResponse", "StaticFiles", "listdir", "scandir", "iterdir"}


def test_routes_do_no_file_io():
    found = []
    for path in ROUTES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in FILE_CALLS:
                    found.append(f"{path.name}:{node.lineno} {name}")
    assert not found


def test_an_original_file_is_served_only_from_inside_the_corpus(tmp_path):
    """The one file the edge serves ("Tải về") is a document's own file, confined to the corpus."""
    from indexer.models import Document
    from search_api.originals import source_file

    corpus = tmp_path / "corpus"
    (corpus / "quan-1").mkdir(parents=True)
    (corpus / "quan-1" / "kh.txt").write_text("KẾ HOẠCH", "utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0", "utf-8")
    (corpus / "link.txt").symlink_to(tmp_path / "secret.txt")

    def doc(file: str) -> Document:
        return Document(id="x", file=file, line_start=1, line_end=1, text="")

    assert source_file(corpus, doc("quan-1/kh.txt")) == (corpus / "quan-1" / "kh.txt").resolve()
    for bad in ("../secret.txt", "/etc/passwd", "link.txt", "quan-1/../../secret.txt", "khong-co.txt"):
        assert source_file(corpus, doc(bad)) is None, bad


@pytest.mark.parametrize("url", [
    "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2Fetc%2Fpasswd",
    "/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/instruments/..%2F..%2Fetc%2Fpasswd",
    "/api/instruments/%2Fetc%2Fpasswd/cited-by",
    "/vb/..%2F..%2Fetc%2Fpasswd",
])
def test_path_like_ids_are_unknown_ids(client, url):
    r = client.get(url)
    assert r.status_code == 404, (url, r.status_code)
    assert "root:x:0:0" not in r.text


def test_no_version_or_debug_leaks(client):
    r = client.get("/api/search", params={"q": "a" * 5000})
    assert r.status_code == 400
    assert "Traceback" not in r.text and "File \"" not in r.text
    assert "server" not in {k.lower() for k in r.headers}
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}


def test_cors_only_for_configured_origins(index_dir):
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from search_api.app import create_app

    app = create_app(Settings(index_dir=index_dir, cors_origins=("http://intranet.example",)))
    with TestClient(app) as c:
        ok = c.get("/healthz", headers={"Origin": "http://intranet.example"})
        other = c.get("/healthz", headers={"Origin": "http://elsewhere.example"})
    assert ok.headers.get("access-control-allow-origin") == "http://intranet.example"
    assert "access-control-allow-origin" not in other.headers
