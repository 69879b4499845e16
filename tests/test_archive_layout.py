"""An archive keeps each district's files in its own folder, often under the same file names.

Two plans named ``ke-hoach.txt`` in two folders are two documents, two graph nodes and two rows
of every listing; before ids took the folder into account they merged into one id.
"""
from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS
from fastapi.testclient import TestClient

from indexer.documents import id_prefixes
from indexer.settings import Settings
from pipeline.index import build_index
from search_api.app import create_app

FIRST, SECOND = "001_f2cf7cfd36944194.txt", "004_cfbd1625accb3dfa.txt"  # 43/KH-UBND, 3707/KH-UBND


def test_id_prefixes_keep_unique_stems_and_spell_out_colliding_ones():
    got = id_prefixes(["a.txt", "q1/ke-hoach.pdf", "q3/ke-hoach.pdf", "q3/ke-hoach.docx", "b/c.txt"])
    assert got == {"a.txt": "a", "b/c.txt": "c", "q1/ke-hoach.pdf": "q1~ke-hoach.pdf",
                   "q3/ke-hoach.pdf": "q3~ke-hoach.pdf", "q3/ke-hoach.docx": "q3~ke-hoach.docx"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    corpus = root / "corpus"
    for folder, name in (("quan-1", FIRST), ("tan-phu", SECOND)):
        (corpus / folder).mkdir(parents=True)
        shutil.copy(CORPUS / name, corpus / folder / "ke-hoach.txt")
    report = build_index(corpus, root / "index", workers=1)
    assert report.documents == 2 and not report.errors
    with TestClient(create_app(Settings(index_dir=root / "index", corpus=corpus))) as c:
        yield c


def test_same_file_name_in_two_folders_gives_two_documents(client):
    docs = client.get("/api/documents").json()["documents"]
    assert {d["number"] for d in docs} == {"43/KH-UBND", "3707/KH-UBND"}
    assert len({d["id"] for d in docs}) == 2
    for d in docs:
        page = client.get(f"/api/documents/{d['id']}")
        assert page.status_code == 200 and page.json()["number"] == d["number"]


def test_both_are_found_and_both_are_graph_nodes(client):
    hits = client.get("/api/search", params={"q": "kế hoạch", "size": 10}).json()
    assert hits["total"] == 2 and len({h["id"] for h in hits["hits"]}) == 2
    for h in hits["hits"]:
        assert client.get(f"/api/documents/{h['id']}/cites").status_code == 200
