"""A learner's pages on a phone, by keyboard, and offline, inside the sandbox LMS's frame.

The same pages as the journey (test_learner_journey.py) on a phone (no sideways scrolling,
targets of at least 24 by 24 CSS px), with the keyboard (visible focus, the skip link), and the
autosave when the session has expired. Each test uses its own learner and course (the session's
live server keeps one database).
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect, horizontal_overflow
from learner_steps import (
    CHECK,
    WORKSHEET,
    check_questions,
    finish_learn_stage,
    launch,
    learn_readings,
    open_page,
    submit,
)

PHONE_USER = ("learner-ben", "QI-101")
KEYBOARD_USER = ("learner-aisha", "QI-202")
OFFLINE_USER = ("learner-chloe", "QI-202")
MODULE = "aim"
MIN_TARGET_PX = 24  # WCAG 2.2 SC 2.5.8 Target Size (Minimum)

# Every control someone taps or clicks, as drawn (hidden inputs and display:none excluded).
_SMALL_TARGETS = """(minimum) => Array.from(document.querySelectorAll(
    'button, a.button, input:not([type=hidden]), select, textarea, summary'))
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => { const r = el.getBoundingClientRect();
    return { control: el.outerHTML.slice(0, 120), width: r.width, height: r.height }; })
  .filter((t) => t.width < minimum - 0.01 || t.height < minimum - 0.01)"""
# The focused element of the frame's document, with the focus indicator it is drawn with.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!document.hasFocus() || !el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  // Focus inside a control's own parts (a date field's calendar button): the browser rings it.
  const inner = !el.matches(':focus') && el.matches(':focus-within');
  return { control: el.outerHTML.slice(0, 120), inner, focusVisible: el.matches(':focus-visible'),
           outline: style.outlineStyle, outlineWidth: style.outlineWidth,
           shadow: style.boxShadow };
}"""


def _assert_targets_and_no_overflow(tool: Any, name: str) -> None:
    assert horizontal_overflow(tool) <= 1, f"{name} scrolls sideways on a phone"
    small = tool.evaluate(_SMALL_TARGETS, MIN_TARGET_PX)
    assert not small, f"targets under {MIN_TARGET_PX}x{MIN_TARGET_PX} px on {name}: {small}"


def _focus_start_of_frame(tool: Any) -> None:
    """Put keyboard focus at the start of the frame's document, as a fresh page load does."""
    tool.evaluate(
        "() => { if (document.activeElement) { document.activeElement.blur(); } window.focus(); }"
    )


def _assert_skip_link_and_focus_rings(tool: Any, name: str) -> int:
    """Tab from the top of the frame: skip link first, then every stop shows its focus ring."""
    keyboard = tool.page.keyboard
    _focus_start_of_frame(tool)
    keyboard.press("Tab")
    skip = tool.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    keyboard.press("Enter")
    expect(tool.locator("main#main")).to_be_focused()
    stops = 0
    for _ in range(80):
        keyboard.press("Tab")
        focused = tool.evaluate(_FOCUSED)
        if focused is None:  # focus has left the frame: every stop was checked
            break
        stops += 1
        if focused["inner"]:
            continue
        assert focused["focusVisible"], f"{focused['control']} on {name} is not :focus-visible"
        ring = focused["outline"] != "none" and focused["outlineWidth"] != "0px"
        assert ring or focused["shadow"] != "none", f"no focus indicator on {name}: {focused}"
        if stops == 1:  # the first stop after the skip link is inside main
            assert tool.evaluate(
                "() => document.querySelector('main').contains(document.activeElement)"
            )
    return stops


def test_learner_pages_fit_a_phone_and_have_large_enough_targets(phone_page, live_server) -> None:
    tool = launch(phone_page, live_server, PHONE_USER)
    pages = [
        ("", "the pathway"),
        (f"modules/{MODULE}", "the module page"),
        (f"activities/{learn_readings()[0]['id']}", "a reading"),
        (f"activities/{CHECK}", "the knowledge check"),
        ("project", "the project page"),
    ]
    for path, name in pages:
        open_page(tool, path)
        _assert_targets_and_no_overflow(tool, name)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    _assert_targets_and_no_overflow(tool, "the aim worksheet")


def test_keyboard_focus_is_visible_and_the_skip_link_works_in_the_frame(page, live_server) -> None:
    tool = launch(page, live_server, KEYBOARD_USER)
    open_page(tool, f"activities/{CHECK}")
    stops = _assert_skip_link_and_focus_rings(tool, "the knowledge check")
    assert stops > sum(len(q["options"]) for q in check_questions()) // 2
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    assert _assert_skip_link_and_focus_rings(tool, "the aim worksheet") > 10


def test_autosave_keeps_the_draft_in_the_browser_when_the_session_has_ended(
    page, live_server
) -> None:
    tool = launch(page, live_server, OFFLINE_USER)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")

    def session_expired(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        route.fulfill(status=403, content_type="application/json", body='{"error": "forbidden"}')

    page.route("**/worksheet", session_expired)
    problem = tool.get_by_label("What is the problem?")
    problem.fill("Typed while the session had ended.")
    expect(tool.locator(".autosave-status")).to_contain_text("Your draft is kept in this browser")
    page.unroute("**/worksheet", session_expired)

    open_page(tool, f"activities/{WORKSHEET}")  # the learner comes back
    expect(problem).to_have_value("")
    restore = tool.get_by_role("button", name="Restore my unsaved draft")
    expect(restore).to_be_visible()
    assert_accessible(tool, "the worksheet offering an unsaved draft back")
    restore.click()
    expect(problem).to_have_value("Typed while the session had ended.")
    expect(tool.locator(".autosave-status")).to_contain_text("Draft restored")
    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(tool.locator(".notice-success")).to_be_visible()
    expect(problem).to_have_value("Typed while the session had ended.")
    expect(restore).to_have_count(0)
