"""JSON shapes of the domain objects, shared by the API, the CLI and the web pages."""
from __future__ import annotations

from indexer.citations import to_json
from indexer.models import Citation, Document, InstrumentRelation
from indexer.ocr import OCR_WARNING
from indexer.store import DocHeader


def citation_json(c: Citation) -> dict:
    """The ``vanban extract --json`` citation contract, plus the instrument id and sentence."""
    return {**to_json(c), "instrument": c.key.id, "sentence": c.sentence}


def relation_json(r: InstrumentRelation) -> dict:
    return {"source": r.source.id, "target": r.target.id, "relation": str(r.relation),
            "sentence": r.sentence, "line": r.line, "file": r.file}


def header_json(h: DocHeader | Document) -> dict:
    """A document as listed: identity, the header's fields (``DocumentMeta``) and where it is in its
    file; the one place these keys are written (search hits and document pages start from it)."""
    return {"id": h.id, "file": h.file, "number": h.number, "type": h.doc_type, "issuer": h.issuer,
            "district": h.district, "date": h.date, "title": h.title, "signer": h.signer,
            "line_start": h.line_start, "line_end": h.line_end}


def document_meta(d: Document) -> dict:
    """A document's header with the spellings of its number and whether it was read by OCR."""
    return {**header_json(d), "number_variants": list(d.number_variants),
            "ocr": OCR_WARNING in d.warnings}  # read from a scan: numbers and dates may be misread


def document_json(d: Document, text: bool = True) -> dict:
    out = document_meta(d)
    if text:
        out["text"] = d.text
    out["citations"] = [citation_json(c) for c in d.citations]
    out["relations"] = [relation_json(r) for r in d.relations]
    return out


def extract_document_json(d: Document, file: str | None = None) -> dict:
    """One document of ``vanban extract --json`` (the stable evaluation contract).

    Each document repeats its file, so a consumer that flattens the documents of several files
    (as evaluators do) still knows where each came from.
    """
    return {
        "file": file or d.file,
        "number": d.number, "type": d.doc_type, "issuer": d.issuer, "district": d.district,
        "date": d.date, "title": d.title, "signer": d.signer,
        "line_start": d.line_start, "line_end": d.line_end,
        "citations": [to_json(c) for c in d.citations],
    }
