"""LTI message endpoints.

Platforms post to them cross-site, so CSRF tokens cannot apply: each is exempted where it is
declared, and protected instead by the LTI state, nonce and signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Response, jsonify, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Role, TargetKind
from lti_qi.errors import Forbidden, InvalidInput
from lti_qi.extensions import csrf
from lti_qi.lti import dynamic_registration, flow, platform_storage, tool_config, tool_keys
from lti_qi.lti.launch import Launch
from lti_qi.lti.platforms import canvas
from lti_qi.models import PlatformStatus
from lti_qi.services.base.actors import Actor
from lti_qi.services.launches import link_settings, sessions
from lti_qi.services.platforms import invites, registry
from lti_qi.settings import get_settings
from lti_qi.web import navigation, transaction
from lti_qi.web.access import remember_launch
from lti_qi.web.launch import bp

_View = TypeVar("_View", bound=Callable[..., object])


def _csrf_exempt(view: _View) -> _View:
    """Exempt a view that platforms post to cross-site from CSRF checks (``csrf.exempt``, typed)."""
    csrf.exempt(view)
    return view


@bp.route(flow.LOGIN_PATH, methods=["GET", "POST"])
@_csrf_exempt
def login() -> Response:
    """OIDC third-party-initiated login: redirect the browser to the platform."""
    return flow.start_login()


@bp.route(flow.LAUNCH_PATH, methods=["POST"])
@_csrf_exempt
def launch() -> BaseResponse:
    """Validate the id_token, record the launch, and open lti-qi in the launching course."""
    try:
        validated = flow.validate_launch()
    except platform_storage.StorageCheckRequired as check:
        return make_response(render_template("launch/storage_verify.html", check=check))
    except tool_config.ApprovalPending:
        transaction.keep_changes()  # the new client id stays registered, waiting for approval
        raise
    actor = sessions.record_launch(validated, lifetime_hours=get_settings().session_lifetime_hours)
    remember_launch(actor.token)
    response = redirect(_landing(validated, actor), code=303)
    flow.clear_login_state(response)
    return response


def _landing(validated: Launch, actor: Actor) -> str:
    """Where a launch opens: the picker, what its link opens, or (first time) the choice.

    A link to the whole pathway opens staff on their own work (queue, class progress, report).
    """
    token = actor.token
    if validated.is_deep_linking:
        return url_for("links.picker", launch=token)
    choice = link_settings.choice_for_launch(validated.custom, actor.resource_link_id)
    if choice.target is None and actor.has_role(Role.DESIGNER, Role.ADMINISTRATOR):
        return url_for("links.this_link", launch=token, first=1)
    target = choice.opens
    if target.kind is TargetKind.MODULE:
        return url_for("curriculum.module", launch=token, slug=target.slug)
    if target.kind is TargetKind.STAGE:
        return url_for("curriculum.stage", launch=token, slug=target.slug)
    return url_for(navigation.staff_home(actor) or "curriculum.pathway", launch=token)


@bp.route(flow.JWKS_PATH)
@bp.route("/lti/jwks")
def jwks() -> Response:
    """Publish the tool's public keys (current, and previous during the rotation grace period)."""
    response = jsonify(tool_keys.public_jwks())
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/lti/config/canvas.json")
def canvas_configuration() -> Response:
    """lti-qi's configuration for a Canvas developer key ("Enter URL")."""
    return jsonify(canvas.canvas_configuration(get_settings().base_url))


@bp.route("/lti/register")
def register() -> str:
    """LTI Dynamic Registration: the LMS opens the operator's registration link (an invite)."""
    settings = get_settings()
    if settings.dynamic_registration == "off":
        raise Forbidden(
            "Dynamic registration is switched off for this lti-qi.",
            hint="Ask the lti-qi administrator to register your LMS by hand (docs/platforms/).",
        )
    registration_request = dynamic_registration.RegistrationRequest(
        openid_configuration_url=request.args.get("openid_configuration", ""),
        registration_token=request.args.get("registration_token"),
    )
    status = (
        PlatformStatus.ACTIVE
        if settings.dynamic_registration == "active"
        else PlatformStatus.PENDING
    )
    try:
        platform = registry.register_dynamically(
            request.args.get(invites.INVITE_PARAMETER, ""),
            registration_request,
            base_url=settings.base_url,
            http=flow.runtime().http,
            status=status,
            allowed_hosts=settings.dynamic_registration_allowed_hosts,
        )
    except InvalidInput:
        transaction.keep_changes()  # a failed attempt uses up its registration link too
        raise
    return render_template("launch/registered.html", platform=platform)
