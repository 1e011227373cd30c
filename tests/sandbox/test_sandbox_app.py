"""The sandbox LMS stands apart: its own app and database, and no imports across the line."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask import Flask

import lti_qi
from lti_qi.sandbox import SandboxConfig, create_sandbox_app
from lti_qi.sandbox import services as sandbox_services

PACKAGE = Path(lti_qi.__file__).parent
TOOL_ISSUER = "http://lms.test/sandbox"


def _lti_qi_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    found |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    return {name for name in found if name == "lti_qi" or name.startswith("lti_qi.")}


@pytest.fixture
def standalone(tmp_path: Path) -> Flask:
    return create_sandbox_app(
        SandboxConfig(
            issuer=TOOL_ISSUER,
            tool_registration_url="http://tool.test/lti/register",
            database_url=f"sqlite:///{tmp_path / 'lms.sqlite3'}",
            secret_key="sandbox-test-secret",
            http=requests.Session(),
        )
    )


def test_the_sandbox_imports_nothing_of_the_tool() -> None:
    crossing = {
        f"{path.name}: {name}"
        for path in (PACKAGE / "sandbox").glob("*.py")
        for name in _lti_qi_imports(path)
        if not name.startswith("lti_qi.sandbox")
    }
    assert crossing == set()


def test_the_tool_never_imports_the_sandbox() -> None:
    tool = [PACKAGE / "app.py", *(PACKAGE / folder for folder in ("services", "web", "lti"))]
    tool.append(PACKAGE / "models")
    files = [p for part in tool for p in ([part] if part.is_file() else part.rglob("*.py"))]
    reaching = sorted(
        str(path.relative_to(PACKAGE))
        for path in files
        if any(name.startswith("lti_qi.sandbox") for name in _lti_qi_imports(path))
    )
    assert reaching == []
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, lti_qi; lti_qi.create_app({'env': 'test'}); "
            "print('lti_qi.sandbox' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"


def test_the_sandbox_runs_on_its_own_database(standalone: Flask, tmp_path: Path) -> None:
    with standalone.app_context():
        sandbox_services.install()
    tables = set(
        sa.inspect(sa.create_engine(f"sqlite:///{tmp_path / 'lms.sqlite3'}")).get_table_names()
    )
    assert {"sandbox_courses", "sandbox_people", "sandbox_tools", "sandbox_scores"} <= tables
    client = standalone.test_client()
    configuration = client.get("/.well-known/openid-configuration").json
    assert configuration["issuer"] == TOOL_ISSUER
    assert configuration["registration_endpoint"] == f"{TOOL_ISSUER}/register"
    assert "QI-101" in client.get("/").get_data(as_text=True)


def test_launching_before_any_tool_is_installed_says_so(standalone: Flask) -> None:
    with standalone.app_context():
        sandbox_services.install()
    started = standalone.test_client().post(
        "/api/launch-requests",
        json={"course": "QI-101", "sub": "learner-aisha"},
        headers={"Accept": "application/json"},
    )
    assert started.status_code == 400
    assert "register one first" in started.json["message"]
