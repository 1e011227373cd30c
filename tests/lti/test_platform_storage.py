"""Logins through LTI Platform Storage when the LMS frame keeps no cookies.

The page scripts are exercised in the browser tests; here the server side of the protocol is
driven exactly as those scripts would drive it.
"""

import re

import pytest

from launching import LaunchDriver, parse_form


def _storage_login(launcher: LaunchDriver, client) -> dict[str, str]:
    login_url, params = launcher.start(client, storage_target="_parent")
    page = client.get(login_url, query_string=params)
    assert page.status_code == 200
    attributes = dict(re.findall(r'data-([a-z]+)="([^"]*)"', page.get_data(as_text=True)))
    assert attributes["mode"] == "put"
    assert attributes["origin"] == "http://tool.test"
    assert attributes["target"] == "_parent"
    return attributes


def _id_token_form(client, attributes: dict[str, str]) -> tuple[str, dict[str, str]]:
    authorised = client.get(attributes["next"].replace("&amp;", "&"))
    return parse_form(authorised.get_data(as_text=True))


def test_login_stores_a_verifier_and_continues_to_the_platform(
    launcher: LaunchDriver, client
) -> None:
    attributes = _storage_login(launcher, client)
    assert attributes["key"].startswith("lti-qi-state-")
    assert len(attributes["value"]) > 20


def test_launch_with_cookies_needs_no_storage_check(launcher: LaunchDriver, client) -> None:
    attributes = _storage_login(launcher, client)
    action, fields = _id_token_form(client, attributes)
    assert client.post(action, data=fields).status_code == 303


def test_launch_without_cookies_is_confirmed_through_platform_storage(
    launcher: LaunchDriver, client, app
) -> None:
    attributes = _storage_login(launcher, client)
    action, fields = _id_token_form(client, attributes)
    cookieless = app.test_client()
    check = cookieless.post(action, data=fields)
    assert check.status_code == 200
    assert 'data-mode="get"' in check.get_data(as_text=True)
    confirmed = cookieless.post(
        action, data={**fields, "lti_storage_verifier": attributes["value"]}
    )
    assert confirmed.status_code == 303


@pytest.mark.parametrize("verifier", ["wrong", ""])
def test_a_wrong_verifier_is_refused(launcher: LaunchDriver, client, app, verifier: str) -> None:
    attributes = _storage_login(launcher, client)
    action, fields = _id_token_form(client, attributes)
    cookieless = app.test_client()
    response = cookieless.post(
        action, data={**fields, "lti_storage_verifier": verifier or "x" * 32}
    )
    assert response.status_code == 403
    assert "<code>state</code>" in response.get_data(as_text=True)


def test_a_verifier_works_only_once(launcher: LaunchDriver, client, app) -> None:
    attributes = _storage_login(launcher, client)
    action, fields = _id_token_form(client, attributes)
    first = app.test_client().post(
        action, data={**fields, "lti_storage_verifier": attributes["value"]}
    )
    assert first.status_code == 303
    replay = app.test_client().post(
        action, data={**fields, "lti_storage_verifier": attributes["value"]}
    )
    assert replay.status_code == 403
