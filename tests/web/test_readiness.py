"""Readiness that tells the truth: an old schema or an undecryptable signing key is not ready."""

import logging
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from lti_qi import create_app

HEALTH = "lti_qi.services.platforms.health"


def _fresh(tmp_path: Path, **overrides: str) -> Flask:
    fresh = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{tmp_path / 'fresh.db'}",
            "instance_path": str(tmp_path),
            **overrides,
        }
    )
    fresh.testing = True
    return fresh


def _health_log(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == HEALTH]


def _problems(app: Flask) -> str:
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    return " ".join(response.json["problems"])


def test_an_unmigrated_schema_is_not_ready_and_logs_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger=HEALTH)

    problems = _problems(_fresh(tmp_path))

    assert "schema is at nothing" in problems
    assert "run `lti-qi setup`" in problems
    assert [record.exc_info for record in _health_log(caplog)] == [None]


def test_ready_after_setup(tmp_path: Path) -> None:
    app = _fresh(tmp_path)
    assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
    assert app.test_client().get("/readyz").status_code == 200


def test_a_signing_key_that_cannot_be_decrypted_is_not_ready(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert _fresh(tmp_path).test_cli_runner().invoke(args=["setup"]).exit_code == 0
    wrong = _fresh(tmp_path, key_encryption_key=Fernet.generate_key().decode())
    caplog.set_level(logging.ERROR, logger=HEALTH)

    assert "signing key cannot be decrypted" in _problems(wrong)
    assert [record.exc_info for record in _health_log(caplog)] == [None]

    again = wrong.test_cli_runner().invoke(args=["setup"])
    assert again.exit_code != 0
    assert "signing key ready" not in again.output
    assert "signing key NOT usable" in again.output
    assert "cannot be decrypted" in again.output
