"""LTI Assignment and Grade Services 2.0: a link's gradebook columns (line items) and scores.

AGS 2.0 sections 3.2-3.4: find a column by its resource link and ``resourceId`` (the filter
every platform must support), create it when it is missing and the platform lets tools
create columns, change it with a PUT, and post scores to ``{lineitem}/scores``. A link's
launch stored its line items URL and the scopes the platform granted; access tokens come
from the shared connector cache (``lti.connector``). lti-qi never reads results back
(``scopes.ALL``). What lti-qi remembers about each column, and when it retries, belongs to
``services.passback.line_items`` and ``services.passback.score_delivery``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

from lti_qi.lti import registrations, scopes
from lti_qi.lti.connector import ToolServiceConnector, service_connector
from lti_qi.models import LineItemRecord, ResourceLink

LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"


class PassbackUnavailable(Exception):
    """The link's registration is gone or disabled, or its LMS does not let lti-qi do this."""


def connect(
    link: ResourceLink, deployment_id: str | None, http: requests.Session
) -> ToolServiceConnector:
    """Return a new service connector for the link's registration.

    Raises:
        PassbackUnavailable: when the registration is missing or disabled.
    """
    record = registrations.find_active(link.platform_id or 0)
    if record is None:
        raise PassbackUnavailable("The LMS registration for this link is missing or disabled.")
    return service_connector(
        record, http, deployment_id=deployment_id, resource_link_id=link.lti_resource_link_id
    )


def can_create_line_items(link: ResourceLink) -> bool:
    """Whether the link's platform lets lti-qi create and change columns."""
    return scopes.LINEITEM in (link.ags_scopes or [])


def find_line_item(
    connector: ToolServiceConnector, link: ResourceLink, item: LineItemRecord
) -> str | None:
    """Return the URL of the link's column with the item's ``resourceId``, if the LMS has one."""
    if not link.ags_lineitems_url:
        return None
    query = urlencode(
        {"resource_link_id": link.lti_resource_link_id, "resource_id": item.resource_id}
    )
    readable = scopes.LINEITEM if can_create_line_items(link) else scopes.LINEITEM_READONLY
    response = connector.make_service_request(
        [readable], _with_query(link.ags_lineitems_url, query), accept=LINEITEMS_TYPE
    )
    body = response["body"] if isinstance(response["body"], list) else []
    columns = [entry for entry in body if isinstance(entry, dict) and "id" in entry]
    return next(
        (str(entry["id"]) for entry in columns if entry.get("resourceId") == item.resource_id),
        None,
    )


def create_line_item(
    connector: ToolServiceConnector, link: ResourceLink, item: LineItemRecord
) -> str:
    """Create the item's column in the LMS and return its URL.

    Raises:
        PassbackUnavailable: when the LMS does not let lti-qi create columns for the link.
    """
    if not link.ags_lineitems_url or not can_create_line_items(link):
        raise PassbackUnavailable(
            "The LMS does not let lti-qi create gradebook columns for this link."
        )
    response = connector.make_service_request(
        [scopes.LINEITEM],
        link.ags_lineitems_url,
        is_post=True,
        data=json.dumps(_line_item(link, item)),
        content_type=LINEITEM_TYPE,
        accept=LINEITEM_TYPE,
    )
    body = response["body"] if isinstance(response["body"], dict) else {}
    return str(body["id"])


def update_line_item(
    connector: ToolServiceConnector, link: ResourceLink, item: LineItemRecord
) -> None:
    """PUT the item's column with its current label and maximum.

    Raises:
        PassbackUnavailable: when the LMS does not let lti-qi change the column.
        ServiceError: when the LMS refuses the change.
    """
    if not can_create_line_items(link):
        raise PassbackUnavailable("The LMS does not let lti-qi change this column.")
    document = {"id": item.url, **_line_item(link, item)}
    connector.put([scopes.LINEITEM], item.url or "", json.dumps(document), LINEITEM_TYPE)


def post_score(
    connector: ToolServiceConnector, lineitem_url: str, payload: dict[str, object]
) -> None:
    """Post one score document to a column.

    Raises:
        ServiceError: when the LMS answers with an error (it carries the response).
    """
    connector.make_service_request(
        [scopes.SCORE],
        _scores_url(lineitem_url),
        is_post=True,
        data=json.dumps(payload),
        content_type=SCORE_TYPE,
    )


def fetch_score_token(connector: ToolServiceConnector) -> None:
    """Get the access token for posting scores now (cached), before scores go out side by side.

    Raises:
        ServiceError: when the LMS refuses the token.
    """
    connector.get_access_token([scopes.SCORE])


def forget_tokens(connector: ToolServiceConnector) -> None:
    """Forget the cached AGS access tokens of the connector's registration (the LMS refused one)."""
    for requested in ([scopes.SCORE], [scopes.LINEITEM], [scopes.LINEITEM_READONLY]):
        connector.forget_access_token(requested)


def retry_after(response: requests.Response) -> float | None:
    """Return the seconds an LMS asked lti-qi to wait (``Retry-After``), if it said."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _line_item(link: ResourceLink, item: LineItemRecord) -> dict[str, Any]:
    return {
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceId": item.resource_id,
        "tag": item.tag,
        "resourceLinkId": link.lti_resource_link_id,
    }


def _scores_url(lineitem_url: str) -> str:
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _with_query(url: str, query: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))
