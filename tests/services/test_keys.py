"""Tool keys: encrypted at rest, rotated with a grace period in the published key set."""

from datetime import timedelta

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import ToolKey
from lti_qi.models.base import utc_now
from lti_qi.services import keys


def test_private_keys_are_encrypted_at_rest(app, app_context) -> None:
    for row in db.session.scalars(select(ToolKey)):
        assert b"PRIVATE KEY" not in row.private_pem_encrypted
    assert "PRIVATE KEY" in keys.current_signing_key().private_pem


def test_rotation_keeps_the_previous_key_for_the_grace_period(app, app_context) -> None:
    previous = keys.current_signing_key().kid
    new_key = keys.rotate_keys()
    assert keys.current_signing_key().kid == new_key.kid != previous
    published = {key["kid"] for key in keys.public_jwks()["keys"]}
    assert {previous, new_key.kid} <= published
    later = utc_now() + timedelta(hours=73)
    assert previous not in {key["kid"] for key in keys.public_jwks(now=later)["keys"]}


def test_jwks_endpoint_follows_rotation(app, client, app_context) -> None:
    new_key = keys.rotate_keys()
    response = client.get("http://tool.test/.well-known/jwks.json")
    kids = [key["kid"] for key in response.json["keys"]]
    assert kids[0] == new_key.kid
    assert all(
        key["alg"] == "RS256" and key["use"] == "sig" and "d" not in key
        for key in response.json["keys"]
    )
