"""Files typed in the legacy Vietnamese font encodings (issue 13): TCVN3 (``.VnTime``) and VNI
(``VNI-Times``) index to the same words as their Unicode originals, in .txt, .rtf and .docx; real
strings of such files read right; Unicode and non-Vietnamese Latin-1 text are never converted.

The legacy samples are made here from the seed plans with the inverse of the conversion table (a
reversible mapping): each Vietnamese letter becomes the byte sequence its legacy font types. TCVN3
has no upper-case toned letters — offices typed capitals in the ``.VnTimeH`` font, whose codes are
the lower-case ones — so a TCVN3 text without its fonts comes back in lower case where it was set
in capitals: the same words to the index (which lower-cases), not the same letters.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

from indexer.citations import extract_citations
from indexer.ingest import read_file
from indexer.legacy import as_cp1252, from_font, from_legacy, to_unicode
from indexer.tokenize import syllables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PLAN = CORPUS / "001_f2cf7cfd36944194.txt"  # 43/KH-UBND of Quận 1

# Real strings of TCVN3 and VNI files (the motto and preamble every plan carries), as Word shows
# them when the font is missing, and what they say.
REAL = [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("C¨n cø NghÞ ®Þnh sè 30/2020/N§-CP ngµy 05 th¸ng 3 n¨m 2020 cña ChÝnh phñ",
     "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Caên cöù Luaät Toå chöùc chính quyeàn ñòa phöông ngaøy 19 thaùng 6 naêm 2015",
     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
]


def _encoder(pairs: tuple[tuple[str, str], ...], lower_capitals: bool):
    inverse = {uni: legacy for legacy, uni in pairs}

    def encode(text: str) -> str:
        out = []
        for ch in unicodedata.normalize("NFC", text):
            if ch in inverse:
                out.append(inverse[ch])
            elif lower_capitals and ch.lower() in inverse and ch.lower() != ch:
                out.append(inverse[ch.lower()])  # typed in the capital font (.VnTimeH): lower-case codes
            else:
                out.append(ch)
        return "".join(out)
    return encode


to_tcvn3 = _encoder(TCVN3.pairs, lower_capitals=True)
to_vni = _encoder(VNI.pairs, lower_capitals=False)
_TCVN3_LOWER = {uni for _, uni in TCVN3.pairs if uni.islower()}


def tcvn3_runs(line: str) -> list[tuple[str, str]]:
    """A line as a TCVN3 typist set it: ``.VnTime`` runs, and ``.VnTimeH`` runs for the capital
    letters TCVN3 has no code of their own for (typed with the lower-case codes)."""
    runs: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", line):
        font = ".VnTimeH" if ch.isupper() and ch.lower() in _TCVN3_LOWER and ch not in {u for _, u in TCVN3.pairs} \
            else ".VnTime"
        text = to_tcvn3(ch)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + text, font)
        else:
            runs.append((text, font))
    return runs


def cp1252_bytes(surface: str) -> bytes:
    """The bytes a legacy-font file holds: each surface character's Windows-1252 (else Latin-1) byte."""
    return bytes(ord(ch) if ord(ch) < 256 and ch not in "\u0080" else ch.encode("cp1252")[0] for ch in surface)


def words(text: str) -> list[str]:
    return [w.lower() for w in syllables(text)]


def cited(text: str) -> set[str]:
    return {c.key.ref or c.key.name for c in extract_citations(text)[0]}


@pytest.fixture(scope="module")
def original() -> str:
    return read_file(PLAN).text


# ---- the conversion -------------------------------------------------------------------------------

@pytest.mark.parametrize("legacy, unicode", REAL)
def test_real_legacy_strings_read_right(legacy, unicode):
    text, encoding = from_legacy(legacy)
    assert text == unicode and encoding in ("tcvn3", "vni")


@pytest.mark.parametrize("text", [
    "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc",
    "Grüße aus München, schöne Straße, die Bäume sind grün und schön im Frühling",
    "Le château de la reine était fermé; où êtes-vous allés cet été?",
    "KẾ HOẠCH 43/KH-UBND",
])
def test_unicode_and_other_languages_are_not_converted(text):
    assert from_legacy(text) == (text, None)


def test_encoders_round_trip_through_the_tables(original):
    assert to_unicode(to_vni(original), "vni") == original
    assert words(to_unicode(to_tcvn3(original), "tcvn3")) == words(original)
    assert to_unicode(to_tcvn3(original.lower()), "tcvn3") == original.lower()


# ---- files ------------------------------------------------------------------------------------------

def test_a_tcvn3_text_file_indexes_to_the_same_words(tmp_path, original):
    path = tmp_path / "ke-hoach-tcvn3.txt"
    path.write_bytes(cp1252_bytes(to_tcvn3(original)))
    src = read_file(path)
    assert src.encoding == "tcvn3" and any("TCVN3" in w for w in src.warnings)
    assert words(src.text) == words(original)
    assert src.text.count("\n") == original.count("\n")  # lines kept: citations point to file lines
    assert cited(src.text) >= {r for r in cited(original) if r and re.match(r"\d", r)}


def test_a_vni_text_file_reads_as_its_original(tmp_path, original):
    path = tmp_path / "ke-hoach-vni.txt"
    path.write_bytes(cp1252_bytes(to_vni(original)))
    src = read_file(path)
    assert src.encoding == "vni"
    assert src.text == original
    assert cited(src.text) == cited(original)


def test_a_tcvn3_rtf_file_indexes_to_the_same_words(tmp_path, original):
    body = "\\par\n".join("".join(f"\\'{b:02x}" if b > 127 else chr(b).replace("\\", "\\\\").replace("{", "\\{")
                                  .replace("}", "\\}") for b in cp1252_bytes(to_tcvn3(line)))
                          for line in original.split("\n"))
    path = tmp_path / "ke-hoach.rtf"
    path.write_text("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 .VnTime;}}\\f0 " + body + "}", "ascii")
    src = read_file(path)
    assert words(src.text) == words(original)


def test_docx_runs_in_legacy_fonts_read_by_their_font(tmp_path, original):
    """A .docx keeps each run's font: .VnTime and VNI-Times runs are converted by it, .VnTimeH runs
    come back in capitals, Unicode runs stay as they are — one document may mix them."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    lines = [line for line in original.split("\n") if line.strip()][:60]
    for i, line in enumerate(lines):
        p = d.add_paragraph()
        if i % 3 == 0:
            run = p.add_run(to_vni(line))
            run.font.name = "VNI-Times"
        elif i % 3 == 1:
            for text, font in tcvn3_runs(line):
                p.add_run(text).font.name = font
        else:
            p.add_run(line).font.name = "Times New Roman"
    path = tmp_path / "ke-hoach.docx"
    d.save(path)
    text = read_file(path).text
    assert text.split("\n") == lines


def test_font_names_choose_the_table():
    assert from_font("Uû ban nh©n d©n", ".VnTime") == "Uỷ ban nhân dân"  # the old tone place, as typed
    assert from_font("uû ban nh©n d©n", ".VnTimeH") == "UỶ BAN NHÂN DÂN"
    assert from_font("UÛy ban", "Times New Roman") == "UÛy ban"
    assert as_cp1252(b"\x81\xb5") == "\x81µ"  # bytes Windows-1252 leaves undefined kept


def test_no_line_of_the_seed_plans_is_taken_for_a_legacy_encoding():
    for path in sorted(CORPUS.glob("*.txt")):
        for line in read_file(path).text.split("\n"):
            assert from_legacy(line) == (line, None), (path.name, line)
