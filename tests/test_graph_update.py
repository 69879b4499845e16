"""A re-index updates the saved graph in place of building it again (issue 10: one changed file among
100,000 in seconds), and the graph it leaves is the graph a full build of the same corpus gives:
every node and its attributes, every edge and its evidence, the resolver's tables and every query.

The corpus mixes the seed plans (relations between instruments, a cover letter and its plan, named
laws) with generated plans; the changes delete a plan whose text states relations, edit one so
that it cites another decree, add a second copy of a numbered plan (two documents, one
instrument), and then put everything back.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from benchmarks.gencorpus import TIED_REF, generate
from graph import (
    chain,
    cited_by,
    cites,
    coverage,
    instrument_detail,
    load_graph,
    missing,
    most_cited,
    resolve,
)
from graph.store import GraphStore
from pipeline.index import build_index, read_manifest

SEEDS = Path(__file__).resolve().parent.parent / "corpus"
RELATIONS_SEED = "002_59a7d8b938235585.txt"  # 17/KH-UBND: nine relations between instruments
EDITED_SEED = "003_7b9f8ea90a918d33.txt"  # 51/KH-UBND: cites Nghị định 33/2021/NĐ-CP
COPIED_SEED = "001_f2cf7cfd36944194.txt"  # 43/KH-UBND


def _snapshot(ix: Path) -> dict:
    """Everything a reader of the graph can see, in an order-free form."""
    cg = load_graph(ix)
    gs = GraphStore(ix)
    try:
        tables = {t: sorted(map(tuple, gs.conn.execute(f"SELECT * FROM {t}").fetchall()))
                  for t in ("skeletons", "numbers", "names", "tallies")}
    finally:
        gs.close()
    ents = sorted({cg.entity[n] for n in cg.ids})
    queries = {}
    for ent in ents:
        queries[ent] = (instrument_detail(cg, ent), cites(cg, ent), cited_by(cg, ent, limit=1000),
                        cited_by(cg, ent, "basis", limit=1000), coverage(cg, ent),
                        chain(cg, ent, "in", depth=2), chain(cg, ent, "out", depth=2))
    return {
        "nodes": dict(sorted(cg.iter_nodes())),
        "edges": sorted(orjson.dumps([u, v, k, d], option=orjson.OPT_SORT_KEYS) for u, v, k, d in cg.iter_edges()),
        "tables": tables,
        "stats": cg.stats,
        "districts_seen": cg.districts_seen,
        "queries": queries,
        "lists": ([most_cited(cg, d, limit=1000) for d in (None, *cg.districts_seen)], missing(cg, limit=1000)),
        "resolve": [resolve(cg, q) for q in ("NĐ 33", "34/2021/NĐ-CP", "43/KH-UBND", TIED_REF, "17/KH-UBND",
                                              "Luật Giáo dục", "999/QĐ-UBND")],
    }


def _store_view(ix: Path) -> dict:
    """What the searcher reads of the store: headers (with ``cited_by``) and Whoosh's numbers,
    each number checked against the document Whoosh stores under it."""
    from whoosh import index as whoosh_index

    from indexer.layout import WHOOSH_DIR
    from indexer.store import Store

    st = Store(ix.resolve())
    try:
        headers = {h.id: h for h in st.headers()}
        docnums = st.docnums()
    finally:
        st.close()
    with whoosh_index.open_dir(str(ix.resolve() / WHOOSH_DIR)).reader() as reader:
        live = {n: f["doc_id"] for n, f in reader.iter_docs()}
    assert docnums == live
    return headers


def _assert_same(a: dict, b: dict) -> None:
    for part in ("nodes", "edges", "tables", "stats", "districts_seen", "lists", "resolve"):
        assert a[part] == b[part], part
    assert a["queries"].keys() == b["queries"].keys()
    for ent in a["queries"]:
        assert a["queries"][ent] == b["queries"][ent], ent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("graph-update")
    generate(root / "corpus", 60, seed=11, tied=15, sentences_per_plan=6)
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, root / "corpus" / p.name)
    # A second file stating the same relations: when the first leaves, its statements take over.
    shutil.copy(SEEDS / RELATIONS_SEED, root / "corpus" / "zz_relations_again.txt")
    return root


def _full(root: Path, name: str) -> Path:
    ix = root / name
    build_index(root / "corpus", ix, full=True)
    return ix


def test_a_reindex_updates_the_graph_to_what_a_full_build_gives(corpus):
    c = corpus / "corpus"
    ix = corpus / "index"
    build_index(c, ix)
    kept = c.parent / "kept"
    kept.mkdir()
    shutil.move(c / RELATIONS_SEED, kept / RELATIONS_SEED)
    shutil.copy(c / EDITED_SEED, kept / EDITED_SEED)
    edited = (c / EDITED_SEED).read_text("utf-8")
    assert "33/2021/NĐ-CP" in edited
    (c / EDITED_SEED).write_text(edited.replace("33/2021/NĐ-CP", "34/2021/NĐ-CP"), "utf-8")
    shutil.copy(c / COPIED_SEED, c / "zz_copy_of_43.txt")
    plan = c / "plan_000007.txt"
    plan.write_text(plan.read_text("utf-8") + "\nCăn cứ Quyết định số 999/QĐ-UBND ngày 01/02/2023 của "
                    "Ủy ban nhân dân Thành phố về việc thí điểm;\nThực hiện Kế hoạch số 171/KH-UBND ngày "
                    "30/5/2022 và Kế hoạch số 43/KH-UBND ngày 07/02/2023 của Ủy ban nhân dân Quận 1;\n", "utf-8")
    (c / "plan_000009.txt").unlink()

    report = build_index(c, ix)
    assert report.mode == "incremental" and report.graph == "updated"
    assert report.changes == {"unchanged": 62, "changed": 2, "added": 1, "removed": 2}
    full = _full(corpus, "full-1")
    updated = _snapshot(ix)
    _assert_same(updated, _snapshot(full))
    for k in ("documents", "citations", "unresolved"):
        assert read_manifest(ix)[k] == read_manifest(full)[k], k
    view = _store_view(ix)
    assert view == _store_view(full)
    assert view["zz_copy_of_43-1"].cited_by >= 1  # a new document cited by an edited one
    # the edits are in the graph: the copy is a second document of one instrument, the new decree is cited
    twin = updated["nodes"][updated["nodes"]["zz_copy_of_43-1"]["instrument"]]
    assert sorted(twin["documents"]) == ["001_f2cf7cfd36944194-1", "zz_copy_of_43-1"]
    assert any(n.startswith("999/QĐ-UBND") for n in updated["nodes"])
    again = [e for e in updated["edges"] if b'"document":"zz_relations_again-1"' in e]
    assert len(again) >= 5, "the relations of the removed plan are now evidenced by the other file"

    # everything back: the relations are stated again, the decree and the copy leave
    shutil.move(kept / RELATIONS_SEED, c / RELATIONS_SEED)
    shutil.copy(kept / EDITED_SEED, c / EDITED_SEED)
    (c / "zz_copy_of_43.txt").unlink()
    report = build_index(c, ix)
    assert report.graph == "updated"
    full = _full(corpus, "full-2")
    _assert_same(_snapshot(ix), _snapshot(full))
    assert _store_view(ix) == _store_view(full)


def test_a_days_new_files_update_the_graph_to_what_a_full_build_gives(tmp_path):
    """New plans from another archive bring instruments that join groups of short forms of the old
    ones (a version, a dated short number): the update used to index the new nodes' columns before
    appending them (IndexError in graph/update_arrays.py, found by the Typesense failover test)."""
    c = tmp_path / "corpus"
    generate(c, 100, seed=11, sentences_per_plan=8)
    build_index(c, tmp_path / "ix")
    generate(tmp_path / "more", 300, seed=12, sentences_per_plan=8)
    for i, f in enumerate(sorted((tmp_path / "more").glob("*.txt"))):
        f.rename(c / f"new_{i:05d}.txt")
    report = build_index(c, tmp_path / "ix")
    assert report.mode == "incremental" and report.graph == "updated"
    _assert_same(_snapshot(tmp_path / "ix"), _snapshot(_full(tmp_path, "full")))
