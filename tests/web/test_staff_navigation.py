"""Each role lands on its own work and sees only header links it may follow.

A launch from a link to the whole pathway opens learners on their pathway, mentors (and
teaching assistants) on the review queue, designers on class progress and administrators on
the CPD report. Every link in the header of the landing page then opens (200) for that person.
"""

import re
from urllib.parse import urljoin

import pytest

from journeys import csrf
from launching import LaunchDriver

LANDINGS = {
    "learner-aisha": "",
    "mentor-dan": "mentoring/",
    "ta-erin": "mentoring/",
    "designer-fatima": "designer/",
    "admin-grace": "admin/",
}
HEADER = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def launcher(launcher: LaunchDriver) -> LaunchDriver:
    """The sandbox with its course link set up (by a designer) to open the whole pathway."""
    designer = launcher.launch(sub="designer-fatima")
    token = csrf(designer, "links/this")
    form = {"csrf_token": token, "target": "pathway", "maximum": "100"}
    assert designer.client.post(designer.url("links/this"), data=form).status_code == 303
    return launcher


def header_links(page: str) -> list[str]:
    found = HEADER.search(page)
    assert found, "the page has no tool navigation"
    return HREF.findall(found.group(1))


@pytest.mark.parametrize(("sub", "landing"), LANDINGS.items())
def test_each_role_lands_on_its_own_work(launcher: LaunchDriver, sub: str, landing: str) -> None:
    launched = launcher.launch(sub=sub)
    assert launched.landing_url == launched.url(landing)


@pytest.mark.parametrize("sub", LANDINGS)
def test_every_header_link_opens_for_the_person_who_sees_it(
    launcher: LaunchDriver, sub: str
) -> None:
    launched = launcher.launch(sub=sub)
    page = launched.client.get(launched.landing_url)
    assert page.status_code == 200
    links = header_links(page.get_data(as_text=True))
    assert links
    for href in links:
        assert launched.client.get(urljoin(launched.base_url, href)).status_code == 200, (sub, href)


def test_staff_on_no_team_see_no_measures_link(launcher: LaunchDriver) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    links = header_links(mentor.get("mentoring/").get_data(as_text=True))
    assert f"/s/{mentor.token}/measures" not in links
    assert f"/s/{mentor.token}/project" in links  # where staff join a team
