"""Configuration layers, validation, and production's refusal of unsafe settings."""

import pytest

from lti_qi.settings import ConfigurationError, load_settings

SAFE_PRODUCTION = {
    "env": "production",
    "secret_key": "s" * 40,
    "base_url": "https://qi.example.org",
    "database_url": "postgresql+psycopg://lti:secret@db.example.org/lti_qi",
    "redis_url": "redis://cache.example.org:6379/0",
}


def test_environment_variables_override_files(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("LTI_QI_CLOCK_SKEW_SECONDS", "90")
    monkeypatch.setenv("LTI_QI_BASE_URL", "https://qi.example.org/")
    settings = load_settings({"env": "test", "instance_path": str(tmp_path)})
    assert settings.clock_skew_seconds == 90
    assert settings.base_url == "https://qi.example.org"


def test_allowed_registration_hosts_come_as_a_list_or_comma_separated(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    production = load_settings({**SAFE_PRODUCTION, "instance_path": str(tmp_path)})
    assert production.dynamic_registration_allowed_hosts == ()
    monkeypatch.setenv("LTI_QI_DYNAMIC_REGISTRATION_ALLOWED_HOSTS", "lms.internal, 10.0.0.5:8443")
    settings = load_settings({"env": "test", "instance_path": str(tmp_path)})
    assert settings.dynamic_registration_allowed_hosts == ("lms.internal", "10.0.0.5:8443")


def test_overrides_win_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("LTI_QI_PORT", "7000")
    settings = load_settings({"env": "test", "port": 8000, "instance_path": str(tmp_path)})
    assert settings.port == 8000


def test_unknown_setting_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("LTI_QI_CLOCK_SKEW", "90")
    with pytest.raises(ConfigurationError, match="unknown setting 'clock_skew'"):
        load_settings({"env": "test", "instance_path": str(tmp_path)})


def test_every_problem_is_reported_at_once(tmp_path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(
            {"env": "test", "port": 0, "log_level": "LOUD", "instance_path": str(tmp_path)}
        )
    assert len(caught.value.problems) == 2


def test_production_refuses_unsafe_configuration(tmp_path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(
            {
                "env": "production",
                "debug": True,
                "sandbox_enabled": True,
                "base_url": "http://x.org",
                "instance_path": str(tmp_path),
            }
        )
    text = str(caught.value)
    assert "secret_key is missing" in text
    assert "debug is on" in text
    assert "sandbox LMS is on" in text
    assert "not https" in text


def test_production_accepts_a_safe_configuration(tmp_path) -> None:
    settings = load_settings({**SAFE_PRODUCTION, "instance_path": str(tmp_path)})
    assert settings.sandbox_enabled is False


def test_secret_key_can_come_from_a_file(tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("f" * 48 + "\n")
    settings = load_settings(
        {
            **SAFE_PRODUCTION,
            "secret_key": "",
            "secret_key_file": str(secret),
            "instance_path": str(tmp_path),
        }
    )
    assert settings.secret_key == "f" * 48


def test_development_generates_and_keeps_a_secret(tmp_path) -> None:
    first = load_settings({"env": "development", "instance_path": str(tmp_path)})
    second = load_settings({"env": "development", "instance_path": str(tmp_path)})
    assert len(first.secret_key) > 40
    assert first.secret_key == second.secret_key
    assert first.database_url == f"sqlite:///{tmp_path / 'lti-qi.sqlite3'}"


def test_production_refuses_sqlite_and_unshared_state(tmp_path) -> None:
    unsafe = {
        **SAFE_PRODUCTION,
        "database_url": "",
        "redis_url": "",
        "instance_path": str(tmp_path),
    }
    with pytest.raises(ConfigurationError) as caught:
        load_settings(unsafe)
    text = str(caught.value)
    assert "database_url is SQLite" in text
    assert "redis_url is empty but workers = 2" in text


def test_unreadable_secret_file_is_explained(tmp_path) -> None:
    missing = {**SAFE_PRODUCTION, "secret_key": "", "secret_key_file": str(tmp_path / "nope")}
    with pytest.raises(ConfigurationError, match=r"secret_key_file .* cannot be read"):
        load_settings({**missing, "instance_path": str(tmp_path)})
