"""Finishing a module is a moment, and the survey it offers closes the loop, in Chromium.

Aisha's aim stage is signed off by Dan, her mentor. She writes her reflection and finishes
the module: the moment names the CPD hours she earned and links her certificate, and asks
the survey's one question inline; she answers it there. Fatima, a designer, reads the answer
in the module's results and publishes a "you said, we did" note; Aisha sees it on the
module's page. Every page passes axe-core.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect, horizontal_overflow
from learner_steps import AIM, launch, open_page, submit, submit_aim_stage

COURSE = "QI-101"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
REFLECTION = " ".join(["Writing the aim made me count trays before changing anything."] * 6)
COMMENT = "More examples from clinics, please."
SAID = "You asked for examples from clinics."
DID = "We added two clinic examples to the reading on aims."


def _signed_off_by_a_mentor(page: Any, base_url: str) -> None:
    submit_aim_stage(launch(page, base_url, ("learner-aisha", COURSE)), AIM)
    mentor = launch(page, base_url, ("mentor-dan", COURSE))
    open_page(mentor, "mentoring/")
    submit(mentor, mentor.get_by_role("button", name="Mentor this project"))
    open_page(mentor, "mentoring/")
    submit(mentor, mentor.get_by_role("link", name="My QI project"))
    mentor.get_by_role("radio", name="Sign the stage off").check()
    submit(mentor, mentor.get_by_role("button", name="Record decision"))


def test_finishing_a_module_rewards_asks_and_answers(page: Any, own_live_server: str) -> None:
    _signed_off_by_a_mentor(page, own_live_server)
    tool = launch(page, own_live_server, ("learner-aisha", COURSE))
    open_page(tool, "activities/aim-reflection")
    tool.get_by_label("Your reflection").fill(REFLECTION)
    submit(tool, tool.get_by_role("button", name="Finish and continue"))

    moment = tool.get_by_role("status").filter(has_text="Module complete")
    expect(moment).to_be_in_viewport()
    expect(moment).to_contain_text("2.25 CPD hours earned.")
    expect(moment.get_by_role("link", name="Your certificate for")).to_have_count(1)
    expect(tool.get_by_role("link", name="Skip the survey and continue")).to_have_count(1)
    assert_accessible(tool, "the module-complete moment with its survey")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(tool) <= 1, "the moment scrolls sideways on a phone"
    page.set_viewport_size(DESKTOP)
    survey = tool.get_by_role("region", name="One question before you go on")
    survey.get_by_role("radio", name="4").check()
    survey.get_by_label("What would make it better?").fill(COMMENT)
    submit(tool, survey.get_by_role("button", name="Send feedback"))
    expect(tool.get_by_text("Thank you for telling us what you thought")).to_be_visible()
    expect(tool.get_by_role("region", name="One question before you go on")).to_have_count(0)
    assert_accessible(tool, "the moment once the survey is answered")

    designer = launch(page, own_live_server, ("designer-fatima", COURSE))
    open_page(designer, "designer/feedback?module=aim")
    expect(designer.locator(".comment-list").first).to_contain_text(COMMENT)
    expect(designer.get_by_role("table", name="month by month")).to_contain_text("4")
    designer.get_by_role("textbox", name="You said").fill(SAID)
    designer.get_by_role("textbox", name="We did").fill(DID)
    submit(designer, designer.get_by_role("button", name="Publish the note"))
    expect(designer.get_by_role("region", name="You said, we did")).to_contain_text(DID)
    assert_accessible(designer, "module feedback with its trend and a published note")

    tool = launch(page, own_live_server, ("learner-aisha", COURSE))
    open_page(tool, "modules/aim")
    notes = tool.get_by_role("region", name="You said, we did")
    expect(notes).to_contain_text(SAID)
    expect(notes).to_contain_text(DID)
    assert_accessible(tool, "the module page with a you-said-we-did note")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(tool) <= 1, "the module page scrolls sideways on a phone"
