"""`lti-qi setup` on a new installation, and a new installation that skipped it."""

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from lti_qi import create_app
from lti_qi.extensions import db
from lti_qi.models import ContentPack, ToolKey
from lti_qi.services.content import packs, pathways
from lti_qi.services.platforms import setup
from lti_qi.transaction import unit_of_work


def _fresh(tmp_path: Path) -> Flask:
    fresh = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{tmp_path / 'fresh.db'}",
            "instance_path": str(tmp_path),
        }
    )
    fresh.testing = True
    return fresh


def test_setup_prepares_a_new_installation_and_is_safe_to_run_again(tmp_path: Path) -> None:
    fresh = _fresh(tmp_path)
    runner = fresh.test_cli_runner()
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "pack qi-pathway" in first.output
    assert "installed" in first.output
    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0, again.output
    assert "already current" in again.output
    with fresh.app_context(), unit_of_work():
        assert len(db.session.scalars(select(ToolKey)).all()) == 1
        assert len(db.session.scalars(select(ContentPack)).all()) == 1
        db.engine.dispose()


def test_the_default_pack_installs_itself_when_setup_was_skipped(tmp_path: Path) -> None:
    fresh = _fresh(tmp_path)
    with fresh.app_context(), unit_of_work():
        setup.upgrade_database()
        assert db.session.scalars(select(ContentPack)).all() == []
        pathway = pathways.pathway(packs.DEFAULT_PACK)
        assert len(pathway.modules) == 7
        assert pathways.pathway(packs.DEFAULT_PACK) is pathway  # installed once, then cached
        db.engine.dispose()


def test_setup_says_what_it_migrated(tmp_path: Path) -> None:
    fresh = _fresh(tmp_path)
    runner = fresh.test_cli_runner()
    with fresh.app_context():
        _, head = setup.schema_revisions()
    assert f"Database migrated from empty to {head};" in runner.invoke(args=["setup"]).output
    assert f"Database already at head ({head});" in runner.invoke(args=["setup"]).output
    with fresh.app_context():
        db.engine.dispose()
