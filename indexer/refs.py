"""Normal forms of a số ký hiệu (document number), shared by extraction, indexing and queries.

Two forms:

* ``normalize_ref`` — the canonical written form: NFC, uppercase, no spaces, one kind of dash,
  ``Đ`` kept (``HĐ`` and ``HD`` are different symbols). ``19 - CT/TU`` → ``19-CT/TU``.
* ``ref_skeleton`` — a loose matching key for what people *type*: accents folded, case folded,
  separators and the order of the letter parts ignored, the year optional. ``19-CT/TU``,
  ``CT 19/TU``, ``19/CT-TU`` and ``19 ct tu`` share the skeleton ``19 ct tu``. The index stores the
  skeletons of every cited ref; a query is matched on them, never on pyvi tokens.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indexer.fold import fold_lower

DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")

_YEAR = re.compile(r"^(19|20)\d\d$")


def normalize_ref(ref: str) -> str:
    """Canonical written form of a số ký hiệu.

    Args:
        ref: the number as written, e.g. ``"Số: 43 /KH-UBND"`` or ``"09-CTrHĐ/TU"``.

    Returns:
        ``"43/KH-UBND"``, ``"09-CTRHĐ/TU"``.
    """
    s = unicodedata.normalize("NFC", ref).translate(DASHES).upper()
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^SỐ:?", "", s)
    return s.strip(".,;:")


def fold_ref(s: str) -> str:
    """Accent- and case-folded ref text (``NĐ`` → ``nd``), for loose matching only."""
    return fold_lower(s)


def ref_parts(ref: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split a ref into (number, year, letter parts), folded.

    ``33/2021/NĐ-CP`` → ``("33", "2021", ("nd", "cp"))``; ``131/2020/QH14`` →
    ``("131", "2020", ("qh14",))``.
    """
    toks = re.findall(r"[0-9a-z]+", fold_ref(ref))
    if not toks:
        return "", None, ()
    number = toks[0] if toks[0].isdigit() else ""
    rest = toks[1:] if number else toks
    year = None
    if rest and _YEAR.match(rest[0]):
        year, rest = rest[0], rest[1:]
    if not number:
        nums = [t for t in rest if t.isdigit()]
        if nums:
            number = nums[0]
            rest = [t for t in rest if t != number]
    return number.lstrip("0") or number, year, tuple(rest)


def ref_skeleton(ref: str, with_year: bool = True) -> str:
    """Loose key of a ref: number, optional year, then the sorted letter parts, space-joined.

    Args:
        ref: any spelling (``"CT 19/TU"``, ``"nghi dinh 33/2021/ND-CP"`` after the type word is cut).
        with_year: keep the year part (``False`` lets ``33/NĐ-CP`` meet ``33/2021/NĐ-CP``).

    Returns:
        e.g. ``"19 ct tu"``, ``"33 2021 cp nd"``; ``""`` when there is no number.
    """
    number, year, letters = ref_parts(ref)
    if not number:
        return ""
    parts = [number] + ([year] if with_year and year else []) + sorted(letters)
    return " ".join(parts)


@lru_cache(maxsize=65536)
def _skeletons(ref: str, partial: bool) -> tuple[str, ...]:
    out = [ref_skeleton(ref, True), ref_skeleton(ref, False)]
    if partial:
        number, year, letters = ref_parts(ref)
        out += [f"{number} {part}" for part in letters] if number else []
        # "Nghị định 33/2021": a type and a number with its year, the symbol left out.
        out += [f"{number} {year} {part}" for part in letters] if number and year else []
    return tuple(s for i, s in enumerate(out) if s and s not in out[:i])


def ref_skeletons(ref: str, partial: bool = False) -> list[str]:
    """All skeletons a cited ref is indexed under (with and without its year).

    Args:
        ref: the canonical ref.
        partial: also the number with each single letter part (``19 ct`` for ``19-CT/TU``), which
            is what a person typing ``chỉ thị 19`` or ``NĐ 33`` gives, and with its year too
            (``33 2021 nd`` for ``Nghị định 33/2021``).
    """
    return list(_skeletons(ref, partial))
