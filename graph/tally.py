"""What one document contributes to the citation graph, and how an instrument's attributes follow
from the sum of those contributions — the same arithmetic for a full build and a re-index.

An instrument's attributes (type, issuer, year, name, date, the spellings met, the dates stated)
are aggregated over every document that cites it. A full build adds every document's share; a
re-index after a day's new files subtracts the shares of the files that changed or left and adds
the new ones (``graph.update``), instead of rebuilding 3 million edges. For both to give the same
graph, every aggregate is a count and every choice among counts is order-free: the commonest
value wins, ties go to the smallest. A :class:`Tally` holds those counts for one instrument.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from indexer.cite.identity import written_law_name
from indexer.models import Citation, Document, InstrumentKey
from indexer.places import canonical_district
from indexer.refs import normalize_ref
from indexer.terms import LAW_TYPES, RELATION_STRENGTH

from .names import district_of_issuer, surface_form

_FIX_FLAGS = frozenset({"typo_fixed", "short_form"})
OWN_TYPE_WEIGHT = 100  # a document's own header says what it is, over what citers call it


def pick(counts: Counter):
    """The commonest value (ties: the smallest), or ``None``."""
    if not counts:
        return None
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


@dataclass
class Tally:
    """Counts over every citation and stated relation naming one instrument."""

    ref: str | None = None
    refs: int = 0  # citations and relation ends naming it: the instrument exists while > 0
    types: Counter = field(default_factory=Counter)
    issuer: Counter = field(default_factory=Counter)
    year: Counter = field(default_factory=Counter)
    name: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    flags: dict[str, Counter] = field(default_factory=dict)
    dates: Counter = field(default_factory=Counter)

    _COUNTERS = ("types", "issuer", "year", "name", "variants", "dates")

    def key(self, key: InstrumentKey) -> None:
        """One citation or relation end naming the instrument with this key."""
        self.ref = self.ref or key.ref
        self.refs += 1
        for f in ("issuer", "year", "name"):
            v = getattr(key, f)
            if v is not None:
                getattr(self, f)[v] += 1

    def add(self, other: Tally, sign: int = 1) -> None:
        """Add (``sign=1``) or take away (``-1``) another tally's counts."""
        self.ref = self.ref or other.ref
        self.refs += sign * other.refs
        for name in self._COUNTERS:
            _add(getattr(self, name), getattr(other, name), sign)
        for s, c in other.flags.items():
            mine = self.flags.setdefault(s, Counter())
            _add(mine, c, sign)
            if not mine:
                del self.flags[s]

    @property
    def empty(self) -> bool:
        return self.refs <= 0

    @property
    def cited_year(self) -> int | None:
        return pick(self.year)

    @property
    def cited_district(self) -> str | None:
        return district_of_issuer(pick(self.issuer))

    def to_json(self) -> dict:
        """Keys sorted: a tally updated count by count is stored as the same row a full build writes
        (counts are compared by value, ``pick`` breaks ties by value, never by insertion order)."""
        out = {"ref": self.ref, "refs": self.refs,
               "flags": {s: dict(sorted(c.items())) for s, c in sorted(self.flags.items())}}
        for name in self._COUNTERS:
            c = getattr(self, name)
            out[name] = {str(k): v for k, v in sorted(c.items())}
        return out

    @classmethod
    def from_json(cls, d: dict) -> Tally:
        t = cls(ref=d["ref"], refs=d["refs"], flags={s: Counter(c) for s, c in d["flags"].items()})
        for name in cls._COUNTERS:
            c = d[name]
            setattr(t, name, Counter({int(k): v for k, v in c.items()} if name == "year" else c))
        return t


def _add(mine: Counter, other: Counter, sign: int) -> None:
    for k, v in other.items():
        n = mine[k] + sign * v
        if n > 0:
            mine[k] = n
        else:
            del mine[k]


# ---- one document's share --------------------------------------------------------------------
def _cite_tally(t: Tally, cit: Citation) -> None:
    t.key(cit.key)
    if cit.doc_type:
        t.types[cit.doc_type] += 1
    if cit.key.ref and cit.doc_type in LAW_TYPES:  # ``Luật Đất đai số 31/2024/QH15``: the law's name
        for m in cit.mentions:
            if name := written_law_name(m.text):
                t.name[name] += 1
    fixes = sorted(cit.flags & _FIX_FLAGS)
    for m in cit.mentions:
        surface = surface_form(m.text, bool(cit.key.ref))
        if not surface:
            continue
        t.variants[surface] += 1
        # A citation's correction flags belong to the spellings that differ from the ref.
        if fixes and cit.key.ref is not None and normalize_ref(surface) != cit.key.ref:
            c = t.flags.setdefault(surface, Counter())
            for f in fixes:
                c[f] += 1
    if cit.date:
        t.dates[cit.date] += 1


def document_tallies(doc: Document) -> dict[str, Tally]:
    """Instrument id → what this document's citations and stated relations count for it."""
    out: dict[str, Tally] = {}
    for cit in doc.citations:
        _cite_tally(out.setdefault(cit.key.id, Tally()), cit)
    for rel in doc.relations:
        for key in (rel.source, rel.target):
            out.setdefault(key.id, Tally()).key(key)
    return out


def document_node(doc: Document) -> dict:
    """A document's node attributes (``instrument``: the instrument it is, set when linked)."""
    return {"kind": "document", "number": doc.number, "type": doc.doc_type, "issuer": doc.issuer,
            "district": canonical_district(doc.district) or doc.district, "date": doc.date,
            "title": doc.title, "file": doc.file, "line_start": doc.line_start, "line_end": doc.line_end,
            "number_variants": list(doc.number_variants), "instrument": None}


def document_edges(doc: Document) -> dict[str, dict]:
    """Instrument id → the one ``cites`` edge of this document to it: two citations resolved to
    the same instrument keep the strongest relation (basis > implements > mentions), every line."""
    out: dict[str, dict] = {}
    for cit in doc.citations:
        flags = sorted(cit.flags)
        data: dict = {
            "kind": "cites", "relation": cit.relation.value, "sentence": cit.sentence,
            "line": cit.line, "lines": sorted({m.line for m in cit.mentions}), "file": doc.file,
            "flags": flags, "body_implements": "body_implements" in cit.flags,
            "surfaces": list(dict.fromkeys(" ".join(m.text.split()) for m in cit.mentions)),
            "date": cit.date, "doc_type": cit.doc_type,
        }
        old = out.get(cit.key.id)
        if old is not None:
            keep = data if RELATION_STRENGTH[data["relation"]] > RELATION_STRENGTH[old["relation"]] else old
            keep = dict(keep, lines=sorted(set(old["lines"]) | set(data["lines"])),
                        flags=sorted(set(old["flags"]) | set(flags)),
                        surfaces=list(dict.fromkeys(old["surfaces"] + data["surfaces"])))
            keep["body_implements"] = "body_implements" in keep["flags"]
            data = keep
        out[cit.key.id] = data
    return out


def document_statements(doc: Document) -> Iterator[tuple[tuple[str, str, str], dict]]:
    """``((source, target, relation), evidence)`` of each relation between instruments the
    document states (a relation of an instrument to itself is not an edge)."""
    for rel in doc.relations:
        src, dst = rel.source.id, rel.target.id
        if src != dst:
            yield (src, dst, rel.relation.value), {"sentence": rel.sentence, "line": rel.line,
                                                   "file": rel.file or doc.file, "document": doc.id}


def statement_edge(relation: str, stated: list[dict]) -> dict:
    """The ``states`` edge of one relation stated by several documents: the evidence of the
    smallest document id (the first of its statements), the others listed."""
    first = min(range(len(stated)), key=lambda i: (stated[i]["document"], i))
    ev = stated[first]
    rest = [s["document"] for i, s in sorted(enumerate(stated), key=lambda x: (x[1]["document"], x[0]))
            if i != first]
    return {"kind": "states", "relation": relation, "sentence": ev["sentence"], "line": ev["line"], "file": ev["file"],
            "document": ev["document"], "also_stated_in": rest}


# ---- identity: which instrument a document is ------------------------------------------------
def doc_key(attrs: dict) -> InstrumentKey | None:
    """The identity of a document node (its number, issuer and year)."""
    if not attrs.get("number"):
        return None
    date = attrs.get("date")
    return InstrumentKey(attrs["number"], issuer=attrs.get("issuer"), year=int(date[:4]) if date else None)


def doc_district(attrs: dict) -> str | None:
    return canonical_district(attrs.get("district")) or district_of_issuer(attrs.get("issuer"))


def link_target(attrs: dict, cited: Callable[[str], bool],
                candidates: Callable[[str, int | None], list[tuple[str, str | None]]]) -> str | None:
    """The instrument a document is: its own key, unless no citation names that key and the
    number is administrative, where the citers may spell the issuer differently ("UBND Quận 1",
    "Ủy ban nhân dân Quận 1"): then the single cited instrument of that number and year whose
    issuer belongs to the document's district. ``cited(id)``: some citation names ``id``;
    ``candidates(ref, year)``: ``(id, district)`` of the cited instruments of that ref and year."""
    key = doc_key(attrs)
    if key is None:
        return None
    if not cited(key.id) and key.administrative:
        district = doc_district(attrs)
        found = [n for n, d in candidates(key.ref or "", key.year) if d == district]
        if len(found) == 1:
            return found[0]
    return key.id


def instrument_attrs(tally: Tally | None, twins: list[dict]) -> dict:
    """An instrument's node attributes from its tally and the documents that are it (their node
    attributes with ``id``, by id)."""
    t = tally or Tally()
    first_key = doc_key(twins[0]) if twins else None
    issuer = pick(t.issuer) or next((d["issuer"] for d in twins if d.get("issuer")), None)
    year = pick(t.year) or next((k.year for d in twins if (k := doc_key(d)) and k.year), None)
    types = Counter(t.types)
    for d in twins:
        if d.get("type"):
            types[d["type"]] += OWN_TYPE_WEIGHT
    date = next((d["date"] for d in twins if d.get("date")), None)
    if date is None and t.dates:
        # The date most citing texts state; ties go to the earliest.
        date = min(t.dates.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    district = district_of_issuer(issuer) or next((x for d in twins if (x := doc_district(d))), None)
    return {
        "kind": "instrument", "ref": t.ref if tally else (first_key.ref if first_key else None),
        "name": pick(t.name), "type": pick(types), "issuer": issuer, "year": year, "date": date,
        "district": district, "missing": not twins, "documents": [d["id"] for d in twins],
        "variants": dict(sorted(t.variants.items(), key=lambda kv: (-kv[1], kv[0]))),
        "variant_flags": {s: sorted(c) for s, c in sorted(t.flags.items())},
        "dates_stated": dict(sorted(t.dates.items())),
    }
