"""A learner cannot miss her mentor's request for changes, in headless Chromium.

Aisha sends her aim stage; Dan, a mentor, takes her project on and asks for changes with a
note. When Aisha opens lti-qi again, her home leads with it: the stage, the note and a link
straight to the worksheet, which shows the note above the worksheet; the unread badge is
legible.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect
from learner_steps import AIM, launch, open_page, submit, submit_aim_stage

NOTE = "Name the ward, and say how you will count the trays."
MIN_CONTRAST = 4.5  # WCAG 2.2 SC 1.4.3, normal text
# The contrast ratio of an element's text against its own (opaque) background.
_CONTRAST = """(el) => {
  const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (css) => {
    const [r, g, b] = rgb(css).map((v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_home_leads_with_the_changes_and_the_note(page: Any, own_live_server: str) -> None:
    submit_aim_stage(launch(page, own_live_server, ("learner-aisha", "QI-101")), AIM)
    mentor = launch(page, own_live_server, ("mentor-dan", "QI-101"))
    open_page(mentor, "mentoring/")
    submit(mentor, mentor.get_by_role("button", name="Mentor this project"))
    open_page(mentor, "mentoring/")
    submit(mentor, mentor.get_by_role("link", name="My QI project"))
    mentor.get_by_role("radio", name="Ask for changes").check()
    mentor.get_by_label("Feedback for the team").fill(NOTE)
    submit(mentor, mentor.get_by_role("button", name="Record decision"))

    tool = launch(page, own_live_server, ("learner-aisha", "QI-101"))

    attention = tool.get_by_role("region", name="Needs your attention")
    expect(attention).to_be_in_viewport()
    expect(attention).to_contain_text("Your mentor asked for changes")
    expect(attention).to_contain_text(NOTE)
    badge = tool.locator(".site-nav .tag")
    expect(badge).to_contain_text("unread")
    assert badge.evaluate(_CONTRAST) >= MIN_CONTRAST
    assert_accessible(tool, "the learner's home with changes requested")

    submit(tool, attention.get_by_role("link", name="Revise Write your aim statement"))
    note = tool.get_by_role("region", name="Your mentor asked for changes")
    expect(note).to_contain_text(NOTE)
    expect(note).to_be_in_viewport()
    assert_accessible(tool, "the worksheet with the mentor's note")
