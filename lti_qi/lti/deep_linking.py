"""The tool side of a Deep Linking 2.0 response: content items, signed with lti-qi's key.

pylti1p3 builds the message (``DeepLink``, ``DeepLinkResource``, ``LineItem``); lti-qi adds
what it leaves out and signs with its cached key object:

- an item's ``text`` (section 3.3: shown by the platform under the link's title);
- the request's ``data`` echoed exactly when it was sent, and left out when it was not
  (pylti1p3 always sends the claim, as ``null`` when there was no data);
- no line item where the request said ``accept_lineitem: false`` (section 4.4.1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti_qi.errors import InvalidInput
from lti_qi.lti.registrations import PlatformRecord
from lti_qi.lti.tool_config import to_registration
from lti_qi.lti.tool_keys import SigningKey

RESOURCE_LINK = "ltiResourceLink"
CONTENT_ITEMS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data"


@dataclass(frozen=True)
class Column:
    """The gradebook column the platform should make for a link."""

    label: str
    score_maximum: float
    resource_id: str
    tag: str


@dataclass(frozen=True)
class ResourceLinkItem:
    """One link lti-qi asks the platform to place in the course."""

    title: str
    text: str
    url: str
    custom: Mapping[str, str]
    column: Column | None


def require_resource_links(settings: Mapping[str, Any]) -> None:
    """Check that the platform can take LTI resource links at all.

    Raises:
        InvalidInput: when it cannot (its ``accept_types`` lacks ``ltiResourceLink``).
    """
    if RESOURCE_LINK not in (settings.get("accept_types") or []):
        raise InvalidInput(
            "This LMS asked for content lti-qi cannot provide here.",
            hint="lti-qi places LTI resource links; add it as an external tool activity instead.",
        )


def accepts_multiple(settings: Mapping[str, Any]) -> bool:
    """Whether the platform takes several items from one response."""
    return _truthy(settings.get("accept_multiple"), default=False)


def accepts_line_items(settings: Mapping[str, Any]) -> bool:
    """Whether to offer line items (only an explicit ``false`` rules them out)."""
    return _truthy(settings.get("accept_lineitem"), default=True)


def response_jwt(
    record: PlatformRecord,
    deployment_id: str,
    settings: Mapping[str, Any],
    items: Sequence[ResourceLinkItem],
    signing_key: SigningKey,
) -> str:
    """Return the signed ``LtiDeepLinkingResponse`` JWT holding ``items``."""
    require_resource_links(settings)
    with_columns = accepts_line_items(settings)
    deep_link = DeepLink(to_registration(record), deployment_id, dict(settings))  # type: ignore[arg-type]
    message = deep_link.get_message_jwt([_resource(item, with_columns) for item in items])
    for claimed, item in zip(message[CONTENT_ITEMS_CLAIM], items, strict=True):  # type: ignore[call-overload]
        if item.text:
            claimed["text"] = item.text
    if "data" not in settings:
        message.pop(DATA_CLAIM, None)
    return jwt.encode(
        message, signing_key.private_key, algorithm="RS256", headers={"kid": signing_key.kid}
    )


def _resource(item: ResourceLinkItem, with_column: bool) -> DeepLinkResource:
    resource = (
        DeepLinkResource()
        .set_title(item.title)
        .set_url(item.url)
        .set_custom_params(dict(item.custom))
    )
    if with_column and item.column is not None:
        column = item.column
        resource.set_lineitem(
            LineItem()
            .set_label(column.label)
            .set_score_maximum(column.score_maximum)
            .set_resource_id(column.resource_id)
            .set_tag(column.tag)
        )
    return resource


def _truthy(value: object, *, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)
