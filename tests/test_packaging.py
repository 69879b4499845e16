"""Every package the code imports is declared (issue 11): the runtime packages' third-party imports
are in ``[project] dependencies``, the benchmarks' and tests' in those or the ``dev`` extra, each
pinned; the constraints file pins every one of them too."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OURS = {"indexer", "graph", "pipeline", "search_api", "benchmarks", "tests", "conftest", "graph_fixtures",
        "web_pages"} | {p.stem for p in (REPO / "tests").glob("*.py")}


def _imports(packages: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for pkg in packages:
        for p in (REPO / pkg).rglob("*.py"):
            for n in ast.walk(ast.parse(p.read_text("utf-8"))):
                if isinstance(n, ast.Import):
                    out |= {a.name.split(".")[0] for a in n.names}
                elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
                    out.add(n.module.split(".")[0])
    return {m for m in out if m not in sys.stdlib_module_names and m not in OURS}


def _names(specs: list[str]) -> dict[str, str]:
    """Requirement name (normalised) → its spec."""
    return {re.split(r"[=<>!~\[ ]", s, maxsplit=1)[0].lower().replace("_", "-"): s for s in specs}


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def _distributions(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in packages_distributions().get(module, [])}


def test_runtime_imports_are_declared_and_pinned():
    declared = _names(_project()["dependencies"])
    missing = {m: _distributions(m) for m in _imports(("indexer", "graph", "pipeline", "search_api"))
               if not _distributions(m) & set(declared)}
    assert not missing, f"imported but not in [project] dependencies: {missing}"
    assert all("==" in spec for spec in declared.values()), declared


def test_benchmark_and_test_imports_are_declared():
    project = _project()
    declared = set(_names(project["dependencies"])) | set(_names(project["optional-dependencies"]["dev"]))
    missing = {m for m in _imports(("benchmarks", "tests")) if not _distributions(m) & declared}
    assert not missing, f"imported by benchmarks or tests but not declared: {missing}"


def test_constraints_pin_every_declared_package():
    project = _project()
    pinned = _names([line for line in (REPO / "constraints.txt").read_text("utf-8").splitlines()
                     if line and not line.startswith("#")])
    declared = _names(project["dependencies"]) | _names(project["optional-dependencies"]["dev"])
    assert set(declared) <= set(pinned), set(declared) - set(pinned)
    for name, spec in declared.items():
        assert spec.split(";")[0].split("#")[0].strip().split("==")[1] == pinned[name].split("==")[1], name
