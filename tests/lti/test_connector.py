"""Service calls from the tool to the sandbox LMS: token grant, caching, AGS round trip."""

import json

from lti_qi.extensions import cache
from lti_qi.lti.connector import TOKEN_CACHE_PREFIX
from lti_qi.sandbox.models import SandboxTool

SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEMS_URL = "http://tool.test/sandbox/api/courses/QI-101/lineitems"


def test_access_token_is_granted_for_a_signed_client_assertion(connector) -> None:
    token = connector.get_access_token([SCORE, LINEITEM])
    assert token


def test_access_token_is_cached_until_near_expiry(connector) -> None:
    first = connector.get_access_token([LINEITEM, SCORE])
    second = connector.get_access_token([SCORE, LINEITEM])
    assert first == second
    key = TOKEN_CACHE_PREFIX + connector._scope_key([LINEITEM, SCORE])
    assert cache.get(key) == first


def test_token_cache_key_differs_per_client_and_token_url(connector, sandbox: SandboxTool) -> None:
    scopes = [SCORE]
    key = connector._scope_key(scopes)
    connector._registration.set_client_id("another-school")
    assert connector._scope_key(scopes) != key
    connector._registration.set_client_id(sandbox.client_id)
    connector._registration.set_auth_token_url("http://tool.test/sandbox/other-token")
    assert connector._scope_key(scopes) != key


def test_line_item_created_and_listed_with_the_token(connector) -> None:
    body = {"label": "Module 1", "scoreMaximum": 100, "resourceId": "aim", "tag": "module"}
    created = connector.make_service_request(
        [LINEITEM],
        LINEITEMS_URL,
        is_post=True,
        data=json.dumps(body),
        content_type="application/vnd.ims.lis.v2.lineitem+json",
    )
    assert created["body"]["resourceId"] == "aim"
    listed = connector.make_service_request([LINEITEM], LINEITEMS_URL + "?tag=module")
    assert [item["label"] for item in listed["body"]] == ["Module 1"]


def test_forged_client_assertion_is_refused(client, sandbox) -> None:
    response = client.post(
        "http://tool.test/sandbox/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": "eyJhbGciOiJub25lIn0.eyJpc3MiOiJsdGktcWktc2FuZGJveCJ9.",
            "scope": SCORE,
        },
    )
    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"
