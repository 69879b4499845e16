"""Vietnamese web pages, rendered on the server (they work without JavaScript).

Every page's state is in its URL; every page has a JSON twin under ``/api``.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from indexer.refs import ref_skeletons
from indexer.terms import DOC_RELATION_LABELS
from indexer.tokenize import fold, syllables
from search_api.originals import original_response, source_file
from search_api.params import URL_NAMES, SearchParams
from search_api.query import QueryError, parse_query
from search_api.serialize import document_json
from search_api.templating import templates

router = APIRouter(include_in_schema=False)

FACET_LABELS = {"doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "district": "Quận/huyện",
                "year": "Năm ban hành", "relation": "Quan hệ trích dẫn"}
FACET_PARAMS = {"doc_type": "type", "issuer": "issuer", "district": "district", "year": "year",
                "relation": "relation"}
# The filters of a search, in the order the page lists them.
FILTER_FIELDS = ("doc_type", "issuer", "district", "year", "signer", "date_from", "date_to", "cites", "relation")
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất",
               "cited": "Được trích dẫn nhiều nhất"}
templates.env.globals.update(FACET_LABELS=FACET_LABELS, FACET_PARAMS=FACET_PARAMS, SORT_LABELS=SORT_LABELS)




def _url(params: dict, **change) -> str:
    p = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return "/?" + urlencode(p)


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, req: SearchParams):
    filters = {URL_NAMES.get(k, k): getattr(req, k) for k in FILTER_FIELDS}
    params = dict(q=req.q, sort=req.sort, **filters, size=req.size if req.size != 10 else None)
    q, page, sort = req.q, req.page, req.sort
    error = None
    result = None
    try:
        result = request.app.state.searcher.search(req)
    except QueryError as e:
        error = str(e)
    hint = _citation_hint(request, result)
    repairs = _repairs(request, q, result) if result is not None and result["total"] == 0 else []
    active = {k: v for k, v in filters.items() if v}
    return templates.TemplateResponse(request, "search.html", {
        "districts": request.app.state.settings.districts, "q": q, "result": result, "error": error, "params": params, "active": active, "hint": hint, "repairs": repairs,
        "url": lambda **c: _url(params, **c), "page": page, "sort": sort,
        "json_url": "/api/search?" + urlencode({k: v for k, v in {**params, "page": page}.items() if v}),
        "csv_url": "/api/search.csv?" + urlencode({k: v for k, v in params.items() if v and k != "size"}),
    }, status_code=400 if error else 200)


# The advanced search form's fields and the filter each one writes into the query.
ADVANCED_FIELDS = (("type", "type"), ("issuer", "issuer"), ("district", "district"), ("year", "year"),
                   ("date_from", "from"), ("date_to", "to"), ("signer", "signer"), ("cites", "cites"),
                   ("relation", "relation"))


def advanced_query(words: str, fields: dict[str, str]) -> str:
    """The search box query an advanced search means: the words, then one ``field:value`` per
    filled field (quoted when it has spaces), so the form and the box stay one language."""
    parts = [words.strip()] if words.strip() else []
    for name, prefix in ADVANCED_FIELDS:
        value = (fields.get(name) or "").strip().replace('"', "")
        if value:
            parts.append(f'{prefix}:"{value}"' if " " in value else f"{prefix}:{value}")
    return " ".join(parts)


@router.get("/nang-cao")
def advanced_search(words: str = "", type: str = "", issuer: str = "", district: str = "", year: str = "",
                    date_from: str = "", date_to: str = "", signer: str = "", cites: str = "", relation: str = ""):
    """The advanced search form posts here; it answers with the search page of the same query."""
    from fastapi.responses import RedirectResponse

    q = advanced_query(words, dict(type=type, issuer=issuer, district=district, year=year, date_from=date_from,
                                   date_to=date_to, signer=signer, cites=cites, relation=relation))
    return RedirectResponse("/?" + urlencode({"q": q}), status_code=303)


def marked_lines(doc, q: str = "") -> list[tuple[int, Markup]]:
    """The document's lines as HTML, each citation linked to its instrument page and coloured by
    relation (corrected ones say what was understood), what ``q`` asked for highlighted: the
    citations of the instrument it names, else its words (whole phrases where they occur)."""
    hit_cites, sequences = _what_to_mark(doc, q)
    cuts: list[tuple[int, int, object]] = sorted(
        ((m.start, m.end, c) for c in doc.citations for m in c.mentions if m.end > m.start), key=lambda t: t[0])
    out, pos, html_parts = [], 0, []
    for start, end, c in cuts:
        if start < pos:
            continue
        html_parts.append(escape(doc.text[pos:start]))
        title = " · ".join(x for x in (c.doc_type, c.key.ref or c.key.name, c.key.issuer,
                                       DOC_RELATION_LABELS.get(str(c.relation))) if x)
        if "typo_fixed" in c.flags or "short_form" in c.flags:
            title += f" · Đã hiểu «{doc.text[start:end].split(chr(10))[0]}» là «{c.key.ref}»"
        seg = escape(doc.text[start:end])
        href = "/vb/" + quote(c.key.id, safe="/|")
        # a surface wrapping onto the next line is closed and reopened around the line break
        link = f'<a class="cite {c.relation}" href="{href}" title="{escape(title)}">'
        close = "</a>"
        if id(c) in hit_cites:
            link, close = link + "<mark>", "</mark></a>"
        html_parts.append(link + str(seg).replace("\n", close + "\n" + link) + close)
        pos = end
    html_parts.append(escape(doc.text[pos:]))
    text = "".join(str(p) for p in html_parts)
    for i, line in enumerate(text.split("\n")):
        if sequences:
            line = _highlight(line, sequences)
        out.append((doc.line_start + i, Markup(line)))
    return out


def _what_to_mark(doc, q: str) -> tuple[set[int], list[list[str]]]:
    """(ids of the citations ``q`` names, syllable sequences of ``q`` to mark)."""
    if not q.strip():
        return set(), []
    try:
        pq = parse_query(q)
    except QueryError:
        return set(), [[w] for w in syllables(q) if len(w) > 1]
    skels = {s for _, s in pq.refs} | ({pq.loose_ref[1]} if pq.loose_ref else set())
    cites = {id(c) for c in doc.citations
             if c.key.ref and skels & set(ref_skeletons(c.key.ref, partial=True))}
    if cites and (pq.refs or pq.loose_ref):
        return cites, [syllables(p) for p in pq.phrases]
    seqs = [t for t in [*(syllables(p) for p in pq.phrases), syllables(pq.text)] if t]
    folded_text = " ".join(fold(w) for w in syllables(doc.text.lower()))
    whole = [t for t in seqs if " ".join(fold(w) for w in t) in folded_text]
    if whole:
        return cites, whole
    return cites, [[w] for t in seqs for w in t if len(w) > 1]


# Tags and character references are never highlighted inside ("so 34" must not mark "&#34;").
_MARKUP = re.compile(r"(<[^>]+>|&#?\w+;)")


def _highlight(html_line: str, sequences: list[list[str]]) -> str:
    """Wrap occurrences of the syllable sequences (accent-insensitive) in <mark>, outside markup."""
    wanted = [[fold(w.lower()) for w in seq] for seq in sequences if seq]

    def mark_part(part: str) -> str:
        toks = list(re.finditer(r"\w+", part))
        folded = [fold(t.group(0).lower()) for t in toks]
        spans, i = [], 0
        while i < len(toks):
            n = next((len(w) for w in wanted if folded[i:i + len(w)] == w), 0)
            if n:
                spans.append((toks[i].start(), toks[i + n - 1].end()))
                i += n
            else:
                i += 1
        for a, b in reversed(spans):
            part = part[:a] + "<mark>" + part[a:b] + "</mark>" + part[b:]
        return part

    return "".join(p if _MARKUP.fullmatch(p) else mark_part(p) for p in _MARKUP.split(html_line))


def _repairs(request: Request, q: str, result: dict) -> list[tuple[str, str]]:
    """Queries worth trying when nothing matched: the instruments the typed text resolves to
    (``chi thi 19`` → ``Chỉ thị số 19-CT/TU``)."""
    graph = request.app.state.graph
    out: list[tuple[str, str]] = []
    if graph is not None and q.strip():
        from graph.resolve import resolve

        answer = resolve(graph, q)
        for c in answer.get("candidates", [])[:3] if answer["status"] != "not_found" else []:
            if c.get("ref"):
                out.append((c["label"], "/?" + urlencode({"q": c["ref"]})))
    return out


def _citation_hint(request: Request, result: dict | None) -> dict | None:
    """For a citation query, what the typed number resolves to in the graph (found or ambiguous)."""
    graph = request.app.state.graph
    if not result or graph is None or not result["understood"]["refs"]:
        return None
    from graph.resolve import resolve

    typed = result["understood"]["refs"][0]["typed"]
    answer = resolve(graph, typed)
    return answer if answer["status"] in ("found", "ambiguous") else None


# The plan page's tabs (as on TVPL and vbpl.vn): the text first, the citation diagram both ways,
# the attributes, the downloads. The selected tab is in the URL (?tab=), so pages work without JS.
TAB_LABELS = {"noi-dung": "Nội dung", "luoc-do": "Lược đồ", "thuoc-tinh": "Thuộc tính", "tai-ve": "Tải về"}
templates.env.globals.update(TAB_LABELS=TAB_LABELS)


def _document(request: Request, doc_id: str):
    doc = request.app.state.searcher.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"Không tìm thấy văn bản có mã «{doc_id}».")
    return doc


def _state(request: Request, doc) -> str:
    """Tình trạng: amended or replaced as the corpus knows it."""
    graph = request.app.state.graph
    if graph is None or doc.id not in graph:
        return "Kho chưa ghi nhận văn bản sửa đổi, thay thế"
    from graph.queries import status

    return status(graph, doc.id)["label"]


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, q: str = "", tab: str = "noi-dung"):
    doc = _document(request, doc_id)
    if tab not in TAB_LABELS:
        raise HTTPException(404, f"Trang văn bản không có phần «{tab}»: {', '.join(TAB_LABELS)}.")
    data = document_json(doc)
    groups = {r: [c for c in data["citations"] if c["relation"] == r] for r in DOC_RELATION_LABELS}

    def tab_url(key: str) -> str:
        params = {k: v for k, v in (("tab", key if key != "noi-dung" else ""), ("q", q)) if v}
        return f"/documents/{quote(doc.id)}" + (f"?{urlencode(params)}" if params else "")

    return templates.TemplateResponse(request, "document.html", {
        "doc": data, "tab": tab, "tab_url": tab_url, "q": q, "state": _state(request, doc),
        "lines": marked_lines(doc, q) if tab == "noi-dung" else [], "groups": groups,
        "siblings": _siblings(request, doc) if tab == "luoc-do" else [], "cited_by": _cited_by_this(request, doc),
        "has_file": tab == "tai-ve" and source_file(request.app.state.settings.corpus, doc) is not None})


@router.get("/documents/{doc_id}/ban-in", response_class=HTMLResponse)
def document_print(request: Request, doc_id: str):
    """The print view: attributes and the whole text, no menus."""
    doc = _document(request, doc_id)
    return templates.TemplateResponse(request, "print.html", {"doc": document_json(doc),
                                                              "state": _state(request, doc)})


@router.get("/documents/{doc_id}/tep-goc")
def document_file(request: Request, doc_id: str):
    """The original file the document was read from (a .pdf, .docx … as the office keeps it)."""
    doc = _document(request, doc_id)
    response = original_response(request.app.state.settings.corpus, doc)
    if response is None:
        raise HTTPException(404, f"Tệp gốc «{doc.file}» không có trên máy chủ này.")
    return response


# How many citers of a document its page lists per relation (the instrument page lists them all).
CITED_BY_ON_PAGE = 50


def _cited_by_this(request: Request, doc) -> dict:
    """Who cites this document (basis, implements, mentions, and instruments stating a relation to
    it), newest first: ``{"total", "id", "groups": {relation: {"total", "items"}}}`` (issue 14 item 3:
    a plan page showed what the plan cites, never who cites or implements the plan itself)."""
    graph = request.app.state.graph
    if graph is None or doc.id not in graph:
        return {"total": 0, "groups": {}}
    from graph.queries import cited_by

    whole = cited_by(graph, doc.id, limit=0)
    groups = {rel: {"total": n, "items": cited_by(graph, doc.id, relation=rel, limit=CITED_BY_ON_PAGE)["items"]}
              for rel, n in whole["counts"].items()}
    return {"total": whole["total"], "id": whole["id"], "groups": groups}


def _siblings(request: Request, doc) -> list[dict]:
    """For each instrument this document is based on or implements: the other districts' documents
    doing the same ("Các quận khác cũng thực hiện …")."""
    graph = request.app.state.graph
    if graph is None:
        return []
    from graph.queries import cited_by
    from graph.views import GraphQueryError

    out = []
    for c in doc.citations:
        if str(c.relation) not in ("basis", "implements"):
            continue
        items = []
        for rel in ("implements", "basis"):
            try:
                res = cited_by(graph, c.key.id, relation=rel, limit=50)
            except GraphQueryError:  # an instrument the graph cannot resolve has no siblings
                continue
            items += [i for i in res["items"] if i.get("id") != doc.id and i.get("district")
                      and i.get("district") != doc.district]
        if items:
            out.append({"instrument": c.key.id, "label": f"{c.doc_type or ''} {c.key.ref or c.key.name}".strip(),
                        "items": items})
    return out
