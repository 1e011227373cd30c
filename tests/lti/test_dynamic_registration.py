"""LTI Dynamic Registration, tool and sandbox platform each playing their real part."""

import html
import re
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Platform, PlatformStatus
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, invite_url


def _register(client, app: Flask) -> str:
    page = client.post("http://tool.test/sandbox/register-tool", data={"tool_url": invite_url(app)})
    assert page.status_code == 200
    match = re.search(r'src="([^"]+)" data-registration-frame', page.get_data(as_text=True))
    assert match, "the sandbox did not open the tool's registration URL"
    return html.unescape(match.group(1))


def _dynamic_platform(app: Flask) -> Platform:
    """The registration this test made (the sandbox installed lti-qi once already)."""
    with app.app_context(), unit_of_work():
        newest = select(Platform).where(Platform.source == "dynamic").order_by(Platform.id.desc())
        return db.session.scalars(newest).first()


def test_registration_stores_a_pending_platform(
    app: Flask, sandbox_app: Flask, client, sandbox
) -> None:
    sandbox_app.config["WTF_CSRF_ENABLED"] = False
    try:
        frame_url = _register(client, app)
    finally:
        sandbox_app.config["WTF_CSRF_ENABLED"] = True
    response = client.get(frame_url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "must approve this registration" in response.get_data(as_text=True)
    platform = _dynamic_platform(app)
    assert platform.status == PlatformStatus.PENDING
    assert platform.client_id.startswith("dyn-")
    assert platform.issuer == "http://tool.test/sandbox"


def test_registration_token_works_once(app: Flask, sandbox_app: Flask, client, sandbox) -> None:
    sandbox_app.config["WTF_CSRF_ENABLED"] = False
    try:
        frame_url = _register(client, app)
    finally:
        sandbox_app.config["WTF_CSRF_ENABLED"] = True
    assert client.get(frame_url).status_code == 200
    # A new invite, but the LMS's registration token of the first attempt.
    _, platform_query = frame_url.split("&", 1)
    again = client.get(f"{invite_url(app)}&{platform_query}")
    assert again.status_code == 400
    assert "did not complete the registration" in again.get_data(as_text=True)


def test_pending_registration_refuses_launch_until_approved(
    app: Flask, sandbox_app: Flask, client, sandbox, launcher: LaunchDriver
) -> None:
    sandbox_app.config["WTF_CSRF_ENABLED"] = False
    try:
        client.get(_register(client, app))
    finally:
        sandbox_app.config["WTF_CSRF_ENABLED"] = True
    platform = _dynamic_platform(app)
    login_url, params = launcher.start(client, client_id=platform.client_id)
    refused = client.get(login_url, query_string=params)
    assert refused.status_code == 403
    assert f"platform approve {platform.id}" in refused.get_data(as_text=True)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["platform", "approve", str(platform.id)]).exit_code == 0
    accepted = launcher.launch(client_id=platform.client_id)
    assert accepted.response.status_code == 303


def test_configuration_from_another_host_is_refused(app: Flask, client, sandbox) -> None:
    query = urlencode(
        {
            "openid_configuration": "http://evil.test/.well-known/openid-configuration",
            "registration_token": "x",
        }
    )
    response = client.get(f"{invite_url(app)}&{query}")
    assert response.status_code == 400
