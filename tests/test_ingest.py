"""ingest: every format, every encoding, clear errors; real office files when available."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REALDOCS as REALDOCS_ROOT

from indexer.ingest import IngestError, iter_corpus, read_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REALDOCS = REALDOCS_ROOT / "office"
VIET = "Kế hoạch số 171/KH-UBND của Ủy ban nhân dân Quận 1 về chuyển đổi số"


# ---- the seed corpus --------------------------------------------------------------------------

def test_iter_corpus_sorted_supported_not_hidden(tmp_path):
    for name in ("b.txt", "a.md", ".hidden.txt", "c.xyz", "d.PDF"):
        (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    assert [p.name for p in iter_corpus(tmp_path)] == ["a.md", "b.txt", "d.PDF"]


def test_iter_corpus_missing_dir(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        iter_corpus(tmp_path / "nope")


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_files_keep_their_lines(path):
    src = read_file(path)
    raw = path.read_text(encoding="utf-8")
    assert src.format == "txt" and src.encoding == "utf-8"
    assert src.text.count("\n") == raw.count("\n")


def test_seed_footnote_marker_removed():
    src = read_file(CORPUS / "002_59a7d8b938235585.txt")
    assert "143/2020/NĐ-CP²" not in src.text and "143/2020/NĐ-CP" in src.text


def test_seed_old_tone_normalized():
    src = read_file(CORPUS / "001_f2cf7cfd36944194.txt")
    assert "khóa XII" in src.text and "khoá" not in src.text


# ---- formats made at test time ----------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_order(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nQUẬN 1"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện công tác văn hoá")
    path = tmp_path / "plan.docx"
    d.save(path)
    src = read_file(path)
    assert src.format == "docx"
    assert src.lines == ["ỦY BAN NHÂN DÂN", "QUẬN 1 | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH",
                         "Thực hiện công tác văn hóa"]


def test_html_tags_stripped_lines_kept(tmp_path):
    html = ("<html><head><title>t</title>\n<style>p {\n color: red }</style></head>\n"
            "<body><p>Số: 43/KH-UBND</p><br>\n<table><tr><td>A</td><td>B &amp; C</td></tr></table>\n"
            "<!-- a\ncomment -->Quận 1, ngày 07 tháng 02 năm 2023&nbsp;</body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    src = read_file(path)
    assert src.format == "html"
    lines = src.lines
    assert len(lines) == html.count("\n") + 1
    assert "Số: 43/KH-UBND" in lines[3] and "<" not in src.text
    assert lines[4].split() == ["A", "|", "B", "&", "C", "|"]
    assert lines[6].strip() == "Quận 1, ngày 07 tháng 02 năm 2023"


def test_markdown_emphasis_and_headings(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# KẾ HOẠCH\n\nSố: **43** /KH-UBND\n*Hà Nội, ngày 1 tháng 2 năm 2023*\n__x__ \\- y\n",
                    encoding="utf-8")
    src = read_file(path)
    assert src.format == "md"
    assert src.lines[:5] == ["KẾ HOẠCH", "", "Số: 43 /KH-UBND", "Hà Nội, ngày 1 tháng 2 năm 2023", "x - y"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Word writes them: base letters precomposed, tone marks combining."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out: list[list[str]] = []  # [base with its non-tone marks, tone marks]
    for ch in unicodedata.normalize("NFD", text):
        if out and unicodedata.combining(ch):
            if ch in tones:
                out[-1][1] += ch
            else:
                out[-1][0] = unicodedata.normalize("NFC", out[-1][0] + ch)
        else:
            out.append([ch, ""])
    return "".join(base + marks for base, marks in out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1258"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    text = (VIET + "\n") * 20
    if encoding == "cp1258":
        path.write_bytes(_cp1258(text))
    else:
        path.write_text(text, encoding=encoding)
    src = read_file(path)
    assert src.lines[0] == VIET
    assert src.encoding.replace("-sig", "") == encoding.replace("-sig", "")


def test_doc_that_is_html_is_sniffed(tmp_path):
    path = tmp_path / "ke_hoach.doc"
    path.write_bytes(b"\xef\xbb\xbf<html><body><p>K\xe1\xba\xbe HO\xe1\xba\xa0CH</p></body></html>")
    src = read_file(path)
    assert src.format == "html" and "KẾ HOẠCH" in src.text


def test_rtf(tmp_path):
    path = tmp_path / "a.rtf"
    path.write_bytes(rb"{\rtf1\ansi\ansicpg1252 {\fonttbl{\f0 Times;}}\f0 K\u7871? ho\u7841?ch\par s\'f4\par}")
    src = read_file(path)
    assert src.format == "rtf" and src.lines[0] == "Kế hoạch"


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n\t\n", "empty"),
    ("garbage.txt", bytes(range(256)) * 8, "binary"),
    ("broken.pdf", b"%PDF-1.4\n garbage", "PDF"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "unsupported"),
    ("fake.docx", b"just text", "corrupt"),
    ("image.png", b"\x89PNG\r\n", "unsupported"),
])
def test_unreadable_files_raise_with_path_and_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as e:
        read_file(path)
    assert e.value.path == str(path)
    assert reason.lower() in e.value.reason.lower()
    assert str(e.value) == f"{path}: {e.value.reason}"


def test_doc_without_antiword_says_so(tmp_path, monkeypatch):
    from indexer import ingest_office
    monkeypatch.setattr(ingest_office.shutil, "which", lambda name: None)
    path = tmp_path / "a.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(IngestError, match="antiword"):
        read_file(path)


# ---- real office files (shared material, absent on some machines) -----------------------------

def _office_files() -> list[Path]:
    if not REALDOCS.is_dir():
        return []
    return sorted(p for p in REALDOCS.iterdir() if p.is_file() and p.name != "SOURCES.md")


@pytest.mark.parametrize("path", _office_files() or [None], ids=lambda p: p.name if p else "absent")
def test_real_office_file_reads_or_says_why(path):
    if path is None:
        pytest.skip(f"realdocs absent: {REALDOCS} not found")
    if path.suffix.lower() == ".doc" and shutil.which("antiword") is None \
            and not path.read_bytes()[:4].startswith(b"\xef\xbb\xbf<"):
        pytest.skip("antiword not installed")
    try:
        src = read_file(path)
    except IngestError as e:
        assert e.reason and e.path == str(path)
        return
    assert src.text.strip()


@pytest.mark.parametrize("name", ["hpbaotho_04-quanly-vanban-quanhuyen_275.pdf",
                                  "vpubnd49_VBAI_298_PC04.pdf", "vpubnd49_VBAI_493_TB.pdf"])
def test_real_pdfs_without_usable_text_layer(name, monkeypatch, tmp_path):
    """Where OCR cannot run (no tesseract on the PATH) the file is "cần OCR", with why; with OCR
    (tests/test_ocr.py) the same files are read and marked."""
    from indexer import ocr

    path = REALDOCS / name
    if not path.exists():
        pytest.skip("realdocs absent")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pdftoppm, no tesseract
    ocr.unavailable.cache_clear()
    try:
        with pytest.raises(IngestError, match="cần OCR.*chưa được cài"):
            read_file(path)
    finally:
        ocr.unavailable.cache_clear()


def test_real_rtf_declaring_wrong_code_page_reads_vietnamese():
    path = REALDOCS / "vpubnd49_VBAI_Phiếu_trình_TTr_3367.rtf"
    if not path.exists():
        pytest.skip("realdocs absent")
    src = read_file(path)
    assert "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC" in src.text and "VÃN" not in src.text


def test_plain_text_loses_emphasis_and_stray_tags_but_keeps_lines(tmp_path):
    path = tmp_path / "plan.txt"
    raw = "Số: **43** /KH-UBND\nKẾ HOẠCH**Thực hiện**\n8 <p>- Thi đua <i>tốt</i>\nxem <https://x.vn/a> và < 5%\n"
    path.write_text(raw, encoding="utf-8")
    lines = read_file(path).lines
    assert len(lines) == raw.count("\n") + 1
    assert lines[0] == "Số: 43 /KH-UBND"
    assert lines[1].split() == ["KẾ", "HOẠCH", "Thực", "hiện"]
    assert lines[2].split() == ["8", "-", "Thi", "đua", "tốt"]
    assert "<https://x.vn/a>" in lines[3] and "< 5%" in lines[3]
