"""One vocabulary (issue 11): relations, flags and instrument types are defined in ``indexer.terms``
only, and the web pages, the CSV export and the API show its words."""
from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

from indexer import terms
from indexer.terms import (
    CITED_BY_HEADINGS,
    DOC_RELATION_LABELS,
    EDGE_WORDS,
    EDGE_WORDS_PASSIVE,
    FLAG_HINTS,
    FLAG_LABELS,
    RELATION_COLOURS,
    RELATION_LABELS,
    RELATION_STRENGTH,
    TYPE_CODES,
    Flag,
    InstrumentRelationType,
    Relation,
)

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("indexer", "graph", "pipeline", "search_api")
HOME = REPO / "indexer" / "terms.py"


def _sources() -> list[Path]:
    return [p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py") if p != HOME]


def _templates() -> list[Path]:
    return sorted((REPO / "search_api" / "templates").glob("*.html"))


# ---- the vocabulary itself -------------------------------------------------------------------

def test_every_relation_and_flag_has_its_words():
    for r in Relation:
        assert r.label and r.strength and r.colour and EDGE_WORDS[r] and EDGE_WORDS_PASSIVE[r]
    for r in InstrumentRelationType:
        assert r.label and RELATION_COLOURS[r] and CITED_BY_HEADINGS[r]
    for f in Flag:
        assert f.label and f.hint.endswith(".")
    assert set(FLAG_LABELS) == set(FLAG_HINTS) == {f.value for f in Flag}
    assert max(Relation, key=lambda r: r.strength) is Relation.BASIS
    assert DOC_RELATION_LABELS == {r.value: r.label for r in Relation}


def test_one_type_table_for_headers_and_citations():
    """The header parser and the citation grammar read a number's type code with one table: the
    code of ``12/QH-UBND`` is a Quy hoạch for both (the two tables had disagreed), while the
    ``QH14`` of ``131/2020/QH14`` names the Quốc hội."""
    from indexer.cite.grammar import type_of
    from indexer.header import parse_header

    assert TYPE_CODES["QH"] == "Quy hoạch" and type_of("QH14") == "Nghị quyết"
    for code, word in TYPE_CODES.items():
        assert type_of(code) == word or code in terms.PARTY_TYPE_CODES or code.startswith("QH")
    text = "ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 12/PA-UBND\nQuận 1, ngày 01 tháng 02 năm 2023\n\nVề phòng cháy\n"
    assert parse_header(text.split("\n")).doc_type == "Phương án"


# ---- nothing else defines them ---------------------------------------------------------------

def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_no_other_module_writes_the_labels():
    types = {*TYPE_CODES.values(), *terms.TYPE_WORDS}  # "Hướng dẫn" is a relation and a type
    words = {*RELATION_LABELS.values(), *FLAG_LABELS.values(), *FLAG_HINTS.values(), *EDGE_WORDS_PASSIVE.values(),
             *CITED_BY_HEADINGS.values(), *RELATION_COLOURS.values()} - types
    found = [f"{p.relative_to(REPO)}: {w!r}" for p in _sources() for w in _string_constants(p) & words]
    found += [f"{p.relative_to(REPO)}: {w!r}" for p in _templates() for w in words - set(RELATION_LABELS.values())
              if w in p.read_text("utf-8")]
    assert not found, found


def _dicts(path: Path):
    for n in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(n, ast.Dict) and n.keys and all(isinstance(k, ast.Constant) for k in n.keys):
            yield {k.value: (v.value if isinstance(v, ast.Constant) else None) for k, v in zip(n.keys, n.values)}


def test_no_other_module_has_a_type_or_strength_table():
    bad = []
    for p in _sources():
        for d in _dicts(p):
            if sum(1 for k, v in d.items() if v is not None and TYPE_CODES.get(k) == v) >= 3:
                bad.append(f"{p.relative_to(REPO)}: a type-code table {list(d)[:4]}…")
            if {"basis", "implements", "mentions"} <= set(d) and all(isinstance(d[r], int) for r in RELATION_STRENGTH):
                bad.append(f"{p.relative_to(REPO)}: a relation-strength table")
    assert not bad, bad


# ---- pages, CSV and API show its words -------------------------------------------------------

def test_api_labels_are_the_vocabulary(client):
    items = client.get("/api/instruments/19-CT/TU/cited-by").json()["items"]
    assert items and all(i["relation_label"] == RELATION_LABELS[i["relation"]] for i in items)


def test_csv_export_uses_the_relation_labels(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/search.csv", params={"q": "19-CT/TU"}).text.lstrip("\ufeff"))))
    assert rows and {r["Quan hệ trích dẫn"] for r in rows} <= set(DOC_RELATION_LABELS.values())


def test_pages_use_the_vocabulary(client, number_to_id):
    search = client.get("/", params={"q": "19-CT/TU"}).text
    hits = client.get("/api/search", params={"q": "19-CT/TU"}).json()["hits"]
    for h in hits:
        assert DOC_RELATION_LABELS[h["citation"]["relation"]] in search
    page = client.get(f"/documents/{number_to_id['43/KH-UBND']}?tab=luoc-do").text  # 23-CT/QU: a typo fixed
    assert FLAG_LABELS["typo_fixed"] in page and FLAG_HINTS["typo_fixed"] in page
    assert f"border-color:{RELATION_COLOURS['basis']}" in page
    chain = client.get("/chain", params={"id": "19-CT/TU", "direction": "in"}).text
    assert all(EDGE_WORDS[r] in chain and RELATION_COLOURS[r] in chain for r in terms.ALL_RELATIONS)
