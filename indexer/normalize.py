"""Text normalization: one written form for documents and queries alike.

Vietnamese office text arrives in many equivalent spellings: NFD and NFC, old and new tone
placement (``khoá``/``khóa``, ``Uỷ``/``Ủy``), five kinds of dash, footnote markers glued to
numbers (``143/2020/NĐ-CP²``), tabs and no-break spaces from office exports. Every later stage
(citations, index, queries) must see one form, so normalization is a list of named steps, like
eyecite's ``clean_text(text, steps)`` with its ``cleaners_lookup``.

Every step maps characters within a line: ``normalize_text`` never adds, removes or merges
``\\n``, so 1-based line numbers of the file stay valid for every later stage.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable

from indexer.fold import fold, fold_lower

logger = logging.getLogger(__name__)

__all__ = [
    "ABBREVIATIONS",
    "DEFAULT_STEPS",
    "STEPS",
    "canonical_name",
    "expand_abbreviations",
    "fold",
    "normalize_query",
    "normalize_text",
]

# Old (pre-1980s school) tone placement puts the mark on the second vowel of a final oa/oe/uy
# (``hoà``, ``khoẻ``, ``thuỷ``); the new convention (used by the gold and most current texts)
# puts it on the first (``hòa``, ``khỏe``, ``thủy``). Only a *final* cluster differs: ``hoàn`` is
# the same in both conventions. Reference: shared/gold/build_seeds.py ``tone_norm``.
_OLD_TONE = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# The cluster must end the word (``(?!\w)``). Explicit case classes instead of IGNORECASE: the
# plain class is ~2x faster (measured 147 vs 79 MB/s on the seed corpus).
_TONED = "áàảãạéèẻẽẹÁÀẢÃẠÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ"
_OLD_TONE_RE = re.compile(rf"[oOuU][{_TONED}](?!\w)")
# The same matches, one pattern per first letter: ``re`` jumps to a literal first character in a
# tight loop but tests the class ``[oOuU]`` at every character. Four literal-prefix scans run at
# ~480 MB/s against ~130 MB/s for ``_OLD_TONE_RE`` (corpus + realdocs). Two matches never overlap
# (a toned vowel is not o/u), so the union, sorted, is ``_OLD_TONE_RE.finditer``.
_OLD_TONE_BY_LETTER = tuple(re.compile(rf"{c}[{_TONED}](?!\w)") for c in "oOuU")

# Unicode dashes and the minus sign written in place of the ASCII hyphen (``Độc lập – Tự do``,
# ``19‐CT/TU`` from Word's non-breaking hyphen).
_DASHES = "‐‑‒–—―−﹘﹣－"

# Characters that look like Đ but are not: legacy converters (VNI/TCVN3 → Unicode) write the
# Icelandic eth U+00D0 or the African D U+0189 for Đ, which breaks ``NĐ-CP`` matching.
_LOOKALIKES = "\u00d0\u0189"

# Horizontal whitespace variants (tab, no-break, thin, ideographic spaces, zero-width characters,
# a stray BOM) and the vertical separators that are NOT ``\n`` (form feed from PDF page breaks,
# U+2028/2029, NEL, VT): all become one space so ``str.split("\n")`` sees the file's lines.
_SPACES = ("\t\v\f\x1c\x1d\x1e\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff")
# A carriage return before ``\n`` (CRLF files) is dropped; a lone one becomes a space.
_CR_RE = re.compile(r"\r(?=\n)")

# Footnote markers: superscript digits glued to a word or number (``NĐ-CP²``, ``Thành ủy³``).
# ``m²``/``km³`` are units, not footnotes: they become ``m2``/``km3``.
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_FOOTNOTE_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
_UNIT_BEFORE_RE = re.compile(r"(?:^|[^\w])(?:[kcdmh]?m|ha)$")

_WS_RUN_RE = re.compile(r"\s+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fix_tone(match: re.Match[str]) -> str:
    return _fixed_cluster(match.string, match.start())


def _fixed_cluster(text: str, start: int) -> str:
    """The new-style spelling of the two-letter cluster at ``text[start:start + 2]``."""
    old = text[start:start + 2]
    new = _OLD_TONE.get(old.lower())
    # ``qu`` is a consonant: in ``quý``, ``quỷ`` the mark already sits on the only vowel.
    if new is None or (start and old[0] in "uU" and text[start - 1] in "qQ"):
        return old
    return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new))


def _tone(text: str) -> str:
    # ``_OLD_TONE_RE.sub(_fix_tone, text)``, with the matches found by four literal-prefix scans
    starts = [m.start() for rx in _OLD_TONE_BY_LETTER for m in rx.finditer(text)]
    if not starts:
        return text
    starts.sort()
    parts = []
    last = 0
    for i in starts:
        parts.append(text[last:i])
        parts.append(_fixed_cluster(text, i))
        last = i + 2
    parts.append(text[last:])
    return "".join(parts)


def _replace_each(text: str, chars: str, new: str) -> str:
    # A loop of ``in``/``replace`` is ~20x faster than ``str.translate`` with a dict on
    # non-ASCII text (measured 316 vs 14 MB/s): most characters are absent from most files.
    for ch in chars:
        if ch in text:
            text = text.replace(ch, new)
    return text


def _dashes(text: str) -> str:
    return _replace_each(text, _DASHES, "-")


def _lookalikes(text: str) -> str:
    return _replace_each(text, _LOOKALIKES, "Đ")


def _footnotes(text: str) -> str:
    # ``_FOOTNOTE_RE.sub(_drop_footnote, text)``: the runs of superscripts are found with
    # ``str.find`` for the few superscripts present (the class scan ran at ~150 MB/s on the corpus)
    present = [c for c in _SUPERSCRIPTS if c in text]
    if not present:
        return text
    positions = []
    for c in present:
        i = text.find(c)
        while i >= 0:
            positions.append(i)
            i = text.find(c, i + 1)
    positions.sort()
    parts = []
    last = k = 0
    while k < len(positions):
        start = end = positions[k]
        while k < len(positions) and positions[k] == end:  # a run: one ``[…]+`` match
            end += 1
            k += 1
        parts.append(text[last:start])
        parts.append(_kept_marker(text, start, end))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _drop_footnote(match: re.Match[str]) -> str:
    return _kept_marker(match.string, match.start(), match.end())


def _kept_marker(text: str, start: int, end: int) -> str:
    """What a run of superscripts at ``text[start:end]`` becomes: a unit's digit, or nothing."""
    marker = text[start:end]
    before = text[max(0, start - 4):start]
    if marker in "²³" and _UNIT_BEFORE_RE.search(before):
        return marker.translate(_SUPER_TO_DIGIT)
    return ""


def _whitespace(text: str) -> str:
    if "\r" in text:
        text = _CR_RE.sub("", text).replace("\r", " ")
    return _replace_each(text, _SPACES, " ")


# The named steps, in the order ``normalize_text`` applies them by default. NFC comes first so
# that the tone and lookalike steps see precomposed letters.
STEPS: dict[str, Callable[[str], str]] = {
    "nfc": _nfc,
    "lookalikes": _lookalikes,
    "tone": _tone,
    "dashes": _dashes,
    "footnotes": _footnotes,
    "whitespace": _whitespace,
}
DEFAULT_STEPS: tuple[str, ...] = tuple(STEPS)


def normalize_text(text: str, steps: Iterable[str] = DEFAULT_STEPS) -> str:
    """Normalize a document's text, keeping its line structure exactly.

    Args:
        text: the decoded text of a file.
        steps: names from ``STEPS`` to apply, in order (default: all of them).

    Returns:
        The normalized text, with the same number of ``\\n`` as ``text``; line *n* of the result
        is line *n* of the input, normalized.

    Raises:
        ValueError: a step name is not in ``STEPS``.
    """
    for name in steps:
        try:
            step = STEPS[name]
        except KeyError:
            raise ValueError(
                f"Normalization step '{name}' is unknown. Expected one of: {', '.join(STEPS)}.") from None
        text = step(text)
    return text


def normalize_query(query: str) -> str:
    """Normalize a search query with the document steps, then collapse whitespace.

    Args:
        query: the query as typed (``"văn hoá  công vụ"``).

    Returns:
        ``"văn hóa công vụ"``: same form as document text, single spaces, stripped.
    """
    return _WS_RUN_RE.sub(" ", normalize_text(query)).strip()


# Abbreviations of administrative Vietnamese that people type and documents spell out (or the
# reverse). Expanded as an alternative, never instead of what was typed.
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "đvhc": "đơn vị hành chính",
    "cchc": "cải cách hành chính", "tthc": "thủ tục hành chính", "kt-xh": "kinh tế - xã hội",
    "ktxh": "kinh tế - xã hội", "tp": "thành phố", "tp.hcm": "thành phố hồ chí minh",
    "tphcm": "thành phố hồ chí minh", "hcm": "hồ chí minh", "pccc": "phòng cháy chữa cháy",
    "gd&đt": "giáo dục và đào tạo", "gdđt": "giáo dục và đào tạo", "cntt": "công nghệ thông tin",
    "khcn": "khoa học và công nghệ", "kh&cn": "khoa học và công nghệ", "attt": "an toàn thông tin",
    "atgt": "an toàn giao thông", "an-qp": "an ninh - quốc phòng", "qp-an": "quốc phòng - an ninh",
    "mttq": "mặt trận tổ quốc", "bch": "ban chấp hành", "btv": "ban thường vụ", "bcđ": "ban chỉ đạo",
    "qlnn": "quản lý nhà nước", "lđtbxh": "lao động - thương binh và xã hội",
    "tn&mt": "tài nguyên và môi trường", "tnmt": "tài nguyên và môi trường", "gpmb": "giải phóng mặt bằng",
    "xhcn": "xã hội chủ nghĩa", "cbcc": "cán bộ, công chức", "cbccvc": "cán bộ, công chức, viên chức",
    "htx": "hợp tác xã", "nsnn": "ngân sách nhà nước", "bhxh": "bảo hiểm xã hội", "bhyt": "bảo hiểm y tế",
    "ubmttq": "ủy ban mặt trận tổ quốc",
}
_ABBR_RE = re.compile(r"(?<![\w&.-])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
                      + r")(?![\w&-])", re.IGNORECASE)


# The same, typed without diacritics (``luat to chuc hdnd`` → ``luat to chuc hoi dong nhan dan``).
_FOLDED_ABBREVIATIONS = {fold_lower(k): fold_lower(v) for k, v in ABBREVIATIONS.items()}
_FOLDED_ABBR_RE = re.compile(r"(?<![\w&.-])(" + "|".join(
    re.escape(a) for a in sorted(_FOLDED_ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&-])", re.IGNORECASE)


def expand_abbreviations(text: str) -> str:
    """``sắp xếp ĐVHC cấp xã`` → ``sắp xếp đơn vị hành chính cấp xã``, and typed without
    diacritics ``sap xep dvhc`` → ``sap xep don vi hanh chinh``; unchanged when none."""
    if fold_lower(text) == text.lower():  # no diacritics: expand to the folded words
        return _FOLDED_ABBR_RE.sub(lambda m: _FOLDED_ABBREVIATIONS[m.group(1).lower()], text)
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], text)


# The reverse: a phrase of two words or more that documents often abbreviate ("Luật Tổ chức Hội đồng
# nhân dân và Ủy ban nhân dân" is written "Luật Tổ chức HĐND và UBND"), typed with or without
# diacritics and in either tone placement (ủy / uỷ). The first abbreviation listed for a phrase wins.
_CONTRACTIONS: dict[str, str] = {}
for _abbr, _full in ABBREVIATIONS.items():
    if " " in _full and not any(c in _abbr for c in ".&"):
        _CONTRACTIONS.setdefault(fold_lower(_full), _abbr)
_CONTRACT_RE = re.compile(r"(?<!\w)(" + "|".join(
    re.escape(f).replace(r"\ ", r"\s+") for f in sorted(_CONTRACTIONS, key=len, reverse=True)) + r")(?!\w)")


def contract_abbreviations(text: str) -> str:
    """``luật tổ chức Hội đồng nhân dân và Uỷ ban nhân dân`` → ``luật tổ chức hđnd và ubnd`` (matched
    on the accent-folded text, which keeps its length); unchanged when none."""
    folded = fold_lower(text)
    out, last = [], 0
    for m in _CONTRACT_RE.finditer(folded):
        out += [text[last:m.start()], _CONTRACTIONS[" ".join(m.group(1).split())]]
        last = m.end()
    return "".join(out) + text[last:] if out else text


# Abbreviations written in capitals inside instrument names (``Luật Tổ chức HĐND và UBND``,
# ``Luật HTX``): the name's canonical form spells them out, so each law is one instrument however
# it is written. Only capitalised forms are expanded: "tp" or "hcm" inside a name are words.
# Place names (TP, HCM) are left as written: their expansion would lose the capitals of a proper name.
_NAME_ABBRS = ("hđnd", "ubnd", "htx", "nsnn", "bhxh", "bhyt", "kt-xh", "mttq", "ubmttq", "cchc", "tthc", "cntt",
               "đvhc", "gd&đt", "kh&cn", "tn&mt", "lđtbxh", "qlnn", "atgt", "pccc", "xhcn")
_NAME_ABBR_RE = re.compile(r"(?<![\w&.-])(" + "|".join(
    re.escape(a.upper()) for a in sorted(_NAME_ABBRS, key=len, reverse=True)) + r")(?![\w&-])")


def canonical_name(name: str) -> str:
    """``Luật HTX`` → ``Luật Hợp tác xã``; ``Luật Tổ chức HĐND`` → ``Luật Tổ chức Hội đồng nhân dân``.

    Idempotent; a name without capitalised abbreviations is returned unchanged."""
    def full(m: re.Match[str]) -> str:
        words = ABBREVIATIONS[m.group(1).lower()]
        return " ".join(w[:1].upper() + w[1:] if i == 0 else w for i, w in enumerate(words.split()))
    return _NAME_ABBR_RE.sub(full, name)
