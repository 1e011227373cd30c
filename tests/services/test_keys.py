"""Tool key rotation: the previous key stays in the published key set for a grace period."""

from datetime import timedelta

from lti_qi.lti import tool_keys
from lti_qi.models.base import utc_now
from lti_qi.services.platforms import keys


def test_rotation_keeps_the_previous_key_for_the_grace_period(app, app_context) -> None:
    previous = tool_keys.current_signing_key().kid
    new_key = keys.rotate_keys()
    assert tool_keys.current_signing_key().kid == new_key.kid != previous
    published = {key["kid"] for key in tool_keys.public_jwks()["keys"]}
    assert {previous, new_key.kid} <= published
    later = utc_now() + timedelta(hours=73)
    assert previous not in {key["kid"] for key in tool_keys.public_jwks(now=later)["keys"]}
