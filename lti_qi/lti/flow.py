"""The LTI 1.3 message flow: OIDC login initiation and the launch that follows it.

Security Framework 5.1.1 and LTI Core 4.1: the platform calls the login URL (GET or POST)
with ``iss``, ``login_hint`` and ``target_link_uri``; lti-qi answers with a redirect to the
platform's authorisation endpoint carrying a fresh ``state`` (also set as a short-lived
cookie) and ``nonce``; the platform then POSTs the signed id_token to the launch URL.
State and nonces live in the shared cache, so any worker process can finish a login that
another one began.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from flask import Flask, Response, current_app, make_response, render_template, request
from flask_caching import Cache
from pylti1p3.contrib.flask import (
    FlaskCacheDataStorage,
    FlaskCookieService,
    FlaskOIDCLogin,
    FlaskRequest,
)
from pylti1p3.exception import LtiException, OIDCException
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.errors import LaunchError
from lti_qi.extensions import cache
from lti_qi.lti import platform_storage
from lti_qi.lti.launch import Launch, launch_from_claims
from lti_qi.lti.platform_keys import PlatformKeyCache
from lti_qi.lti.tool_config import DatabaseToolConf, RegistrationSaves
from lti_qi.lti.validation import LaunchPolicy, ToolMessageLaunch
from lti_qi.settings import Settings

LOGIN_PATH = "/lti/login"
LAUNCH_PATH = "/lti/launch"
JWKS_PATH = "/.well-known/jwks.json"
# pylti1p3's key for a nonce its login issued (SessionService, "lti1p3-nonce-<nonce>").
ISSUED_NONCE_KEY = "lti1p3-nonce-{nonce}"
# lti-qi's key for the same nonce bound to the state of the login that issued it.
BOUND_NONCE_KEY = "lti1p3-nonce-{state}-{nonce}"


@dataclass
class LtiRuntime:
    """Long-lived LTI collaborators, built once per application."""

    tool_conf: DatabaseToolConf
    key_cache: PlatformKeyCache
    http: requests.Session
    settings: Settings

    @property
    def launch_url(self) -> str:
        """Return the redirect URI registered with every platform."""
        return self.settings.base_url + LAUNCH_PATH


def init_app(
    app: Flask, settings: Settings, http: requests.Session, saves: RegistrationSaves
) -> None:
    """Create the LTI runtime for an application; launches save what they learn by ``saves``."""
    app.extensions["lti_qi.lti"] = LtiRuntime(
        tool_conf=DatabaseToolConf(saves),
        key_cache=PlatformKeyCache(http, settings.platform_jwks_ttl_seconds),
        http=http,
        settings=settings,
    )


def runtime() -> LtiRuntime:
    """Return the LTI runtime of the current application."""
    return runtime_for(current_app)


def runtime_for(app: Flask) -> LtiRuntime:
    """Return the LTI runtime of an application."""
    lti_runtime: LtiRuntime = app.extensions["lti_qi.lti"]
    return lti_runtime


def start_login() -> Response:
    """Answer an OIDC login initiation with a redirect to the platform's auth endpoint.

    Raises:
        LaunchError: when a required parameter is missing, the target is not lti-qi, or the
            platform is not registered.
    """
    lti = runtime()
    _check_login_parameters(lti.settings.base_url)
    cookies = _CookieService(_flask_request())
    login = _BoundNonceLogin(_flask_request(), lti.tool_conf, cookie_service=cookies)
    login.set_launch_data_storage(_storage())
    login.set_launch_data_lifetime(lti.settings.launch_state_ttl_seconds)
    storage_target = request.values.get("lti_storage_target")
    if request.is_secure and not storage_target and not _cookies_proven():
        login.cookie_check_template_name = "launch/cookie_check.html"
        login.enable_check_cookies()
    try:
        if storage_target:
            return _storage_login(login, cookies, storage_target, lti)
        response: Response = login.redirect(lti.launch_url)
    except (OIDCException, LtiException) as error:
        raise LaunchError("login", str(error), hint=_LOGIN_HINT) from error
    return response


def _cookies_proven() -> bool:
    """Whether this browser sent lti-qi's session cookie, so cookies already work in this frame.

    pylti1p3's cookie check costs the browser an extra page and request on every login; a
    browser that carries the cookie an earlier launch set (SameSite=None, partitioned by the
    LMS's site) has passed that check already.
    """
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def _storage_login(
    login: FlaskOIDCLogin, cookies: _CookieService, target: str, lti: LtiRuntime
) -> Response:
    auth_url = login.get_redirect_object(lti.launch_url).get_redirect_url()
    storage_login = platform_storage.begin(auth_url, target, lti.settings.launch_state_ttl_seconds)
    response = make_response(render_template("launch/storage_login.html", login=storage_login))
    cookies.update_response(response)
    return response


def validate_launch() -> Launch:
    """Validate the id_token POSTed to the launch URL and return the launch it describes.

    Raises:
        LaunchError: naming the failed check; nothing is recorded for a refused launch.
    """
    _refuse_platform_error()
    lti = runtime()
    verified_state = platform_storage.verified_state(request.form, request.cookies)
    message_launch = ToolMessageLaunch(
        _flask_request(),
        lti.tool_conf,
        launch_data_storage=_storage(),
        requests_session=lti.http,
        policy=_policy(lti, verified_state),
    )
    message_launch.set_launch_data_lifetime(lti.settings.launch_state_ttl_seconds)
    body = message_launch.validate().get_launch_data()
    return launch_from_claims(
        body, platform_id=message_launch.platform_id(), client_id=message_launch.get_client_id()
    )


def clear_login_state(response: BaseResponse) -> None:
    """Expire the login's state cookie once a launch has used it (they would pile up)."""
    state = request.form.get("state")
    if state:
        secure = request.is_secure
        response.delete_cookie(
            platform_storage.STATE_COOKIE_PREFIX + state,
            path="/",
            secure=secure,
            httponly=True,
            samesite="None" if secure else None,
            partitioned=secure,
        )


def _policy(lti: LtiRuntime, verified_state: str | None) -> LaunchPolicy:
    return LaunchPolicy(
        key_cache=lti.key_cache,
        clock_skew_seconds=lti.settings.clock_skew_seconds,
        tool_base_url=lti.settings.base_url,
        take_nonce=lambda state, nonce: _storage().take(
            BOUND_NONCE_KEY.format(state=state, nonce=nonce)
        ),
        saves=lti.tool_conf.saves,
        verified_state=verified_state,
    )


class SharedCacheStorage(FlaskCacheDataStorage):
    """Login state and nonces in the shared cache, not keyed by a session cookie.

    The browser is bound to its login by the state (a cookie, or platform storage when the
    LMS frame has no cookies); nonces are recorded server-side and consumed once.
    """

    def __init__(self, shared_cache: Cache) -> None:
        super().__init__(shared_cache)  # type: ignore[no-untyped-call]  # unannotated in pylti1p3
        self._shared_cache = shared_cache

    def get_session_cookie_name(self) -> None:
        """Use no session-id cookie: it would be lost wherever third-party cookies are."""
        return None

    def take(self, key: str) -> bool:
        """Delete a stored value; True only for the one caller that found it there."""
        return bool(self._shared_cache.delete(self._prepare_key(key)))


def _storage() -> SharedCacheStorage:
    return SharedCacheStorage(cache)


class _BoundNonceLogin(FlaskOIDCLogin):
    """pylti1p3's login, with each nonce recorded for the state of the login that issued it.

    pylti1p3 records a nonce on its own, so a launch could carry the nonce of another login
    of the same browser; OpenID Connect asks for the nonce of this authentication request.
    """

    def _prepare_redirect_url(self, launch_url: str) -> str:
        """Build the platform redirect, then re-record its nonce under its state."""
        url: str = super()._prepare_redirect_url(launch_url)
        query = parse_qs(urlsplit(url).query)
        state, nonce = query["state"][-1], query["nonce"][-1]  # lti-qi's come last
        storage = _storage()
        storage.take(ISSUED_NONCE_KEY.format(nonce=nonce))
        storage.set_value(
            BOUND_NONCE_KEY.format(state=state, nonce=nonce),
            True,
            exp=runtime().settings.launch_state_ttl_seconds,
        )
        return url


class _CookieService(FlaskCookieService):
    """pylti1p3's Flask cookie service, with the methods lti-qi calls annotated."""

    def __init__(self, lti_request: FlaskRequest) -> None:
        super().__init__(lti_request)  # type: ignore[no-untyped-call]  # unannotated in pylti1p3

    def update_response(self, response: BaseResponse) -> None:
        """Set the cookies pylti1p3 asked for (the login state) on a response."""
        super().update_response(response)  # type: ignore[no-untyped-call]  # as above


def _flask_request() -> FlaskRequest:
    """Return pylti1p3's view of the current Flask request."""
    return FlaskRequest()  # type: ignore[no-untyped-call]  # unannotated in pylti1p3


def _check_login_parameters(base_url: str) -> None:
    missing = [
        name for name in ("iss", "login_hint", "target_link_uri") if not request.values.get(name)
    ]
    if missing:
        raise LaunchError(
            "login",
            "The LMS's login request is missing " + ", ".join(missing) + ".",
            hint=_LOGIN_HINT,
        )
    target = request.values["target_link_uri"]
    if not (target == base_url or target.startswith(base_url + "/")):
        raise LaunchError(
            "login",
            f"The LMS asked to open {target}, which is not an lti-qi address.",
            hint=f"Set the tool's launch URL in the LMS to {base_url}{LAUNCH_PATH}.",
        )


def _refuse_platform_error() -> None:
    error: Any = request.form.get("error")
    if error and not request.form.get("id_token"):
        description = request.form.get("error_description") or "no description given"
        raise LaunchError(
            "platform",
            f"The LMS refused the login ({error}: {description}).",
            hint="Sign in to your LMS again and relaunch lti-qi from the course.",
        )


_LOGIN_HINT = (
    "Ask your LMS administrator to check lti-qi's login URL and client id in the LMS, "
    "then launch again."
)
