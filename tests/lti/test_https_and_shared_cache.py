"""Deployment-shaped launches: HTTPS cookies for LMS frames, and state shared through Redis."""

import pytest
import redis
from flask import Flask

from lti_qi import create_app, demo
from lti_qi.extensions import cache
from lti_qi.sandbox import services as sandbox_services
from lti_qi.services.platforms import keys, setup
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, parse_form, route_in_process

REDIS_URL = "redis://127.0.0.1:6379/15"


def _app(tmp_path, base_url: str, **overrides) -> Flask:
    app = create_app(
        {
            "env": "test",
            "base_url": base_url,
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "instance_path": str(tmp_path),
            **overrides,
        }
    )
    app.testing = True
    lms = demo.mount_sandbox(app)
    route_in_process(app, base_url)
    with app.app_context(), unit_of_work():
        setup.upgrade_database()
        keys.ensure_signing_key()
        with lms.app_context():
            sandbox_services.install()
        demo.register_sandbox(app)
    return app


def test_https_login_checks_cookies_then_sets_cross_site_cookies(tmp_path) -> None:
    app = _app(tmp_path, "https://tool.test")
    assert app.config["SESSION_COOKIE_SAMESITE"] == "None"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_PARTITIONED"] is True
    driver = LaunchDriver(app, "https://tool.test")
    client = app.test_client()
    login_url, params = driver.start(client)
    check = client.get(login_url, query_string=params)
    assert check.status_code == 200
    assert "cookie-check" in check.get_data(as_text=True)
    login = client.get(login_url, query_string={**params, "lti1p3_new_window": "1"})
    assert login.status_code == 302
    cookie = login.headers["Set-Cookie"]
    assert "SameSite=None" in cookie
    assert "Secure" in cookie
    assert "Partitioned" in cookie
    with app.app_context(), unit_of_work():
        cache.clear()


def test_login_skips_the_cookie_check_once_the_browser_carries_the_session_cookie(
    tmp_path,
) -> None:
    app = _app(tmp_path, "https://tool.test")
    driver = LaunchDriver(app, "https://tool.test")
    client = app.test_client()
    login_url, params = driver.start(client)
    login = client.get(login_url, query_string={**params, "lti1p3_new_window": "1"})
    assert client.get_cookie("lti_qi_session", domain="tool.test") is None
    action, fields = parse_form(client.get(login.headers["Location"]).get_data(as_text=True))
    assert client.post(action, data=fields).status_code == 303
    assert client.get_cookie("lti_qi_session", domain="tool.test") is not None

    login_url, params = driver.start(client)
    again = client.get(login_url, query_string=params)

    assert again.status_code == 302, "a browser with lti-qi's cookie should not be checked again"
    assert "cookie-check" not in again.get_data(as_text=True)
    with app.app_context(), unit_of_work():
        cache.clear()


def test_launch_state_lives_in_redis_when_configured(tmp_path) -> None:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running here")
    app = _app(tmp_path, "http://tool.test", redis_url=REDIS_URL)
    with app.app_context(), unit_of_work():
        cache.clear()
    shared = redis.Redis.from_url(REDIS_URL)
    client = app.test_client()
    action, fields = LaunchDriver(app, "http://tool.test").id_token_form(client)
    assert len(shared.keys("lti-qi:lti1p3-nonce-*")) == 1, "the login's nonce, issued"

    assert client.post(action, data=fields).status_code == 303
    assert shared.keys("lti-qi:lti1p3-nonce-*") == [], "taken by the launch"
    client.set_cookie(f"lti1p3-{fields['state']}", fields["state"], domain="tool.test")
    replay = client.post(action, data=fields)
    assert replay.status_code == 403
    assert "nonce was not issued by lti-qi" in replay.get_data(as_text=True)
    with app.app_context(), unit_of_work():
        cache.clear()
