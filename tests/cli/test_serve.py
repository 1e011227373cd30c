"""`lti-qi serve`: where gunicorn listens and how many processes it runs."""

import pytest
from flask import Flask

from lti_qi import cli


def _gunicorn_arguments(app: Flask, monkeypatch: pytest.MonkeyPatch, *options: str) -> list[str]:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execvp", lambda _, arguments: calls.append(arguments))
    result = app.test_cli_runner().invoke(args=["serve", *options])
    assert result.exit_code == 0, result.output
    return calls[0]


def _option(arguments: list[str], name: str) -> str:
    return arguments[arguments.index(name) + 1]


def test_serve_listens_on_the_configured_host_and_port(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    arguments = _gunicorn_arguments(app, monkeypatch)
    assert _option(arguments, "--bind") == "127.0.0.1:5000"
    assert _option(arguments, "--workers") == "2"


def test_serve_options_override_the_settings(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = _gunicorn_arguments(app, monkeypatch, "--port", "5001", "--workers", "3")
    assert _option(arguments, "--bind") == "127.0.0.1:5001"
    assert _option(arguments, "--workers") == "3"
    bound = _gunicorn_arguments(app, monkeypatch, "--bind", "unix:/run/lti-qi/web1.sock")
    assert _option(bound, "--bind") == "unix:/run/lti-qi/web1.sock"
