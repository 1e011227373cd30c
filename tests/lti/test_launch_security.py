"""Launch and session safety: replays, stolen state, tampering, isolation, unknown platforms."""

import base64
import json
from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from sqlalchemy import select

from lti_qi import local_copies
from lti_qi.extensions import db
from lti_qi.lti import registrations
from lti_qi.models import Platform
from lti_qi.sandbox import platform as sandbox_platform
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxTool
from lti_qi.services.platforms import registry
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver

LOGIN = "http://tool.test/lti/login"


def _check(response) -> str:
    text = response.get_data(as_text=True)
    return text.split("<code>", 1)[1].split("</code>", 1)[0] if "<code>" in text else ""


def test_replayed_id_token_is_refused(launcher: LaunchDriver) -> None:
    launched = launcher.launch()
    assert launched.response.status_code == 303
    replay = launched.client.post("http://tool.test/lti/launch", data=launched.id_token_form)
    assert replay.status_code == 403
    assert _check(replay) == "state"  # the launch expired its state cookie


def test_replay_with_the_state_cookie_kept_fails_on_the_used_nonce(launcher: LaunchDriver) -> None:
    launched = launcher.launch()
    state = launched.id_token_form["state"]
    launched.client.set_cookie(f"lti1p3-{state}", state, domain="tool.test")
    replay = launched.client.post("http://tool.test/lti/launch", data=launched.id_token_form)
    assert replay.status_code == 403
    assert _check(replay) == "nonce"


def test_a_nonce_issued_for_another_login_of_the_same_browser_is_refused(
    launcher: LaunchDriver, app: Flask
) -> None:
    client = app.test_client()
    action, first = launcher.id_token_form(client)
    _, second = launcher.id_token_form(client)  # both logins' state cookies are in the browser
    swapped = client.post(action, data={**first, "id_token": second["id_token"]})
    assert swapped.status_code == 403
    assert _check(swapped) == "nonce"
    assert client.post(action, data=second).status_code == 303  # its own login still launches


def test_id_token_posted_from_another_browser_is_refused(
    launcher: LaunchDriver, app: Flask
) -> None:
    action, fields = launcher.id_token_form(app.test_client())
    stolen = app.test_client().post(action, data=fields)
    assert stolen.status_code == 403
    assert _check(stolen) == "state"


def test_tampered_id_token_is_refused(launcher: LaunchDriver, app: Flask) -> None:
    client = app.test_client()
    action, fields = launcher.id_token_form(client)
    header, body, signature = fields["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = client.post(action, data={**fields, "id_token": f"{header}.{forged}.{signature}"})
    assert response.status_code == 400
    assert _check(response) == "signature"


def test_tool_pages_refuse_a_browser_that_did_not_launch(
    launcher: LaunchDriver, app: Flask
) -> None:
    launched = launcher.launch()
    assert app.test_client().get(launched.landing_url).status_code == 403


def test_two_courses_in_one_browser_stay_apart(launcher: LaunchDriver, app: Flask) -> None:
    client = app.test_client()
    first = launcher.launch(client, course="QI-101")
    second = launcher.launch(client, course="QI-202")
    assert "Improving care on the ward" in client.get(first.landing_url).get_data(as_text=True)
    assert "outpatients" in client.get(second.landing_url).get_data(as_text=True)


def test_expired_session_is_refused(launcher: LaunchDriver, app: Flask) -> None:
    launched = launcher.launch()
    assert launched.client.get(launched.landing_url).status_code == 200
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=13)):
        expired = launched.client.get(launched.landing_url)
    assert expired.status_code == 403
    assert "your course" in expired.get_data(as_text=True)


def test_login_from_an_unknown_platform_names_what_to_register(client, sandbox) -> None:
    params = {
        "iss": "https://lms.unknown.example",
        "login_hint": "u1",
        "target_link_uri": "http://tool.test/lti/launch",
        "client_id": "c9",
    }
    response = client.get(LOGIN, query_string=params)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "https://lms.unknown.example" in text
    assert "--client-id c9" in text


def test_login_without_required_parameters_is_refused(client, sandbox) -> None:
    response = client.get(LOGIN, query_string={"iss": "http://tool.test/sandbox"})
    assert response.status_code == 400
    assert "login_hint, target_link_uri" in response.get_data(as_text=True)


def test_login_for_a_foreign_target_is_refused(launcher: LaunchDriver, client) -> None:
    login_url, params = launcher.start(client)
    response = client.get(
        login_url, query_string={**params, "target_link_uri": "https://evil.example/"}
    )
    assert response.status_code == 400
    assert "not an lti-qi address" in response.get_data(as_text=True)


def test_login_by_post_is_accepted(launcher: LaunchDriver, client) -> None:
    login_url, params = launcher.start(client)
    response = client.post(login_url, data=params)
    assert response.status_code == 302
    assert "lti_message_hint=" in response.headers["Location"]


def test_platform_error_response_is_explained(client, sandbox) -> None:
    response = client.post(
        "http://tool.test/lti/launch",
        data={"error": "login_required", "error_description": "Not signed in", "state": "x"},
    )
    assert response.status_code == 400
    assert "login_required: Not signed in" in response.get_data(as_text=True)


def test_platform_key_rotation_is_picked_up(launcher: LaunchDriver, sandbox_app: Flask) -> None:
    assert launcher.launch().response.status_code == 303
    with sandbox_app.app_context():
        sandbox_platform.rotate_key()
    assert launcher.launch().response.status_code == 303


def _approving_issuer_with_a_second_component(app: Flask, sandbox_app: Flask) -> None:
    with app.app_context(), unit_of_work():
        registered = db.session.scalar(select(Platform))
        registered.approves_new_client_ids = True
        db.session.commit()
        local_copies.announce_change("platforms")
    with sandbox_app.app_context():
        tool = sandbox_db.session.scalar(select(SandboxTool))
        sandbox_db.session.add(
            SandboxTool(
                name="Open edX block 2",
                client_id="edx-block-2",
                deployment_id=tool.deployment_id,
                login_url=tool.login_url,
                redirect_uris=tool.redirect_uris,
                jwks_url=tool.jwks_url,
                target_link_uri=tool.target_link_uri,
                scopes=[],
            )
        )
        sandbox_db.session.commit()


def _registrations(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return len(registrations.list_platforms())


def test_new_client_id_of_an_approving_issuer_waits_for_approval(
    launcher: LaunchDriver, app: Flask, sandbox_app: Flask
) -> None:
    _approving_issuer_with_a_second_component(app, sandbox_app)
    waiting = launcher.launch(client_id="edx-block-2")
    assert waiting.response.status_code == 403
    assert "waiting for approval" in waiting.response.get_data(as_text=True)
    with app.app_context(), unit_of_work():
        pending = registrations.find_platform("http://tool.test/sandbox", "edx-block-2")
        assert pending.status == "pending"
        registry.set_platform_status(pending.id, "active")
    assert launcher.launch(client_id="edx-block-2").response.status_code == 303


def test_made_up_client_ids_store_nothing(app: Flask, client, sandbox, sandbox_app: Flask) -> None:
    _approving_issuer_with_a_second_component(app, sandbox_app)
    before = _registrations(app)
    for made_up in ("x1", "x2", "x3"):
        params = {
            "iss": "http://tool.test/sandbox",
            "login_hint": "u",
            "client_id": made_up,
            "target_link_uri": "http://tool.test/lti/launch",
        }
        assert client.get("http://tool.test/lti/login", query_string=params).status_code == 302
    assert _registrations(app) == before


def test_new_deployment_is_accepted_where_allowed(
    launcher: LaunchDriver, app: Flask, sandbox: SandboxTool
) -> None:
    with app.app_context(), unit_of_work():
        registered = db.session.scalar(select(Platform))
        registered.accepts_new_deployments = True
        db.session.commit()
        local_copies.announce_change("platforms")
    assert launcher.launch(case="unknown-deployment").response.status_code == 303
    with app.app_context(), unit_of_work():
        record = registrations.find_platform("http://tool.test/sandbox", sandbox.client_id)
        assert "not-registered" in record.deployment_ids
