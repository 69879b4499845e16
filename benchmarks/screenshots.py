"""``make screenshots``: the pages staff use, as a real Chromium shows them at 1280 px and 390 px.

Starts ``vanban serve`` on an index, opens the search results, a plan (each of its tabs), the most
cited instrument, its coverage table and the overview in Debian's chromium (Playwright, no browser
download), and writes full-page PNGs to ``var/screenshots/`` (``<page>-<width>.png``).

    python -m benchmarks.screenshots --index-dir var/index --out var/screenshots
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.browser import chromium, chromium_path
from benchmarks.load import Server

WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def pages(base: str) -> dict[str, str]:
    """Name → path of every page to capture, chosen from what the index holds."""
    c = httpx.Client(base_url=base, timeout=60)
    docs = c.get("/api/documents", params={"limit": 500}).json()["documents"]
    plan = max(docs, key=lambda d: len(c.get(f"/api/documents/{quote(d['id'])}").json()["citations"]))
    top = c.get("/api/graph/most-cited", params={"limit": 1}).json()["items"][0]["id"]
    vb = "/vb/" + quote(top, safe="/")
    doc = f"/documents/{quote(plan['id'])}"
    return {"search": "/?q=" + quote(top.split("|")[0]), "plan-noi-dung": doc, "plan-luoc-do": doc + "?tab=luoc-do",
            "plan-thuoc-tinh": doc + "?tab=thuoc-tinh", "plan-tai-ve": doc + "?tab=tai-ve",
            "instrument": vb, "coverage": vb + "/coverage", "overview": "/tong-quan"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-dir", type=Path, default=Path("var/index"))
    ap.add_argument("--out", type=Path, default=Path("var/screenshots"))
    a = ap.parse_args(argv)
    if not chromium_path():
        print("Không có chromium: chạy make install với quyền root (apt) hoặc đặt VANBAN_CHROMIUM.", file=sys.stderr)
        return 2
    a.out.mkdir(parents=True, exist_ok=True)
    with Server(a.index_dir, workers=1) as srv, chromium() as browser:
        for name, path in pages(srv.base).items():
            for width, viewport in WIDTHS.items():
                page = browser.new_page(viewport=viewport)
                page.goto(srv.base + path)
                out = a.out / f"{name}-{width}.png"
                page.screenshot(path=str(out), full_page=True)
                page.close()
                print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
