"""Registration links: single-use, expiring, stored only as a digest."""

from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import RegistrationInvite
from lti_qi.services.platforms import invites
from lti_qi.transaction import unit_of_work


def test_an_invite_works_once_and_stores_no_token(app: Flask) -> None:
    with app.app_context():
        with unit_of_work():
            token = invites.issue(hours=1)
        with unit_of_work():
            stored = db.session.scalars(select(RegistrationInvite.token_digest)).all()
            assert token not in stored
            assert invites.redeem(token)
        with unit_of_work():
            assert not invites.redeem(token)
            assert not invites.redeem("")
            assert not invites.redeem(token + "x")


def test_an_invite_expires(app: Flask) -> None:
    with app.app_context():
        with unit_of_work():
            token = invites.issue(hours=1)
        with time_machine.travel(datetime.now(UTC) + timedelta(minutes=61)), unit_of_work():
            assert not invites.redeem(token)


def test_the_link_carries_the_token(app: Flask) -> None:
    url = invites.registration_url("https://qi.example.org", "abc-_1")
    assert url == "https://qi.example.org/lti/register?invite=abc-_1"
