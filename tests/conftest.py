"""Shared fixtures: the app on SQLite and PostgreSQL, the sandbox LMS, and real launches.

Every launch in these tests is a real OIDC flow: the sandbox LMS signs an RS256 id_token with
its own key, the tool fetches the sandbox's key set over HTTP, and nothing is patched. The
sandbox is its own app with its own database, mounted at ``/sandbox`` beside the tool as the
demo mounts it, and it installs lti-qi through Dynamic Registration. The tool's and the
sandbox's outbound HTTP sessions route the test origin to the composed app in-process
(``WsgiTransport``), so no traffic leaves the process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from commit_counting import count_commits_per_request
from flask import Flask
from flask.testing import FlaskClient

from lti_qi import create_app, demo
from lti_qi.extensions import cache, db
from lti_qi.lti import flow
from lti_qi.models import ContentAsset, ContentItem, ContentPack
from lti_qi.sandbox import cache as sandbox_cache
from lti_qi.sandbox import services as sandbox_services
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.services.content import packs
from lti_qi.services.platforms import keys, setup
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, route_in_process

BASE_URL = "http://tool.test"
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# Made once per session (keys are slow to generate; the default pack is big): kept between
# tests. Content other than the default pack is removed after each test.
KEPT_TABLES = {
    "alembic_version",
    "tool_keys",
    "sandbox_keys",  # in the sandbox's own database
    "content_packs",
    "content_assets",
    "content_items",
}


def _postgres_available() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError:
        return False
    return True


def _private_postgres_schema() -> Iterator[str]:
    """A schema of this test run's own, so parallel runs on one server never collide."""
    schema = f"lti_qi_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database: SQLite in a temporary file, or a private schema in PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(
                f"PostgreSQL is not reachable at {POSTGRES_URL}; CI must test both databases"
            )
        pytest.skip("PostgreSQL is not running here")
    yield from _private_postgres_schema()


@pytest.fixture
def postgres(database_url: str) -> None:
    """Skip on SQLite, which lets one writer at a time into the whole database anyway."""
    if not database_url.startswith("postgresql"):
        pytest.skip("races need concurrent writers: PostgreSQL only")


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The tool, migrated to head, with a signing key and the sandbox LMS mounted beside it."""
    application = create_app(
        {
            "env": "test",
            "database_url": database_url,
            "instance_path": str(tmp_path_factory.mktemp("instance")),
        }
    )
    application.testing = True
    lms = demo.mount_sandbox(application)
    lms.testing = True
    route_in_process(application, BASE_URL)
    with application.app_context(), unit_of_work():
        setup.upgrade_database()
        keys.ensure_signing_key()
        packs.install_pack(packs.default_pack_path())
    yield application
    with application.app_context():
        db.engine.dispose()
    with lms.app_context():
        sandbox_db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give every test that uses the app empty tables, an empty cache and fresh snapshots."""
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                db.session.execute(table.delete())
        _remove_test_content()
        db.session.commit()
        cache.clear()
    _reset_sandbox(demo.mounted_sandbox(application))
    application.extensions.pop("lti_qi.platforms", None)
    application.extensions.pop("lti_qi.pathways", None)
    application.extensions.pop("lti_qi.course-settings", None)
    flow.runtime_for(application).key_cache.clear()


def _reset_sandbox(lms: Flask) -> None:
    """Empty the sandbox's own database (keeping its signing key) and its cache."""
    with lms.app_context():
        sandbox_db.session.rollback()
        for table in reversed(sandbox_db.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                sandbox_db.session.execute(table.delete())
        sandbox_db.session.commit()
        sandbox_cache.clear()


def _remove_test_content() -> None:
    """Delete packs a test installed, keeping the default pack installed once per session."""
    others = sa.select(ContentPack.id).where(ContentPack.slug != packs.DEFAULT_PACK)
    db.session.execute(sa.delete(ContentAsset).where(ContentAsset.pack_id.in_(others)))
    db.session.execute(sa.delete(ContentPack).where(ContentPack.slug != packs.DEFAULT_PACK))
    db.session.execute(sa.delete(ContentItem).where(ContentItem.pack_slug != packs.DEFAULT_PACK))


@pytest.fixture(autouse=True)
def _one_commit_per_request(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test in which any request of the tool committed more than once."""
    if "app" not in request.fixturenames:
        yield
        return
    with count_commits_per_request(request.getfixturevalue("app")) as violations:
        yield
    assert not violations, f"requests that committed more than once: {violations}"


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    """Run the test inside an application context, as one unit of work."""
    with app.app_context(), unit_of_work():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client for the tool and the sandbox LMS."""
    return app.test_client()


@pytest.fixture
def sandbox_app(app: Flask) -> Flask:
    """The sandbox LMS's own app (query its database inside ``sandbox_app.app_context()``)."""
    return demo.mounted_sandbox(app)


@pytest.fixture
def sandbox(app: Flask, sandbox_app: Flask) -> Any:
    """The sandbox LMS with its courses, having installed lti-qi by Dynamic Registration."""
    with sandbox_app.app_context():
        sandbox_services.install()
    with app.app_context():
        demo.register_sandbox(app)
    with sandbox_app.app_context():
        return sandbox_services.default_tool()


@pytest.fixture
def launcher(app: Flask, sandbox: Any) -> LaunchDriver:
    """Drives real launches from the sandbox LMS through the tool, as a browser would."""
    return LaunchDriver(app, BASE_URL)
