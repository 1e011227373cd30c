"""Launches from the sandbox LMS: the login initiation it sends and the id_token it signs.

A launch request describes who launches what (and, for certification-style tests, how to
break the id_token). It is kept in the cache under the ``lti_message_hint`` the platform
sends, exactly as Open edX does, and read back when the tool's login redirects the browser
to the sandbox's authorisation endpoint.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from lti_qi.sandbox import cache, platform
from lti_qi.sandbox.cases import CLIENT_ID, TIME_CLAIMS
from lti_qi.sandbox.database import db
from lti_qi.sandbox.errors import InvalidInput
from lti_qi.sandbox.models import (
    SandboxCourse,
    SandboxLineItem,
    SandboxLink,
    SandboxPerson,
    SandboxTool,
)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
HINT_PREFIX = "sandbox-launch:"
HINT_TTL_SECONDS = 600
JWT_CLAIMS = (
    "iss",
    "sub",
    "aud",
    "azp",
    "exp",
    "iat",
    "nbf",
    "nonce",
    "name",
    "email",
    "given_name",
    "family_name",
)
AGS_SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
)


@dataclass(frozen=True)
class LaunchRequest:
    """Who launches which tool, where, and how the id_token should (mis)behave."""

    client_id: str
    sub: str
    roles: tuple[str, ...]
    course_lti_id: str | None = None
    link_lti_id: str | None = None
    message_type: str = "LtiResourceLinkRequest"
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    drop_claims: tuple[str, ...] = ()
    set_claims: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    signing: str = "platform"
    storage_target: str | None = None


def begin(request: LaunchRequest, issuer: str) -> tuple[str, dict[str, str]]:
    """Store the launch request and return the tool's login URL with its initiation parameters."""
    tool = registered_tool(request.client_id)
    hint = secrets.token_urlsafe(16)
    cache.set(HINT_PREFIX + hint, asdict(request), timeout=HINT_TTL_SECONDS)
    params = {
        "iss": issuer,
        "login_hint": request.sub,
        "target_link_uri": _target_link_uri(tool, request),
        "lti_message_hint": hint,
        "client_id": tool.client_id,
        "lti_deployment_id": tool.deployment_id,
    }
    if request.storage_target:
        params["lti_storage_target"] = request.storage_target
    return tool.login_url, params


def authorise(params: dict[str, str], issuer: str) -> tuple[str, dict[str, str]]:
    """Check an OIDC authorisation request and return the redirect URI and form to post there.

    Raises:
        InvalidInput: when the request cannot be answered at all (unknown hint or redirect URI).
    """
    stored = cache.get(HINT_PREFIX + params.get("lti_message_hint", ""))
    if stored is None:
        raise InvalidInput("This sandbox launch has expired or was never started: launch again.")
    request = LaunchRequest(**{**stored, "roles": tuple(stored["roles"])})
    tool = registered_tool(request.client_id)
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in tool.redirect_uris or params.get("client_id") != tool.client_id:
        raise InvalidInput(f"redirect_uri {redirect_uri!r} is not registered for this tool.")
    error = _request_error(params, request)
    if error:
        return redirect_uri, {"error": error, "state": params.get("state", "")}
    claims = id_token_claims(request, tool, issuer, nonce=params.get("nonce"))
    token = platform.sign(claims, mode=request.signing, header=request.header)
    return redirect_uri, {"id_token": token, "state": params.get("state", "")}


def id_token_claims(
    request: LaunchRequest, tool: SandboxTool, issuer: str, *, nonce: str | None
) -> dict[str, Any]:
    """Build the id_token body for a launch, then apply the request's test mutations."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": tool.client_id,
        "sub": request.sub,
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        CLAIM + "version": "1.3.0",
        CLAIM + "message_type": request.message_type,
        CLAIM + "deployment_id": tool.deployment_id,
        CLAIM + "target_link_uri": _target_link_uri(tool, request),
        CLAIM + "roles": list(request.roles),
        CLAIM + "tool_platform": {
            "guid": "lti-qi-sandbox",
            "name": "lti-qi sandbox LMS",
            "product_family_code": "lti-qi-sandbox",
        },
        CLAIM + "launch_presentation": {"document_target": "iframe", "return_url": f"{issuer}/"},
    }
    claims |= _person_claims(request)
    claims |= _course_claims(request, issuer)
    claims |= _message_claims(request, tool, issuer)
    return _mutate(claims, request)


def _person_claims(request: LaunchRequest) -> dict[str, Any]:
    name = " ".join(part for part in (request.given_name, request.family_name) if part)
    values = {
        "given_name": request.given_name,
        "family_name": request.family_name,
        "name": name,
        "email": request.email,
    }
    return {key: value for key, value in values.items() if value}


def _course_claims(request: LaunchRequest, issuer: str) -> dict[str, Any]:
    if not request.course_lti_id:
        return {}
    course = _course(request.course_lti_id)
    api = f"{issuer}/api/courses/{course.lti_id}"
    return {
        CLAIM + "context": {
            "id": course.lti_id,
            "label": course.label,
            "title": course.title,
            "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
        },
        "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
            "context_memberships_url": f"{api}/memberships",
            "service_versions": ["2.0"],
        },
    }


def _message_claims(request: LaunchRequest, tool: SandboxTool, issuer: str) -> dict[str, Any]:
    if request.message_type == "LtiDeepLinkingRequest":
        return {
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": f"{issuer}/deep-link-return",
                "accept_types": ["ltiResourceLink", "link", "html"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                "accept_lineitem": True,
                "auto_create": True,
                "title": "lti-qi content",
                "data": f"sandbox-dl-{uuid.uuid4().hex[:12]}|course={request.course_lti_id or ''}",
            }
        }
    link = _link(request.link_lti_id) if request.link_lti_id else None
    claims: dict[str, Any] = {
        CLAIM + "resource_link": {
            "id": link.lti_id if link else f"link-{request.course_lti_id or 'none'}",
            "title": link.title if link else "lti-qi",
        }
    }
    if link is not None:
        claims[CLAIM + "custom"] = dict(link.custom)
    if request.course_lti_id:
        claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = _ags_claim(
            request.course_lti_id, issuer, link
        )
    return claims


def _ags_claim(course_lti_id: str, issuer: str, link: SandboxLink | None) -> dict[str, Any]:
    lineitems = f"{issuer}/api/courses/{course_lti_id}/lineitems"
    claim: dict[str, Any] = {"scope": list(AGS_SCOPES), "lineitems": lineitems}
    if link is not None and link.line_item_id:
        claim["lineitem"] = f"{lineitems}/{link.line_item_id}"
    return claim


def _mutate(claims: dict[str, Any], request: LaunchRequest) -> dict[str, Any]:
    """Apply a test case: drop claims, set claims (``exp``/``iat`` as offsets from now)."""
    for name in request.drop_claims:
        claims.pop(_claim_name(name), None)
    now = int(time.time())
    for name, value in request.set_claims.items():
        claims[_claim_name(name)] = (
            now + value if name in TIME_CLAIMS else _with_client_id(value, request.client_id)
        )
    return claims


def _with_client_id(value: Any, client_id: str) -> Any:
    """Put the launched tool's client id where a case names ``CLIENT_ID``."""
    if isinstance(value, list):
        return [client_id if item == CLIENT_ID else item for item in value]
    return client_id if value == CLIENT_ID else value


def _claim_name(name: str) -> str:
    return name if "://" in name or name in JWT_CLAIMS else CLAIM + name


def _request_error(params: dict[str, str], request: LaunchRequest) -> str | None:
    expected = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
    }
    if any(params.get(name) != value for name, value in expected.items()):
        return "invalid_request"
    if params.get("login_hint") != request.sub:
        return "login_required"
    return None


def _target_link_uri(tool: SandboxTool, request: LaunchRequest) -> str:
    if request.message_type == "LtiDeepLinkingRequest":
        return tool.deep_link_url or tool.target_link_uri
    link = _link(request.link_lti_id) if request.link_lti_id else None
    return (link.url if link and link.url else None) or tool.target_link_uri


def registered_tool(client_id: str) -> SandboxTool:
    """Return the tool registered in the sandbox under ``client_id``, or raise InvalidInput."""
    tool = db.session.scalar(select(SandboxTool).where(SandboxTool.client_id == client_id))
    if tool is None:
        raise InvalidInput(f"The sandbox has no tool with client id {client_id!r}.")
    return tool


def _course(lti_id: str) -> SandboxCourse:
    course = db.session.scalar(select(SandboxCourse).where(SandboxCourse.lti_id == lti_id))
    if course is None:
        raise InvalidInput(f"The sandbox has no course {lti_id!r}.")
    return course


def _link(lti_id: str) -> SandboxLink:
    link = db.session.scalar(select(SandboxLink).where(SandboxLink.lti_id == lti_id))
    if link is None:
        raise InvalidInput(f"The sandbox has no link {lti_id!r}.")
    return link


def line_item_for(link: SandboxLink) -> SandboxLineItem | None:
    """Return the line item a link was created with (declarative AGS), if any."""
    return db.session.get(SandboxLineItem, link.line_item_id) if link.line_item_id else None


def person(course_lti_id: str, sub: str) -> SandboxPerson | None:
    """Return a person enrolled in a sandbox course."""
    return db.session.scalar(
        select(SandboxPerson)
        .join(SandboxCourse)
        .where(SandboxCourse.lti_id == course_lti_id, SandboxPerson.sub == sub)
    )
