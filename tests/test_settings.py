"""Settings from VANBAN_* variables: defaults, parsing, and a clear error naming a bad value."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.places import HCMC_DISTRICTS
from indexer.settings import Settings, SettingsError


def test_defaults():
    s = Settings.from_env({})
    assert s.host == "127.0.0.1" and s.port == 8000
    assert s.districts == HCMC_DISTRICTS and len(s.districts) == 22
    assert s.index_dir == Path("var/index").resolve()


def test_values_from_environment():
    s = Settings.from_env({"VANBAN_PORT": "9000", "VANBAN_INDEX_DIR": "/tmp/x",
                           "VANBAN_DISTRICTS": "Quận 1, Gò Vấp ,TP Thủ Đức"})
    assert s.port == 9000 and s.index_dir == Path("/tmp/x")
    assert s.districts == ("Quận 1", "Quận Gò Vấp", "Thành phố Thủ Đức")


@pytest.mark.parametrize("name, value", [("VANBAN_PORT", "tám nghìn"), ("VANBAN_PORT", "0"),
                                         ("VANBAN_WORKERS", "-1"), ("VANBAN_MAX_PAGE_SIZE", "x")])
def test_bad_value_names_variable_and_value(name, value):
    with pytest.raises(SettingsError) as e:
        Settings.from_env({name: value})
    assert name in str(e.value) and value in str(e.value)


def test_coverage_uses_the_configured_district_set(index_dir):
    from fastapi.testclient import TestClient

    from search_api.app import create_app

    s = Settings(index_dir=index_dir, districts=("Quận 1", "Quận 4"))
    with TestClient(create_app(s)) as c:
        body = c.get("/api/instruments/19-CT/TU/coverage").json()
    text = str(body)
    assert "Quận 4" in text and "Huyện Nhà Bè" not in text


def test_one_declaration_per_setting():
    """Each field of Settings has one row (variable, default, help, parser) and nothing else names
    a VANBAN_ variable: defaults are not declared twice (issue 11)."""
    import ast
    from dataclasses import fields

    from indexer.settings import SETTINGS

    assert [f.name for f in fields(Settings)] == [s.field for s in SETTINGS]
    assert len({s.env for s in SETTINGS}) == len(SETTINGS) and all(s.help for s in SETTINGS)
    repo = Path(__file__).resolve().parent.parent
    named = []
    for pkg in ("indexer", "graph", "pipeline", "search_api"):
        for p in (repo / pkg).rglob("*.py"):
            if p.name == "settings.py":
                continue
            consts = [n.value for n in ast.walk(ast.parse(p.read_text("utf-8")))
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            named += [f"{p.relative_to(repo)}: {c}" for c in consts if c.startswith("VANBAN_")]
    assert not named, named


def test_constructed_and_environment_defaults_agree(tmp_path, monkeypatch):
    """``Settings()`` and ``Settings.from_env({})`` resolve the same defaults the same way (they
    once resolved var/index against the repository and the current directory)."""
    monkeypatch.chdir(tmp_path)
    assert Settings() == Settings.from_env({})
    assert Settings().index_dir == tmp_path / "var" / "index"


def test_to_env_rebuilds_the_same_settings():
    s = Settings.from_env({"VANBAN_PORT": "9001", "VANBAN_DISTRICTS": "Quận 1,Quận 4",
                           "VANBAN_CORS_ORIGINS": "http://a.vn, http://b.vn", "VANBAN_OCR_CACHE": "/tmp/ocr"})
    assert Settings.from_env(s.to_env()) == s
    assert s.cors_origins == ("http://a.vn", "http://b.vn") and s.ocr_cache == Path("/tmp/ocr")


def test_the_ocr_cache_is_read_through_the_settings(monkeypatch, tmp_path):
    from indexer.ocr import cache_dir

    monkeypatch.setenv("VANBAN_OCR_CACHE", str(tmp_path / "ocr"))
    assert cache_dir() == tmp_path / "ocr"
