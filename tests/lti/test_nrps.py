"""NRPS membership paging against the sandbox LMS (which pages with ``limit``)."""

from lti_qi.lti import nrps
from lti_qi.lti.connector import ToolServiceConnector

MEMBERSHIPS_URL = "http://tool.test/sandbox/api/courses/QI-101/memberships"


def test_members_arrive_page_by_page_following_the_next_link(
    connector: ToolServiceConnector,
) -> None:
    pages = list(nrps.member_pages(connector, MEMBERSHIPS_URL + "?limit=3"))
    assert [len(page) for page in pages] == [3, 3, 2]
    subs = {member["user_id"] for page in pages for member in page}
    assert {"learner-aisha", "learner-ben", "learner-chloe", "mentor-dan"} <= subs


def test_a_roster_filtered_by_resource_link_is_paged_too(
    connector: ToolServiceConnector,
) -> None:
    pages = nrps.member_pages(
        connector, MEMBERSHIPS_URL + "?limit=5", resource_link_id="qi-101-pathway"
    )
    assert [len(page) for page in pages] == [5, 3]
