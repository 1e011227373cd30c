"""A validated LTI launch as a typed value; nothing else in lti-qi reads claim URIs.

LTI Core 1.3 section 5 names the claims. Optional ones may be absent (no context, no name
or email, no services), and unknown claims are ignored, as the spec requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lti_qi.domain.course import Role
from lti_qi.lti import roles as lti_roles

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
SUPPORTED_MESSAGE_TYPES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)


@dataclass(frozen=True)
class AgsEndpoint:
    """The Assignment and Grade Services claim of a launch."""

    scopes: tuple[str, ...]
    lineitems_url: str | None
    lineitem_url: str | None


@dataclass(frozen=True)
class Launch:
    """Everything lti-qi uses from one validated launch."""

    platform_id: int
    issuer: str
    client_id: str
    deployment_id: str
    message_type: str
    target_link_uri: str
    sub: str
    lti_roles: tuple[str, ...]
    roles: frozenset[Role]
    is_test_user: bool = False
    administers_organisation: bool = False  # an institution or system Administrator
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    context_id: str | None = None
    context_label: str | None = None
    context_title: str | None = None
    resource_link_id: str | None = None
    resource_link_title: str | None = None
    custom: Mapping[str, str] = field(default_factory=dict)
    ags: AgsEndpoint | None = None
    memberships_url: str | None = None
    deep_linking_settings: Mapping[str, Any] | None = None
    return_url: str | None = None
    product_family: str | None = None

    @property
    def is_deep_linking(self) -> bool:
        """Whether the platform asked lti-qi to pick content to embed (Deep Linking)."""
        return self.message_type == DEEP_LINKING_REQUEST


def launch_from_claims(body: Mapping[str, Any], *, platform_id: int, client_id: str) -> Launch:
    """Build a ``Launch`` from the body of an id_token that has passed every check."""
    context = _mapping(body.get(CLAIM + "context"))
    link = _mapping(body.get(CLAIM + "resource_link"))
    raw_roles = tuple(role for role in body.get(CLAIM + "roles", []) if isinstance(role, str))
    return Launch(
        platform_id=platform_id,
        issuer=body["iss"],
        client_id=client_id,
        deployment_id=body[CLAIM + "deployment_id"],
        message_type=body[CLAIM + "message_type"],
        target_link_uri=body[CLAIM + "target_link_uri"],
        sub=str(body["sub"]),
        lti_roles=raw_roles,
        roles=lti_roles.map_roles(raw_roles),
        is_test_user=lti_roles.is_test_user(raw_roles),
        administers_organisation=lti_roles.administers_organisation(raw_roles),
        name=_text(body.get("name")),
        given_name=_text(body.get("given_name")),
        family_name=_text(body.get("family_name")),
        email=_text(body.get("email")),
        context_id=_text(context.get("id")),
        context_label=_text(context.get("label")),
        context_title=_text(context.get("title")),
        resource_link_id=_text(link.get("id")),
        resource_link_title=_text(link.get("title")),
        custom={str(k): str(v) for k, v in _mapping(body.get(CLAIM + "custom")).items()},
        ags=_ags(body.get(AGS_CLAIM)),
        memberships_url=_text(_mapping(body.get(NRPS_CLAIM)).get("context_memberships_url")),
        deep_linking_settings=_mapping(body.get(DEEP_LINKING_CLAIM)) or None,
        return_url=_text(_mapping(body.get(CLAIM + "launch_presentation")).get("return_url")),
        product_family=_text(
            _mapping(body.get(CLAIM + "tool_platform")).get("product_family_code")
        ),
    )


def _ags(claim: Any) -> AgsEndpoint | None:
    endpoint = _mapping(claim)
    if not endpoint:
        return None
    scopes = endpoint.get("scope", [])
    return AgsEndpoint(
        scopes=tuple(s for s in scopes if isinstance(s, str)) if isinstance(scopes, list) else (),
        lineitems_url=_text(endpoint.get("lineitems")),
        lineitem_url=_text(endpoint.get("lineitem")),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
