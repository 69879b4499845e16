"""Whoosh analyzers and pyvi word segmentation for Vietnamese.

Whoosh's English defaults are wrong for Vietnamese: StandardAnalyzer drops ``1`` in ``Quận 1``
(minsize) and ``an`` (English stop word). Every analyzer here keeps every token. Measured design
(``WHOOSH.md``): syllables with positions for phrases, adjacent-syllable shingles for fast exact
phrases, and pyvi words for ranking. Queries typed without diacritics are matched on folded
*shingles* (folded single syllables merge bàn/bán/ban and return 4–170× too many documents); the
searcher folds the index's own shingle vocabulary for that instead of indexing folded copies.

This module must stay importable wherever the index is opened: the schema is pickled with
these classes.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from itertools import pairwise

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from indexer.fold import fold_same_length

logger = logging.getLogger(__name__)

# Keeps ``3935/qđ``, ``8/12/2015``, ``covid-19``, ``19-ct/tu``, ``2021-2025``, ``tp.hcm`` and ``1``
# (Quận 1) as single tokens. A hyphen joins only next to a digit: between two words it is a
# compound's dash (``địa chính-nhà đất``, ``kinh tế-xã hội``), and the words must stay searchable.
TOKEN_RE = r"\w+(?:(?:[/.]|-(?=\d)|(?<=\d)-)\w+)*"
# pyvi joins the syllables of a word with "_", which \w covers.
WORD_RE = r"\w+"

_TOKEN = re.compile(TOKEN_RE)

# Query understanding and snippets find spans in folded text and cut them from the original: the
# length-keeping fold (indexer.fold).
fold = fold_same_length


def has_diacritics(text: str) -> bool:
    """True when folding changes the text: the user typed at least one accented letter."""
    return fold(text) != text


class ShingleFilter(Filter):
    """Adjacent-token shingles ``a_b``; a one-token stream yields that token, an empty one nothing.

    Replaces Whoosh's BiWordFilter, which raises UnboundLocalError on an empty stream (an empty
    title). Keeps only the previous token's text, never the Token object (Whoosh reuses it).
    """

    def __init__(self, sep: str = "_"):
        self.sep = sep

    def __eq__(self, other):
        return isinstance(other, ShingleFilter) and other.sep == self.sep

    def __call__(self, tokens):
        prev = None
        emitted = False
        for t in tokens:
            text = t.text
            if prev is not None:
                t.text = prev + self.sep + text
                emitted = True
                yield t
            prev = text
        if prev is not None and not emitted:
            t.text = prev
            yield t


def syllable_analyzer():
    return RegexTokenizer(TOKEN_RE) | LowercaseFilter()


def bigram_analyzer():
    return RegexTokenizer(TOKEN_RE) | LowercaseFilter() | ShingleFilter(sep="_")


def word_analyzer():
    return RegexTokenizer(WORD_RE) | LowercaseFilter()


def syllables(text: str) -> list[str]:
    """Lowercased syllable tokens, exactly as the ``body`` field indexes them."""
    return [m.group(0).lower() for m in _TOKEN.finditer(text)]


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent-syllable shingles as the bigram fields index them (``a_b``)."""
    return [f"{a}_{b}" for a, b in pairwise(tokens)]


_pyvi = None
# pyvi tags with one shared ``pycrfsuite.Tagger`` whose ``tag()`` first ``set()``s the sequence on the
# tagger object: two threads segmenting at once can tag each other's sentence. The server segments
# queries from a thread pool, so calls are serialised (a query line takes well under a millisecond).
_pyvi_lock = threading.Lock()


def _tokenizer():
    global _pyvi
    with _pyvi_lock:
        if _pyvi is None:
            from pyvi import ViTokenizer  # loads a CRF model: ~1 s, once per process

            _pyvi = ViTokenizer
    return _pyvi


def segment(text: str) -> str:
    """pyvi word segmentation of one line: ``chuyển đổi số`` → ``chuyển_đổi số``."""
    if not text.strip():
        return ""
    tokenizer = _tokenizer()
    with _pyvi_lock:
        return tokenizer.tokenize(text)


def segment_lines(lines: Iterable[str]) -> list[str]:
    """Segment many lines in this process (the worker function of the build pool)."""
    return [segment(line) for line in lines]


def iter_unique(lines: Iterable[str]) -> Iterator[str]:
    """Unique non-blank lines in first-seen order: plans repeat many sentences (28 % in the seeds)."""
    seen: set[str] = set()
    for line in lines:
        s = line.strip()
        if s and s not in seen:
            seen.add(s)
            yield s
