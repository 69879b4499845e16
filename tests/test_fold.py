"""Accent folding is defined once (issue 11): ``indexer.fold``. Every other module imports it, and
its variants agree with each other and with the gold scorer's definition."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from indexer.fold import fold, fold_key, fold_lower, fold_same_length

REPO = Path(__file__).resolve().parent.parent
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
text = st.text(alphabet=VIET + VIET.upper() + " -/.,0123456789&()", max_size=40)


def scorer_fold(s: str) -> str:
    """The gold scorer's ``fold`` (score.py), the reference for names."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@given(text)
def test_variants_agree(s):
    nfc, nfd = unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s)
    assert len(fold_same_length(nfc)) == len(nfc)
    assert fold(nfc) == fold(nfd) == fold_same_length(nfc)
    assert fold(nfc).isascii()
    assert fold_lower(nfd) == fold(nfc).lower() == fold(nfc, lower=True)
    assert fold_key(nfc) == fold_key(nfd) == scorer_fold(s)


def test_examples():
    assert fold("Nghị định số 33/2021/NĐ-CP") == "Nghi dinh so 33/2021/ND-CP"
    assert fold_key("Luật Tổ chức HĐND & UBND") == "luat to chuc hdnd ubnd"


def test_no_module_folds_by_itself():
    own = []
    for path in [*REPO.glob("indexer/*.py"), *REPO.glob("graph/*.py"), *REPO.glob("search_api/**/*.py")]:
        if path.name == "fold.py":
            continue
        src = path.read_text("utf-8")
        if re.search(r"normalize\(\s*[\"']NFD", src) or "unicodedata.combining" in src:
            own.append(str(path.relative_to(REPO)))
    assert not own, f"fold with indexer.fold instead: {own}"


def test_flag_words_are_defined_once_and_shown_with_their_hint(client):
    from indexer.terms import FLAG_HINTS, FLAG_LABELS

    assert FLAG_LABELS.keys() == FLAG_HINTS.keys()
    for path in [*REPO.glob("search_api/**/*.py"), *REPO.glob("graph/*.py")]:
        assert not re.search(r"^FLAG_LABELS\s*=", path.read_text("utf-8"), re.MULTILINE), path
    html = client.get("/vb/23-CT/TU").text
    label, hint = FLAG_LABELS["typo_fixed"], FLAG_HINTS["typo_fixed"]
    assert f'<span title="{hint}">{label}</span>' in html
