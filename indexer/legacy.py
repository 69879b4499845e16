"""Text typed in the legacy Vietnamese fonts, converted to Unicode.

Before Unicode, offices typed Vietnamese in 8-bit fonts: TCVN3 (ABC, the ``.VnTime`` family) and
VNI (``VNI-Times``). A file of that time read as Windows-1252 — by a text decoder, by antiword, by
an RTF reader, or straight out of a .docx run set in such a font — shows the font's glyph bytes as
Latin-1 letters: ``Céng hßa x· héi chñ nghÜa ViÖt Nam`` (TCVN3), ``Coäng hoøa xaõ hoäi`` (VNI).

The conversion tables and the detection by content are viparse's (a maintained package whose
tables were aligned on real government documents); this module decides *when* to use them: a
text is converted only when viparse recognises a legacy encoding and the result reads as more
Vietnamese than the text did, so Unicode text, and text that is not Vietnamese, pass unchanged.
In .docx the font of each run says it outright; TCVN3's upper-case fonts (``.VnTimeH``) draw the
lower-case codes as capitals, so their runs are upper-cased after conversion.
"""
from __future__ import annotations

import codecs

import viparse
from viparse.normalize.encodings import get_charmap
from viparse.normalize.tables import convert

from indexer.ingest_text import MAX_MOJIBAKE_RATIO, MIN_VIET_RATIO, is_syllable, text_quality

# Encodings viparse detects by content that we convert (VPS is never auto-detected by it), and the
# ones tried when a text is too short for its detection (VISCII's letters overlap Latin-1's most).
LEGACY_ENCODINGS = ("tcvn3", "vni", "viscii")
TRIED_ENCODINGS = ("tcvn3", "vni")
# Said of a file converted from a legacy encoding (its name in upper case filled in).
LEGACY_WARNING = "typed in a legacy Vietnamese font encoding ({}): converted to Unicode"
# A converted text must be Vietnamese: at least this share of its words are Vietnamese syllables
# (real text: 85-95 %, numbers and acronyms aside; German read as VISCII: under 30 %).
MIN_SYLLABLE_SHARE = 0.7


def _cp1252_or_latin1(error: UnicodeError) -> tuple[str, int]:
    """Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as Latin-1, as
    Word and antiword show them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return bytes(error.object[error.start:error.end]).decode("latin-1"), error.end


codecs.register_error("vanban-latin1", _cp1252_or_latin1)


def as_cp1252(data: bytes) -> str:
    """Bytes as Windows-1252 would show them: the surface of a legacy-font text file."""
    return data.decode("cp1252", errors="vanban-latin1")


def syllable_share(text: str) -> float:
    """Share of the words of ``text`` (letters only, lower case) shaped like Vietnamese syllables."""
    words = [w for w in (t.strip(".,;:()“”\"'!?-") for t in text.split()) if w.isalpha() and not w.isupper()]
    return sum(map(is_syllable, words)) / len(words) if words else 0.0


def may_be_legacy(text: str) -> bool:
    """Worth asking whether ``text`` is a legacy font's: too few Vietnamese letters for Vietnamese
    Unicode text (which has 15-30 % marked letters), or Latin-1 letters Vietnamese never uses
    (``ß``, ``Ö``, ``§``, ``ø``: a legacy font's glyph bytes)."""
    _, viet, bad = text_quality(text)
    return viet < MIN_VIET_RATIO or bad > MAX_MOJIBAKE_RATIO


def from_legacy(text: str) -> tuple[str, str | None]:
    """``(text in Unicode, the legacy encoding it was in)``; ``(text, None)`` when it is not in one.

    Converted when viparse recognises TCVN3, VNI or VISCII (a text too short for its detection is
    tried as TCVN3 and VNI) and the converted text is made of Vietnamese syllables, with fewer of
    the Latin-1 letters Vietnamese never uses than the original (so Unicode and non-Vietnamese
    text pass unchanged: a German ``Straße`` is not VISCII)."""
    if not may_be_legacy(text):
        return text, None
    detected = viparse.detect_text_encoding(text)
    tried = [detected] if detected in LEGACY_ENCODINGS else list(TRIED_ENCODINGS)
    best = max(((to_unicode(text, e), e) for e in tried), key=lambda c: syllable_share(c[0]))
    if syllable_share(best[0]) < MIN_SYLLABLE_SHARE or text_quality(best[0])[2] >= text_quality(text)[2]:
        return text, None  # not Vietnamese once converted, or no glyph bytes went away
    return best


def to_unicode(text: str, encoding: str) -> str:
    """``text`` converted by the table of ``encoding``, character for character (lines and spaces
    as they are: viparse's ``fix`` would also tidy blank lines, which cite ``file:line`` needs kept)."""
    charmap = get_charmap(encoding)
    assert charmap is not None, encoding
    return convert(text, charmap)


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ``.VnTime``/``.VnArialH`` → TCVN3,
    ``VNI-Times`` → VNI; ``None`` for any other font."""
    name = (font or "").strip().upper()
    if name.startswith(".VN"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def from_font(text: str, font: str | None) -> str:
    """A run's text in Unicode, converted by its font's encoding (upper-cased for TCVN3's capital
    fonts, ``.VnTimeH``); unchanged in any other font."""
    encoding = font_encoding(font)
    if encoding is None or not text:
        return text
    converted = to_unicode(text, encoding)
    if encoding == "tcvn3" and (font or "").strip().upper().endswith("H"):
        converted = converted.upper()
    return converted
