"""Debian's Chromium driven by Playwright (from PyPI; no browser is downloaded): the browser tests,
the OCR and PDF format tests and ``make screenshots`` all open it here."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

NOT_INSTALLED = ("Debian's chromium is not installed: `make install` installs it where it runs as root "
                 "with apt (or set VANBAN_CHROMIUM to a Chromium binary)")


def chromium_path() -> str | None:
    """The Chromium binary to drive: ``VANBAN_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    return os.environ.get("VANBAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium (a Playwright ``Browser``), closed on exit.

    Raises:
        RuntimeError: no Chromium here (``NOT_INSTALLED``).
    """
    path = chromium_path()
    if not path:
        raise RuntimeError(NOT_INSTALLED)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()
