"""Read office files into normalized text, keeping the line numbers of the file.

District offices publish in whatever their software saved: plain text in UTF-8, UTF-16 or
Windows-1258, Markdown and HTML exports, .docx, Word 97 .doc, RTF and PDF (some of them image-only
scans). This stage turns each file into one ``SourceText`` or raises ``IngestError`` saying what was
wrong with it; it never guesses silently. The format is sniffed from the content (a ``.doc`` saved
by Word as a web page is HTML), the extension only breaks ties.

For text formats (txt, md, html) markup is stripped *within* lines, so line *n* of ``SourceText.text``
is line *n* of the file; later stages cite ``file:line`` and rely on it.
"""
from __future__ import annotations

import html
import io
import logging
import os
import re
import shutil
import stat
import subprocess
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from indexer.models import SourceText
from indexer.normalize import normalize_text
from indexer.ocr import OCR_WARNING

logger = logging.getLogger(__name__)

__all__ = ["SUPPORTED_EXTENSIONS", "IngestError", "display_path", "iter_corpus", "read_file"]

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".doc", ".pdf", ".rtf"})

# Magic numbers of the binary formats (content wins over the extension).
_MAGIC_PDF = b"%PDF-"
_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other MS Office files
_MAGIC_RTF = b"{\\rtf"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML_START_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)

# No district document is this large; a bigger file is a dump or an archive, refused with a reason.
MAX_FILE_BYTES = 40_000_000
# A .docx whose parts expand past this is a zip bomb, not a plan.
MAX_DOCX_UNZIPPED_BYTES = 200_000_000

# antiword can take minutes on a corrupt file; a district .doc converts in well under a second.
ANTIWORD_TIMEOUT_S = 60

# Letters that occur in Vietnamese text. Used to tell real text from mojibake and from OCR layers
# produced without Vietnamese support ("uY BAN NgAN nAN" for "ỦY BAN NHÂN DÂN").
_VIET_MARKED = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ")
# Latin-1 letters and symbols that Vietnamese never uses: frequent in text decoded with the wrong
# code page ("Ã¡" for "á") or extracted from PDF fonts without a usable ToUnicode map ("BØ CÔNG AN").
_MOJIBAKE = set("ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ¡¢£¤¥¦§¨©ª«¬®¯°±´µ¶·¸º»¼½¾¿ƒ†‡‰Š‹ŒŽšœžŸ")

_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_MARKED_RE = re.compile(f"[{''.join(sorted(_VIET_MARKED))}]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BAD_RE = re.compile(f"[{re.escape(''.join(sorted(_MOJIBAKE)))}\\x00-\\x08\\x0b\\x0e-\\x1f\u0300-\u036f]")

# A text of real Vietnamese has 15-30 % marked letters; below 3 % over a few hundred letters the
# text is English, unaccented, or an OCR layer made without Vietnamese (493_TB.pdf: ~1 %).
MIN_VIET_RATIO = 0.03
# Mojibake characters per letter above which a decoding or a PDF text layer is unusable
# (298_PC04.pdf: ~9 %; clean Vietnamese text: 0 %).
MAX_MOJIBAKE_RATIO = 0.02
# Below this many letters a quality judgement is noise (a one-line note is fine either way).
MIN_LETTERS_TO_JUDGE = 200
# Control characters (other than tab/newline/CR/FF) per character above which bytes are binary.
MAX_CONTROL_RATIO = 0.01


class IngestError(Exception):
    """A file that cannot be read into text: ``str(e)`` is ``"{path}: {reason}"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def display_path(path: str | Path) -> str:
    """A path as text that any UTF-8 writer accepts: bytes of a name that are not UTF-8 (a file
    copied from an old Windows share) show as ``\\xff`` instead of failing the index or a JSON
    report with an unencodable surrogate."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def iter_corpus(root: str | Path, skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """List the files of a corpus directory that ``read_file`` supports.

    Nothing outside the corpus is read: symlinked directories are not entered, a symlinked file
    whose target lies outside ``root`` is skipped, and so is anything that is not a regular file
    (a FIFO would block the indexer forever). Each skipped file goes to ``skipped`` with a reason.

    Args:
        root: a directory (searched recursively) or a single file.
        skipped: filled with ``(path, reason)`` of supported-looking files left out.

    Returns:
        Sorted paths; hidden files and directories (``.git``, ``.~lock…``) are skipped.

    Raises:
        IngestError: ``root`` does not exist.
    """
    return [p for _, p in walk_corpus(root, skipped)]


def walk_corpus(root: str | Path, skipped: list[tuple[Path, str]] | None = None) -> list[tuple[str, Path]]:
    """``iter_corpus`` with each file's path relative to ``root`` (``/``-separated), in the same
    order. One ``readdir`` per directory and no ``stat`` of a plain file (100,000 files: 0.5 s,
    where a ``Path`` and four ``stat`` calls per file took 8 s)."""
    root = Path(root)
    if root.is_file():
        return [(root.name, root)]
    if not root.is_dir():
        raise IngestError(root, "no such file or directory")
    real_root = root.resolve()
    out: list[tuple[str, Path]] = []

    def walk(directory: str, rel: str) -> None:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                walk(e.path, rel + e.name + "/")
                continue
            if os.path.splitext(e.name)[1].lower() not in SUPPORTED_EXTENSIONS:
                continue
            path = Path(e.path)
            if e.is_symlink() or not e.is_file(follow_symlinks=False):
                reason = _not_readable_here(path, real_root)
                if reason:
                    if skipped is not None:
                        skipped.append((path, reason))
                    continue
            out.append((rel + e.name, path))

    walk(str(root), "")
    out.sort(key=lambda x: x[0].split("/"))  # the order of the paths' parts, as sorted Paths
    return out


def _not_readable_here(path: Path, real_root: Path) -> str | None:
    """Why a corpus entry must not be read, or ``None``."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(real_root):
            return f"symbolic link to a file outside the corpus ({display_path(target)}): not read"
    try:
        st = path.stat()
    except OSError as e:
        return f"cannot read file ({e.strerror or e})"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (FIFO, device or socket): not read"
    return None


def read_file(path: str | Path) -> SourceText:
    """Read one file into normalized text.

    Args:
        path: a .txt, .md, .html/.htm, .docx, .doc, .pdf or .rtf file.

    Returns:
        A ``SourceText`` whose ``format`` is the format found in the content, ``encoding`` the
        decoding used, ``warnings`` the non-fatal problems.

    Raises:
        IngestError: unreadable, unsupported, corrupt, empty, or without a usable text layer.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(path, f"file of {size / 1e6:.0f} MB, larger than the {MAX_FILE_BYTES // 10**6} MB "
                                    "a district document can be: not read")
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(path, f"cannot read file ({e.strerror or e})") from e
    fmt = sniff_format(data, path.suffix.lower())
    warnings: list[str] = []
    reader = _READERS.get(fmt)
    if reader is None:
        raise IngestError(path, f"unsupported format '{path.suffix or fmt}'; expected one of "
                                f"{', '.join(sorted(SUPPORTED_EXTENSIONS))}")
    text, encoding = reader(path, data, warnings)
    text = normalize_text(text)
    if not text.strip():
        raise IngestError(path, "no text in file (empty)")
    for w in warnings:
        logger.warning("%s: %s", path, w)
    return SourceText(path=str(path), text=text, format=fmt, encoding=encoding, warnings=tuple(warnings))


def sniff_format(data: bytes, suffix: str) -> str:
    """The format of a file's bytes: pdf, docx, doc, rtf, html, md, txt, or ``zip``/``ole2``/
    ``unknown`` when nothing readable was recognised."""
    head = data[:2048]
    if head.startswith(_MAGIC_PDF) or (_MAGIC_PDF in data[:1024] and suffix == ".pdf"):
        return "pdf"
    if head.startswith(_MAGIC_ZIP):
        return "docx" if _zip_has(data, "word/document.xml") else "zip"
    if head.startswith(_MAGIC_OLE2):
        return "doc" if suffix in (".doc", ".dot", "") else "ole2"
    stripped = head
    for bom, _ in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom):]
            break
    if stripped.lstrip().startswith(_MAGIC_RTF):
        return "rtf"
    if _HTML_START_RE.match(stripped) or (suffix in (".html", ".htm") and b"<" in stripped):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".docx", ".pdf"):
        return suffix[1:]  # not the format's magic: the reader reports it as corrupt
    if suffix in (".txt", ".doc", ".rtf", ".html", ".htm", ""):
        # A .doc/.rtf that is plain text (some "Save as" dialogs do that) is read as text.
        return "txt"
    return "unknown"


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return member in z.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


# ---- quality checks -------------------------------------------------------------------------

def text_quality(text: str) -> tuple[int, float, float]:
    """(letters, share of Vietnamese marked letters, share of mojibake characters) of a text.

    Mojibake counts code-page debris (``_MOJIBAKE``), control characters and combining marks left
    over after NFC (a wrong legacy decoding of text written with combining tone marks).
    """
    letters = len(_NON_LETTERS_RE.sub("", text))
    marked = len(_MARKED_RE.findall(text))
    bad = len(_BAD_RE.findall(text))
    if not letters:
        return 0, 0.0, 1.0 if bad else 0.0
    return letters, marked / letters, bad / letters


def _control_ratio(text: str) -> float:
    return len(_CONTROL_RE.findall(text)) / len(text) if text else 0.0


def _unusable_layer(text: str) -> str | None:
    """Why an extracted text layer is unusable, or None when it looks like Vietnamese text."""
    stripped = "".join(text.split())
    if not stripped:
        return "no text layer (image-only scan?); cần OCR"
    if "(cid:" in text and text.count("(cid:") * 20 > len(stripped):
        return "text layer is unusable: glyph ids '(cid:N)' instead of characters; cần OCR"
    letters, viet, bad = text_quality(text)
    if letters < 20:
        return f"no usable text layer (only {letters} letters extracted; image-only scan?); cần OCR"
    if letters >= MIN_LETTERS_TO_JUDGE or bad > 0.1:
        if bad > MAX_MOJIBAKE_RATIO:
            return (f"text layer is garbled ({bad:.0%} of letters are not Vietnamese: fonts without a "
                    "usable ToUnicode map?); cần OCR")
        if viet < MIN_VIET_RATIO:
            return (f"text layer has almost no Vietnamese letters ({viet:.1%} with diacritics: an OCR "
                    "layer made without Vietnamese?); cần OCR")
    return None


# ---- decoding of text files -----------------------------------------------------------------

def decode_text(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text file: BOM, strict UTF-8, else the best of cp1258 and
    charset-normalizer's guess (judged by how Vietnamese the result looks). NFC after.

    Returns:
        (text, encoding name).

    Raises:
        IngestError: the bytes are binary or decode to nothing readable.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return unicodedata.normalize("NFC", data.decode(enc)), enc
            except UnicodeDecodeError as e:
                raise IngestError(path, f"invalid {enc} after a {enc} byte-order mark at byte {e.start}") from e
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise IngestError(path, "binary content (NUL bytes), not a text file")
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = _best_legacy_decoding(data, path)
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise IngestError(path, f"binary content: {_control_ratio(text):.0%} control characters "
                                f"when decoded as {enc}")
    return unicodedata.normalize("NFC", text), enc


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 4 and min(even, odd) < len(sample) // 50


def _best_legacy_decoding(data: bytes, path: str | Path) -> tuple[str, str]:
    candidates: list[tuple[str, str]] = []
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            pass
    try:
        candidates.append((unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258"))
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            candidates.append((str(best), best.encoding))
    except (ImportError, LookupError, ValueError) as e:  # charset-normalizer is best effort
        logger.debug("%s: charset-normalizer failed: %s", path, e)
    if not candidates:
        raise IngestError(path, "cannot decode: not UTF-8, UTF-16, Windows-1258 or any detected encoding")
    return max(candidates, key=lambda c: _decoding_score(c[0]))


def _decoding_score(text: str) -> float:
    letters, viet, bad = text_quality(unicodedata.normalize("NFC", text))
    return viet - 5 * bad - 5 * _control_ratio(text) + (0.001 if letters else -1)


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


# ---- readers, one per format -------------------------------------------------------------------

def _decode_plain(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    text, enc = decode_text(data, path)
    if enc not in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "ascii"):
        warnings.append(f"not UTF-8: decoded as {enc}")
    letters, _, bad = text_quality(text) if enc != "utf-8" or "Ã" in text else (0, 0.0, 0.0)
    if letters >= MIN_LETTERS_TO_JUDGE and bad > MAX_MOJIBAKE_RATIO:
        warnings.append(f"text looks garbled ({bad:.0%} of letters are code-page debris): wrong encoding?")
    return _unify_newlines(text), enc


def _read_txt(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    # Plain-text exports of web pages keep Markdown emphasis and stray tags ("Số: **43** /KH-UBND").
    text, enc = _decode_plain(path, data, warnings)
    return strip_emphasis(text), enc


def _read_md(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    text, enc = _decode_plain(path, data, warnings)
    return strip_markdown(text), enc


def _read_html(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    text, enc = _decode_plain(path, data, warnings)
    return strip_html(text), enc


def _unify_newlines(text: str) -> str:
    # A CRLF file has the same lines as its LF form; a lone CR (classic Mac) is a line break too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_docx(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
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
    lines: list[str] = []
    for block in _docx_blocks(document.element.body):
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, document).text)
        else:
            lines.extend(_docx_table_rows(Table(block, document)))
    return "\n".join(lines), "docx"


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


def _docx_table_rows(table) -> list[str]:  # type: ignore[no-untyped-def]
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _read_pdf(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
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
    text = _unify_newlines("\n".join(pages))
    problem = _unusable_layer(text)
    if problem:
        pages = _ocr_pages(path, data, problem)
        text = _unify_newlines(unicodedata.normalize("NFC", "\n".join(pages)))
        still = _unusable_layer(text)
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


def _read_rtf(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
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
        score = _decoding_score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None:
        raise IngestError(path, f"cannot decode RTF with its declared code page {declared} or cp1258")
    if best[2] != declared:
        warnings.append(f"RTF declares {declared} but its text is {best[2]} (decoded as {best[2]})")
    return _unify_newlines(best[1]), best[2]


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


def _read_doc(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
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
    return _unify_newlines(text), "doc"


def _read_unsupported(kind: str):  # type: ignore[no-untyped-def]
    def read(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
        raise IngestError(path, kind)
    return read


_READERS = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "rtf": _read_rtf,
    "doc": _read_doc,
    "zip": _read_unsupported("unsupported format: a ZIP archive that is not a .docx (no word/document.xml)"),
    "ole2": _read_unsupported("unsupported format: an MS Office 97-2003 file that is not a Word .doc"),
}
