"""The unit of work of workers, CLI commands and tests, and savepoints for expected races."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_qi.extensions import db
from lti_qi.models import User
from lti_qi.transaction import savepoint, unit_of_work

ISSUER = "https://unit-of-work.test"


def _subs(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(User.sub).where(User.issuer == ISSUER)))


def test_a_unit_of_work_commits_what_its_block_did(app: Flask) -> None:
    with app.app_context(), unit_of_work():
        db.session.add(User(issuer=ISSUER, sub="kept"))
    assert _subs(app) == ["kept"]


def _write_then_fail() -> None:
    db.session.add(User(issuer=ISSUER, sub="lost"))
    db.session.flush()
    raise RuntimeError("the job failed")


def test_a_unit_of_work_that_raises_commits_nothing(app: Flask) -> None:
    with app.app_context(), pytest.raises(RuntimeError), unit_of_work():
        _write_then_fail()
    assert _subs(app) == []


def test_a_failed_savepoint_undoes_only_its_own_work(app: Flask) -> None:
    with app.app_context(), unit_of_work():
        db.session.add(User(issuer=ISSUER, sub="first"))
        db.session.flush()
        with pytest.raises(IntegrityError), savepoint():
            db.session.add(User(issuer=ISSUER, sub="first"))
        db.session.add(User(issuer=ISSUER, sub="second"))
    assert _subs(app) == ["first", "second"]


def test_a_released_savepoint_is_still_undone_by_the_rollback_of_its_transaction(
    app: Flask,
) -> None:
    with app.app_context():
        with savepoint():  # the first statement of the transaction (pysqlite's trap)
            db.session.add(User(issuer=ISSUER, sub="undone"))
        db.session.rollback()
    assert _subs(app) == []
