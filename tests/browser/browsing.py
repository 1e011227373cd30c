"""Browser test helpers: launch lti-qi from the sandbox LMS, and check pages with axe-core.

Imported as ``from browsing import ...`` (pytest's ``pythonpath`` holds ``tests``; this folder
is added by ``tests/browser/conftest.py``). Playwright is imported lazily so that collecting
the suite never needs it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Locator, LocatorAssertions, Page

TOOL_FRAME = "tool-frame"
FAILING_IMPACTS = frozenset({"serious", "critical"})
# Each frame is checked on its own (``iframes: False``): axe would otherwise wait for an answer
# from frames it was not injected into, and a failure names the document it was found in.
AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"], "iframes": False}
# A launch session's pages live under /s/<token>/ (lti_qi/web/access.py).
LANDING_PATH = re.compile(r"^/s/[^/]+/")
# Polled in the sandbox page, so it survives the frame's navigations (login, storage, auth,
# launch). The sandbox and the tool share an origin here, so the frame's document is readable.
_TOOL_SETTLED = r"""(name) => {
  const frame = document.querySelector(`iframe[name="${name}"]`);
  const doc = frame && frame.contentDocument;
  if (!doc || doc.readyState !== "complete") { return false; }
  const inSession = /^\/s\/[^/]+\//.test(doc.location.pathname);
  return inSession || doc.querySelector(".error-page") !== null;
}"""


_SESSION_ROOT = re.compile(r"^https?://[^/]+/s/[^/]+/")


def expect(locator: Locator) -> LocatorAssertions:
    """Playwright's ``expect``, imported when used (collection never needs Playwright)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def launch_from_sandbox(
    page: Page,
    base_url: str,
    *,
    person: str = "learner-aisha",
    course: str = "QI-101",
    storage: bool = True,
    case: str = "",
    deep_linking: bool = False,
    until_landed: bool = True,
) -> Frame:
    """Launch lti-qi from the sandbox LMS page and return the tool's frame once it has loaded.

    Fills the course's form on ``/sandbox/`` as a person would (by the fields' labels), submits
    it, and waits until the framed tool has loaded a page of its launch session (under
    ``/s/<token>/``) or an error page: whichever it is, the caller asserts on it.

    Args:
        page: a page of a fresh browser context.
        base_url: the live server's origin.
        person: who launches (``sub`` of someone enrolled in ``course``).
        course: the course's LTI id (``QI-101`` or ``QI-202``).
        storage: offer LTI platform storage (``lti_storage_target=_parent``).
        case: a certification case slug from the sandbox form ("" for a normal launch).
        deep_linking: send a deep linking request instead of a resource link launch.
        until_landed: wait for the landing or error page; False returns the frame as soon as
            the sandbox's launch page has loaded (the caller waits for what it expects).

    Returns:
        The ``tool-frame`` frame, showing the tool's landing or error page.
    """
    page.goto(f"{base_url}/sandbox/")
    form = page.locator("form").filter(has=page.locator(f'input[name="course"][value="{course}"]'))
    form.get_by_label("Launch as").select_option(person)
    form.get_by_label("Offer LTI platform storage").set_checked(storage)
    if case:
        form.get_by_label("LTI certification case").select_option(case)
    if deep_linking:
        form.get_by_label("Deep linking").check()
    with page.expect_navigation(url=f"{base_url}/sandbox/launch"):
        form.get_by_role("button", name="Launch lti-qi").click()
    frame = page.frame(name=TOOL_FRAME)
    assert frame is not None, "the sandbox launch page has no tool-frame"
    if until_landed:
        page.wait_for_function(_TOOL_SETTLED, arg=TOOL_FRAME)
    return frame


def assert_accessible(target: Page | Frame, name: str) -> None:
    """Run axe-core on a page and every frame in it (or on one frame); fail on serious issues.

    Every violation is printed (id, impact, help, target nodes); those with impact "serious"
    or "critical" fail the test.

    Args:
        target: a Page (its document and each loaded frame's document) or a single Frame.
        name: what is being checked, for the report ("sandbox page", "tool landing page").
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe-core ships inside the package (axe.min.js): nothing is fetched
    report: list[str] = []
    failing = 0
    for frame in _documents(target):
        # Axe.run only calls ``evaluate`` on what it is given, which a Frame has too: it
        # injects axe-core into that frame's document and runs ``axe.run()`` there.
        results = axe.run(frame, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            failing += violation["impact"] in FAILING_IMPACTS
            report.append(_describe(violation, frame.url))
    if report:
        print(f"axe-core on {name}:\n" + "\n".join(report))
    assert not failing, f"{failing} serious or critical accessibility violation(s) on {name}:\n" + (
        "\n".join(report)
    )


def open_in_session(tool: Frame, path: str) -> None:
    """Open a page of the tool's launch session in its frame, and check it answered 2xx."""
    root = _SESSION_ROOT.match(tool.url)
    assert root, tool.url
    response = tool.goto(root.group(0) + path)
    assert response is not None
    assert response.ok, f"GET {path} answered {response.status}"


def assert_landed(tool: Frame, course_title: str) -> None:
    """Assert that the framed tool shows a page of a new launch session in ``course_title``."""
    path = urlsplit(tool.url).path
    assert LANDING_PATH.match(path), f"the tool is at {tool.url}, not in a launch session"
    expect(tool.locator(".error-page")).to_have_count(0)
    expect(tool.locator("main")).to_contain_text(course_title)


def horizontal_overflow(target: Page | Frame) -> int:
    """Return how many CSS pixels the document is wider than its viewport (0: no scrolling)."""
    overflow: int = target.evaluate(
        "() => { const s = document.scrollingElement; return s.scrollWidth - s.clientWidth; }"
    )
    return overflow


def _documents(target: Page | Frame) -> list[Frame]:
    root = target.main_frame if hasattr(target, "main_frame") else target
    frames = [root]
    for frame in root.child_frames:
        if frame.url not in ("", "about:blank"):
            frames.extend(_documents(frame))
    return frames


def _describe(violation: dict[str, Any], url: str) -> str:
    nodes = "\n".join(
        f"      {' > '.join(map(str, node['target']))}: {node['html'][:160]}"
        for node in violation["nodes"]
    )
    return (
        f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({url})\n"
        f"      {violation['helpUrl']}\n{nodes}"
    )
