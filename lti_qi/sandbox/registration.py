"""The platform side of LTI Dynamic Registration 1.0 in the sandbox LMS.

An administrator gives the sandbox a tool's registration URL; the sandbox opens it with its
OpenID configuration URL and a one-time registration token, answers the tool's registration
POST with a new client id and deployment id, and closes the frame when the tool posts
``org.imsglobal.lti.close``.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from flask import Response, jsonify, render_template, request

from lti_qi.sandbox import bp, cache, config, csrf_exempt, services
from lti_qi.sandbox.database import db
from lti_qi.sandbox.errors import Forbidden, InvalidInput
from lti_qi.sandbox.models import SandboxTool

TOKEN_PREFIX = "sandbox-registration-token:"  # noqa: S105  (a cache key prefix)
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


@bp.route("/.well-known/openid-configuration")
def openid_configuration() -> Response:
    """The platform's OpenID configuration, with its LTI platform configuration."""
    issuer = config().issuer
    return jsonify(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/auth",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "registration_endpoint": f"{issuer}/register",
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "scopes_supported": ["openid"],
            "claims_supported": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "lti-qi-sandbox",
                "version": "1.0",
                "messages_supported": [
                    {"type": "LtiResourceLinkRequest"},
                    {"type": "LtiDeepLinkingRequest"},
                ],
            },
        }
    )


def registration_url(tool_url: str) -> str:
    """Return a tool's registration URL with the sandbox's configuration and a one-time token."""
    token = secrets.token_urlsafe(16)
    cache.set(TOKEN_PREFIX + token, 1, timeout=3600)
    query = urlencode(
        {
            "openid_configuration": f"{config().issuer}/.well-known/openid-configuration",
            "registration_token": token,
        }
    )
    separator = "&" if "?" in tool_url else "?"  # the tool's link may carry its own invite
    return f"{tool_url}{separator}{query}"


@bp.route("/register-tool", methods=["GET", "POST"])
def register_tool() -> str:
    """Ask for a tool's registration URL, then open it with a one-time registration token."""
    default_url = config().tool_registration_url
    if request.method == "GET":
        return render_template("sandbox/register_tool.html", tool_url=default_url, frame_url=None)
    tool_url = request.form.get("tool_url") or default_url
    return render_template(
        "sandbox/register_tool.html", tool_url=tool_url, frame_url=registration_url(tool_url)
    )


@bp.route("/register", methods=["POST"])
@csrf_exempt
def register() -> Response:
    """Registration endpoint: accept a tool's configuration and give it a client id."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not cache.delete(TOKEN_PREFIX + token):
        raise Forbidden("The registration token is missing, used or expired.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        body = {}  # refused below, with everything it lacks named
    tool = _tool_from_registration(body)
    db.session.add(tool)
    db.session.flush()
    services.place_tool(tool)
    db.session.commit()
    answer = {**body, "client_id": tool.client_id}
    answer[TOOL_CONFIGURATION] = {**body[TOOL_CONFIGURATION], "deployment_id": tool.deployment_id}
    return jsonify(answer)


def _tool_from_registration(body: dict[str, Any]) -> SandboxTool:
    configuration = body.get(TOOL_CONFIGURATION)
    if not isinstance(configuration, dict):
        configuration = {}  # refused below: it has no target_link_uri
    problems = [
        name
        for name, ok in (
            ("application_type web", body.get("application_type") == "web"),
            ("response_types id_token", "id_token" in (body.get("response_types") or [])),
            ("initiate_login_uri", bool(body.get("initiate_login_uri"))),
            ("redirect_uris", bool(body.get("redirect_uris"))),
            ("jwks_uri", bool(body.get("jwks_uri"))),
            (
                "token_endpoint_auth_method private_key_jwt",
                body.get("token_endpoint_auth_method") == "private_key_jwt",
            ),
            (
                "lti-tool-configuration with target_link_uri",
                bool(configuration.get("target_link_uri")),
            ),
        )
        if not ok
    ]
    if problems:
        raise InvalidInput("The tool's registration is missing: " + ", ".join(problems) + ".")
    suffix = secrets.token_hex(4)
    deep_link = next(
        (
            m.get("target_link_uri")
            for m in configuration.get("messages", [])
            if m.get("type") == "LtiDeepLinkingRequest"
        ),
        None,
    )
    return SandboxTool(
        name=str(body.get("client_name") or "Registered tool"),
        client_id=f"dyn-{suffix}",
        deployment_id=f"dyn-deployment-{suffix}",
        login_url=body["initiate_login_uri"],
        redirect_uris=list(body["redirect_uris"]),
        jwks_url=body["jwks_uri"],
        target_link_uri=configuration["target_link_uri"],
        deep_link_url=deep_link,
        scopes=str(body.get("scope", "")).split(),
    )
