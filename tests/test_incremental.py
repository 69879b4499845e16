"""Incremental re-index, piece by piece: what changed, and Whoosh following it by file."""
from __future__ import annotations

import os
import shutil

from conftest import CORPUS
from whoosh import index as whoosh_index
from whoosh.query import Term

from indexer.build import BuildReport, load_documents, segment_documents
from indexer.incremental import diff, file_states, link_whoosh, update_whoosh
from indexer.layout import WHOOSH_DIR
from pipeline.index import build_index

A, B, C = "001_f2cf7cfd36944194.txt", "003_7b9f8ea90a918d33.txt", "004_cfbd1625accb3dfa.txt"


def _states(root, previous=None):
    files = {p.name: p for p in sorted(root.iterdir())}
    return file_states(files, {r: r.rsplit(".", 1)[0] for r in files}, previous or {})


def test_diff_sorts_files_and_hashes_only_what_moved(tmp_path):
    for name in (A, B, C):
        shutil.copy(CORPUS / name, tmp_path / name)
    before = _states(tmp_path)
    (tmp_path / B).write_text((tmp_path / B).read_text("utf-8") + "\nThêm một dòng.\n", "utf-8")
    (tmp_path / C).unlink()
    shutil.copy(CORPUS / C, tmp_path / "moi.txt")
    os.utime(tmp_path / A, ns=(before[A].mtime_ns, before[A].mtime_ns))
    after = _states(tmp_path, before)
    ch = diff(before, after)
    assert (ch.unchanged, ch.changed, ch.added, ch.removed) == ([A], [B], ["moi.txt"], [C])
    assert ch.to_read == [B, "moi.txt"] and ch.to_drop == [B, C]
    # Same bytes, new mtime: hashed again, still unchanged.
    os.utime(tmp_path / A, ns=(1, 1))
    assert diff(before, _states(tmp_path, before)).unchanged == [A]
    assert diff(after, after).empty


def _files_of(path, term_field, term):
    with whoosh_index.open_dir(str(path)).searcher() as s:
        return sorted({s.stored_fields(n)["doc_id"] for n in s.docs_for_query(Term(term_field, term))})


def test_update_whoosh_drops_and_adds_by_file_and_leaves_the_source_untouched(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in (A, B):
        shutil.copy(CORPUS / name, corpus / name)
    build_index(corpus, tmp_path / "ix", workers=1)
    src = (tmp_path / "ix").resolve() / WHOOSH_DIR
    before = _files_of(src, "doc_id", "001_f2cf7cfd36944194-1") + _files_of(src, "file", B)
    assert before

    dst = tmp_path / "next" / WHOOSH_DIR
    link_whoosh(src, dst)
    shutil.copy(CORPUS / C, corpus / C)
    docs = load_documents(corpus, BuildReport("c", "ix"))
    new = [d for d in docs if d.file == C]
    update_whoosh(dst, [B], new, segment_documents(new, 1))

    assert _files_of(dst, "file", B) == [] and _files_of(dst, "file", C) == [d.id for d in new]
    assert _files_of(dst, "file", A) == _files_of(src, "file", A)
    assert _files_of(src, "file", B) and _files_of(src, "file", C) == []  # the source generation still serves
