"""Measure pages in headless Chromium, on a desktop and on a phone.

A learner launches from the sandbox LMS, pastes a measure's data into the paste form (a run
chart) and chooses an XmR chart for a second measure in the settings form. Then, at each
viewport: the measures list, the run chart's page, the control chart's page with its data
table open, and the paste and CSV forms pass axe-core with no violation at all; the keyboard
reaches every control in reading order with a visible focus ring; each chart is an image named
by its title and described by its findings, with the data table as its alternative; and no page
scrolls sideways on a phone.

The measures plan is written into the live server's database (module 4 of the pathway opens
only after three sign-offs); everything else goes through the pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lti_qi import create_app
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Context, Project, User, Worksheet
from lti_qi.transaction import unit_of_work

from browsing import expect, horizontal_overflow, launch_from_sandbox

LEARNER = ("learner-anonymous", "QI-101")  # nobody else's browser test uses this pair
RUN_CHART, CONTROL_CHART = "Minutes to first dose", "Door to needle time"
PLAN = {
    "measures": [
        {"name": RUN_CHART, "type": "outcome"},
        {"name": CONTROL_CHART, "type": "process"},
    ]
}
SHIFT = [5, 6, 4, 7, 5, 6, 5, 4, 6, 5, 9, 10, 11, 9, 10, 12, 11, 10, 9, 11]
ROWS = "\n".join(f"2026-01-{day:02d}\t{value}" for day, value in enumerate(SHIFT, start=1))
_SESSION_ROOT = re.compile(r"^https?://[^/]+/s/[^/]+/")
# The focused element and where it sits: document order is checked against the previous stop.
_FOCUSED = """(previous) => {
  const el = document.activeElement;
  if (!document.hasFocus() || !el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  const after = !window.__lastStop || !!(window.__lastStop.compareDocumentPosition(el)
    & Node.DOCUMENT_POSITION_FOLLOWING);
  window.__lastStop = el;
  return { control: el.outerHTML.slice(0, 100), after, focusVisible: el.matches(':focus-visible'),
           ring: (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')
                 || style.boxShadow !== 'none',
           inMain: document.querySelector('main').contains(el) };
}"""
_POSITIVE_TABINDEX = """() => Array.from(document.querySelectorAll('[tabindex]'))
  .filter((el) => el.tabIndex > 0).length"""


def _give_measures_plan(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Save a measures plan for the learner's project in the live server's database, once."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("browser-instance*/browser.sqlite3"))
    assert found, "the live server's database was not found (see tests/browser/conftest.py)"
    app = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{found[-1]}",
            "instance_path": str(found[-1].parent),
        }
    )
    with app.app_context(), unit_of_work():
        project = db.session.scalar(
            select(Project.id)
            .join(User, User.id == Project.created_by)
            .join(Context, Context.id == Project.context_id)
            .where(User.sub == LEARNER[0], Context.label == LEARNER[1])
        )
        assert project, "the learner has no project yet"
        plan = select(Worksheet.id).where(
            Worksheet.project_id == project, Worksheet.kind == WorksheetKind.MEASURES_PLAN
        )
        if db.session.scalar(plan) is None:
            kind = WorksheetKind.MEASURES_PLAN
            db.session.add(Worksheet(project_id=project, kind=kind, version=1, data=PLAN))
            db.session.commit()
        db.engine.dispose()


def _open(tool: Any, path: str) -> None:
    root = _SESSION_ROOT.match(tool.url)
    assert root, tool.url
    response = tool.goto(root.group(0) + path)
    assert response is not None
    assert response.ok, f"GET {path} answered {response.status}"


def _open_measure(tool: Any, name: str) -> None:
    _open(tool, "measures")
    with tool.expect_navigation():
        tool.get_by_role("link", name=name).click()
    expect(tool.get_by_role("heading", level=1)).to_have_text(name)


def _enter_data(tool: Any) -> None:
    """Paste the run chart's rows; make the second measure an XmR chart and paste its rows."""
    _open_measure(tool, RUN_CHART)
    if tool.get_by_role("img", name=re.compile(RUN_CHART)).count() == 0:
        _paste(tool)
    _open_measure(tool, CONTROL_CHART)
    if tool.get_by_role("img", name=re.compile(CONTROL_CHART)).count() == 0:
        tool.get_by_label("Chart", exact=True).select_option("xmr")
        with tool.expect_navigation():
            tool.get_by_role("button", name="Save chart settings").click()
        _paste(tool)


def _paste(tool: Any) -> None:
    tool.get_by_label(re.compile("^Rows to add")).fill(ROWS)
    with tool.expect_navigation():
        tool.get_by_role("button", name="Add pasted rows").click()
    expect(tool.locator(".flash, [role=status]").first).to_contain_text("20 pasted rows added")


def _ready(page: Any, live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tool = launch_from_sandbox(page, live_server, person=LEARNER[0], course=LEARNER[1])
    _open(tool, "measures")  # makes the learner's project
    _give_measures_plan(tmp_path_factory)
    _enter_data(tool)
    return tool


def _no_violations(tool: Any, name: str) -> None:
    """axe-core on the tool's document: no violation of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tool, options={"resultTypes": ["violations"], "iframes": False})
    found = [
        f"[{v['impact']}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert not found, f"axe-core on {name}:\n" + "\n".join(found)


def _assert_focus_order(tool: Any, name: str) -> list[str]:
    """Tab through the page: skip link, then main, every stop after the last and ringed."""
    assert tool.evaluate(_POSITIVE_TABINDEX) == 0, f"a positive tabindex reorders {name}"
    keyboard = tool.page.keyboard
    tool.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); "
        "window.__lastStop = null; window.focus(); }"
    )
    keyboard.press("Tab")
    expect(tool.get_by_role("link", name="Skip to main content")).to_be_focused()
    keyboard.press("Enter")
    expect(tool.locator("main#main")).to_be_focused()
    tool.evaluate("() => { window.__lastStop = document.querySelector('main'); }")
    stops: list[str] = []
    for _ in range(400):
        keyboard.press("Tab")
        focused = tool.evaluate(_FOCUSED, None)
        if focused is None or not focused["inMain"]:
            break
        stops.append(focused["control"])
        assert focused["after"], f"focus went back up the page on {name}: {focused['control']}"
        assert focused["focusVisible"], f"{focused['control']} on {name} is not :focus-visible"
        assert focused["ring"], f"no focus ring on {name}: {focused}"
    assert stops, f"nothing in the main part of {name} takes keyboard focus"
    return stops


def _assert_chart_alternative(tool: Any, name: str) -> None:
    """The chart is an image named by its title and described by its findings, with a table."""
    chart = tool.get_by_role("img", name=re.compile(f"^{name}"))
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(re.compile(r"(signal|random variation)"))
    summary = tool.locator("details.chart-table summary")
    expect(summary).to_have_text("The chart's data as a table")
    summary.click()
    table = tool.get_by_role("table", name=re.compile(f"^{name}: each point"))
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(21)


def _check_pages(tool: Any, viewport: str) -> None:
    _open(tool, "measures")
    _no_violations(tool, f"the measures list ({viewport})")
    stops = _assert_focus_order(tool, "the measures list")
    assert any(RUN_CHART in stop for stop in stops)
    for name in (RUN_CHART, CONTROL_CHART):
        _open_measure(tool, name)
        _no_violations(tool, f"the {name} page ({viewport})")
        stops = _assert_focus_order(tool, f"the {name} page")
        assert any("chart.svg" in stop for stop in stops), "the SVG download is not reachable"
        assert any('name="pasted"' in stop for stop in stops), "the paste form is not reachable"
        assert any('name="csv_file"' in stop for stop in stops), "the CSV form is not reachable"
        _assert_chart_alternative(tool, name)  # opens the data table
        _no_violations(tool, f"the {name} page with its data table open ({viewport})")
    expect(tool.get_by_role("columnheader", name="Upper limit")).to_have_count(1)
    _open(tool, "measures/write-up")
    expect(tool.get_by_role("img", name=re.compile("^Figure [12]. "))).to_have_count(2)
    _no_violations(tool, f"the charts for the write-up ({viewport})")


def test_measure_pages_pass_axe_and_the_keyboard_on_a_desktop(
    page, live_server, tmp_path_factory
) -> None:
    tool = _ready(page, live_server, tmp_path_factory)
    _check_pages(tool, "desktop")


def test_measure_pages_pass_axe_and_the_keyboard_on_a_phone(
    phone_page, live_server, tmp_path_factory
) -> None:
    tool = _ready(phone_page, live_server, tmp_path_factory)
    _check_pages(tool, "phone")
    for path in ("measures", "measures/write-up"):
        _open(tool, path)
        assert horizontal_overflow(tool) <= 1, f"{path} scrolls sideways on a phone"
    for name in (RUN_CHART, CONTROL_CHART):
        _open_measure(tool, name)
        assert horizontal_overflow(tool) <= 1, f"the {name} page scrolls sideways on a phone"


def test_a_date_typed_as_a_phase_start_comes_back_in_view_as_typed(
    page, live_server, tmp_path_factory
) -> None:
    tool = _ready(page, live_server, tmp_path_factory)
    _open_measure(tool, RUN_CHART)
    phases = tool.get_by_label(re.compile("^New phases start at points"))
    phases.fill("12/03/2026")
    with tool.expect_navigation():
        tool.get_by_role("button", name="Save chart settings").click()

    summary = tool.get_by_role("alert")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("point numbers of 2 or more")
    expect(phases).to_have_value("12/03/2026")
    expect(tool.get_by_role("navigation", name="lti-qi")).to_be_visible()
    _no_violations(tool, "the chart settings refused")
    summary.get_by_role("link").first.click()
    expect(phases).to_be_focused()
