"""Accent folding, defined once: ``Nghị định`` → ``Nghi dinh``, ``Đ`` → ``D``.

For matching only (queries typed without diacritics, loose refs, names compared across
spellings); never fold identifiers that are stored (``HĐ`` and ``HD`` are different symbols).
Every module that folds imports from here (issue 11: six copies had drifted apart).

- :func:`fold` — letters to their base, stray combining marks (NFD input) dropped;
- :func:`fold_same_length` — letters only, one character for one, for code that finds spans in
  the folded text and cuts them from the original (query understanding, snippets);
- :func:`fold_lower` — folded and lower-cased (ref skeletons, place names);
- :func:`fold_key` — folded, lower-cased, every run of other characters one space (names, the
  gold scorer's key).
"""
from __future__ import annotations

import functools
import re
import unicodedata


def _letter_table() -> dict[int, str]:
    """Every precomposed Latin letter (Latin-1, Latin Extended-A/B, Latin Extended Additional,
    where all Vietnamese letters live) → its ASCII base letter; đ/Đ → d/D (``đ`` has no
    decomposition, so NFD alone would keep it)."""
    table = {0x0111: "d", 0x0110: "D", 0x00D0: "D", 0x0189: "D"}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii() and len(base) == 1:
            table.setdefault(cp, base)
    return table


SAME_LENGTH_TABLE: dict[int, str] = _letter_table()
FOLD_TABLE: dict[int, str | None] = {**SAME_LENGTH_TABLE, **{cp: None for cp in range(0x0300, 0x0370)}}
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def fold(text: str, lower: bool = False) -> str:
    """Fold accents (NFC or NFD input); the same length as ``text`` for NFC input.

    Args:
        text: any text.
        lower: also lowercase the result.
    """
    out = text.translate(FOLD_TABLE)
    return out.lower() if lower else out


def fold_same_length(text: str) -> str:
    """Fold accented letters one character for one (combining marks are kept), so spans found in
    the result are spans of ``text``."""
    return text.translate(SAME_LENGTH_TABLE)


def fold_lower(text: str) -> str:
    """Folded and lower-cased: ``NĐ-CP`` → ``nd-cp``."""
    return text.translate(FOLD_TABLE).lower()


@functools.lru_cache(maxsize=16384)  # pure; names and titles repeat
def fold_key(text: str) -> str:
    """Accent-, case- and punctuation-folded key: ``Luật Tổ chức HĐND & UBND`` → ``luat to chuc
    hdnd ubnd``."""
    return _NON_ALNUM_RE.sub(" ", text.translate(FOLD_TABLE).lower()).strip()
