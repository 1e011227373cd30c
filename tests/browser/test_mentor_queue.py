"""A mentor tells two learners' projects apart in the review queue, in headless Chromium.

Aisha and Chloe both keep the default title "My QI project"; the queue names each of them,
shows each project's aim and how long it has waited. The module has its own live server.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect, open_in_session
from learner_steps import AIM, launch, submit_aim_stage


def test_the_queue_names_each_learner_and_their_aim(page: Any, own_live_server: str) -> None:
    for learner in ("learner-aisha", "learner-chloe"):
        submit_aim_stage(launch(page, own_live_server, (learner, "QI-101")), AIM)

    mentor = launch(page, own_live_server, ("mentor-dan", "QI-101"))
    open_in_session(mentor, "mentoring/")

    rows = mentor.get_by_role("row").filter(has_text="My QI project")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text("Aisha Khan")
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text("Chloe Davies")
    for index in range(2):
        expect(rows.nth(index)).to_contain_text("To reduce the percentage of lunch trays")
        expect(rows.nth(index)).to_contain_text("submitted today")
    assert_accessible(mentor, "the mentor's review queue")
