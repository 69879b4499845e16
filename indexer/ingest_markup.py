"""Stripping markup while keeping lines: Markdown emphasis and headings, HTML tags and entities,
and a saved web page's menus, sidebars and footers blanked, so that line *n* of the text is line *n*
of the file."""
from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser

logger = logging.getLogger(__name__)

# ---- markup stripping that keeps lines --------------------------------------------------------

def _blank_keep_newlines(match: re.Match[str]) -> str:
    return " " + "\n" * match.group(0).count("\n")


_MD_BOLD_RE = re.compile(r"\*\*|(?<![\w_])__|__(?![\w_])")
_MD_EM_RE = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.MULTILINE)
_MD_BULLET_RE = re.compile(r"^([ \t]*)[*+][ \t]+", re.MULTILINE)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>\"'])")
_MD_HARD_BREAK_RE = re.compile(r"\\$", re.MULTILINE)


# "KẾ HOẠCH**Thực hiện …**": a bold mark glued between two words separates two header parts;
# three spaces keep them apart as a column gap does (documents.py reads 3+ spaces so).
_MD_GLUED_BOLD_RE = re.compile(r"(?<=\w)\*\*(?=\w)")


# HTML left in plain-text exports of web pages (the seeds: "<ul style=…>", "<i>", "<p>"). Only
# real tag names, so "<https://…>" autolinks and "< 5%" stay.
_TXT_TAG_RE = re.compile(
    r"</?(?:p|br|ul|ol|li|i|b|u|em|strong|span|div|td|tr|th|table|tbody|thead|sup|sub|font|a|h[1-6])"
    r"\b[^<>\n]*>", re.IGNORECASE)


def strip_emphasis(text: str) -> str:
    """Remove Markdown bold/italic marks and stray HTML tags (safe on plain text; lines kept)."""
    text = _TXT_TAG_RE.sub(" ", _MD_GLUED_BOLD_RE.sub("   ", text))
    return _MD_EM_RE.sub(r"\1", _MD_BOLD_RE.sub("", text))


def strip_markdown(text: str) -> str:
    """Remove Markdown emphasis, heading marks and escapes within each line (lines kept)."""
    text = _MD_HEADING_RE.sub("", text)
    text = _MD_BULLET_RE.sub(r"\1- ", text)
    text = _MD_BOLD_RE.sub("", _MD_GLUED_BOLD_RE.sub("   ", text))
    text = _MD_EM_RE.sub(r"\1", text)
    text = _MD_HARD_BREAK_RE.sub("", text)
    return _MD_ESCAPE_RE.sub(r"\1", text)


_HTML_HIDDEN_RE = re.compile(r"<(script|style|xml|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_HTML_CELL_END_RE = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_HTML_TAG_RE = re.compile(r"<[!/?]?[A-Za-z][^<>]*>|<!\[[^<>]*\]>")
_NEWLINE_IN_ENTITY_RE = re.compile(r"[\r\n]")


# A portal's page around the document: menus, banners, sidebars ("Văn bản liên quan"), breadcrumbs,
# footers ("Quyết định … về bản quyền trang"). Recognised by element (HTML5 sectioning), ARIA role,
# or a class/id word, never by what the text says.
_BOILERPLATE_TAGS = frozenset({"nav", "footer", "aside", "menu"})
_BOILERPLATE_ROLES = frozenset({"navigation", "contentinfo", "banner", "complementary", "menu", "menubar", "search"})
_BOILERPLATE_WORD_RE = re.compile(
    r"(?:^|[\s_-])(?:footer|foot|copyright|menu|navbar|nav|navigation|sidebar|side-bar|breadcrumbs?|"
    r"related|lien-?quan|vb-?lien-?quan|ban-?quyen|banner|masthead|site-?header|top-?bar|social|share|"
    r"comments?|advert|ads|quang-?cao|tin-?khac|widget)(?:$|[\s_-])", re.IGNORECASE)
# Elements that never have an end tag.
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr"})


def _boilerplate(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _BOILERPLATE_TAGS:
        return True
    a = {k: (v or "") for k, v in attrs}
    if a.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    return bool(_BOILERPLATE_WORD_RE.search(f"{a.get('class', '')} {a.get('id', '')}"))


class _BoilerplateSpans(HTMLParser):
    """Character spans of the page's boilerplate elements (outermost only), from a tolerant parse."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a boilerplate span)
        self.open_at: int | None = None
        self.depth = 0  # boilerplate elements open
        self.spans: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        if self.depth and (tag in ("main", "article") or ("role", "main") in attrs):
            self.open_at = None  # the "boilerplate" holds the page's main content: keep it all
        starts = _boilerplate(tag, attrs)
        if starts and self.depth == 0:
            self.open_at = self._offset()
        self.depth += starts
        self.stack.append((tag, starts))

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            t, starts = self.stack.pop()
            self.depth -= starts
            if starts and self.depth == 0 and self.open_at is not None:
                end = self._offset()
                close = self.rawdata.find(">", end)
                self.spans.append((self.open_at, close + 1 if close >= 0 else end))
                self.open_at = None
            if t == tag:
                return


def blank_boilerplate(text: str) -> str:
    """Blank a saved page's menus, sidebars and footers (newlines kept, so lines keep their numbers).

    A page whose boilerplate would take everything (a document that is all ``<aside>``) is kept whole.
    """
    parser = _BoilerplateSpans(text)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep the page as it is
        return text
    if not parser.spans:
        return text
    out, last = [], 0
    for start, end in parser.spans:
        out += [text[last:start], " " + "\n" * text.count("\n", start, end)]
        last = end
    out.append(text[last:])
    blanked = "".join(out)
    return blanked if _HTML_TAG_RE.sub("", blanked).strip() else text


def strip_html(text: str) -> str:
    """Remove HTML tags, comments, scripts and styles, decode entities; lines kept.

    Tags become spaces (table cells end with `` | ``); a tag or comment spanning lines leaves its
    line breaks, so line *n* of the result is line *n* of the HTML file. A saved portal page loses
    its menus, sidebars and footers (``blank_boilerplate``).
    """
    text = _HTML_HIDDEN_RE.sub(_blank_keep_newlines, text)
    text = blank_boilerplate(text)
    text = _HTML_CELL_END_RE.sub(" | ", text)
    text = _HTML_TAG_RE.sub(_blank_keep_newlines, text)
    if "&" in text:
        # An entity can decode to a line break (&#10;): never let it add a line.
        text = "\n".join(_NEWLINE_IN_ENTITY_RE.sub(" ", html.unescape(line)) for line in text.split("\n"))
    return text
