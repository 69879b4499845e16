"""Readers of office formats: .docx (paragraphs and tables in order), PDF (text layer, or OCR when
the layer is missing or unusable), RTF and Word 97 .doc (through Debian's antiword)."""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from indexer.ingest_text import IngestError, decoding_score, unify_newlines, unusable_layer
from indexer.legacy import font_encoding, from_font
from indexer.ocr import OCR_WARNING

logger = logging.getLogger(__name__)

# A .docx whose parts expand past this is a zip bomb, not a plan.
MAX_DOCX_UNZIPPED_BYTES = 200_000_000

# antiword can take minutes on a corrupt file; a district .doc converts in well under a second.
ANTIWORD_TIMEOUT_S = 60




def read_docx(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    try:
        unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise IngestError(path, f"corrupt or unreadable .docx ({type(e).__name__}: {e})") from e
    if unzipped > MAX_DOCX_UNZIPPED_BYTES:
        raise IngestError(path, f".docx that expands to {unzipped / 1e6:.0f} MB (over "
                                f"{MAX_DOCX_UNZIPPED_BYTES // 10**6} MB): refused as a zip bomb")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types on corrupt packages
        raise IngestError(path, f"corrupt or unreadable .docx ({type(e).__name__}: {e})") from e
    lines: list[str] = _docx_header_lines(document)
    for block in _docx_blocks(document.element.body):
        if block.tag.endswith("}p"):
            lines.append(_paragraph_text(Paragraph(block, document)))
            lines.extend(_paragraph_text(Paragraph(p, document)) for p in _text_box_paragraphs(block))
        else:
            lines.extend(_docx_table_rows(Table(block, document)))
    notes = _docx_note_lines(document, Paragraph)
    return "\n".join(lines + ([""] + notes if notes else [])), "docx"


def _docx_blocks(parent):  # type: ignore[no-untyped-def]
    """Paragraphs and tables of a body in document order (content controls opened)."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield child
        elif tag == "sdt":
            for content in child.iterchildren():
                if content.tag.endswith("}sdtContent"):
                    yield from _docx_blocks(content)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box is written twice, for new Word (mc:Choice) and old (mc:Fallback): read the first only.
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml")


def _text_box_paragraphs(block):  # type: ignore[no-untyped-def]
    """The paragraphs of the text boxes anchored in a paragraph, in order (each box once)."""
    for box in block.iter(f"{_W}txbxContent"):
        if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            yield from box.iter(f"{_W}p")


def _docx_header_lines(document) -> list[str]:  # type: ignore[no-untyped-def]
    """The first page's header, when it says something (an agency block, a motto) rather than a
    page number: read before the body, as on the page."""
    if not document.sections:
        return []
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous and not header._has_definition:
        return []
    texts = [_paragraph_text(p) for p in header.paragraphs] + \
        [row for t in header.tables for row in _docx_table_rows(t)]
    return [t for t in texts if any(ch.isalpha() for ch in t)]


def _docx_note_lines(document, paragraph_type) -> list[str]:  # type: ignore[no-untyped-def]
    """Footnotes and endnotes, in order, after the body (they cite instruments: ``¹ Công văn số
    946/SKHCN-VP ngày …``); the separators Word keeps among them left out."""
    from docx.oxml import parse_xml

    lines = []
    for part in document.part.package.iter_parts():
        if str(part.partname) not in _NOTE_PARTS:
            continue
        root = parse_xml(part.blob)
        for note in root:
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in note.iter(f"{_W}p"):
                text = _paragraph_text(paragraph_type(p, document)).strip()
                if text:
                    lines.append(text)
    return lines


def _paragraph_text(paragraph) -> str:  # type: ignore[no-untyped-def]
    """A paragraph's text; runs set in a legacy Vietnamese font (``.VnTime``, ``VNI-Times``, by
    the run or its paragraph's style) converted to Unicode by their font."""
    style_font = paragraph.style.font.name if paragraph.style is not None else None
    fonts = [run.font.name or style_font for run in paragraph.runs]
    if not any(font_encoding(f) for f in fonts):
        return paragraph.text
    return "".join(from_font(run.text, font) for run, font in zip(paragraph.runs, fonts))


def _docx_table_rows(table) -> list[str]:  # type: ignore[no-untyped-def]
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(_paragraph_text(p) for p in cell.paragraphs).strip())
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def read_pdf(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as e:
        raise IngestError(path, f"corrupt or unreadable PDF ({type(e).__name__}: {e})") from e
    text = unify_newlines("\n".join(pages))
    problem = unusable_layer(text)
    if problem:
        pages = _ocr_pages(path, data, problem)
        text = unify_newlines(unicodedata.normalize("NFC", "\n".join(pages)))
        still = unusable_layer(text)
        if still:
            raise IngestError(path, f"{problem}; OCR did not help either ({still})")
        warnings.append(OCR_WARNING)
        return text, "pdf+ocr"
    empty = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    if empty:
        warnings.append(f"pages without text: {', '.join(map(str, empty))}")
    return text, "pdf"


def _ocr_pages(path: Path, data: bytes, problem: str) -> list[str]:
    """A scan's pages by OCR, or the file's reason to be unreadable (with why OCR could not run)."""
    from indexer.ocr import ocr_pdf

    try:
        return ocr_pdf(data)
    except RuntimeError as e:
        raise IngestError(path, f"{problem} ({e})") from e


def read_rtf(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")  # RTF is 7-bit; \'xx escapes carry the code page's bytes
    declared = _rtf_codepage(raw)
    candidates = [declared] + [c for c in ("cp1258", "cp1252") if c != declared]
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            source = raw if enc == declared else _force_rtf_codepage(raw, enc)
            text = unicodedata.normalize("NFC", rtf_to_text(source, encoding=enc, errors="strict"))
        except (UnicodeDecodeError, LookupError):
            continue
        except Exception as e:  # striprtf has no error types of its own
            raise IngestError(path, f"corrupt RTF ({type(e).__name__}: {e})") from e
        score = decoding_score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None:
        raise IngestError(path, f"cannot decode RTF with its declared code page {declared} or cp1258")
    if best[2] != declared:
        warnings.append(f"RTF declares {declared} but its text is {best[2]} (decoded as {best[2]})")
    return unify_newlines(best[1]), best[2]


_RTF_CPG_RE = re.compile(r"\\ansicpg(\d+)")


def _force_rtf_codepage(raw: str, enc: str) -> str:
    """The RTF with its code page declared as ``enc``: striprtf follows ``\\ansicpg`` and the fonts'
    ``\\fcharset`` over its ``encoding`` argument, so a wrong declaration must be rewritten."""
    raw = _RTF_CPG_RE.sub(lambda m: "\\ansicpg" + enc[2:], raw)
    return _RTF_FCHARSET_RE.sub("", raw)


_RTF_FCHARSET_RE = re.compile(r"\\fcharset\d+ ?")


def _rtf_codepage(raw: str) -> str:
    m = _RTF_CPG_RE.search(raw[:4096])
    return f"cp{m.group(1)}" if m else "cp1252"


def read_doc(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    exe = shutil.which("antiword")
    if exe is None:
        raise IngestError(path, "Word 97-2003 .doc needs the 'antiword' program, which is not installed "
                                "(apt-get install antiword)")
    try:
        proc = subprocess.run([exe, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=ANTIWORD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as e:
        raise IngestError(path, f"antiword did not finish in {ANTIWORD_TIMEOUT_S} s (corrupt .doc?)") from e
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(path, f"antiword cannot read it: {msg[-1] if msg else f'exit {proc.returncode}'}")
    text = unicodedata.normalize("NFC", proc.stdout.decode("utf-8", "replace"))
    return unify_newlines(text), "doc"
