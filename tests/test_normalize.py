"""normalize: named steps, line structure kept, one tone convention, fold and queries."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.normalize import DEFAULT_STEPS, STEPS, fold, normalize_query, normalize_text

CASES = [
    # old tone placement → new, qu- words untouched
    ("Nghị quyết Trung ương 4 khoá XII", "Nghị quyết Trung ương 4 khóa XII"),
    ("văn hoá, hoà bình, Uỷ ban, thuỷ lợi", "văn hóa, hòa bình, Ủy ban, thủy lợi"),
    ("HOÀ BÌNH, UỶ BAN", "HÒA BÌNH, ỦY BAN"),
    ("quý, Quỳnh, quỷ", "quý, Quỳnh, quỷ"),
    # a non-final cluster is the same in both conventions
    ("hoàn thành, khoảng", "hoàn thành, khoảng"),
    # dashes
    ("Độc lập – Tự do — Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("19‐CT/TU", "19-CT/TU"),
    # footnote markers glued to a number; units kept
    ("Nghị định số 143/2020/NĐ-CP² ngày", "Nghị định số 143/2020/NĐ-CP ngày"),
    ("các Chỉ thị của Thành ủy³.", "các Chỉ thị của Thành ủy."),
    ("diện tích 120 m² sàn", "diện tích 120 m2 sàn"),
    # whitespace variants
    ("a\tb\u00a0c\u200bd", "a b c d"),
    # NFD input
    ("Nghi\u0323 đi\u0323nh", "Nghị định"),
    # lookalike of Đ from legacy converters
    ("N\u00d0-CP", "NĐ-CP"),
    # CRLF keeps the line; a lone CR does not add one
    ("a\r\nb\rc", "a\nb c"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_steps_are_named_and_selectable():
    assert set(DEFAULT_STEPS) == set(STEPS)
    assert normalize_text("khoá – x", steps=["dashes"]) == "khoá - x"


def test_unknown_step_says_which():
    with pytest.raises(ValueError, match="'shout'"):
        normalize_text("x", steps=["shout"])


@pytest.mark.parametrize("text, lower, expected", [
    ("Nghị định 33/2021/NĐ-CP", False, "Nghi dinh 33/2021/ND-CP"),
    ("Đường Lê Lợi", True, "duong le loi"),
    ("Nghi\u0323 đi\u0323nh", True, "nghi dinh"),
])
def test_fold(text, lower, expected):
    assert fold(text, lower=lower) == expected


def test_normalize_query_collapses_whitespace():
    assert normalize_query("  văn hoá \n  công vụ ") == "văn hóa công vụ"


@settings(max_examples=300)
@given(st.text())
def test_line_structure_is_kept(text):
    out = normalize_text(text)
    assert out.count("\n") == text.count("\n")


@settings(max_examples=200)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n\r")), min_size=1, max_size=20))
def test_each_line_maps_to_its_line(lines):
    text = "\n".join(lines)
    out = normalize_text(text).split("\n")
    assert out == [normalize_text(line) for line in lines]
