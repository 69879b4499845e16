"""Short forms joined across the corpus in the graph (issue 12, ``graph.aliases``): a law cited
without a version is the one version the corpus cites, a dated number without its year is the one
full number of that year; cited-by and counts of the full instrument include them; and a re-index
that adds a second version (or removes the full number) leaves the graph a full build gives."""
from __future__ import annotations

import pytest
from test_graph_update import _assert_same, _full, _snapshot

from graph import cited_by, load_graph, missing
from pipeline.index import build_index

HEAD = ("ỦY BAN NHÂN DÂN\nQUẬN {n}\nSố: {n}/KH-UBND\nQuận {n}, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
        "Về công tác năm 2026\n\n{body}\nỦy ban nhân dân Quận {n} ban hành kế hoạch như sau.\n")
BODIES = {
    "a": "Căn cứ Luật Đất đai năm 2013;\nCăn cứ Quyết định số 28/2025/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;",
    "b": "Thực hiện Luật Đất đai về bồi thường;\nThực hiện Quyết định số 28/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ;",
    "c": "Thực hiện Quyết định số 28/QĐ-TTg ngày 10/3/2019 của Thủ tướng Chính phủ;",  # another year: not joined
}


@pytest.fixture()
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    for i, (name, body) in enumerate(BODIES.items(), 1):
        (c / f"{name}.txt").write_text(HEAD.format(n=i, body=body), "utf-8")
    return tmp_path


def _numbers(items: list[dict]) -> set[str]:
    return {i["number"] for i in items}


def test_short_forms_are_one_entity_with_the_full_instrument(corpus):
    ix = _full(corpus, "ix")
    cg = load_graph(ix)
    assert cg.node("Luật Đất đai")["alias_of"] == "Luật Đất đai|2013"
    law = cited_by(cg, "Luật Đất đai|2013")
    assert law["total"] == 2 and _numbers(law["items"]) == {"1/KH-UBND", "2/KH-UBND"}
    decision = cited_by(cg, "28/2025/QĐ-TTG")
    assert _numbers(decision["items"]) == {"1/KH-UBND", "2/KH-UBND"}
    assert cg.entity["28/QĐ-TTG|Thủ tướng Chính phủ|2019"] == "28/QĐ-TTG|Thủ tướng Chính phủ|2019"
    listed = [i["id"] for i in missing(cg, limit=100)["items"]]
    assert "Luật Đất đai" not in listed and "Luật Đất đai|2013" in listed  # counted once


def test_a_reindex_joins_and_parts_short_forms_as_a_full_build_does(corpus):
    c, ix = corpus / "corpus", corpus / "index"
    build_index(c, ix)
    # a second version: the bare name can no longer be joined; the full number leaves: nor can the short one
    (c / "d.txt").write_text(HEAD.format(n=4, body="Căn cứ Luật Đất đai năm 2024;"), "utf-8")
    original = (c / "a.txt").read_text("utf-8")
    (c / "a.txt").write_text(original.replace("Căn cứ Quyết định số 28/2025/QĐ-TTg", "Căn cứ Quyết định số 27/2025/QĐ-TTg"),
                             "utf-8")
    assert build_index(c, ix).graph == "updated"
    cg = load_graph(ix)
    assert "alias_of" not in cg.node("Luật Đất đai")
    assert "alias_of" not in cg.node("28/QĐ-TTG|Thủ tướng Chính phủ|2025")
    _assert_same(_snapshot(ix), _snapshot(_full(corpus, "full-1")))
    # and back: the second version leaves, the full number returns
    (c / "d.txt").unlink()
    (c / "a.txt").write_text(original, "utf-8")
    assert build_index(c, ix).graph == "updated"
    cg = load_graph(ix)
    assert cg.node("Luật Đất đai")["alias_of"] == "Luật Đất đai|2013"
    assert cg.entity["28/QĐ-TTG|Thủ tướng Chính phủ|2025"] == "28/2025/QĐ-TTG"
    _assert_same(_snapshot(ix), _snapshot(_full(corpus, "full-2")))


def test_the_resolver_answers_the_full_instrument_for_a_short_form(corpus):
    from graph import resolve

    cg = load_graph(_full(corpus, "ix"))
    r = resolve(cg, "Luật Đất đai")
    assert r["status"] == "found" and [c["id"] for c in r["candidates"]] == ["Luật Đất đai|2013"]


def test_a_law_named_without_its_number_is_the_number_the_corpus_gives_it(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    for i, body in enumerate(["Căn cứ Luật Đất đai số 45/2013/QH13;", "Căn cứ Luật Đất đai năm 2013;",
                              "Thực hiện Luật Đất đai về bồi thường;"], 1):
        (c / f"{i}.txt").write_text(HEAD.format(n=i, body=body), "utf-8")
    ix = tmp_path / "ix"
    build_index(c, ix)
    cg = load_graph(ix)
    assert cg.entity["Luật Đất đai|2013"] == cg.entity["Luật Đất đai"] == "45/2013/QH13"
    assert cited_by(cg, "45/2013/QH13")["total"] == 3
    # a re-index that adds the 2024 law by its number: the bare name is no longer one law
    (c / "4.txt").write_text(HEAD.format(n=4, body="Căn cứ Luật Đất đai số 31/2024/QH15;"), "utf-8")
    assert build_index(c, ix).graph == "updated"
    cg = load_graph(ix)
    assert cg.entity["Luật Đất đai|2013"] == "45/2013/QH13" and cg.entity["Luật Đất đai"] == "Luật Đất đai"
    _assert_same(_snapshot(ix), _snapshot(_full(tmp_path, "full")))
