"""Decoding text files and judging text: the encoding of a plain-text file (BOMs, UTF-8, UTF-16,
the legacy Vietnamese code pages), and whether a text layer is Vietnamese, mojibake or control
characters. ``IngestError`` is what every reader raises for a file it cannot read."""
from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

from indexer.fold import fold

logger = logging.getLogger(__name__)

# Byte-order marks and the encodings they announce.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

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


def unusable_layer(text: str) -> str | None:
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
    for bom, enc in BOMS:
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
    return max(candidates, key=lambda c: decoding_score(c[0]))


def decoding_score(text: str) -> float:
    letters, viet, bad = text_quality(unicodedata.normalize("NFC", text))
    return viet - 5 * bad - 5 * _control_ratio(text) + (0.001 if letters else -1)


def unify_newlines(text: str) -> str:
    # A CRLF file has the same lines as its LF form; a lone CR (classic Mac) is a line break too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The shape of one Vietnamese syllable (accents folded): onset, 1-3 vowels, coda. An upper-case
# token of another shape is an acronym to keep as written (``UBND``, ``PCTT``, ``PAR``, ``INDEX``).
SYLLABLE_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{0,3}(ng|nh|ch|[cmnpt])?$")


def is_syllable(token: str) -> bool:
    """Whether ``token`` has the shape of one Vietnamese syllable (accents folded)."""
    t = fold(token, lower=True)
    return bool(re.search(r"[aeiouy]", t)) and bool(SYLLABLE_RE.match(t))
