"""The ``lti-qi`` program: its version; Flask's debugger and server refused in production."""

import os
import subprocess
import sys

import pytest

from lti_qi import __version__

PRODUCTION = {
    "LTI_QI_ENV": "production",
    "LTI_QI_SECRET_KEY": "s" * 40,
    "LTI_QI_BASE_URL": "https://qi.example.org",
    "LTI_QI_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
    "LTI_QI_WORKERS": "1",
}


def _lti_qi(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    program = "from lti_qi.console import main; main()"
    return subprocess.run(  # noqa: S603  (our own console script)
        [sys.executable, "-c", program, *arguments],
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version() -> None:
    result = _lti_qi("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"lti-qi {__version__}"


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [
        (["--debug", "run"], "--debug (FLASK_DEBUG) is refused in production"),
        (["--debug", "routes"], "--debug (FLASK_DEBUG) is refused in production"),
        (["run"], "`run` is refused in production"),
    ],
)
def test_the_debugger_and_the_development_server_are_refused_in_production(
    arguments: list[str], refusal: str
) -> None:
    result = _lti_qi(*arguments, **PRODUCTION)
    assert result.returncode == 2
    assert refusal in result.stderr
    assert "Traceback" not in result.stderr


def test_commands_still_run_in_production() -> None:
    result = _lti_qi("routes", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "/readyz" in result.stdout
