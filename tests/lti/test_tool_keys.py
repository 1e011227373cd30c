"""The tool's keys as platforms see them: decrypted only to sign, published as a JWKS."""

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.lti import tool_keys
from lti_qi.models import ToolKey
from lti_qi.services.platforms import keys


def test_private_keys_are_encrypted_at_rest(app, app_context) -> None:
    for row in db.session.scalars(select(ToolKey)):
        assert b"PRIVATE KEY" not in row.private_pem_encrypted
    assert "PRIVATE KEY" in tool_keys.current_signing_key().private_pem


def test_jwks_endpoint_follows_rotation(app, client, app_context) -> None:
    new_key = keys.rotate_keys()
    response = client.get("http://tool.test/.well-known/jwks.json")
    kids = [key["kid"] for key in response.json["keys"]]
    assert kids[0] == new_key.kid
    assert all(
        key["alg"] == "RS256" and key["use"] == "sig" and "d" not in key
        for key in response.json["keys"]
    )
