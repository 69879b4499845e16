"""The Typesense backend against a real 3-node cluster: the seed gold, the same answers as Whoosh
on the same index, pages that partition a tied result set, incremental updates and the alias swap."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from whoosh.query import And, AndMaybe, Every, NullQuery, Or, Term

from benchmarks.gencorpus import TIED_REF, generate
from pipeline.engine import Engine, encode, engine_config
from pipeline.index import build_index
from search_api.search import Searcher, SearchRequest
from search_api.ts_filter import ALL, NOTHING, compile_filter, required_parts
from search_api.typesense_backend import EngineUnavailable, typesense_backend

GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text("utf-8"))
CORPUS = Path(__file__).resolve().parent.parent / "corpus"

def h(*tokens: str) -> str:
    """A filter list as the compiler writes it: tokens hex-encoded as the records hold them."""
    return "[" + ",".join(f"`{encode(t)}`" for t in tokens) + "]"


COMPILE = [
    # a term is one exact token of one field
    (Term("cite_basis", "19-CT/TU"), f"cite_basis:={h('19-CT/TU')}"),
    # an Or of one field's spellings is one list; of several fields, their disjunction
    (Or([Term("body", "quận"), Term("body", "quan")]), f"body:={h('quận', 'quan')}"),
    (Or([Term("body", "a"), Term("title_syl", "a")]), f"(body:={h('a')} || title_syl:={h('a')})"),
    # And is &&; AndMaybe matches on its first part only (the second ranks)
    (And([Term("bigrams", "a_b"), Term("bigrams", "b_c")]), f"(bigrams:={h('a_b')} && bigrams:={h('b_c')})"),
    (AndMaybe(Term("bigrams", "a_b"), Term("title_bigrams", "a_b")), f"bigrams:={h('a_b')}"),
    # nothing, everything, and what no record holds (pyvi's words rank in Whoosh, match nowhere)
    (NullQuery, NOTHING),
    (Every(), ALL),
    (And([Term("bigrams", "a_b"), NullQuery]), NOTHING),
    (Or([Term("words", "chỉ_thị"), Term("body", "x")]), f"body:={h('x')}"),
    # a backtick, which would end a filter value, is hex like everything else
    (Term("body", "a`b"), f"body:={h('a`b')}"),
    # two spellings that differ by a tone mark stay two values (Typesense's own compare did not)
    (Term("bigrams", "toàn_giao"), "bigrams:=[`746fc3a06e5f6769616f`]"),
]


@pytest.mark.parametrize("q,expected", COMPILE, ids=[str(c[0]) for c in COMPILE])
def test_compile_filter(q, expected):
    assert compile_filter(q) == expected


@pytest.mark.parametrize("case", GOLD["queries"], ids=[q["q"] for q in GOLD["queries"]])
def test_gold_query_on_typesense(ts_client, case):
    r = ts_client.get("/api/search", params={"q": case["q"], "size": 100})
    assert r.status_code == 200, r.text
    got = {h["number"] for h in r.json()["hits"]}
    assert not set(case["expect"]) - got, (case["q"], case.get("why"))
    assert not set(case["expect_not"]) & got, (case["q"], case.get("why"))


EXTRA = [
    dict(q="chi thi 19"), dict(q='"kế hoạch thực hiện"'), dict(q='"ke hoach thuc hien"'),
    dict(q="phòng chống dịch", sort="newest"), dict(q="quận 10", sort="oldest"),
    dict(q="19-CT/TU", sort="cited"), dict(q="kế hoạch", year=2022), dict(q="", doc_type="Kế hoạch"),
    dict(q="HĐND"), dict(q="hội đồng nhân dân"), dict(q="type:kế_hoạch thi đua"),
    dict(q="", cites="19-CT/TU", relation="basis"), dict(q="khong co tu nay xyz"),
    # header filters said to the engine as value lists and date ranges (engine_pages._where)
    dict(q="kế hoạch", date_from="2022-03", date_to="2023"), dict(q="", date_to="2021", sort="oldest"),
    dict(q="", issuer="quận 1", sort="oldest"), dict(q="19-CT/TU", district="Quận Gò Vấp"),
    dict(q="", relation="implements", sort="cited"), dict(q="thi đua", cites="19-CT/TU"),
    dict(q="", issuer="không có cơ quan này"), dict(q="", sort="cited", page=2, size=5),
]


@pytest.fixture(scope="module")
def both(ts_settings):
    ts = Searcher(ts_settings.index_dir, backend=typesense_backend(engine_config(ts_settings)))
    wh = Searcher(ts_settings.index_dir)
    yield ts, wh
    ts.close()
    wh.close()


@pytest.mark.parametrize("params", [{"q": c["q"]} for c in GOLD["queries"]] + EXTRA, ids=repr)
def test_same_answers_as_whoosh(both, params):
    """Same total, facets and documents; the same order whenever the order is not a score."""
    ts, wh = both
    a, b = (s.search(SearchRequest(**{"size": 100, **params})) for s in both)
    assert a["total"] == b["total"]
    assert a["facets"] == b["facets"]
    ids = [[h["id"] for h in r["hits"]] for r in (a, b)]
    assert set(ids[0]) == set(ids[1])
    scored = a["understood"]["words"] or a["understood"]["phrases"]
    if a["sort"] != "relevance" or not scored:  # citations rank on their fields, the rest on columns
        assert ids[0] == ids[1]
    assert ts.backend.name == "typesense" and wh.backend.name == "whoosh"


@pytest.fixture(scope="module")
def tied(ts_cluster, tmp_path_factory):
    """300 generated plans, 150 of them citing TIED_REF with the same preamble."""
    root = tmp_path_factory.mktemp("ts-tied")
    truth = generate(root / "corpus", 300, seed=3, tied=150)
    cfg = ts_cluster.config("tied")
    build_index(root / "corpus", root / "index", engine=cfg)
    s = Searcher(root / "index", backend=typesense_backend(cfg))
    yield s, truth
    s.close()


@pytest.mark.parametrize("q", [TIED_REF, "kế hoạch", "ke hoach thuc hien"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "cited"])
def test_pages_partition_a_tied_result_set(tied, q, sort):
    s, truth = tied
    whole = s.search(SearchRequest(q=q, size=100, sort=sort))
    pages, page = [], 1
    while True:
        r = s.search(SearchRequest(q=q, size=7, page=page, sort=sort))
        pages += [h["id"] for h in r["hits"]]
        if page >= r["pages"]:
            break
        page += 1
    assert len(pages) == len(set(pages)) == whole["total"]
    assert pages[:100] == [h["id"] for h in whole["hits"]]
    if q == TIED_REF:
        assert set(pages) == set(truth["cites"][TIED_REF])


def test_incremental_update_by_document(ts_cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    cfg = ts_cluster.config("incremental")
    assert build_index(corpus, tmp_path / "ix", engine=cfg).engine == "rebuilt"
    engine = Engine(cfg)
    first = engine.current()
    extra = corpus / "extra.txt"
    before = _cited_order(Searcher(tmp_path / "ix", backend=typesense_backend(cfg)))
    extra.write_text("UBND QUẬN 3\nSố: 999/KH-UBND\nKẾ HOẠCH\nThực hiện Chỉ thị số 19-CT/TU về giải phóng mặt bằng\n"
                     "Căn cứ Kế hoạch số 43/KH-UBND ngày 07/02/2023 của Ủy ban nhân dân Quận 1.\n", "utf-8")
    report = build_index(corpus, tmp_path / "ix", engine=cfg)
    assert (report.mode, report.engine) == ("incremental", "updated")
    assert engine.current() == first  # updated in place, not rebuilt
    s = Searcher(tmp_path / "ix", backend=typesense_backend(cfg))
    assert "999/KH-UBND" in {h["number"] for h in s.search(SearchRequest(q="19-CT/TU", size=100))["hits"]}
    s.close()
    # the plan the new one cites counts one more citer on the engine too: the cited order follows
    # (on every node: a follower applies the update a moment after the leader)
    whoosh_order = _cited_order(Searcher(tmp_path / "ix"))
    assert whoosh_order != before
    assert _eventually(lambda: _cited_order(Searcher(tmp_path / "ix", backend=typesense_backend(cfg))) == whoosh_order)
    extra.unlink()
    report = build_index(corpus, tmp_path / "ix", engine=cfg)
    assert report.engine == "updated" and engine.settled_count(report.documents) == report.documents
    s = Searcher(tmp_path / "ix", backend=typesense_backend(cfg))
    assert "999/KH-UBND" not in {h["number"] for h in s.search(SearchRequest(q="19-CT/TU", size=100))["hits"]}
    s.close()


def _cited_order(s: Searcher) -> list[str]:
    try:
        return [h["id"] for h in s.search(SearchRequest(q="", sort="cited", size=100))["hits"]]
    finally:
        s.close()


def test_full_rebuild_swaps_the_alias(ts_cluster, tmp_path):
    """A full build fills a new collection unseen by readers, then moves the alias and drops the old."""
    cfg = ts_cluster.config("swap")
    report = build_index(CORPUS, tmp_path / "ix", engine=cfg)
    engine = Engine(cfg)
    old = engine.current()
    engine.client.collections.create({"name": "swap_half", "fields": [{"name": "file", "type": "string"}]})
    engine.client.collections["swap_half"].documents.create({"id": "x", "file": "x"})
    assert engine.count() == report.documents  # a half-built collection is not what readers see
    engine.client.collections["swap_half"].delete()
    again = build_index(CORPUS, tmp_path / "ix", engine=cfg, full=True)
    assert again.engine == "rebuilt" and engine.current() != old
    assert _eventually(lambda: old not in {c["name"] for c in engine.client.collections.retrieve()})
    assert engine.settled_count(again.documents) == again.documents


def test_server_refuses_a_collection_of_another_generation(ts_cluster, tmp_path):
    """A searcher whose cluster lacks the collection, or holds another count, says what to run."""
    build_index(CORPUS, tmp_path / "ix")  # Whoosh only: the cluster has no such alias
    with pytest.raises(EngineUnavailable, match="VANBAN_BACKEND=typesense"):
        Searcher(tmp_path / "ix", backend=typesense_backend(ts_cluster.config("never-built")))
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(min(CORPUS.glob("*.txt")), one)
    build_index(one, tmp_path / "ix-one", engine=ts_cluster.config("one"))
    with pytest.raises(EngineUnavailable, match="holds"):
        Searcher(tmp_path / "ix", backend=typesense_backend(ts_cluster.config("one")))


def _eventually(check, seconds: float = 10.0) -> bool:
    """Followers apply a write a moment after the leader: poll, as a reader would."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def test_required_parts_are_what_every_match_holds():
    core = And([Term("bigrams", "a_b"), Or([Term("bigrams", "b_c"), Term("bigrams", "b_d")])])
    q = AndMaybe(core, Term("title_bigrams", "a_b"))
    assert required_parts(q) == {compile_filter(core), f"bigrams:={h('a_b')}", f"bigrams:={h('b_c', 'b_d')}"}
    # the ranking-only part and an Or's alternatives are not required
    assert f"title_bigrams:={h('a_b')}" not in required_parts(q)
    assert required_parts(Or([Term("body", "x"), Term("title_syl", "x")])) == {f"(body:={h('x')} || title_syl:={h('x')})"}


def test_tone_marks_and_long_imports_kept_exactly(ts_cluster, tmp_path):
    """Typesense's own compare matched ``toàn_giao`` on a record holding only ``toán_giao``, and
    an import lost a two-byte letter (``ngn_sách``): tokens travel hex-encoded, compared as bytes."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    base = "UBND QUẬN 3\nSố: {n}/KH-UBND\nKẾ HOẠCH\n{body}\n"
    (corpus / "a.txt").write_text(base.format(n=1, body="Bài toán giao thông đô thị."), "utf-8")
    (corpus / "b.txt").write_text(base.format(n=2, body="Bảo đảm an toàn giao thông."), "utf-8")
    for i in range(3, 60):  # a body big enough to span chunks of the import
        (corpus / f"p{i}.txt").write_text(base.format(n=i, body="Dự toán ngân sách nhà nước. " * 400), "utf-8")
    cfg = ts_cluster.config("tones")
    build_index(corpus, tmp_path / "ix", engine=cfg)
    ts = Searcher(tmp_path / "ix", backend=typesense_backend(cfg))
    wh = Searcher(tmp_path / "ix")
    for q in ['"an toàn giao"', "toàn giao", "toán giao", "ngân sách", "ngan sach"]:
        a, b = (s.search(SearchRequest(q=q, size=100)) for s in (ts, wh))
        assert sorted(h["number"] for h in a["hits"]) == sorted(h["number"] for h in b["hits"]), q
    assert ts.search(SearchRequest(q="toàn giao"))["total"] == 1
    assert ts.search(SearchRequest(q="ngân sách"))["total"] == 57
    ts.close()
    wh.close()


@pytest.mark.parametrize("sort", ["newest", "relevance"])
def test_a_common_phrase_is_confirmed_page_by_page_on_both(tied, monkeypatch, sort):
    """Past ``PHRASE_EXACT_MAX`` candidates a quoted phrase is confirmed on the pages shown (the
    total counts candidates): on the engine's order as on the in-process one, the same pages."""
    import search_api.engine_pages as pages
    from search_api import search

    monkeypatch.setattr(search, "PHRASE_EXACT_MAX", 5)
    monkeypatch.setattr(pages, "PHRASE_EXACT_MAX", 5)
    ts, _ = tied
    wh = Searcher(ts.index_dir)
    try:
        got = []
        for s in (ts, wh):
            answers = [s.search(SearchRequest(q='"kế hoạch thực hiện"', sort=sort, size=7, page=p)) for p in (1, 2, 3)]
            assert all(a["total_is_estimate"] for a in answers)
            got.append([[h["id"] for h in a["hits"]] for a in answers] + [answers[0]["total"]])
        assert got[0][-1] == got[1][-1] > 5
        assert len({i for page in got[0][:-1] for i in page}) == 21  # three full pages, no repeat
        if sort == "newest":
            assert got[0] == got[1]
    finally:
        wh.close()


@pytest.mark.parametrize("params", [dict(q="19-CT/TU"), dict(q="kế hoạch", sort="newest"),
                                    dict(q="", cites="19-CT/TU"), dict(q="phòng chống dịch"),
                                    dict(q='"kế hoạch thực hiện"')], ids=repr)
def test_csv_export_same_as_whoosh(both, params):
    """The download read from the engine a page of ids at a time: the same rows and relations."""
    (total_ts, rows_ts), (total_wh, rows_wh) = (s.export(SearchRequest(**params), 10_000) for s in both)
    assert total_ts == total_wh == len(rows_ts) == len(rows_wh) > 0
    assert {r["id"]: r["relation"] for r in rows_ts} == {r["id"]: r["relation"] for r in rows_wh}
    if params.get("sort") or not params["q"] or params["q"] == "19-CT/TU":  # orders not by a word score
        assert [r["id"] for r in rows_ts] == [r["id"] for r in rows_wh]


@pytest.mark.parametrize("q", [TIED_REF, "kế hoạch", f'{TIED_REF} "kế hoạch"'])  # a citation and a short phrase
def test_csv_export_is_the_pages_joined_on_the_engine(tied, q):
    s, _ = tied
    total, rows = s.export(SearchRequest(q=q), 10_000)
    pages = [h["id"] for p in range(1, 5) for h in s.search(SearchRequest(q=q, size=50, page=p))["hits"]]
    assert [r["id"] for r in rows][:len(pages)] == pages and total == len(rows)
    if q == TIED_REF:
        assert {r["relation"] for r in rows} <= {"basis", "implements", "mentions"} and rows[0]["relation"]
