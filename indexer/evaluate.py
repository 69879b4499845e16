"""Score citation extraction against a gold file, with the matching rules of the CEO's scorer.

the independent scorer (``../shared/hooks/score.py``) matches numbered citations by normalized number (a gold
``number_variants`` entry counts as right) and named ones by folded-name containment, per document:
a file holding one gold document is scored as a whole, otherwise documents are matched by number.
This module reproduces those rules and adds breakdowns per instrument type and per relation, and
the list of every miss and false hit. ``vanban eval citations`` prints ``format_report``.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from indexer.citations import annotate, extract_citations, to_json
from indexer.corpus import resolve_across
from indexer.documents import split_documents
from indexer.fold import fold_key
from indexer.ingest import read_file
from indexer.models import Citation
from indexer.refs import normalize_ref
from indexer.terms import LAW_TYPES

logger = logging.getLogger(__name__)

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def norm_number(s: str | None) -> str | None:
    """score.py's ``norm_number``."""
    if not s:
        return None
    s = unicodedata.normalize("NFC", s).translate(_DASHES).upper()
    s = re.sub(r"^SỐ", "", re.sub(r"\s+", "", s))
    return s.strip(".,;:")


def fold(s: str) -> str:
    """score.py's ``fold``: accents, case and punctuation folded (``indexer.fold.fold_key``)."""
    return fold_key(s)


def name_key(c: dict) -> str:
    n = fold(c.get("name") or "")
    return re.sub(r"\b(ngay|thang|nam)\b.*$", "", n).strip()


def cite_key(c: dict) -> tuple[str, str]:
    num = norm_number(c.get("number"))
    return ("n", num) if num else ("name", name_key(c))


def _names_match(g: str, p: str) -> bool:
    return bool(g and p and (g == p or g in p or p in g))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores of one evaluation run."""

    total: Counts = field(default_factory=Counts)
    by_document: dict[str, Counts] = field(default_factory=dict)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_relation: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relation_ok: int = 0
    relation_n: int = 0
    # relations between instruments stated in the texts (amends, replaces, guides, implements)
    instrument_relations: Counts = field(default_factory=Counts)
    relation_misses: list[tuple[str, str, str]] = field(default_factory=list)  # source, target, relation
    relation_extras: list[tuple[str, str, str]] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (document, key, relation)
    false_hits: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, key, gold, got

    @property
    def relation_accuracy(self) -> float:
        return self.relation_ok / self.relation_n if self.relation_n else 0.0


def predict(corpus: Path, files: list[str]) -> list[dict]:
    """Run the pipeline over ``files`` and return documents in the ``extract --json`` shape."""
    read = []
    for name in files:
        path = corpus / name
        try:
            source = read_file(path)
        except (OSError, ValueError) as e:
            logger.warning("%s: cannot read (%s)", path, e)
            continue
        read += [(name, annotate(doc)) for doc in split_documents(source)]
    out = []
    for (name, _), doc in zip(read, resolve_across([d for _, d in read])):  # as ``vanban extract`` does
        out.append({"file": name, "number": doc.number, "citations": [to_json(c) for c in doc.citations],
                    "relations": [{"source": r.source.ref or r.source.name, "target": r.target.ref or r.target.name,
                                   "relation": str(r.relation)} for r in doc.relations]})
    return out


def _score_citation(rep: Report, dc: Counts, name: str, c: dict, unused: list) -> None:
    """One gold citation against the document's unused predictions (the match is taken from them)."""
    kind, key = cite_key(c)
    variants = {norm_number(v) for v in c.get("number_variants", [])}
    rels = (c.get("relation"), c.get("relation_alt"))
    hit = next((q for q in unused if q[0][0] == kind and (
        (q[0][1] == key or q[0][1] in variants) if kind == "n" else _names_match(key, q[0][1]))), None)
    required = c.get("required", True)
    if hit:
        unused.remove(hit)
        if not required:
            return
        dc.tp += 1
        rep.by_type[c.get("type") or "?"].tp += 1
        rep.by_relation[c["relation"]].tp += 1
        rep.by_kind[kind].tp += 1
        rep.relation_n += 1
        if hit[1].get("relation") in rels:
            rep.relation_ok += 1
        else:
            rep.wrong_relations.append((name, key, c["relation"], str(hit[1].get("relation"))))
    elif required:
        dc.fn += 1
        rep.by_type[c.get("type") or "?"].fn += 1
        rep.by_relation[c["relation"]].fn += 1
        rep.by_kind[kind].fn += 1
        rep.misses.append((name, key, c["relation"]))


def score(gold: dict, pred_docs: list[dict]) -> Report:
    """Score predicted documents against gold, with score.py's matching rules."""
    gdocs = gold["documents"] if isinstance(gold, dict) else gold
    by_num: dict = {}
    by_file: dict = {}
    for d in pred_docs:
        by_num.setdefault(norm_number(d.get("number")), d)
        by_file.setdefault(Path(d.get("file") or "").name, {"citations": []})["citations"].extend(d["citations"])
    per_file: dict[str, int] = defaultdict(int)
    for g in gdocs:
        per_file[g["file"]] += 1
    rep = Report()
    for g in gdocs:
        name = g["number"] or g["file"]
        p = by_file.get(g["file"]) if per_file[g["file"]] == 1 else by_num.get(norm_number(g["number"]))
        pc = [(cite_key(c), c) for c in (p or {}).get("citations", [])]
        unused = list(pc)
        dc = Counts()
        for c in g["citations"]:
            _score_citation(rep, dc, name, c, unused)
        for qk, q in unused:
            dc.fp += 1
            rep.by_type[q.get("type") or "?"].fp += 1
            rep.by_relation[q.get("relation") or "?"].fp += 1
            rep.by_kind[qk[0]].fp += 1
            rep.false_hits.append((name, qk[1], q.get("mentions", [{}])[0].get("text", "")))
        rep.by_document[name] = dc
        rep.total.tp += dc.tp
        rep.total.fp += dc.fp
        rep.total.fn += dc.fn
    if isinstance(gold, dict) and "instrument_relations" in gold:
        _score_relations(rep, gold["instrument_relations"], [r for d in pred_docs for r in d.get("relations", [])])
    return rep


def _endpoint(x: str | None) -> tuple[str, str]:
    """An instrument as the scorer compares it: its number, or its name's key."""
    if x and any(ch.isdigit() for ch in x.split()[0]) and "/" in x:
        return "n", norm_number(x) or ""
    return "name", name_key({"name": x or ""})


def _same_endpoint(g: str, p: str) -> bool:
    (gk, gv), (pk, pv) = _endpoint(g), _endpoint(p)
    return gk == pk and (gv == pv if gk == "n" else _names_match(gv, pv))


def _score_relations(rep: Report, gold: list[dict], pred: list[dict]) -> None:
    """Instrument relations: a predicted one matches a gold one with the same relation and both
    ends the same instrument (numbers equal, names by the citation rule)."""
    unused = list({(r["source"], r["target"], r["relation"]): r for r in pred}.values())
    for g in gold:
        hit = next((p for p in unused if p["relation"] == g["relation"] and _same_endpoint(g["source"], p["source"])
                    and _same_endpoint(g["target"], p["target"])), None)
        if hit:
            unused.remove(hit)
            rep.instrument_relations.tp += 1
        else:
            rep.instrument_relations.fn += 1
            rep.relation_misses.append((g["source"], g["target"], g["relation"]))
    rep.instrument_relations.fp += len(unused)
    rep.relation_extras += [(p["source"], p["target"], p["relation"]) for p in unused]


def evaluate(gold_path: Path | str, corpus_dir: Path | str) -> Report:
    """Extract citations from the gold's files in ``corpus_dir`` and score them.

    Args:
        gold_path: ``tests/gold/seeds.json``-shaped file.
        corpus_dir: directory holding the gold's files.

    Returns:
        A ``Report``.
    """
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    gdocs = gold["documents"] if isinstance(gold, dict) else gold
    files = sorted({d["file"] for d in gdocs})
    return score(gold, predict(Path(corpus_dir), files))


def _row(label: str, c: Counts) -> str:
    return f"{label[:34]:<34} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})"


def format_report(rep: Report) -> str:
    """Human-readable report: per document, per type, per relation, then every miss and false hit."""
    lines = ["Per document:"]
    lines += ["  " + _row(k, v) for k, v in rep.by_document.items()]
    lines.append("Per instrument type:")
    lines += ["  " + _row(k, v) for k, v in sorted(rep.by_type.items())]
    lines.append("Per relation (gold relation of matched/missed; predicted relation of false hits):")
    lines += ["  " + _row(k, v) for k, v in sorted(rep.by_relation.items())]
    lines.append("Numbered / named:")
    lines += ["  " + _row("numbered" if k == "n" else "named", v) for k, v in sorted(rep.by_kind.items())]
    for doc, key, rel in rep.misses:
        lines.append(f"  miss   {doc}: {key} ({rel})")
    for doc, key, text in rep.false_hits:
        lines.append(f"  extra  {doc}: {key}  «{text[:80]}»")
    for doc, key, g, p in rep.wrong_relations:
        lines.append(f"  rel    {doc}: {key} gold={g} got={p}")
    if rep.instrument_relations.tp + rep.instrument_relations.fn:
        lines.append("Instrument relations (amends, replaces, guides, implements):")
        lines.append("  " + _row("instrument relations", rep.instrument_relations))
        lines += [f"  miss   {s} → {t} ({r})" for s, t, r in rep.relation_misses]
        lines += [f"  extra  {s} → {t} ({r})" for s, t, r in rep.relation_extras]
    t = rep.total
    lines.append(f"P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} rel={rep.relation_accuracy:.3f} "
                 f"(tp={t.tp} fp={t.fp} fn={t.fn})")
    return "\n".join(lines)


def main_eval(gold: Path, corpus: Path) -> tuple[str, Report]:
    """Entry point for ``vanban eval citations --gold PATH [DIR]``: (printable report, report)."""
    rep = evaluate(gold, corpus)
    return format_report(rep), rep


def marked_sentences(records: list[dict]) -> list[tuple[dict, list[Citation]]]:
    """Each sentence with marked citations (``realdocs/ner/citations.jsonl``), with the citations
    extracted from it: read once, scored by ``numbered_scores`` and ``law_name_scores``."""
    return [(r, extract_citations(unicodedata.normalize("NFC", r["text"]))[0]) for r in records]


def law_name_scores(sentences: list[tuple[dict, list[Citation]]]) -> tuple[int, int, int]:
    """(tp, fp, fn) of laws cited by name (no number) on ``marked_sentences``: each mention's text
    against the marked span, as written (the name, and the date written after it)."""
    tp = fp = fn = 0
    for r, cites in sentences:
        gold = Counter(s[2] for s in r["spans"] if s[2].startswith(LAW_TYPES) and not s[4])
        pred = Counter(m.text for c in cites if c.doc_type in LAW_TYPES and not c.key.ref for m in c.mentions)
        tp += sum((gold & pred).values())
        fp += sum((pred - gold).values())
        fn += sum((gold - pred).values())
    return tp, fp, fn


def _same_number(gold: str, got: set[str]) -> bool:
    """The marked spans' numbers come from the converter's regex, which upper-cases and cuts
    lower-case tails (``QĐ-TTg`` → ``QĐ-TT``): a number that extends one by letters is the same."""
    return gold in got or any(x.startswith(gold) and x[len(gold):].isalpha() for x in got)


def numbered_scores(sentences: list[tuple[dict, list[Citation]]]) -> tuple[int, int, int]:
    """(tp, fp, fn) of numbered citations on ``marked_sentences``: the distinct numbers of a
    sentence against its marked ones. A predicted number counts as a false hit only when no marked
    span holds its digits (the marks leave out repeats and title lines): a lower bound."""
    tp = fp = fn = 0
    for r, cites in sentences:
        got = {c.key.ref for c in cites if c.key.ref}
        got |= {normalize_ref(m.text.split()[-1]) for c in cites if c.key.ref for m in c.mentions}
        spans = r["spans"] + r.get("nested_spans", [])
        gold = {normalize_ref(unicodedata.normalize("NFC", s[4])) for s in spans if s[4]}
        hit = sum(1 for g in gold if _same_number(g, got))
        tp, fn = tp + hit, fn + len(gold) - hit
        marked = " ".join(s[2] for s in spans)
        fp += sum(1 for c in cites if c.key.ref and c.key.ref not in gold
                  and c.key.ref.split("/")[0].split("-")[0] not in marked)
    return tp, fp, fn


def main_eval_laws(ner: Path) -> str:
    """Entry point for ``vanban eval laws NER.jsonl``: the printable scores (numbered citations,
    then laws cited by name)."""
    records = [json.loads(line) for line in Path(ner).read_text("utf-8").splitlines() if line.strip()]
    sentences = marked_sentences(records)
    return "\n".join([_row(f"numbered ({len(records)} sentences)", Counts(*numbered_scores(sentences))),
                      _row(f"law names ({len(records)} sentences)", Counts(*law_name_scores(sentences)))])
