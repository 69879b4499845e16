"""Resolution across the files read together (issue 12): ``vanban extract`` given several files
resolves a short number against the full one another file gives (when the dates agree), a law named
bare against the number or version another file gives, and never across years. Through the CLI, on
files written here."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from search_api.cli import app

runner = CliRunner()
HEAD = "ỦY BAN NHÂN DÂN\nQUẬN {n}\nSố: {n}/KH-UBND\nQuận {n}, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\nVề công tác năm 2026\n\n"


def extract(tmp_path, *bodies: str) -> list[list[dict]]:
    """The citations of each file (one document each), read together."""
    paths = []
    for i, body in enumerate(bodies, 1):
        path = tmp_path / f"{i}.txt"
        path.write_text(HEAD.format(n=i) + body + "\n", "utf-8")
        paths.append(str(path))
    r = runner.invoke(app, ["extract", *paths, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    return [f["documents"][0]["citations"] for f in (out if isinstance(out, list) else [out])]


def numbers(citations: list[dict]) -> dict[str, list[str]]:
    return {c["number"] or f'{c["name"]}|{c["year"]}': c["flags"] for c in citations}


@pytest.mark.parametrize("other, short, expected", [
    # a short number whose date agrees with the one full number of the set
    ("Căn cứ Quyết định số 28/2025/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;",
     "Thực hiện Quyết định số 28/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;", "28/2025/QĐ-TTG"),
    # another year: an individual decision of 2009 is not the 1998 one
    ("Căn cứ Quyết định số 211/1998/QĐ-TTg ngày 12/11/1998 của Thủ tướng Chính phủ;",
     "Thực hiện Quyết định số 211/QĐ-TTg ngày 13 tháng 02 năm 2009 của Thủ tướng Chính phủ;", "211/QĐ-TTG"),
    # no date stated: nothing says which year, so it stays as written
    ("Căn cứ Quyết định số 28/2025/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;",
     "Thực hiện Quyết định số 28/QĐ-TTg của Thủ tướng Chính phủ;", "28/QĐ-TTG"),
])
def test_a_short_number_is_the_full_one_of_the_set_when_the_dates_agree(tmp_path, other, short, expected):
    _, cited = extract(tmp_path, other, short)
    assert len(cited) == 1 and cited[0]["number"] == expected
    assert ("short_form" in cited[0]["flags"]) == (expected != cited[0]["mentions"][0]["text"].split("số ")[1].split()[0].upper())


def test_a_law_named_bare_is_the_number_another_file_gives_it(tmp_path):
    _, cited = extract(tmp_path, "Căn cứ Luật Đất đai số 31/2024/QH15;", "Thực hiện Luật Đất đai về bồi thường;")
    assert [c["number"] for c in cited] == ["31/2024/QH15"] and cited[0]["mentions"][0]["text"] == "Luật Đất đai"


def test_a_law_named_bare_is_the_one_version_of_the_set(tmp_path):
    _, cited = extract(tmp_path, "Căn cứ Luật Xây dựng năm 2014;", "Thực hiện Luật Xây dựng;")
    assert [(c["name"], c["year"]) for c in cited] == [("Luật Xây dựng", 2014)]


def test_two_versions_leave_a_bare_name_as_it_is(tmp_path):
    _, _, cited = extract(tmp_path, "Căn cứ Luật Xây dựng năm 2014;", "Căn cứ Luật Xây dựng năm 2020;",
                          "Thực hiện Luật Xây dựng;")
    assert [(c["name"], c["year"]) for c in cited] == [("Luật Xây dựng", None)]


def test_one_file_alone_is_read_as_before(tmp_path):
    (cited,) = extract(tmp_path, "Thực hiện Quyết định số 28/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;")
    assert [c["number"] for c in cited] == ["28/QĐ-TTG"]


def test_citations_that_become_one_instrument_are_merged(tmp_path):
    _, cited = extract(tmp_path, "Căn cứ Luật Xây dựng năm 2014;",
                       "Căn cứ Luật Xây dựng năm 2014;\nThực hiện Luật Xây dựng về quản lý.")
    assert len(cited) == 1 and cited[0]["relation"] == "basis" and len(cited[0]["mentions"]) == 2
