"""The default base URL follows the port; a base URL set anywhere is kept as set."""

import pytest

from lti_qi.settings import load_settings


@pytest.fixture(autouse=True)
def _no_address_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LTI_QI_BASE_URL", "LTI_QI_PORT", "LTI_QI_ENV", "LTI_QI_CONFIG"):
        monkeypatch.delenv(name, raising=False)


def test_the_default_base_url_follows_the_port(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("LTI_QI_PORT", "8123")
    settings = load_settings({"env": "development", "instance_path": str(tmp_path)})
    assert (settings.port, settings.base_url) == (8123, "http://127.0.0.1:8123")
    overridden = load_settings({"env": "development", "instance_path": str(tmp_path), "port": 9001})
    assert overridden.base_url == "http://127.0.0.1:9001"


def test_a_base_url_set_explicitly_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("LTI_QI_BASE_URL", "https://qi.example.org")
    settings = load_settings({"env": "development", "instance_path": str(tmp_path), "port": 9001})
    assert settings.base_url == "https://qi.example.org"
    tested = load_settings({"env": "test", "instance_path": str(tmp_path), "port": 9001})
    assert tested.base_url == "https://qi.example.org"
    monkeypatch.delenv("LTI_QI_BASE_URL")
    plain = load_settings({"env": "test", "instance_path": str(tmp_path), "port": 9001})
    assert plain.base_url == "http://tool.test"
