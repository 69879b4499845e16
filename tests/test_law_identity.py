"""One law, one identity, however a document writes it (issue 12): the version is part of the
identity (``Luật Đất đai 2013`` is not ``… 2024``), ``và`` inside a name is kept (``Luật Tổ chức
HĐND và UBND``), a name given with its number is that number, a date gives the version, and a
mention without a version is the one version the document names. Table rows, plus properties of
the name key: idempotent, blind to case, diacritics and the standard abbreviations."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.citations import extract_citations
from indexer.cite.find import fold
from indexer.normalize import ABBREVIATIONS, canonical_name

ROWS = [
    # (text, the instruments cited: id → the mentions' texts)
    ("Căn cứ Luật Đất đai năm 2013; Căn cứ Luật Đất đai năm 2024; thực hiện Luật Đất đai 2013.",
     {"Luật Đất đai|2013": ["Luật Đất đai năm 2013", "Luật Đất đai 2013"],
      "Luật Đất đai|2024": ["Luật Đất đai năm 2024"]}),
    (("Căn cứ Luật Tổ chức HĐND và UBND năm 2003; Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân "
      "ngày 26/11/2003; Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân số 11/2003/QH11"),
     {"11/2003/QH11": ["Luật Tổ chức HĐND và UBND năm 2003",
                       "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân",
                       "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân số 11/2003/QH11"]}),
    ("Căn cứ Luật Đất đai số 31/2024/QH15; thực hiện đúng Luật Đất đai.",
     {"31/2024/QH15": ["Luật Đất đai số 31/2024/QH15", "Luật Đất đai"]}),
    ("Căn cứ Luật Đất đai số 31/2024/QH15; so với Luật Đất đai năm 2013.",
     {"31/2024/QH15": ["Luật Đất đai số 31/2024/QH15"], "Luật Đất đai|2013": ["Luật Đất đai năm 2013"]}),
    ("Căn cứ Luật Đất đai năm 2013; các quy định của Luật Đất đai về bồi thường.",
     {"Luật Đất đai|2013": ["Luật Đất đai năm 2013", "Luật Đất đai"]}),
    ("Căn cứ Luật Giáo dục và Luật Công đoàn; Pháp lệnh Phí và Lệ phí.",
     {"Luật Giáo dục": ["Luật Giáo dục"], "Luật Công đoàn": ["Luật Công đoàn"],
      "Pháp lệnh Phí và Lệ phí": ["Pháp lệnh Phí và Lệ phí"]}),
    ("Căn cứ Luật Khoa học và Công nghệ năm 2013 và Luật Đầu tư năm 2020;",
     {"Luật Khoa học và Công nghệ|2013": ["Luật Khoa học và Công nghệ năm 2013"],
      "Luật Đầu tư|2020": ["Luật Đầu tư năm 2020"]}),
    ("Căn cứ Luật Đất đai ngày 31/02/2013;", {"Luật Đất đai": ["Luật Đất đai"]}),  # no 31 February: no version
]


@pytest.mark.parametrize("text, expected", ROWS)
def test_a_law_is_one_instrument_however_it_is_written(text, expected):
    found, _ = extract_citations(text)
    assert {c.key.id: [m.text for m in c.mentions] for c in found} == expected


WORDS = ["Luật", "Tổ", "chức", "Hội", "đồng", "nhân", "dân", "và", "Ủy", "ban", "Ngân", "sách", "nhà", "nước",
         "Hợp", "tác", "xã", "Đất", "đai", "Bảo", "hiểm", "y", "tế"]
NAMES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def key(name: str) -> str:
    return fold(canonical_name(name))


@given(NAMES)
def test_the_name_key_is_idempotent_and_blind_to_case_and_diacritics(name):
    assert canonical_name(canonical_name(name)) == canonical_name(name)
    assert key(name) == key(name.lower()) == key(fold(name))


@given(NAMES, st.sampled_from(["HĐND", "UBND", "HTX", "NSNN", "BHXH", "BHYT"]))
def test_the_name_key_is_blind_to_the_standard_abbreviations(name, abbr):
    assert key(f"{name} {abbr}") == key(f"{name} {ABBREVIATIONS[abbr.lower()]}")
