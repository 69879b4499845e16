"""Word files read whole (issue 13): footnotes and endnotes (where offices put the instruments they
cite), text boxes and the first page's header are read in reading order, each text once; a header
holding only a page number is not text. Made here with python-docx, the parts python-docx does not
write added to the package as Word writes them; and a real office file's footnotes."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import REALDOCS

from indexer.citations import extract_citations
from indexer.ingest import read_file

docx = pytest.importorskip("docx")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Công văn số 946/SKHCN-VP ngày 20/03/2026 của Sở Khoa học và Công nghệ.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
TEXT_BOX = f"""<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>
<w:p><w:r><w:t>Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/3/2026 của Ủy ban nhân dân tỉnh.</w:t></w:r></w:p>
</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>
<w:p><w:r><w:t>Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/3/2026 của Ủy ban nhân dân tỉnh.</w:t></w:r></w:p>
</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def _add_footnotes(path: Path) -> None:
    """Add word/footnotes.xml with its relationship and content type, as Word writes them."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/footnotes.xml"] = FOOTNOTES.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>')).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _plan(tmp_path: Path, header: str | None) -> Path:
    from docx.oxml import parse_xml

    d = docx.Document()
    if header is not None:
        d.sections[0].header.paragraphs[0].text = header
    d.add_paragraph("KẾ HOẠCH")
    p = d.add_paragraph("Thực hiện công tác cải cách hành chính năm 2026")
    p._p.append(parse_xml(TEXT_BOX))
    d.add_paragraph("Triển khai theo chỉ đạo tại Công văn¹ của Sở.")
    path = tmp_path / "plan.docx"
    d.save(path)
    _add_footnotes(path)
    return path


def test_footnotes_text_boxes_and_header_are_read_in_order(tmp_path):
    text = read_file(_plan(tmp_path, "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")).text
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"  # the header, before the body
    box = [i for i, line in enumerate(lines) if "1234/QĐ-UBND" in line]
    assert len(box) == 1 and lines[box[0] - 1].startswith("Thực hiện công tác")  # once, after its anchor
    assert lines[-1].startswith("Công văn số 946/SKHCN-VP")  # the footnote, after the body
    refs = {c.key.ref for c in extract_citations(text)[0]}
    assert {"1234/QĐ-UBND", "946/SKHCN-VP"} <= refs


def test_a_page_number_header_is_not_text(tmp_path):
    text = read_file(_plan(tmp_path, "12")).text
    assert not re.search(r"^\s*12\s*$", text, re.MULTILINE)


def test_real_office_footnotes_are_read():
    path = REALDOCS / "office" / "vpubnd49_VBAI_BC_tháng_3.2026_BCĐ_tỉnh.docx"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/realdocs is not beside this clone)")
    text = read_file(path).text
    refs = {c.key.ref for c in extract_citations(text)[0]}
    assert {"8016/KH-UBND", "7889/KH-UBND", "64/CAT-PA05"} <= refs
