"""Aisha launched into QI-101, the knowledge check's answers, and reads in a fresh app context."""

import pytest
from flask import Flask

from lti_qi.transaction import unit_of_work

from journeys import correct_answers
from launching import LaunchDriver, Launched


@pytest.fixture
def correct(app: Flask) -> dict[str, list[str]]:
    """The right answers to module 1's knowledge check."""
    return correct_answers(app)


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="learner-aisha")


@pytest.fixture
def database(app: Flask):
    """Run DB reads in a fresh app context (requests must not share the test's ``g``)."""

    def run(work):
        with app.app_context(), unit_of_work():
            return work()

    return run
