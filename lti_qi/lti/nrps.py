"""LTI Names and Role Provisioning Services 2.0: reading a course's members, page by page.

A launch stores the course's ``context_memberships_url``. The roster is read a page at a
time, following ``Link: rel="next"`` (section 2.4.2), with the resource-link filter
(``rlid``, section 3.2) when only the members who can see one link are wanted. Saving the
members is ``services.rosters.roster_sync``'s work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from pylti1p3.names_roles import NamesRolesProvisioningService, TNamesAndRolesData
from pylti1p3.utils import add_param_to_url

from lti_qi.lti.connector import ToolServiceConnector

logger = logging.getLogger(__name__)

MAX_PAGES = 500


def member_pages(
    connector: ToolServiceConnector, memberships_url: str, *, resource_link_id: str | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Yield the course's members a page at a time (at most ``MAX_PAGES`` pages).

    Members without a ``user_id`` are left out. With ``resource_link_id``, only the members
    who can see that link are listed.

    Raises:
        ServiceError: when the LMS refuses a page (the response says why).
    """
    claim: TNamesAndRolesData = {"context_memberships_url": memberships_url}
    service = NamesRolesProvisioningService(connector, claim)
    next_url: str | None = memberships_url
    if resource_link_id:
        next_url = add_param_to_url(memberships_url, "rlid", resource_link_id)
    for _ in range(MAX_PAGES):
        if not next_url:
            return
        members, next_url = service.get_members_page(next_url)
        yield [
            dict(member) for member in members if isinstance(member, dict) and member.get("user_id")
        ]
    logger.warning("roster stopped after %d pages", MAX_PAGES)
