"""The worksheet's copy in the browser outlives a save until the server has confirmed it.

Save draft and Submit post the form; if that post never gets a saved page back (the server
is down, the session has ended) the typing must still be in this browser, offered back next
time. Once the server has saved it, the copy is removed. The module has its own live server.
"""

from __future__ import annotations

from typing import Any

from browsing import expect
from learner_steps import WORKSHEET, finish_learn_stage, launch, open_page, submit

LEARNER = ("learner-chloe", "QI-101")
PROBLEM = "Lunch trays come back untouched (drafts test)."
RETYPED = "Half the lunch trays come back untouched (drafts test)."
KEPT_COPY = """() => Object.keys(localStorage)
  .filter((key) => key.startsWith("lti-qi-worksheet-"))
  .map((key) => localStorage.getItem(key)).join("\\n")"""
TYPE_TOO_MUCH = """(field) => {
  field.value = "x".repeat(5000);
  field.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def test_a_save_the_server_refuses_keeps_the_copy_until_it_is_saved(
    page: Any, own_live_server: str
) -> None:
    tool = launch(page, own_live_server, LEARNER)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    tool.get_by_label("What is the problem?").fill(PROBLEM)
    tool.get_by_label("Where, and who is affected?").evaluate(TYPE_TOO_MUCH)

    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(tool.get_by_label("What is the problem?")).to_have_value(PROBLEM)
    assert PROBLEM in tool.evaluate(KEPT_COPY)

    tool.get_by_label("Where, and who is affected?").fill("Adult inpatients on Ward 4")
    submit(tool, tool.get_by_role("button", name="Save draft"))
    assert PROBLEM not in tool.evaluate(KEPT_COPY)


def _fail_the_save(route: Any) -> None:
    if route.request.method == "POST":
        route.fulfill(status=503, body="The server is away.", content_type="text/plain")
    else:
        route.continue_()


def test_a_save_that_never_reaches_the_server_keeps_the_copy(
    page: Any, own_live_server: str
) -> None:
    tool = launch(page, own_live_server, LEARNER)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    tool.get_by_label("What is the problem?").fill(RETYPED)

    page.context.route("**/worksheet", _fail_the_save)
    submit(tool, tool.get_by_role("button", name="Save draft"))
    assert RETYPED in tool.evaluate(KEPT_COPY)

    page.context.unroute("**/worksheet")
    open_page(tool, f"activities/{WORKSHEET}")
    expect(tool.get_by_role("button", name="Restore my unsaved draft")).to_be_visible()
    tool.get_by_role("button", name="Restore my unsaved draft").click()
    expect(tool.get_by_label("What is the problem?")).to_have_value(RETYPED)
    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(tool.get_by_label("What is the problem?")).to_have_value(RETYPED)
    assert RETYPED not in tool.evaluate(KEPT_COPY)
