"""Small pieces (issue 11): no module over 400 lines, no function over 60 — in the code, the
benchmarks and these tests. A module that grows past it is split by concept, a function into
named steps."""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("indexer", "graph", "pipeline", "search_api", "benchmarks", "tests")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py"))


def test_no_module_over_400_lines():
    long = {str(p.relative_to(REPO)): n for p in _modules()
            if (n := p.read_text("utf-8").count("\n")) > MAX_MODULE_LINES}
    assert not long, long


def test_no_function_over_60_lines():
    long = []
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{p.relative_to(REPO)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, long
