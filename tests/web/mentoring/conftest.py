"""A stage submitted for sign-off, as the mentoring tests start from."""

import pytest
from flask import Flask

from journeys import correct_answers, submit_aim_stage
from launching import LaunchDriver, Launched


@pytest.fixture
def submitted(launcher: LaunchDriver, app: Flask) -> Launched:
    """Aisha (QI-101) has submitted module 1's apply stage for sign-off."""
    aisha = launcher.launch(sub="learner-aisha")
    submit_aim_stage(aisha, correct_answers(app))
    return aisha
