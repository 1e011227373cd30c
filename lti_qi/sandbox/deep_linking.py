"""The platform side of Deep Linking 2.0: verify the tool's response and place its items.

Deep Linking 2.0 section 4: the tool form-POSTs a JWT signed with its own key (``iss`` =
client id, ``aud`` = platform issuer) holding ``content_items`` and echoing the request's
``data`` exactly. Each ``ltiResourceLink`` becomes a link in the course; one with a
``lineItem`` also gets a gradebook column whose ``resourceLinkId`` is the new link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import jwt

from lti_qi.sandbox import cache, grades, launches, platform
from lti_qi.sandbox.database import db
from lti_qi.sandbox.errors import InvalidInput
from lti_qi.sandbox.models import SandboxLineItem, SandboxLink

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LAST_RESPONSE_KEY = "sandbox-last-deep-link-response"


@dataclass
class DeepLinkOutcome:
    """What the platform did with a deep-linking response."""

    course_lti_id: str
    links: list[SandboxLink] = field(default_factory=list)
    other_items: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None


def receive(token: str, issuer: str) -> DeepLinkOutcome:
    """Verify a deep-linking response JWT and create the links it asks for.

    Raises:
        InvalidInput: when the JWT is missing, badly signed, or not a valid response.
    """
    claims = _verified_claims(token, issuer)
    cache.set(LAST_RESPONSE_KEY, claims, timeout=3600)
    course_lti_id = _course_from_data(claims.get(DL_CLAIM + "data"))
    outcome = DeepLinkOutcome(course_lti_id=course_lti_id, message=claims.get(DL_CLAIM + "msg"))
    course = grades.course(course_lti_id)
    tool = launches.registered_tool(claims["iss"])
    for item in claims.get(DL_CLAIM + "content_items") or []:
        if item.get("type") == "ltiResourceLink":
            outcome.links.append(_place_link(course.id, course_lti_id, tool.id, item))
        else:
            outcome.other_items.append(item)
    db.session.commit()
    return outcome


def last_response() -> dict[str, Any] | None:
    """Return the claims of the last deep-linking response received (for tests and demos)."""
    claims: dict[str, Any] | None = cache.get(LAST_RESPONSE_KEY)
    return claims


def _verified_claims(token: str, issuer: str) -> dict[str, Any]:
    if not token:
        raise InvalidInput("The deep-linking response has no JWT.")
    try:
        client_id = jwt.decode(token, options={"verify_signature": False})["iss"]
        tool = launches.registered_tool(client_id)
        claims = platform.verify_tool_jwt(token, tool.jwks_url, audience=issuer, issuer=client_id)
    except (jwt.InvalidTokenError, KeyError) as error:
        raise InvalidInput(f"The deep-linking response was refused: {error}") from error
    if (
        claims.get(CLAIM + "message_type") != "LtiDeepLinkingResponse"
        or claims.get(CLAIM + "version") != "1.3.0"
    ):
        raise InvalidInput("The JWT is not an LTI 1.3 LtiDeepLinkingResponse.")
    if claims.get(CLAIM + "deployment_id") != tool.deployment_id:
        raise InvalidInput("The response names a deployment the platform did not send.")
    return claims


def _course_from_data(data: Any) -> str:
    if not isinstance(data, str) or "|course=" not in data:
        raise InvalidInput("The response does not echo the request's data claim.")
    return data.rsplit("|course=", 1)[1]


def _place_link(
    course_id: int, course_lti_id: str, tool_id: int, item: dict[str, Any]
) -> SandboxLink:
    link = SandboxLink(
        course_id=course_id,
        tool_id=tool_id,
        lti_id=f"{course_lti_id.lower()}-dl-{secrets.token_hex(4)}",
        title=str(item.get("title") or "lti-qi"),
        text=item.get("text"),
        url=item.get("url"),
        custom={str(k): str(v) for k, v in (item.get("custom") or {}).items()},
    )
    line_item = item.get("lineItem")
    if isinstance(line_item, dict):
        column = SandboxLineItem(
            course_id=course_id,
            label=str(line_item.get("label") or link.title),
            score_maximum=float(line_item.get("scoreMaximum") or 1),
            resource_id=line_item.get("resourceId"),
            tag=line_item.get("tag"),
            resource_link_id=link.lti_id,
            extra={},
        )
        db.session.add(column)
        db.session.flush()
        link.line_item_id = column.id
    db.session.add(link)
    db.session.flush()
    return link
