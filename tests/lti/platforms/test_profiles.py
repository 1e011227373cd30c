"""Each LMS family's quirks are found through its profile, by product family code."""

import pytest

from lti_qi.lti import platforms
from lti_qi.lti.platforms import canvas, generic, openedx


@pytest.mark.parametrize("code", ["openedx", "Open edX", "edx", "open-edx"])
def test_open_edx_grades_one_column_per_link(code: str) -> None:
    profile = platforms.profile_for(code)
    assert profile is openedx.PROFILE
    assert profile.grades_one_column_per_link


@pytest.mark.parametrize("code", ["canvas", "moodle", "Brightspace", "d2l"])
def test_other_lmss_grade_every_column(code: str) -> None:
    profile = platforms.profile_for(code)
    assert profile is not generic.PROFILE
    assert not profile.grades_one_column_per_link


@pytest.mark.parametrize("code", ["", "lti-qi-sandbox", "sakai"])
def test_unknown_lmss_get_the_generic_profile(code: str) -> None:
    assert platforms.profile_for(code) is generic.PROFILE


def test_canvas_cloud_serves_its_configuration_from_its_sso_hosts() -> None:
    assert canvas.PROFILE.configuration_hosts
    assert platforms.hosts_serving("canvas.instructure.com") >= {
        "canvas.instructure.com",
        "sso.canvaslms.com",
    }
    assert platforms.hosts_serving("lms.example.org") == {"lms.example.org"}
