"""The index directory holds no pickle of documents or graph, and opening it unpickles nothing of
ours (issue 17): Whoosh's own table of contents is the only pickle of the index read (it names
Whoosh's classes and the analyzers of ``indexer.tokenize``), never a document, a citation or a
graph. Python's audit hook sees every class an unpickler looks up, whoever calls it."""
from __future__ import annotations

import sys

from fastapi.testclient import TestClient

from indexer.settings import Settings
from search_api.app import create_app

_SEEN: list[tuple[str, str]] = []
_ON = [False]


def _hook(event: str, args: tuple) -> None:
    if _ON[0] and event == "pickle.find_class":
        _SEEN.append((str(args[0]), str(args[1])))


sys.addaudithook(_hook)  # cannot be removed; it records only while _ON[0] is set


def test_the_index_directory_holds_no_pickle_outside_whoosh(index_dir):
    gen = index_dir.resolve()
    for path in gen.rglob("*"):
        if path.is_file() and "whoosh" not in path.relative_to(gen).parts:
            head = path.read_bytes()[:2]
            assert not path.name.endswith((".pickle", ".pkl")), path
            assert not (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")), path


def test_opening_and_serving_unpickles_nothing_but_whoosh_and_its_analyzers(index_dir):
    _SEEN.clear()
    _ON[0] = True
    try:
        with TestClient(create_app(Settings(index_dir=index_dir))) as c:
            for url in ("/api/search?q=19-CT/TU", "/api/search?q=chuyen doi so", "/api/graph/most-cited",
                        "/api/documents", "/api/graph/export?format=json"):
                assert c.get(url).status_code == 200, url
    finally:
        _ON[0] = False
    modules = {m for m, _ in _SEEN}
    assert modules, "Whoosh's table of contents is a pickle: the hook must have seen it"
    # Whoosh's TOC (its classes, our analyzers) and pyvi's own model files (numpy, scikit-learn),
    # which live in the pyvi package, not in the index directory.
    allowed = ("whoosh", "builtins", "__builtin__", "copyreg", "collections", "_codecs", "re", "array",
               "numpy", "sklearn", "sklearn_crfsuite", "pycrfsuite", "scipy", "pyvi")
    odd = sorted(m for m in modules if m.split(".")[0] not in allowed and m != "indexer.tokenize")
    assert not odd, odd
    assert not any(m.startswith(("indexer.models", "networkx", "graph")) for m in modules)
