"""Hard-wrapped text read whole (issue 13): the seed plans wrapped at a page's width (as a PDF's text
layer gives them; Word also breaks after a hyphen, inside a number) cite exactly what the
originals cite, every mention at the wrapped file's line where it starts; a text written one
paragraph per line is left as it is."""
from __future__ import annotations

import textwrap

import pytest
from conftest import CORPUS, citations_by_document

from indexer.ingest import read_file
from indexer.reflow import reflow, soft_breaks

SEEDS = sorted(CORPUS.glob("*.txt"))


def _wrap(text: str, width: int) -> str:
    return "\n".join("\n".join(textwrap.wrap(ln, width)) if ln.strip() else "" for ln in text.split("\n"))


@pytest.mark.parametrize("width", [60, 75, 90])
def test_wrapped_plans_cite_what_the_originals_cite(tmp_path, width):
    for seed in SEEDS:
        wrapped = tmp_path / seed.name
        wrapped.write_text(_wrap(seed.read_text("utf-8"), width), "utf-8")
        original, got = citations_by_document(seed), citations_by_document(wrapped)
        assert got.keys() == original.keys()
        lines = wrapped.read_text("utf-8").split("\n")
        for number, cites in original.items():
            assert set(got[number]) == set(cites), (seed.name, width, number)
            for c in got[number].values():
                assert c.relation == cites[c.key.id].relation, (seed.name, number, c.key.id)
                for m in c.mentions:
                    first_word = m.text.split()[0]
                    assert first_word in lines[m.line - 1], (seed.name, width, m.line, m.text)


def test_paragraph_per_line_text_is_not_reflowed():
    for seed in SEEDS:
        text = read_file(seed).text
        assert reflow(text) == text, seed.name


def test_what_breaks_stay_hard():
    para = ("Ủy ban nhân dân quận xây dựng kế hoạch triển khai thực hiện các nhiệm vụ trọng tâm của năm như\n"
            "sau, bảo đảm đúng tiến độ và chất lượng theo chỉ đạo của Ủy ban nhân dân Thành phố, cụ thể như\n")
    lines = (para * 3 + "I. MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH TRIỂN KHAI THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM NĂM\n"
             "- Tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật trong cán bộ, công chức và\n"
             "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 của Quốc hội khóa XIII;\n"
             "nhân dân trên địa bàn quận, phường, khu phố theo đúng kế hoạch đã đề ra của Thành phố đề ra\n"
             + para).split("\n")
    soft = set(soft_breaks(lines))
    assert {0, 1, 2, 3, 4} <= soft  # a wrapped paragraph: every break but before its last line is soft
    assert 5 not in soft  # before a heading in capitals
    assert 6 not in soft  # before a "- " item
    assert 7 not in soft  # before "Căn cứ"
    assert 8 in soft  # a full line ending in ";" runs on (the "Căn cứ …; …" items of one paragraph)
    text = "\n".join(lines)
    flowed = reflow(text)
    assert len(flowed) == len(text) and flowed.count("\n") == text.count("\n") - len(soft)


def test_a_number_broken_after_its_hyphen_is_read_whole():
    para = "Thực hiện công tác cải cách hành chính nhà nước trên địa bàn quận trong năm 2022 theo\n"
    text = (para * 4 + "đúng tinh thần chỉ đạo của Thành phố tại văn bản triển khai Quyết định số 3900/QĐ-\nUBND ngày 31 tháng 12 năm 2021 của Ủy ban nhân dân Thành phố về việc\n"
            + para * 4)
    flowed = reflow(text)
    assert "Quyết định số 3900/QĐ-UBND  ngày" in flowed and len(flowed) == len(text)
