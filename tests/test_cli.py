"""The vanban CLI through typer's CliRunner, on real files and a real index."""
from __future__ import annotations

import json

from conftest import CORPUS
from typer.testing import CliRunner

from search_api.cli import app

runner = CliRunner()


def test_search_json_is_exactly_the_api_response(client, index_dir):
    r = runner.invoke(app, ["search", "Chỉ thị 19-CT/TU", "--json", "--index-dir", str(index_dir)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == client.get("/api/search", params={"q": "Chỉ thị 19-CT/TU"}).json()


def test_search_text_output(index_dir):
    r = runner.invoke(app, ["search", "dân vận khéo", "--index-dir", str(index_dir)])
    assert r.exit_code == 0
    assert "43/KH-UBND" in r.stdout


def test_search_bad_query_exits_1_without_traceback(index_dir):
    r = runner.invoke(app, ["search", "foo:bar", "--index-dir", str(index_dir)])
    assert r.exit_code == 1
    assert "foo" in r.output and "Traceback" not in r.output


def test_search_missing_index_is_a_clear_error(tmp_path):
    r = runner.invoke(app, ["search", "x", "--index-dir", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "vanban index" in r.output


def test_extract_json_contract():
    r = runner.invoke(app, ["extract", str(CORPUS / "000_72a511fd5a08e8a6.txt"),
                            str(CORPUS / "003_7b9f8ea90a918d33.txt"), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [len(f["documents"]) for f in out] == [2, 1]
    doc = out[0]["documents"][1]
    assert doc["number"] == "171/KH-UBND"
    for key in ("file", "number", "type", "issuer", "district", "date", "title", "line_start", "line_end",
                "citations"):
        assert key in doc
    assert doc["file"] == out[0]["file"]
    c = doc["citations"][0]
    assert set(c) == {"type", "number", "name", "issuer", "year", "date", "relation", "mentions", "flags"}
    assert all({"text", "line"} == set(m) for m in c["mentions"])


def test_extract_fragment_is_one_document(tmp_path):
    f = tmp_path / "manh.txt"
    f.write_text("Tiếp tục thực hiện Chỉ thị số 19-CT/TU ngày 19 tháng 10 năm 2018 của Ban Thường vụ Thành ủy.\n",
                 "utf-8")
    r = runner.invoke(app, ["extract", str(f), "--json"])
    assert r.exit_code == 0, r.output
    docs = json.loads(r.stdout)["documents"]
    assert len(docs) == 1 and docs[0]["number"] is None
    assert [c["number"] for c in docs[0]["citations"]] == ["19-CT/TU"]
    assert docs[0]["citations"][0]["mentions"][0]["line"] == 1


def test_index_command_reports_counts(tmp_path):
    r = runner.invoke(app, ["index", str(CORPUS), "--index-dir", str(tmp_path / "ix"), "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "6 văn bản" in r.stdout


def test_extract_reports_an_unreadable_file_and_goes_on(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    r = runner.invoke(app, ["extract", str(bad), str(CORPUS / "001_f2cf7cfd36944194.txt"), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out[0]["file"] == str(bad) and out[0]["documents"] == [] and out[0]["error"]
    assert out[1]["documents"][0]["number"] == "43/KH-UBND"
    only_bad = runner.invoke(app, ["extract", str(bad), "--json"])
    assert only_bad.exit_code == 1
    assert "hong.pdf" in only_bad.output


def test_search_filters_match_the_api(client, index_dir):
    r = runner.invoke(app, ["search", "19-CT/TU", "--district", "Quận 1", "--json", "--index-dir", str(index_dir)])
    assert r.exit_code == 0, r.output
    api = client.get("/api/search", params={"q": "19-CT/TU", "district": "Quận 1"}).json()
    assert json.loads(r.stdout) == api
    assert {h["number"] for h in api["hits"]} == {"171/KH-UBND", "43/KH-UBND"}


def test_graph_commands_read_settings_the_one_way(index_dir):
    """``vanban graph`` reads VANBAN_INDEX_DIR and VANBAN_DISTRICTS through Settings (issue 11: it
    read the environment by itself), district names canonicalised as everywhere else."""
    env = {"VANBAN_INDEX_DIR": str(index_dir), "VANBAN_DISTRICTS": "Quận 1, Gò Vấp"}
    r = runner.invoke(app, ["graph", "coverage", "19-CT/TU", "--json"], env=env)
    assert r.exit_code == 0, r.output
    assert [row["district"] for row in json.loads(r.output)["districts"]] == ["Quận 1", "Quận Gò Vấp"]
    r = runner.invoke(app, ["graph", "coverage", "19-CT/TU", "--json", "--districts", "Tân Phú"], env=env)
    assert [row["district"] for row in json.loads(r.output)["districts"]] == ["Quận Tân Phú"]
