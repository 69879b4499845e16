"""Scanned plans are read by OCR (issue 13): an image-only PDF — made here as a scan is, a page
rendered to pixels by Chromium and printed back to a PDF with no text layer — is read by Tesseract's
Vietnamese model, its citations found, and every document of it marked as read by OCR (shown on
its page); the four real office files that were only "cần OCR" become searchable. OCR's text is
cached by the file's content. Skips, saying why, where Chromium or Tesseract are not installed."""
from __future__ import annotations

import base64
import shutil
import time

import pytest
from conftest import realdocs_or_skip

from indexer.citations import annotate
from indexer.documents import split_documents
from indexer.ingest import IngestError, read_file
from indexer.ocr import OCR_WARNING, unavailable

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=f"OCR unavailable: {unavailable()}")

PLAN = """<html><body style="font: 22px 'DejaVu Serif', serif; width: 1100px; padding: 40px; background: #fff">
<p>ỦY BAN NHÂN DÂN QUẬN 1</p><p>Số: 45/KH-UBND</p><p>Quận 1, ngày 10 tháng 3 năm 2023</p>
<p style="text-align:center"><b>KẾ HOẠCH</b></p><p>Triển khai công tác cải cách hành chính năm 2023</p>
<p>Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ;</p>
<p>Thực hiện Chỉ thị số 19-CT/TU ngày 19 tháng 10 năm 2018 của Ban Thường vụ Thành ủy;</p>
<p>Ủy ban nhân dân Quận 1 xây dựng kế hoạch như sau.</p></body></html>"""


@pytest.fixture(scope="module")
def scan(tmp_path_factory, browser):
    """An image-only PDF of a plan (no text layer: pypdf reads nothing from it)."""
    out = tmp_path_factory.mktemp("scan") / "ke-hoach-45.pdf"
    page = browser.new_page(viewport={"width": 1200, "height": 700})
    page.set_content(PLAN)
    png = base64.b64encode(page.screenshot(full_page=True)).decode()
    page.set_content(f'<html><body style="margin:0"><img src="data:image/png;base64,{png}" style="width:100%"></body></html>')
    page.pdf(path=str(out), format="A4", print_background=True)
    page.close()
    return out


def test_a_scan_is_read_by_ocr_and_marked(scan, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_OCR_CACHE", str(tmp_path / "cache"))
    from pypdf import PdfReader

    assert not "".join(p.extract_text() or "" for p in PdfReader(str(scan)).pages).strip()  # a true scan
    t = time.perf_counter()
    source = read_file(scan)
    first = time.perf_counter() - t
    assert source.encoding == "pdf+ocr" and OCR_WARNING in source.warnings
    docs = [annotate(d) for d in split_documents(source)]
    refs = {c.key.ref for d in docs for c in d.citations}
    assert {"107/2021/NĐ-CP", "19-CT/TU"} <= refs, refs
    assert all(OCR_WARNING in d.warnings for d in docs)
    # cached by content: the second read does not run Tesseract again
    assert list((tmp_path / "cache").glob("*.txt"))
    t = time.perf_counter()
    assert read_file(scan).text == source.text
    assert time.perf_counter() - t < first / 2


def test_an_ocr_document_says_so_on_its_page(scan, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    monkeypatch.setenv("VANBAN_OCR_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(scan, corpus / scan.name)
    report = build_index(corpus, tmp_path / "ix", workers=1)
    assert report.documents >= 1 and not report.errors
    with TestClient(create_app(Settings(index_dir=tmp_path / "ix", corpus=corpus))) as c:
        hit = c.get("/api/search", params={"q": "19-CT/TU"}).json()["hits"][0]
        page = c.get(f"/documents/{hit['id']}").text
        meta = c.get(f"/api/documents/{hit['id']}").json()
    assert "Nhận dạng chữ từ ảnh quét (OCR)" in page
    assert meta["ocr"] is True


def test_the_real_scans_become_readable():
    """The office files that were reported "cần OCR" (two image-only scans, two PDFs whose text layer is
    glyph ids or lacks Vietnamese) now give text and citations, marked as OCR."""
    office = realdocs_or_skip() / "office"
    scans = [p for p in sorted(office.glob("*.pdf"))
             if any(k in p.name for k in ("kh-753", "_275.pdf", "298_PC04", "493_TB"))]
    assert len(scans) == 4
    for p in scans:
        try:
            source = read_file(p)
        except IngestError as e:
            pytest.fail(f"{p.name}: {e.reason}")
        assert OCR_WARNING in source.warnings
        docs = [annotate(d) for d in split_documents(source)]
        assert any(d.citations for d in docs), p.name
