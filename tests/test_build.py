"""Building an index from real files: bad files are reported by name and reason, the rest indexed."""
from __future__ import annotations

import shutil

from conftest import CORPUS

from pipeline.index import build_index, read_documents, read_manifest


def test_unreadable_files_are_reported_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_f2cf7cfd36944194.txt", "003_7b9f8ea90a918d33.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    (corpus / "hong.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf \x00\x01\x02")
    (corpus / "rong.txt").write_bytes(b"")
    (corpus / "nhi-phan.docx").write_bytes(b"\x00\x01\x02\x03 not a zip")
    report = build_index(corpus, tmp_path / "index", workers=1)
    bad = {e.path.rsplit("/", 1)[-1]: e.reason for e in report.errors}
    assert set(bad) == {"hong.pdf", "rong.txt", "nhi-phan.docx"}
    assert all(reason.strip() for reason in bad.values())
    assert report.documents == 2
    numbers = sorted(d.number for d in read_documents(tmp_path / "index"))
    assert numbers == ["43/KH-UBND", "51/KH-UBND"]
    manifest = read_manifest(tmp_path / "index")
    assert len(manifest["errors"]) == 3


def test_rebuild_replaces_the_index_whole(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(CORPUS / "001_f2cf7cfd36944194.txt", corpus)
    build_index(corpus, tmp_path / "ix", workers=1)
    shutil.copy(CORPUS / "004_cfbd1625accb3dfa.txt", corpus)
    report = build_index(corpus, tmp_path / "ix", workers=2)
    assert report.documents == 2
    assert not (tmp_path / "ix.building").exists() and not (tmp_path / "ix.old").exists()
    assert {d.number for d in read_documents(tmp_path / "ix")} == {"43/KH-UBND", "3707/KH-UBND"}


def test_progress_is_reported(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(CORPUS / "001_f2cf7cfd36944194.txt", corpus)
    seen = []
    build_index(corpus, tmp_path / "ix", workers=1, progress=lambda s, d, t: seen.append((s, d, t)))
    stages = {s for s, _, _ in seen}
    assert {"đọc tệp", "tách từ", "ghi chỉ mục", "lưu chỉ mục", "đồ thị trích dẫn"} <= stages
    assert all(d <= t for _, d, t in seen)


def test_an_index_of_another_version_asks_for_a_rebuild(tmp_path):
    import json

    import pytest

    from search_api.search import IndexVersionError, Searcher

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(CORPUS / "001_f2cf7cfd36944194.txt", corpus)
    build_index(corpus, tmp_path / "ix", workers=1)
    manifest = tmp_path / "ix" / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["index_version"] = 1
    manifest.write_text(json.dumps(data), "utf-8")
    with pytest.raises(IndexVersionError) as e:
        Searcher(tmp_path / "ix")
    assert "vanban index" in str(e.value)
