"""Deep linking, link set-up and administrators' pages in headless Chromium (axe, phones).

The deep-linking test is the designer's whole round trip in a browser: the sandbox sends a
signed LtiDeepLinkingRequest, the designer picks a module in lti-qi's picker, and the signed
response is posted back to the sandbox, which places the link (and its gradebook column).
"""

from __future__ import annotations

from browsing import (
    assert_accessible,
    expect,
    horizontal_overflow,
    launch_from_sandbox,
    open_in_session,
)


def test_a_designer_embeds_a_module_through_deep_linking(page, live_server) -> None:
    tool = launch_from_sandbox(
        page, live_server, person="designer-fatima", course="QI-101", deep_linking=True
    )
    expect(tool.get_by_role("heading", level=1)).to_contain_text("Choose what to add")
    assert_accessible(tool, "the deep-linking picker")
    item = tool.locator("li.picker-item").filter(
        has=tool.get_by_text("Choosing a project and writing an aim", exact=True)
    )
    item.get_by_role("checkbox").check()
    item.locator("summary").click()
    item.get_by_label("Link title in your course").fill("Write your aim (graded)")
    item.get_by_label("Maximum score in the gradebook").fill("10")
    tool.get_by_role("button", name="Add to course").click()
    expect(tool.get_by_role("heading", level=1)).to_contain_text("Content added to QI-101")
    expect(tool.locator("main")).to_contain_text("Write your aim (graded)")
    expect(tool.locator("main")).to_contain_text("graded")


def test_the_picker_fits_a_phone(phone_page, live_server) -> None:
    tool = launch_from_sandbox(
        phone_page, live_server, person="designer-fatima", course="QI-202", deep_linking=True
    )
    expect(tool.get_by_role("heading", level=1)).to_contain_text("Choose what to add")
    assert horizontal_overflow(tool) <= 1, "the picker scrolls sideways on a phone"


def test_link_set_up_and_the_links_list_are_accessible(page, live_server) -> None:
    tool = launch_from_sandbox(page, live_server, person="designer-fatima", course="QI-202")
    open_in_session(tool, "links/this?first=1")
    expect(tool.get_by_role("heading", level=1)).to_have_text("Set up this link")
    expect(tool.get_by_role("radio", name="The whole pathway")).to_have_count(1)
    assert_accessible(tool, "first-launch link set-up")
    open_in_session(tool, "links/")
    expect(tool.get_by_role("table", name="Links in this course")).to_have_count(1)
    assert_accessible(tool, "the LMS links list")


def test_administrators_pages_are_accessible_and_fit_a_phone(page, phone_page, live_server) -> None:
    for browser_page, name in ((page, "desktop"), (phone_page, "phone")):
        tool = launch_from_sandbox(browser_page, live_server, person="admin-grace", course="QI-202")
        for path, title in (("admin/", "CPD report"), ("admin/passback", "Grade passback")):
            open_in_session(tool, path)
            expect(tool.get_by_role("heading", level=1)).to_have_text(title)
            if name == "desktop":
                assert_accessible(tool, f"the {title} page")
            else:
                assert horizontal_overflow(tool) <= 1, f"{title} scrolls sideways on a phone"
