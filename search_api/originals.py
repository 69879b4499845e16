"""The original file of a document, for "Tải về" (the one place the HTTP edge serves a file).

A route never reads a path it was given (tests/test_security.py): it passes a *document* found by
id in the store, and this module serves the file the indexer read it from, only if that file lies
inside the corpus the server was started with.
"""
from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

from indexer.models import Document


def source_file(corpus: Path, doc: Document) -> Path | None:
    """The document's file inside ``corpus``, or ``None`` (not there, or outside the corpus)."""
    root = Path(corpus).resolve()
    if root.is_file():  # a corpus of one file
        return root if doc.file == root.name else None
    if not root.is_dir():
        return None
    path = (root / doc.file).resolve()
    return path if path.is_file() and path.is_relative_to(root) else None


def original_response(corpus: Path, doc: Document) -> FileResponse | None:
    path = source_file(corpus, doc)
    return None if path is None else FileResponse(path, filename=path.name)
