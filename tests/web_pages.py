"""Reading the web pages in tests: visible text, a coverage table's rows, an instrument's URL."""
from __future__ import annotations

import html
import re
from urllib.parse import quote


def text_of(page: str) -> str:
    """Visible text of a page, tags removed and whitespace collapsed."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def coverage_rows(page: str) -> dict[str, str]:
    """District → state, read from the coverage table's rows."""
    rows = re.findall(r'<tr class="state-\w+" data-district="([^"]+)">.*?<td class="state"[^>]*>([^<]+)</td>',
                      page, flags=re.DOTALL)
    return {html.unescape(d): html.unescape(s) for d, s in rows}


def vb(key: str, suffix: str = "") -> str:
    return "/vb/" + quote(key, safe="/") + suffix
