"""Re-indexing an archive (issues 9, 10, 17): incremental by file, atomic by generation, one build
at a time, and a build killed at any point leaves the old index serving."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import CORPUS, REPO
from fastapi.testclient import TestClient

from benchmarks.gencorpus import generate
from indexer.layout import IndexLockedError, index_lock, read_manifest
from indexer.settings import Settings
from pipeline.index import build_index
from search_api.app import create_app
from search_api.search import Searcher, SearchRequest

CITING = "001_f2cf7cfd36944194.txt"  # cites Chỉ thị 19-CT/TU on line 56


def _corpus(tmp_path, names=None):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        if names is None or p.name in names:
            shutil.copy(p, corpus / p.name)
    return corpus


def _ids(index_dir, q: str) -> set[str]:
    s = Searcher(index_dir)
    try:
        return {h["id"] for h in s.search(SearchRequest(q=q, size=100))["hits"]}
    finally:
        s.close()


def _generations(index_dir):
    return sorted(p.name for p in index_dir.parent.glob(index_dir.name + ".gen-*"))


def test_an_unchanged_corpus_is_not_rebuilt(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    first = build_index(corpus, ix, workers=1)
    again = build_index(corpus, ix, workers=1)
    assert (first.mode, again.mode) == ("full", "unchanged")
    assert again.generation == first.generation == ix.resolve().name
    assert again.documents == first.documents and again.changes["unchanged"] == len(list(corpus.iterdir()))
    assert _generations(ix) == [first.generation]
    assert read_manifest(ix)["peak_rss_mb"] > 0  # the manifest was written before memory was measured


def test_an_edited_file_is_found_by_its_new_citation_and_not_its_old(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    doc_id = CITING.removesuffix(".txt") + "-1"
    assert doc_id in _ids(ix, "19-CT/TU") and doc_id not in _ids(ix, "77-CT/TU")
    path = corpus / CITING
    path.write_text(path.read_text("utf-8").replace("19-CT/TU", "77-CT/TU"), "utf-8")
    report = build_index(corpus, ix, workers=1)
    assert report.mode == "incremental"
    assert report.changes == {"unchanged": 4, "changed": 1, "added": 0, "removed": 0}
    assert doc_id in _ids(ix, "77-CT/TU") and doc_id not in _ids(ix, "19-CT/TU")
    with TestClient(create_app(Settings(index_dir=ix, corpus=corpus))) as c:
        cites = {x["id"] for x in c.get(f"/api/documents/{doc_id}/cites").json()["items"]}
        assert "77-CT/TU" in cites and "19-CT/TU" not in cites
        assert c.get("/healthz").json()["documents"] == report.documents


def test_added_and_deleted_files_are_reflected_and_other_ids_kept(tmp_path):
    corpus, ix = _corpus(tmp_path, {CITING, "003_7b9f8ea90a918d33.txt"}), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    before = _ids(ix, "kế hoạch")
    (corpus / "003_7b9f8ea90a918d33.txt").unlink()
    shutil.copy(CORPUS / "004_cfbd1625accb3dfa.txt", corpus)
    report = build_index(corpus, ix, workers=1)
    assert report.changes == {"unchanged": 1, "changed": 0, "added": 1, "removed": 1}
    after = _ids(ix, "kế hoạch")
    assert "003_7b9f8ea90a918d33-1" in before and "003_7b9f8ea90a918d33-1" not in after
    assert "004_cfbd1625accb3dfa-1" in after and "001_f2cf7cfd36944194-1" in after
    full = build_index(corpus, tmp_path / "full", workers=1, full=True)
    assert (report.documents, report.citations) == (full.documents, full.citations)


def test_words_of_an_added_file_are_found_without_accents_after_a_re_index(tmp_path):
    """The accentless vocabulary is written by the indexer (not read by the server at start): a
    re-index must add the new segment's words to it, and keep the words of the old segments."""
    corpus, ix = _corpus(tmp_path, {CITING}), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    assert not _ids(ix, "khinh khi cau ngu sac")
    text = (CORPUS / "004_cfbd1625accb3dfa.txt").read_text("utf-8")
    (corpus / "new.txt").write_text(text + "\nTổ chức lễ hội khinh khí cầu ngũ sắc trên sông.\n", "utf-8")
    report = build_index(corpus, ix, workers=1)
    assert report.mode == "incremental"
    assert _ids(ix, "khinh khi cau ngu sac") == {"new-1"}
    assert _ids(ix, "khinh khí cầu ngũ sắc") == {"new-1"}
    assert CITING.removesuffix(".txt") + "-1" in _ids(ix, "chi thi")  # old segment's words still there


def test_an_open_searcher_keeps_its_generation_while_a_new_one_is_published(tmp_path):
    corpus, ix = _corpus(tmp_path, {CITING}), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    old = Searcher(ix)
    try:
        shutil.copy(CORPUS / "004_cfbd1625accb3dfa.txt", corpus)
        build_index(corpus, ix, workers=1)
        assert old.search(SearchRequest(q="kế hoạch"))["total"] == 1  # still its own generation
        assert old.document("004_cfbd1625accb3dfa-1") is None
        assert _ids(ix, "kế hoạch") == {"001_f2cf7cfd36944194-1", "004_cfbd1625accb3dfa-1"}
        build_index(corpus / ".." / "corpus", ix, workers=1, full=True)
        assert len(_generations(ix)) == 2  # the current one and the one before
    finally:
        old.close()


def test_a_second_build_of_the_same_index_is_refused_clearly(tmp_path):
    corpus, ix = _corpus(tmp_path, {CITING}), tmp_path / "ix"
    with index_lock(ix.absolute()), pytest.raises(IndexLockedError, match="đang ghi"):
        build_index(corpus, ix, workers=1)
    proc = subprocess.run([sys.executable, "-m", "search_api.cli", "index", str(corpus), "--index-dir", str(ix)],
                          check=False, capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr


def test_an_index_from_before_generations_is_migrated(tmp_path):
    corpus, ix = _corpus(tmp_path, {CITING}), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    real = ix.resolve()
    ix.unlink()
    real.rename(ix)  # a plain directory, as older versions wrote
    report = build_index(corpus, ix, workers=1, full=True)
    assert ix.is_symlink() and report.documents == 1
    assert _ids(ix, "19-CT/TU") == {"001_f2cf7cfd36944194-1"}


def test_a_build_killed_at_any_point_leaves_the_old_index_serving(tmp_path):
    """kill -9 while a build of 300 plans reads, segments, writes Whoosh or the store."""
    corpus, ix = _corpus(tmp_path, {CITING}), tmp_path / "ix"
    build_index(corpus, ix, workers=1)
    old_gen = ix.resolve().name
    big = tmp_path / "big"
    generate(big, 300, seed=5, sentences_per_plan=20)
    for delay in (0.5, 2.0, 4.0):
        proc = subprocess.Popen([sys.executable, "-m", "search_api.cli", "index", str(big), "--index-dir", str(ix),
                                 "--workers", "1", "--full"], cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert ix.resolve().name == old_gen, f"killed after {delay} s"
        assert _ids(ix, "19-CT/TU") == {"001_f2cf7cfd36944194-1"}
        assert read_manifest(ix)["documents"] == 1
    report = build_index(corpus, ix, workers=1, full=True)  # the next build cleans the debris
    assert len(_generations(ix)) == 2 and report.documents == 1
