"""lti-qi launched from the sandbox LMS in headless Chromium, every page checked with axe-core.

These run the page scripts the other suites cannot: the auto-submitting form posts, LTI
platform storage between the framed tool and the sandbox page, and dynamic registration's
closing message.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from browsing import (
    assert_accessible,
    assert_landed,
    expect,
    horizontal_overflow,
    launch_from_sandbox,
)

# The landing page (home, becoming the pathway page) names the course the launch came from.
QI_101 = "Improving care on the ward"

FORGETFUL_STORAGE = """
window.addEventListener("message", function (event) {
  var data = event.data || {};
  if (typeof data.subject !== "string") { return; }
  var reply = { subject: data.subject + ".response", message_id: data.message_id, key: data.key };
  event.source.postMessage(reply, event.origin);
});
"""


def _record(page: Any, kind: str, path: str) -> list[Any]:
    """Collect the page's requests or responses (``kind``) whose URL path ends with ``path``."""
    seen: list[Any] = []
    page.on(kind, lambda item: seen.append(item) if item.url.split("?")[0].endswith(path) else None)
    return seen


def _without_cookies(route: Any) -> None:
    """Send the request with no cookies, as a browser blocking them in the LMS frame would.

    Chromium attaches the jar's cookies after interception, so dropping the Cookie header in
    ``route.continue_()`` has no effect: empty the jar instead, just before the request.
    """
    route.request.frame.page.context.clear_cookies()
    route.continue_()


def test_sandbox_page_passes_axe(page, live_server) -> None:
    page.goto(f"{live_server}/sandbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Launch lti-qi from the sandbox LMS")
    assert_accessible(page, "sandbox LMS page")


def test_learner_launch_with_platform_storage_lands_in_the_frame(page, live_server) -> None:
    logins = _record(page, "response", "/lti/login")
    tool = launch_from_sandbox(page, live_server, storage=True)
    assert_landed(tool, QI_101)
    # With lti_storage_target the login answers with the storage page, not a redirect.
    assert [response.status for response in logins] == [200]
    assert_accessible(page, "sandbox launch page with lti-qi's landing page in its frame")


def test_learner_launch_without_platform_storage_uses_the_state_cookie(page, live_server) -> None:
    logins = _record(page, "response", "/lti/login")
    tool = launch_from_sandbox(page, live_server, storage=False)
    assert_landed(tool, QI_101)
    assert [response.status for response in logins] == [302]
    assert_accessible(page, "sandbox launch page (cookie path) with lti-qi in its frame")


def test_launch_without_cookies_completes_through_platform_storage(page, live_server) -> None:
    page.context.route("**/lti/launch", _without_cookies)
    posts = _record(page, "request", "/lti/launch")
    tool = launch_from_sandbox(page, live_server, storage=True)
    assert_landed(tool, QI_101)
    # First the id_token alone (answered with the storage check page), then the id_token
    # again with the verifier the page read back from the sandbox's storage.
    assert len(posts) == 2, [post.post_data for post in posts]
    assert "lti_storage_verifier" not in (posts[0].post_data or "")
    assert re.search(r"lti_storage_verifier=[\w-]{20,}", posts[1].post_data or "")


def test_launch_without_cookies_or_platform_storage_says_what_to_do(page, live_server) -> None:
    # An LMS whose storage frame answers every message but keeps nothing (as after a reload).
    page.context.route(
        "**/static/js/sandbox-storage.js",
        lambda route: route.fulfill(body=FORGETFUL_STORAGE, content_type="text/javascript"),
    )
    page.context.route("**/lti/launch", _without_cookies)
    tool = launch_from_sandbox(page, live_server, storage=True, until_landed=False)
    failed = tool.locator("#platform-storage-failed")
    expect(failed).to_be_visible()
    expect(failed).to_contain_text("launch lti-qi again")
    assert_accessible(tool, "lti-qi's platform storage failure page")


def test_bad_certification_case_shows_the_error_page_in_the_frame(page, live_server) -> None:
    tool = launch_from_sandbox(page, live_server, case="alg-none")
    error = tool.locator(".error-page")
    expect(error).to_be_visible()
    expect(error).to_contain_text("What to do next")
    expect(error).to_contain_text("signature")
    assert_accessible(tool, "lti-qi's launch error page")


def test_dynamic_registration_from_the_sandbox_completes(page, live_server, live_app) -> None:
    invited = live_app.test_cli_runner().invoke(args=["platform", "invite"])
    assert invited.exit_code == 0, invited.output
    registrations = _record(page, "response", "/lti/register")
    page.goto(f"{live_server}/sandbox/register-tool")
    assert_accessible(page, "sandbox dynamic registration page")
    expect(page.get_by_label("Tool registration URL")).to_have_value(f"{live_server}/lti/register")
    page.get_by_label("Tool registration URL").fill(invited.output.splitlines()[0])
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#registration-status")).to_have_text(re.compile(r"^Registration complete"))
    expect(page.locator("iframe[data-registration-frame]")).to_have_count(0)
    assert [response.status for response in registrations] == [200]


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server) -> None:
    page.goto(f"{live_server}/sandbox/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_phone_viewport_has_no_horizontal_scrolling(phone_page, live_server) -> None:
    phone_page.goto(f"{live_server}/sandbox/")
    assert horizontal_overflow(phone_page) <= 1, "the sandbox page scrolls sideways"
    tool = launch_from_sandbox(phone_page, live_server)
    assert_landed(tool, QI_101)
    assert horizontal_overflow(phone_page) <= 1, "the sandbox launch page scrolls sideways"
    assert horizontal_overflow(tool) <= 1, "lti-qi's landing page scrolls sideways"


def test_axe_check_fails_on_a_serious_violation_inside_a_frame(page) -> None:
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Probe</title></head><body><main>'
        '<iframe title="inner" srcdoc="<!doctype html><html lang=en><title>Inner</title>'
        '<main><input type=text></main>"></iframe></main></body></html>'
    )
    inner = page.frame_locator("iframe").locator("input")
    expect(inner).to_be_attached()
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "a page with an unlabelled field in a frame")
    report = str(failure.value)
    assert "[critical] label" in report
    assert "about:srcdoc" in report
    assert "input" in report
