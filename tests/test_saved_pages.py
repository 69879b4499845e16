"""A plan saved from a portal (issue 13): the page's menu, sidebar of related documents, breadcrumb
and footer are not the document — their numbers are never citations — while the body keeps every
line number of the saved file, so a mention still points to its line."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import CORPUS

from indexer.citations import annotate
from indexer.documents import split_documents
from indexer.ingest import read_file
from indexer.ingest_markup import blank_boilerplate

SEED = sorted(CORPUS.glob("*.txt"))[2]  # 51/KH-UBND, citations in preamble and body

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch - Cổng thông tin quận</title>
<style>.menu{{color:red}}</style></head>
<body>
<div class="site-header"><a href="/">Cổng thông tin điện tử Quận Tân Phú</a></div>
<nav class="main-menu"><ul><li><a href="/vb">Văn bản</a></li>
<li><a href="/qd">Quyết định 4424/QĐ-UBND mới ban hành</a></li></ul></nav>
<div class="breadcrumb">Trang chủ / Văn bản / Kế hoạch</div>
<div id="content"><main>
{body}
</main></div>
<aside class="sidebar"><h3>Văn bản liên quan</h3><ul>
<li>Chỉ thị số 88-CT/TU của Thành ủy</li><li>Nghị định số 99/2099/NĐ-CP của Chính phủ</li></ul></aside>
<footer><p>Bản quyền thuộc UBND quận. Quyết định 77/2097/QĐ-TTG về bản quyền trang.</p></footer>
</body></html>
"""


def _page(tmp_path: Path) -> tuple[Path, str]:
    body = SEED.read_text("utf-8")
    html = PAGE.format(body="\n".join(f"<p>{line}</p>" if line.strip() else "" for line in body.split("\n")))
    path = tmp_path / "ke-hoach.html"
    path.write_text(html, "utf-8")
    return path, body


def _refs(path: Path) -> set[str]:
    return {c.key.ref or c.key.name for d in _docs(path) for c in d.citations}


def _docs(path: Path):
    return [annotate(d) for d in split_documents(read_file(path))]


def test_a_saved_page_cites_what_the_plan_cites_and_nothing_from_the_portal(tmp_path):
    page, _ = _page(tmp_path)
    got = _refs(page)
    want = _refs(SEED)
    assert got == want
    for portal in ("77/2097/QĐ-TTG", "77/2017/QĐ-TTG", "88-CT/TU", "99/2099/NĐ-CP"):
        assert not any(portal in (r or "") for r in got), portal


def _plain(line: str) -> list[str]:
    return re.findall(r"\w+", line)  # the words: the txt reader strips Markdown marks the page has not


def test_the_plan_keeps_its_line_numbers_in_the_saved_page(tmp_path):
    page, _ = _page(tmp_path)
    body = read_file(SEED).text  # normalised as the page's text is
    lines = read_file(page).text.split("\n")
    offset = next(i for i, ln in enumerate(page.read_text("utf-8").split("\n")) if "<main>" in ln) + 1
    for n, line in enumerate(body.split("\n")):
        if line.strip():
            assert _plain(lines[offset + n]) == _plain(line), n
    doc = _docs(page)[0]
    seed_doc = _docs(SEED)[0]
    assert [(c.key.id, c.line - offset) for c in doc.citations] == [(c.key.id, c.line) for c in seed_doc.citations]


def test_boilerplate_is_found_by_element_role_and_class_never_by_text():
    html = ('<div role="navigation">Quyết định 1/QĐ-UBND</div>\n<div class="noi-dung">Quyết định 2/QĐ-UBND</div>\n'
            '<div class="footer-wrap">Quyết định 3/QĐ-UBND</div>\n<section id="tin-khac">Quyết định 4/QĐ-UBND</section>')
    out = blank_boilerplate(html)
    assert "2/QĐ-UBND" in out and not any(f"{n}/QĐ-UBND" in out for n in (1, 3, 4))
    assert out.count("\n") == html.count("\n")
    # a "sidebar" wrapper around the main content keeps it; a page that is all aside is kept whole
    wrapped = '<div class="sidebar-layout"><main>Quyết định 5/QĐ-UBND</main></div>'
    assert "5/QĐ-UBND" in blank_boilerplate(wrapped)
    assert blank_boilerplate("<aside>Quyết định 6/QĐ-UBND</aside>") == "<aside>Quyết định 6/QĐ-UBND</aside>"
