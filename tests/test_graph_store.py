"""The graph a server loads (memory-mapped arrays + SQLite, issue 17) answers exactly as the graph the
indexer built in memory: every query, for every entity, on the seeds and on a generated archive
where hundreds of plans cite one decision the same way (their order ties on date)."""
from __future__ import annotations

import pytest

from benchmarks.gencorpus import TIED_REF, generate
from graph import (
    build_graph,
    chain,
    cited_by,
    cites,
    coverage,
    export,
    instrument_detail,
    load_graph,
    missing,
    most_cited,
    resolve,
    status,
)
from graph.queries import paths
from pipeline.index import build_index, read_documents


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("graph-archive")
    generate(root / "corpus", 250, seed=3, tied=80, sentences_per_plan=8)
    build_index(root / "corpus", root / "index")
    return root / "index"


@pytest.fixture(params=["seeds", "generated"])
def pair(request, index_dir):
    ix = index_dir if request.param == "seeds" else request.getfixturevalue("archive")
    return build_graph(read_documents(ix)), load_graph(ix)


def _entities(cg) -> list[str]:
    return sorted({cg.entity[n] for n in cg.ids})


def test_every_entity_answers_the_same(pair):
    built, loaded = pair
    assert loaded.g is None and built.g is not None
    assert loaded.ids == built.ids and loaded.edge_count == built.edge_count
    districts = [None, *built.districts_seen[:3]]
    for ent in _entities(built):
        assert instrument_detail(loaded, ent) == instrument_detail(built, ent), ent
        assert status(loaded, ent) == status(built, ent), ent
        assert cites(loaded, ent) == cites(built, ent), ent
        for d in districts:
            for rel in (None, "basis", "implements", "mentions"):
                assert cited_by(loaded, ent, rel, d, limit=1000) == cited_by(built, ent, rel, d, limit=1000), ent
        for direction in ("in", "out"):
            assert chain(loaded, ent, direction, depth=2) == chain(built, ent, direction, depth=2), ent
        assert coverage(loaded, ent) == coverage(built, ent), ent


def test_lists_resolver_and_exports_are_the_same(pair):
    built, loaded = pair
    for d in (None, *built.districts_seen):
        assert most_cited(loaded, d, limit=1000) == most_cited(built, d, limit=1000)
    assert missing(loaded, limit=1000) == missing(built, limit=1000)
    for q in ("19-CT/TU", "Chỉ thị 19/CT-TU", "NĐ 33", TIED_REF, "quyết định 3235", "Luật Giáo dục", "171/KH-UBND"):
        assert resolve(loaded, q) == resolve(built, q), q
    ents = _entities(built)
    assert paths(loaded, ents[0], ents[-1]) == paths(built, ents[0], ents[-1])
    assert export(loaded, "csv") == export(built, "csv")
    some = ents[len(ents) // 2]
    assert export(loaded, "json", node=some, depth=1) == export(built, "json", node=some, depth=1)


def test_cited_by_pages_partition_the_citers_of_a_tied_decision(archive):
    cg = load_graph(archive)
    whole = cited_by(cg, TIED_REF, limit=1000)
    assert whole["total"] >= 80
    for size in (7, 10, 100):
        items = []
        for offset in range(0, whole["total"], size):
            page = cited_by(cg, TIED_REF, limit=size, offset=offset)
            assert page["total"] == whole["total"]
            items += page["items"]
        assert items == whole["items"]
    dates = [x["date"] for x in whole["items"] if x["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_the_loaded_graph_maps_its_arrays_and_unpickles_nothing(archive):
    import numpy as np

    cg = load_graph(archive)
    assert isinstance(cg.e_src, np.memmap) and not cg.e_src.flags.writeable
    for f in (archive / "graph.arrays").iterdir():
        np.load(f, allow_pickle=False)  # raises on an object array


def test_whole_graph_exports_stream_what_networkx_writes(pair):
    """The whole-graph exports are written element by element from the store; they hold what
    networkx's own writers give for the graph built in memory."""
    import io
    import json

    import networkx as nx

    from graph.export import _json_ready, graphml_ready

    built, loaded = pair
    for fmt in ("graphml", "json", "csv"):
        assert export(loaded, fmt) == export(built, fmt), fmt
    ours = nx.read_graphml(io.StringIO(export(loaded, "graphml")), force_multigraph=True)
    theirs = nx.read_graphml(io.StringIO("\n".join(nx.generate_graphml(graphml_ready(built.g)))),
                             force_multigraph=True)
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert sorted(ours.edges(keys=True, data=True), key=repr) == sorted(theirs.edges(keys=True, data=True), key=repr)
    data = json.loads(export(loaded, "json"))
    want = _json_ready(built.g)
    assert data["nodes"] == want["nodes"] and data["edges"] == want["edges"]
