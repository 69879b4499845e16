"""Inline SVG drawing of a citation chain, built as a string on the server (no JavaScript, no dependency).

The chain page's tree (``graph.queries.chain``) is the primary view; this draws the same nodes and
edges beside it, layered left to right by depth, so a reader sees at a glance that 171/KH-UBND mentions
both 264-KL/TU and 23-CT/TU and that the one implements the other. A node appearing twice in the tree
(``"repeat"``) is one box here with two edges into it. Every label comes from documents, so every
label is escaped. Pure functions: the caller passes how a node is linked and how a relation is worded.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import NamedTuple

from indexer.terms import MISSING_COLOUR, RELATION_COLOURS

DEFAULT_MAX_NODES = 60

# Geometry in px. A box holds ~30 characters of a 12px label; longer labels are cut with "…" and
# shown whole in the box's <title> (hover), as the tree beside it shows them whole.
BOX_W, BOX_H = 210, 38
COL_GAP, ROW_GAP, PAD = 150, 10, 12
LABEL_CHARS, META_CHARS = 30, 36
# An edge's label sits at this fraction of its length, near the cited box: edges fanning out of
# one box then have their labels at distinct heights instead of piled at the start.
LABEL_AT = 0.8
# Edges between boxes of one column (a repeat one level down) bow out to the right by this much,
# more the further apart the boxes are (up to BOW_MAX), so long and short bows do not overlap.
BOW, BOW_MAX = 44, 110
# Room right of the last column for bows and their labels.
RIGHT_ROOM = BOW_MAX + 70


class Drawing(NamedTuple):
    svg: str
    shown: int   # nodes drawn
    total: int   # distinct nodes in the tree

    @property
    def capped(self) -> bool:
        return self.shown < self.total


class _Edge(NamedTuple):
    parent: str
    child: str
    relations: tuple[str, ...]
    sentence: str


def _cut(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _layers(tree: dict, max_nodes: int) -> tuple[dict[str, tuple[int, dict]], list[_Edge], int]:
    """Breadth-first over the tree: node id → (depth, summary) for the first ``max_nodes`` ids, the
    edges among them (one per pair, relations merged), and the number of distinct ids in the tree."""
    root = tree["node"]
    placed: dict[str, tuple[int, dict]] = {root["id"]: (0, root)}
    seen = {root["id"]}
    edges: dict[tuple[str, str], list] = {}
    level = [(tree, 0)]
    while level:
        nxt = []
        for tnode, depth in level:
            pid = tnode["node"]["id"]
            for child in tnode.get("children") or ():
                cid = child["node"]["id"]
                seen.add(cid)
                if cid not in placed and len(placed) < max_nodes:
                    placed[cid] = (depth + 1, child["node"])
                if pid in placed and cid in placed and pid != cid:
                    e = edges.setdefault((pid, cid), [[], child.get("sentence") or ""])
                    if child["relation"] not in e[0]:
                        e[0].append(child["relation"])
                nxt.append((child, depth + 1))
        level = nxt
    out = [_Edge(p, c, tuple(rels), sent) for (p, c), (rels, sent) in edges.items()]
    return placed, out, len(seen)


def _node_svg(n: dict, x: float, y: float, href: str, root: bool) -> str:
    missing = bool(n.get("missing"))
    cls = "node" + (" missing" if missing else "") + (" document" if n.get("kind") == "document" else "") \
        + (" root" if root else "")
    meta_parts = [n.get("issuer") or n.get("type") or "", (n.get("date") or "")[:4] or str(n.get("year") or "")]
    meta = " · ".join(p for p in meta_parts if p and p != "?")
    tip = n.get("label") or n.get("id") or ""
    if meta:
        tip += " · " + meta
    if missing:
        tip += " (chưa có toàn văn trong kho)"
    stroke = "#8b1d1d" if root else (MISSING_COLOUR if missing else "#5b6b86")
    rect = (f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="5" '
            f'fill="{"#fafafa" if missing else "#eef3ff"}" '
            f'stroke="{stroke}" stroke-width="{2 if root else 1}"'
            + (' stroke-dasharray="4 3"' if missing else "") + "/>")
    colour = "#6b7280" if missing else "#1d2433"
    label = (f'<text x="{x + 7:.0f}" y="{y + 15:.0f}" font-size="12" fill="{colour}"'
             + (' font-weight="bold"' if root else "") + f">{escape(_cut(n.get('label') or n.get('id') or '', LABEL_CHARS))}</text>")
    sub = (f'<text x="{x + 7:.0f}" y="{y + 30:.0f}" font-size="10.5" fill="#6b7280">'
           f'{escape(_cut(meta, META_CHARS))}</text>') if meta else ""
    return (f'<a href="{escape(href)}" class="{cls}" data-id="{escape(n.get("id") or "")}">'
            f"<title>{escape(tip)}</title>{rect}{label}{sub}</a>")


def _edge_svg(e: _Edge, a: tuple[float, float], b: tuple[float, float], a_col: int, b_col: int,
              words: dict[str, str], arrow_at_child: bool) -> str:
    rel = e.relations[0]
    colour = RELATION_COLOURS.get(rel, MISSING_COLOUR)
    marker = f'marker-{"end" if arrow_at_child else "start"}="url(#vbg-arrow-{rel})"'
    (ax, ay), (bx, by) = a, b
    if b_col > a_col:  # forward: parent's right edge → child's left edge
        x1, y1, x2, y2 = ax + BOX_W, ay + BOX_H / 2, bx, by + BOX_H / 2
        shape = f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}"'
        lx, ly = x1 + (x2 - x1) * LABEL_AT, y1 + (y2 - y1) * LABEL_AT
        anchor = "middle"
    else:  # same column or backwards: a curve from right edge to right edge, bowing out right
        x1, y1, x2, y2 = ax + BOX_W, ay + BOX_H / 2, bx + BOX_W, by + BOX_H / 2
        bow = min(BOW_MAX, BOW + abs(y2 - y1) / 12)
        cx = max(x1, x2) + bow
        shape = f'<path d="M{x1:.0f},{y1:.0f} C{cx:.0f},{y1:.0f} {cx:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" fill="none"'
        lx, ly = max(x1, x2) + bow * 0.75 + 3, (y1 + y2) / 2
        anchor = "start"
    text = ", ".join(words.get(r, r) for r in e.relations)
    tip = text + (f" — «{_cut(e.sentence, 200)}»" if e.sentence else "")
    return (f'<g class="edge {" ".join(e.relations)}" data-from="{escape(e.parent)}" data-to="{escape(e.child)}">'
            f"<title>{escape(tip)}</title>"
            f'{shape} stroke="{colour}" stroke-width="1.4" {marker}/>'
            f'<text x="{lx:.0f}" y="{ly + 3.5:.0f}" font-size="11" text-anchor="{anchor}" fill="{colour}" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(text)}</text></g>')


def chain_svg(tree: dict, url_of: Callable[[dict], str], words: dict[str, str], direction: str = "out",
              max_nodes: int = DEFAULT_MAX_NODES) -> Drawing:
    """The chain tree as an inline ``<svg>``: boxes layered left→right by depth, labelled edges.

    Args:
        tree: ``graph.queries.chain(...)["tree"]``.
        url_of: the page a node's box links to (a node summary → URL).
        words: relation → its label in words (``"implements"`` → ``"thực hiện"``).
        direction: ``"out"`` (a parent cites its children: arrows point right) or ``"in"`` (children
            cite their parent: arrows point back left). Either way an arrow points at the cited.
        max_nodes: at most this many boxes, breadth first (shallow levels are kept whole first).

    Returns:
        :class:`Drawing`: the SVG markup (every label escaped) and how many nodes it shows of how many.
    """
    placed, edges, total = _layers(tree, max_nodes)
    columns: dict[int, list[str]] = {}
    for nid, (depth, _) in placed.items():
        columns.setdefault(depth, []).append(nid)
    rows = max(len(c) for c in columns.values())
    step = BOX_H + ROW_GAP
    pos: dict[str, tuple[float, float]] = {}
    for col, ids in columns.items():
        top = PAD + (rows - len(ids)) * step / 2  # centre each column on the tallest
        for i, nid in enumerate(ids):
            pos[nid] = (PAD + col * (BOX_W + COL_GAP), top + i * step)
    width = PAD * 2 + len(columns) * BOX_W + (len(columns) - 1) * COL_GAP + RIGHT_ROOM
    height = PAD * 2 + rows * step - ROW_GAP
    markers = "".join(
        f'<marker id="vbg-arrow-{r}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for r, c in RELATION_COLOURS.items())
    body = [_edge_svg(e, pos[e.parent], pos[e.child], placed[e.parent][0], placed[e.child][0], words,
                      arrow_at_child=direction != "in") for e in edges]
    root_id = tree["node"]["id"]
    body += [_node_svg(n, *pos[nid], url_of(n), nid == root_id) for nid, (_, n) in placed.items()]
    title = "Sơ đồ chuỗi trích dẫn của " + (tree["node"].get("label") or root_id)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chain-svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="system-ui, Segoe UI, Roboto, Arial, sans-serif">'
           f"<title>{escape(title)}</title><defs>{markers}</defs>{''.join(body)}</svg>")
    return Drawing(svg, len(placed), total)


__all__ = ["DEFAULT_MAX_NODES", "Drawing", "chain_svg"]
