"""The seed plans as offices keep them (issue 13): written as .docx (python-docx) and as .pdf (Chromium
prints them on A4 in a Unicode font, so long lines wrap as in any exported PDF), each document cites
the same instruments as the text original — agreement ≥ 0.98 for .docx and ≥ 0.95 for .pdf (saved
web pages: tests/test_saved_pages.py). The PDF part skips, saying why, without Chromium."""
from __future__ import annotations

import html

from conftest import CORPUS, citations_by_document

from indexer.ingest import read_file

SEEDS = sorted(CORPUS.glob("*.txt"))


def _cited(path) -> dict[str, set[str]]:
    """Document number → the instruments it cites (ids)."""
    return {n: set(cites) for n, cites in citations_by_document(path).items()}


def _agreement(original: dict, got: dict) -> dict[str, float]:
    return {n: len(cites & got.get(n, set())) / max(1, len(cites | got.get(n, set())))
            for n, cites in original.items()}


def _lines(seed) -> list[str]:
    return read_file(seed).text.split("\n")


def test_seeds_written_as_docx_cite_what_the_text_cites(tmp_path):
    from docx import Document

    for seed in SEEDS:
        out = tmp_path / f"{seed.stem}.docx"
        doc = Document()
        for line in _lines(seed):
            doc.add_paragraph(line)
        doc.save(str(out))
        scores = _agreement(_cited(seed), _cited(out))
        assert min(scores.values()) >= 0.98, (seed.name, scores)


def test_seeds_printed_to_pdf_cite_what_the_text_cites(tmp_path, browser):
    page = browser.new_page()
    pdfs = []
    for seed in SEEDS:
        body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in _lines(seed))
        page.set_content('<html><body style="font: 13pt \'DejaVu Serif\', serif">'
                         f'<style>p{{margin:0 0 .3em}}</style>{body}</body></html>')
        out = tmp_path / f"{seed.stem}.pdf"
        page.pdf(path=str(out), format="A4", margin={"top": "2cm", "bottom": "2cm", "left": "2.5cm", "right": "2cm"})
        pdfs.append((seed, out))
    page.close()
    for seed, pdf in pdfs:
        text = read_file(pdf).text
        assert max(len(ln) for ln in text.split("\n")) < 120, "the PDF's lines wrap"
        scores = _agreement(_cited(seed), _cited(pdf))
        assert min(scores.values()) >= 0.95, (seed.name, scores)
