"""Talking to an LMS's Assignment and Grade Services for one gradebook column.

AGS 2.0 sections 3.2-3.4: find a column by its resource link and ``resourceId`` (the filter
every platform must support), create it when it is missing and the platform lets tools
create columns, and post scores to ``{lineitem}/scores``. Access tokens come from the shared
connector cache (``lti_qi.lti.connector``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from pylti1p3.exception import LtiServiceException

from lti_qi.lti import flow, scopes
from lti_qi.lti.connector import ToolServiceConnector, service_connector
from lti_qi.models import Context, LineItemRecord, ResourceLink
from lti_qi.services import platforms

LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"


class PassbackUnavailable(Exception):
    """The link's platform registration is gone or disabled, so nothing can be sent now."""


@dataclass
class Delivery:
    """One score's way to the LMS: the link, its course, the column and the HTTP session.

    The service connector is made once and may be shared by deliveries through one link.
    """

    link: ResourceLink
    context: Context
    item: LineItemRecord
    http: requests.Session | None = None
    connector: ToolServiceConnector | None = None


def ensure(delivery: Delivery) -> str:
    """Return the column's URL, finding or creating the column in the LMS first if needed.

    A column whose maximum a designer changed is updated first (where lti-qi may).
    """
    item = delivery.item
    if item.url:
        if item.needs_update:
            _update(_connector(delivery), delivery)
        return item.url
    connector = _connector(delivery)
    found = _find(connector, delivery)
    item.url = found or _create(connector, delivery)
    item.last_error = None
    return item.url


def post_score(delivery: Delivery, payload: dict[str, object]) -> None:
    """Post one score document to the column.

    Raises:
        LtiServiceException: when the LMS answers with an error (it carries the response).
    """
    connector = _connector(delivery)
    connector.make_service_request(
        [scopes.SCORE],
        _scores_url(delivery.item.url or ""),
        is_post=True,
        data=json.dumps(payload),
        content_type=SCORE_TYPE,
    )


def forget(delivery: Delivery) -> bool:
    """The LMS lost the column: forget its URL so it is found or created again.

    Returns:
        Whether lti-qi can recreate it (the platform lets tools create columns).
    """
    item = delivery.item
    can_create = scopes.LINEITEM in (delivery.link.ags_scopes or [])
    if can_create:
        item.url, item.is_declarative = None, False
    item.last_error = "The LMS deleted this gradebook column." + (
        "" if can_create else " lti-qi may not recreate it."
    )
    return can_create


def drop_token(delivery: Delivery) -> None:
    """Forget the cached access tokens of the link's registration (the LMS refused one)."""
    connector = _connector(delivery)
    for requested in ([scopes.SCORE], [scopes.LINEITEM], [scopes.LINEITEM_READONLY]):
        connector.forget_access_token(requested)


def _find(connector: ToolServiceConnector, delivery: Delivery) -> str | None:
    link, item = delivery.link, delivery.item
    if not link.ags_lineitems_url:
        return None
    query = urlencode(
        {"resource_link_id": link.lti_resource_link_id, "resource_id": item.resource_id}
    )
    readable = (
        scopes.LINEITEM if scopes.LINEITEM in (link.ags_scopes or []) else scopes.LINEITEM_READONLY
    )
    response = connector.make_service_request(
        [readable], _with_query(link.ags_lineitems_url, query), accept=LINEITEMS_TYPE
    )
    body = response["body"] if isinstance(response["body"], list) else []
    columns = [entry for entry in body if isinstance(entry, dict) and "id" in entry]
    return next(
        (str(entry["id"]) for entry in columns if entry.get("resourceId") == item.resource_id),
        None,
    )


def _create(connector: ToolServiceConnector, delivery: Delivery) -> str:
    link, item = delivery.link, delivery.item
    if not link.ags_lineitems_url or scopes.LINEITEM not in (link.ags_scopes or []):
        raise PassbackUnavailable(
            "The LMS does not let lti-qi create gradebook columns for this link."
        )
    column = {
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceId": item.resource_id,
        "tag": item.tag,
        "resourceLinkId": link.lti_resource_link_id,
    }
    response = connector.make_service_request(
        [scopes.LINEITEM],
        link.ags_lineitems_url,
        is_post=True,
        data=json.dumps(column),
        content_type=LINEITEM_TYPE,
        accept=LINEITEM_TYPE,
    )
    body = response["body"] if isinstance(response["body"], dict) else {}
    return str(body["id"])


def _update(connector: ToolServiceConnector, delivery: Delivery) -> None:
    """PUT the column with its new maximum; an LMS that refuses keeps the old one.

    Scores still arrive right either way: each carries its own ``scoreMaximum``.

    Raises:
        LtiServiceException: when the LMS failed in a way worth retrying (5xx, 429).
    """
    link, item = delivery.link, delivery.item
    column = {
        "id": item.url,
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceId": item.resource_id,
        "tag": item.tag,
        "resourceLinkId": link.lti_resource_link_id,
    }
    try:
        if scopes.LINEITEM not in (link.ags_scopes or []):
            raise PassbackUnavailable("The LMS does not let lti-qi change this column.")
        connector.put([scopes.LINEITEM], item.url or "", json.dumps(column), LINEITEM_TYPE)
        item.last_error = None
    except PassbackUnavailable as refused:
        item.last_error = f"{refused} Its maximum stays as it was in the LMS."
    except LtiServiceException as error:
        if error.response.status_code >= 500 or error.response.status_code == 429:
            raise
        item.last_error = f"The LMS refused the new maximum (HTTP {error.response.status_code})."
    item.needs_update = False


def _connector(delivery: Delivery) -> ToolServiceConnector:
    if delivery.connector is None:
        delivery.connector = connect(delivery)
    return delivery.connector


def connect(delivery: Delivery) -> ToolServiceConnector:
    """Return a new service connector for the link's registration.

    Raises:
        PassbackUnavailable: when the registration is missing or disabled.
    """
    link = delivery.link
    record = platforms.find_by_id(link.platform_id or 0)
    if record is None or not record.is_active:
        raise PassbackUnavailable("The LMS registration for this link is missing or disabled.")
    http = delivery.http or flow.runtime().http
    return service_connector(
        record,
        http,
        deployment_id=delivery.context.deployment_id,
        resource_link_id=link.lti_resource_link_id,
    )


def _scores_url(lineitem_url: str) -> str:
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _with_query(url: str, query: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))
