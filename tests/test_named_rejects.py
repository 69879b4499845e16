"""The named reject rules of titled citations (``indexer.cite.titled._REJECTS``, ``_REJECTS_AROUND``,
``_vehicle``), one row each: the row's phrase is not a citation, and it would be one without its
rule — so every rule is shown to decide its row, and a rule without a row fails the test."""
from __future__ import annotations

import pytest

from indexer.citations import CiteContext, extract_citations
from indexer.cite import titled as cite_titled

CTX = CiteContext(number="12/KH-UBND", issuer="UBND Quận 1", district="Quận 1", date="2023-03-01")

# rule → (text, the name the rule keeps out)
ROWS = {
    "office_ke_hoach_dau_tu": (("Giám đốc các Sở: Tài chính, Nội vụ, Kế hoạch Đầu tư Thành phố Hồ Chí Minh phối hợp "
                               "thực hiện."), "Kế hoạch Đầu tư"),
    "year_theme": ("Thực hiện Kế hoạch “Năm xây dựng chính quyền đô thị 2022” trên địa bàn.", "Kế hoạch “Năm"),
    "generic_first_word": ("Các phòng ban triển khai Kế hoạch này đến Thành phố Hồ Chí Minh giai đoạn 2021-2025.",
                           "Kế hoạch này"),
    "plural_before": ("Tiếp tục thực hiện các Chương trình Phát triển nguồn nhân lực.", "Chương trình Phát triển"),
    "future_before": ("Xây dựng Đề án Phát triển du lịch Quận 1 trình Ủy ban nhân dân Thành phố.", "Đề án Phát triển"),
    "office_name_before": ("Phòng Tài chính - Kế hoạch Quận 1 chủ trì, phối hợp.", "Kế hoạch Quận 1"),
    "event_before": ("Đoàn phường tổ chức Chương trình “School Tour” cho học sinh.", "School Tour"),
    "single_year": ("Thực hiện Chương trình Cải cách hành chính năm 2022 của Quận.", "Chương trình Cải cách"),
    "vehicle_after": (("Thực hiện Chương trình Phát triển đô thị thông minh theo Quyết định số 123/QĐ-UBND ngày "
                      "01/02/2022 của Ủy ban nhân dân Thành phố."), "Chương trình Phát triển"),
    "vehicle_before": (("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
                       "cải cách hành chính nhà nước giai đoạn 2021-2030. Các phòng thực hiện tốt Chương trình tổng "
                       "thể cải cách hành chính nhà nước giai đoạn 2021-2030."), "Chương trình tổng thể"),
}
VEHICLE_RULES = ("vehicle_after", "vehicle_before")


def names(text: str) -> list[str]:
    cites, _ = extract_citations(text, context=CTX)
    return [c.key.name for c in cites if c.key.name]


def test_every_rule_has_a_row():
    rules = [n for n, _ in cite_titled._REJECTS + cite_titled._REJECTS_AROUND] + list(VEHICLE_RULES)
    assert sorted(rules) == sorted(ROWS)


@pytest.mark.parametrize("rule", sorted(ROWS))
def test_the_rule_keeps_its_row_out(rule, monkeypatch):
    text, kept_out = ROWS[rule]
    assert not any(kept_out in n for n in names(text))
    monkeypatch.setattr(cite_titled, "_REJECTS", tuple(r for r in cite_titled._REJECTS if r[0] != rule))
    monkeypatch.setattr(cite_titled, "_REJECTS_AROUND", tuple(r for r in cite_titled._REJECTS_AROUND if r[0] != rule))
    if rule in VEHICLE_RULES:
        real = cite_titled._vehicle
        after = rule == "vehicle_after"

        def without(c, start, num_ends):
            if after and cite_titled._VEHICLE_AFTER_RE.search(c.cont):
                return False, False
            return real(c, start, num_ends) if after else (False, False)
        monkeypatch.setattr(cite_titled, "_vehicle", without)
    assert any(kept_out in n for n in names(text)), f"{rule}: the row is not decided by its rule"


@pytest.mark.parametrize("text, found", [
    ("5.9\tTriển khai thực hiện Đề án nâng cao năng lực của cán bộ, công chức làm công tác cải cách hành chính.",
     "Đề án nâng cao năng lực"),
    ("- Tham mưu triển khai Đề án thí điểm tổ chức lại Ban Bồi thường giải phóng mặt bằng sau khi có hướng dẫn.",
     "Đề án thí điểm tổ chức lại Ban Bồi thường giải phóng mặt bằng"),
    ("- Triển khai Kế hoạch cải cách hành chính của phường.", None),  # a plan so introduced is generic
    ("- Triển khai Đề án này đến các phường.", None),
    ("Các đơn vị phối hợp triển khai Đề án xây dựng.", None),  # not a task line, and too short
])
def test_a_task_line_carrying_out_a_described_project_cites_it(text, found):
    got = names(text)
    assert any(n.startswith(found) for n in got) if found else not any(n.startswith(("Đề án", "Kế hoạch")) for n in got), got


SUBJECT = ("Tiếp tục thực hiện Kế hoạch số 298/KH-UBND ngày 02/12/2021 của UBND quận triển khai thực hiện Đề án "
           "tổ chức phong trào thi đua sáng tạo giai đoạn 2021 - 2025 trên địa bàn quận.")


def test_a_numbers_subject_is_no_citation_of_its_own():
    """The title a number carries out, right after it, is its trích yếu (REVIEW.md §2)."""
    assert not any(n.startswith("Đề án") for n in names(SUBJECT))


def test_a_numbers_subject_named_on_its_own_too_is_cited_with_the_relation():
    cites, rels = extract_citations(SUBJECT + "\nCác phòng tiếp tục thực hiện Đề án tổ chức phong trào thi đua "
                                    "sáng tạo giai đoạn 2021 - 2025.", context=CTX)
    named = [c for c in cites if c.key.name and c.key.name.startswith("Đề án")]
    assert len(named) == 1 and len(named[0].mentions) == 2
    assert [(r.source.ref, r.relation.value) for r in rels] == [("298/KH-UBND", "implements")]
