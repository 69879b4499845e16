"""Relations between two cited instruments that a sentence states.

``Nghị định số 107/2020/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP``:
107/2020 *amends* 24/2014. The verb stands in the gap between the source's surface and the
target; the target is the next citation after the source in the same clause, or a list member
(``… và Nghị định số 113/2018/NĐ-CP``) right after such a target with no description between.
"""
from __future__ import annotations

import bisect
import re

from indexer.models import InstrumentKey, InstrumentRelation, InstrumentRelationType
from indexer.terms import TYPE_CODES

# Verbs in the gap, strongest meaning first. ``theo`` in a trích yếu (``về tổ chức đánh giá … theo
# Nghị định số 61/2018/NĐ-CP``) reads as carrying the target out.
RELATION_VERBS: tuple[tuple[InstrumentRelationType, re.Pattern[str]], ...] = (
    (InstrumentRelationType.AMENDS, re.compile(r"\b(?:sửa đổi|bổ sung|bãi bỏ)\b")),
    (InstrumentRelationType.REPLACES, re.compile(r"\bthay thế\b")),
    (InstrumentRelationType.GUIDES, re.compile(r"\b(?:quy định chi tiết|hướng dẫn|biện pháp thi hành)\b")),
    (InstrumentRelationType.IMPLEMENTS, re.compile(r"\b(?:thực hiện|triển khai|cụ thể hóa)\b")),
    (InstrumentRelationType.IMPLEMENTS, re.compile(r"^[^;]*\bvề\b[^;]*\btheo[ \t]*$")),
)

# ``847/QĐ-UBND … về triển khai thực hiện Chương trình hành động thực hiện Nghị quyết …``: the verb
# governs an unnumbered instrument named in between, so the stated relation is not to the target.
_INTERPOSED_RE = re.compile(
    r"\b(?:thực hiện|triển khai)\b.*\b(?:Chương trình|Kế hoạch|Đề án|Chỉ thị|Nghị quyết|Quyết định|Kết luận)\b"
    r".*\b(?:thực hiện|triển khai)\b")

# The gap must not cross a clause or sentence end.
_BREAK_RE = re.compile(r";|\.(?=\s)|\n\s*\n")
# A list member after a target: ``… và Nghị định số 113/2018/NĐ-CP``, the target's description
# (``về chính sách tinh giản biên chế``) possibly between.
_LIST_GAP_RE = re.compile(r"^(?:[ \t]+về[^,;:()]{0,150}?)?[ \t]+và[ \t]+$")
# ``X … gắn với mục tiêu thực hiện Y``: an adjunct of the sentence's subject, not X's description.
_ADJUNCT_RE = re.compile(r"\bgắn với\b")
# A target described rather than numbered (``847/QĐ-UBND … về triển khai thực hiện Chương trình
# hành động thực hiện Nghị quyết …``): the type word of the described instrument.
_DESCRIBED_RE = re.compile(r"\b(?:thực hiện|triển khai)[ \t]+(?P<type>Chương trình|Kế hoạch|Đề án|Chỉ thị|Nghị quyết"
                           r"|Quyết định|Kết luận)\b")
_NEWLINE_RE = re.compile(r"\n")
_MAX_GAP = 300


def _verb(gap: str) -> InstrumentRelationType | None:
    """The relation a gap states: its verb must govern the target (only filler after it, no comma:
    ``… về thực hiện cơ chế một cửa, Nghị định số 45/2020`` is a list, not a relation), and
    it must open the source's description (``16-NQ/TW …, tổng kết 05 năm thực hiện Nghị quyết số
    54/2017/QH14``: the comma starts another item)."""
    first = min((m.start() for _, rx in RELATION_VERBS[:4] for m in [rx.search(gap)] if m), default=None)
    if first is not None and ("," in gap[:first] or " và " in gap[:first] or _ADJUNCT_RE.search(gap[:first])):
        return None
    for rel, rx in RELATION_VERBS:
        last = None
        for m in rx.finditer(gap):
            last = m
        if last is None:
            continue
        tail = gap[last.end():]
        if "," in tail or len(tail.split()) > 8:
            continue
        return rel
    return None


def instrument_relations(text: str, placed: list[tuple[int, int, InstrumentKey]], first_line: int = 1,
                         file: str = "", newlines: list[int] | None = None) -> list[InstrumentRelation]:
    """Relations stated between the instruments cited in ``text``.

    Args:
        text: the document text.
        placed: (surface start, surface end, instrument key) of every mention, in text order.
        first_line: file line of the text's first line.
        file: file name recorded on each relation.
        newlines: offsets of every ``\n`` in ``text``, when the caller has them already.

    Returns:
        Distinct relations, each with the sentence that states it.
    """
    if newlines is None:
        newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
    out: dict[tuple, InstrumentRelation] = {}
    last_target: dict[int, tuple[InstrumentKey, InstrumentRelationType]] = {}
    for i in range(1, len(placed)):
        s_start, s_end, s_key = placed[i - 1]
        t_start, t_end, t_key = placed[i]
        gap = text[s_end:t_start]
        if len(gap) > _MAX_GAP or _BREAK_RE.search(gap) or s_key == t_key:
            continue
        if _LIST_GAP_RE.match(gap) and i - 1 in last_target and _same_symbol(s_key, t_key):
            src, rel = last_target[i - 1]
            if src != t_key:
                _add(out, text, src, t_key, rel, placed_start=s_start, t_end=t_end, newlines=newlines,
                     first_line=first_line, file=file)
                last_target[i] = (src, rel)
            continue
        stated = _verb(gap)
        if stated is not None and _INTERPOSED_RE.search(gap):
            described = _described(gap, t_key, out)
            if described is not None and described != s_key:
                _add(out, text, s_key, described, InstrumentRelationType.IMPLEMENTS, placed_start=s_start,
                     t_end=t_end, newlines=newlines, first_line=first_line, file=file)
            continue
        if stated is None:
            continue
        _add(out, text, s_key, t_key, stated, placed_start=s_start, t_end=t_end, newlines=newlines,
             first_line=first_line, file=file)
        last_target[i] = (s_key, stated)
    return list(out.values())


def _symbol(key: InstrumentKey) -> str | None:
    """The symbol of a number after its last ``/`` (``NĐ-CP`` of ``113/2018/NĐ-CP``, ``TU`` of
    ``19-CT/TU``): instruments of one type and issuer share it."""
    return key.ref.rsplit("/", 1)[-1] if key.ref else None


def _same_symbol(a: InstrumentKey, b: InstrumentKey) -> bool:
    """Two list members of one kind: ``Nghị định … và Nghị định …`` (a target's list), not
    ``Nghị quyết 131/2020/QH14 và Nghị định 34/2019/NĐ-CP`` (which coordinates with the source)."""
    return _symbol(a) is not None and _symbol(a) == _symbol(b)


def _described(gap: str, target: InstrumentKey, found: dict) -> InstrumentKey | None:
    """The instrument a gap describes by type before the target (``thực hiện Chương trình hành động
    thực hiện Nghị quyết …``): the one of that type already stated to implement the target."""
    m = _DESCRIBED_RE.search(gap)
    if m is None:
        return None
    for src, tgt, rel in found:
        if tgt == target and rel is InstrumentRelationType.IMPLEMENTS and src.ref and \
                any(TYPE_CODES.get(code) == m.group("type") for code in re.split(r"[-/]", src.ref.upper())):
            return src
    return None


def _add(out: dict, text: str, src: InstrumentKey, tgt: InstrumentKey, rel: InstrumentRelationType, *,
         placed_start: int, t_end: int, newlines: list[int], first_line: int, file: str) -> None:
    k = (src, tgt, rel)
    if k in out:
        return
    sentence = " ".join(text[placed_start:t_end].split())  # = re.sub(r"\s+", " ", …).strip()
    line = first_line + bisect.bisect_right(newlines, placed_start - 1)
    out[k] = InstrumentRelation(source=src, target=tgt, relation=rel, sentence=sentence, line=line, file=file)
