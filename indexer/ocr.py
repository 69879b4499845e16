"""Text of a scanned PDF, or of one whose text layer is unusable, by OCR (Tesseract, Vietnamese model).

An office scans and signs plans; such a PDF has no text, or a layer of glyph ids. The reader
(``indexer.ingest``) asks :func:`ocr_pdf` for it: ``pdftoppm`` (poppler) renders each page at
300 dpi in grey, ``tesseract -l vie`` reads it. Both are Debian packages (``tesseract-ocr``,
``tesseract-ocr-vie``, ``poppler-utils``) that ``make install`` installs where it can; where they
are missing, :func:`unavailable` says so and the file is reported unreadable with that reason.

OCR costs seconds per page, so its text is cached by the file's SHA-256 (and Tesseract's version)
under ``VANBAN_OCR_CACHE`` (default ``~/.cache/vanban/ocr``): a re-index, or a second index of the
same archive, never reads a page twice. The index reads files in worker processes, so pages of
different files are read in parallel.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from indexer.settings import setting

OCR_LANG = "vie"
DPI = "300"
PAGE_TIMEOUT_S = 180
# The warning that marks a document read by OCR (its citations are less certain).
OCR_WARNING = "nhận dạng chữ từ ảnh quét (OCR): số ký hiệu và ngày có thể bị đọc sai"


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why OCR cannot run here, or ``None`` when it can."""
    for tool, package in (("pdftoppm", "poppler-utils"), ("tesseract", "tesseract-ocr")):
        if shutil.which(tool) is None:
            return f"{tool} chưa được cài (gói Debian {package}; make install cài khi chạy với quyền root)"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], check=False, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return f"tesseract không chạy được ({e})"
    if OCR_LANG not in langs.split():
        return "thiếu dữ liệu tiếng Việt của tesseract (gói Debian tesseract-ocr-vie)"
    return None


@lru_cache(maxsize=1)
def _version() -> str:
    out = subprocess.run(["tesseract", "--version"], check=False, capture_output=True, text=True, timeout=30)
    return (out.stdout or out.stderr).split("\n", 1)[0].strip()


def cache_dir() -> Path:
    """Where OCR results are kept (``VANBAN_OCR_CACHE``, ``indexer.settings``)."""
    return setting("ocr_cache")


def ocr_pdf(data: bytes) -> list[str]:
    """The text of each page of a PDF, read by OCR (cached by content).

    Raises:
        RuntimeError: OCR is not available here, or a page could not be read (the reason).
    """
    why = unavailable()
    if why:
        raise RuntimeError(why)
    key = hashlib.sha256(data + _version().encode() + OCR_LANG.encode()).hexdigest()
    cached = cache_dir() / f"{key}.txt"
    if cached.is_file():
        return cached.read_text("utf-8").split("\f")
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        _run(["pdftoppm", "-r", DPI, "-gray", "-png", str(pdf), str(Path(tmp) / "p")])
        pages = []
        for png in sorted(Path(tmp).glob("p*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1])):
            pages.append(_run(["tesseract", str(png), "stdout", "-l", OCR_LANG, "--psm", "4"]).rstrip("\n"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp_file = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp_file.write_text("\f".join(pages), "utf-8")
        tmp_file.replace(cached)
    except OSError:
        pass  # a read-only home: OCR again next time
    return pages


def _run(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, check=False, capture_output=True, timeout=PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        raise RuntimeError(f"{cmd[0]} quá {PAGE_TIMEOUT_S} giây") from e
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} lỗi: {out.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return out.stdout.decode("utf-8", "replace")
