"""The LTI Advantage certification guide's core launch cases (section 6.1), end to end.

Every bad payload is signed (or mis-signed) by the sandbox LMS and posted by the browser,
exactly as the certification suite would, and must get a clear 4xx page naming the check.
Every valid variant must land in lti-qi.
"""

import pytest

from lti_qi.sandbox.cases import BAD_CASES, VALID_CASES, LaunchCase

from launching import LaunchDriver


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda case: case.slug)
def test_bad_payload_is_refused_with_a_clear_message(
    launcher: LaunchDriver, case: LaunchCase
) -> None:
    launched = launcher.launch(case=case.slug)
    page = launched.response.get_data(as_text=True)
    assert 400 <= launched.response.status_code < 500, page[:400]
    assert f"<code>{case.expected_check}</code>" in page
    assert "What to do next" in page


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda case: case.slug)
def test_valid_variant_is_accepted(launcher: LaunchDriver, case: LaunchCase) -> None:
    launched = launcher.launch(case=case.slug)
    landing = launched.client.get(launched.landing_url)
    assert landing.status_code == 200, landing.get_data(as_text=True)[:400]
    page = landing.get_data(as_text=True)
    # Learners land on their pathway; designers on an unset link are asked what it opens.
    assert "Welcome" in page or "Set up this link" in page
