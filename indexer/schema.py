"""The Whoosh schema of the vanban index, and how one Document becomes one index record.

Accent-folded matching needs no folded fields: the syllable and shingle vocabularies are small
(2,266 syllables in 14 M tokens, WHOOSH.md), so the searcher maps each folded term to the accented
terms of the index at open and expands a query typed without diacritics into them. That is the
folded-shingle design WHOOSH.md measured (1.05–1.5× the accented phrase's documents) at a third
less indexing work.

Citations are extracted before word segmentation and stored as loose ref skeletons in keyword
fields (one per relation, so a plan that cites an instrument as basis outranks one that only
mentions it): a citation query never depends on how pyvi splits ``19-CT/TU``.
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from indexer.models import Document, Relation
from indexer.refs import ref_skeletons
from indexer.tokenize import bigram_analyzer, syllable_analyzer, word_analyzer

# Field names for the ref skeletons a document cites, by its relation to the instrument.
CITE_FIELDS = {Relation.BASIS: "cite_basis", Relation.IMPLEMENTS: "cite_impl", Relation.MENTIONS: "cite_ment"}

TITLE_BOOST = 3.0


def make_schema() -> Schema:
    """Build the schema (fresh analyzer objects each time; Whoosh pickles them with the index)."""
    return Schema(
        doc_id=ID(stored=True, unique=True),
        file=ID,  # the corpus file, so a re-index can drop a changed file's documents
        number=ID(stored=True),
        self_skel=KEYWORD(commas=True, lowercase=False),
        cite_basis=KEYWORD(commas=True, lowercase=False, scorable=True),
        cite_impl=KEYWORD(commas=True, lowercase=False, scorable=True),
        cite_ment=KEYWORD(commas=True, lowercase=False, scorable=True),
        cite_ids=KEYWORD(commas=True, lowercase=False),
        relations=KEYWORD(commas=True, lowercase=False),
        body=TEXT(analyzer=syllable_analyzer(), phrase=True),
        bigrams=TEXT(analyzer=bigram_analyzer(), phrase=False),
        title_bigrams=TEXT(analyzer=bigram_analyzer(), phrase=False, field_boost=TITLE_BOOST),
        title_syl=TEXT(analyzer=syllable_analyzer(), phrase=False, field_boost=TITLE_BOOST),
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        doc_type=ID(stored=True),
        issuer=ID(stored=True),
        district=ID(stored=True),
        signer=ID(stored=True),
        year=NUMERIC(int, stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
    )


LEAD_MAX_CHARS = 300


def _lead_line(text: str) -> str:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return first if len(first) <= LEAD_MAX_CHARS else ""


def to_record(doc: Document, segmented: str) -> dict:
    """The index record of one document.

    Args:
        doc: an annotated document (citations filled).
        segmented: the pyvi-segmented text of the document.
    """
    cites: dict[str, list[str]] = {f: [] for f in CITE_FIELDS.values()}
    ids: list[str] = []
    for c in doc.citations:
        ids.append(c.key.id)
        if c.key.ref:
            cites[CITE_FIELDS[Relation(c.relation)]].extend(ref_skeletons(c.key.ref, partial=True))
    own = [s for n in ([doc.number] if doc.number else []) + list(doc.number_variants)
           for s in ref_skeletons(n, partial=True)]
    # A document with no header title (a fragment, a page exported without its header) still has
    # a lead line that says what it is about: rank on it as a title.
    title = doc.title or _lead_line(doc.text)
    rec = dict(
        doc_id=doc.id,
        file=doc.file,
        number=doc.number or "",
        self_skel=",".join(own),
        cite_ids=",".join(ids),
        relations=",".join(sorted({str(c.relation) for c in doc.citations})),
        body=doc.text,
        bigrams=doc.text,
        title_bigrams=title,
        title_syl=title,
        words=segmented,
        doc_type=doc.doc_type or "",
        issuer=doc.issuer or "",
        district=doc.district or "",
        signer=doc.signer or "",
        date=doc.date or "",
    )
    rec.update({f: ",".join(v) for f, v in cites.items()})
    if doc.year:
        rec["year"] = doc.year
    return rec
