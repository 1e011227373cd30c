"""The application factory: settings, extensions, blueprints, error handlers, CLI, logging."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from lti_qi import paths
from lti_qi.errors import register_error_handlers
from lti_qi.extensions import cache, csrf, db, migrate
from lti_qi.http import build_session
from lti_qi.lti import flow
from lti_qi.services.platforms import registry
from lti_qi.settings import Settings, load_settings
from lti_qi.web import access, converters, filters, headers, navigation
from lti_qi.web.form_text import TextRequest
from lti_qi.web.transaction import TransactionalFlask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the lti-qi application.

    Args:
        overrides: settings that win over config files and the environment (tests use this).

    Returns:
        The configured Flask application; nothing is migrated or fetched here.
    """
    settings = load_settings(overrides)
    app = TransactionalFlask(
        "lti_qi",
        template_folder=str(paths.templates_dir()),
        static_folder=str(paths.static_dir()),
        instance_path=settings.instance_path,
    )
    app.extensions["lti_qi.settings"] = settings
    app.request_class = TextRequest
    _configure_flask(app, settings)
    _init_extensions(app, settings)
    _register_blueprints(app)
    register_error_handlers(app)
    _register_request_hooks(app)
    _register_commands(app)
    _configure_logging(settings)
    return app


def _configure_flask(app: Flask, settings: Settings) -> None:
    cross_site = settings.is_https
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(settings),
        CACHE_TYPE="RedisCache" if settings.redis_url else "SimpleCache",
        CACHE_REDIS_URL=settings.redis_url or None,
        CACHE_KEY_PREFIX="lti-qi:",
        CACHE_DEFAULT_TIMEOUT=300,
        SESSION_COOKIE_NAME="lti_qi_session",
        SESSION_COOKIE_SECURE=cross_site,
        SESSION_COOKIE_SAMESITE="None" if cross_site else "Lax",
        SESSION_COOKIE_PARTITIONED=cross_site,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_lifetime_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=settings.session_lifetime_hours * 3600,
        WTF_CSRF_SSL_STRICT=False,  # inside an LMS iframe the Referer is the LMS, not lti-qi
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        PREFERRED_URL_SCHEME="https" if settings.is_https else "http",
        JSON_SORT_KEYS=False,
    )
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]


def _engine_options(settings: Settings) -> dict[str, Any]:
    if settings.database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {
        "pool_pre_ping": True,
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
    }


def _init_extensions(app: Flask, settings: Settings) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(paths.migrations_dir()), render_as_batch=True)
    csrf.init_app(app)
    cache.init_app(app)
    access.init_app(app)
    filters.init_app(app)
    navigation.init_app(app)
    headers.init_app(app)
    http = build_session(settings.http_timeout_seconds)
    flow.init_app(app, settings, http, registry.launch_saves())


def _register_blueprints(app: Flask) -> None:
    from lti_qi.web.admin import bp as admin_bp
    from lti_qi.web.assets import bp as assets_bp
    from lti_qi.web.certificates import bp as certificates_bp
    from lti_qi.web.certificates import verification_bp
    from lti_qi.web.collaboration import bp as collaboration_bp
    from lti_qi.web.curriculum import bp as curriculum_bp
    from lti_qi.web.designer import bp as designer_bp
    from lti_qi.web.health import bp as health_bp
    from lti_qi.web.launch import bp as launch_bp
    from lti_qi.web.links import bp as links_bp
    from lti_qi.web.measurement import bp as measurement_bp
    from lti_qi.web.mentoring import bp as mentoring_bp
    from lti_qi.web.mentoring import invites_bp

    converters.init_app(app.url_map)
    blueprints = (
        health_bp,
        launch_bp,
        links_bp,
        admin_bp,
        assets_bp,
        curriculum_bp,
        measurement_bp,
        designer_bp,
        mentoring_bp,
        invites_bp,
        collaboration_bp,
        certificates_bp,
        verification_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex[:12]


def _register_commands(app: Flask) -> None:
    from lti_qi.admin_cli import admins_group
    from lti_qi.cli import register_commands

    register_commands(app)
    app.cli.add_command(admins_group)


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("lti_qi").setLevel(settings.log_level)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for SQLite connections."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
