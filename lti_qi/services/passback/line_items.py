"""One gradebook column on its way to the LMS: what lti-qi remembers about it.

A ``LineItemRecord`` keeps the column's URL once found or created, whether a changed maximum
still has to reach the LMS, and the last problem with it (shown to administrators). The AGS
calls themselves (find, create, update, post a score) are ``lti.ags``.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.lti import ags, flow
from lti_qi.lti.connector import ServiceError, ToolServiceConnector
from lti_qi.models import Context, LineItemRecord, ResourceLink


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

    A column whose maximum a designer changed is updated first (where lti-qi may). A column
    not yet in the LMS is found or created holding its row's lock, so a second worker
    delivering to it at the same moment waits, then finds the URL the first one saved.
    """
    item = delivery.item
    if item.url:
        if item.needs_update:
            _update(_connector(delivery), delivery)
        return item.url
    if (saved := _locked_url(item)) is not None:
        return saved
    connector = _connector(delivery)
    found = ags.find_line_item(connector, delivery.link, item)
    item.url = found or ags.create_line_item(connector, delivery.link, item)
    item.last_error = None
    return item.url


def _locked_url(item: LineItemRecord) -> str | None:
    """Lock the column's row until the job commits; return the URL another worker saved.

    On PostgreSQL a second worker waits here until the first one's job has committed, then
    reads the row as it is now. SQLite lets one writer in at a time and ignores the lock.
    """
    query = (
        select(LineItemRecord)
        .where(LineItemRecord.id == item.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    db.session.execute(query)
    return item.url


def post_score(delivery: Delivery, payload: dict[str, object]) -> None:
    """Post one score document to the column.

    Raises:
        ServiceError: when the LMS answers with an error (it carries the response).
    """
    ags.post_score(_connector(delivery), delivery.item.url or "", payload)


def forget(delivery: Delivery) -> bool:
    """The LMS lost the column: forget its URL so it is found or created again.

    Returns:
        Whether lti-qi can recreate it (the platform lets tools create columns).
    """
    item = delivery.item
    can_create = ags.can_create_line_items(delivery.link)
    if can_create:
        item.url, item.is_declarative = None, False
    item.last_error = "The LMS deleted this gradebook column." + (
        "" if can_create else " lti-qi may not recreate it."
    )
    return can_create


def drop_token(delivery: Delivery) -> None:
    """Forget the cached access tokens of the link's registration (the LMS refused one)."""
    ags.forget_tokens(_connector(delivery))


def _update(connector: ToolServiceConnector, delivery: Delivery) -> None:
    """PUT the column with its new maximum; an LMS that refuses keeps the old one.

    Scores still arrive right either way: each carries its own ``scoreMaximum``.

    Raises:
        ServiceError: when the LMS failed in a way worth retrying (5xx, 429).
    """
    item = delivery.item
    try:
        ags.update_line_item(connector, delivery.link, item)
        item.last_error = None
    except ags.PassbackUnavailable as refused:
        item.last_error = f"{refused} Its maximum stays as it was in the LMS."
    except ServiceError as error:
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
        ags.PassbackUnavailable: when the registration is missing or disabled.
    """
    http = delivery.http or flow.runtime().http
    return ags.connect(delivery.link, delivery.context.deployment_id, http)
