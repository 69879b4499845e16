"""Data flows one way: a module imports only from stages to its left (CONVENTIONS.md)."""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Rank of each top-level package: a module may import packages of lower or equal rank only.
RANK = {"indexer": 0, "graph": 1, "pipeline": 2, "search_api": 3}
# Inside indexer, the stages in order; build (the stages over a corpus) is last. Running them, then
# the graph, is pipeline.index: no package imports one to its right, with no exception.
INDEXER_ORDER = [
    "fold", "terms", "layout", "models", "places", "settings", "refs", "normalize", "ocr", "ingest_text", "legacy", "ingest_markup", "ingest_office", "ingest", "reflow", "issuers",
    "cite",
    "header_cells", "header_issuer", "header_fields", "header_lead", "header",
    "documents", "citations", "corpus", "evaluate", "tokenize", "schema", "incremental", "vocab", "sqlite_ro", "store", "build",
]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            if (REPO / node.module.replace(".", "/") / "__init__.py").exists():  # from indexer.cite import find
                out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_packages_import_only_leftwards():
    bad = []
    for pkg, rank in RANK.items():
        for path in (REPO / pkg).rglob("*.py"):
            for mod in imports(path):
                top = mod.split(".")[0]
                if top in RANK and RANK[top] > rank:
                    bad.append(f"{path.relative_to(REPO)} imports {mod}")
    assert not bad, bad


def test_graph_package_never_imports_search_api():
    for path in (REPO / "graph").rglob("*.py"):
        assert not any(m.startswith("search_api") for m in imports(path)), path


# Inside indexer.cite (citation extraction), its parts in the order they run.
CITE_ORDER = ["grammar", "find", "titled", "named", "identity", "context", "relations"]


def test_every_indexer_module_has_a_place_in_the_order():
    modules = {p.stem for p in (REPO / "indexer").glob("*.py")} - {"__init__"}
    packages = {p.name for p in (REPO / "indexer").iterdir() if (p / "__init__.py").exists()}
    assert modules | packages <= set(INDEXER_ORDER), (modules | packages) - set(INDEXER_ORDER)
    cite = {p.stem for p in (REPO / "indexer" / "cite").glob("*.py")} - {"__init__"}
    assert cite == set(CITE_ORDER), cite ^ set(CITE_ORDER)


def test_citation_parts_import_only_earlier_parts():
    bad = []
    for path in (REPO / "indexer" / "cite").glob("*.py"):
        if path.stem not in CITE_ORDER:
            continue
        me = CITE_ORDER.index(path.stem)
        for mod in imports(path):
            parts = mod.split(".")
            if parts[:2] == ["indexer", "cite"] and len(parts) > 2 and CITE_ORDER.index(parts[2]) > me:
                bad.append(f"cite/{path.name} imports {mod}")
            if parts[0] == "indexer" and len(parts) > 1 and parts[1] in INDEXER_ORDER and \
                    INDEXER_ORDER.index(parts[1]) > INDEXER_ORDER.index("cite"):
                bad.append(f"cite/{path.name} imports the later stage {mod}")
    assert not bad, bad


def test_indexer_stages_import_only_earlier_stages():
    bad = []
    for path in (REPO / "indexer").glob("*.py"):
        if path.stem not in INDEXER_ORDER:
            continue
        me = INDEXER_ORDER.index(path.stem)
        for mod in imports(path):
            parts = mod.split(".")
            if (parts[0] == "indexer" and len(parts) > 1 and parts[1] in INDEXER_ORDER
                    and INDEXER_ORDER.index(parts[1]) > me):
                bad.append(f"{path.name} imports {mod}")
    assert not bad, bad


def _module_graph():
    """Every module of the three packages → the modules it imports (relative imports resolved,
    imports inside functions included)."""
    import networkx as nx

    g = nx.DiGraph()
    for pkg in RANK:
        for path in (REPO / pkg).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            me = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            package = me if parts[-1] == "__init__" else ".".join(parts[:-1])
            g.add_node(me)
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    base = package.split(".")[:len(package.split(".")) - (node.level - 1)] if node.level else []
                    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                    names = [f"{target}.{a.name}" for a in node.names]
                    targets = [n for n in names if (REPO / (n.replace(".", "/") + ".py")).exists()] or [target]
                elif isinstance(node, ast.Import):
                    targets = [a.name for a in node.names]
                else:
                    continue
                for t in targets:
                    if t.split(".")[0] in RANK and t != me:
                        g.add_edge(me, t)
    return g


def test_no_import_cycles_between_modules():
    import networkx as nx

    g = _module_graph()
    g.remove_nodes_from([n for n in list(g) if n in RANK])  # package __init__ files re-export
    cycles = list(nx.simple_cycles(g))
    assert not cycles, cycles
