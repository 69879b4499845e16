"""Snippets: the passages that matched, highlighted with ``<mark>``, each with its file line.

Matching is done on syllables (exact or accent-folded) so a query typed without diacritics still
highlights the accented text; a citation hit shows the lines where the instrument is cited.
"""
from __future__ import annotations

import html
import re

from indexer.models import Citation, Document
from indexer.tokenize import TOKEN_RE, fold

_TOKEN = re.compile(TOKEN_RE)


def _window(line: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """A window of about ``width`` characters around the first span, cut at spaces."""
    if len(line) <= width:
        return 0, len(line)
    first = spans[0][0]
    start = max(0, first - width // 3)
    end = min(len(line), start + width)
    start = max(0, min(start, end - width))
    if start > 0:
        sp = line.find(" ", start)
        start = sp + 1 if 0 <= sp < first else start
    if end < len(line):
        sp = line.rfind(" ", spans[0][1], end)
        end = sp if sp > 0 else end
    return start, end


def mark(line: str, spans: list[tuple[int, int]], width: int) -> str:
    """HTML of ``line`` (windowed) with ``spans`` wrapped in ``<mark>``."""
    spans = sorted(spans)
    a, b = _window(line, spans, width) if spans else (0, min(len(line), width))
    out, pos = [], a
    for s, e in spans:
        if s < pos or e > b:
            continue
        out.append(html.escape(line[pos:s]))
        out.append(f"<mark>{html.escape(line[s:e])}</mark>")
        pos = e
    out.append(html.escape(line[pos:b]))
    return ("… " if a > 0 else "") + "".join(out) + (" …" if b < len(line) else "")


def _seq_spans(line: str, seq: list[str], folded_too: bool = True) -> list[tuple[int, int]]:
    """Spans of the syllable sequence ``seq`` in ``line`` (exact, or accent-folded too)."""
    n = len(seq)
    if not n:
        return []
    toks = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(line)]
    if len(toks) < n:
        return []
    words = [t[0] for t in toks]
    folded = [fold(w) for w in words]
    fseq = [fold(t) for t in seq]
    spans = []
    for i in range(len(toks) - n + 1):
        if folded[i] == fseq[0] and (words[i:i + n] == seq or folded_too and folded[i:i + n] == fseq):
            spans.append((toks[i][1], toks[i + n - 1][2]))
    return spans


def text_passages(doc: Document, sequences: list[list[str]], limit: int, width: int) -> list[dict]:
    """Up to ``limit`` lines where a query sequence occurs (whole sequence first, then its syllables).

    Words typed with their marks are shown where they are written so (``thuế``, not ``thuê``) when
    the document has them; accent-folded occurrences are shown otherwise. Lines are prefiltered by
    a substring test on their folded text, so only a few are tokenized (tokenizing every line of
    ten long plans was 80 % of a search's time).
    """
    if limit <= 0 or not sequences:
        return []
    lines = doc.text.split("\n")
    flines = fold(doc.text).lower().split("\n")
    marked = any(t != fold(t) for seq in sequences for t in seq)
    scored: list[tuple] = []
    for folded_too in ([False, True] if marked else [True]):
        scored = _scored_lines(lines, flines, sequences, folded_too)
        if scored:
            break
    scored.sort(reverse=True)
    chosen = sorted(scored[:limit], key=lambda s: s[3])
    return [{"line": doc.line_start + i, "html": mark(lines[i], spans, width)} for *_, i, spans in chosen]


def _scored_lines(lines: list[str], flines: list[str], sequences: list[list[str]], folded_too: bool) -> list[tuple]:
    """``(rank, weight, -line, line, spans)`` of the lines holding a whole sequence; when none does,
    of the lines holding two or more of its syllables (more of them first, then more spans)."""
    keys = [" ".join(fold(t) for t in seq) for seq in sequences]
    scored = []
    for i, fl in enumerate(flines):
        if any(k in fl for k in keys):
            spans = [sp for seq in sequences for sp in _seq_spans(lines[i], seq, folded_too)]
            if spans:
                scored.append((2, len(spans), -i, i, spans))
    if scored:
        return scored
    singles = sorted({t for seq in sequences if len(seq) > 1 for t in seq})
    fsingles = [fold(t) for t in singles]
    for i, fl in enumerate(flines):
        if sum(1 for f in fsingles if f in fl) < 2:
            continue
        per = [_seq_spans(lines[i], [t], folded_too) for t in singles]
        distinct = sum(1 for sp in per if sp)  # lines holding more of the syllables first
        if distinct >= 2:
            spans = [sp for sps in per for sp in sps]
            scored.append((1, distinct * 1000 + len(spans), -i, i, spans))
    return scored


def citation_passages(doc: Document, cited: list[Citation], limit: int = 3, width: int = 260) -> list[dict]:
    """The lines where the cited instruments are mentioned, with each surface marked."""
    lines = doc.text.split("\n")
    by_line: dict[int, list[tuple[int, int]]] = {}
    for c in cited:
        for m in c.mentions:
            i = m.line - doc.line_start
            if 0 <= i < len(lines):
                first = m.text.split("\n")[0]
                pos = lines[i].find(first)
                if pos >= 0:
                    by_line.setdefault(i, []).append((pos, pos + len(first)))
                else:
                    by_line.setdefault(i, [])
    out = []
    for i in sorted(by_line)[:limit]:
        out.append({"line": doc.line_start + i, "html": mark(lines[i], by_line[i], width),
                    "relation": next((str(c.relation) for c in cited
                                      if any(m.line - doc.line_start == i for m in c.mentions)), None)})
    return out


def distinct_lines(passages: list[dict], limit: int) -> list[dict]:
    """The first passage of each line, in order, at most ``limit`` (a cited line that also holds
    the query words is shown once)."""
    seen: set[int] = set()
    out = []
    for p in passages:
        if p["line"] not in seen:
            seen.add(p["line"])
            out.append(p)
    return out[:limit]
