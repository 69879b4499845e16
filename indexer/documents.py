"""Split a file into documents and read each document's header.

One file often holds more than one document: a cover letter (Công văn) and the plan it forwards,
a Quyết định and the Quy định or Điều lệ issued with it ("ban hành kèm theo Quyết định số …").
Search and the citation graph work per document, so this stage finds where each one starts and
reads its header (Nghị định 30/2020/NĐ-CP layout): agency lines, ``Số: 171/KH-UBND``, the place
and date (``Quận 1, ngày 30 tháng 5 năm 2022``), the type heading (``KẾ HOẠCH``), the trích yếu,
and the signer after ``Nơi nhận``. Headers come from OCR, Markdown, antiword tables (``|`` cells)
and PDF text layers, so every field is read from *cells* of lines, never from fixed positions.
Texts copied from legal portals have no header at all: their first line is the title, type word
first, then an issuer line or an enacting sentence names the issuer (``read_lead_title``).

Nothing here raises on any text: unknown fields are ``None``.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from indexer.header import parse_header
from indexer.header_cells import (
    ADDRESSEE_RE,
    is_attachment_heading,
    is_headerish,
    is_signature_anchor,
    number_match,
    plain,
    type_heading,
)
from indexer.models import Document, DocumentMeta, SourceText
from indexer.ocr import OCR_WARNING
from indexer.refs import normalize_ref

logger = logging.getLogger(__name__)

__all__ = ["split_documents"]

# A second header's ``Số:`` line is followed by its type heading, place/date or ``Kính gửi``
# within this many lines (171/KH-UBND: 9 lines, across OCR junk).
HEADER_SPAN = 15
# An attached Quy định/Điều lệ names its parent (``(Ban hành kèm theo Quyết định số …``) within
# this many lines of its heading.
ATTACHMENT_SPAN = 6

# Website boilerplate after a document copied from a legal portal (thuvienphapluat.vn and the
# like: "HIỆU LỰC VĂN BẢN", "• Số hiệu: …", "Tải văn bản"): not part of the document.
_PORTAL_MARKER_RE = re.compile(
    r"^\W*(HIỆU LỰC VĂN BẢN|Tải văn bản|LƯỢC ĐỒ|VĂN BẢN LIÊN QUAN|Văn bản gốc|Thuộc tính văn bản)\b", re.IGNORECASE)
_PORTAL_FIELD_RE = re.compile(
    r"^\W*(Số hiệu|Loại văn bản|Ngày ban hành|Nơi ban hành|Người ký|Ngày công báo|Số công báo|"
    r"Ngày hiệu lực|Tình trạng hiệu lực|Cơ quan ban hành|Lĩnh vực)\s*:", re.IGNORECASE)

# Appendix headers restating the document's own number: ``(Ban hành kèm theo Kế hoạch số 3107/KH-UBND``.
_SELF_REF_RE = re.compile(
    r"kèm theo\s+(?:[^\W\d_]+\s+){1,4}?số\s*:?\s*(\d[\d.]*(?:\s*[/-]\s*[\wĐđ&]+)+)", re.IGNORECASE)


@dataclass
class _Segment:
    start: int  # 0-based first line
    header: int  # 0-based anchor line of its header (or start)
    attached: bool = False


def _stem(rel_path: str) -> str:
    """``PurePosixPath(rel_path).stem``, without building a path object per file."""
    name = rel_path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def id_prefixes(rel_paths: list[str]) -> dict[str, str]:
    """The document id prefix of each file of one corpus: its stem, unless another file has it.

    An archive keeps each district's ``ke-hoach.pdf`` in its own folder; ids from the stem alone
    would merge them into one document and one graph node. Colliding files take their relative
    path instead (``/`` as ``~``, suffix kept, so ``a.pdf`` and ``a.docx`` differ too); every other
    file keeps the short, stable stem id.

    Args:
        rel_paths: the files' paths relative to the corpus root, ``/``-separated.
    """
    stems = [_stem(p) for p in rel_paths]
    seen = Counter(stems)
    return {p: (stem if seen[stem] == 1 else p.replace("/", "~"))
            for p, stem in zip(rel_paths, stems)}


def split_documents(source: SourceText, prefix: str | None = None) -> list[Document]:
    """Split a file's text into its documents, with header metadata.

    Args:
        source: a file read by ``indexer.ingest.read_file``.
        prefix: the document id prefix (default: the file's stem; see ``id_prefixes``).

    Returns:
        The documents in file order, ids ``"<prefix>-<i>"`` from 1; at least one document
        for any non-empty text. Citations are left empty (``indexer.citations`` fills them).
    """
    lines = source.lines
    plains = [plain(line) for line in lines]
    segments = _find_segments(plains)
    name = Path(source.path).name
    stem = prefix or Path(source.path).stem
    docs = []
    for i, seg in enumerate(segments):
        end = segments[i + 1].start - 1 if i + 1 < len(segments) else len(lines) - 1
        end = _trim_portal_boilerplate(plains, seg.start, end)
        header = parse_header(plains[seg.start:end + 1], attached=seg.attached)
        text = "\n".join(lines[seg.start:end + 1])
        docs.append(_document(f"{stem}-{i + 1}", name, seg.start, end, text, header,
                              parent=docs[-1] if docs and seg.attached else None))
    if OCR_WARNING in source.warnings:  # every document of a scan says it was read by OCR
        docs = [dataclasses.replace(d, warnings=(*d.warnings, OCR_WARNING)) for d in docs]
    logger.debug("%s: %d document(s)", source.path, len(docs))
    return docs


def _document(doc_id: str, file: str, start: int, end: int, text: str, header: DocumentMeta,
              parent: Document | None) -> Document:
    issuer, district, date = header.issuer, header.district, header.date
    if parent is not None:  # an attached Quy định shares its decision's issuer and date
        issuer = issuer or parent.issuer
        district = district or parent.district
        date = date or parent.date
    return Document(
        id=doc_id, file=file, line_start=start + 1, line_end=end + 1, text=text,
        number=header.number, doc_type=header.doc_type, issuer=issuer, district=district,
        date=date, title=header.title, signer=header.signer,
        number_variants=_number_variants(header.number, text),
    )


def _find_segments(plains: list[str]) -> list[_Segment]:
    """Where each document starts. A later header starts a new document only after the current
    one has been signed (``Nơi nhận``, a signature title), so a body quoting ``Số:`` never splits."""
    segments: list[_Segment] = []
    signed_at = -1  # last signature line of the current document
    for i, line in enumerate(plains):
        if segments and is_signature_anchor(line):
            signed_at = i
        anchor = _header_anchor(plains, i)
        if anchor is None:
            continue
        if not segments:
            segments.append(_Segment(_first_start(plains, i), i, anchor == "attached"))
            signed_at = -1
        elif signed_at > segments[-1].header:
            start = _walk_back(plains, i, floor=signed_at + 1)
            segments.append(_Segment(start, i, anchor == "attached"))
            signed_at = -1
    return segments or [_Segment(0, 0)]


def _header_anchor(plains: list[str], i: int) -> str | None:
    """``"full"`` when line ``i`` opens a header (``Số:`` with a heading, date or addressee
    nearby), ``"attached"`` for an attached Quy định/Điều lệ heading, else ``None``."""
    line = plains[i]
    if number_match(line):
        window = plains[max(0, i - 3):i + HEADER_SPAN]
        if any(type_heading(w) or _PLACE_DATE_RE.search(w) or ADDRESSEE_RE.match(w) for w in window):
            return "full"
        return None
    if is_attachment_heading(line):
        window = plains[i + 1:i + 1 + ATTACHMENT_SPAN]
        if any(_ATTACHED_TO_RE.search(w) for w in window):
            above = [p for p in plains[max(0, i - 4):i] if p.strip()]
            if not any(_APPENDIX_RE.match(p) for p in above):
                return "attached"
    return None


_PLACE_DATE_RE = re.compile(r",?\s*ngày\s+\d{0,2}\s*(?:tháng|/)", re.IGNORECASE)
_ATTACHED_TO_RE = re.compile(r"kèm theo\s+(Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị)", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^\W*PH[UỤ]\s*L[UỤ]C\b", re.IGNORECASE)


def _first_start(plains: list[str], anchor: int) -> int:
    """The first document starts at line 1 unless non-header text (a portal's banner such as
    ``Hệ thống pháp luật``) precedes its header block."""
    start = _walk_back(plains, anchor, floor=0)
    if all(not p.strip() for p in plains[:start]):
        return 0
    return start


def _walk_back(plains: list[str], anchor: int, floor: int) -> int:
    """First line of the header block ending at ``anchor``: agency lines, motto, separators."""
    i = anchor
    while i - 1 >= floor and is_headerish(plains[i - 1]):
        i -= 1
    while i < anchor and not plains[i].strip():
        i += 1
    return i


def _trim_portal_boilerplate(plains: list[str], start: int, end: int) -> int:
    for j in range(start + 1, end + 1):
        if len(plains[j]) < 60 and _PORTAL_MARKER_RE.match(plains[j]):
            fields = sum(1 for p in plains[j:j + 12] if _PORTAL_FIELD_RE.match(p))
            if fields >= 2:
                k = j - 1
                while k > start and not plains[k].strip():
                    k -= 1
                return k
    return end


def _number_variants(number: str | None, text: str) -> tuple[str, ...]:
    """Misprints of the document's own number in its appendix headers (3707 printed as 3107):
    same symbol, same length, one digit different."""
    if not number or "kèm theo" not in text.lower():
        return ()
    own_digits, _, own_rest = number.partition("/")
    out: list[str] = []
    for m in _SELF_REF_RE.finditer(text):
        ref = normalize_ref(m.group(1))
        digits, _, rest = ref.partition("/")
        if ref == number or rest != own_rest or len(digits) != len(own_digits):
            continue
        if sum(a != b for a, b in zip(digits, own_digits)) == 1 and ref not in out:
            out.append(ref)
    return tuple(out)
