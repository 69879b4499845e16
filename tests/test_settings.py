"""Settings from VANBAN_* variables: defaults, parsing, and a clear error naming a bad value."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.places import HCMC_DISTRICTS
from search_api.settings import Settings, SettingsError


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
