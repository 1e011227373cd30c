"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from lti_qi import create_app, paths
from lti_qi.extensions import db
from lti_qi.transaction import unit_of_work


def _differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_head_matches_the_models(app: Flask, app_context: None) -> None:
    assert _differences() == []


def test_empty_database_upgrades_downgrades_and_upgrades_again(tmp_path) -> None:
    fresh = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{tmp_path / 'fresh.db'}",
            "instance_path": str(tmp_path),
        }
    )
    fresh.testing = True
    directory = str(paths.migrations_dir())
    with fresh.app_context(), unit_of_work():
        flask_migrate.upgrade(directory=directory)
        assert _differences() == []
        flask_migrate.downgrade(directory=directory, revision="base")
        flask_migrate.upgrade(directory=directory)
        assert _differences() == []
        db.engine.dispose()
