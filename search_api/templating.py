"""The one Jinja environment of the web pages: templates, the Vietnamese formats (dates, numbers),
the URL helpers, and the domain's words from ``indexer.terms`` as globals, so every page shows the
same label for the same thing."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from indexer.terms import (
    ALL_RELATIONS,
    CITED_BY_HEADINGS,
    DOC_RELATION_LABELS,
    EDGE_WORDS,
    EDGE_WORDS_PASSIVE,
    FLAG_HINTS,
    FLAG_LABELS,
    MISSING_COLOUR,
    RELATION_COLOURS,
    RELATION_LABELS,
)

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def vn_date(iso: str | None) -> str:
    """``2022-03-01`` → ``01/03/2022``."""
    if not iso:
        return ""
    y, m, d = (iso.split("-") + ["", ""])[:3]
    return "/".join(p for p in (d, m, y) if p)


def vn_int(n: int) -> str:
    """``1202`` → ``1.202`` (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vb_url(key: str, suffix: str = "", **params) -> str:
    """``/vb/19-CT/TU``; ids with ``|`` and spaces are percent-encoded, slashes kept."""
    url = "/vb/" + quote(key, safe="/") + suffix
    p = {k: v for k, v in params.items() if v not in (None, "")}
    return url + ("?" + urlencode(p) if p else "")


def doc_url(doc_id: str, line: int | None = None) -> str:
    return "/documents/" + quote(doc_id, safe=":") + (f"#L{line}" if line else "")


def node_url(node: dict, line: int | None = None) -> str:
    """Documents open on the document page (at ``line``), instruments on their instrument page."""
    if node.get("kind") == "document":
        return doc_url(node["id"], line)
    return vb_url(node["id"])


def api_url(path: str, **params) -> str:
    p = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(p) if p else "")


def mark_citation(sentence: str, surfaces: list[str]) -> Markup:
    """The citing sentence, HTML-escaped, with each written form of the citation in ``<mark>``."""
    text = sentence or ""
    forms = sorted({" ".join(s.split()) for s in surfaces or [] if s and s.strip()}, key=len, reverse=True)
    if not forms:
        return escape(text)
    # Whitespace in the sentence may differ from the normalized surface (line breaks, double spaces).
    pattern = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms)
    out, pos = [], 0
    for m in re.finditer(pattern, text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup("<mark>") + escape(m.group()) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def vn_datetime(iso: str | None) -> str:
    """``2024-05-01T09:30:00`` → ``01/05/2024 09:30``."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


templates.env.filters.update(vn_date=vn_date, vn_int=vn_int)
templates.env.globals.update(
    # the domain's words (indexer.terms): RELATION_LABELS are a document's three relations,
    # GRAPH_RELATION_LABELS every relation of the graph
    RELATION_LABELS=DOC_RELATION_LABELS, GRAPH_RELATION_LABELS=RELATION_LABELS, ALL_RELATIONS=ALL_RELATIONS,
    RELATION_COLOURS=RELATION_COLOURS, MISSING_COLOUR=MISSING_COLOUR, EDGE_WORDS=EDGE_WORDS, EDGE_WORDS_PASSIVE=EDGE_WORDS_PASSIVE,
    CITED_BY_HEADINGS=CITED_BY_HEADINGS, FLAG_LABELS=FLAG_LABELS, FLAG_HINTS=FLAG_HINTS,
    # formats and links
    vn_datetime=vn_datetime, vb_url=vb_url, doc_url=doc_url, node_url=node_url, mark_citation=mark_citation,
)
