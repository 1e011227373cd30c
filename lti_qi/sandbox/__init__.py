"""The sandbox LMS: a small but real LTI 1.3 platform, for demos and tests, apart from lti-qi.

It is an application of its own (``create_sandbox_app``), with its own signing key, its own
database and tables, its own cache and sessions, and it talks to the tool only over HTTP and
signed JWTs, exactly as a remote LMS would: OIDC authorisation, Deep Linking return, an AGS
token endpoint that verifies the tool's client assertion, line items, scores and results with
a gradebook page, Names and Role Provisioning with paging, and the platform side of Dynamic
Registration, through which lti-qi is installed in it. It imports nothing from the tool; the
demo (``lti_qi.demo``) mounts it beside the tool when ``sandbox_enabled`` is on, which
production refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

import requests
from flask import Blueprint, Flask, current_app
from flask_caching import Cache
from flask_wtf.csrf import CSRFProtect

bp = Blueprint("sandbox", __name__)
cache = Cache()
csrf = CSRFProtect()

_View = TypeVar("_View", bound=Callable[..., object])


@dataclass(frozen=True)
class SandboxConfig:
    """How one sandbox is served: its issuer, the tool it offers to install, its storage."""

    issuer: str  # the sandbox's own public address, e.g. http://localhost:5000/sandbox
    tool_registration_url: str  # the tool's Dynamic Registration URL, offered by default
    database_url: str
    secret_key: str
    http: requests.Session  # for fetching tools' key sets
    redis_url: str | None = None


def csrf_exempt(view: _View) -> _View:
    """Exempt a view that tools call cross-site from CSRF checks (``csrf.exempt``, typed)."""
    csrf.exempt(view)
    return view


def config() -> SandboxConfig:
    """Return the configuration of the sandbox serving the current request."""
    sandbox: SandboxConfig = current_app.extensions["sandbox"]
    return sandbox


def create_sandbox_app(sandbox: SandboxConfig) -> Flask:
    """Build the sandbox LMS application and create its tables if they are missing."""
    from lti_qi.sandbox import errors
    from lti_qi.sandbox.database import db

    app = Flask(
        "lti_qi.sandbox",
        template_folder=str(files("lti_qi.templates")),
        static_folder=str(Path(str(files("lti_qi"))) / "static"),
    )
    app.config.update(
        SECRET_KEY=sandbox.secret_key,
        SQLALCHEMY_DATABASE_URI=sandbox.database_url,
        SESSION_COOKIE_NAME="sandbox_session",
        CACHE_TYPE="RedisCache" if sandbox.redis_url else "SimpleCache",
        CACHE_REDIS_URL=sandbox.redis_url,
        CACHE_KEY_PREFIX="lti-qi-sandbox:",
        CACHE_DEFAULT_TIMEOUT=300,
    )
    app.extensions["sandbox"] = sandbox
    db.init_app(app)
    cache.init_app(app)
    csrf.init_app(app)
    app.register_blueprint(bp)
    errors.register_error_handlers(app)
    with app.app_context():
        db.metadata.create_all(db.engine)
    return app


from lti_qi.sandbox import api, registration, views  # noqa: E402, F401  (registers the routes)
