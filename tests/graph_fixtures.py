"""Documents for graph tests built from the gold file.

``gold_documents()`` turns ``tests/gold/seeds.json`` into ``indexer.models.Document`` objects
with every citation and the 16 instrument relations, so graph tests do not depend on extraction
quality. The real pipeline's graph comes from the session index of ``conftest.py``
(``pipeline.index.build_index`` saves it beside the index).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from indexer.models import (
    Citation,
    Document,
    InstrumentKey,
    InstrumentRelation,
    InstrumentRelationType,
    Mention,
    Relation,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "seeds.json"
CORPUS = ROOT / "corpus"


@lru_cache(maxsize=1)
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _key(c: dict) -> InstrumentKey:
    if c.get("number"):
        return InstrumentKey(c["number"], issuer=c.get("issuer"), year=c.get("year"))
    return InstrumentKey(None, issuer=c.get("issuer"), year=c.get("year"), name=c["name"])


def _doc_id(d: dict) -> str:
    return f"{Path(d['file']).stem}:{d['line_start']}"


def _citation(c: dict, lines: list[str]) -> Citation:
    surfaces = c.get("surfaces") or [c.get("number") or c.get("name")]
    mentions = tuple(Mention(text=surfaces[min(i, len(surfaces) - 1)], line=ln)
                     for i, ln in enumerate(c["lines"]))
    flags = set()
    if c.get("body_implements"):
        flags.add("body_implements")
    if c.get("issuer_inferred"):
        flags.add("issuer_inferred")
    if c.get("number_variants"):
        flags.add("typo_fixed")
    first = c["lines"][0]
    return Citation(key=_key(c), doc_type=c.get("type"), relation=Relation(c["relation"]),
                    mentions=mentions, date=c.get("date"), sentence=lines[first - 1].strip(),
                    flags=frozenset(flags))


def gold_documents() -> list[Document]:
    """The six gold documents as pipeline output would give them (ids ``<file stem>:<line_start>``)."""
    g = gold()
    docs: list[Document] = []
    keys_by_text: dict[tuple[str, str], InstrumentKey] = {}
    for d in g["documents"]:
        lines = (CORPUS / d["file"]).read_text(encoding="utf-8").split("\n")
        cits = tuple(_citation(c, lines) for c in d["citations"])
        for c, cit in zip(d["citations"], cits):
            keys_by_text.setdefault((d["file"], c.get("number") or c["name"]), cit.key)
        docs.append(Document(
            id=_doc_id(d), file=d["file"], line_start=d["line_start"], line_end=d["line_end"],
            text="\n".join(lines[d["line_start"] - 1:d["line_end"]]), number=d["number"],
            doc_type=d["type"], issuer=d["issuer"], district=d["district"], date=d["date"],
            title=d["title"], signer=d.get("signer"),
            number_variants=tuple(d.get("number_variants_in_text") or ()), citations=cits))
    def key(file: str, text: str) -> InstrumentKey:
        k = keys_by_text.get((file, text))
        if k is None:  # cited in another file
            k = next((v for (f, t), v in keys_by_text.items() if t == text), None)
        return k or InstrumentKey(text)

    for r in g["instrument_relations"]:
        rel = InstrumentRelation(key(r["file"], r["source"]), key(r["file"], r["target"]), InstrumentRelationType(r["relation"]),
                                 sentence=r["evidence"], line=r["line"], file=r["file"])
        doc = next(x for x in docs if x.file == r["file"] and x.line_start <= r["line"] <= x.line_end)
        doc.relations = doc.relations + (rel,)
    return docs
