"""Numbers as offices type them (issue 12/13, real office files): a stray space after the dash of a
symbol is part of the number (``346/UBND- NC``); a word after it is not (``5/KH- Trung tâm``)."""
from __future__ import annotations

import pytest

from indexer.citations import extract_citations


@pytest.mark.parametrize("text, ref", [
    ("Gồm: Công văn số 346/UBND- NC ngày 21/11/2025 về việc triển khai Công điện", "346/UBND-NC"),
    ("Quyết định số 787/QĐ- UBND ngày 21/8/2025 của Ủy ban nhân dân tỉnh", "787/QĐ-UBND"),
    ("Chương trình hành động số 06- CTr/TU, ngày 29/8/2025 của Ban Thường vụ Tỉnh ủy", "06-CTR/TU"),
    ("Kế hoạch số 5/KH- Trung tâm y tế quận", "5/KH"),
])
def test_a_stray_space_after_a_symbols_dash(text, ref):
    found, _ = extract_citations(text)
    assert [c.key.ref for c in found] == [ref]
