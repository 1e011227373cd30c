"""The lti-qi command line: platforms and keys."""

import json

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Platform
from lti_qi.transaction import unit_of_work

ADD = [
    "platform",
    "add",
    "--issuer",
    "https://moodle.example.org",
    "--client-id",
    "abc123",
    "--deployment-id",
    "1",
    "--deployment-id",
    "2",
    "--auth-login-url",
    "https://moodle.example.org/mod/lti/auth.php",
    "--auth-token-url",
    "https://moodle.example.org/mod/lti/token.php",
    "--key-set-url",
    "https://moodle.example.org/mod/lti/certs.php",
    "--product",
    "moodle",
]


def _platform(app: Flask) -> Platform:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(Platform).where(Platform.client_id == "abc123"))


def test_platform_add_list_disable_approve_remove(app: Flask) -> None:
    runner = app.test_cli_runner()
    added = runner.invoke(args=ADD)
    assert added.exit_code == 0, added.output
    assert "http://tool.test/lti/login" in added.output
    listed = runner.invoke(args=["platform", "list"])
    assert "https://moodle.example.org" in listed.output
    assert "deployments=1, 2" in listed.output
    platform_id = str(_platform(app).id)
    assert runner.invoke(args=["platform", "disable", platform_id]).exit_code == 0
    assert _platform(app).status == "disabled"
    assert runner.invoke(args=["platform", "approve", platform_id]).exit_code == 0
    assert _platform(app).status == "active"
    assert runner.invoke(args=["platform", "add-deployment", platform_id, "3"]).exit_code == 0
    assert runner.invoke(args=["platform", "remove", platform_id]).exit_code == 0
    assert _platform(app) is None


def test_duplicate_platform_is_refused_with_advice(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=ADD)
    again = runner.invoke(args=ADD)
    assert again.exit_code != 0
    assert "already registered" in again.output


def test_platform_with_a_key_set_file(app: Flask, tmp_path) -> None:
    key_file = tmp_path / "jwks.json"
    key_file.write_text(json.dumps({"keys": []}))
    args = [a for a in ADD if "certs.php" not in a and a != "--key-set-url"] + [
        "--key-set-file",
        str(key_file),
    ]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output


def test_incomplete_platform_is_refused(app: Flask) -> None:
    args = [a if a != "https://moodle.example.org/mod/lti/auth.php" else "moodle/auth" for a in ADD]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert "auth login URL must be an http(s) URL" in result.output


def test_keys_rotate_and_list(app: Flask) -> None:
    runner = app.test_cli_runner()
    rotated = runner.invoke(args=["keys", "rotate"])
    assert rotated.exit_code == 0
    assert "stays in the JWKS for 72 hours" in rotated.output
    listed = runner.invoke(args=["keys", "list"])
    assert "current" in listed.output
    assert "retired" in listed.output


def test_platform_with_launch_history_can_be_removed(app: Flask, launcher) -> None:
    assert launcher.launch().response.status_code == 303
    with app.app_context(), unit_of_work():
        platform_id = db.session.scalar(select(Platform.id))
    result = app.test_cli_runner().invoke(args=["platform", "remove", str(platform_id)])
    assert result.exit_code == 0, result.output
