"""Staff land on their own work, and their header offers only pages they may open.

Fatima (a course designer) sets up the course link to open the whole pathway; from then on a
launch from it opens Dan (mentor) on the review queue, Fatima on class progress and Grace
(administrator) on the CPD report, never a learner's "0% / Continue" page. Each follows
every link of the header and gets a page, not a refusal. The module has its own live server.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect
from learner_steps import launch, submit

LANDINGS = (
    ("mentor-dan", "Review queue"),
    ("designer-fatima", "Class progress"),
    ("admin-grace", "CPD report"),
)


def set_up_link_to_the_whole_pathway(page: Any, base_url: str) -> None:
    """Fatima's first launch asks what the link opens: she chooses the whole pathway."""
    tool = launch(page, base_url, ("designer-fatima", "QI-101"))
    expect(tool.get_by_role("heading", level=1)).to_have_text("Set up this link")
    tool.get_by_role("radio", name="The whole pathway").check()
    submit(tool, tool.get_by_role("button", name="Save"))


def follow_every_header_link(tool: Any) -> None:
    """Open each header link in turn: each answers a page with the tool's navigation."""
    header = tool.get_by_role("navigation", name="lti-qi")
    for index in range(header.get_by_role("link").count()):
        link = header.get_by_role("link").nth(index)
        label = link.inner_text()
        with tool.expect_navigation() as opened:
            link.click()
        assert opened.value is not None
        assert opened.value.ok, f"{label} answered {opened.value.status}"
        expect(tool.locator(".error-page")).to_have_count(0)


def test_each_staff_role_lands_on_its_own_work(page: Any, own_live_server: str) -> None:
    set_up_link_to_the_whole_pathway(page, own_live_server)
    for person, heading in LANDINGS:
        tool = launch(page, own_live_server, (person, "QI-101"))
        expect(tool.get_by_role("heading", level=1)).to_have_text(heading)
        header = tool.get_by_role("navigation", name="lti-qi")
        expect(header.get_by_role("link", name="Measures")).to_have_count(0)
        expect(header.get_by_role("link", name="My pathway")).to_have_count(0)
        assert_accessible(tool, f"{person}'s landing page")
        follow_every_header_link(tool)
