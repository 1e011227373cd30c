"""LTI message endpoints.

Platforms post to them cross-site, so CSRF tokens cannot apply: each is exempted where it is
declared, and protected instead by the LTI state, nonce and signature.
"""

from __future__ import annotations

from flask import Response, jsonify, make_response, redirect, render_template, request, url_for

from lti_qi.errors import Forbidden
from lti_qi.extensions import csrf
from lti_qi.lti import flow, platform_storage, registration
from lti_qi.models import PlatformStatus
from lti_qi.services import keys, launches
from lti_qi.settings import get_settings
from lti_qi.web.access import remember_launch
from lti_qi.web.launch import bp


@bp.route(flow.LOGIN_PATH, methods=["GET", "POST"])
@csrf.exempt
def login() -> Response:
    """OIDC third-party-initiated login: redirect the browser to the platform."""
    return flow.start_login()


@bp.route(flow.LAUNCH_PATH, methods=["POST"])
@csrf.exempt
def launch() -> Response:
    """Validate the id_token, record the launch, and open lti-qi in the launching course."""
    try:
        validated = flow.validate_launch()
    except platform_storage.StorageCheckRequired as check:
        return make_response(render_template("launch/storage_verify.html", check=check))
    token = launches.record_launch(validated, lifetime_hours=get_settings().session_lifetime_hours)
    remember_launch(token)
    response = redirect(url_for("curriculum.pathway", launch=token), code=303)
    flow.clear_login_state(response)
    return response


@bp.route(flow.JWKS_PATH)
@bp.route("/lti/jwks")
def jwks() -> Response:
    """Publish the tool's public keys (current, and previous during the rotation grace period)."""
    response = jsonify(keys.public_jwks())
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/lti/register")
def register() -> str:
    """LTI Dynamic Registration: the LMS opens this URL to install lti-qi."""
    settings = get_settings()
    if settings.dynamic_registration == "off":
        raise Forbidden(
            "Dynamic registration is switched off for this lti-qi.",
            hint="Ask the lti-qi administrator to register your LMS by hand (docs/platforms/).",
        )
    registration_request = registration.RegistrationRequest(
        openid_configuration_url=request.args.get("openid_configuration", ""),
        registration_token=request.args.get("registration_token"),
    )
    status = (
        PlatformStatus.ACTIVE
        if settings.dynamic_registration == "active"
        else PlatformStatus.PENDING
    )
    platform = registration.register_platform(
        registration_request,
        base_url=settings.base_url,
        http=flow.runtime().http,
        status=status,
        allow_http=settings.env != "production",
    )
    return render_template("launch/registered.html", platform=platform)
