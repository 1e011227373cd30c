"""Security headers: no caching of personal pages, HSTS over HTTPS, framing by known LMSs only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from lti_qi.extensions import db
from lti_qi.lti.registrations import PlatformDetails
from lti_qi.services.platforms import registry


@pytest.fixture
def settings_changed(app: Flask) -> Iterator[None]:
    """Lets a test change the app's settings; puts the original settings back afterwards."""
    original = app.extensions["lti_qi.settings"]
    yield
    app.extensions["lti_qi.settings"] = original


def _apply(app: Flask, changes: dict[str, object]) -> None:
    app.extensions["lti_qi.settings"] = app.extensions["lti_qi.settings"].model_copy(update=changes)


def _ancestors(policy: str) -> list[str]:
    directive = next(d for d in policy.split(";") if d.strip().startswith("frame-ancestors"))
    return directive.split()[1:]


def test_pages_of_a_launch_session_are_not_stored_but_static_assets_are_cached(
    launcher, client
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    page = aisha.get()
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    with client.get("http://tool.test/static/css/app.css") as asset:
        assert asset.status_code == 200
        assert "no-store" not in asset.headers.get("Cache-Control", "")


def test_hsts_is_sent_only_when_the_base_url_is_https(app: Flask, client, settings_changed) -> None:
    assert "Strict-Transport-Security" not in client.get("http://tool.test/health").headers
    _apply(app, {"base_url": "https://tool.test"})
    response = client.get("http://tool.test/.well-known/jwks.json")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_only_registered_platforms_and_configured_origins_may_frame_lti_qi(
    app: Flask, client, settings_changed
) -> None:
    with app.app_context():
        registry.add_platform(
            PlatformDetails(
                issuer="https://lms.example.edu",
                client_id="c-1",
                auth_login_url="https://auth.example.edu:8443/login",
                auth_token_url="https://lms.example.edu/token",
                key_set_url="https://lms.example.edu/jwks",
                deployment_ids=("1",),
            )
        )
        db.session.commit()
    _apply(app, {"frame_ancestors": ("https://portal.example.edu/",)})

    policy = client.get("http://tool.test/.well-known/jwks.json").headers["Content-Security-Policy"]

    ancestors = _ancestors(policy)
    assert "*" not in ancestors
    assert "'self'" in ancestors
    assert "https://lms.example.edu" in ancestors
    assert "https://auth.example.edu:8443" in ancestors
    assert "https://portal.example.edu" in ancestors
