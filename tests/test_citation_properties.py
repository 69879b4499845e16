"""Property tests: the extractor never raises and its spans and lines are consistent on any text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.citations import extract_citations, parse_citation

PIECES = st.sampled_from([
    "Căn cứ ", "Nghị định số ", "33/2021/NĐ-CP", "19 - CT/TU", "ngày 19 tháng 10 năm 2018", " của ", "Thành ủy",
    "Ủy ban\nnhân dân Quận 1", "\n", "\n\n", "I. MỤC ĐÍCH\n", "Luật Giáo dục", "Đề án “", "”", "**", "²", "; ",
    "Thực hiện ", "các Nghị quyết số 01, 02 và ", "03/NQ-HĐND", "| ", "<p>", "Số: ", "11-TT-/QU", "Chương trình ",
    "giai đoạn 2021 - 2025", "Nghị quyết Đại hội đại biểu ", "toàn quốc lần thứ XIII", "(gọi tắt là Đề án 06)",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=5000))
def test_never_raises_and_spans_hold(text: str, first_line: int) -> None:
    cites, rels = extract_citations(text, first_line=first_line)
    last = first_line + text.count("\n")
    for c in cites:
        assert c.mentions
        for m in c.mentions:
            assert first_line <= m.line <= last
            assert 0 <= m.start < m.end <= len(text)
            assert " ".join(text[m.start:m.end].split()) == m.text
            assert m.line == first_line + text.count("\n", 0, m.start)
    for r in rels:
        assert first_line <= r.line <= last


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parse_citation_never_raises(text: str) -> None:
    parse_citation(text)
