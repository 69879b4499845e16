"""One corpus of everything a shared drive holds, indexed in one build: nothing good is lost,
every bad file is named with its reason, and memory stays bounded.

Each good file carries a marker word of its own; after the build the marker must find exactly
that file's document through the real HTTP app. Each bad file must appear in the report's errors.
"""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from conftest import CORPUS
from fastapi.testclient import TestClient
from test_ingest import _cp1258

from indexer.settings import Settings
from pipeline.index import build_index
from search_api.app import create_app

BASE = (CORPUS / "001_f2cf7cfd36944194.txt").read_text("utf-8")


def _plan(marker: str) -> str:
    return BASE + f"\nGhi chú lưu trữ: {marker} đã được kiểm tra.\n"


def _docx(xml_body: str, pad: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                   f'.org/wordprocessingml/2006/main"><w:body>{xml_body}</w:body></w:document>')
        if pad:
            z.writestr("word/media/pad.bin", pad)
    return buf.getvalue()


GOOD = {  # file name -> (bytes, marker)
    "utf8-bom.txt": (b"\xef\xbb\xbf" + _plan("zqgood01").encode(), "zqgood01"),
    "utf16-bom.txt": (_plan("zqgood02").encode("utf-16"), "zqgood02"),
    "utf16-nobom.txt": (_plan("zqgood03").encode("utf-16-le"), "zqgood03"),
    "cp1258.txt": (_cp1258(_plan("zqgood04")), "zqgood04"),
    "Kế hoạch số 12 quận 3.txt": (_plan("zqgood05").encode(), "zqgood05"),
    "mot-doan-dai.txt": ((BASE + "\n" + " ".join(["Tổ chức tuyên truyền sâu rộng đến cán bộ."] * 10_000)
                          + " zqgood06\n").encode(), "zqgood06"),
    "long-dong.html": (("<html><body>" + "<div>" * 5_000 + _plan("zqgood07").replace("\n", "<br>\n")
                        + "</div>" * 5_000 + "</body></html>").encode(), "zqgood07"),
    "ke-hoach.docx": (_docx("".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>"
                                    for ln in _plan("zqgood08").split("\n") if ln.strip())), "zqgood08"),
}
ODD_NAME = os.fsencode("tên-lạ-") + b"\xff\xfe" + b".txt"  # bytes that are not UTF-8

BAD = {
    "rac-nhi-phan.txt": bytes(range(256)) * 64,
    "khong-phai.pdf": b"%PDF-1.4 but nothing else \x00\x01",
    "cat-ngang.docx": _docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>")[:300],
    "rong.txt": b"",
    "chi-khoang-trang.md": b"   \n\n\t \n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (data, _) in GOOD.items():
        (corpus / name).write_bytes(data)
    for name, data in BAD.items():
        (corpus / name).write_bytes(data)
    with open(os.path.join(os.fsencode(corpus), ODD_NAME), "wb") as f:
        f.write(_plan("zqgood09").encode())
    # Nothing outside the corpus: a linked file, a linked directory; no FIFO read; bounded sizes.
    (corpus / "sub").mkdir()
    (corpus / "sub" / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "ngoai").symlink_to("/etc", target_is_directory=True)
    os.mkfifo(corpus / "ong-dan.txt")
    with open(corpus / "qua-lon.txt", "wb") as f:
        f.truncate(41_000_000)
    (corpus / "bom-nen.docx").write_bytes(_docx("<w:p/>", pad=b"\0" * 250_000_000))
    report = build_index(corpus, root / "index", workers=1)
    with TestClient(create_app(Settings(index_dir=root / "index", corpus=corpus))) as client:
        yield report, client


@pytest.mark.parametrize("marker", [m for _, m in GOOD.values()] + ["zqgood09"])
def test_every_good_file_is_indexed_and_found(built, marker):
    _, client = built
    r = client.get("/api/search", params={"q": marker})
    assert r.status_code == 200
    assert r.json()["total"] == 1, (marker, r.json())


HOSTILE = {"passwd.txt": "outside the corpus", "ong-dan.txt": "not a regular file",
           "qua-lon.txt": "larger than", "bom-nen.docx": "zip bomb"}


def test_every_bad_file_is_named_with_a_reason(built):
    report, _ = built
    named = {os.path.basename(e.path): e.reason for e in report.errors}
    assert set(BAD) <= set(named), named
    assert all(named[n].strip() for n in BAD)
    for name, why in HOSTILE.items():
        assert why in named.get(name, ""), (name, named.get(name))


def test_nothing_outside_the_corpus_is_read(built):
    report, client = built
    for q in ("root", "bin bash", "passwd"):
        assert client.get("/api/search", params={"q": q}).json()["total"] == 0, q
    assert not any("ngoai" in e.path for e in report.errors)  # a linked directory is not entered
    assert report.peak_rss_mb > 0  # reported (the whole test process: not a bound here)


def test_listing_shows_every_file_including_odd_names(built):
    report, client = built
    docs = client.get("/api/documents", params={"size": 100}).json()["documents"]
    assert len(docs) == len(GOOD) + 1 == report.documents
    assert all(d["file"] for d in docs)
