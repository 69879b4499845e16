"""Read the header of one document: số ký hiệu, type, issuer, district, date, title, signer.

Headers follow Nghị định 30/2020/NĐ-CP's layout (agency lines, ``Số: 171/KH-UBND``, place and date,
the type heading, the trích yếu, the signer after ``Nơi nhận``) but come from OCR, Markdown,
antiword tables (``|`` cells) and PDF text layers, so every field is read from *cells* of lines,
never from fixed positions. Texts copied from legal portals have no header at all: their first
line is the title, type word first, then an issuer line or an enacting sentence names the issuer
(``read_lead_title``). ``indexer.documents`` decides where each document starts and calls
``parse_header``. Nothing here raises on any text: unknown fields are ``None``.

The reading is split by concept: ``header_cells`` (lines, cells, the marks of a header's parts),
``header_issuer`` (agencies, places, case rules), ``header_fields`` (date, title, signer),
``header_lead`` (texts without a header); this module puts them together.
"""
from __future__ import annotations

import re

from indexer.header_cells import ADDRESSEE_RE, number_match, type_from_number, type_heading
from indexer.header_fields import BODY_START_RE, find_date, find_signer, title_after_heading, title_of_letter
from indexer.header_issuer import agency_units, issuer_from_number, issuer_from_units, locality_of_place
from indexer.header_lead import LEAD_ISSUER_SPAN, issuer_line, read_lead_title
from indexer.models import DocumentMeta
from indexer.refs import normalize_ref

# ---- the header of one document ----------------------------------------------------------------

# Where to look for the header fields: agency lines, number, date and heading come first.
HEADER_ZONE = 45


def parse_header(lines: list[str], attached: bool = False) -> DocumentMeta:
    """Read the header of one document from its (plain) lines.

    Args:
        lines: the document's lines, markup already reduced by ``plain``.
        attached: the document is a Quy định/Điều lệ issued with the previous one (no number).

    Returns:
        The header fields; never raises.
    """
    zone = lines[:HEADER_ZONE]
    num_i = next((i for i, line in enumerate(zone) if number_match(line)), None)
    head_i = next((i for i, line in enumerate(zone) if type_heading(line)), None)
    if num_i is not None and head_i is not None and head_i < num_i - 3 and not attached:
        head_i = next((i for i, line in enumerate(zone) if i > num_i and type_heading(line)), head_i)
    body_i = next((i for i, line in enumerate(zone) if BODY_START_RE.match(line)
                   and i > max(num_i or 0, head_i or 0)), len(zone))
    h = DocumentMeta()
    if num_i is not None and not attached:
        raw = number_match(zone[num_i]).group(1)  # type: ignore[union-attr]
        ref = normalize_ref(raw)
        h.number = ref if re.match(r"^\d", ref) else None
        code_type = type_from_number(ref)
    else:
        code_type = None
    if num_i is None and head_i is None:  # no header: a legal portal's title line, or a fragment
        read_lead_title(lines, h)
        h.signer = find_signer(lines, 0)
        return h
    first_field = min(i for i in (num_i, head_i) if i is not None)
    date_end = head_i + 2 if head_i is not None else min(body_i, (num_i or 0) + 12)
    found = next((d for d in map(find_date, zone[:max(date_end, 1)]) if d), None)
    date, place = found if found else (None, None)
    h.date = date
    units = agency_units(zone[:first_field])
    place_locality, place_district = locality_of_place(place)
    h.issuer = issuer_from_units(units) or issuer_from_number(h.number, place_locality, place_district)
    h.district = next((u.district for u in units if u.district), None) or place_district
    if h.issuer is None and num_i is None and head_i is not None:  # Tham luận: issuer under the title
        found_issuer = issuer_line(lines[head_i + 1:min(body_i, head_i + 1 + LEAD_ISSUER_SPAN)])
        if found_issuer:
            h.issuer, h.district = found_issuer
    heading = type_heading(zone[head_i]) if head_i is not None else None
    if heading:
        h.doc_type = heading
        h.title = title_after_heading(lines, head_i)  # type: ignore[arg-type]
    else:
        letter = any(ADDRESSEE_RE.match(line) for line in zone[:body_i + 1])
        # a draft's blank ``Số:      /UBND-NC`` with ``V/v`` and ``Kính gửi`` is still a Công văn
        h.doc_type = code_type or ("Công văn" if (h.number and code_type is None) or (num_i is not None and letter)
                                   else None)
        h.title = title_of_letter(lines, num_i) if num_i is not None else None
    h.signer = find_signer(lines, max(head_i or 0, num_i or 0) + 1)
    return h
