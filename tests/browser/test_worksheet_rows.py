"""Repeating worksheet rows are added and removed in place, by keyboard, in headless Chromium.

Aisha (module 1 finished) lists her team: "Add another team member" appends a blank row and
moves the focus to its first field; each row's "Remove" button names the row it removes; what
she saves is what the page showed. The module has its own live server.
"""

from __future__ import annotations

from typing import Any

import pytest

from browsing import assert_accessible, expect
from learner_steps import launch, open_page, submit
from server_state import open_team_stage

LEARNER = ("learner-aisha", "QI-101")
MEMBERS = ("Ward manager", "Staff nurse", "Dietitian")


def role_field(tool: Any, row: int) -> Any:
    """The "Role in the organisation" field of the team's ``row``-th member (from 1)."""
    member = tool.get_by_role("group", name=f"Team member {row}", exact=False).first
    return member.get_by_label("Role in the organisation")


def test_team_members_are_added_and_removed_in_place(
    page: Any, own_live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    launch(page, own_live_server, ("mentor-dan", "QI-101"))  # known to lti-qi
    tool = launch(page, own_live_server, LEARNER)
    open_team_stage(tmp_path_factory, LEARNER)
    open_page(tool, "activities/team-worksheet")
    members = tool.get_by_role("group", name="Team members")

    role_field(tool, 1).fill(MEMBERS[0])
    for row, role in enumerate(MEMBERS[1:], start=2):
        members.get_by_role("button", name="Add another team member").click()
        focused = tool.locator(":focus")
        expect(focused).to_have_attribute("name", f"team_members.{row - 1}.name")
        role_field(tool, row).fill(role)
    expect(members.get_by_role("group", name="Team member 3 (new)")).to_have_count(1)
    assert_accessible(tool, "the team worksheet with rows added")

    members.get_by_role("button", name="Remove team member 2").click()
    expect(tool.get_by_role("status").filter(has_text="Team member 2 removed.")).to_have_count(1)
    expect(role_field(tool, 2)).to_have_value("Dietitian")
    expect(members.get_by_role("button", name="Remove team member 3")).to_have_count(0)

    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(role_field(tool, 1)).to_have_value("Ward manager")
    expect(role_field(tool, 2)).to_have_value("Dietitian")
    expect(tool.locator("main")).not_to_contain_text("Staff nurse")

    members = tool.get_by_role("group", name="Team members")
    members.get_by_role("button", name="Remove team member 1").click()  # a saved row
    expect(tool.locator(":focus")).to_have_attribute("name", "team_members.1.name")
    expect(role_field(tool, 1)).to_have_value("Dietitian")
    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(role_field(tool, 1)).to_have_value("Dietitian")
    expect(tool.locator("main")).not_to_contain_text("Ward manager")
